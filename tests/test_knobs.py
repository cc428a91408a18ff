"""Each policy knob's label, help, evidence and values are written once, in the schema, and every
place that shows them reads them from there: `copsim --help`, the README's table and the
dashboard's controls."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from simulation.config import PolicyConfig, schema_fields
from simulation.knobs import KNOBS, readme_table

ROOT = Path(__file__).resolve().parent.parent


def test_every_policy_knob_has_a_label_help_and_evidence_row():
    keys = {f"policy.{key}" for key, _ in schema_fields(PolicyConfig)} - {"policy.name",
                                                                          "policy.phases"}
    assert {k.key for k in KNOBS} == keys
    for knob in KNOBS:
        assert knob.label and knob.help.endswith(".") and knob.evidence.startswith("E"), knob
        assert knob.kind in ("switch", "choice", "int", "share"), knob
        assert (knob.range is not None) == (knob.kind in ("int", "share")), knob


def test_copsim_help_lists_every_knob_with_its_values():
    done = subprocess.run([str(Path(sys.executable).parent / "copsim"), "--help"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line for line in done.stdout.splitlines()
             if line.strip().startswith("policy.")}
    for knob in KNOBS:
        assert knob.key in lines, f"{knob.key} missing from copsim --help"
        assert knob.label in lines[knob.key] and knob.values() in lines[knob.key]
    assert "none|fixed|rotating|facilitator" in lines["policy.moderator.mode"]


def test_the_readme_table_is_the_schema_s():
    spec = importlib.util.spec_from_file_location("tables", ROOT / "scripts" / "update_tables.py")
    tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tables)
    shown = tables.tables((ROOT / "README.md").read_text())
    assert shown["knobs"] == readme_table(), (
        "README.md's knob table is stale: run `.venv/bin/python scripts/update_tables.py` and "
        "commit README.md")


def test_the_dashboard_controls_use_the_schema_s_knobs():
    from simulation.dashboard import controls

    assert controls.KNOBS is KNOBS
