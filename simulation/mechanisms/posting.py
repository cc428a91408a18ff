"""Heavy-tailed posting with a rich-get-richer loop through belonging (E2), sharing and reacting.

tendency_i = propensity_i * (0.5 + belonging_i) * (1 + ownership * ownership_i)
             * (1 + prompt_boost * prompted_g)
propensity is log-normal with mean 1 (`population.propensity_sigma`): most members rarely post
but still read. For each message a member writes in a day (a reaction is not enough: E2 is about
who posts), belonging_i += belonging_feedback * (1 - belonging_i), which raises tomorrow's
tendency; present members who write nothing lose belonging_fade * belonging_feedback * belonging_i.
So the most active gain most and the quiet drift off: the rich-get-richer loop of E2.

Sharing: p = share_rate * tendency * motivation, incorrect with chance
incorrect_rate * (1 - expertise) * (1 - expert_accuracy_gain * experts) (E4, E15).
Reacting: p = reaction_rate * (0.3 + belonging) * motivation * (1 + supervisor_acknowledgement *
supervisor) (E5: acknowledgements rise when observed), replying to the group's latest post.

Reads `population.propensity_sigma`, `behaviour.share_rate`, `behaviour.reaction_rate`,
`behaviour.belonging_feedback`, `behaviour.ownership`, `behaviour.prompt_boost`,
`behaviour.incorrect_rate`, `behaviour.expert_accuracy_gain`, `behaviour.supervisor_acknowledgement`,
`behaviour.belonging_fade`, `behaviour.probability_cap`.
"""

import numpy as np

from simulation.board import NA



def capped(model, p: np.ndarray, teachers: np.ndarray) -> np.ndarray:
    """Daily chances of `teachers` held below `behaviour.probability_cap` (nobody is certain to
    post on a given day)."""
    return np.minimum(p, model.param(model.params.behaviour.probability_cap, teachers))


def tendency(model, teachers=slice(None)) -> np.ndarray:
    """Tendency to post of `teachers` (indices; default all)."""
    st, g, b = model.state, model.groups, model.params.behaviour
    prompt = 1 + model.param(b.prompt_boost, teachers) * g.prompted[st.group[teachers]]
    return (st.propensity[teachers] * (0.5 + st.belonging[teachers])
            * (1 + model.param(b.ownership, teachers) * st.ownership[teachers]) * prompt)


def gather_readers(model, day) -> None:
    """Today's readers (`model.readers`, sorted indices) and their tendency to post
    (`model.readers_tendency`), once a day: after the moderator's prompt, which raises the
    tendency and opens the group for the moderator, and before asking, sharing, chatter and
    answering, which all draw from them and change neither."""
    model.readers = np.flatnonzero(model.state.reading)
    model.readers_tendency = tendency(model, model.readers)


def incorrect_chance(model, teachers: np.ndarray) -> np.ndarray:
    """Chance that content by `teachers` (indices) is wrong; experts in the group cut it (E4, E15)."""
    b, policy = model.params.behaviour, model.params.policy
    checked = 1 - b.expert_accuracy_gain * (policy.experts != "none")
    return (model.param(b.incorrect_rate, teachers) * (1 - model.state.expertise[teachers])
            * model.param(checked, teachers))


def share_and_react(model, day) -> None:
    st, b, policy = model.state, model.params.behaviour, model.params.policy
    readers = model.readers
    if len(readers) == 0:  # nobody reads today: nothing to draw
        return
    p_share = capped(model, model.param(b.share_rate, readers) * model.readers_tendency
                     * st.motivation[readers], readers)
    sharers = readers[model.draw_teachers("share", readers) < p_share]
    wrong = model.draw_teachers("share_wrong", sharers) < incorrect_chance(model, sharers)
    model.publish("share", sharers, correct=(~wrong).astype(np.int8))
    st.shared_ever[sharers] = True

    watched = 1 + b.supervisor_acknowledgement * (policy.supervisor == "present")
    p_react = (model.param(b.reaction_rate, readers) * (0.3 + st.belonging[readers])
               * st.motivation[readers] * model.param(watched, readers))
    reactors = readers[model.draw_teachers("react", readers) < capped(model, p_react, readers)]
    targets = model.groups.last_post_event[st.group[reactors]]
    reactors, targets = reactors[targets >= 0], targets[targets >= 0]
    model.publish("reaction", reactors, reply_to=targets, correct=np.full(len(reactors), NA))


def belong(model, day) -> None:
    st, b = model.state, model.params.behaviour
    posters = np.flatnonzero(st.posted > 0)  # the others gain nothing
    keep = 1 - model.param(b.belonging_feedback, posters)
    gain = 1 - keep ** st.posted[posters]  # one step per message
    st.belonging[posters] += gain * (1 - st.belonging[posters])
    fade = model.param(b.belonging_fade * b.belonging_feedback) * st.belonging  # then in place
    fade *= st.present
    fade *= st.posted == 0
    st.belonging -= fade
