"""In a bottom-up group a leader may emerge, or not (simulation/mechanisms/emergent_leaders.py;
E17)."""

import numpy as np
import pytest
from scipy.stats import mannwhitneyu

from simulation import parameters
from simulation.config import load_settings
from simulation.mechanisms import emergent_leaders
from simulation.mechanisms.moderator import NO_HOLDER

BOTTOM_UP = "policy.moderator.mode=bottom_up"  # with the shipped behaviour.leader_emergence


def test_bottom_up_groups_differ_from_no_support_only_where_a_leader_emerged(run):
    """E17: a leader who emerges changes the group; where nobody takes the role, a bottom-up
    group lives exactly the life of a group with no support (common random numbers: the same
    teachers and numbers). Scenarios: policy.moderator.mode=bottom_up vs none, 40 replicates x
    26 weeks, seed 3. Exact check on the weekly tables, group by group (a group had a leader if
    some week has moderation hours); both kinds of group occur."""
    bottom_up, nobody = run(BOTTOM_UP, replicates=40), run(replicates=40)
    led = bottom_up.weekly.groupby("replicate").moderator_hours.max() > 0  # a leader moderated
    assert led.any() and not led.all(), f"share of groups with a leader: {led.mean()}"
    columns = ["active_share", "posts", "silent", "left"]
    for replicate, had_leader in led.items():
        a = bottom_up.weekly[bottom_up.weekly.replicate == replicate][columns].to_numpy()
        b = nobody.weekly[nobody.weekly.replicate == replicate][columns].to_numpy()
        assert np.array_equal(a, b, equal_nan=True) != had_leader, f"replicate {replicate}"


def test_a_group_where_a_leader_emerged_keeps_more_members_active(run, per_replicate):
    """E17 (000: leaders who emerge "might create a sense of ownership that sustains
    engagement"): the source of the spread. Scenario: bottom-up groups, 80 replicates x 26
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

    Scenario: bottom-up groups, shipped leader_emergence, 40 replicates x 26 weeks, seed 3.
    Check: the share of replicate groups with a member in the role `leader` at the end is
    strictly between 0 and 1. (Descriptive check on one fixed-seed run, not a hypothesis test.)
    """
    def led(result):
        m = result.members
        return (m.role == "leader").groupby(m.replicate, observed=True).any()

    share = led(run(BOTTOM_UP, replicates=40)).mean()
    assert 0 < share < 1, f"share of groups with a leader: {share}"


def test_the_weeks_top_poster_becomes_leader_when_emergence_is_certain(fresh_model):
    """Unit: with leader_emergence=1 in bottom-up groups, each group's leader is its most
    active poster of the week (>= behaviour.leader_min_posts posts) and gains ownership; groups without
    such a poster get no leader."""
    m = fresh_model(BOTTOM_UP, "behaviour.leader_emergence=1.0")
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
                                       ("policy.moderator.mode=none", "behaviour.leader_emergence=1.0"),
                                       (BOTTOM_UP, "behaviour.leader_emergence=0")])
def test_no_leader_emerges_under_an_appointed_moderator_with_none_or_without_emergence(
        fresh_model, overrides):
    """Unit: emerge() makes nobody leader, however active, when a moderator is appointed, when
    nobody moderates (mode none), or when leader_emergence=0."""
    m = fresh_model(*overrides)
    m.run_for(6)
    m.state.posts_week[:] = 10
    emergent_leaders.emerge(m, m.today)
    assert (m.groups.leader == NO_HOLDER).all()


def test_only_groups_with_a_willing_member_get_a_leader(fresh_model):
    """Unit: a group drawn as unwilling gets no leader, however active its members."""
    m = fresh_model(BOTTOM_UP, "behaviour.leader_emergence=1.0")
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
