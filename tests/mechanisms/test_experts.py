"""Subject experts answer and check accuracy; as evaluators they weigh on asking
(simulation/mechanisms/experts.py; E15)."""

import numpy as np

from simulation import simulate_many
from simulation.board import EXPERT, KIND
from simulation.config import load_settings
from simulation.mechanisms import experts


def test_support_experts_raise_answered_share_and_lower_incorrect_share(run, assert_paired_greater):
    """E15: "expert presence raises answered share and lowers incorrect share".

    Scenarios: policy.experts=support vs none. Tests: one-sided paired Wilcoxon signed-rank tests
    (alternative='greater') on per-replicate answered_share (experts minus none) and
    incorrect_share (none minus experts), 20 replicates x 26 weeks, seed 3; p < 0.01 and a
    positive mean difference for both.
    """
    with_experts = run("policy.experts=support").summary.set_index("replicate")
    none = run().summary.set_index("replicate")
    assert_paired_greater(with_experts.answered_share, none.answered_share, what="answered share")
    assert_paired_greater(none.incorrect_share, with_experts.incorrect_share, what="incorrect share")


def test_experts_seen_as_evaluators_suppress_questions(run, per_replicate, assert_paired_greater):
    """E15 (with E5): experts "must be seen as support, not control"; seen as evaluators they act
    like supervisors and teachers ask less.

    Scenarios: policy.experts=support vs evaluator. Test: one-sided paired Wilcoxon signed-rank
    test (alternative='greater') on per-replicate mean weekly questions (support minus
    evaluator), 20 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    support = run("policy.experts=support")
    evaluator = run("policy.experts=evaluator")
    assert_paired_greater(per_replicate(support, "questions"), per_replicate(evaluator, "questions"),
                          what="weekly questions")


def test_experts_answer_only_questions_open_since_an_earlier_day(fresh_model, ask_questions):
    """Unit: with expert_answer_rate=1 and ample hours the expert closes every question asked
    before today (as author EXPERT, accurate with chance behaviour.expert_accuracy), and none
    asked today."""
    m = fresh_model("policy.experts=support", "behaviour.expert_answer_rate=1.0",
                    "behaviour.expert_hours=100")
    m.run_for(7)
    board, today = m.board, m.today.index
    board.open = np.empty(0, np.int64)  # only the questions registered below
    askers = np.flatnonzero(m.state.present)[:10]
    older = np.concatenate([ask_questions(m, askers, today - 1), ask_questions(m, askers, today - 4)])
    fresh = ask_questions(m, askers, today)
    first = board.events.size
    experts.answer(m, m.today)
    ev = board.events
    new = slice(first, ev.size)
    assert (ev["kind"][new] == KIND["expert_answer"]).all()
    assert (ev["author"][new] == EXPERT).all()
    assert (board.questions["answered_day"][older] == today).all()
    assert (board.questions["answered_day"][fresh] < 0).all()
    assert np.array_equal(np.sort(board.open), np.sort(fresh))


def test_no_experts_no_expert_answers(fresh_model):
    """Unit: with policy.experts=none the mechanism does nothing."""
    m = fresh_model()
    m.run_for(7)
    first = m.board.events.size
    experts.answer(m, m.today)
    assert m.board.events.size == first


def test_experts_answer_the_oldest_questions_within_the_weeks_hours(fresh_model, ask_questions):
    """Unit (X4): with expert_answer_rate=1 and hours for 3 answers a week, a group with 5
    questions open since earlier days gets its 3 oldest answered today, minus the expert answers
    it already had this week; the rest stay open."""
    m = fresh_model("policy.experts=support", "behaviour.expert_answer_rate=1.0",
                    "behaviour.expert_hours=1", "behaviour.expert_answer_minutes=20")
    m.run_for(7 + 2)  # the week's first expert answers are the ones below
    board, today = m.board, m.today.index
    board.open = np.empty(0, np.int64)
    members = np.flatnonzero(m.state.present & (m.state.group == 0))[:5]
    rows = np.concatenate([ask_questions(m, members[[i]], today - 5 + i) for i in range(5)])
    already = experts.capacity_left(m)[0]
    assert 0 < already <= 3
    experts.answer(m, m.today)
    answered = board.questions["answered_day"][rows] == today
    assert answered.tolist() == [True] * int(already) + [False] * (5 - int(already))
    assert experts.capacity_left(m)[0] == 0


def test_experts_answer_a_smaller_share_of_a_busier_groups_questions(assert_paired_greater):
    """X4 (limited hours) through volume: when members ask twice as much, the experts' fixed
    hours cover a smaller share of the questions, and only because of those hours. Scenarios:
    policy=dime_recommended (experts as support) with behaviour.question_rate at its default vs
    doubled, with the shipped behaviour.expert_hours and with ample hours (100). Metric: expert
    answers / questions per replicate. Tests: one-sided paired Wilcoxon signed-rank tests
    (alternative='greater'), default minus busy, 20 replicates x 26 weeks, seed 3; p < 0.01 with
    the shipped hours; with ample hours the drop is less than a fifth of it."""
    rate = 2 * load_settings([]).behaviour.question_rate
    base = ["population=tanzania_maths", "policy=dime_recommended", "replicates=20", "weeks=26",
            "progress=false"]
    runs = simulate_many([[*base, *hours, *busy] for hours in ([], ["behaviour.expert_hours=100"])
                          for busy in ([], [f"behaviour.question_rate={rate}"])], seed=3)

    def expert_share(result):
        kinds = result.events.groupby("replicate").kind.value_counts().unstack()
        return kinds["expert_answer"] / kinds["question"]
    drop, _ = assert_paired_greater(expert_share(runs[0]), expert_share(runs[1]),
                                    what="expert-answered share, shipped hours")
    ample = (expert_share(runs[2]) - expert_share(runs[3])).mean()
    assert ample < drop / 5, f"with ample hours the share drops by {ample:.3f}, capped {drop:.3f}"
