"""Payments give a bump that habituates; paid for taking part, they crowd out motivation
(simulation/mechanisms/incentive.py; E10, X1, X2). The magnitudes after payments stop are the
validation experiments X1 and X2."""

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


def test_a_contingent_payment_leaves_members_less_motivated_than_a_gift(run, assert_paired_greater):
    """X1 against X2: the same two-month payment, paid for taking part or to everyone, differs
    after it stops: members paid for taking part end with less motivation. Scenarios: a payment
    of 0.5 in weeks 1-8 (policy.phases), policy.incentive.kind=unconditional vs contingent.
    Metric: mean motivation of present members, weeks 9-16. Test: one-sided paired Wilcoxon
    signed-rank test (alternative='greater'), 20 replicates x 16 weeks, seed 3; p < 0.01."""
    pilot = "policy.phases=[{start: 1, end: 8, set: {incentive.financial: 0.5}}]"
    gift = run(pilot, "policy.incentive.kind=unconditional", weeks=16)
    paid_to_post = run(pilot, "policy.incentive.kind=contingent", weeks=16)

    def motivation(result):
        w = result.weekly.query("week >= 9")
        return w.groupby("replicate").motivation.mean()
    assert_paired_greater(motivation(gift), motivation(paid_to_post), what="motivation, weeks 9-16")


@pytest.mark.parametrize("kind", ["contingent", "unconditional"])
def test_crowd_out_moves_a_share_of_paid_members_motivation_to_the_payment(fresh_model, kind):
    """Unit: at the end of a paid week, each member paid for taking part (present and active)
    gets crowded += crowding_out * financial * (motivation - crowded); nobody else, and nobody
    at all under an unconditional payment; motivation itself does not change yet."""
    m = fresh_model("policy.incentive.financial=0.5", f"policy.incentive.kind={kind}")
    m.run_for(6)
    st, b = m.state, m.settings.behaviour
    st.crowded[:] = 0.1
    st.motivation[:] = 0.6
    st.active_week[:] = np.arange(m.n_teachers) % 2 == 0
    before = st.crowded.copy()
    incentive.crowd_out(m, m.today)
    paid = st.present & st.active_week & (kind == "contingent")
    expected = np.where(paid, 0.1 + b.crowding_out * 0.5 * 0.5, before)
    assert paid.any() or kind == "unconditional"
    assert np.allclose(st.crowded, expected)
    assert (st.motivation == 0.6).all()


def test_when_payment_for_taking_part_stops_the_motivation_it_held_goes(fresh_model):
    """Unit: while a contingent payment goes on `follow_payments` releases nothing; in a week
    without it, motivation -= crowded (at least 0) and crowded is reset."""
    m = fresh_model("policy.phases=[{start: 1, end: 1, set: {incentive.financial: 0.5}}]")
    st = m.state
    paying = np.full(m.n_groups, 0.5)
    low = np.arange(m.n_teachers) % 3 == 0
    for week, released in ((1, False), (2, True)):
        m.run_for(7 if week == 2 else 1)  # the timeline stops the payment in week 2
        st.crowded[:] = 0.2
        st.motivation[:] = np.where(low, 0.1, 0.7)
        incentive.follow_payments(m, m.today, paying)
        if released:
            assert np.allclose(st.motivation, np.where(low, 0.0, 0.5)) and (st.crowded == 0).all()
        else:
            assert np.allclose(st.motivation, np.where(low, 0.1, 0.7)) and (st.crowded == 0.2).all()
