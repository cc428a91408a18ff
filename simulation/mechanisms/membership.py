"""Open membership lets newcomers in, and each stranger dilutes trust (E6).

With `policy.closed_membership=false`, newcomers join at `behaviour.newcomers_per_week` per
group (their join days are drawn with the population). Each arrival multiplies the trust of the
group's present members by (1 - behaviour.newcomer_trust_loss), and a newcomer arrives as a
stranger to the group, with `behaviour.newcomer_trust` of the trust drawn for them.
"""

import numpy as np


def admit_newcomers(model, day) -> None:
    st = model.state
    arriving = st.join_day == day.index
    if not arriving.any():  # most days: nobody is due
        return
    arriving &= ~st.present & (st.left_day < 0)
    arrivals = np.bincount(st.group[arriving], minlength=model.n_groups)
    kept = 1 - np.broadcast_to(model.params.behaviour.newcomer_trust_loss, model.n_groups)
    loss = kept ** arrivals
    st.trust[st.present] *= loss[st.group[st.present]]
    st.trust[arriving] *= model.param(model.params.behaviour.newcomer_trust, np.flatnonzero(arriving))
    st.present |= arriving
