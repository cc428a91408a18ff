"""Periodic in-person meetings refresh trust and motivation (E13, E18 attendance).

Every `policy.meeting_every_weeks` weeks (not in holidays) each member attends with chance
(1 - workload / 2) * (0.4 + 0.6 * motivation); attendees get motivation, trust and belonging
raised by meeting_boost * (1 - value). Attendance is recorded for the E18 indicators and the cost.
Reads `policy.meeting_every_weeks`, `behaviour.meeting_boost`.
"""

import numpy as np


def meet(model, day) -> None:
    every = model.settings.policy.meeting_every_weeks
    if every == 0 or day.week % every or day.holiday:
        return
    st, g, boost = model.state, model.groups, model.settings.behaviour.meeting_boost
    p = (1 - st.workload / 2) * (0.4 + 0.6 * st.motivation)
    attend = st.present & model.chance(p)
    for name in ("motivation", "trust", "belonging"):
        values = getattr(st, name)
        values += boost * (1 - values) * attend
    members = model.per_group(st.present.astype(float))
    attendees = model.per_group(attend.astype(float))
    g.attendance_sum += np.divide(attendees, members, out=np.zeros_like(members), where=members > 0)
    g.attendees_total += attendees
    g.meetings += 1
