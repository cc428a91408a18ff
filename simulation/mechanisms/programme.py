"""The programme's timeline takes effect at the start of each week (`policy.phases`).

On the first day of week w, every knob that a phase changes takes its week-w value for each
group (`simulation.timeline`), and what that changes is settled at once:
- moderation: a group whose `policy.moderator.mode` became `facilitator` gets the facilitator; one
  that became `fixed` or `rotating` from `none` or `facilitator` hands the role to a teacher
  (`moderator.hand_over`); one that became `none` has no holder (a leader may emerge,
  `emergent_leaders`); between `fixed` and `rotating` the holder stays;
- payments: where `policy.incentive.financial` rises from 0, the habituation of their effect starts
  again that day (`incentive.extrinsic`);
- digital training reaches the members present while it is on (`connectivity.go_online`), and the
  other knobs are read by their mechanisms every day.
A policy without phases is the same every week, and this does nothing. Reads
`policy.phases` (through `model.timeline`).
"""

import numpy as np

from simulation.mechanisms import incentive, moderator


def start_week(model, day) -> None:
    if day.weekday != 0 or day.week == 1 or not model.timeline.tables:
        return  # week 1's values are set when the model is built
    policy, G = model.params.policy, model.n_groups
    mode = np.broadcast_to(policy.moderator.mode, G).copy()
    paid = np.broadcast_to(policy.incentive.financial, G).copy()
    model.timeline.enter(model.params, day.week)
    moderator.follow_mode(model, mode)
    incentive.follow_payments(model, day, paid)
