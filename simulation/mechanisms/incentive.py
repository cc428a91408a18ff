"""Payments give a bump that habituates; paid for taking part, they crowd out the motivation
that was there (E10, X1, X2).

While a payment is on (`policy.incentive.financial` > 0, for the weeks its timeline says:
`programme`), every member's engagement gets

  extrinsic(t) = incentive_boost * financial * exp(-weeks_paid / habituation_weeks)

where weeks_paid counts from the day payments (last) started: a bump that fades while the
payments go on (E10: "financial incentives do not always lead to consistent participation";
X2: a wage paid as a gift raises effort only briefly). The payment's kind
(`policy.incentive.kind`) decides what is left when it stops:
- `contingent` (paid for taking part: each week a member posts or reacts): at the end of each
  paid week, a share of each paid member's own motivation comes to be held by the payment alone
  (`crowded`; the overjustification effect):

    crowded += crowding_out * financial * (motivation - crowded)

  Nothing shows while the payment goes on; when it stops (or stops being contingent), that
  share goes: motivation -= crowded. So after the payments stop members take part less than if
  they had never been paid (X1: engagement-contingent tangible rewards lower free-choice
  engagement once they stop, d about -0.28 to -0.40, Deci, Koestner & Ryan 1999;
  `crowding_out` is set so that a two-month pilot's d lies in that range, validation X1);
- `unconditional` (paid to every member, whatever they do): only the bump, which fades without
  undermining anything (X2; Deci et al.: rewards not contingent on the task do not undermine).
A payment's drive also meets the cost of the reading it brings about (`motivation.update`), so
the bump itself leaves no trace.
Reads `policy.incentive.financial`, `policy.incentive.kind`, `behaviour.incentive_boost`,
`behaviour.habituation_weeks`, `behaviour.crowding_out`.
"""

import numpy as np


def extrinsic(model, day) -> np.ndarray:
    """Today's extrinsic drive, one value per group."""
    p = model.params
    b, amount = p.behaviour, p.policy.incentive.financial
    weeks_paid = (day.index - model.groups.paid_since) / 7
    return b.incentive_boost * amount * np.exp(-weeks_paid / b.habituation_weeks)


def pays_for_taking_part(model) -> np.ndarray:
    """Per group: whether a contingent payment is on this week."""
    incentive = model.params.policy.incentive
    return np.broadcast_to((incentive.financial > 0) & (incentive.kind == "contingent"),
                           model.n_groups)


def paid_members(model) -> np.ndarray:
    """Per teacher: whether the programme pays them for this week (present members; only the
    week's active ones where payment is contingent on taking part)."""
    st = model.state
    paying = np.broadcast_to(model.params.policy.incentive.financial > 0, model.n_groups)
    unconditional = paying & ~pays_for_taking_part(model)
    return st.present & paying[st.group] & (st.active_week | unconditional[st.group])


def crowd_out(model, day) -> None:
    """End of the week: for members paid for taking part, a share of their motivation comes to
    be held by the payment alone."""
    st = model.state
    paid = np.flatnonzero(st.present & st.active_week & pays_for_taking_part(model)[st.group])
    if len(paid) == 0:
        return
    share = (model.param(model.params.behaviour.crowding_out, paid)
             * model.param(model.params.policy.incentive.financial, paid))
    st.crowded[paid] += share * np.maximum(st.motivation[paid] - st.crowded[paid], 0.0)


def follow_payments(model, day, previous: np.ndarray) -> None:
    """At the start of a week of a timeline (`programme`): where payments start, their bump
    starts afresh; where payment for taking part stopped, the motivation it held goes."""
    st = model.state
    amount = np.broadcast_to(model.params.policy.incentive.financial, model.n_groups)
    model.groups.paid_since[(amount > 0) & (previous == 0)] = day.index
    released = np.flatnonzero((st.crowded > 0) & ~pays_for_taking_part(model)[st.group])
    st.motivation[released] = np.maximum(st.motivation[released] - st.crowded[released], 0.0)
    st.crowded[released] = 0.0
