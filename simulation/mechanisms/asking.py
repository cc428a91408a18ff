"""Asking for help needs trust and psychological safety (E5, E6), and is what novices need (E2).

p_ask = question_rate * tendency * need * trust * (1 - pressure), for members reading today, with
need = 1 - expertise + novice_need * novice, at most `behaviour.probability_cap`. A question's
difficulty is just beyond the asker: difficulty = expertise + U(difficulty_low, difficulty_low +
difficulty_span), which is what makes an answer exist or not (E16). Reads
`behaviour.question_rate`, `behaviour.novice_need`, `behaviour.difficulty_low`,
`behaviour.difficulty_span`, and through `supervisor.pressure` the supervisor keys.
"""

import numpy as np

from simulation.mechanisms.posting import capped
from simulation.mechanisms.supervisor import pressure


def ask(model, day) -> None:
    st, b = model.state, model.params.behaviour
    readers = model.readers
    if len(readers) == 0:  # nobody reads today: nothing to draw
        return
    need = 1 - st.expertise[readers] + model.param(b.novice_need, readers) * st.novice[readers]
    safety = st.trust[readers] * (1 - pressure(model, readers))
    p = capped(model, model.param(b.question_rate, readers) * model.readers_tendency * need * safety,
               readers)
    askers = readers[model.draw_teachers("ask", readers) < p]
    if len(askers) == 0:  # most days in a small group: nothing to post
        return
    beyond = (model.param(b.difficulty_low, askers)
              + model.param(b.difficulty_span, askers) * model.draw_teachers("difficulty", askers))
    difficulty = np.minimum(st.expertise[askers] + beyond, 1)
    events = model.publish("question", askers)
    np.add.at(st.questions, askers, 1)
    model.board.register_questions(day.index, events, askers, st.group[askers], difficulty)
