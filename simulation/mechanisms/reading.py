"""Who opens the group and reads today (E1, E8, E12, E4).

p_read = engagement * attention(day) * (1 - overload_g) * signal_g * opening, for members online
today, with opening = behaviour.muted_opening for a member who muted the group, else 1 (`muting`), and
engagement = behaviour.engagement * clip(motivation + extrinsic + novelty(t), 0, 1)
             * (1 - time_pressure * workload_today)
novelty(t) = behaviour.novelty * exp(-weeks_elapsed / behaviour.novelty_weeks)   (a new group is lively)
overload_g = v / (v + overload_messages), v = recent daily messages      (E12: too much to read)
signal_g   = 1 - recent off-topic share of the group's messages            (E4: a group that has
             "become a social group" is opened as often as it still carries what members came for)
At the end of the day (`remember`), the recent volume and off-topic share take in today's:
  v <- volume_memory * v + (1 - volume_memory) * messages today, and the same for the share.

Reads `behaviour.engagement`, `behaviour.novelty`, `behaviour.novelty_weeks`,
`behaviour.time_pressure`, `behaviour.overload_messages`, `behaviour.volume_memory`,
`behaviour.muted_opening`, and through
`incentive.extrinsic`
`policy.incentive.financial`, `behaviour.incentive_boost`, `behaviour.habituation_weeks`.
"""

import numpy as np

from simulation.board import KIND
from simulation.mechanisms.incentive import extrinsic
from simulation.mechanisms.muting import opening


def overload(model) -> np.ndarray:
    """Per-group reading cost from volume, in [0, 1)."""
    g, b = model.groups, model.params.behaviour
    return g.volume / (g.volume + b.overload_messages)


def signal(model) -> np.ndarray:
    """Per-group share of recent messages that are on topic, in [0, 1]."""
    return 1 - model.groups.offtopic_recent


def engagement(model, day, teachers: np.ndarray) -> np.ndarray:
    """Engagement of `teachers` (indices) today."""
    st, b = model.state, model.params.behaviour
    novelty = b.novelty * np.exp(-(day.index / 7) / b.novelty_weeks)
    paid = extrinsic(model, day)
    paid = model.param(paid, teachers) if paid.any() else 0.0  # none: the same as adding zeros
    drive = np.clip(st.motivation[teachers] + paid + model.param(novelty, teachers), 0.0, 1.0)
    pressure = model.param(b.time_pressure, teachers) * st.workload_today[teachers]
    return model.param(b.engagement, teachers) * drive * (1 - pressure)


def read(model, day) -> None:
    st = model.state
    online = np.flatnonzero(st.online)  # only they can read: the others draw nothing
    group_factor = (1 - overload(model)) * signal(model)
    attention = model.param(day.attention(model.params.behaviour), online)
    p = (engagement(model, day, online) * attention * group_factor[st.group[online]]
         * opening(model, online))
    st.reading[:] = False
    st.reading[online] = model.draw_teachers("read", online) < p
    st.read_week |= st.reading


def todays_messages(model) -> tuple[np.ndarray, np.ndarray]:
    """Per group: today's messages so far (reactions not counted) and the off-topic ones."""
    events = model.board.events
    today = slice(model.first_event_today, events.size)
    kinds, groups = events["kind"][today], events["group"][today]
    return (np.bincount(groups[kinds != KIND["reaction"]], minlength=model.n_groups),
            np.bincount(groups[kinds == KIND["offtopic"]], minlength=model.n_groups))


def remember(model, day) -> None:
    """Today's volume and off-topic share into the group's recent ones (tomorrow's overload and
    signal)."""
    g, memory = model.groups, model.params.behaviour.volume_memory
    messages, offtopic = todays_messages(model)
    g.volume[:] = memory * g.volume + (1 - memory) * messages
    g.offtopic_recent[:] = memory * g.offtopic_recent + (1 - memory) * offtopic / np.maximum(messages, 1)
