"""The draws every mechanism shares (`CommunityModel.uniforms` and its `draw_*` forms,
`pick_in_groups`, `top_in_groups`): numbers keyed by (seed, replicate, group, day, site) and the
position in the group.

Statistical checks use a fixed seed (the model's `seed=5`) and state their test and threshold.
"""

import numpy as np
import pytest
from scipy import stats

from simulation.config import load_settings
from simulation.model import SITES, CommunityModel


@pytest.fixture
def model():
    """Three groups of 15 teachers, nothing run yet."""
    return CommunityModel(load_settings(["groups=3", "policy.group_size=15",
                                         "policy.closed_membership=true", "seed=5"]))


def _on_day(model, day):
    model.today = model.calendar.day(day)
    return model


def test_uniforms_are_uniform_and_differ_by_site_day_and_position(model):
    """KS test against U(0, 1) on 45 teachers x 200 days (p > 0.001); another site, day or
    position gives other numbers."""
    teachers = np.arange(model.n_teachers)
    u = np.concatenate([_on_day(model, d).draw_teachers("online", teachers) for d in range(200)])
    assert 0 < u.min() and u.max() < 1
    assert stats.kstest(u, "uniform").pvalue > 0.001
    _on_day(model, 3)
    online, read = model.draw_teachers("online", teachers), model.draw_teachers("read", teachers)
    assert not np.isclose(online, read).any()
    assert len(np.unique(online)) == len(online)
    assert np.array_equal(online, model.draw_teachers("online", teachers))  # same key, same numbers


def test_a_number_depends_on_its_group_and_position_only(model):
    """The draws of teacher k of group g are the same whoever else draws with it."""
    _on_day(model, 9)
    everyone = model.draw_teachers("ask", np.arange(model.n_teachers))
    some = np.array([3, 17, 40])
    assert np.array_equal(model.draw_teachers("ask", some), everyone[some])
    assert np.array_equal(model.uniforms("ask", np.array([1]), np.array([2])), everyone[[17]])


def test_sites_have_distinct_numbers():
    assert len(set(SITES.values())) == len(SITES)
    assert sorted(SITES.values()) == list(range(len(SITES)))


def test_an_unknown_site_is_refused(model):
    with pytest.raises(KeyError):
        model.draw_teachers("nowhere", np.arange(3))


def test_pick_in_groups_stays_in_the_group_among_the_candidates(model):
    """Each pick is one of the given teachers in the asked group; a group whose candidates weigh
    nothing gets -1."""
    teachers = np.array([1, 4, 7, 16, 20, 33, 40])  # groups 0, 0, 0, 1, 1, 2, 2
    weights = np.array([1.0, 2.0, 0.5, 1.0, 3.0, 0.0, 0.0])
    groups = np.repeat([0, 1, 2], 200)
    u = np.random.default_rng(0).random(len(groups))
    picked = model.pick_in_groups(u, groups, teachers, weights)
    assert (picked[groups == 2] == -1).all()
    chosen = picked[groups != 2]
    assert np.isin(chosen, teachers[weights > 0]).all()
    assert np.array_equal(model.state.group[chosen], groups[groups != 2])


@pytest.mark.parametrize("entries", [6000, 1_400_000])  # the second takes the per-group search
def test_pick_in_groups_picks_in_proportion_to_weight(model, entries):
    """Within group 0, teachers weighted 1 : 2 : 0.5 are picked in that proportion (chi-square
    goodness of fit, p > 0.001)."""
    teachers = np.array([1, 4, 7, 16])
    weights = np.array([1.0, 2.0, 0.5, 5.0])  # teacher 16 is in group 1: never picked for group 0
    u = np.random.default_rng(1).random(entries)
    picked = model.pick_in_groups(u, np.zeros(entries, np.int64), teachers, weights)
    counts = np.array([(picked == t).sum() for t in teachers[:3]])
    assert counts.sum() == entries
    expected = entries * weights[:3] / weights[:3].sum()
    assert stats.chisquare(counts, expected).pvalue > 0.001


def test_a_pick_does_not_depend_on_the_other_groups(model):
    """The same number picks the same teacher whether or not other groups' candidates are there."""
    u = np.random.default_rng(2).random(50)
    groups = np.ones(50, np.int64)
    mine, weights = np.array([16, 20, 21]), np.array([0.3, 1.7, 0.1])
    alone = model.pick_in_groups(u, groups, mine, weights)
    crowd = model.pick_in_groups(u, groups, np.r_[1, 4, mine, 33], np.r_[5.0, 0.2, weights, 9.0])
    assert np.array_equal(alone, crowd)


def test_top_in_groups_keeps_the_k_best_of_each_group(model):
    """Up to k per group, highest score first; a group with fewer candidates keeps them all; k may
    differ by group."""
    candidates = np.array([0, 1, 2, 3, 15, 16, 30])
    score = np.array([0.1, 0.9, 0.5, 0.7, 0.2, 0.3, 0.4])
    assert model.top_in_groups("celebrate_ties", candidates, score, 2).tolist() == [1, 3, 15, 16, 30]
    per_group = np.array([1, 2, 0])
    assert model.top_in_groups("celebrate_ties", candidates, score, per_group).tolist() == [1, 15, 16]


def test_top_in_groups_breaks_ties_at_random(model):
    """Equal scores: each of three tied members is kept about a third of the time over 3,000 days
    (chi-square, p > 0.001)."""
    candidates = np.array([2, 5, 9])
    kept = [_on_day(model, d).top_in_groups("celebrate_ties", candidates, np.ones(3), 1)[0]
            for d in range(3000)]
    counts = np.array([kept.count(c) for c in candidates])
    assert stats.chisquare(counts).pvalue > 0.001


def test_top_in_groups_by_rounds_equals_sorting(model, monkeypatch):
    """The per-group rounds used for a few per group give what sorting all candidates gives,
    ties in score included (integer scores), for one k or one per group."""
    import simulation.model as model_module

    rng = np.random.default_rng(3)
    for trial in range(60):
        _on_day(model, trial)
        candidates = np.sort(rng.choice(model.n_teachers, rng.integers(1, model.n_teachers),
                                        replace=False))
        score = rng.integers(0, 3, len(candidates)).astype(float) if trial % 2 else rng.random(
            len(candidates))
        k = rng.integers(0, 4) if trial % 3 else rng.integers(0, 4, model.n_groups)
        rounds = model.top_in_groups("celebrate_ties", candidates, score, k)
        with monkeypatch.context() as patch:
            patch.setattr(model_module, "FEW_PER_GROUP", -1)  # always sort
            sorted_ = model.top_in_groups("celebrate_ties", candidates, score, k)
        assert np.array_equal(rounds, sorted_), trial
