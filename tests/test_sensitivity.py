"""Global sensitivity analysis (simulation/sensitivity.py, `copsim-sensitivity`): known answers
first, then one small run on the model."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from SALib.test_functions import Ishigami

from simulation.sensitivity import morris, sobol
from simulation.worlds import sample

SENSITIVITY = Path(sys.executable).parent / "copsim-sensitivity"
THREE = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}


def test_sobol_indices_of_the_ishigami_function():
    """Ishigami (a = 7, b = 0.1): first order 0.314, 0.442, 0; total 0.558, 0.442, 0.244
    (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, section 4.9)."""
    x = sample(THREE, 2048, seed=1, design="sobol")
    found = sobol(THREE, Ishigami.evaluate(x), seed=1)
    assert np.allclose(found.loc[["x1", "x2", "x3"], "S1"], [0.314, 0.442, 0.0], atol=0.05)
    assert np.allclose(found.loc[["x1", "x2", "x3"], "ST"], [0.558, 0.442, 0.244], atol=0.05)
    assert list(found.index) == ["x1", "x2", "x3"]  # by total order


def test_morris_ranks_a_planted_ordering():
    """y = 10 x1 + x2 (x3 does nothing): mu* ranks x1, x2, x3, x1's ten times x2's, x3's 0."""
    unit = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0, 1]] * 3}
    x = sample(unit, 20, seed=2, design="morris")
    found = morris(unit, x, 10 * x[:, 0] + x[:, 1], seed=2)
    assert list(found.index) == ["x1", "x2", "x3"]
    assert np.isclose(found.mu_star.x1, 10 * found.mu_star.x2) and found.mu_star.x3 == 0


def test_copsim_sensitivity_screens_then_splits_the_variance(tmp_path):
    keys = "behaviour.learning_rate,behaviour.idle_drift,population.motivation"
    small = ["weeks=4", "replicates=2"]
    screening = subprocess.run([str(SENSITIVITY), "morris", "--size", "2", "--keys", keys, *small,
                                "--out", str(tmp_path / "m")], capture_output=True, text=True,
                               timeout=600, cwd=tmp_path)
    assert screening.returncode == 0, screening.stderr
    found = pd.read_csv(tmp_path / "m" / "sensitivity.csv")
    assert set(found.output) == {"effect", "baseline", "policy"}
    assert set(found.assumption) == set(keys.split(","))
    assert len(found) == 3 * 3 * 2  # outputs x assumptions x (mu*, sigma)
    assert "matter most for the effect of dime_recommended" in screening.stdout
    assert (tmp_path / "m" / "sensitivity.png").stat().st_size > 10_000
    again = subprocess.run([str(SENSITIVITY), "morris", "--size", "2", "--keys", keys, *small,
                            "--out", str(tmp_path / "m")], capture_output=True, text=True,
                           timeout=600, cwd=tmp_path)
    assert again.returncode == 0 and "skipped (already complete)" in again.stderr + again.stdout
    split = subprocess.run([str(SENSITIVITY), "sobol", "--size", "4", "--screening",
                            str(tmp_path / "m"), "--top", "2", *small, "--out",
                            str(tmp_path / "s")], capture_output=True, text=True, timeout=600,
                           cwd=tmp_path)
    assert split.returncode == 0, split.stderr
    indices = pd.read_csv(tmp_path / "s" / "sensitivity.csv")
    top = found[(found.output == "effect") & (found["index"] == "mu_star")].nlargest(2, "value")
    assert set(indices.assumption) == set(top.assumption)
    assert set(indices["index"]) == {"S1", "ST"}
    refused = subprocess.run([str(SENSITIVITY), "sobol", *small], capture_output=True, text=True,
                             timeout=120, cwd=tmp_path)
    assert refused.returncode == 2 and "name the assumptions" in refused.stderr
