"""Without an appointed moderator a leader may emerge, or not
(simulation/mechanisms/emergent_leaders.py; E17)."""

import numpy as np
import pytest
from scipy.stats import levene, mannwhitneyu

from simulation import parameters
from simulation.config import load_settings
from simulation.mechanisms import emergent_leaders
from simulation.mechanisms.moderator import NO_HOLDER

# The mechanism tests' baseline has no leaders; these tests use the shipped chance.
BOTTOM_UP = f"behaviour.leader_emergence={load_settings([]).behaviour.leader_emergence}"


def test_outcomes_vary_more_between_groups_without_an_appointed_moderator(run, per_replicate):
    """E17: "without an appointed moderator, outcomes vary more between replicate groups".

    Scenarios: policy.moderator.mode=none (leaders may emerge) vs facilitator. Metric: each
    replicate group's mean weekly-active share over 26 weeks. Test: variance under `none` larger
    than under `facilitator`, and Brown-Forsythe/Levene test (scipy.stats.levene,
    center='median') p < 0.01; 240 replicates x 26 weeks (a mixture of led and unled groups:
    Brown-Forsythe is robust to the led ones, so it needs many; at 120, p was 0.011 on seed 7 of
    seeds 3-12), seed 3.
    """
    bottom_up = per_replicate(run(BOTTOM_UP, replicates=240), "active_share")
    appointed = per_replicate(run("policy.moderator.mode=facilitator", replicates=240), "active_share")
    detail = f"var none {bottom_up.var():.4g} vs facilitator {appointed.var():.4g}"
    assert bottom_up.var() > appointed.var(), detail
    p = levene(bottom_up, appointed, center="median").pvalue
    assert p < 0.01, f"Levene p={p:.3g}; {detail}"


def test_a_group_where_a_leader_emerged_keeps_more_members_active(run, per_replicate):
    """E17 (000: leaders who emerge "might create a sense of ownership that sustains
    engagement"): the source of the spread. Scenario: no appointed moderator, 80 replicates x 26
    weeks, seed 3. Test: one-sided Mann-Whitney U, mean weekly-active share of groups with a
    leader at the end > groups without, p < 0.01."""
    result = run(BOTTOM_UP, replicates=80)
    m = result.members
    led = (m.role == "leader").groupby(m.replicate, observed=True).any()
    active = per_replicate(result, "active_share")
    with_leader, without = active[led[led].index], active[led[~led].index]
    p = mannwhitneyu(with_leader, without, alternative="greater").pvalue
    assert p < 0.01, f"p={p:.3g}: led {with_leader.mean():.3f} (n={len(with_leader)}) vs {without.mean():.3f}"


def test_a_leader_emerges_in_some_groups_and_not_in_others(run):
    """E17: "a leader may emerge from active members, or not" -- both fates occur.

    Scenario: no appointed moderator, shipped leader_emergence, 40 replicates x 26 weeks, seed 3.
    Check: the share of replicate groups with a member in the role `leader` at the end is
    strictly between 0 and 1. (Descriptive check on one fixed-seed run, not a hypothesis test.)
    """
    def led(result):
        m = result.members
        return (m.role == "leader").groupby(m.replicate, observed=True).any()

    share = led(run(BOTTOM_UP, replicates=40)).mean()
    assert 0 < share < 1, f"share of groups with a leader: {share}"


def test_the_weeks_top_poster_becomes_leader_when_emergence_is_certain(fresh_model):
    """Unit: with leader_emergence=1 and no appointed moderator, each group's leader is its most
    active poster of the week (>= behaviour.leader_min_posts posts) and gains ownership; groups without
    such a poster get no leader."""
    m = fresh_model("behaviour.leader_emergence=1.0")
    m.run_for(6)  # stop before the end of week 1: this week's posts are still counted
    st, g = m.state, m.groups
    g.leader[:] = NO_HOLDER
    st.posts_week[:] = 0
    st.posts_week[m.group_start[0] + 1] = 5      # group 0: a clear top poster
    st.posts_week[m.group_start[0] + 2] = 3
    st.posts_week[m.group_start[1] + 1] = 2      # group 1: nobody reaches 3 posts
    emergent_leaders.emerge(m, m.today)
    assert g.leader[0] == m.group_start[0] + 1
    assert st.ownership[g.leader[0]] == 1.0
    assert g.leader[1] == NO_HOLDER
    assert (g.leader[2:] == NO_HOLDER).all()


@pytest.mark.parametrize("overrides", [("policy.moderator.mode=facilitator", "behaviour.leader_emergence=1.0"),
                                       ("behaviour.leader_emergence=0",)])
def test_no_leader_emerges_under_an_appointed_moderator_or_without_emergence(fresh_model,
                                                                            overrides):
    """Unit: emerge() makes nobody leader, however active, when a moderator is appointed or
    when leader_emergence=0."""
    m = fresh_model(*overrides)
    m.run_for(6)
    m.state.posts_week[:] = 10
    emergent_leaders.emerge(m, m.today)
    assert (m.groups.leader == NO_HOLDER).all()


def test_only_groups_with_a_willing_member_get_a_leader(fresh_model):
    """Unit: a group drawn as unwilling gets no leader, however active its members."""
    m = fresh_model("behaviour.leader_emergence=1.0")
    m.run_for(6)
    m.groups.willing[:] = False
    m.groups.willing[2] = True
    m.state.posts_week[:] = 10
    emergent_leaders.emerge(m, m.today)
    assert m.groups.leader[2] >= 0
    assert (np.delete(m.groups.leader, 2) == NO_HOLDER).all()


def test_the_same_groups_are_willing_in_every_scenario_with_the_same_seed():
    """Unit (common random numbers): willingness depends on the seed and the group only, not on
    the policy; over 4,000 groups its share is within 0.03 of leader_emergence."""
    def willing(*overrides):
        s = load_settings(["behaviour.leader_emergence=0.3", "replicates=4000", *overrides])
        return emergent_leaders.willing(parameters.build([s]), np.arange(4000), np.zeros(4000, int))

    base = willing("seed=5")
    assert (willing("seed=5", "policy=dime_recommended", "policy.group_size=12") == base).all()
    assert (willing("seed=6") != base).any()
    assert abs(base.mean() - 0.3) < 0.03
