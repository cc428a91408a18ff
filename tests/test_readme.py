"""README.md stays a short, true user's document: its printed examples are what the code prints
now (scripts/update_readme_examples.py rewrites them), it keeps within 250 lines, and its
relative links point to files and headings that exist."""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MAX_LINES = 250
FIX = "run `.venv/bin/python scripts/update_readme_examples.py` and commit the documents"


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_readme_examples", ROOT / "scripts" / "update_readme_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


examples = _script()


def _shown() -> dict[str, tuple[str, str]]:
    """Example name -> (document name, the text it shows), over every document with examples."""
    return {name: (document.name, body) for document in examples.DOCUMENTS
            for name, body in examples.readme_examples(document.read_text()).items()}


def test_every_example_in_the_documents_has_a_command_and_every_command_an_example():
    assert examples.readme_examples(README.read_text()), "README.md has no example block"
    assert set(_shown()) == set(examples.EXAMPLES)


def test_the_documents_examples_are_what_the_code_prints():
    for name, (document, body) in _shown().items():
        printed = examples.example_output(name)
        assert printed.strip(), f"{examples.EXAMPLES[name]} printed nothing"
        assert body == printed, (
            f"{document}'s example '{name}' is not what the code prints now: {FIX}.\n"
            f"The code prints:\n{printed}")


def test_a_stale_example_is_found_and_rewritten():
    text = ("intro\n<!-- example: demo -->\n```\nold line\n```\n<!-- /example -->\n"
            "<!-- example: other -->\n```\nkept\n```\n<!-- /example -->\nend\n")
    assert examples.readme_examples(text) == {"demo": "old line\n", "other": "kept\n"}
    rewritten = examples.with_examples(text, {"demo": "new line 1\nnew line 2\n"})
    assert examples.readme_examples(rewritten) == {"demo": "new line 1\nnew line 2\n",
                                                   "other": "kept\n"}
    assert rewritten.startswith("intro\n") and rewritten.endswith("<!-- /example -->\nend\n")


def test_the_readme_keeps_within_250_lines():
    lines = len(README.read_text().splitlines())
    assert lines <= MAX_LINES, (f"README.md has {lines} lines (at most {MAX_LINES}): move details "
                                "to docs/ and link them")


def _anchors(markdown: str) -> set[str]:
    """GitHub's anchors for the headings of a Markdown text (outside code blocks)."""
    anchors, seen, fenced = set(), {}, False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        heading = re.match(r"#{1,6} (.+)", line)
        if heading and not fenced:
            slug = re.sub(r"[^\w\- ]", "", heading[1].strip().lower()).replace(" ", "-")
            anchors.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
            seen[slug] = seen.get(slug, 0) + 1
    return anchors


def test_anchors_follow_github_headings():
    text = "# Top\n## 9 Outputs\n```\n# not a heading\n```\n### 7.1 Membership – `a.b_c` (E6)\n## Top\n"
    assert _anchors(text) == {"top", "9-outputs", "71-membership--ab_c-e6", "top-1"}


def test_the_readme_links_point_to_existing_files_and_headings():
    text = README.read_text()
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links
    broken = []
    for link in links:
        if re.match(r"[a-z]+:", link):  # https:, mailto:
            continue
        path, _, anchor = link.partition("#")
        target = ROOT / path if path else README
        if not target.exists():
            broken.append(f"{link}: no such file")
        elif anchor and anchor not in _anchors(target.read_text()):
            broken.append(f"{link}: no heading '{anchor}' in {path or 'README.md'}")
    assert not broken, "broken links in README.md:\n" + "\n".join(broken)
