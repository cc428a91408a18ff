"""Peers answer open questions, if someone online knows the answer (E11, E16, E8).

For an open question in group g:
  W_g    = sum over members reading today of tendency * motivation       (who is around to help)
  p_try  = 1 - exp(-answer_rate * W_g * relevance * slot * (1 - crowding))
  relevance = RELEVANCE_BASE + (1 - RELEVANCE_BASE) * homogeneity          (E16: similar peers
            find each other's questions relevant)
  slot   = 1 + slot_boost under `policy.scheduled_slot` (E8: members are online together)
A helper j is drawn among today's readers with chance proportional to tendency * motivation *
(0.2 + expertise). j answers if expertise_j >= difficulty - SLACK; the answer is wrong with chance
incorrect_chance(expertise_j) + GUESS_ERROR where j is below the difficulty. Diverse groups
(low `policy.homogeneity`) hold more members above a question's difficulty (E16 trade-off).
Reply delay: whole days waited * 24 + an exponential wait of reply_hours_slot (with a slot) or
reply_hours_async hours. A question can be answered from the day it is asked until it is
`behaviour.answer_window_days` days old (expiry runs after the answerers, in `trust.update`).
Reads `policy.homogeneity`, `policy.scheduled_slot`, `policy.chatbot`, `policy.experts`,
`behaviour.answer_rate`, `behaviour.slot_boost`, `behaviour.reply_hours_async`,
`behaviour.reply_hours_slot`, `behaviour.chatbot_crowding`, `behaviour.answer_window_days`,
`behaviour.incorrect_rate`, `behaviour.expert_accuracy_gain`.
"""

import numpy as np

from simulation.mechanisms.posting import incorrect_chance

RELEVANCE_BASE = 0.6  # assumption
SLACK = 0.1  # assumption: members attempt questions slightly beyond what they know
GUESS_ERROR = 0.5  # assumption: an attempt beyond one's knowledge is wrong half the time


def reply_hours(model, age_days: np.ndarray) -> np.ndarray:
    b, policy = model.settings.behaviour, model.settings.policy
    mean = b.reply_hours_slot if policy.scheduled_slot else b.reply_hours_async
    return 24.0 * age_days + model.rng.exponential(mean, len(age_days))


def answer(model, day) -> None:
    st, b, policy, board = model.state, model.settings.behaviour, model.settings.policy, model.board
    rows = board.open
    if len(rows) == 0:
        return
    q = board.questions
    groups, askers, difficulty = q["group"][rows], q["asker"][rows], q["difficulty"][rows]

    readers = model.readers
    willing = model.readers_tendency * st.motivation[readers]
    relevance = RELEVANCE_BASE + (1 - RELEVANCE_BASE) * policy.homogeneity
    slot = 1 + (b.slot_boost if policy.scheduled_slot else 0.0)
    crowding = 1 - (b.chatbot_crowding if policy.chatbot else 0.0)
    around = np.bincount(st.group[readers], weights=willing, minlength=model.n_groups)
    intensity = b.answer_rate * around[groups] * relevance * slot * crowding
    trying = model.chance(1 - np.exp(-intensity))  # a helper is drawn for these only
    if not trying.any():  # often so in small groups: nothing more to draw
        return
    rows, groups, askers, difficulty = rows[trying], groups[trying], askers[trying], difficulty[trying]

    helper = model.pick_in_groups(groups, readers, willing * (0.2 + st.expertise[readers]))
    able = st.expertise[helper] >= difficulty - SLACK
    done = (helper >= 0) & (helper != askers) & able
    rows, helper, groups, askers = rows[done], helper[done], groups[done], askers[done]
    below = st.expertise[helper] < difficulty[done]
    wrong = model.chance(np.minimum(incorrect_chance(model, st.expertise[helper]) + GUESS_ERROR * below, 1))

    model.publish("answer", helper, reply_to=q["event"][rows], correct=(~wrong).astype(np.int8))
    np.add.at(st.answers, helper, 1)
    np.add.at(st.answers_received, askers, 1.0)
    board.close(rows, day.index, reply_hours(model, board.age(rows, day.index)))
