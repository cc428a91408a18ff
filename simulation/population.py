"""Drawing the teachers of each group from a context's distributions (initialisation).

Common random numbers: every number behind teacher k of group g of replicate r comes from
streams keyed by (seed, r, g, stream) at positions given by k (`simulation.keyed_random`). So
every scenario with the same seed sees the same teachers (teacher k of a group of 15 is teacher
k of a group of 38), and differences between scenarios come from policy, not luck. All groups are
drawn at once, each with its own parameters (`simulation.parameters`): a batch of scenarios
draws the teachers each scenario draws alone.
"""

from __future__ import annotations

import numpy as np

from simulation import keyed_random, parameters
from simulation.config import Config
from simulation.keyed_random import (FOUNDERS, JOIN_DAYS, NEWCOMER_NOVICES, NEWCOMER_STATES,
                                     NEWCOMERS, NOVICES)
from simulation.parameters import at
from simulation.state import within_drawn_range as _clip

# Columns of the per-teacher normal draws (order matters for reproducibility).
_Z = ("motivation", "workload", "connectivity", "trust", "digital_literacy", "expertise",
      "propensity", "belonging")


def _in_group(sizes: np.ndarray) -> np.ndarray:
    """Position of each entry within its group, for entries laid out group by group."""
    return np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)


def _draws(params, replicates: np.ndarray, groups: np.ndarray, weeks: int):
    """The random numbers of groups (`replicates[i]`, `groups[i]`), in that order, whose
    parameters are `params` (one value per group): (expertise centre per teacher, normals
    teachers x len(_Z), novice uniforms, join days, teachers per group); each group's founders
    first, then its newcomers sorted by join day."""
    founders, n_z = params.founders, len(_Z)
    seeds = params.seed
    n = len(groups)

    def key(stream: int) -> np.ndarray:
        return keyed_random.keys(seeds, replicates, groups, stream)

    founder_of = np.repeat(np.arange(n), founders)  # one entry per founder
    k = _in_group(founders)
    centre = keyed_random.normals(key(FOUNDERS), 0)
    z = keyed_random.normals(key(FOUNDERS)[founder_of, None], 1 + k[:, None] * n_z + np.arange(n_z))
    u = keyed_random.uniforms(key(NOVICES)[founder_of], k)
    founder_days = np.zeros(len(u), np.int32)
    is_open = np.broadcast_to(~params.policy.closed_membership, n)
    mean = params.behaviour.newcomers_per_week * weeks
    arrivals = np.zeros(n, np.int64)
    if is_open.any():
        arrivals[is_open] = keyed_random.poisson(key(NEWCOMERS)[is_open], at(mean, np.flatnonzero(is_open)))
    if not arrivals.any():
        return np.repeat(centre, founders), z, u, founder_days, founders

    group_of = np.repeat(np.arange(n), arrivals)  # one entry per newcomer
    k = _in_group(arrivals)
    new_z = keyed_random.normals(key(NEWCOMER_STATES)[group_of, None], k[:, None] * n_z + np.arange(n_z))
    new_u = keyed_random.uniforms(key(NEWCOMER_NOVICES)[group_of], k)
    last_day = weeks * 7 - 1  # join days are uniform on 1 .. last_day
    join_day = 1 + (keyed_random.uniforms(key(JOIN_DAYS)[group_of], k) * last_day).astype(np.int32)
    # Rows group by group, founders first, then newcomers by join day.
    join_day = np.concatenate([founder_days, join_day])
    row_group = np.concatenate([founder_of, group_of])
    order = np.lexsort((join_day, row_group))
    sizes = founders + arrivals
    return (np.repeat(centre, sizes), np.vstack([z, new_z])[order],
            np.concatenate([u, new_u])[order], join_day[order], sizes)


def _states(params, group: np.ndarray, centre, z: np.ndarray, u: np.ndarray,
            join_day: np.ndarray) -> dict[str, np.ndarray]:
    """Teachers' initial states from their draws (`group`, `centre`: their group and its
    expertise centre, one per teacher)."""
    pop, policy, b = params.population, params.policy, params.behaviour

    def p(value):  # a parameter's value for each teacher
        return at(value, group)

    col = {name: z[:, i] for i, name in enumerate(_Z)}
    spread = p(pop.spread)
    centre = p(pop.expertise) + 0.5 * spread * centre
    novice = u < p(pop.novice_share)
    sigma = p(pop.propensity_sigma)
    spread_e = 2 * spread * (1 - p(policy.homogeneity))  # similar members: similar expertise
    return {
        "motivation": _clip(p(pop.motivation) + spread * col["motivation"]),
        "workload": _clip(p(pop.workload) + spread * col["workload"]),
        "connectivity": _clip(p(pop.connectivity) + spread * col["connectivity"]),
        "digital_literacy": _clip(p(pop.digital_literacy) + spread * col["digital_literacy"]),
        "trust": _clip(p(pop.trust) + spread * col["trust"]),
        "expertise": _clip(centre + spread_e * col["expertise"] - p(b.novice_expertise_gap) * novice),
        "novice": novice,
        "propensity": np.exp(sigma * col["propensity"] - sigma * sigma / 2),
        "belonging": _clip(p(b.belonging_start) + 0.1 * col["belonging"]),
        "join_day": join_day,
    }


def draw_population(params, replicates: np.ndarray, groups: np.ndarray,
                    weeks: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """States of the teachers of groups (`replicates[i]`, `groups[i]`) with parameters `params`
    (one value per group, `simulation.parameters`), group by group, and the number of teachers
    of each group. A group's teachers do not depend on the other groups drawn with it."""
    *draws, sizes = _draws(params, replicates, groups, weeks)
    return _states(params, np.repeat(np.arange(len(groups)), sizes), *draws), sizes


def draw_group(settings: Config, replicate: int, group: int) -> dict[str, np.ndarray]:
    """States of one group's teachers: founders first, then newcomers with their join day."""
    params = parameters.build([settings])
    params.founders = params.founders[:1]
    states, _ = draw_population(params, np.array([replicate]), np.array([group]), settings.weeks)
    return states
