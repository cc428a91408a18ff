"""Periodic in-person meetings refresh trust and motivation
(simulation/mechanisms/meetings.py; E13, E18)."""

import numpy as np

from simulation.mechanisms import meetings


def test_monthly_meetings_slow_the_decay(run, per_replicate, assert_paired_greater):
    """E13: "blended groups show ... slower decay".

    Scenarios: policy.meeting_every_weeks=4 vs 0. Metric: mean weekly active share in weeks
    13-26 (after the early decay). Test: one-sided paired Wilcoxon signed-rank test
    (alternative='greater'), 20 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean
    difference.
    """
    later = range(13, 27)
    blended = run("policy.meeting_every_weeks=4")
    online = run()
    assert_paired_greater(per_replicate(blended, "active_share", later),
                          per_replicate(online, "active_share", later), what="active share w13-26")


def test_meetings_bring_periodic_recoveries(run, fresh_model, assert_paired_greater):
    """E13: "blended groups show periodic recoveries".

    Scenario: policy.meeting_every_weeks=4. Per replicate, the mean week-on-week change of mean
    motivation in weeks that end with a meeting (multiples of 4, not holidays) vs in the other
    weeks. Test: one-sided paired Wilcoxon signed-rank test (alternative='greater'), 20
    replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    blended = run("policy.meeting_every_weeks=4")
    blended_settings = fresh_model("policy.meeting_every_weeks=4").settings
    holidays = set(blended_settings.population.calendar.holiday_weeks)
    motivation = blended.weekly.pivot(index="replicate", columns="week", values="motivation")
    change = motivation.diff(axis=1).iloc[:, 1:]
    meeting = [w for w in change.columns if w % 4 == 0 and w not in holidays]
    other = [w for w in change.columns if w % 4 != 0]
    assert len(meeting) >= 4
    assert_paired_greater(change[meeting].mean(axis=1), change[other].mean(axis=1),
                          what="weekly motivation change, meeting weeks vs others")


def test_meeting_raises_attendees_and_leaves_others_untouched(fresh_model):
    """Unit: in a meeting week attendees' motivation, trust and belonging rise by
    meeting_boost * (1 - value); absent members do not change; attendance is recorded."""
    m = fresh_model("policy.meeting_every_weeks=1")
    boost = m.settings.behaviour.meeting_boost
    m.run_for(6)
    assert not m.today.holiday
    st = m.state
    st.present[::2] = False
    before = {k: getattr(st, k).copy() for k in ("motivation", "trust", "belonging")}
    meetings.meet(m, m.today)
    rose = st.motivation > before["motivation"]
    assert rose.any()
    assert not (rose & ~st.present).any()
    for k, old in before.items():
        new = getattr(st, k)
        assert np.allclose(new[rose], old[rose] + boost * (1 - old[rose]))
        assert np.array_equal(new[~rose], old[~rose])
    assert (m.groups.meetings == 1).all()
    assert (m.groups.attendees_total == m.per_group(rose.astype(float))).all()


def test_no_meeting_outside_meeting_weeks(fresh_model):
    """Unit: with meetings every 4 weeks nothing happens at the end of week 1."""
    m = fresh_model("policy.meeting_every_weeks=4")
    m.run_for(6)
    before = m.state.motivation.copy()
    meetings.meet(m, m.today)
    assert np.array_equal(m.state.motivation, before)
    assert (m.groups.meetings == 0).all()


def test_a_kickoff_raises_the_founders_trust_and_belonging_before_day_0(fresh_model):
    """Unit (E6): the set-up step `meetings.kickoff` adds kickoff_trust and kickoff_belonging to
    the founders' starting levels (within [0.01, 0.99]); newcomers, who were not there, keep
    theirs. Same teachers in both models (same seed)."""
    without = fresh_model("policy.closed_membership=false")
    met = fresh_model("policy.closed_membership=false", "policy.kickoff=true")
    b = met.settings.behaviour
    founders = met.state.join_day == 0
    assert founders.any() and (~founders).any()
    for name, gain in (("trust", b.kickoff_trust), ("belonging", b.kickoff_belonging)):
        before, after = getattr(without.state, name), getattr(met.state, name)
        assert np.allclose(after[founders], np.clip(before[founders] + gain, 0.01, 0.99)), name
        assert np.array_equal(after[~founders], before[~founders]), name
