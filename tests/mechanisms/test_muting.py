"""Going silent: members who lose interest mute the group and stay (simulation/mechanisms/muting.py;
X3, E1, E2)."""

import numpy as np

from simulation.mechanisms import muting


def test_muted_members_outnumber_leavers_without_support(run, assert_greater):
    """X3 ("users mute or ignore groups far more often than they leave them"): with no support,
    at week 26 the members who muted the group outnumber those who left. Test: one-sample
    Wilcoxon signed-rank test (alternative='greater') on per-replicate muted minus left at
    week 26, 20 replicates x 26 weeks, seed 3; p < 0.01."""
    last = run().weekly.query("week == 26")
    assert_greater((last.muted - last.left).to_numpy(), what="muted minus left at week 26")


def test_personal_messages_bring_muted_members_back(run, assert_paired_greater):
    """E3 ("encourage participation of quieter members") reaching the silent: a direct message
    reaches a member who muted the group, so a personal-style facilitator leaves fewer members
    muted than none. Scenarios: policy.moderator.mode=facilitator, style personal vs
    policy=none. Metric: muted members at week 26. Test: one-sided paired Wilcoxon signed-rank
    test (alternative='greater'), none minus facilitator, 20 replicates x 26 weeks, seed 3."""
    def muted(result):
        return result.weekly.query("week == 26").set_index("replicate").muted
    personal = run("policy.moderator.mode=facilitator", "policy.moderator.style=personal")
    assert_paired_greater(muted(run()), muted(personal), what="muted members at week 26")


def test_muted_members_open_the_group_less(run, assert_paired_greater, per_replicate):
    """X3 (mechanism): a muted group sends no notifications, so the more a muted member still
    opens it, the higher the reading share. Scenarios: behaviour.muted_opening=1 vs the default.
    Test: one-sided paired Wilcoxon signed-rank test (alternative='greater') on the
    per-replicate reading share, weeks 27-52, 20 replicates x 52 weeks, seed 3."""
    opened = run("behaviour.muted_opening=1", weeks=52)
    assert_paired_greater(per_replicate(opened, "reading_share", (27, 52)),
                          per_replicate(run(weeks=52), "reading_share", (27, 52)),
                          what="reading share")


def test_mute_and_unmute_follow_the_thresholds(fresh_model):
    """Unit: with mute_rate=1, exactly the present unmuted members below mute_threshold mute
    today; muted members at or above unmute_threshold unmute; nobody else changes."""
    m = fresh_model("behaviour.mute_rate=1.0")
    m.run_for(7)
    st, b = m.state, m.settings.behaviour
    rng = np.random.default_rng(0)
    st.motivation[:] = rng.uniform(0, 2 * b.unmute_threshold, m.n_teachers)
    st.muted[:] = rng.uniform(size=m.n_teachers) < 0.5
    before = st.muted.copy()
    muting.mute(m, m.today)
    low, high = st.motivation < b.mute_threshold, st.motivation >= b.unmute_threshold
    expected = np.where(before, ~high, st.present & low)
    assert (before & high).any() and (~before & st.present & low).any()
    assert np.array_equal(st.muted, expected)
