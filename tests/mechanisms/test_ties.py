"""Who helped whom: answering builds ties, and tied members answer each other
(simulation/mechanisms/ties.py; E11, E6)."""

import numpy as np

from simulation import simulate_many
from simulation.mechanisms import ties


def test_ties_get_more_questions_answered(assert_paired_greater):
    """Reciprocity (Faraj & Johnson 2011): members tied to an asker take up their questions, so
    more questions are answered. Scenarios: policy=dime_recommended (a group where members
    answer each other) with behaviour.tie_pull at its default vs 0. Test: one-sided paired
    Wilcoxon signed-rank test (alternative='greater') on the per-replicate answered share,
    40 replicates x 26 weeks, seed 3; p < 0.01. (Direct give-back itself stays rare, about 2%
    of peer answers, too rare to test at this size.)"""
    base = ["population=tanzania_maths", "policy=dime_recommended", "replicates=40", "weeks=26",
            "progress=false"]
    tied, untied = simulate_many([base, [*base, "behaviour.tie_pull=0"]], seed=3)
    assert_paired_greater(tied.summary.groupby("replicate").answered_share.mean(),
                          untied.summary.groupby("replicate").answered_share.mean(),
                          what="answered share")


def test_a_tied_reader_is_one_who_helped_or_was_helped_by_the_asker(fresh_model, ask_questions):
    """Unit: tied_reader gives, for each question, a member tied to its asker (either way) who
    reads today, or -1 when none reads; partners counts each member's distinct ties."""
    m = fresh_model()
    m.run_for(2)
    st = m.state
    a, b, c, d = m.group_start[0] + np.arange(4)
    m.ties = np.empty(0, np.int64)
    ties.record(m, np.array([b, a]), np.array([a, c]))  # b helped a; a helped c
    rows = ask_questions(m, [a, d, c], m.today.index)
    st.reading[:] = False
    st.reading[[b, c]] = True
    found = ties.tied_reader(m, rows, np.array([a, d, c]))
    assert found[0] in (b, c) and found[1] == -1 and found[2] == -1  # c's only tie, a, is away
    st.reading[a] = True
    found = ties.tied_reader(m, rows, np.array([a, d, c]))
    assert found[0] in (b, c) and found[1] == -1 and found[2] == a
    assert (ties.partners(m)[[a, b, c, d]] == [2, 1, 1, 0]).all()
