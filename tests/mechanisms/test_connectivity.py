"""Connectivity gates being online; subsidies and training raise it
(simulation/mechanisms/connectivity.py; E7)."""

import numpy as np

from simulation.mechanisms import connectivity


def test_data_subsidy_raises_participation_most_where_connectivity_is_lowest(
        run, per_replicate, assert_paired_greater):
    """E7: "subsidies raise participation most where connectivity is lowest".

    Scenarios: policy.data_subsidy true vs false, at population.connectivity=0.3 and at 0.9.
    Per replicate, gain = mean weekly active share (weeks 1-12) with subsidy minus without.
    Tests: one-sided paired Wilcoxon signed-rank tests (alternative='greater') that the gain at
    connectivity 0.3 is positive and that it exceeds the gain at 0.9 (same replicates), 20
    replicates x 12 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    weeks = range(1, 13)
    gain = {}
    for c in (0.3, 0.9):
        on = per_replicate(run(f"population.connectivity={c}", "policy.data_subsidy=true",
                               weeks=12), "active_share", weeks)
        off = per_replicate(run(f"population.connectivity={c}", weeks=12), "active_share", weeks)
        gain[c] = on - off
    assert_paired_greater(gain[0.3], 0 * gain[0.3], what="subsidy gain at connectivity 0.3")
    assert_paired_greater(gain[0.3], gain[0.9], what="subsidy gain, 0.3 vs 0.9 connectivity")


def test_digital_training_raises_participation(run, per_replicate, assert_paired_greater):
    """E7: "low digital literacy" limits use; training raises it.

    Scenarios: policy.digital_training=true vs false. Test: one-sided paired Wilcoxon
    signed-rank test (alternative='greater') on per-replicate mean weekly active share, 40
    replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    trained = run("policy.digital_training=true", replicates=40)
    none = run(replicates=40)
    assert_paired_greater(per_replicate(trained, "active_share"), per_replicate(none, "active_share"),
                          what="active share")


def test_absent_members_are_never_online(fresh_model):
    """Unit: go_online never puts a member who has not joined or has left online; with full
    connectivity and literacy every present member is online, with none nobody is."""
    m = fresh_model()
    m.run_for(7)
    st = m.state
    st.present[::3] = False
    st.connectivity[:] = 1.0
    st.digital_literacy[:] = 1.0
    connectivity.go_online(m, m.today)
    assert np.array_equal(st.online, st.present)
    st.connectivity[:] = 0.0
    connectivity.go_online(m, m.today)
    assert not st.online.any()


def test_subsidy_closes_part_of_the_connectivity_gap(fresh_model):
    """Unit: c_eff = c + subsidy_effect * (1 - c) under a subsidy, c without: the absolute gain
    shrinks as c grows (the source of the E7 pattern)."""
    on = fresh_model("policy.data_subsidy=true")
    off = fresh_model()
    effect = on.settings.behaviour.subsidy_effect
    assert effect > 0
    c = on.state.connectivity
    assert np.allclose(connectivity.effective_connectivity(on), c + effect * (1 - c))
    assert np.array_equal(connectivity.effective_connectivity(off), off.state.connectivity)
    gain = connectivity.effective_connectivity(on) - c
    order = np.argsort(c)
    assert np.all(np.diff(gain[order]) <= 1e-12)
