"""Financial incentives give a bump that habituates (E10).

extrinsic(t) = incentive_boost * financial * exp(-weeks_elapsed / habituation_weeks)

It adds to the engagement of every member without changing intrinsic motivation, so its effect
fades while the payments (and their cost) go on. Reads `policy.incentive.financial`,
`behaviour.incentive_boost`, `behaviour.habituation_weeks`.
"""

import numpy as np


def extrinsic(model, day):
    """Today's extrinsic drive, one value per group (or one for all)."""
    p = model.params
    b, amount = p.behaviour, p.policy.incentive.financial
    return b.incentive_boost * amount * np.exp(-(day.index / 7) / b.habituation_weeks)
