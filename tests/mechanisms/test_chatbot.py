"""A chatbot answers what peers leave unanswered (simulation/mechanisms/chatbot.py; E19)."""

import numpy as np

from simulation.board import CHATBOT
from simulation.board import KIND
from simulation.mechanisms import chatbot


def test_chatbot_lowers_the_unanswered_share(run, assert_paired_greater):
    """E19: "unanswered share falls" with an automated answerer.

    Scenarios: policy.chatbot=false vs true (default chatbot_crowding=0). Test: one-sided paired
    Wilcoxon signed-rank test (alternative='greater') on the per-replicate share of questions
    left unanswered (1 - answered_share), no chatbot minus chatbot; 20 replicates x 26 weeks,
    seed 3; p < 0.01 and a positive mean difference.
    """
    bot = run("policy.chatbot=true").summary.set_index("replicate")
    none = run().summary.set_index("replicate")
    assert_paired_greater(1 - none.answered_share, 1 - bot.answered_share,
                          what="unanswered share")


def _peer_answers_per_question(result):
    totals = result.weekly.groupby("replicate")[["answers", "questions"]].sum()
    return totals.answers / totals.questions


def test_chatbot_crowding_knob_reduces_peer_replies(run, assert_paired_greater):
    """E19: the effect on peer replies "is an open question"; `behaviour.chatbot_crowding` is the
    knob that encodes it, so setting it must lower peers' replies (direction of the knob).

    Scenarios (both with a chatbot): chatbot_crowding=0 vs 0.5. Metric: peer answers per
    question asked over the run (weekly counts are mostly zeros and move with the number of
    questions). Test: one-sided paired Wilcoxon signed-rank test (alternative='greater'), 40
    replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    no_crowding = run("policy.chatbot=true", replicates=40)
    crowding = run("policy.chatbot=true", "behaviour.chatbot_crowding=0.5", replicates=40)
    assert_paired_greater(_peer_answers_per_question(no_crowding),
                          _peer_answers_per_question(crowding), what="peer answers per question")


def test_chatbot_answers_only_questions_waiting_at_least_its_delay(fresh_model, ask_questions):
    """Unit: the chatbot closes only questions open for >= chatbot_delay_days (with chance
    behaviour.chatbot_reach each), as author CHATBOT; younger questions stay open."""
    m = fresh_model("policy.chatbot=true")
    m.run_for(7)
    delay = m.settings.behaviour.chatbot_delay_days
    assert delay >= 1, "the shipped delay leaves same-day questions to peers"
    board, today = m.board, m.today.index
    board.open = np.empty(0, np.int64)  # only the questions registered below
    askers = np.flatnonzero(m.state.present)[:20]
    old = np.concatenate([ask_questions(m, askers, today - delay), ask_questions(m, askers, today - delay - 2)])
    young = ask_questions(m, askers, today - delay + 1)
    first = board.events.size
    chatbot.answer(m, m.today)
    ev = board.events
    new = slice(first, ev.size)
    assert ev.size > first
    assert (ev["kind"][new] == KIND["chatbot_answer"]).all()
    assert (ev["author"][new] == CHATBOT).all()
    assert np.isin(ev["reply_to"][new], board.questions["event"][old]).all()
    assert (board.questions["answered_day"][young] < 0).all()
    assert np.isin(young, board.open).all()


def test_no_chatbot_no_automated_answers(fresh_model):
    """Unit: without policy.chatbot the mechanism does nothing."""
    m = fresh_model()
    m.run_for(7)
    open_before = m.board.open.copy()
    first = m.board.events.size
    chatbot.answer(m, m.today)
    assert m.board.events.size == first
    assert np.array_equal(m.board.open, open_before)
    assert not (m.board.events["kind"] == KIND["chatbot_answer"]).any()
