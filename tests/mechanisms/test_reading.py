"""Who opens the group and reads today (simulation/mechanisms/reading.py; E12, E1, E8, E4)."""

import numpy as np
import pytest

from simulation.mechanisms import reading


def test_heavier_message_load_loses_readers(run, per_replicate, assert_paired_greater):
    """E12: "the amount of content can become overwhelming"; "very large or very noisy groups
    lose readers".

    Scenarios: behaviour.overload_messages=3 (readers overwhelmed by a sixth of the default
    volume: volume is heavy relative to attention) vs 20 (default). Test: one-sided paired Wilcoxon
    signed-rank test (alternative='greater') on per-replicate mean weekly reading share
    (default minus overwhelmed), 20 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean
    difference.
    """
    default = run()
    overwhelmed = run("behaviour.overload_messages=3")
    assert_paired_greater(per_replicate(default, "reading_share"),
                          per_replicate(overwhelmed, "reading_share"), what="reading share")


def test_very_large_groups_lose_readers(run, per_replicate, assert_paired_greater):
    """E12: "very large ... groups lose readers".

    Scenarios: policy.group_size=15 vs 200, no support. Test: one-sided paired Wilcoxon
    signed-rank test (alternative='greater') on per-replicate mean weekly reading share, 40
    replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference. The effect is small
    (about 0.01-0.02 of reading share: even 200 members post only ~10 messages a day against
    overload_messages=20), so 20 replicates are not enough to detect it.
    """
    small = run("policy.group_size=15", replicates=40)
    large = run("policy.group_size=200", replicates=40)
    assert_paired_greater(per_replicate(small, "reading_share"), per_replicate(large, "reading_share"),
                          what="reading share")


def test_only_online_members_read(fresh_model):
    """Unit: read() never marks an offline member as reading; reading accumulates in read_week."""
    m = fresh_model()
    m.run_for(7)
    st = m.state
    st.online[::2] = False
    st.read_week[:] = False
    reading.read(m, m.today)
    assert not (st.reading & ~st.online).any()
    assert st.reading.any()
    assert np.array_equal(st.read_week, st.reading)


def test_overload_grows_with_volume(fresh_model):
    """Unit: overload = v / (v + overload_messages), v = recent daily messages: 0 for a silent
    group, increasing in volume, a half at overload_messages, always below 1; off-topic chatter
    does not enter it (it acts through the signal share instead)."""
    m = fresh_model()
    half = m.settings.behaviour.overload_messages
    g = m.groups
    g.volume[:] = [0.0, half / 6, half, half]
    g.offtopic_recent[:] = [0.0, 0.0, 0.0, 0.5]
    load = reading.overload(m)
    assert load[0] == 0.0
    assert load[1] < load[2] < 1.0
    assert load[2] == pytest.approx(0.5)
    assert load[3] == load[2]


def test_a_group_that_carries_only_chatter_is_not_opened(fresh_model):
    """Unit (E4): p_read is multiplied by the group's signal share, 1 - recent off-topic share.
    With every member online and group 0's recent messages all off-topic, nobody in group 0
    reads, while members of the other groups do."""
    m = fresh_model()
    m.run_for(1)
    m.groups.offtopic_recent[:] = 0.0
    m.groups.offtopic_recent[0] = 1.0
    m.state.online[:] = m.state.present
    reading.read(m, m.today)
    in_group_0 = m.state.group == 0
    assert not m.state.reading[in_group_0].any()
    assert m.state.reading[~in_group_0].any()
