"""The moderator: prompts, encouragement, celebration, norms, and the time it costs (E3, E4, E9, E14).

Who moderates (`policy.moderator.mode`): nobody (`none`), nobody appointed but a leader may emerge
(`bottom_up`, see `emergent_leaders`), one teacher for the whole run (`fixed`), a teacher who
hands over every `rotation_weeks` weeks to the member who has held it least (`rotating`), or a
paid external `facilitator`. A teacher who takes the role, appointed or emergent, gains ownership
(E3, `take_role`): tendency to post rises by `behaviour.ownership`, for good, so rotation turns
more members into contributors, and the first time they take a role motivation rises by
ownership_lift * (1 - motivation) ("a sense of ownership that sustains engagement", 000;
ownership is gained once, not at every turn).

effort_g = for a teacher, appointed or emergent, their motivation while present (0 once they left):
a teacher's effort fades with their motivation and burnout (E9, E17). A paid facilitator has
`behaviour.facilitator_hours` a week for the group: effort = min(1, facilitator_hours / hours
needed), so a busy or large group gets less of them (X4: limited hours).
Daily: on a prompt day (chance prompt_days_per_week / 7 * effort, the holder online) the moderator
posts a quiz or question and today's tendency to post rises by prompt_boost (E3).
Weekly (hours and burnout for groups whose moderator has effort > 0; the rest for every group,
scaled by effort):
- hours needed = moderator_base_hours + moderator_hours_per_message * messages of the week,
  counting every message and reaction (E9); a facilitator works at most facilitator_hours of them
  (during the week, the recent volume stands in for the week's messages); a teacher moderator
  loses burnout * hours of motivation, so a fixed moderator burns out;
- norms, loosened by the week's drift (`offtopic.drift`, the step before), are restored by
  norm_restore * effort (E4);
- quiet members (no post for quiet_days) are encouraged, by one rule for both styles that differ
  in reach and per-message strength (E3 "encourage participation of quieter members", E10, E14):
  a nudge of strength s gives motivation += lift * (1 - motivation) and belonging += lift / 2 *
  (1 - belonging), lift = s * effort / (1 + n / encouragement_habituation), n = nudges the member
  had before (of either style: the same nudge every week wears off). Style `personal`: up to
  encouraged_per_week quiet members get a direct message, s = encouragement; it reaches muted
  members too. Style `community`: one message to the group, s = encouragement * community_share,
  which reaches the quiet members who have not muted the group (`muting`);
- among the week's posters (each noticed with chance effort), the top `celebrated` are celebrated
  (`recognition.recognise`);
- a rotating role is handed over; a vacant rotating role is filled.
Reads `policy.moderator.*`, `policy.ground_rules`, `behaviour.norm_drift`,
`behaviour.recognition_gain`, `behaviour.prompt_days_per_week`, `behaviour.prompt_boost`,
`behaviour.encouraged_per_week`, `behaviour.encouragement`, `behaviour.ownership`,
`behaviour.moderator_base_hours`, `behaviour.moderator_hours_per_message`, `behaviour.burnout`,
`behaviour.norm_restore`, `behaviour.quiet_days`, `behaviour.community_share`,
`behaviour.celebrated`, `behaviour.ownership_lift`, `behaviour.encouragement_habituation`,
`behaviour.facilitator_hours`.
"""

import numpy as np

from simulation.board import FACILITATOR
from simulation.mechanisms import recognition
from simulation.parameters import at

NO_HOLDER = -9  # in `groups.holder` and `groups.leader`: nobody holds the role
APPOINTED = ("fixed", "rotating", "facilitator")  # the modes in which someone holds the role


def moderator_of(model) -> np.ndarray:
    """Per group: the teacher moderating (holder or emergent leader), FACILITATOR, or NO_HOLDER."""
    g = model.groups
    return np.where(g.holder != NO_HOLDER, g.holder, g.leader)


def hours_needed(model, messages: np.ndarray) -> np.ndarray:
    """Per group: the hours moderating a week of `messages` takes (E9)."""
    b = model.params.behaviour
    return b.moderator_base_hours + b.moderator_hours_per_message * messages


def effort(model, messages: np.ndarray | None = None) -> np.ndarray:
    """Per group: the moderator's effort, in [0, 1], in a week of `messages` (default: the
    group's recent daily volume times 7)."""
    st, g = model.state, model.groups
    who = moderator_of(model)
    teacher = np.maximum(who, 0)
    own = st.motivation[teacher] * st.present[teacher] * (who >= 0)
    if messages is None:
        messages = 7 * g.volume
    paid = np.minimum(1.0, model.params.behaviour.facilitator_hours / hours_needed(model, messages))
    return np.where(who == FACILITATOR, paid, own)


def prompt(model, day) -> None:
    st, g, b = model.state, model.groups, model.params.behaviour
    who = moderator_of(model)
    around = np.flatnonzero((who == FACILITATOR) | ((who >= 0) & st.online[np.maximum(who, 0)]))
    chance = at(b.prompt_days_per_week, around) / 7 * effort(model)[around]
    groups = around[model.draw_groups("prompt", around) < chance]  # only they draw
    g.prompted[:] = False
    g.prompted[groups] = True
    model.publish("prompt", who[groups], groups=groups)


def appoint(model) -> None:
    """Set-up: the facilitator, or a teacher appointed (`hand_over`), holds the role from day 0;
    nobody elsewhere, and no leader has emerged yet."""
    g = model.groups
    mode = np.broadcast_to(model.params.policy.moderator.mode, model.n_groups)
    g.holder[:] = np.where(mode == "facilitator", FACILITATOR, NO_HOLDER)
    g.leader[:] = NO_HOLDER
    appointed = np.flatnonzero((mode == "fixed") | (mode == "rotating"))
    if len(appointed):
        hand_over(model, appointed)


def hand_over(model, groups: np.ndarray) -> None:
    """Give the role in `groups` to the present member who has held it least (most motivated)."""
    st, g = model.state, model.groups
    g.holder[groups] = NO_HOLDER
    candidates = np.flatnonzero(st.present & np.isin(st.group, groups))
    score = st.motivation[candidates] - 2.0 * st.terms_held[candidates]
    chosen = model.top_in_groups("hand_over", candidates, score, 1)
    g.holder[st.group[chosen]] = chosen
    st.terms_held[chosen] += 1
    take_role(model, chosen)


def follow_mode(model, previous: np.ndarray) -> None:
    """Roles in groups whose `policy.moderator.mode` changed from `previous` (one per group):
    the facilitator arrives, a teacher takes over, or nobody holds the role (`programme`)."""
    g = model.groups
    mode = np.broadcast_to(model.params.policy.moderator.mode, model.n_groups)
    changed = mode != previous
    if not changed.any():
        return
    g.holder[changed & (mode == "facilitator")] = FACILITATOR
    g.holder[changed & ~np.isin(mode, APPOINTED)] = NO_HOLDER
    g.leader[changed & (mode != "bottom_up")] = NO_HOLDER  # a leader emerges in bottom-up groups only
    teachers = (mode == "fixed") | (mode == "rotating")
    hand_over(model, np.flatnonzero(changed & teachers & ~np.isin(previous, ["fixed", "rotating"])))


def take_role(model, teachers: np.ndarray) -> None:
    """Ownership of a moderating role, appointed or emergent (E3)."""
    st = model.state
    first = teachers[st.ownership[teachers] == 0]
    st.ownership[first] = 1.0
    lift = model.param(model.params.behaviour.ownership_lift, first)
    st.motivation[first] += lift * (1 - st.motivation[first])


def weekly(model, day) -> None:
    st, g, p = model.state, model.groups, model.params
    b, moderator = p.behaviour, p.policy.moderator
    messages = model.messages_this_week()
    e = effort(model, messages)
    who = moderator_of(model)
    hours = np.where(e > 0, hours_needed(model, messages), 0.0)
    hours = np.where(who == FACILITATOR, np.minimum(hours, b.facilitator_hours), hours)
    g.moderator_hours_week[:] = hours
    g.moderator_hours_total += hours
    teacher = np.flatnonzero(who >= 0)
    burnt = st.motivation[who[teacher]] - at(b.burnout, teacher) * hours[teacher]
    st.motivation[who[teacher]] = np.maximum(burnt, 0.0)

    g.norms += b.norm_restore * e * (1 - g.norms)
    _encourage(model, day, e)
    _celebrate(model, e, who)

    vacant = (g.holder < 0) | ~st.present[np.maximum(g.holder, 0)]
    due = day.week % moderator.rotation_weeks == 0
    hand_over(model, np.flatnonzero((moderator.mode == "rotating") & (due | vacant)))


def _encourage(model, day, e: np.ndarray) -> None:
    st, p = model.state, model.params
    b = p.behaviour
    quiet_since = day.index - model.param(b.quiet_days)
    quiet = np.flatnonzero(st.present & (st.last_post_day < quiet_since) & (e[st.group] > 0))
    personal = np.broadcast_to(p.policy.moderator.style == "personal", model.n_groups)[st.group[quiet]]
    written_to = model.top_in_groups("encourage_ties", quiet[personal],
                                     model.draw_teachers("encourage", quiet[personal]),
                                     b.encouraged_per_week)  # a few direct messages a week
    in_the_group = quiet[~personal & ~st.muted[quiet]]  # one message the unmuted see
    nudged = np.concatenate([written_to, in_the_group])
    share = np.concatenate([np.ones(len(written_to)),
                            np.broadcast_to(model.param(b.community_share, in_the_group),
                                            in_the_group.shape)])
    strength = (model.param(b.encouragement, nudged) * share
                / (1 + st.encouraged[nudged] / model.param(b.encouragement_habituation, nudged)))
    st.encouraged[nudged] += 1
    lift = strength * e[st.group[nudged]]
    st.motivation[nudged] += lift * (1 - st.motivation[nudged])
    st.belonging[nudged] += lift / 2 * (1 - st.belonging[nudged])


def _celebrate(model, e: np.ndarray, who: np.ndarray) -> None:
    st = model.state
    contributors = np.flatnonzero(st.present & (st.posts_week > 0))
    noticed = contributors[model.draw_teachers("celebrate", contributors) < e[st.group[contributors]]]
    top = model.top_in_groups("celebrate_ties", noticed, st.posts_week[noticed],
                              model.params.behaviour.celebrated)
    recognition.recognise(model, top)
    groups = np.unique(st.group[top])
    model.publish("recognition", who[groups], groups=groups)
