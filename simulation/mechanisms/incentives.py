"""Financial incentives give a bump that habituates (E10).

extrinsic(t) = incentive_boost * financial * exp(-weeks_elapsed / habituation_weeks)

It adds to the engagement of every member without changing intrinsic motivation, so its effect
fades while the payments (and their cost) go on. Reads `policy.incentive.financial`,
`behaviour.incentive_boost`, `behaviour.habituation_weeks`.
"""

import math


def extrinsic(model, day) -> float:
    b = model.settings.behaviour
    amount = model.settings.policy.incentive.financial
    return b.incentive_boost * amount * math.exp(-(day.index / 7) / b.habituation_weeks)
