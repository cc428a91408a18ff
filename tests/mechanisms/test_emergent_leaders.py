"""Without an appointed moderator a leader may emerge, or not
(simulation/mechanisms/emergent_leaders.py; E17)."""

import pytest
from scipy.stats import levene

from simulation.agents import NO_HOLDER
from simulation.mechanisms import emergent_leaders


@pytest.mark.xfail(strict=True, reason=(
    "E17 not reproduced: retention_w12 varies less between replicates without an appointed "
    "moderator than with a facilitator (seed 3, 40 reps: var 0.0017 vs 0.0021). Leaders emerge "
    "in few groups and lift them little (led 0.105 vs 0.091 at week 12), and groups without "
    "support collapse towards 0, which compresses their spread. Making leaders strong enough "
    "breaks E3 (unmoderated groups then beat a fixed teacher moderator); see "
    "experiments/validation/E17_leaders.yaml and docs/model.md section 10."))
def test_outcomes_vary_more_between_groups_without_an_appointed_moderator(run):
    """E17: "without an appointed moderator, outcomes vary more between replicate groups".

    Scenarios: policy.moderator.mode=none vs facilitator. Metric: retention_w12 (weekly-active
    share at week 12), one value per replicate group. Test: variance under `none` larger than
    under `facilitator`, and Brown-Forsythe/Levene test (scipy.stats.levene, center='median')
    p < 0.01; 40 replicates x 12 weeks, seed 3.
    """
    bottom_up = run(replicates=40, weeks=12).summary.retention_w12
    appointed = run("policy.moderator.mode=facilitator", replicates=40, weeks=12).summary.retention_w12
    detail = f"var none {bottom_up.var():.4g} vs facilitator {appointed.var():.4g}"
    assert bottom_up.var() > appointed.var(), detail
    p = levene(bottom_up, appointed, center="median").pvalue
    assert p < 0.01, f"Levene p={p:.3g}; {detail}"


def test_a_leader_emerges_in_some_groups_and_not_in_others(run):
    """E17: "a leader may emerge from active members, or not" -- both fates occur.

    Scenario: no appointed moderator, default leader_emergence, 40 replicates x 26 weeks, seed 3.
    Check: the share of replicate groups with a member in the role `leader` at the end is
    strictly between 0 and 1. (Descriptive check on one fixed-seed run, not a hypothesis test.)
    """
    def led(result):
        m = result.members
        return (m.role == "leader").groupby(m.replicate, observed=True).any()

    share = led(run(replicates=40)).mean()
    assert 0 < share < 1, f"share of groups with a leader: {share}"


def test_the_weeks_top_poster_becomes_leader_when_emergence_is_certain(fresh_model):
    """Unit: with leader_emergence=1 and no appointed moderator, each group's leader is its most
    active poster of the week (>= LEADER_MIN_POSTS posts) and gains ownership; groups without
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


@pytest.mark.parametrize("override", ["policy.moderator.mode=facilitator",
                                      "behaviour.leader_emergence=0"])
def test_no_leader_emerges_under_an_appointed_moderator_or_without_emergence(fresh_model,
                                                                            override):
    """Unit: emerge() makes nobody leader, however active, when a moderator is appointed or
    when leader_emergence=0."""
    m = fresh_model(override)
    m.run_for(6)
    m.state.posts_week[:] = 10
    emergent_leaders.emerge(m, m.today)
    assert (m.groups.leader == NO_HOLDER).all()
