"""Connectivity gates being online; data subsidies and digital training raise it (E7).

online ~ Bernoulli(c_eff * (0.4 + 0.6 * literacy_eff)), with
c_eff = c + subsidy_effect * (1 - c) under `policy.data_subsidy` and
literacy_eff = l + training_effect * (1 - l) under `policy.digital_training`.
The gain is largest where connectivity is lowest. Reads `population.connectivity`,
`population.digital_literacy`, `policy.data_subsidy`, `policy.digital_training`,
`behaviour.subsidy_effect`, `behaviour.training_effect`.
"""

import numpy as np

LITERACY_FLOOR = 0.4  # assumption: even a novice user can open WhatsApp


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
    p = model.params
    gain = p.behaviour.training_effect * p.policy.digital_training
    return _raised(model, model.state.digital_literacy, gain, teachers)


def go_online(model, day) -> None:
    st = model.state
    present = np.flatnonzero(st.present)  # only they can go online: the others draw nothing
    access = effective_connectivity(model, present) * (
        LITERACY_FLOOR + (1 - LITERACY_FLOOR) * effective_literacy(model, present)
    )
    st.online[:] = False
    st.online[present] = model.draw_teachers("online", present) < access
