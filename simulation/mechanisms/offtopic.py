"""Off-topic chatter and spam grow where nobody keeps the norms (E4).

p_offtopic = offtopic_rate * tendency * (1 - norms_g). A group's norms start at
`behaviour.ground_rules_norms` with `policy.ground_rules` (`behaviour.starting_norms` without), drift down every week by norm_drift (half as fast with
ground rules) and are restored by moderation (`moderator.weekly`). Its share of recent messages
lowers the chance of opening the group (`reading.signal`), and it dilutes the value of reading
(`motivation`).
Reads `policy.ground_rules`, `behaviour.offtopic_rate`, `behaviour.norm_drift`.
"""

import numpy as np

from simulation.mechanisms.posting import capped


def chatter(model, day) -> None:
    st, b = model.state, model.params.behaviour
    readers = model.readers
    if len(readers) == 0:  # nobody reads today: nothing to draw
        return
    slack = 1 - model.groups.norms[st.group[readers]]
    p = capped(model, model.param(b.offtopic_rate, readers) * model.readers_tendency * slack, readers)
    model.publish("offtopic", readers[model.draw_teachers("offtopic", readers) < p])


def set_norms(model) -> None:
    """Set-up: the starting norms, firmer with ground rules."""
    b, policy = model.params.behaviour, model.params.policy
    model.groups.norms[:] = np.where(policy.ground_rules, b.ground_rules_norms, b.starting_norms)


def drift(model, day) -> None:
    """Weekly loosening of norms (before the moderator restores them: `moderator.weekly`)."""
    p, g = model.params, model.groups
    rate = p.behaviour.norm_drift * np.where(p.policy.ground_rules, 0.5, 1.0)
    g.norms -= rate * g.norms
