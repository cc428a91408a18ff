"""In-person meetings: a kick-off starts trust higher (E6); periodic meetings refresh trust and
motivation (E13, E18 attendance).

At set-up (`kickoff`), with `policy.kickoff` the founders met in person before day 0: trust +=
kickoff_trust and belonging += kickoff_belonging, within [0.01, 0.99]. Every `policy.meeting_every_weeks` weeks (not in holidays) each member attends with chance
(1 - workload / 2) * (0.4 + 0.6 * motivation); attendees get motivation, trust and belonging
raised by meeting_boost * (1 - value). Attendance is recorded for the E18 indicators and the cost.
Reads `policy.kickoff`, `behaviour.kickoff_trust`, `behaviour.kickoff_belonging`,
`policy.meeting_every_weeks`, `behaviour.meeting_boost`.
"""

import numpy as np

from simulation.state import within_drawn_range


def kickoff(model) -> None:
    """Set-up: a kick-off workshop raises the founders' trust and belonging (E6)."""
    st, b, policy = model.state, model.params.behaviour, model.params.policy
    met = model.param(policy.kickoff) * (st.join_day == 0)
    if not np.any(met):
        return
    st.trust[:] = within_drawn_range(st.trust + model.param(b.kickoff_trust) * met)
    st.belonging[:] = within_drawn_range(st.belonging + model.param(b.kickoff_belonging) * met)


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
