"""Reading without opening: notification previews (simulation/mechanisms/previews.py; X3, E12)."""

import numpy as np

from simulation.mechanisms import previews
from simulation.mechanisms.reading import todays_messages


def test_the_notification_burden_drives_members_to_mute(run, assert_paired_greater):
    """X3 with E12 ("information overload"): a member who never opens a busy group still gets its
    notifications, and muting is how they stop them, so the more a glance at previews weighs, the
    more members have muted a large group by week 26. Scenarios: behaviour.preview_value=0.3 vs
    0 (no previews), policy.group_size=100. Metric: muted members at week 26. Test: one-sided
    paired Wilcoxon signed-rank test (alternative='greater'), 20 replicates x 26 weeks, seed 3."""
    def muted(result):
        return result.weekly.query("week == 26").set_index("replicate").muted
    glancing = run("policy.group_size=100", "behaviour.preview_value=0.3")
    blind = run("policy.group_size=100", "behaviour.preview_value=0")
    assert_paired_greater(muted(glancing), muted(blind), what="muted members at week 26")


def test_only_unmuted_online_members_who_did_not_open_a_busy_group_glance(fresh_model):
    """Unit: after a day, the glancers are exactly the present, online, unmuted members who did
    not read, in groups with a message today; a glance weighs preview_value and a read 1."""
    m = fresh_model()
    m.run_for(3)
    st = m.state
    st.muted[::3] = True  # some muted members among the online ones
    messages, _ = todays_messages(m)
    glanced = previews.glancing(m, messages)
    expected = st.present & st.online & ~st.muted & ~st.reading & (messages[st.group] > 0)
    assert glanced.any() and (st.online & st.muted & ~st.reading).any()
    assert np.array_equal(glanced, expected)
    everyone = np.arange(m.n_teachers)
    weight = previews.reading_weight(m, everyone, glanced)
    assert np.array_equal(weight[st.reading], np.ones(st.reading.sum()))
    assert np.allclose(weight[glanced], m.settings.behaviour.preview_value)
    assert not weight[~st.reading & ~glanced].any()
