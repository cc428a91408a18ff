"""Without an appointed moderator, a leader may emerge from the active members, or not (E17).

In groups with `policy.moderator.mode=none` and no present leader, each week the week's most
active poster (at least LEADER_MIN_POSTS posts) becomes the leader with chance
`behaviour.leader_emergence`. A leader takes the role like an appointed teacher
(`moderation.take_role`: ownership and a motivation lift) and moderates with
`moderation.LEADER_EFFORT` times a teacher moderator's effort (`moderation.effort`). Whether it
happens differs between groups, which should make outcomes vary more between replicates without
a moderator (not yet reproduced: see tests/mechanisms/test_emergent_leaders.py).
Reads `policy.moderator.mode`, `behaviour.leader_emergence`.
"""

import numpy as np

from simulation.agents import NO_HOLDER
from simulation.mechanisms.moderation import take_role

LEADER_MIN_POSTS = 3  # assumption


def emerge(model, day) -> None:
    if model.settings.policy.moderator.mode != "none":
        return
    st, g = model.state, model.groups
    led = (g.leader >= 0) & st.present[np.maximum(g.leader, 0)]
    g.leader[~led] = NO_HOLDER
    candidates = np.flatnonzero(st.present & (st.posts_week >= LEADER_MIN_POSTS) & ~led[st.group])
    top = model.top_in_groups(candidates, st.posts_week[candidates], 1)
    top = top[model.chance(np.full(len(top), model.settings.behaviour.leader_emergence))]
    g.leader[st.group[top]] = top
    take_role(model, top)
