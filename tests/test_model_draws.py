"""The draws every mechanism shares (`CommunityModel.chance`, `pick_in_groups`, `top_in_groups`).

Statistical checks use a fixed seed (the model's `seed=5`) and state their test and threshold.
"""

import numpy as np
import pytest
from scipy import stats

from simulation.config import load_settings
from simulation.model import CommunityModel


@pytest.fixture
def model():
    """Three groups of 15 teachers, nothing run yet."""
    return CommunityModel(load_settings(["groups=3", "policy.group_size=15",
                                         "policy.closed_membership=true", "seed=5"]))


def test_chance_refuses_one_probability_for_all(model):
    """A scalar would be one draw shared by everyone, a silent bug: it is refused."""
    with pytest.raises(TypeError, match="one probability per entry"):
        model.chance(0.5)
    with pytest.raises(TypeError, match="one probability per entry"):
        model.chance(np.float64(0.5))


def test_chance_draws_one_bernoulli_per_entry(model):
    """Shape follows `p`; 0 and 1 are never and always; frequencies match p (binomial test on
    20,000 draws at p = 0.3, two-sided, p > 0.001)."""
    p = np.array([0.0, 1.0] * 5)
    drawn = model.chance(p)
    assert drawn.shape == (10,) and drawn.dtype == bool
    assert np.array_equal(drawn, p == 1.0)
    hits = int(model.chance(np.full(20_000, 0.3)).sum())
    assert stats.binomtest(hits, 20_000, 0.3).pvalue > 0.001
    assert model.chance(np.full((4, 3), 0.5)).shape == (4, 3)
    assert model.chance([0.0, 1.0]).tolist() == [False, True]  # a list is one entry per element


def test_pick_in_groups_stays_in_the_group_among_the_candidates(model):
    """Each pick is one of the given teachers in the asked group; a group whose candidates weigh
    nothing gets -1."""
    teachers = np.array([1, 4, 7, 16, 20, 33, 40])  # groups 0, 0, 0, 1, 1, 2, 2
    weights = np.array([1.0, 2.0, 0.5, 1.0, 3.0, 0.0, 0.0])
    groups = np.repeat([0, 1, 2], 200)
    picked = model.pick_in_groups(groups, teachers, weights)
    assert (picked[groups == 2] == -1).all()
    chosen = picked[groups != 2]
    assert np.isin(chosen, teachers[weights > 0]).all()
    assert np.array_equal(model.state.group[chosen], groups[groups != 2])


def test_pick_in_groups_picks_in_proportion_to_weight(model):
    """Within group 0, teachers weighted 1 : 2 : 0.5 are picked in that proportion (chi-square
    goodness of fit on 6,000 picks, p > 0.001)."""
    teachers = np.array([1, 4, 7, 16])
    weights = np.array([1.0, 2.0, 0.5, 5.0])  # teacher 16 is in group 1: never picked for group 0
    picked = model.pick_in_groups(np.zeros(6000, np.int64), teachers, weights)
    counts = np.array([(picked == t).sum() for t in teachers[:3]])
    assert counts.sum() == 6000
    expected = 6000 * weights[:3] / weights[:3].sum()
    assert stats.chisquare(counts, expected).pvalue > 0.001


def test_top_in_groups_keeps_the_k_best_of_each_group(model):
    """Up to k per group, highest score first; a group with fewer candidates keeps them all."""
    candidates = np.array([0, 1, 2, 3, 15, 16, 30])
    score = np.array([0.1, 0.9, 0.5, 0.7, 0.2, 0.3, 0.4])
    top = model.top_in_groups(candidates, score, 2)
    assert sorted(top.tolist()) == [1, 3, 15, 16, 30]


def test_top_in_groups_breaks_ties_at_random(model):
    """Equal scores: each of three tied members is kept about a third of the time (chi-square on
    3,000 draws, p > 0.001)."""
    candidates = np.array([2, 5, 9])
    kept = [model.top_in_groups(candidates, np.ones(3), 1)[0] for _ in range(3000)]
    counts = np.array([kept.count(c) for c in candidates])
    assert stats.chisquare(counts).pvalue > 0.001
