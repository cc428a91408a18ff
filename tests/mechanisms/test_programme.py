"""The programme's timeline at the start of each week (simulation/mechanisms/programme.py):
roles follow the moderator mode, payments' bump restarts, training lasts."""

import numpy as np

from simulation.board import FACILITATOR
from simulation.mechanisms import connectivity, incentive
from simulation.mechanisms.moderator import NO_HOLDER

PHASES = ("policy.phases=[{start:1,end:2,set:{moderator.mode:facilitator,digital_training:true}},"
          "{start:3,end:4,set:{moderator.mode:rotating,moderator.rotation_weeks:1}},"
          "{start:5,end:5,set:{moderator.mode:none}},{start:6,set:{incentive.financial:1.0}}]")


def _run_weeks(m, weeks):
    for _ in range(weeks):
        m.run_for(7)


def test_roles_follow_the_moderator_mode_week_by_week(fresh_model):
    m = fresh_model(PHASES)
    assert (m.groups.holder == FACILITATOR).all()  # week 1, from the start
    _run_weeks(m, 2)
    m.run_for(1)  # the first day of week 3: teachers take over
    assert (m.groups.holder >= 0).all()
    assert (m.state.group[m.groups.holder] == np.arange(m.n_groups)).all()
    _run_weeks(m, 2)  # into week 5: nobody holds the role
    assert (m.groups.holder == NO_HOLDER).all()


def test_payments_bump_starts_when_they_start(fresh_model):
    m = fresh_model(PHASES)
    assert (incentive.extrinsic(m, m.today) == 0).all()
    _run_weeks(m, 5)
    m.run_for(1)  # day 35, the first of week 6
    assert (m.groups.paid_since == 35).all()
    boost = m.settings.behaviour.incentive_boost
    assert np.allclose(incentive.extrinsic(m, m.today), boost)  # full, not decayed since day 0


def test_training_reaches_members_present_while_it_runs_and_lasts(fresh_model):
    m = fresh_model(PHASES, "policy.closed_membership=false", "behaviour.newcomers_per_week=3")
    _run_weeks(m, 2)
    trained_then = m.state.trained.copy()
    assert trained_then[m.state.join_day == 0].all()
    _run_weeks(m, 4)
    late = m.state.present & (m.state.join_day >= 14)
    assert late.any() and not m.state.trained[late].any()  # joined after the training
    assert (m.state.trained >= trained_then).all()  # nobody forgets it
    raised = connectivity.effective_literacy(m)
    assert (raised[trained_then] > m.state.digital_literacy[trained_then]).all()


def test_without_phases_the_week_start_changes_nothing(fresh_model):
    m = fresh_model()
    assert m.timeline.tables == {}
    holder = m.groups.holder.copy()
    _run_weeks(m, 3)
    assert (m.groups.holder == holder).all()
