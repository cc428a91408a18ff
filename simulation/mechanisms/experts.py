"""Subject experts answer what peers could not, and check accuracy (E15).

Each day an expert answers each question open since an earlier day with chance
`behaviour.expert_answer_rate`, correctly with chance `behaviour.expert_accuracy`; their presence also cuts
the chance that members' content is wrong (`posting.incorrect_chance`). With
`policy.experts=evaluator` they are perceived as control and weigh on asking like a supervisor
(`supervisor.pressure`). Reads `policy.experts`, `behaviour.expert_answer_rate`,
`behaviour.expert_accuracy_gain`.
"""

import numpy as np

from simulation.board import EXPERT
from simulation.mechanisms.answering import reply_hours
from simulation.parameters import at


def answer(model, day) -> None:
    p, board = model.params, model.board
    if not np.any(p.policy.experts != "none"):
        return
    q = board.questions
    rows = board.open[board.age(board.open, day.index) >= 1]
    rows = rows[at(p.policy.experts != "none", q["group"][rows])]
    rate = at(p.behaviour.expert_answer_rate, q["group"][rows])
    rows = rows[model.draw_questions("expert", rows) < rate]
    accuracy = at(p.behaviour.expert_accuracy, q["group"][rows])
    close_with(model, day, rows, "expert_answer", EXPERT, accuracy, "expert_correct")


def close_with(model, day, rows: np.ndarray, kind: str, author: int, accuracy, site: str) -> None:
    """Answer questions `rows` by a non-teacher author (also used by the chatbot); `accuracy`:
    the chance each answer is right (one value, or one per question), drawn at `site`."""
    board, st = model.board, model.state
    q = board.questions
    correct = (model.draw_questions(site, rows) < accuracy).astype(np.int8)
    model.publish(kind, np.full(len(rows), author), groups=q["group"][rows],
                  reply_to=q["event"][rows], correct=correct)
    np.add.at(st.answers_received, q["asker"][rows], 1.0)
    board.close(rows, day.index, reply_hours(model, rows, day))
