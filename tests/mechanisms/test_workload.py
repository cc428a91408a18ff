"""Workload competes for time; a scheduled slot protects some of it
(simulation/mechanisms/workload.py; E8)."""

import numpy as np
import pytest

from simulation.mechanisms import workload

NO_HOLIDAYS = "population.calendar.holiday_weeks=[]"
EXAM_WEEKS = (6, 7)
CALENDAR = ("population.calendar.exam_weeks=[2]", "population.calendar.holiday_weeks=[3]")


def test_exam_weeks_produce_participation_dips(run, per_replicate, assert_paired_greater):
    """E8: "exam and term peaks produce dips".

    Scenarios (no holidays in either): population.calendar.exam_weeks=[] vs [6,7]. Metrics: mean
    reading share and mean active share in weeks 6-7, same weeks in both scenarios. Tests:
    one-sided paired Wilcoxon signed-rank tests (alternative='greater'), no exams minus exams,
    80 replicates x 12 weeks (a two-week window: noisy), seed 3; p < 0.01 and a positive mean
    difference for both.
    """
    plain = run("population.calendar.exam_weeks=[]", NO_HOLIDAYS, replicates=80, weeks=12)
    exams = run("population.calendar.exam_weeks=[6,7]", NO_HOLIDAYS, replicates=80, weeks=12)
    for column in ("reading_share", "active_share"):
        assert_paired_greater(per_replicate(plain, column, EXAM_WEEKS),
                              per_replicate(exams, column, EXAM_WEEKS), what=f"{column} in weeks 6-7")


def test_scheduled_slot_raises_activity(run, per_replicate, assert_paired_greater):
    """E8: "a scheduled slot raises activity and reply rates" -- the activity side.

    Scenarios: policy.scheduled_slot=true vs false. Test: one-sided paired Wilcoxon signed-rank
    test (alternative='greater') on per-replicate mean weekly active share, 20 replicates x 26
    weeks, seed 3; p < 0.01 and a positive mean difference. (Reply rate: test_answering.py.)
    """
    assert_paired_greater(per_replicate(run("policy.scheduled_slot=true"), "active_share"),
                          per_replicate(run(), "active_share"), what="active share")


@pytest.mark.parametrize("slot", [False, True])
def test_workload_today_follows_the_calendar(fresh_model, slot):
    """Unit: workload_today = clip(workload * calendar factor * (1 - slot_time_relief * slot)):
    factor 1 on a school weekday, weekend_workload at weekends, exam_workload (x weekend) in exam
    weeks, holiday_workload in holidays."""
    m = fresh_model(*CALENDAR, f"policy.scheduled_slot={str(slot).lower()}")
    st, b = m.state, m.settings.behaviour
    relief = 1 - b.slot_time_relief if slot else 1.0
    cases = {0: 1.0, 5: b.weekend_workload, 7: b.exam_workload,
             13: b.exam_workload * b.weekend_workload, 14: b.holiday_workload, 20: b.holiday_workload}
    for index, factor in cases.items():
        workload.apply_calendar(m, m.calendar.day(index))
        assert np.allclose(st.workload_today, np.clip(st.workload * factor * relief, 0, 1)), index
    assert ((st.workload_today >= 0) & (st.workload_today <= 1)).all()


def test_exam_day_is_heavier_than_a_normal_weekday(fresh_model):
    """Unit: every member's workload today is higher on an exam weekday than on a normal one
    (unless capped at 1)."""
    m = fresh_model(*CALENDAR, "policy.scheduled_slot=false")
    workload.apply_calendar(m, m.calendar.day(0))
    normal = m.state.workload_today.copy()
    workload.apply_calendar(m, m.calendar.day(7))
    exam = m.state.workload_today
    assert ((exam > normal) | (exam == 1.0)).all()
