"""The moderator: prompts, encouragement, celebration, norms, and the time it costs (E3, E4, E9, E14).

Who moderates (`policy.moderator.mode`): nobody (`none`, though a leader may emerge, see
`emergent_leaders`), one teacher for the whole run (`fixed`), a teacher who hands over every
`rotation_weeks` weeks to the member who has held it least (`rotating`), or a paid external
`facilitator`. A teacher who takes the role gains ownership (E3, `take_role`): tendency to post
rises by `behaviour.ownership`, for good, so rotation turns more members into contributors, and
the first time they take a role motivation rises by OWNERSHIP_LIFT * (1 - motivation) ("a sense
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
- norms drift (`offtopic.drift`) and are restored by norm_restore * effort (E4);
- quiet members (no post for QUIET_DAYS) are encouraged: with style `personal`, up to
  encouraged_per_week of them get a personal message (motivation += lift * (1 - motivation) and
  belonging += lift / 2 * (1 - belonging), lift = encouragement * effort / (1 + n /
  ENCOURAGEMENT_HABITUATION), n = personal messages the member had before: the same nudge every
  week wears off, as in a very small group where everyone is nudged every week (E10, E14));
  with style `community`, all get a group-wide nudge of COMMUNITY_SHARE of it;
- among the week's posters (each noticed with chance effort), the top CELEBRATED are celebrated
  (`recognition.recognise`);
- a rotating role is handed over; a vacant rotating role is filled.
Reads `policy.moderator.*`, `policy.ground_rules`, `behaviour.norm_drift`,
`behaviour.recognition_gain`, `behaviour.prompt_days_per_week`, `behaviour.prompt_boost`,
`behaviour.encouraged_per_week`, `behaviour.encouragement`, `behaviour.ownership`,
`behaviour.moderator_base_hours`, `behaviour.moderator_hours_per_message`, `behaviour.burnout`,
`behaviour.norm_restore`.
"""

import numpy as np

from simulation.board import FACILITATOR
from simulation.mechanisms import offtopic, recognition

NO_HOLDER = -9  # in `groups.holder` and `groups.leader`: nobody holds the role
QUIET_DAYS = 14  # assumption
COMMUNITY_SHARE = 0.25  # assumption: a group-wide nudge is a quarter as strong as a personal one
CELEBRATED = 3  # assumption
OWNERSHIP_LIFT = 0.5  # assumption
ENCOURAGEMENT_HABITUATION = 2.0  # assumption: after two personal nudges the next counts half


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
    st, g, b = model.state, model.groups, model.settings.behaviour
    who = moderator_of(model)
    around = np.flatnonzero((who == FACILITATOR) | ((who >= 0) & st.online[np.maximum(who, 0)]))
    groups = around[model.chance(b.prompt_days_per_week / 7 * effort(model)[around])]  # only they draw
    g.prompted[:] = False
    g.prompted[groups] = True
    model.publish("prompt", who[groups], groups=groups)


def hand_over(model, groups: np.ndarray) -> None:
    """Give the role in `groups` to the present member who has held it least (most motivated)."""
    st, g = model.state, model.groups
    g.holder[groups] = NO_HOLDER
    candidates = np.flatnonzero(st.present & np.isin(st.group, groups))
    score = st.motivation[candidates] - 2.0 * st.terms_held[candidates]
    chosen = model.top_in_groups(candidates, score, 1)
    g.holder[st.group[chosen]] = chosen
    st.terms_held[chosen] += 1
    take_role(model, chosen)


def take_role(model, teachers: np.ndarray) -> None:
    """Ownership of a moderating role, appointed or emergent (E3)."""
    st = model.state
    first = teachers[st.ownership[teachers] == 0]
    st.ownership[first] = 1.0
    st.motivation[first] += OWNERSHIP_LIFT * (1 - st.motivation[first])


def weekly(model, day) -> None:
    st, g, b, policy = model.state, model.groups, model.settings.behaviour, model.settings.policy
    e = effort(model)
    who = moderator_of(model)
    messages = model.messages_this_week()
    hours = np.where(e > 0, b.moderator_base_hours + b.moderator_hours_per_message * messages, 0.0)
    g.moderator_hours_week[:] = hours
    g.moderator_hours_total += hours
    teacher = who >= 0
    st.motivation[who[teacher]] = np.maximum(st.motivation[who[teacher]] - b.burnout * hours[teacher], 0.0)

    offtopic.drift(model)
    g.norms += b.norm_restore * e * (1 - g.norms)
    _encourage(model, day, e)
    _celebrate(model, e, who)

    mode = policy.moderator.mode
    if mode == "rotating":
        vacant = (g.holder < 0) | ~st.present[np.maximum(g.holder, 0)]
        due = day.week % policy.moderator.rotation_weeks == 0
        hand_over(model, np.arange(model.n_groups) if due else np.flatnonzero(vacant))


def _encourage(model, day, e: np.ndarray) -> None:
    st, b = model.state, model.settings.behaviour
    quiet = np.flatnonzero(st.present & (st.last_post_day < day.index - QUIET_DAYS) & (e[st.group] > 0))
    if model.settings.policy.moderator.style == "personal":
        quiet = model.top_in_groups(quiet, model.rng.random(len(quiet)), b.encouraged_per_week)
        strength = b.encouragement / (1 + st.encouraged[quiet] / ENCOURAGEMENT_HABITUATION)
        st.encouraged[quiet] += 1
    else:
        strength = b.encouragement * COMMUNITY_SHARE
    lift = strength * e[st.group[quiet]]
    st.motivation[quiet] += lift * (1 - st.motivation[quiet])
    st.belonging[quiet] += lift / 2 * (1 - st.belonging[quiet])


def _celebrate(model, e: np.ndarray, who: np.ndarray) -> None:
    st = model.state
    contributors = np.flatnonzero(st.present & (st.posts_week > 0) & model.chance(e[st.group]))
    top = model.top_in_groups(contributors, st.posts_week[contributors], CELEBRATED)
    recognition.recognise(model, top)
    groups = np.unique(st.group[top])
    model.publish("recognition", who[groups], groups=groups)
