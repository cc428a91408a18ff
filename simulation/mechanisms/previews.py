"""Members who do not open the group still glance at its notification previews (X3, E12, E7).

An unmuted member whose phone is online today sees the day's messages as notification previews,
even on a day they do not open the group: reading without opening. A glance is a partial read of
strength `behaviour.preview_value`: in `motivation` it brings that share of a read's content and of
its cost (overload included: a flood of notifications is a burden of its own, E12), and spares that
share of the idle drift (the group is not quite out of sight). A muted member gets no previews
(X3), so muting cuts what a silent member still takes in, the good and the bad. Glances are not
counted as reading: nobody can see them.

  glance_i = present_i * online_i * ~muted_i * ~reading_i * [messages_g(i) today > 0]
  r_i      = 1 if reading_i, preview_value if glance_i, else 0     (the reading weight in `motivation`)

Reads `behaviour.preview_value`.
"""

import numpy as np


def glancing(model, messages: np.ndarray) -> np.ndarray:
    """Bool per teacher: glanced at today's previews without opening the group; `messages` is
    today's messages per group."""
    st = model.state
    return st.present & st.online & ~st.muted & ~st.reading & (messages[st.group] > 0)


def reading_weight(model, teachers: np.ndarray, glanced: np.ndarray) -> np.ndarray:
    """The reading weight r of `teachers` (indices) today: 1 for a read, preview_value for a
    glance, else 0; `glanced` is `glancing`'s answer for every teacher."""
    st = model.state
    preview = model.param(model.params.behaviour.preview_value, teachers)
    return np.where(st.reading[teachers], 1.0, np.where(glanced[teachers], preview, 0.0))
