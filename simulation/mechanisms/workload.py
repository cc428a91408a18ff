"""Workload competes for time; a scheduled slot protects some of it (E8).

workload_today = clip(workload * calendar_factor * (1 - slot_time_relief * scheduled_slot), 0, 1)

The calendar factor peaks in exam weeks and falls at weekends and in holidays
(`simulation.calendar`). Reads `population.workload`, `population.calendar.*`,
`policy.scheduled_slot`, `behaviour.slot_time_relief`, `behaviour.exam_workload`,
`behaviour.weekend_workload`, `behaviour.holiday_workload`.
"""

import numpy as np


def apply_calendar(model, day) -> None:
    p = model.params
    relief = p.behaviour.slot_time_relief * p.policy.scheduled_slot
    st = model.state
    today = st.workload_today  # written in place: no temporary arrays
    np.multiply(st.workload, model.param(day.workload_factor(p.behaviour)), out=today)
    today *= 1 - model.param(relief)
    np.clip(today, 0.0, 1.0, out=today)
