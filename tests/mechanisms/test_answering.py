"""Peers answer open questions (simulation/mechanisms/answering.py; EVIDENCE.md E11, E16, E8)."""

import numpy as np

from simulation.board import KIND
from simulation.mechanisms import answering, posting


def _askers_active_weeks(result):
    """Per replicate: mean number of active weeks of the members who asked at least once."""
    m = result.members
    return m[m.questions > 0].groupby("replicate").active_weeks.mean()


def _answers_per_question(result):
    totals = result.weekly.groupby("replicate")[["answers", "questions"]].sum()
    return totals.answers / totals.questions


def test_faster_peer_replies_retain_askers_longer(run, assert_paired_greater):
    """E11: "groups with faster replies retain askers longer".

    Scenarios: behaviour.answer_rate=0.6 (default) vs 0.05 (peers rarely reply), no other support.
    Checks (a) more questions get a peer answer and (b) members who asked stay active for more
    weeks. Test: one-sided paired Wilcoxon signed-rank test (alternative='greater') on the
    per-replicate answered share and on the per-replicate mean active weeks of askers;
    160 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference for both. (At 40
    replicates the askers' weeks missed p < 0.01 on seeds 7 and 11 of seeds 3-12.)
    """
    fast = run(replicates=160)
    slow = run("behaviour.answer_rate=0.05", replicates=160)
    assert_paired_greater(fast.summary.set_index("replicate").answered_share,
                          slow.summary.set_index("replicate").answered_share,
                          what="answered share")
    assert_paired_greater(_askers_active_weeks(fast), _askers_active_weeks(slow),
                          what="askers' active weeks")


def test_diverse_groups_can_answer_more_of_their_own_questions(run, assert_paired_greater):
    """E16: "a trade-off curve between homogeneity and answer rate" -- the answer-rate side.

    Scenarios: policy.homogeneity=0.1 (mixed expertise) vs 0.9 (similar profiles). A diverse group
    holds more members above a question's difficulty, so peers answer a larger share of the
    questions asked (answers / questions over the run). (The trust side of the trade-off is in
    test_trust.py.) Test: one-sided paired Wilcoxon signed-rank test (alternative='greater') on
    per-replicate answers/questions, 20 replicates x 26 weeks, seed 3; p < 0.01 and a positive
    mean difference.
    """
    diverse = run("policy.homogeneity=0.1")
    similar = run("policy.homogeneity=0.9")
    assert_paired_greater(_answers_per_question(diverse), _answers_per_question(similar),
                          what="peer answers per question")


def test_scheduled_slot_raises_the_reply_rate(run, assert_paired_greater):
    """E8: "a scheduled slot raises activity and reply rates" -- the reply-rate side.

    Scenarios: policy.scheduled_slot=true vs false. Members online together answer more of the
    open questions (slot_boost). Test: one-sided paired Wilcoxon signed-rank test
    (alternative='greater') on the per-replicate share of questions answered, 80 replicates x 26
    weeks (a group answers a few dozen questions: a noisy share), seed 3; p < 0.01 and a positive
    mean difference. (The activity side is in test_workload.py.)
    """
    slot = run("policy.scheduled_slot=true", replicates=80)
    none = run(replicates=80)
    assert_paired_greater(slot.summary.set_index("replicate").answered_share,
                          none.summary.set_index("replicate").answered_share,
                          what="answered share")


def test_only_todays_readers_answer_and_never_their_own_question(fresh_model):
    """Unit: answers come from members reading today, never from the asker, and each answered
    question is closed with a reply delay of at least 24 h per whole day it waited."""
    m = fresh_model()
    m.run_for(7)
    m.state.reading[:] = m.state.present   # many helpers around ...
    m.state.reading[::4] = False           # ... but not everybody
    m.state.expertise[:] = 1.0             # ... and all of them able to answer
    posting.gather_readers(m, m.today)
    board = m.board
    assert len(board.open) > 0, "need open questions for this check"
    first = board.events.size
    open_before = board.open.copy()
    answering.answer(m, m.today)
    ev = board.events
    new = slice(first, ev.size)
    answers = ev["kind"][new] == KIND["answer"]
    helpers = ev["author"][new][answers]
    assert len(helpers) > 0
    assert m.state.reading[helpers].all()
    q = board.questions
    question_row = {e: r for r, e in enumerate(q["event"])}
    rows = np.array([question_row[e] for e in ev["reply_to"][new][answers]])
    assert np.isin(rows, open_before).all()
    assert (q["asker"][rows] != helpers).all()
    assert (q["answered_day"][rows] == m.today.index).all()
    waited = m.today.index - q["day"][rows]
    assert (q["reply_hours"][rows] >= 24.0 * waited).all()
    assert not np.isin(rows, board.open).any()


def test_nobody_answers_when_nobody_reads(fresh_model):
    """Unit: with no member reading today, peers answer nothing and every question stays open."""
    m = fresh_model()
    m.run_for(7)
    open_before = m.board.open.copy()
    m.state.reading[:] = False
    posting.gather_readers(m, m.today)
    first = m.board.events.size
    answering.answer(m, m.today)
    assert m.board.events.size == first
    assert np.array_equal(m.board.open, open_before)
