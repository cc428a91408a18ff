"""Members whose motivation has collapsed leave the group (E1).

A present member with motivation below `behaviour.leave_threshold` leaves on any day with
chance `behaviour.leave_rate`; the day is kept in `left_day`.
"""

import numpy as np


def leave(model, day) -> None:
    st, b = model.state, model.params.behaviour
    at_risk = np.flatnonzero(st.present & (st.motivation < model.param(b.leave_threshold)))
    # only they draw
    leaving = at_risk[model.draw_teachers("leave", at_risk) < model.param(b.leave_rate, at_risk)]
    st.present[leaving] = False
    st.left_day[leaving] = day.index
