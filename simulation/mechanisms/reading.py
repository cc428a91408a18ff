"""Who opens the group and reads today (E1, E8, E12, E4).

p_read = engagement * attention(day) * (1 - overload_g), for members online today, with
engagement = behaviour.engagement * clip(motivation + extrinsic + novelty(t), 0, 1)
             * (1 - time_pressure * workload_today)
novelty(t) = behaviour.novelty * exp(-weeks_elapsed / behaviour.novelty_weeks)   (a new group is lively)
overload_g = v / (v + overload_messages), v = recent daily messages * (1 + NOISE_WEIGHT * off-topic share)
             (E12, E4: wading through chatter to find what matters costs more than reading it)

Reads `behaviour.engagement`, `behaviour.novelty`, `behaviour.novelty_weeks`,
`behaviour.time_pressure`, `behaviour.overload_messages`, and through `incentives.extrinsic`
`policy.incentive.financial`, `behaviour.incentive_boost`, `behaviour.habituation_weeks`.
"""

import math

import numpy as np

from simulation.mechanisms.incentives import extrinsic

NOISE_WEIGHT = 3.0  # assumption


def overload(model) -> np.ndarray:
    """Per-group reading cost from volume and noise, in [0, 1)."""
    g, b = model.groups, model.settings.behaviour
    noisy_volume = g.volume * (1 + NOISE_WEIGHT * g.offtopic_recent)
    return noisy_volume / (noisy_volume + b.overload_messages)


def engagement(model, day) -> np.ndarray:
    st, b = model.state, model.settings.behaviour
    novelty = b.novelty * math.exp(-(day.index / 7) / b.novelty_weeks)
    drive = np.clip(st.motivation + extrinsic(model, day) + novelty, 0.0, 1.0)
    return b.engagement * drive * (1 - b.time_pressure * st.workload_today)


def read(model, day) -> None:
    st = model.state
    p = engagement(model, day) * day.attention * model.per_teacher(1 - overload(model))
    st.reading[:] = st.online & model.chance(p)
    st.read_week |= st.reading
