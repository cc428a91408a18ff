"""Drawing the teachers of each group from a context's distributions (initialisation).

Common random numbers: group g of replicate r draws from its own streams, spawned from
SeedSequence([seed, r, g]) (states, novice flags, newcomers), one row per teacher. So every scenario with the
same seed sees the same teachers (teacher k of a group of 15 is teacher k of a group of 38), and
differences between scenarios come from policy, not luck.
"""

from __future__ import annotations

import numpy as np

from simulation.config import Config, group_size

# Columns of the per-teacher normal draws (order matters for reproducibility).
_Z = ("motivation", "workload", "connectivity", "trust", "digital_literacy", "expertise",
      "propensity", "belonging")
NOVICE_EXPERTISE_GAP = 0.15  # assumption: early-career teachers know less
BELONGING_START = 0.2  # assumption: strangers in a new group


def _clip(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.01, 0.99)


def draw_group(settings: Config, replicate: int, group: int) -> dict[str, np.ndarray]:
    """States of one group's teachers: founders first, then newcomers with their join day."""
    pop, policy, b = settings.population, settings.policy, settings.behaviour
    # Separate streams so that teacher k's draws do not depend on how many teachers there are.
    states_rng, kinds_rng, newcomers_rng = (
        np.random.default_rng(child)
        for child in np.random.SeedSequence([settings.seed, replicate, group]).spawn(3)
    )
    founders = group_size(settings)
    centre = pop.expertise + 0.5 * pop.spread * states_rng.standard_normal()
    z_founders = states_rng.standard_normal((founders, len(_Z)))
    u_founders = kinds_rng.random(founders)
    if policy.closed_membership:
        n_new = 0
    else:
        n_new = int(newcomers_rng.poisson(b.newcomers_per_week * settings.weeks))
    z = np.vstack([z_founders, newcomers_rng.standard_normal((n_new, len(_Z)))])
    u = np.concatenate([u_founders, newcomers_rng.random(n_new)])
    join_day = np.concatenate(
        [np.zeros(founders, np.int32), np.sort(newcomers_rng.integers(1, settings.weeks * 7, n_new))]
    ).astype(np.int32)

    col = {name: z[:, i] for i, name in enumerate(_Z)}
    novice = u < pop.novice_share
    sigma = pop.propensity_sigma
    kickoff = policy.kickoff
    spread_e = 2 * pop.spread * (1 - policy.homogeneity)
    trust = (pop.trust + pop.spread * col["trust"]
             + b.homogeneity_trust * (policy.homogeneity - 0.5))
    return {
        "motivation": _clip(pop.motivation + pop.spread * col["motivation"]),
        "workload": _clip(pop.workload + pop.spread * col["workload"]),
        "connectivity": _clip(pop.connectivity + pop.spread * col["connectivity"]),
        "digital_literacy": _clip(pop.digital_literacy + pop.spread * col["digital_literacy"]),
        "trust": _clip(trust + (b.kickoff_trust if kickoff else 0.0) * (join_day == 0)),
        "expertise": _clip(centre + spread_e * col["expertise"] - NOVICE_EXPERTISE_GAP * novice),
        "novice": novice,
        "propensity": np.exp(sigma * col["propensity"] - sigma**2 / 2),
        "belonging": _clip(BELONGING_START + 0.1 * col["belonging"]
                           + (b.kickoff_belonging if kickoff else 0.0) * (join_day == 0)),
        "join_day": join_day,
    }
