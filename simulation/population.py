"""Drawing the teachers of each group from a context's distributions (initialisation).

Common random numbers: every number behind teacher k of group g of replicate r comes from
streams keyed by (seed, r, g, stream) at positions given by k (`simulation.keyed_random`). So
every scenario with the same seed sees the same teachers (teacher k of a group of 15 is teacher
k of a group of 38), and differences between scenarios come from policy, not luck. All groups are
drawn at once.
"""

from __future__ import annotations

import numpy as np

from simulation import keyed_random
from simulation.config import Config, group_size

# Columns of the per-teacher normal draws (order matters for reproducibility).
_Z = ("motivation", "workload", "connectivity", "trust", "digital_literacy", "expertise",
      "propensity", "belonging")
NOVICE_EXPERTISE_GAP = 0.15  # assumption: early-career teachers know less
BELONGING_START = 0.2  # assumption: strangers in a new group
# The streams of a group: founders' normals (the group's expertise centre at position 0, then
# founder k's columns at 1 + 8k ...), founders' novice uniforms (position k), and the
# newcomers' count, normals, novice uniforms and join days.
FOUNDERS, NOVICES, NEWCOMERS, NEWCOMER_STATES, NEWCOMER_NOVICES, JOIN_DAYS = range(6)


def _clip(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.01, 0.99)


def _draws(settings: Config, replicates: np.ndarray, groups: np.ndarray):
    """The random numbers of groups (`replicates[i]`, `groups[i]`), in that order: (expertise
    centre per teacher, normals teachers x len(_Z), novice uniforms, join days, teachers per
    group); each group's founders first, then its newcomers sorted by join day."""
    founders, n_z = group_size(settings), len(_Z)

    def key(stream: int) -> np.ndarray:
        return keyed_random.keys(settings.seed, replicates, groups, stream)

    founder_z = keyed_random.normals(key(FOUNDERS)[:, None], np.arange(1 + founders * n_z))
    centre = founder_z[:, 0]
    z = founder_z[:, 1:].reshape(-1, n_z)
    u = keyed_random.uniforms(key(NOVICES)[:, None], np.arange(founders)).ravel()
    sizes = np.full(len(groups), founders)
    founder_days = np.zeros(len(u), np.int32)
    if settings.policy.closed_membership:
        return np.repeat(centre, sizes), z, u, founder_days, sizes

    mean = settings.behaviour.newcomers_per_week * settings.weeks
    arrivals = keyed_random.poisson(key(NEWCOMERS), mean)
    group_of = np.repeat(np.arange(len(groups)), arrivals)  # one entry per newcomer
    k = np.arange(len(group_of)) - np.repeat(np.cumsum(arrivals) - arrivals, arrivals)
    new_z = keyed_random.normals(key(NEWCOMER_STATES)[group_of, None], k[:, None] * n_z + np.arange(n_z))
    new_u = keyed_random.uniforms(key(NEWCOMER_NOVICES)[group_of], k)
    last_day = settings.weeks * 7 - 1  # join days are uniform on 1 .. last_day
    join_day = 1 + (keyed_random.uniforms(key(JOIN_DAYS)[group_of], k) * last_day).astype(np.int32)
    # Rows group by group, founders first, then newcomers by join day.
    join_day = np.concatenate([founder_days, join_day])
    row_group = np.concatenate([np.repeat(np.arange(len(groups)), founders), group_of])
    order = np.lexsort((join_day, row_group))
    sizes = sizes + arrivals
    return (np.repeat(centre, sizes), np.vstack([z, new_z])[order],
            np.concatenate([u, new_u])[order], join_day[order], sizes)


def _states(settings: Config, centre, z: np.ndarray, u: np.ndarray,
            join_day: np.ndarray) -> dict[str, np.ndarray]:
    """Teachers' initial states from their draws (`centre`: their group's, one per teacher)."""
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
    *draws, _ = _draws(settings, np.array([replicate]), np.array([group]))
    return _states(settings, *draws)


def draw_population(settings: Config) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """States of every group's teachers, groups in model order (replicate by replicate), and
    the number of teachers of each group. The same values as `draw_group` group by group."""
    n_groups = settings.replicates * settings.groups
    replicates, groups = np.divmod(np.arange(n_groups), settings.groups)
    *draws, sizes = _draws(settings, replicates, groups)
    return _states(settings, *draws), sizes
