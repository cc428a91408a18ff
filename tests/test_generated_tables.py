"""The tables the docs generate from the code (scripts/update_tables.py) are what the code gives
now: the README's knobs, model.md's assumptions, architecture.md's mechanisms."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("update_tables", ROOT / "scripts" / "update_tables.py")
tables = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tables)


@pytest.mark.parametrize("path, name", [(path, name) for path, writers in tables.TABLES.items()
                                        for name in writers], ids=lambda x: getattr(x, "name", x))
def test_a_generated_table_is_what_the_code_writes(path, name):
    shown = tables.tables(path.read_text())
    assert name in shown, f"{path.name} has no `<!-- table: {name} -->` block"
    assert shown[name] == tables.TABLES[path][name](), (
        f"{path.name}'s table '{name}' is stale: run `.venv/bin/python scripts/update_tables.py` "
        f"and commit {path.name}")


def test_a_stale_table_is_rewritten_and_the_rest_kept():
    text = "a\n<!-- table: t -->\nold\n<!-- /table -->\nb\n"
    assert tables.tables(text) == {"t": "old\n"}
    assert tables.with_tables(text, {"t": lambda: "new\n"}) == text.replace("old", "new")
