"""Drawing the teachers of each group from a context's distributions (initialisation).

Common random numbers: group g of replicate r draws from its own streams, children 0, 1, 2 of
SeedSequence([seed, r, g]) (states, novice flags, newcomers), one row per teacher. So every
scenario with the same seed sees the same teachers (teacher k of a group of 15 is teacher k of a
group of 38), and differences between scenarios come from policy, not luck.
Only the draws are made group by group; the states are computed from them for all groups at once.
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


def _stream(settings: Config, replicate: int, group: int, child: int) -> np.random.Generator:
    """The group's stream `child`: what SeedSequence([seed, replicate, group]).spawn(3)[child]
    gives, built directly so that unused streams cost nothing."""
    seed = np.random.SeedSequence([settings.seed, replicate, group], spawn_key=(child,))
    return np.random.default_rng(seed)


def _group_draws(settings: Config, replicate: int, group: int):
    """One group's random numbers: (expertise centre, normals teachers x len(_Z), novice
    uniforms, join days), founders first, then newcomers sorted by join day."""
    founders = group_size(settings)
    # Separate streams so that teacher k's draws do not depend on how many teachers there are.
    normals = _stream(settings, replicate, group, 0).standard_normal(1 + founders * len(_Z))
    centre, z = normals[0], normals[1:].reshape(founders, len(_Z))  # centre drawn first
    u = _stream(settings, replicate, group, 1).random(founders)
    join_day = np.zeros(founders, np.int32)
    if not settings.policy.closed_membership:
        newcomers_rng = _stream(settings, replicate, group, 2)
        n_new = int(newcomers_rng.poisson(settings.behaviour.newcomers_per_week * settings.weeks))
        z = np.vstack([z, newcomers_rng.standard_normal((n_new, len(_Z)))])
        u = np.concatenate([u, newcomers_rng.random(n_new)])
        join_day = np.concatenate(
            [join_day, np.sort(newcomers_rng.integers(1, settings.weeks * 7, n_new))]
        ).astype(np.int32)
    return centre, z, u, join_day


def _states(settings: Config, centre, z: np.ndarray, u: np.ndarray,
            join_day: np.ndarray) -> dict[str, np.ndarray]:
    """Teachers' initial states from their draws (`centre`: one value, or one per teacher)."""
    pop, policy, b = settings.population, settings.policy, settings.behaviour
    col = {name: z[:, i] for i, name in enumerate(_Z)}
    centre = pop.expertise + 0.5 * pop.spread * centre
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


def draw_group(settings: Config, replicate: int, group: int) -> dict[str, np.ndarray]:
    """States of one group's teachers: founders first, then newcomers with their join day."""
    return _states(settings, *_group_draws(settings, replicate, group))


def draw_population(settings: Config) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """States of every group's teachers, groups in model order (replicate by replicate), and
    the number of teachers of each group. The same values as `draw_group` group by group."""
    draws = [_group_draws(settings, r, g)
             for r in range(settings.replicates) for g in range(settings.groups)]
    centres, z, u, join_day = zip(*draws)
    sizes = np.array([len(x) for x in u])
    states = _states(settings, np.repeat(centres, sizes), np.concatenate(z), np.concatenate(u),
                     np.concatenate(join_day))
    return states, sizes
