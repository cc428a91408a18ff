"""Headline indicators, checked against their textbook definitions on random data."""

import numpy as np
import pytest

from simulation.metrics import gini_by_group, half_lives, top_share_by_group


def gini_reference(x):
    """Mean absolute difference over twice the mean (0 when nobody posts)."""
    x = np.asarray(x, float)
    if x.sum() == 0:
        return 0.0
    return np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())


@pytest.mark.parametrize("seed", range(5))
def test_gini_and_top_share_per_group_match_their_definitions(seed):
    rng = np.random.default_rng(seed)
    groups = np.repeat(np.arange(6), rng.integers(1, 30, 6))
    posts = rng.pareto(1.2, len(groups)).round() * (rng.random(len(groups)) < 0.7)
    posts[groups == 2] = 0  # a silent group
    shuffled = rng.permutation(len(groups))
    gini = gini_by_group(posts[shuffled], groups[shuffled], 6)
    top = top_share_by_group(posts[shuffled], groups[shuffled], 6)
    for g in range(6):
        x = posts[groups == g]
        assert gini[g] == pytest.approx(gini_reference(x))
        k = max(1, int(round(0.1 * len(x))))
        expected_top = np.sort(x)[::-1][:k].sum() / x.sum() if x.sum() else 0.0
        assert top[g] == pytest.approx(expected_top)


def test_gini_is_zero_for_equal_posting_and_near_one_for_a_single_poster():
    groups = np.repeat([0, 1], 10)
    posts = np.concatenate([np.full(10, 3.0), np.r_[np.zeros(9), 50.0]])
    gini = gini_by_group(posts, groups, 2)
    assert gini[0] == 0.0 and gini[1] == pytest.approx(0.9)


def test_half_life_interpolates_and_marks_groups_that_never_halve():
    active = np.array([
        [0.6, 0.5, 0.4, 0.2, 0.1],   # crosses 0.3 between week 3 (0.4) and week 4 (0.2): 3.5
        [0.6, 0.6, 0.6, 0.5, 0.4],   # never reaches 0.3: censored at the horizon
        [0.4, 0.1, 0.1, 0.1, 0.1],   # halves by week 2: 1 + (0.4 - 0.2) / 0.3
        [0.0, 0.0, 0.0, 0.0, 0.0],   # never active: censored
    ])
    life, censored = half_lives(active)
    assert life == pytest.approx([3.5, 5.0, 1 + 0.2 / 0.3, 5.0])
    assert censored.tolist() == [False, True, False, True]
