"""Asking for help needs trust and psychological safety (E5, E6), and is what novices need (E2).

p_ask = question_rate * tendency * need * trust * (1 - pressure), for members reading today, with
need = 1 - expertise + NOVICE_NEED * novice. A question's difficulty is just beyond the asker:
difficulty = expertise + U(0.05, 0.35), which is what makes an answer exist or not (E16).
Reads `behaviour.question_rate`, and through `supervision.pressure` the supervisor keys.
"""

import numpy as np

from simulation.mechanisms.posting import PROBABILITY_CAP
from simulation.mechanisms.supervision import pressure

NOVICE_NEED = 0.3  # assumption: early-career teachers ("ECTs", 002) have more to ask
DIFFICULTY_LOW, DIFFICULTY_SPAN = 0.05, 0.30  # assumption: a question is U(0.05, 0.35) beyond


def ask(model, day) -> None:
    st, b = model.state, model.params.behaviour
    readers = model.readers
    if len(readers) == 0:  # nobody reads today: nothing to draw
        return
    need = 1 - st.expertise[readers] + NOVICE_NEED * st.novice[readers]
    safety = st.trust[readers] * (1 - pressure(model, readers))
    p = np.minimum(model.param(b.question_rate, readers) * model.readers_tendency * need * safety,
                   PROBABILITY_CAP)
    askers = readers[model.draw_teachers("ask", readers) < p]
    if len(askers) == 0:  # most days in a small group: nothing to post
        return
    beyond = DIFFICULTY_LOW + DIFFICULTY_SPAN * model.draw_teachers("difficulty", askers)
    difficulty = np.minimum(st.expertise[askers] + beyond, 1)
    events = model.publish("question", askers)
    np.add.at(st.questions, askers, 1)
    model.board.register_questions(day.index, events, askers, st.group[askers], difficulty)
