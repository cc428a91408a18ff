"""Members whose motivation has collapsed leave the group (simulation/mechanisms/leaving.py; E1)."""

import numpy as np

from simulation.mechanisms import leaving


def test_a_higher_leave_threshold_empties_groups_faster(run, assert_paired_greater):
    """E1: "after a couple of months, few teachers were using the groups" -- members whose
    motivation collapses leave; the threshold sets how low it must fall.

    Scenarios: behaviour.leave_threshold=0.2 vs 0.08 (default), no support. Test: one-sided
    paired Wilcoxon signed-rank test (alternative='greater') on per-replicate members who left
    by week 26; 20 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    fragile = run("behaviour.leave_threshold=0.2").summary.set_index("replicate")
    default = run().summary.set_index("replicate")
    assert_paired_greater(fragile.left, default.left, what="members who left")


def test_nobody_leaves_when_the_leave_rate_is_zero(run):
    """E1 (mechanism): leaving is the only way out; with behaviour.leave_rate=0 nobody leaves.
    (20 replicates x 26 weeks, seed 3; exact check.)"""
    assert (run("behaviour.leave_rate=0").summary.left == 0).all()


def test_leave_removes_only_present_members_below_the_threshold(fresh_model):
    """Unit: with leave_rate=1, exactly the present members below leave_threshold leave today,
    their left_day is today, and everybody else is untouched."""
    m = fresh_model("behaviour.leave_rate=1.0")
    m.run_for(7)
    st = m.state
    threshold = m.settings.behaviour.leave_threshold
    rng = np.random.default_rng(0)
    st.motivation[:] = rng.uniform(0, 3 * threshold, m.n_teachers)
    present_before = st.present.copy()
    left_before = st.left_day.copy()
    leaving.leave(m, m.today)
    should_leave = present_before & (st.motivation < threshold)
    assert should_leave.any() and (present_before & ~should_leave).any()
    assert np.array_equal(st.present, present_before & ~should_leave)
    assert (st.left_day[should_leave] == m.today.index).all()
    assert np.array_equal(st.left_day[~should_leave], left_before[~should_leave])
