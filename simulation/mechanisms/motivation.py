"""Motivation erodes when what a teacher gets from the group is below what it costs (E1, E11, E12).

Daily, for each present member:
  value = r * content_g + answer_value * [a question of theirs was answered]
          + belonging_value * belonging * [took part today]      (E2, E10: belonging makes persistent)
  cost  = r * participation_cost * (1 - extrinsic) * (workload_today + overload_g)
  net   = value - cost - unanswered_penalty * expired questions - idle_drift * (1 - r)
  motivation += learning_rate * (net * (1 - motivation) if net > 0 else net * motivation)
content_g = habituation * relevance * useful_g / (useful_g + content_half) * (1 - offtopic_g / max(messages_g, 1))
            - wrong_weight * wrong_g / (messages_g + 1),
r is the reading weight: 1 for a member who opened the group today, `behaviour.preview_value` for
one who only glanced at its notification previews (`previews`), else 0;
habituation = content_floor + (1 - content_floor) * exp(-weeks_elapsed / content_habituation_weeks)
(what a teacher learns from the same peers wears off), extrinsic is a payment's drive today
(`incentive.extrinsic`: the reading a payment brings about is paid for, so it costs the reader no
motivation; X2), and where
useful counts today's questions, answers (peer, expert, chatbot), shares, prompts and recognitions
that are not wrong, off-topic chatter dilutes it (E4), and
relevance rises with homogeneity (E16, `answering.relevance`). So value falls as the group goes
quiet, off-topic or wrong (E4), which is the collapse loop of E1. Reads `behaviour.learning_rate`,
`behaviour.participation_cost`, `behaviour.content_habituation_weeks`, `behaviour.content_floor`,
`behaviour.content_half`, `behaviour.answer_value`, `behaviour.belonging_value`,
`behaviour.unanswered_penalty`, `behaviour.wrong_weight`, `behaviour.idle_drift`,
`policy.homogeneity`, and through `reading.overload`
`behaviour.overload_messages`, through `previews` `behaviour.preview_value`.
"""

import numpy as np

from simulation.board import kind_table
from simulation.mechanisms.answering import relevance
from simulation.mechanisms.incentive import extrinsic
from simulation.mechanisms.previews import glancing, reading_weight
from simulation.mechanisms.reading import overload, todays_messages

USEFUL = kind_table("question", "answer", "share", "prompt", "recognition", "expert_answer",
                    "chatbot_answer")


def update(model, day) -> None:
    st, p = model.state, model.params
    b = p.behaviour
    events = model.board.events
    today = slice(model.first_event_today, events.size)
    kinds, groups, correct = events["kind"][today], events["group"][today], events["correct"][today]
    messages, offtopic = todays_messages(model)
    useful = np.bincount(groups[USEFUL[kinds] & (correct != 0)], minlength=model.n_groups)
    wrong = np.bincount(groups[correct == 0], minlength=model.n_groups)

    habituation = b.content_floor + (1 - b.content_floor) * np.exp(
        -(day.index / 7) / b.content_habituation_weeks)
    on_topic = 1 - offtopic / np.maximum(messages, 1)
    content = (habituation * relevance(p) * useful / (useful + b.content_half) * on_topic
               - b.wrong_weight * wrong / (messages + 1))

    # A member who did not read or glance, was not answered and lost no question today has
    # net = -idle_drift exactly (every other term is zero), so the full formula runs on the others
    # only; the numbers are the same as computing it for everyone.
    glanced = glancing(model, messages)
    involved = np.flatnonzero(st.reading | glanced | (st.answers_received > 0) | (st.unanswered > 0))
    involved_motivation = _updated_motivation(model, involved, content, overload(model), glanced)
    idle = model.param(b.learning_rate * -b.idle_drift) * st.motivation  # stays in [0, 1]: both <= 1
    idle *= st.present
    st.motivation += idle
    st.motivation[involved] = involved_motivation


def _updated_motivation(model, teachers: np.ndarray, content: np.ndarray,
                        overload_g: np.ndarray, glanced: np.ndarray) -> np.ndarray:
    """Tomorrow's motivation of `teachers` (indices), from the formula in the module docstring."""
    st, b = model.state, model.params.behaviour
    r, group = reading_weight(model, teachers, glanced), st.group[teachers]
    def p(value):  # a parameter's value for each of `teachers`
        return model.param(value, teachers)

    value = (r * content[group] + p(b.answer_value) * np.minimum(st.answers_received[teachers], 1)
             + p(b.belonging_value) * st.belonging[teachers] * st.acted[teachers])
    covered = model.param(extrinsic(model, model.today), teachers)  # the reading a payment buys
    cost = (r * model.param(b.participation_cost, teachers) * (1 - covered)
            * (st.workload_today[teachers] + overload_g[group]))
    net = (value - cost - p(b.unanswered_penalty) * st.unanswered[teachers]
           - p(b.idle_drift) * (1 - r))
    motivation = st.motivation[teachers]
    room = np.where(net > 0, 1 - motivation, motivation)
    change = model.param(b.learning_rate, teachers) * net * room * st.present[teachers]
    return np.clip(motivation + change, 0.0, 1.0)
