"""Members who lose interest go silent: they mute the group and stay members (X3, E1, E2).

Most members of a WhatsApp group who stop taking part do not leave it: they mute it and stay,
silent, able to come back (X3: leaving shows as a "left" line in the group's history; muting is
private). A present, unmuted member whose motivation is below `behaviour.mute_threshold` mutes
the group on any day with chance `behaviour.mute_rate`. A muted member gets no notifications, so
they open the group on a day with only `behaviour.muted_opening` times their usual chance
(`reading.read`); what they read, an answer or a personal message can still raise their
motivation, and at `behaviour.unmute_threshold` or above they unmute. Leaving is a separate,
rarer outcome with its own causes (`leaving`).

  mutes_i   = present_i * ~muted_i * [m_i < mute_threshold] * [u_i < mute_rate]
  unmutes_i = muted_i * [m_i >= unmute_threshold]

Reads `behaviour.mute_threshold`, `behaviour.mute_rate`, `behaviour.unmute_threshold`,
`behaviour.muted_opening`.
"""

import numpy as np


def disengaged(model) -> np.ndarray:
    """Present, unmuted members whose motivation is below the mute threshold (indices)."""
    st = model.state
    low = st.motivation < model.param(model.params.behaviour.mute_threshold)
    return np.flatnonzero(st.present & ~st.muted & low)


def opening(model, teachers: np.ndarray) -> np.ndarray | float:
    """Chance factor of opening the group today for `teachers` (indices): less for the muted."""
    st = model.state
    if not st.muted.any():  # the usual case early on: nothing to scale
        return 1.0
    return np.where(st.muted[teachers], model.param(model.params.behaviour.muted_opening, teachers), 1.0)


def mute(model, day) -> None:
    """The day's muting and unmuting (after leaving: who left today is no longer a member)."""
    st, b = model.state, model.params.behaviour
    back = st.muted & (st.motivation >= model.param(b.unmute_threshold))
    st.muted[back] = False
    at_risk = disengaged(model)
    muting = at_risk[model.draw_teachers("mute", at_risk) < model.param(b.mute_rate, at_risk)]
    st.muted[muting] = True
