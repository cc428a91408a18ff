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


def effective_connectivity(model) -> np.ndarray:
    st, policy, b = model.state, model.settings.policy, model.settings.behaviour
    if policy.data_subsidy:
        return st.connectivity + b.subsidy_effect * (1 - st.connectivity)
    return st.connectivity


def effective_literacy(model) -> np.ndarray:
    st, policy, b = model.state, model.settings.policy, model.settings.behaviour
    if policy.digital_training:
        return st.digital_literacy + b.training_effect * (1 - st.digital_literacy)
    return st.digital_literacy


def go_online(model, day) -> None:
    access = effective_connectivity(model) * (
        LITERACY_FLOOR + (1 - LITERACY_FLOOR) * effective_literacy(model)
    )
    st = model.state
    st.online[:] = st.present & model.chance(access)
