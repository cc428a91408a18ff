"""Shared fixtures for the mechanism direction tests (tests/mechanisms/test_<module>.py).

Every direction test compares two scenarios that differ in one policy knob or behaviour constant,
on the same teachers (common random numbers: same seed -> same initial teachers per replicate),
so differences are paired by replicate. Runs are cached for the whole session: scenarios shared
by several tests (e.g. the unsupported Tanzania baseline) are simulated once.

Fixtures
- `run(*overrides, replicates=20, weeks=26, seed=3)`: a cached `simulate` RunResult for the
  Tanzania maths population with no support (`policy=none`: nobody moderates) plus `overrides`.
- `fresh_model(*overrides, replicates=4, weeks=8, seed=1)`: a new, un-run CommunityModel (for
  deterministic unit tests of one mechanism function). Settings are cached per overrides, so
  unit tests use the shipped constants (read from `m.settings`) unless they must change one.
- `per_replicate(result, column, weeks=None)`: per-replicate mean of a weekly column (the
  validation experiments' `weekly.<column>` measure).
- `assert_paired_greater(a, b, alpha=0.01)`, `assert_greater(values, what)`: the stated
  statistical tests (see their docstrings), from `simulation.statistics` like the validation
  experiments'.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from simulation import simulate, statistics
from simulation.config import load_settings
from simulation.model import CommunityModel
from simulation.statistics import ALPHA
from simulation.validation.checks import values
from simulation.validation.experiments import Measure

# Direction tests isolate one mechanism: the baseline is no support, where nobody moderates and no
# leader emerges (test_emergent_leaders.py runs bottom-up groups).
BASELINE = ("population=tanzania_maths", "policy=none", "progress=false")

_RUNS: dict[tuple, object] = {}


def _run(*overrides: str, replicates: int = 20, weeks: int = 26, seed: int = 3):
    key = (overrides, replicates, weeks, seed)
    if key not in _RUNS:
        _RUNS[key] = simulate(
            [*BASELINE, *overrides, f"replicates={replicates}", f"weeks={weeks}"], seed=seed
        )
    return _RUNS[key]


@lru_cache(maxsize=None)
def _settings(overrides: tuple[str, ...]):
    return load_settings(list(overrides))


def _fresh_model(*overrides: str, replicates: int = 4, weeks: int = 8, seed: int = 1):
    return CommunityModel(
        _settings((*BASELINE, *overrides, f"replicates={replicates}", f"weeks={weeks}",
                   f"seed={seed}"))
    )


def _per_replicate(result, column: str, weeks=None) -> pd.Series:
    measure = Measure("run", f"weekly.{column}", tuple(weeks) if weeks is not None else None)
    return values({"run": result}, measure)


def _assert_paired_greater(a: pd.Series, b: pd.Series, alpha: float = ALPHA, what: str = ""):
    """One-sided paired Wilcoxon signed-rank test that `a` > `b` (per-replicate values, paired by
    index): requires the mean difference to be positive AND p < alpha. Returns (mean diff, p)."""
    try:
        d = statistics.paired(a, b)
    except ValueError as err:
        raise AssertionError(f"{what}: {err}") from None
    detail = (f"{what}: mean {a.mean():.4g} vs {b.mean():.4g}, mean diff {d.mean():+.4g}, "
              f"{int((d > 0).sum())}/{len(d)} replicates positive")
    assert d.mean() > 0, f"wrong direction -- {detail}"
    assert np.any(d != 0), f"no difference at all -- {detail}"
    p = statistics.greater_p(d)
    assert p < alpha, f"not significant (Wilcoxon p={p:.3g} >= {alpha}) -- {detail}"
    return float(d.mean()), float(p)


def _assert_greater(values, what: str = "", alpha: float = ALPHA):
    """One-sided one-sample Wilcoxon signed-rank test that `values` are > 0: requires their mean
    to be positive AND p < alpha. Returns p."""
    values = np.asarray(values, dtype=float)
    assert values.mean() > 0, f"{what}: mean {values.mean():.4g}"
    p = statistics.greater_p(values)
    assert p < alpha, f"{what}: Wilcoxon p={p:.3g} >= {alpha}"
    return p


def _ask_questions(m, askers, day_index):
    """Register hard questions (difficulty 0.99) by `askers` as asked on `day_index`; returns
    their rows in the question registry."""
    askers = np.asarray(askers)
    events = m.publish("question", askers)
    first = m.board.questions.size
    m.board.register_questions(day_index, events, askers, m.state.group[askers],
                               np.full(len(askers), 0.99))
    return np.arange(first, m.board.questions.size)


@pytest.fixture(scope="session")
def ask_questions():
    return _ask_questions


@pytest.fixture(scope="session")
def run():
    return _run


@pytest.fixture(scope="session")
def fresh_model():
    return _fresh_model


@pytest.fixture(scope="session")
def per_replicate():
    return _per_replicate


@pytest.fixture(scope="session")
def assert_paired_greater():
    return _assert_paired_greater


@pytest.fixture(scope="session")
def assert_greater():
    return _assert_greater
