"""In a bottom-up group, a leader may emerge from the active members, or not (E17).

000: in bottom-up groups "leaders organically emerge. This might create a sense of ownership that
sustains engagement, but there is a risk that no-one takes on this role". Whether anyone will is
a trait of the group, drawn once (`willing`): with chance `behaviour.leader_emergence` a group
has members willing to lead. In such a group with `policy.moderator.mode=bottom_up`, each week
the week's most active poster (at least `behaviour.leader_min_posts` posts) leads: leadership in
online communities is emergent and shared, and goes with participation (Johnson, Safadi & Faraj
2015, Information Systems Research 26(1); Faraj, Kudaravalli & Wasko 2015, MIS Quarterly
39(2)). When nobody reaches that many posts, the last leader keeps the role while a member. A
leader takes the role like an appointed teacher (`moderator.take_role`) and moderates like one,
with effort that follows their own motivation and burnout (`moderator.effort`). A group without
willing members never gets a leader, so bottom-up groups split into led and unled ones; an unled
group lives exactly as with no support. With `policy.moderator.mode=none` nobody moderates and no
leader emerges.

The draw comes from the group's own stream, keyed by (seed, replicate, group, LEADERS)
(`simulation.keyed_random`): the same groups are willing in every scenario with the same seed
(common random numbers), so a policy comparison is not blurred by which groups happened to find
a leader, whatever else runs in the model.
Reads `policy.moderator.mode`, `behaviour.leader_emergence`, `behaviour.leader_min_posts`.
"""

import numpy as np

from simulation import keyed_random
from simulation.mechanisms.moderator import NO_HOLDER, take_role


def willing(params, replicates: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """For groups (`replicates[i]`, `groups[i]`) with parameters `params` (one value per group):
    whether some member is willing to take the lead."""
    key = keyed_random.keys(params.seed, replicates, groups, keyed_random.LEADERS)
    return keyed_random.uniforms(key, 0) < params.behaviour.leader_emergence


def find_willing(model) -> None:
    """Set-up: whether some member of each group is willing to take the lead."""
    g = model.groups
    g.willing[:] = willing(model.params, g.replicate, g.index)


def emerge(model, day) -> None:
    bottom_up = np.broadcast_to(model.params.policy.moderator.mode == "bottom_up", model.n_groups)
    if not bottom_up.any():
        return
    st, g = model.state, model.groups
    led = (g.leader >= 0) & st.present[np.maximum(g.leader, 0)]
    g.leader[~led] = NO_HOLDER
    open_role = g.willing & bottom_up
    active = st.posts_week >= model.param(model.params.behaviour.leader_min_posts)
    candidates = np.flatnonzero(st.present & active & open_role[st.group])
    top = model.top_in_groups("leader", candidates, st.posts_week[candidates], 1)
    g.leader[st.group[top]] = top
    take_role(model, top)
