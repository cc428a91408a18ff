"""The moderator: prompts, encouragement, celebration, norms, and the time it costs (E3, E4, E9, E14).

Who moderates (`policy.moderator.mode`): nobody (`none`, though a leader may emerge, see
`emergent_leaders`), one teacher for the whole run (`fixed`), a teacher who hands over every
`rotation_weeks` weeks to the member who has held it least (`rotating`), or a paid external
`facilitator`. A teacher who takes the role gains ownership (E3, `take_role`): tendency to post
rises by `behaviour.ownership`, for good, so rotation turns more members into contributors, and
the first time they take a role motivation rises by ownership_lift * (1 - motivation) ("a sense
of ownership that sustains engagement", 000; ownership is gained once, not at every turn).

effort_g = 1 for a facilitator, the holder's motivation for an appointed teacher (0 once they
left), and 1 for an emergent leader while present: a member who takes the lead of their own
accord moderates as consistently as a facilitator, where an appointed teacher's effort fades with
their motivation (E9, E17; assumption).
Daily: on a prompt day (chance prompt_days_per_week / 7 * effort, the holder online) the moderator
posts a quiz or question and today's tendency to post rises by prompt_boost (E3).
Weekly (hours and burnout for groups whose moderator, or emergent leader, has effort > 0; the
rest for every group, scaled by effort):
- hours = moderator_base_hours + moderator_hours_per_message * messages of the week, counting
  every message and reaction (E9); a teacher holder or leader loses burnout * hours of
  motivation, so a fixed moderator burns out;
- norms, loosened by the week's drift (`offtopic.drift`, the step before), are restored by
  norm_restore * effort (E4);
- quiet members (no post for quiet_days) are encouraged: with style `personal`, up to
  encouraged_per_week of them get a personal message (motivation += lift * (1 - motivation) and
  belonging += lift / 2 * (1 - belonging), lift = encouragement * effort / (1 + n /
  encouragement_habituation), n = personal messages the member had before: the same nudge every
  week wears off, as in a very small group where everyone is nudged every week (E10, E14));
  with style `community`, all get a group-wide nudge of community_share of it;
- among the week's posters (each noticed with chance effort), the top `celebrated` are celebrated
  (`recognition.recognise`);
- a rotating role is handed over; a vacant rotating role is filled.
Reads `policy.moderator.*`, `policy.ground_rules`, `behaviour.norm_drift`,
`behaviour.recognition_gain`, `behaviour.prompt_days_per_week`, `behaviour.prompt_boost`,
`behaviour.encouraged_per_week`, `behaviour.encouragement`, `behaviour.ownership`,
`behaviour.moderator_base_hours`, `behaviour.moderator_hours_per_message`, `behaviour.burnout`,
`behaviour.norm_restore`, `behaviour.quiet_days`, `behaviour.community_share`,
`behaviour.celebrated`, `behaviour.ownership_lift`, `behaviour.encouragement_habituation`.
"""

import numpy as np

from simulation.board import FACILITATOR
from simulation.mechanisms import recognition
from simulation.parameters import at

NO_HOLDER = -9  # in `groups.holder` and `groups.leader`: nobody holds the role


def moderator_of(model) -> np.ndarray:
    """Per group: the teacher moderating (holder or emergent leader), FACILITATOR, or NO_HOLDER."""
    g = model.groups
    return np.where(g.holder != NO_HOLDER, g.holder, g.leader)


def effort(model) -> np.ndarray:
    st, g = model.state, model.groups
    who = moderator_of(model)
    teacher = np.maximum(who, 0)
    appointed = g.holder != NO_HOLDER
    own = np.where(appointed, st.motivation[teacher], 1.0) * st.present[teacher] * (who >= 0)
    return np.where(who == FACILITATOR, 1.0, own)


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
    g.holder[changed & (mode == "none")] = NO_HOLDER
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
    e = effort(model)
    who = moderator_of(model)
    messages = model.messages_this_week()
    hours = np.where(e > 0, b.moderator_base_hours + b.moderator_hours_per_message * messages, 0.0)
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
    nudged = quiet[personal]  # one by one: a few a week, the same nudge wears off
    nudged = model.top_in_groups("encourage_ties", nudged, model.draw_teachers("encourage", nudged),
                                 b.encouraged_per_week)
    strength = (model.param(b.encouragement, nudged)
                / (1 + st.encouraged[nudged] / model.param(b.encouragement_habituation, nudged)))
    st.encouraged[nudged] += 1
    everyone = quiet[~personal]  # a group-wide nudge
    quiet = np.concatenate([nudged, everyone])
    shared = model.param(b.encouragement, everyone) * model.param(b.community_share, everyone)
    strength = np.concatenate([strength, np.broadcast_to(shared, everyone.shape)])
    lift = strength * e[st.group[quiet]]
    st.motivation[quiet] += lift * (1 - st.motivation[quiet])
    st.belonging[quiet] += lift / 2 * (1 - st.belonging[quiet])


def _celebrate(model, e: np.ndarray, who: np.ndarray) -> None:
    st = model.state
    contributors = np.flatnonzero(st.present & (st.posts_week > 0))
    noticed = contributors[model.draw_teachers("celebrate", contributors) < e[st.group[contributors]]]
    top = model.top_in_groups("celebrate_ties", noticed, st.posts_week[noticed],
                              model.params.behaviour.celebrated)
    recognition.recognise(model, top)
    groups = np.unique(st.group[top])
    model.publish("recognition", who[groups], groups=groups)
