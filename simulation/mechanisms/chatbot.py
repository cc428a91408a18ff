"""A chatbot answers what peers leave unanswered (E19).

Each day, every question still open `behaviour.chatbot_delay_days` or more days after it was
asked gets an automated answer with chance `behaviour.chatbot_reach`, correct with chance
`behaviour.chatbot_accuracy`; its reply delay is computed like a peer's (`answering.reply_hours`). Whether a chatbot
crowds out peer replies is an open question in the sources: `behaviour.chatbot_crowding` (default
0) scales peers' answering down when it is set. Reads `policy.chatbot`,
`behaviour.chatbot_delay_days`, `behaviour.chatbot_accuracy`, `behaviour.chatbot_crowding`.
"""

import numpy as np

from simulation.board import CHATBOT
from simulation.mechanisms.experts import close_with
from simulation.parameters import at


def answer(model, day) -> None:
    p, board = model.params, model.board
    if not np.any(p.policy.chatbot):
        return
    b, q = p.behaviour, board.questions
    groups = q["group"][board.open]
    waited = board.age(board.open, day.index) >= at(b.chatbot_delay_days, groups)
    rows = board.open[waited & at(p.policy.chatbot, groups)]
    rows = rows[model.draw_questions("chatbot", rows) < at(b.chatbot_reach, q["group"][rows])]
    close_with(model, day, rows, "chatbot_answer", CHATBOT, at(b.chatbot_accuracy, q["group"][rows]),
               "chatbot_correct")
