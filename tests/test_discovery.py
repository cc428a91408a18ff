"""Scenario discovery (simulation/discovery.py, `copsim-discover`): a planted box, then a small
sweep of the model."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.config import ConfigError
from simulation.discovery import find_boxes, parse_goal

DISCOVER = Path(sys.executable).parent / "copsim-discover"
COPSIM = Path(sys.executable).parent / "copsim"
COLLECT = Path(sys.executable).parent / "copsim-collect"


def test_prim_finds_a_planted_box_and_says_it_in_words():
    """The goal holds exactly where a > 0.6, b < 0.3 and c is not r (2,000 uniform points,
    seed 0): one box restricts those three inputs near those limits, and covers the points."""
    rng = np.random.default_rng(0)
    x = pd.DataFrame({"a": rng.uniform(0, 1, 2000), "b": rng.uniform(0, 1, 2000),
                      "d": rng.uniform(0, 1, 2000), "c": rng.choice(["p", "q", "r"], 2000)})
    x["c"] = x["c"].astype("category")
    planted = ((x.a > 0.6) & (x.b < 0.3) & (x.c != "r")).to_numpy()
    first, *rest = find_boxes(x, planted)
    words = " and ".join(first.restrictions)
    found = re.fullmatch(r"a is above ([\d.]+) and b is below ([\d.]+) and c is p or q", words)
    assert found, words  # d is never restricted
    assert 0.55 < float(found.group(1)) <= 0.6 and 0.3 <= float(found.group(2)) < 0.4
    assert first.coverage > 0.9 and first.density >= 0.8
    assert not rest  # nothing is left to find


def test_a_goal_is_an_indicator_a_comparison_and_a_number():
    assert parse_goal("retention_w26 >= 0.2") == ("retention_w26", ">=", 0.2)
    with pytest.raises(ConfigError, match="expected INDICATOR OP NUMBER"):
        parse_goal("retention_w26 is high")


def test_copsim_discover_on_a_sweep_over_worlds(tmp_path):
    """Two policies x 16 plausible worlds: the goal 'the package beats no support by 15 points
    at week 8' fails somewhere, and the boxes name assumptions."""
    sweep = tmp_path / "sweep"
    done = subprocess.run([str(COPSIM), "-m", "policy=none,dime_recommended", "world=range(0,16)",
                           "worlds=16", "weeks=8", "replicates=3", f"hydra.sweep.dir={sweep}"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    subprocess.run([str(COLLECT), str(sweep)], check=True, capture_output=True, timeout=300)
    found = subprocess.run([str(DISCOVER), str(sweep / "dataset"), "--goal",
                            "retention_w8 >= 0.15", "--versus", "policy=none"],
                           capture_output=True, text=True, timeout=300)
    assert found.returncode == 0, found.stderr
    first = found.stdout.splitlines()[0]
    assert first.startswith("The goal 'retention_w8 >= 0.15' against policy=none fails in ")
    assert first.endswith(" of 16 points.")
    refused = subprocess.run([str(DISCOVER), str(sweep / "dataset"), "--goal", "joy >= 1"],
                             capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "'joy' is not a summary indicator" in refused.stderr
