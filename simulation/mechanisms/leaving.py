"""Members whose motivation has collapsed leave the group (E1).

A present member with motivation below `behaviour.leave_threshold` leaves on any day with
chance `behaviour.leave_rate`; the day is kept in `left_day`.
"""

import numpy as np


def leave(model, day) -> None:
    st, b = model.state, model.settings.behaviour
    at_risk = np.flatnonzero(st.present & (st.motivation < b.leave_threshold))
    leaving = at_risk[model.chance(np.full(len(at_risk), b.leave_rate))]  # the others draw nothing
    st.present[leaving] = False
    st.left_day[leaving] = day.index
