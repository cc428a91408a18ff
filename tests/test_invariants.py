"""Invariants that hold every week of every scenario: ranges, counts, conservation."""

import numpy as np
import pytest

from simulation.config import load_settings
from simulation.model import CommunityModel

SCENARIOS = [
    ["population=tanzania_maths", "policy=none"],
    ["population=tanzania_maths", "policy=dime_recommended"],
    ["population=kenya_kplay", "policy=kplay_blended"],
    ["population=uk_online", "policy=none", "policy.chatbot=true", "policy.supervisor=present"],
    ["policy.moderator.mode=facilitator", "policy.experts=evaluator", "policy.incentive.financial=1",
     "policy.group_size=3"],
]
STATES = ("motivation", "workload", "connectivity", "trust", "belonging", "expertise",
          "digital_literacy")


def check_state(model):
    st = model.state
    for name in STATES:
        values = getattr(st, name)
        assert np.isfinite(values).all(), name
        assert ((values >= 0) & (values <= 1)).all(), name
    assert (st.propensity > 0).all()
    assert not (st.present & (st.left_day >= 0)).any(), "a member who left is present"
    joined = st.join_day <= model.today.index
    assert not (st.present & ~joined).any(), "present before joining"
    assert (st.present | (st.left_day >= 0) | ~joined).all(), "joined members are present or left"
    assert not (st.muted & ~st.present).any(), "only members can have the group muted"
    assert ((st.left_cause > 0) == (st.left_day >= 0)).all(), "a leaver without a cause"
    holders = model.groups.holder[model.groups.holder >= 0]
    assert (st.group[holders] == np.flatnonzero(model.groups.holder >= 0)).all()


@pytest.mark.parametrize("overrides", SCENARIOS, ids=lambda o: "+".join(o))
def test_states_stay_in_range_every_week(overrides):
    model = CommunityModel(load_settings([*overrides, "replicates=3", "weeks=20"]))
    for _ in range(20):
        model.run_for(7)
        check_state(model)


@pytest.mark.parametrize("overrides", SCENARIOS, ids=lambda o: "+".join(o))
def test_weekly_counts_are_consistent(overrides):
    from simulation import simulate

    w = simulate([*overrides, "replicates=3", "weeks=20"], seed=5).weekly
    counts = ["members", "active", "reading", "silent", "muted", "left", "posts", "questions",
              "answers"]
    assert (w[counts] >= 0).all().all()
    enrolled = w.members + w.left
    assert np.allclose(w.active, w.active_share * enrolled), "active is the active share's count"
    assert np.allclose(w.reading, w.reading_share * enrolled), "reading is the reading share's count"
    assert (w.active <= w.reading).all() and (w.reading <= enrolled).all()
    assert (w.silent <= w.members).all() and (w.members - w.silent <= w.reading).all(), \
        "silent: the members who did not open the group this week"
    assert (w.muted <= w.members).all()
    shares = ["active_share", "reading_share", "answered_share", "offtopic_share",
              "incorrect_share", "motivation", "trust", "workload", "connectivity"]
    values = w[shares].to_numpy()
    assert ((values[~np.isnan(values)] >= 0) & (values[~np.isnan(values)] <= 1)).all()
    assert (w.active_share <= w.reading_share + 1e-12).all(), "someone acted without reading"
    by_group = w.groupby(["replicate", "group"])
    assert (by_group.answers.cumsum() <= by_group.questions.cumsum()).all(), \
        "more peer answers than questions"
    assert (by_group.left.diff().fillna(0) >= 0).all(), "left is cumulative"
    assert (w.moderator_hours >= 0).all()


def test_members_are_conserved_with_closed_membership():
    from simulation import simulate

    r = simulate(["policy=dime_recommended", "replicates=4", "weeks=30"], seed=2)
    w = r.weekly
    assert ((w.members + w.left) == 15).all()
    assert len(r.members) == 4 * 15


def test_members_plus_left_equal_joined_with_open_membership():
    from simulation import simulate

    r = simulate(["policy=none", "replicates=4", "weeks=30"], seed=2)
    joined = r.members.groupby(["replicate", "group"]).size()
    last = r.weekly[r.weekly.week == 30].set_index(["replicate", "group"])
    newcomers_after_end = 0  # join days are drawn within the horizon
    assert ((last.members + last.left) <= joined + newcomers_after_end).all()
    assert (joined >= 38).all()
