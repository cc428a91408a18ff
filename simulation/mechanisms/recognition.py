"""Recognition feeds intrinsic motivation and belonging, so its effect lasts (E10, E3).

A recognised member gets motivation += recognition_gain * (1 - motivation) and the same for
belonging. The programme (with `policy.incentive.recognition`) recognises every member active in
the week, in one message per group; moderators celebrate their group's top contributors
(`moderator.weekly`). Reads `policy.incentive.recognition`, `behaviour.recognition_gain`.
"""

import numpy as np

from simulation.board import PROGRAMME


def recognise(model, teachers: np.ndarray, strength: float = 1.0) -> None:
    st = model.state
    gain = model.param(model.params.behaviour.recognition_gain, teachers) * strength
    st.motivation[teachers] += gain * (1 - st.motivation[teachers])
    st.belonging[teachers] += gain * (1 - st.belonging[teachers])


def celebrate(model, day) -> None:
    programme = model.params.policy.incentive.recognition
    if not np.any(programme):
        return
    st = model.state
    active = np.flatnonzero(st.present & st.active_week & model.param(programme))
    recognise(model, active)
    groups = np.unique(st.group[active])
    model.publish("recognition", np.full(len(groups), PROGRAMME), groups=groups)
