"""Subject experts answer what peers could not, within their hours, and check accuracy (E15, X4).

Each day an expert takes up each question open since an earlier day with chance
`behaviour.expert_answer_rate`, and answers as many of them, oldest first, as the group's
expert time left this week allows: capacity = expert_hours * 60 / expert_answer_minutes answers
per group and week, less the expert answers already given this week (X4: even the largest
professional Q&A sites leave questions unanswered; experts have limited hours). So the
answered share and the reply delay respond to the volume of questions and the group's size.
An answer is right with chance `behaviour.expert_accuracy`; the experts' presence also cuts the
chance that members' content is wrong (`posting.incorrect_chance`). With
`policy.experts=evaluator` they are perceived as control and weigh on asking like a supervisor
(`supervisor.pressure`). Reads `policy.experts`, `behaviour.expert_answer_rate`,
`behaviour.expert_hours`, `behaviour.expert_answer_minutes`, `behaviour.expert_accuracy`,
`behaviour.expert_accuracy_gain`.
"""

import numpy as np

from simulation.board import EXPERT, KIND
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
    rows = rows[_within_capacity(model, rows)]
    accuracy = at(p.behaviour.expert_accuracy, q["group"][rows])
    close_with(model, day, rows, "expert_answer", EXPERT, accuracy, "expert_correct")


def capacity_left(model) -> np.ndarray:
    """Per group: expert answers the experts still have time for this week."""
    b, events = model.params.behaviour, model.board.events
    this_week = slice(model.first_event_week, events.size)
    given = np.bincount(events["group"][this_week][events["kind"][this_week] == KIND["expert_answer"]],
                        minlength=model.n_groups)
    return np.floor(b.expert_hours * 60 / b.expert_answer_minutes) - given


def _within_capacity(model, rows: np.ndarray) -> np.ndarray:
    """Mask of `rows` (taken-up questions) the experts answer today: per group, the oldest first,
    as many as the week's capacity left."""
    q = model.board.questions
    groups = q["group"][rows]
    order = np.lexsort((q["day"][rows], groups))  # by group, oldest first
    sorted_groups = groups[order]
    rank = np.arange(len(rows)) - np.searchsorted(sorted_groups, sorted_groups, side="left")
    keep = np.empty(len(rows), bool)
    keep[order] = rank < at(capacity_left(model), sorted_groups)
    return keep


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
