"""Leaving: a rarer outcome than going silent, with named causes (simulation/mechanisms/leaving.py;
X3, E1, E4, E12)."""

import numpy as np

from simulation import simulate_many
from simulation.mechanisms import leaving
from simulation.mechanisms.leaving import CAUSE
from simulation.mechanisms.reading import overload

NO_EXIT = ("behaviour.exit_overload=0", "behaviour.exit_noise=0", "behaviour.exit_no_value=0")


def _left_by(result, cause: str):
    m = result.members
    return (m.left_cause == cause).groupby(m.replicate).sum()


def test_larger_groups_lose_more_members_to_overload(assert_paired_greater):
    """E12 ("the amount of content can become overwhelming") through leaving: in a large group
    kept busy, more disengaged members leave because of the volume. Scenarios:
    policy=dime_recommended (a group that stays busy) with policy.group_size=100 vs 15. Metric:
    share of members who left for `overload` by week 52. Test: one-sided paired Wilcoxon
    signed-rank test (alternative='greater'), 20 replicates x 52 weeks, seed 3; p < 0.01. (With
    no support both sizes fall quiet before members disengage, and overload exits stay rare in
    both: about 0.4% of members.)"""
    base = ["population=tanzania_maths", "policy=dime_recommended", "replicates=20", "weeks=52",
            "progress=false"]
    large, small = simulate_many([[*base, "policy.group_size=100"],
                                  [*base, "policy.group_size=15"]], seed=3)

    def share(result):
        return _left_by(result, "overload") / result.members.groupby("replicate").size()
    assert_paired_greater(share(large), share(small), what="share who left for overload")


def test_chatter_drives_members_out(run, assert_paired_greater):
    """E4 (groups that "become social groups") through leaving: more off-topic chatter, more
    members leave because of it. Scenarios: behaviour.offtopic_rate=0.3 vs the default 0.08.
    Metric: members who left for `noise` by week 52. Test: one-sided paired Wilcoxon signed-rank
    test (alternative='greater'), 20 replicates x 52 weeks, seed 3; p < 0.01."""
    chatty, default = run("behaviour.offtopic_rate=0.3", weeks=52), run(weeks=52)
    assert_paired_greater(_left_by(chatty, "noise"), _left_by(default, "noise"),
                          what="members who left for noise")


def test_nobody_leaves_without_exit_hazards(run):
    """X3 (mechanism): leaving has no other way than its three causes; with every exit hazard at
    0 nobody leaves, yet members still go silent (mute). (20 replicates x 26 weeks, seed 3;
    exact check.)"""
    result = run(*NO_EXIT)
    assert (result.summary.left == 0).all()
    assert result.weekly.muted.max() > 0


def test_leave_follows_the_competing_hazards(fresh_model):
    """Unit: with the day's numbers u, a disengaged unmuted member leaves for overload where
    u < exit_overload * overload_g, for noise where u < that + exit_noise * offtopic_g; a muted
    member leaves (no value) where u < exit_no_value; the day and cause are kept; nobody else
    is touched."""
    m = fresh_model("behaviour.exit_overload=0.5", "behaviour.exit_noise=0.5",
                    "behaviour.exit_no_value=0.3")
    m.run_for(7)
    st, g, b = m.state, m.groups, m.settings.behaviour
    rng = np.random.default_rng(0)
    st.motivation[:] = rng.uniform(0, 3 * b.mute_threshold, m.n_teachers)
    st.muted[:] = rng.uniform(size=m.n_teachers) < 0.3
    g.offtopic_recent[:] = rng.uniform(size=m.n_groups)
    g.volume[:] = rng.uniform(0, 100, m.n_groups)
    present = st.present.copy()
    loose = present & ~st.muted & (st.motivation < b.mute_threshold)
    muted = present & st.muted
    u = np.full(m.n_teachers, np.inf)
    u[loose] = m.draw_teachers("leave", np.flatnonzero(loose))
    u[muted] = m.draw_teachers("leave", np.flatnonzero(muted))
    h_overload = b.exit_overload * overload(m)[st.group]
    h_noise = b.exit_noise * g.offtopic_recent[st.group]
    expected = np.zeros(m.n_teachers, np.int8)
    expected[loose & (u < h_overload + h_noise)] = CAUSE["noise"]
    expected[loose & (u < h_overload)] = CAUSE["overload"]
    expected[muted & (u < b.exit_no_value)] = CAUSE["no_value"]
    assert {1, 2, 3} <= set(np.unique(expected))
    leaving.leave(m, m.today)
    assert np.array_equal(st.left_cause, expected)
    assert np.array_equal(st.present, present & (expected == 0))
    assert (st.left_day[expected > 0] == m.today.index).all()
    assert not st.muted[expected > 0].any()
