"""Rewrite the generated tables of docs/model.md from the schema (simulation/config.py).

A table is the text between `<!-- table: NAME -->` and `<!-- /table -->`; TABLES gives the
function that writes it. tests/test_parameters.py fails when docs/model.md differs.

    .venv/bin/python scripts/update_model_tables.py           # rewrite docs/model.md's tables
    .venv/bin/python scripts/update_model_tables.py --check   # exit 1 if any is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's code, as the tests import it

from simulation.config import load_settings  # noqa: E402
from simulation.parameters import assumptions_table  # noqa: E402

MODEL_MD = ROOT / "docs" / "model.md"
TABLES = {"behaviour": lambda: assumptions_table(load_settings([]))}
BLOCK = re.compile(r"(<!-- table: (?P<name>[^>]+?) -->\n)(?P<body>.*?)(<!-- /table -->)", re.S)


def tables(text: str) -> dict[str, str]:
    return {m["name"]: m["body"] for m in BLOCK.finditer(text)}


def with_tables(text: str) -> str:
    return BLOCK.sub(lambda m: f"{m[1]}{TABLES[m['name']]()}{m[4]}", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a table is stale")
    args = parser.parse_args()
    text = MODEL_MD.read_text()
    stale = [name for name, body in tables(text).items() if body != TABLES[name]()]
    if args.check:
        print(f"stale: {', '.join(stale)}" if stale else "docs/model.md's tables are up to date")
        sys.exit(1 if stale else 0)
    MODEL_MD.write_text(with_tables(text))
    print(f"docs/model.md: {len(stale)} table(s) rewritten")


if __name__ == "__main__":
    main()
