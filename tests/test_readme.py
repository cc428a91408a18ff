"""README.md's printed examples are what the code prints now (scripts/update_readme_examples.py
rewrites them)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FIX = "run `.venv/bin/python scripts/update_readme_examples.py` and commit README.md"


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_readme_examples", ROOT / "scripts" / "update_readme_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


examples = _script()


def test_every_example_in_the_readme_has_a_command_and_every_command_an_example():
    shown = examples.readme_examples(README.read_text())
    assert shown, "README.md has no `<!-- example: NAME -->` block"
    assert set(shown) == set(examples.EXAMPLES)


def test_the_readme_examples_are_what_the_code_prints():
    shown = examples.readme_examples(README.read_text())
    for name in examples.EXAMPLES:
        printed = examples.example_output(name)
        assert printed.strip(), f"copsim {' '.join(examples.EXAMPLES[name])} printed nothing"
        assert shown[name] == printed, (
            f"README.md's example '{name}' is not what the code prints now: {FIX}.\n"
            f"The code prints:\n{printed}")


def test_a_stale_example_is_found_and_rewritten():
    text = ("intro\n<!-- example: demo -->\n```\nold line\n```\n<!-- /example -->\n"
            "<!-- example: other -->\n```\nkept\n```\n<!-- /example -->\nend\n")
    assert examples.readme_examples(text) == {"demo": "old line\n", "other": "kept\n"}
    rewritten = examples.with_examples(text, {"demo": "new line 1\nnew line 2\n"})
    assert examples.readme_examples(rewritten) == {"demo": "new line 1\nnew line 2\n",
                                                   "other": "kept\n"}
    assert rewritten.startswith("intro\n") and rewritten.endswith("<!-- /example -->\nend\n")
