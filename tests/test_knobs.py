"""Each policy knob's label, help, evidence and values are written once, in the schema, and every
place that shows them reads them from there: `copsim --help`, the dashboard's controls and the
README's table (tests/test_generated_tables.py)."""

import subprocess
import sys
from pathlib import Path

from simulation.config import PolicyConfig, schema_fields
from simulation.knobs import KNOBS

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
    assert "none|bottom_up|fixed|rotating|facilitator" in lines["policy.moderator.mode"]


def test_the_dashboard_controls_use_the_schema_s_knobs():
    from simulation.dashboard import controls

    assert controls.KNOBS is KNOBS
