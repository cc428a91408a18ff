"""Headline indicators, checked against their textbook definitions on random data."""

import numpy as np
import pandas as pd
import pytest

from simulation import load_settings
from simulation.metrics import (gini_by_group, half_lives, median_by_key, shares_so_far,
                                top_share_by_group, weekly_table)
from simulation.run import run_batch


def gini_reference(x):
    """Mean absolute difference over twice the mean (0 when nobody posts)."""
    x = np.asarray(x, float)
    if x.sum() == 0:
        return 0.0
    return np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())


@pytest.mark.parametrize("seed", range(5))
def test_median_by_key_is_the_median_of_each_keys_known_values(seed):
    rng = np.random.default_rng(seed)
    keys = rng.integers(0, 8, 60)
    values = rng.exponential(10, 60)
    values[rng.random(60) < 0.3] = np.nan  # unknown: skipped
    values[keys == 5] = np.nan             # a key with no known value: NaN
    median = median_by_key(values, keys, 9)  # key 8 never occurs: NaN
    for k in range(9):
        known = values[(keys == k) & ~np.isnan(values)]
        if len(known):
            assert median[k] == pytest.approx(np.median(known))
        else:
            assert np.isnan(median[k])


def test_weekly_answers_match_a_groupby_of_the_questions(fresh_run_model):
    """answered_share and median_reply_hours per (group, week) are what a pandas groupby of the
    board's questions gives; a week still under way is not reported."""
    model = fresh_run_model
    weekly = weekly_table(model).set_index(["replicate", "group", "week"])
    q, g = model.board.questions, model.groups
    frame = pd.DataFrame({"replicate": g.replicate[q["group"]], "group": g.index[q["group"]],
                          "week": q["day"] // 7 + 1, "answered": q["answered_day"] >= 0,
                          "hours": q["reply_hours"]})
    by_week = frame[frame.week <= weekly.index.get_level_values("week").max()].groupby(
        ["replicate", "group", "week"])
    expected_share = by_week.answered.mean().reindex(weekly.index)
    expected_hours = by_week.hours.median().reindex(weekly.index)
    assert weekly.answered_share.notna().sum() > 10
    np.testing.assert_allclose(weekly.answered_share, expected_share)
    np.testing.assert_allclose(weekly.median_reply_hours, expected_hours)


@pytest.fixture
def fresh_run_model():
    """Six groups (two replicates) run for three weeks and two days."""
    from simulation.config import load_settings
    from simulation.model import CommunityModel

    model = CommunityModel(load_settings(["groups=3", "replicates=2", "weeks=4", "seed=5"]))
    model.run_for(23)
    return model


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


def test_shares_so_far_are_the_weekly_rows_of_the_weeks_run_so_far_for_each_scenario():
    """What a page draws mid-run (`run_batch(watch=...)`) is what the finished run reports for
    those weeks, scenario by scenario (two scenarios in one model, two groups a replicate)."""
    scenarios = [load_settings([f"policy={p}", "replicates=3", "weeks=8", "groups=2"])
                 for p in ("dime_recommended", "none")]
    seen = []
    results = run_batch(scenarios, watch=lambda model: seen.append(shares_so_far(model)))
    assert len(seen) == 8
    keys = ["replicate", "week", "active_share", "reading_share"]
    for s, result in enumerate(results):
        mid = seen[4][s]  # after week 5
        expected = result.weekly.loc[result.weekly.week <= 5, keys]
        pd.testing.assert_frame_equal(
            mid.groupby(["week", "replicate"]).mean(), expected.groupby(["week", "replicate"]).mean(),
            check_dtype=False)
    assert not seen[4][0].equals(seen[4][1])  # each scenario its own rows
