"""Financial incentives give a bump that habituates (E10).

extrinsic(t) = incentive_boost * financial * exp(-weeks_paid / habituation_weeks)
where weeks_paid counts from the day payments started (day 0, or the week a timeline starts
them: `programme`).

It adds to the engagement of every member without changing intrinsic motivation, so its effect
fades while the payments (and their cost) go on. Reads `policy.incentive.financial`,
`behaviour.incentive_boost`, `behaviour.habituation_weeks`.
"""

import numpy as np


def extrinsic(model, day) -> np.ndarray:
    """Today's extrinsic drive, one value per group."""
    p = model.params
    b, amount = p.behaviour, p.policy.incentive.financial
    weeks_paid = (day.index - model.groups.paid_since) / 7
    return b.incentive_boost * amount * np.exp(-weeks_paid / b.habituation_weeks)


def follow_payments(model, day, previous: np.ndarray) -> None:
    """Where payments start this week (a timeline: `programme`), their bump starts afresh."""
    amount = np.broadcast_to(model.params.policy.incentive.financial, model.n_groups)
    model.groups.paid_since[(amount > 0) & (previous == 0)] = day.index
