"""Off-topic chatter grows where nobody keeps the norms (simulation/mechanisms/offtopic.py; E4)."""

import numpy as np

from simulation.board import KIND
from simulation.mechanisms import offtopic, posting


def test_unmoderated_groups_without_ground_rules_drift_off_topic(run, assert_paired_greater):
    """E4: "unmoderated groups drift to a larger off-topic ... share".

    Scenarios: no moderator and no ground rules vs a rotating moderator with ground rules.
    Test: one-sided paired Wilcoxon signed-rank test (alternative='greater') on per-replicate
    mean weekly off-topic share of posts, 20 replicates x 26 weeks, seed 3; p < 0.01 and a
    positive mean difference.
    """
    loose = run().summary.set_index("replicate")
    kept = run("policy.moderator.mode=rotating", "policy.ground_rules=true").summary.set_index("replicate")
    assert_paired_greater(loose.offtopic_share, kept.offtopic_share, what="off-topic share")


def test_ground_rules_alone_cut_off_topic_chatter(run, assert_paired_greater):
    """E4 (000: "set ground rules for the appropriate content"): ground rules start norms higher
    and halve their drift, even without a moderator.

    Scenarios: policy.ground_rules=true vs false, no moderator. Test: one-sided paired Wilcoxon
    signed-rank test (alternative='greater') on per-replicate off-topic share, 40 replicates x
    26 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    loose = run(replicates=40).summary.set_index("replicate")
    rules = run("policy.ground_rules=true", replicates=40).summary.set_index("replicate")
    assert_paired_greater(loose.offtopic_share, rules.offtopic_share, what="off-topic share")


def test_off_topic_chatter_lowers_reading(run, per_replicate, assert_paired_greater):
    """E4: the off-topic share "lowers the value of reading".

    Scenarios: behaviour.offtopic_rate=0 vs 0.08 (default), no moderator. Test: one-sided
    paired Wilcoxon signed-rank test (alternative='greater') on per-replicate mean weekly
    reading share (no chatter minus default), 60 replicates x 26 weeks, seed 3 (a small effect); p < 0.01 and a
    positive mean difference.
    """
    quiet = run("behaviour.offtopic_rate=0", replicates=60)
    chatty = run(replicates=60)
    assert_paired_greater(per_replicate(quiet, "reading_share"), per_replicate(chatty, "reading_share"),
                          what="reading share")


def test_norms_drift_half_as_fast_with_ground_rules(fresh_model):
    """Unit: weekly drift multiplies norms by (1 - norm_drift), or (1 - norm_drift / 2) with
    ground rules; ground rules start norms at 0.8 instead of 0.5."""
    loose = fresh_model()
    rules = fresh_model("policy.ground_rules=true")
    drift = loose.settings.behaviour.norm_drift
    assert drift > 0
    assert np.allclose(loose.groups.norms, 0.5) and np.allclose(rules.groups.norms, 0.8)
    offtopic.drift(loose, loose.today)
    offtopic.drift(rules, rules.today)
    assert np.allclose(loose.groups.norms, 0.5 * (1 - drift))
    assert np.allclose(rules.groups.norms, 0.8 * (1 - drift / 2))


def test_no_off_topic_chatter_under_perfect_norms(fresh_model):
    """Unit: with norms at 1 nobody posts off-topic; with norms at 0 only readers do."""
    m = fresh_model()
    m.run_for(7)
    m.state.propensity[:] = 100.0  # everybody reading is eager to chat (capped chance)
    posting.gather_readers(m, m.today)
    m.groups.norms[:] = 1.0
    first = m.board.events.size
    offtopic.chatter(m, m.today)
    assert m.board.events.size == first
    m.groups.norms[:] = 0.0
    offtopic.chatter(m, m.today)
    ev = m.board.events
    authors = ev["author"][first:]
    assert len(authors) > 0
    assert (ev["kind"][first:] == KIND["offtopic"]).all()
    assert m.state.reading[authors].all()
