"""Rewrite the printed examples in README.md with what the code prints now.

An example is a fenced block between `<!-- example: NAME -->` and `<!-- /example -->`; EXAMPLES
gives the `copsim` arguments that print it. Each command runs in a fresh process (`python -m
simulation`, from this checkout) with its results in a temporary folder, whose path is shown as
`outputs/<date>/<time>` (the default folder); progress (stderr), log lines and trailing spaces
are left out.

    .venv/bin/python scripts/update_readme_examples.py           # rewrite README.md's examples
    .venv/bin/python scripts/update_readme_examples.py --check   # exit 1 if any is stale

tests/test_readme.py runs the same commands and fails when the README differs.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# Example name (as in the README's marker) -> copsim arguments. `make run` is
# `copsim experiment=tanzania_comparison` (Makefile).
EXAMPLES = {
    "make run": ["experiment=tanzania_comparison"],
}

BLOCK = re.compile(r"(<!-- example: (?P<name>[^>]+?) -->\n)(?P<body>.*?)(<!-- /example -->)", re.S)
LOG_LINE = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\]\[")  # Hydra's job logging
SHOWN_DIR = "outputs/<date>/<time>"


def example_output(name: str) -> str:
    """What `copsim <EXAMPLES[name]>` prints on stdout, as the README shows it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        done = subprocess.run(
            [sys.executable, "-m", "simulation", *EXAMPLES[name], f"hydra.run.dir={out}"],
            cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"copsim {' '.join(EXAMPLES[name])} failed:\n{done.stderr}")
        shown = done.stdout.replace(str(out.resolve()), SHOWN_DIR).replace(str(out), SHOWN_DIR)
    lines = [line.rstrip() for line in shown.splitlines() if not LOG_LINE.match(line)]
    return "\n".join(lines).strip("\n") + "\n"


def readme_examples(text: str) -> dict[str, str]:
    """Example name -> the text inside its fenced block in the README."""
    examples = {}
    for match in BLOCK.finditer(text):
        body = match["body"]
        fenced = re.fullmatch(r"```\n(.*?)```\n", body, re.S)
        examples[match["name"]] = fenced[1] if fenced else body
    return examples


def with_examples(text: str, outputs: dict[str, str]) -> str:
    """The README text with each marked block replaced by its output in a fenced block."""
    return BLOCK.sub(lambda m: f"{m[1]}```\n{outputs[m['name']]}```\n{m[4]}"
                     if m["name"] in outputs else m[0], text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if an example differs from the output")
    args = parser.parse_args()
    text = README.read_text()
    shown = readme_examples(text)
    unknown = sorted(set(shown) - set(EXAMPLES))
    if unknown:
        sys.exit(f"README.md: no command for example(s) {unknown}: add them to EXAMPLES")
    outputs = {name: example_output(name) for name in shown}
    stale = [name for name in shown if shown[name] != outputs[name]]
    if args.check:
        print(f"stale: {', '.join(stale)}" if stale else "README.md's examples are up to date")
        sys.exit(1 if stale else 0)
    README.write_text(with_examples(text, outputs))
    print(f"README.md: {len(stale)} of {len(shown)} example(s) rewritten"
          + (f" ({', '.join(stale)})" if stale else ""))


if __name__ == "__main__":
    main()
