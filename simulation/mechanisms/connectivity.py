"""Connectivity gates being online; data subsidies and digital training raise it (E7).

online ~ Bernoulli(c_eff * (literacy_floor + (1 - literacy_floor) * literacy_eff)), with
c_eff = c + subsidy_effect * (1 - c) under `policy.data_subsidy` and
literacy_eff = l + training_effect * (1 - l) for a trained member: one present on a day with
`policy.digital_training` on (a skill: it stays when the training stops).
The gain is largest where connectivity is lowest. Reads `population.connectivity`,
`population.digital_literacy`, `policy.data_subsidy`, `policy.digital_training`,
`behaviour.subsidy_effect`, `behaviour.training_effect`, `behaviour.literacy_floor`.
"""

import numpy as np


def _raised(model, values: np.ndarray, gain, teachers) -> np.ndarray:
    """values + gain * (1 - values) for `teachers`, `gain` one value per group (0: unchanged)."""
    values = values[teachers]
    if not np.any(gain):
        return values
    return values + model.param(gain, teachers) * (1 - values)


def effective_connectivity(model, teachers=slice(None)) -> np.ndarray:
    p = model.params
    gain = p.behaviour.subsidy_effect * p.policy.data_subsidy
    return _raised(model, model.state.connectivity, gain, teachers)


def effective_literacy(model, teachers=slice(None)) -> np.ndarray:
    st = model.state
    if not st.trained.any():  # nobody trained: literacy as drawn (the same as adding zeros)
        return st.digital_literacy[teachers]
    gain = model.param(model.params.behaviour.training_effect, teachers) * st.trained[teachers]
    return st.digital_literacy[teachers] + gain * (1 - st.digital_literacy[teachers])


def go_online(model, day) -> None:
    st = model.state
    present = np.flatnonzero(st.present)  # only they can go online: the others draw nothing
    training = model.params.policy.digital_training
    if np.any(training):  # the members present while it runs are trained, for good
        st.trained[present] |= model.param(training, present)
    floor = model.param(model.params.behaviour.literacy_floor, present)
    access = effective_connectivity(model, present) * (
        floor + (1 - floor) * effective_literacy(model, present)
    )
    st.online[:] = False
    st.online[present] = model.draw_teachers("online", present) < access
