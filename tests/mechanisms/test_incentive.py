"""Financial incentives give a bump that habituates (simulation/mechanisms/incentive.py; E10)."""

import math

import numpy as np
import pytest

from simulation.mechanisms import incentive

FIRST_MONTH = range(1, 5)
MONTHS_LATER = range(17, 21)


def test_financial_incentive_gives_only_a_short_lived_bump(run, per_replicate, assert_paired_greater):
    """E10: "incentives give a short-lived bump".

    Scenarios: policy.incentive.financial=1 vs 0, paid every week. Per replicate, effect =
    mean weekly active share with payment minus without, in weeks 1-4 (first month) and in weeks
    17-20 (months later, payments still running). Tests: one-sided paired Wilcoxon signed-rank
    tests (alternative='greater') that the first-month effect is positive and that it exceeds
    the weeks 17-20 effect; 40 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean
    difference for both.
    """
    paid = run("policy.incentive.financial=1", replicates=40)
    none = run(replicates=40)
    early = (per_replicate(paid, "active_share", FIRST_MONTH)
             - per_replicate(none, "active_share", FIRST_MONTH))
    late = (per_replicate(paid, "active_share", MONTHS_LATER)
            - per_replicate(none, "active_share", MONTHS_LATER))
    assert_paired_greater(early, 0 * early, what="first-month bump")
    assert_paired_greater(early, late, what="first-month bump vs weeks 17-20 effect")


@pytest.mark.parametrize("financial", [0.0, 1.0])
def test_extrinsic_boost_decays_with_habituation(fresh_model, financial):
    """Unit: extrinsic(t) = incentive_boost * financial * exp(-weeks / habituation_weeks):
    full at day 0, down by 1/e after habituation_weeks, and zero without payment."""
    m = fresh_model(f"policy.incentive.financial={financial}")
    boost, weeks = m.settings.behaviour.incentive_boost, m.settings.behaviour.habituation_weeks
    day0 = m.calendar.day(0)
    day_h = m.calendar.day(int(round(weeks * 7)))
    assert incentive.extrinsic(m, day0) == pytest.approx(np.full(m.n_groups, boost * financial))
    assert incentive.extrinsic(m, day_h) == pytest.approx(
        np.full(m.n_groups, boost * financial * math.exp(-round(weeks * 7) / 7 / weeks)))
    later = [incentive.extrinsic(m, m.calendar.day(d))[0] for d in range(0, 200, 7)]
    assert all(a >= b for a, b in zip(later, later[1:]))
