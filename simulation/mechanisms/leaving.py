"""Leaving the group: rarer than going silent, and for named causes (X3, E1, E4, E12).

A member who leaves shows as a "left" line in the group's history; most who lose interest mute
the group instead (`muting`). Leaving has three causes, each a daily hazard with its own key:
- `overload`: a disengaged member (present, unmuted, motivation below
  `behaviour.mute_threshold`) in a busy group: exit_overload * overload_g (E12; overload_g from
  `reading.overload`);
- `noise`: a disengaged member in a group full of off-topic chatter: exit_noise * offtopic_g
  (E4; offtopic_g, the group's recent off-topic share, `reading.remember`);
- `no_value`: a muted member, who gets nothing from the group for a long time, tidies it away:
  exit_no_value.
The hazards compete: one number u per member at risk decides,

  leaves_i by overload if u_i < h_overload, by noise if u_i < h_overload + h_noise,
  by no_value (muted members) if u_i < h_no_value,

and the day and cause are kept in `left_day` and `left_cause` (the members table's `left_week`
and `left_cause`). Reads `behaviour.exit_overload`, `behaviour.exit_noise`,
`behaviour.exit_no_value`, `behaviour.mute_threshold`, and through `reading.overload`
`behaviour.overload_messages`.
"""

import numpy as np

from simulation.mechanisms.muting import disengaged
from simulation.mechanisms.reading import overload

CAUSES = ("overload", "noise", "no_value")  # codes 1, 2, 3 of `left_cause` (0: has not left)
CAUSE = {name: code for code, name in enumerate(CAUSES, start=1)}


def leave(model, day) -> None:
    st, g, b = model.state, model.groups, model.params.behaviour
    loose = disengaged(model)
    group = st.group[loose]
    h_overload = model.param(b.exit_overload, loose) * overload(model)[group]
    h_noise = model.param(b.exit_noise, loose) * g.offtopic_recent[group]
    u = model.draw_teachers("leave", loose)
    cause = np.where(u < h_overload, CAUSE["overload"],
                     np.where(u < h_overload + h_noise, CAUSE["noise"], 0))

    muted = np.flatnonzero(st.present & st.muted)
    tidied = model.draw_teachers("leave", muted) < model.param(b.exit_no_value, muted)

    leaving = np.concatenate([loose[cause > 0], muted[tidied]])
    st.present[leaving] = False
    st.left_day[leaving] = day.index
    st.left_cause[leaving] = np.concatenate([cause[cause > 0],
                                             np.full(tidied.sum(), CAUSE["no_value"])])
    st.muted[leaving] = False
