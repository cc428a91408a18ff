"""Motivation erodes when the value received is below the cost of taking part
(simulation/mechanisms/motivation.py; E1, E11, E12, E4)."""

import numpy as np

from simulation.mechanisms import motivation


def test_unsupported_groups_decay_to_a_minority_active_by_week_10(run, assert_paired_greater,
                                                                   assert_greater):
    """E1: "with no sustaining policy, weekly-active share falls through the first 8-12 weeks;
    by week ~10 a minority of members is active".

    Scenario: policy=none (Tanzania maths). Tests: (a) one-sided paired Wilcoxon signed-rank
    test (alternative='greater') of active share at week 1 vs week 10 within each replicate;
    (b) one-sided one-sample Wilcoxon signed-rank test that 0.5 - active share at week 10 > 0;
    (c) the mean active share falls from weeks 1-4 to 5-8 to 9-12. 20 replicates x 26 weeks,
    seed 3; p < 0.01 and the right sign for (a) and (b).
    """
    active = run().weekly.pivot(index="replicate", columns="week", values="active_share")
    assert_paired_greater(active[1], active[10], what="active share week 1 vs week 10")
    assert_greater(0.5 - active[10], what="0.5 - active share at week 10")
    months = [active[list(range(a, a + 4))].to_numpy().mean() for a in (1, 5, 9)]
    assert months[0] > months[1] > months[2], months


def test_a_higher_cost_of_taking_part_speeds_the_decay(run, per_replicate, assert_paired_greater):
    """E1: motivation erodes when value received is below the cost of taking part.

    Scenarios: behaviour.participation_cost=0.5 vs 1.0 (default). Test: one-sided paired Wilcoxon
    signed-rank tests (alternative='greater') on per-replicate mean motivation and mean weekly
    active share (cheap minus costly), 20 replicates x 26 weeks, seed 3; p < 0.01 and a positive
    mean difference for both.
    """
    cheap = run("behaviour.participation_cost=0.5")
    costly = run()
    assert_paired_greater(per_replicate(cheap, "motivation"), per_replicate(costly, "motivation"),
                          what="motivation")
    assert_paired_greater(per_replicate(cheap, "active_share"), per_replicate(costly, "active_share"),
                          what="active share")


def test_incorrect_content_lowers_the_value_of_reading(run, per_replicate, assert_paired_greater):
    """E4: incorrect content "lowers the value of reading".

    Scenarios: behaviour.incorrect_rate=0 vs 0.25 (default). Test: one-sided paired Wilcoxon
    signed-rank test (alternative='greater') on per-replicate mean motivation (no wrong content
    minus default), 20 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    accurate = run("behaviour.incorrect_rate=0")
    default = run()
    assert_paired_greater(per_replicate(accurate, "motivation"), per_replicate(default, "motivation"),
                          what="motivation")


def _update_from(m, snapshot, **today):
    """Restore the state `snapshot`, set today's per-member arrays, run motivation.update once."""
    st, g = m.state, m.groups
    for name, value in snapshot.items():
        target = g if name in ("volume", "offtopic_recent") else st
        getattr(target, name)[:] = value
    for name, value in today.items():
        getattr(st, name)[:] = value
    motivation.update(m, m.today)
    return st.motivation.copy()


def _snapshot(m):
    st, g = m.state, m.groups
    names = ("motivation", "answers_received", "unanswered", "acted", "reading", "belonging")
    snap = {k: getattr(st, k).copy() for k in names}
    snap.update(volume=g.volume.copy(), offtopic_recent=g.offtopic_recent.copy())
    return snap


def test_an_unanswered_question_lowers_the_askers_motivation(fresh_model):
    """Unit (E11): "an unanswered ... question lowers the asker's motivation". From the same
    state, members whose question expired unanswered today end with lower motivation than
    without it, and nobody else changes."""
    m = fresh_model()
    m.run_for(7)
    snap = _snapshot(m)
    st = m.state
    n = m.n_teachers
    unlucky = st.present & (st.motivation > 0.05) & (np.arange(n) % 2 == 0)
    assert unlucky.any()
    base = _update_from(m, snap, unanswered=np.zeros(n))
    hurt = _update_from(m, snap, unanswered=unlucky.astype(float))
    assert (hurt[unlucky] < base[unlucky]).all()
    assert np.array_equal(hurt[~unlucky], base[~unlucky])


def test_an_answered_question_raises_the_askers_motivation(fresh_model):
    """Unit (E11): getting one's question answered is value: from the same state, members who
    received an answer today end with higher motivation than without it."""
    m = fresh_model()
    m.run_for(7)
    snap = _snapshot(m)
    st = m.state
    n = m.n_teachers
    lucky = st.present & (st.motivation < 0.95) & (np.arange(n) % 2 == 1)
    base = _update_from(m, snap, answers_received=np.zeros(n), unanswered=np.zeros(n))
    helped = _update_from(m, snap, answers_received=lucky.astype(float), unanswered=np.zeros(n))
    assert (helped[lucky] > base[lucky]).all()
    assert np.array_equal(helped[~lucky], base[~lucky])


def test_motivation_stays_in_range_and_absent_members_do_not_change(fresh_model):
    """Unit: after update motivation is in [0, 1] and members not present keep their value."""
    m = fresh_model()
    m.run_for(7)
    st = m.state
    st.present[::4] = False
    before = st.motivation.copy()
    st.unanswered[:] = 5.0
    motivation.update(m, m.today)
    assert ((st.motivation >= 0) & (st.motivation <= 1)).all()
    assert np.array_equal(st.motivation[~st.present], before[~st.present])
