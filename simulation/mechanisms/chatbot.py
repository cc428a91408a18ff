"""A chatbot answers what peers leave unanswered (E19).

Each day, every question still open `behaviour.chatbot_delay_days` or more days after it was
asked gets an automated answer with chance CHATBOT_REACH, correct with chance
`behaviour.chatbot_accuracy`; its reply delay is computed like a peer's (`answering.reply_hours`). Whether a chatbot
crowds out peer replies is an open question in the sources: `behaviour.chatbot_crowding` (default
0) scales peers' answering down when it is set. Reads `policy.chatbot`,
`behaviour.chatbot_delay_days`, `behaviour.chatbot_accuracy`, `behaviour.chatbot_crowding`.
"""

import numpy as np

from simulation.board import CHATBOT
from simulation.mechanisms.experts import close_with

CHATBOT_REACH = 0.9  # assumption: a few questions are outside what the bot handles


def answer(model, day) -> None:
    if not model.settings.policy.chatbot:
        return
    b, board = model.settings.behaviour, model.board
    rows = board.open[board.age(board.open, day.index) >= b.chatbot_delay_days]
    rows = rows[model.chance(np.full(len(rows), CHATBOT_REACH))]
    close_with(model, day, rows, "chatbot_answer", CHATBOT, b.chatbot_accuracy)
