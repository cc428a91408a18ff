"""Open membership lets newcomers in and each stranger dilutes trust
(simulation/mechanisms/membership.py; E6)."""

import numpy as np

from simulation.mechanisms import membership


def _questions_per_member(result):
    w = result.weekly
    return (w.questions / w.members).groupby(w.replicate).mean()


def test_closed_membership_keeps_trust_higher(run, per_replicate, assert_paired_greater):
    """E6: "trust ... higher in small closed groups"; closed membership helps.

    Scenarios: policy.closed_membership=true vs false (newcomers join at newcomers_per_week).
    Test: one-sided paired Wilcoxon signed-rank test (alternative='greater') on per-replicate
    mean trust of present members, 20 replicates x 26 weeks, seed 3; p < 0.01 and a positive
    mean difference.
    """
    closed = run("policy.closed_membership=true")
    open_ = run()
    assert_paired_greater(per_replicate(closed, "trust"), per_replicate(open_, "trust"),
                          what="mean trust")


def test_closed_membership_raises_question_asking(run, assert_paired_greater):
    """E6: "trust and question-asking are higher in small closed groups".

    Scenarios: policy.closed_membership=true vs false. Metric: weekly questions per present
    member (open groups have more members, so per member). Test: one-sided paired Wilcoxon
    signed-rank test (alternative='greater'), 120 replicates x 26 weeks, seed 3 (a small effect:
    under a tenth of a question per member a week); p < 0.01 and a positive mean difference.
    """
    assert_paired_greater(_questions_per_member(run("policy.closed_membership=true", replicates=120)),
                          _questions_per_member(run(replicates=120)), what="questions per member")


def test_each_newcomer_dilutes_the_trust_of_present_members(fresh_model):
    """Unit: on a newcomer's join day they become present with behaviour.newcomer_trust of their drawn trust
    (strangers to the group), and present members of that group have trust multiplied by
    (1 - newcomer_trust_loss) per arrival; other groups are untouched."""
    m = fresh_model()
    loss = m.settings.behaviour.newcomer_trust_loss
    st = m.state
    joins = np.flatnonzero(st.join_day > 0)
    day_index = int(st.join_day[joins[0]])
    m.run_for(day_index)  # everything up to the day before the arrival
    day = m.calendar.day(day_index)
    arriving = (st.join_day == day_index) & ~st.present
    assert arriving.any()
    arrivals = np.bincount(st.group[arriving], minlength=m.n_groups)
    present_before = st.present.copy()
    trust_before = st.trust.copy()
    membership.admit_newcomers(m, day)
    factor = (1 - loss) ** arrivals[st.group]
    assert np.allclose(st.trust[present_before], (trust_before * factor)[present_before])
    waiting = ~present_before & ~arriving
    assert np.array_equal(st.trust[waiting], trust_before[waiting])
    assert np.allclose(st.trust[arriving], m.settings.behaviour.newcomer_trust * trust_before[arriving])
    assert np.array_equal(st.present, present_before | arriving)


def test_closed_groups_have_no_newcomers(fresh_model):
    """Unit: with closed membership every member is a founder (join day 0)."""
    m = fresh_model("policy.closed_membership=true")
    assert (m.state.join_day == 0).all()
