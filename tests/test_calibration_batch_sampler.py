"""The batch sampler gives pyabc what a sequential sampler gives, in batches, the same on every
run: tested on a model with a known posterior (a normal mean)."""

from __future__ import annotations

import numpy as np
import pyabc
import pytest
from pyabc.sampler import Sampler

from simulation.calibration.batch_sampler import BatchSampler

OBSERVED = 1.0  # one draw x ~ N(theta, 1) observed; flat prior on [-5, 5]: posterior ~ N(1, 1)


def _fit(seed: int, calls: list | None = None, fail_after: int | None = None):
    rng = np.random.default_rng(seed)

    def simulate_batch(parameters):
        if calls is not None:
            calls.append(len(parameters))
        if fail_after is not None and sum(calls) > fail_after:
            raise RuntimeError("the engine failed")
        return [{"x": p["theta"] + rng.normal()} for p in parameters]

    sampler = BatchSampler(simulate_batch)
    np.random.seed(seed)
    abc = pyabc.ABCSMC(sampler.model, pyabc.Distribution(theta=pyabc.RV("uniform", -5, 10)),
                       pyabc.PNormDistance(p=1), population_size=200, sampler=sampler)
    abc.new("sqlite://", {"x": OBSERVED})
    history = abc.run(max_nr_populations=4)
    frame, weights = history.get_distribution(m=0, t=history.max_t)
    return frame["theta"].to_numpy(), weights / weights.sum(), history


def test_known_posterior_in_batches():
    calls = []
    theta, w, history = _fit(0, calls)
    mean = float(np.sum(w * theta))
    sd = float(np.sqrt(np.sum(w * (theta - mean) ** 2)))
    # the exact posterior: N(1, 1) truncated to [-5, 5]; ABC's tolerance only widens it a little
    assert mean == pytest.approx(OBSERVED, abs=0.25)
    assert 0.8 < sd < 1.4
    evaluations = int(history.get_all_populations()["samples"].sum())
    assert len(calls) < evaluations / 50  # batches, not one particle at a time
    assert max(calls) > 100


def test_same_seed_same_posterior():
    a, wa, _ = _fit(3)
    b, wb, _ = _fit(3)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(wa, wb)


def test_an_engine_error_reaches_the_caller():
    with pytest.raises(RuntimeError, match="the engine failed"):
        _fit(0, [], fail_after=500)


def test_the_pyabc_internal_it_uses_is_there():
    """`Sampler._create_empty_sample` (what pyabc's own samplers call) still makes a sample."""
    sample = BatchSampler(lambda parameters: [])._create_empty_sample()
    assert sample.n_accepted == 0 and hasattr(Sampler, "_create_empty_sample")
