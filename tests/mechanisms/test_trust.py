"""Trust grows with reciprocated replies and is diluted by size
(simulation/mechanisms/trust.py; E6, E11, E14, E16)."""

import numpy as np
import pytest

from simulation.mechanisms import answering, trust


def test_kickoff_workshop_raises_trust(run, per_replicate, assert_paired_greater):
    """E6: "trust ... higher ... after a kick-off".

    Scenarios: policy.kickoff=true vs false. Test: one-sided paired Wilcoxon signed-rank test
    (alternative='greater') on per-replicate mean trust of present members, 20 replicates x 26
    weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    assert_paired_greater(per_replicate(run("policy.kickoff=true"), "trust"),
                          per_replicate(run(), "trust"), what="mean trust")


def test_unanswered_questions_erode_trust(run, per_replicate, assert_paired_greater):
    """E11: "an unanswered or slowly answered question lowers the asker's motivation and trust".

    Scenarios: behaviour.trust_unanswered_loss=0 vs 0.08 (default). Test: one-sided paired
    Wilcoxon signed-rank test (alternative='greater') on per-replicate mean trust, 40
    replicates x 26 weeks (a small effect on the group mean: few questions go unanswered),
    seed 3; p < 0.01 and a positive mean difference.
    """
    assert_paired_greater(per_replicate(run("behaviour.trust_unanswered_loss=0", replicates=40), "trust"),
                          per_replicate(run(replicates=40), "trust"), what="mean trust")


def test_homogeneous_groups_hold_higher_trust(run, per_replicate, assert_paired_greater):
    """E16: "similarity raises relevance and trust" -- the trust side of the trade-off (the
    answer-rate side is in test_answering.py).

    Scenarios: policy.homogeneity=0.9 vs 0.1. Test: one-sided paired Wilcoxon signed-rank test
    (alternative='greater') on per-replicate mean trust, 20 replicates x 26 weeks, seed 3;
    p < 0.01 and a positive mean difference.
    """
    assert_paired_greater(per_replicate(run("policy.homogeneity=0.9"), "trust"),
                          per_replicate(run("policy.homogeneity=0.1"), "trust"), what="mean trust")


def test_small_groups_hold_higher_trust(run, per_replicate, assert_paired_greater):
    """E6/E14: "trust ... higher in small closed groups"; "not more than 10-15 teachers".

    Scenarios (both closed membership): policy.group_size=12 vs 38 (Tanzania group 1). Test:
    one-sided paired Wilcoxon signed-rank test (alternative='greater') on per-replicate mean
    trust, 40 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    small = run("policy.group_size=12", "policy.closed_membership=true", replicates=40)
    large = run("policy.closed_membership=true", replicates=40)
    assert_paired_greater(per_replicate(small, "trust"), per_replicate(large, "trust"),
                          what="mean trust")


def test_size_ceiling_falls_with_group_size(fresh_model):
    """Unit (E14): ceiling = 1 / (1 + members / trust_size_scale) + homogeneity and kick-off
    terms: lower for groups with more present members."""
    m = fresh_model("policy.closed_membership=true")
    st = m.state
    for g, keep in enumerate([38, 30, 15, 5]):
        members = np.flatnonzero(st.group == g)
        st.present[members[keep:]] = False
    c = trust.ceiling(m)
    assert c[0] < c[1] < c[2] < c[3]
    assert c[0] == pytest.approx(1 / (1 + 38 / m.settings.behaviour.trust_size_scale))


def test_size_dilution_only_pulls_trust_down_to_the_ceiling(fresh_model):
    """Unit: dilute_by_size lowers trust above the group's ceiling by trust_relaxation * excess
    and never changes trust at or below it."""
    m = fresh_model()
    relax = m.settings.behaviour.trust_relaxation
    st = m.state
    st.trust[:] = np.linspace(0.0, 1.0, m.n_teachers)
    before = st.trust.copy()
    ceiling = trust.ceiling(m)[st.group]
    trust.dilute_by_size(m, m.today)
    above = before > ceiling
    assert above.any() and (~above).any()
    assert np.allclose(st.trust[above], before[above] - relax * (before[above] - ceiling[above]))
    assert np.array_equal(st.trust[~above], before[~above])


def test_answers_build_trust_and_expired_questions_erode_it(fresh_model):
    """Unit: `answering.expire` closes the questions asked answer_window_days or more days ago
    and counts them against their askers; then update() adds trust_reply_gain * (1 - trust) for
    members answered today, and multiplies by (1 - trust_unanswered_loss) per question of theirs
    that expired today."""
    m = fresh_model()
    b = m.settings.behaviour
    window = b.answer_window_days
    m.run_for(14)
    st, board, today = m.state, m.board, m.today.index
    board.open = np.empty(0, np.int64)  # only the questions registered below
    present = np.flatnonzero(st.present)
    unlucky = present[:6]
    askers = np.concatenate([unlucky, unlucky[:2]])        # two members lose two questions
    events = m.publish("question", askers)
    board.register_questions(today - window, events, askers, st.group[askers], np.full(8, 0.5))
    recent = present[6:8]                                   # still within the window: no loss
    events = m.publish("question", recent)
    board.register_questions(today - window + 1, events, recent, st.group[recent], np.full(2, 0.5))
    lost = np.bincount(askers, minlength=m.n_teachers)
    helped = np.zeros(m.n_teachers, bool)
    helped[present[6:12]] = True
    st.unanswered[:] = 0
    st.answers_received[:] = helped
    before = st.trust.copy()
    answering.expire(m, m.today)
    trust.update(m, m.today)
    expected = ((before + b.trust_reply_gain * (1 - before) * helped)
                * (1 - b.trust_unanswered_loss) ** lost)
    assert np.allclose(st.trust, expected)
    assert np.array_equal(st.unanswered, lost)
    assert np.array_equal(np.sort(board.open), np.sort(board.questions.size - 2 + np.arange(2)))


def test_similar_members_start_with_more_trust(fresh_model):
    """Unit (E16): the set-up step `trust.start` moves everyone's starting trust by
    homogeneity_trust * (homogeneity - 0.5), within [0.01, 0.99] (same teachers, same draws)."""
    mixed = fresh_model("policy.homogeneity=0.5")
    similar = fresh_model("policy.homogeneity=0.9")
    shift = similar.settings.behaviour.homogeneity_trust * 0.4
    assert shift > 0
    assert np.allclose(similar.state.trust, np.clip(mixed.state.trust + shift, 0.01, 0.99))
