"""Periodic in-person meetings refresh trust and motivation (E13, E18 attendance).

Every `policy.meeting_every_weeks` weeks (not in holidays) each member attends with chance
(1 - workload / 2) * (0.4 + 0.6 * motivation); attendees get motivation, trust and belonging
raised by meeting_boost * (1 - value). Attendance is recorded for the E18 indicators and the cost.
Reads `policy.meeting_every_weeks`, `behaviour.meeting_boost`.
"""

import numpy as np


def meet(model, day) -> None:
    every = model.params.policy.meeting_every_weeks
    meeting = np.broadcast_to((every > 0) & (day.week % np.maximum(every, 1) == 0)
                              & (not day.holiday), model.n_groups)
    if not meeting.any():
        return
    st, g = model.state, model.groups
    invited = np.flatnonzero(st.present & meeting[st.group])
    p = (1 - st.workload[invited] / 2) * (0.4 + 0.6 * st.motivation[invited])
    came = invited[model.draw_teachers("attend", invited) < p]
    boost = model.param(model.params.behaviour.meeting_boost, came)
    for name in ("motivation", "trust", "belonging"):
        values = getattr(st, name)
        values[came] += boost * (1 - values[came])
    attend = np.zeros(model.n_teachers, bool)
    attend[came] = True
    members = model.per_group(st.present.astype(float))
    attendees = model.per_group(attend.astype(float))
    share = np.divide(attendees, members, out=np.zeros_like(members), where=members > 0)
    g.attendance_sum[meeting] += share[meeting]
    g.attendees_total += attendees
    g.meetings += meeting
