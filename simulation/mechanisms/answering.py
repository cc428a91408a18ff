"""Peers answer open questions, if someone online knows the answer (E11, E16, E8).

For an open question in group g:
  W_g    = sum over members reading today of tendency * motivation       (who is around to help)
  p_try  = 1 - exp(-answer_rate * W_g * relevance * slot * (1 - crowding))
  relevance = relevance_base + (1 - relevance_base) * homogeneity          (E16: similar peers
            find each other's questions relevant)
  slot   = 1 + slot_boost under `policy.scheduled_slot` (E8: members are online together)
A helper j is drawn among today's readers with chance proportional to tendency * motivation *
(0.2 + expertise); but where the asker is tied to members reading today (`ties`: who helped
whom), with chance tie_pull one of them takes the question up instead, even if p_try did not
draw it. j answers if expertise_j >= difficulty - attempt_slack; the answer is wrong with
chance incorrect_chance(expertise_j) + guess_error where j is below the difficulty. Diverse groups
(low `policy.homogeneity`) hold more members above a question's difficulty (E16 trade-off).
Reply delay: whole days waited * 24 + an exponential wait of reply_hours_slot (with a slot) or
reply_hours_async hours. A question can be answered from the day it is asked until it is
`behaviour.answer_window_days` days old: `expire`, after every answerer, closes the older ones
unanswered and counts them against their askers (today's `unanswered`, read by trust and
motivation).
Reads `policy.homogeneity`, `policy.scheduled_slot`, `policy.chatbot`, `policy.experts`,
`behaviour.relevance_base`, `behaviour.attempt_slack`, `behaviour.guess_error`, `behaviour.answer_rate`, `behaviour.slot_boost`, `behaviour.reply_hours_async`,
`behaviour.reply_hours_slot`, `behaviour.chatbot_crowding`, `behaviour.answer_window_days`,
`behaviour.incorrect_rate`, `behaviour.expert_accuracy_gain`, and through `ties`
`behaviour.tie_pull`.
"""

import numpy as np

from simulation.mechanisms import ties
from simulation.mechanisms.posting import incorrect_chance
from simulation.parameters import at



def relevance(params):
    """How relevant members find each other's questions, per group (E16)."""
    b = params.behaviour
    return b.relevance_base + (1 - b.relevance_base) * params.policy.homogeneity


def reply_hours(model, rows: np.ndarray, day) -> np.ndarray:
    """Hours from asking to the answer given today, for questions `rows` (registry positions):
    the whole days waited, then an exponential wait with the group's mean."""
    b, policy = model.params.behaviour, model.params.policy
    mean = np.where(policy.scheduled_slot, b.reply_hours_slot, b.reply_hours_async)
    wait = at(mean, model.board.questions["group"][rows]) * -np.log(model.draw_questions("reply_hours", rows))
    return 24.0 * model.board.age(rows, day.index) + wait


def answer(model, day) -> None:
    st, p, board = model.state, model.params, model.board
    b, policy = p.behaviour, p.policy
    rows = board.open
    if len(rows) == 0:
        return
    q = board.questions
    groups, askers, difficulty = q["group"][rows], q["asker"][rows], q["difficulty"][rows]

    readers = model.readers
    willing = model.readers_tendency * st.motivation[readers]
    slot = 1 + b.slot_boost * policy.scheduled_slot
    crowding = 1 - b.chatbot_crowding * policy.chatbot
    around = np.bincount(st.group[readers], weights=willing, minlength=model.n_groups)
    intensity = (at(b.answer_rate, groups) * around[groups] * at(relevance(p), groups)
                 * at(slot, groups) * at(crowding, groups))
    tied = ties.tied_reader(model, rows, askers)
    pulled = (tied >= 0) & (model.draw_questions("tie_pull", rows) < at(b.tie_pull, groups))
    trying = pulled | (model.draw_questions("answer_try", rows) < 1 - np.exp(-intensity))
    if not trying.any():  # often so in small groups: nothing more to draw
        return
    rows, groups, askers, difficulty = rows[trying], groups[trying], askers[trying], difficulty[trying]

    helper = model.pick_in_groups(model.draw_questions("helper", rows), groups, readers,
                                  willing * (0.2 + st.expertise[readers]))
    helper = np.where(pulled[trying], tied[trying], helper)  # a tied member took it up
    able = st.expertise[helper] >= difficulty - at(b.attempt_slack, groups)
    done = (helper >= 0) & (helper != askers) & able
    rows, helper, groups, askers = rows[done], helper[done], groups[done], askers[done]
    below = st.expertise[helper] < difficulty[done]
    p_wrong = np.minimum(incorrect_chance(model, helper) + at(b.guess_error, groups) * below, 1)
    wrong = model.draw_questions("answer_wrong", rows) < p_wrong

    model.publish("answer", helper, reply_to=q["event"][rows], correct=(~wrong).astype(np.int8))
    ties.record(model, helper, askers)
    np.add.at(st.answers, helper, 1)
    np.add.at(st.answers_received, askers, 1.0)
    board.close(rows, day.index, reply_hours(model, rows, day))


def expire(model, day) -> None:
    """Close the open questions that reached `behaviour.answer_window_days` unanswered; count
    them against their askers."""
    board = model.board
    window = at(model.params.behaviour.answer_window_days, board.questions["group"][board.open])
    np.add.at(model.state.unanswered, board.expire(day.index, window), 1.0)
