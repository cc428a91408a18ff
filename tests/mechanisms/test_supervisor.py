"""A supervisor in the group makes teachers feel observed
(simulation/mechanisms/supervisor.py; E5, and E15 for evaluator experts)."""

import numpy as np
import pandas as pd
import pytest

from simulation.mechanisms import supervisor


def _questions(result, novice: bool) -> pd.Series:
    m = result.members
    return m[m.novice == novice].groupby("replicate").questions.sum()


def test_supervisor_presence_lowers_questions_most_among_novices(run, per_replicate,
                                                                 assert_paired_greater):
    """E5: "with a supervisor present, questions asked fall (most among novices)".

    Scenarios: policy.supervisor=present vs absent. Tests: one-sided paired Wilcoxon signed-rank
    tests (alternative='greater'), 160 replicates x 26 weeks, seed 3, p < 0.01 and a positive
    mean difference: (a) mean weekly questions, absent minus present; (b) the relative fall is
    larger for novices: per replicate, log((Q_exp,present + 0.5) / (Q_exp,absent + 0.5)) minus
    the same log ratio for novices > 0, where Q are question counts of that replicate's
    experienced or novice members (the same teachers in both scenarios; +0.5 is the usual
    continuity correction for a replicate with no questions). The log ratios of small counts are
    noisy: at 40 replicates (b) gave p from 3e-5 to 0.07 over seeds 3-6; at 160, p <= 3e-6.
    """
    present = run("policy.supervisor=present", replicates=160)
    absent = run(replicates=160)
    assert_paired_greater(per_replicate(absent, "questions"), per_replicate(present, "questions"),
                          what="weekly questions")
    ratio = {}
    for novice in (True, False):
        on, off = _questions(present, novice), _questions(absent, novice)
        ratio[novice] = np.log((on + 0.5) / (off + 0.5))
    assert_paired_greater(ratio[False], ratio[True],
                          what="log fall in questions, experienced vs novices")


def test_supervisor_presence_raises_acknowledgements(run, assert_paired_greater):
    """E5: questions fall "even if acknowledgements rise".

    Scenarios: policy.supervisor=present vs absent. Metric: reactions (acknowledgements) per
    replicate over the run. Test: one-sided paired Wilcoxon signed-rank test
    (alternative='greater'), 60 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean
    difference. (At 20 replicates p was 0.02 on seed 12 of seeds 3-12.)
    """
    def reactions(result):
        e = result.events
        return (e.kind == "reaction").groupby(e.replicate).sum()

    assert_paired_greater(reactions(run("policy.supervisor=present", replicates=60)),
                          reactions(run(replicates=60)), what="reactions")


def test_pressure_is_highest_for_novices_and_adds_up_over_observers(fresh_model):
    """Unit: pressure = supervisor_pressure * (1 for novices, behaviour.experienced_share otherwise) *
    number of observers (supervisor, evaluator experts), capped at 1; zero with no observer."""
    none = fresh_model()
    assert (supervisor.pressure(none) == 0).all()

    sup = fresh_model("policy.supervisor=present")
    s = sup.settings.behaviour.supervisor_pressure
    novice = sup.state.novice
    assert novice.any() and (~novice).any()
    p = supervisor.pressure(sup)
    assert np.allclose(p[novice], s)
    assert np.allclose(p[~novice], s * sup.settings.behaviour.experienced_share)
    assert p[novice].min() > p[~novice].max()

    both = fresh_model("policy.supervisor=present", "policy.experts=evaluator")
    p = supervisor.pressure(both)
    assert np.allclose(p[both.state.novice], min(2 * s, 1.0))
    assert np.allclose(p[~both.state.novice], min(2 * s * both.settings.behaviour.experienced_share, 1.0))


@pytest.mark.parametrize("overrides, announces", [((), False), (("policy.supervisor=present",), True)])
def test_only_a_present_supervisor_announces(fresh_model, overrides, announces):
    """Unit: announce() posts supervisor prompts only when a supervisor is present."""
    m = fresh_model(*overrides)
    m.run_for(7)
    first = m.board.events.size
    for i in range(28):
        m.today = m.calendar.day(7 + i)  # each day its own numbers
        supervisor.announce(m, m.today)
    assert (m.board.events.size > first) == announces
