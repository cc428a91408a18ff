"""Off-topic chatter and spam grow where nobody keeps the norms (E4).

p_offtopic = offtopic_rate * tendency * (1 - norms_g). A group's norms start at 0.8 with
`policy.ground_rules` (0.5 without), drift down every week by norm_drift (half as fast with
ground rules) and are restored by moderation (`moderation.weekly`). Its share of recent messages
lowers the chance of opening the group (`reading.signal`), and it dilutes the value of reading
(`motivation`).
Reads `policy.ground_rules`, `behaviour.offtopic_rate`, `behaviour.norm_drift`.
"""

import numpy as np

from simulation.mechanisms.posting import PROBABILITY_CAP


def chatter(model, day) -> None:
    st, b = model.state, model.params.behaviour
    readers = model.readers
    if len(readers) == 0:  # nobody reads today: nothing to draw
        return
    slack = 1 - model.groups.norms[st.group[readers]]
    p = np.minimum(model.param(b.offtopic_rate, readers) * model.readers_tendency * slack,
                   PROBABILITY_CAP)
    model.publish("offtopic", readers[model.draw_teachers("offtopic", readers) < p])


def drift(model) -> None:
    """Weekly loosening of norms (called by `moderation.weekly`)."""
    p, g = model.params, model.groups
    rate = p.behaviour.norm_drift * np.where(p.policy.ground_rules, 0.5, 1.0)
    g.norms -= rate * g.norms
