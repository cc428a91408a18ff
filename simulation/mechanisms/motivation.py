"""Motivation erodes when what a teacher gets from the group is below what it costs (E1, E11, E12).

Daily, for each present member:
  value = reading * content_g + ANSWER_VALUE * [a question of theirs was answered]
          + BELONGING_VALUE * belonging * [took part today]      (E2, E10: belonging makes persistent)
  cost  = reading * participation_cost * (workload_today + overload_g)
  net   = value - cost - UNANSWERED_PENALTY * expired questions - IDLE_DRIFT * [did not read]
  motivation += learning_rate * (net * (1 - motivation) if net > 0 else net * motivation)
content_g = habituation * relevance * useful_g / (useful_g + CONTENT_HALF) * (1 - offtopic_g / max(messages_g, 1))
            - WRONG_WEIGHT * wrong_g / (messages_g + 1),
habituation = CONTENT_FLOOR + (1 - CONTENT_FLOOR) * exp(-weeks_elapsed / content_habituation_weeks)
(what a teacher learns from the same peers wears off), where
useful counts today's questions, answers (peer, expert, chatbot), shares, prompts and recognitions
that are not wrong, off-topic chatter dilutes it (E4), and
relevance rises with homogeneity (E16). So value falls as the group goes quiet, off-topic or wrong
(E4), which is the collapse loop of E1. The group's recent volume and off-topic share, which set
tomorrow's reading overload and signal share (`reading`), are updated here too. Reads `behaviour.learning_rate`,
`behaviour.participation_cost`, `behaviour.content_habituation_weeks`, `policy.homogeneity`, and
through `reading.overload` `behaviour.overload_messages`.
"""

import numpy as np

from simulation.board import KIND, kind_table
from simulation.mechanisms.answering import RELEVANCE_BASE
from simulation.mechanisms.reading import overload

CONTENT_HALF = 6.0  # assumption: useful messages a day at which reading is half as good as it gets
ANSWER_VALUE = 0.25 # assumption: getting one's question answered is the main value (E11)
BELONGING_VALUE = 0.2  # assumption
UNANSWERED_PENALTY = 1.5  # assumption
WRONG_WEIGHT = 2.0  # assumption: wrong content costs a reader twice what a useful message gives
IDLE_DRIFT = 0.05  # assumption: out of sight, out of mind
CONTENT_FLOOR = 0.4  # assumption: the share of reading value that never wears off
MEMORY = 0.7  # assumption: weight of yesterday in the recent volume and off-topic share
USEFUL = kind_table("question", "answer", "share", "prompt", "recognition", "expert_answer",
                    "chatbot_answer")


def update(model, day) -> None:
    st, g, p = model.state, model.groups, model.params
    b = p.behaviour
    events = model.board.events
    today = slice(model.first_event_today, events.size)
    kinds, groups, correct = events["kind"][today], events["group"][today], events["correct"][today]
    messages = np.bincount(groups[kinds != KIND["reaction"]], minlength=model.n_groups)
    useful = np.bincount(groups[USEFUL[kinds] & (correct != 0)], minlength=model.n_groups)
    wrong = np.bincount(groups[correct == 0], minlength=model.n_groups)
    offtopic = np.bincount(groups[kinds == KIND["offtopic"]], minlength=model.n_groups)

    relevance = RELEVANCE_BASE + (1 - RELEVANCE_BASE) * p.policy.homogeneity
    habituation = CONTENT_FLOOR + (1 - CONTENT_FLOOR) * np.exp(
        -(day.index / 7) / b.content_habituation_weeks)
    on_topic = 1 - offtopic / np.maximum(messages, 1)
    content = (habituation * relevance * useful / (useful + CONTENT_HALF) * on_topic
               - WRONG_WEIGHT * wrong / (messages + 1))

    # A member who did not read, was not answered and lost no question today has net = -IDLE_DRIFT
    # exactly (every other term is zero), so the full formula runs on the others only; the
    # numbers are the same as computing it for everyone.
    involved = np.flatnonzero(st.reading | (st.answers_received > 0) | (st.unanswered > 0))
    involved_motivation = _updated_motivation(model, involved, content, overload(model))
    idle = model.param(b.learning_rate * -IDLE_DRIFT) * st.motivation  # stays in [0, 1]: learning_rate <= 1
    idle *= st.present
    st.motivation += idle
    st.motivation[involved] = involved_motivation

    g.volume[:] = MEMORY * g.volume + (1 - MEMORY) * messages
    g.offtopic_recent[:] = MEMORY * g.offtopic_recent + (1 - MEMORY) * offtopic / np.maximum(messages, 1)


def _updated_motivation(model, teachers: np.ndarray, content: np.ndarray,
                        overload_g: np.ndarray) -> np.ndarray:
    """Tomorrow's motivation of `teachers` (indices), from the formula in the module docstring."""
    st, b = model.state, model.params.behaviour
    reading, group = st.reading[teachers], st.group[teachers]
    value = (reading * content[group] + ANSWER_VALUE * np.minimum(st.answers_received[teachers], 1)
             + BELONGING_VALUE * st.belonging[teachers] * st.acted[teachers])
    cost = (reading * model.param(b.participation_cost, teachers)
            * (st.workload_today[teachers] + overload_g[group]))
    net = value - cost - UNANSWERED_PENALTY * st.unanswered[teachers] - IDLE_DRIFT * ~reading
    motivation = st.motivation[teachers]
    room = np.where(net > 0, 1 - motivation, motivation)
    change = model.param(b.learning_rate, teachers) * net * room * st.present[teachers]
    return np.clip(motivation + change, 0.0, 1.0)
