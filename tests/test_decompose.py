"""A package's effect split into its knobs' effects alone and their interaction
(simulation/decompose.py, `copsim ... decompose=true`)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from simulation import simulate
from simulation.config import ConfigError, load_settings
from simulation.decompose import components, decompose, late_weeks

COPSIM = Path(sys.executable).parent / "copsim"
SMALL = ["replicates=12", "weeks=8", "progress=false"]


def test_the_components_are_the_knobs_the_two_policies_set_differently():
    none = load_settings(["policy=none"])
    dime = load_settings(["policy=dime_recommended"])
    found = components(dime, none)
    assert {"policy.moderator.mode", "policy.kickoff", "policy.data_subsidy"} <= set(found)
    assert "policy.chatbot" not in found  # off in both
    assert components(dime, dime) == []


def test_a_package_of_one_knob_is_that_knob_alone_with_no_interaction():
    """Same teachers, one knob: the package and its only component are the same scenario, so
    their effects are equal and the interaction share is 0 exactly."""
    baseline = load_settings(["policy=none", *SMALL])
    package = load_settings(["policy=none", "policy.moderator.mode=facilitator", *SMALL])
    found = decompose(package, baseline)
    effects = found.effects.effect
    assert list(effects.index) == ["policy.moderator.mode", "sum of the components alone",
                                   "the package (none)"]
    assert effects.iloc[0] == effects.iloc[2] != 0
    # dropping the only knob from the package leaves the baseline: it loses the whole effect
    assert list(found.dropped.effect) == [effects.iloc[2]] * 2
    assert found.interaction[0] == 0
    assert found.weeks == late_weeks(8) == (7, 8)


def test_the_package_effect_is_its_components_plus_the_interaction():
    baseline = load_settings(["policy=none", *SMALL])
    package = load_settings(["policy=dime_recommended", *SMALL])
    found = decompose(package, baseline)
    rows = found.effects.effect
    parts = rows.drop(["sum of the components alone", "the package (dime_recommended)"])
    assert np.isclose(parts.sum(), rows["sum of the components alone"])
    share = 1 - parts.sum() / rows["the package (dime_recommended)"]
    assert np.isclose(found.interaction[0], share)
    assert found.interaction[1] <= found.interaction[0] <= found.interaction[2]
    lost = found.dropped.effect
    assert list(lost.index) == [*parts.index, "sum of the components dropped"]
    assert np.isclose(lost.iloc[:-1].sum(), lost.iloc[-1])
    # a loss is the package run against the package without that knob, on the same teachers
    without = simulate(["policy=dime_recommended", "policy.kickoff=false", *SMALL]).weekly
    package_run = simulate(["policy=dime_recommended", *SMALL]).weekly
    def late(weekly):
        return weekly[weekly.week >= 7].groupby("replicate").active_share.mean()
    assert np.isclose(lost["policy.kickoff"], (late(package_run) - late(without)).mean())


def test_what_cannot_be_split_is_refused():
    none = load_settings(["policy=none"])
    with pytest.raises(ConfigError, match="nothing to split"):
        decompose(none, none)
    with pytest.raises(ConfigError, match="has phases"):
        decompose(load_settings(["policy=pilot_then_handover"]), none)
    with pytest.raises(ConfigError, match="decompose=true: needs a policy"):
        load_settings(["decompose=true"])


def test_copsim_prints_the_decomposition(tmp_path):
    done = subprocess.run([str(COPSIM), "policy=dime_recommended", "decompose=true", *SMALL],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "alone, against none" in done.stdout
    assert "policy.kickoff" in done.stdout and "Interaction share" in done.stdout
    assert "lost if dropped from the package" in done.stdout
    compared = subprocess.run([str(COPSIM), "compare=[none,dime_recommended,kplay_blended]",
                               "decompose=true", *SMALL], cwd=tmp_path, capture_output=True,
                              text=True, timeout=300)
    assert compared.returncode == 0, compared.stderr
    assert compared.stdout.count("Interaction share") == 2
    refused = subprocess.run([str(COPSIM), "compare=[none]", "decompose=true"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "decompose=true: needs a policy" in refused.stderr
