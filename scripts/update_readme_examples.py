"""Rewrite the printed examples in README.md and docs/calibration.md with what the code prints now.

An example is a fenced block between `<!-- example: NAME -->` and `<!-- /example -->`; EXAMPLES
gives the commands that print it. They run in a fresh process each (`python -m <module>`, from
this checkout), one after another in one temporary folder (a copy of the sample chat export is in
it), so the paths they print are relative; a run's results folder is shown as
`outputs/<date>/<time>` (the default folder). An example of several commands shows each command
as `$ <command>` before what it prints. Progress (stderr), log lines and trailing spaces are
left out.

    .venv/bin/python scripts/update_readme_examples.py           # rewrite the examples
    .venv/bin/python scripts/update_readme_examples.py --check   # exit 1 if any is stale

tests/test_readme.py runs the same commands and fails when a document differs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCUMENTS = (README, ROOT / "docs" / "calibration.md")
SAMPLE = "examples/chats/synthetic_whatsapp.txt"
PROGRAMS = {"copsim": "simulation", "copsim-import": "simulation.chats.cli",
            "copsim-observe": "simulation.observe", "copsim-calibrate": "simulation.calibration.cli"}
OUT = "{out}"  # in a command: the run's results folder, shown as SHOWN_DIR

# Example name (as in the document's marker) -> the commands that print it. `make run` is
# `copsim experiment=tanzania_comparison` (Makefile).
EXAMPLES = {
    "make run": [["copsim", "experiment=tanzania_comparison", f"hydra.run.dir={OUT}"]],
    "your own groups": [["copsim-import", SAMPLE, "--out", "imports/sample"],
                        ["copsim-observe", "imports/sample"]],
    "calibrate": [["copsim-import", SAMPLE, "--out", "imports/sample"],
                  ["copsim-calibrate", "imports/sample", "--compare",
                   "policy.moderator.mode=rotating"]],
}

BLOCK = re.compile(r"(<!-- example: (?P<name>[^>]+?) -->\n)(?P<body>.*?)(<!-- /example -->)", re.S)
LOG_LINE = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\]\[")  # Hydra's job logging
SHOWN_DIR = "outputs/<date>/<time>"


def example_output(name: str) -> str:
    """What the commands of EXAMPLES[name] print on stdout, as the document shows it."""
    commands = EXAMPLES[name]
    printed = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        (Path(tmp) / SAMPLE).parent.mkdir(parents=True)
        shutil.copy(ROOT / SAMPLE, Path(tmp) / SAMPLE)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        for program, *args in commands:
            args = [a.replace(OUT, str(out)) for a in args]
            done = subprocess.run([sys.executable, "-m", PROGRAMS[program], *args],
                                  cwd=tmp, env=env, capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                raise RuntimeError(f"{program} {' '.join(args)} failed:\n{done.stderr}")
            shown = done.stdout.replace(str(out.resolve()), SHOWN_DIR).replace(str(out), SHOWN_DIR)
            if len(commands) > 1:
                printed.append(f"$ {program} {' '.join(args)}")
            printed += [line.rstrip() for line in shown.splitlines() if not LOG_LINE.match(line)]
    return "\n".join(printed).strip("\n") + "\n"


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
    stale_anywhere = []
    for document in DOCUMENTS:
        text = document.read_text()
        shown = readme_examples(text)
        unknown = sorted(set(shown) - set(EXAMPLES))
        if unknown:
            sys.exit(f"{document.name}: no command for example(s) {unknown}: add them to EXAMPLES")
        outputs = {name: example_output(name) for name in shown}
        stale = [name for name in shown if shown[name] != outputs[name]]
        stale_anywhere += stale
        if not args.check:
            document.write_text(with_examples(text, outputs))
            print(f"{document.relative_to(ROOT)}: {len(stale)} of {len(shown)} example(s) "
                  "rewritten" + (f" ({', '.join(stale)})" if stale else ""))
    if args.check:
        print(f"stale: {', '.join(stale_anywhere)}" if stale_anywhere
              else "The documents' examples are up to date")
        sys.exit(1 if stale_anywhere else 0)


if __name__ == "__main__":
    main()
