"""Members whose motivation has collapsed leave the group (E1).

A present member with motivation below `behaviour.leave_threshold` leaves on any day with
chance `behaviour.leave_rate`; the day is kept in `left_day`.
"""


def leave(model, day) -> None:
    st, b = model.state, model.settings.behaviour
    leaving = st.present & (st.motivation < b.leave_threshold) & model.chance(b.leave_rate)
    st.present[leaving] = False
    st.left_day[leaving] = day.index
