"""Rewrite the tables of the docs that are generated from the schema (simulation/config.py).

A table is the text between `<!-- table: NAME -->` and `<!-- /table -->`; TABLES gives, per
file, the function that writes each. tests/test_generated_tables.py fails when a file differs.

    .venv/bin/python scripts/update_tables.py           # rewrite the tables
    .venv/bin/python scripts/update_tables.py --check   # exit 1 if any is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's code, as the tests import it

from simulation.config import load_settings  # noqa: E402
from simulation.knobs import readme_table  # noqa: E402
from simulation.mechanisms import catalogue  # noqa: E402
from simulation.parameters import assumptions_table  # noqa: E402


def mechanism_table() -> str:
    """docs/architecture.md's map of the mechanisms, from their docstrings."""
    lines = ["| module | what it models | evidence |", "|---|---|---|"]
    lines += [f"| `{m.name}` | {m.summary} | {', '.join(m.rows) or '—'} |" for m in catalogue()]
    return "\n".join(lines) + "\n"


TABLES = {
    ROOT / "docs" / "model.md": {"behaviour": lambda: assumptions_table(load_settings([]))},
    ROOT / "README.md": {"knobs": readme_table},
    ROOT / "docs" / "architecture.md": {"mechanisms": mechanism_table},
}
BLOCK = re.compile(r"(<!-- table: (?P<name>[^>]+?) -->\n)(?P<body>.*?)(<!-- /table -->)", re.S)


def tables(text: str) -> dict[str, str]:
    return {m["name"]: m["body"] for m in BLOCK.finditer(text)}


def with_tables(text: str, writers: dict) -> str:
    return BLOCK.sub(lambda m: f"{m[1]}{writers[m['name']]()}{m[4]}", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a table is stale")
    args = parser.parse_args()
    stale = []
    for path, writers in TABLES.items():
        text = path.read_text()
        found = [f"{path.name}: {name}" for name, body in tables(text).items()
                 if body != writers[name]()]
        stale += found
        if not args.check and found:
            path.write_text(with_tables(text, writers))
    if args.check:
        print(f"stale: {', '.join(stale)}" if stale else "the generated tables are up to date")
        sys.exit(1 if stale else 0)
    print(f"{len(stale)} table(s) rewritten" + (f": {', '.join(stale)}" if stale else ""))


if __name__ == "__main__":
    main()
