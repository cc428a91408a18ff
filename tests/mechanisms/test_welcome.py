"""A reply to a member's first message brings them back (simulation/mechanisms/welcome.py; E11)."""

import numpy as np
import pytest

from simulation.board import NA
from simulation.mechanisms import welcome


def test_a_reply_to_newcomers_first_messages_keeps_them_active_longer(run, assert_paired_greater):
    """Joyce & Kraut (2006): newcomers whose first post got a reply posted again more often
    (direction only). Scenarios: behaviour.first_reply_lift at its default vs 0, no support with
    open membership (newcomers arrive). Metric: per replicate, newcomers' (join_week > 0) mean
    weeks active. Test: one-sided paired Wilcoxon signed-rank test (alternative='greater'),
    40 replicates x 26 weeks, seed 3; p < 0.01."""
    def newcomers_active_weeks(result):
        m = result.members
        return m[m.join_week > 0].groupby("replicate").active_weeks.mean()
    welcomed = run(replicates=40)
    ignored = run("behaviour.first_reply_lift=0", replicates=40)
    assert_paired_greater(newcomers_active_weeks(welcomed), newcomers_active_weeks(ignored),
                          what="newcomers' weeks active")


def test_only_the_first_reply_to_a_first_message_welcomes(fresh_model):
    """Unit: a reply to a member's first message lifts motivation and belonging by
    first_reply_lift * (1 - x), once; a reply to a later message, or a second reply to the first,
    changes nothing."""
    m = fresh_model()
    m.run_for(3)
    st, lift = m.state, m.settings.behaviour.first_reply_lift
    newcomer, veteran, helper = m.group_start[0] + np.array([0, 1, 2])
    st.first_post[[newcomer, veteran]] = -1
    st.welcomed[[newcomer, veteran]] = False
    first = m.publish("share", np.array([newcomer]))[0]
    m.publish("share", np.array([veteran]))
    later = m.publish("share", np.array([veteran]))[0]
    st.welcomed[veteran] = True  # the veteran's first message was welcomed long ago
    for step in range(2):
        m.first_event_today = m.board.events.size
        st.motivation[[newcomer, veteran]] = 0.5
        st.belonging[[newcomer, veteran]] = 0.4
        m.publish("reaction", np.array([helper, helper]), reply_to=np.array([first, later]),
                  correct=np.full(2, NA, np.int8))
        welcome.greet(m, m.today)
        expected = (0.5 + lift * 0.5, 0.4 + lift * 0.6) if step == 0 else (0.5, 0.4)
        assert (st.motivation[newcomer], st.belonging[newcomer]) == pytest.approx(expected)
        assert (st.motivation[veteran], st.belonging[veteran]) == (0.5, 0.4)
    assert st.welcomed[newcomer]
