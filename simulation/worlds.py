"""Plausible worlds: draws of the model's assumptions over their plausible ranges.

Most of the model's constants are assumptions (docs/model.md, section 8.1). A world gives each
of them one value: every behaviour constant and uncertain population value
(`parameters.plausible_ranges`, or the `worlds_keys` chosen) drawn over its plausible range. A
set of worlds is a design fixed by its size `worlds`, `worlds_seed` and `worlds_design`, so the
same settings name the same worlds on any machine:
- `lhs`: a Latin hypercube of `worlds` worlds (`scipy.stats.qmc`), the plausible worlds that a
  comparison runs over (`simulation.over_worlds`);
- `morris`, `sobol`: the designs of SALib's Morris screening and Sobol indices, which
  `copsim-sensitivity` runs as a sweep whose points are worlds (`world=k`).
A run set in world k of a design (`world=k`) runs with that world's values, and its saved config
holds them (`resolved`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from scipy.stats import qmc

from simulation.config import Config, ConfigError, schema_fields, updated
from simulation.parameters import plausible_ranges

MORRIS_LEVELS = 4      # grid levels of a Morris design (SALib's default)
WHOLE = (int, "int")   # field types whose draws are rounded to whole numbers


def problem(settings: Config, keys: Sequence[str] = ()) -> dict:
    """The assumptions a set of worlds draws, as SALib's problem: `names` (dotted keys) and
    `bounds` (plausible ranges of `settings`); `keys` (default: every assumption that can vary)
    picks some. Raises ConfigError for a key that is not an assumption."""
    ranges = {a.key: a for a in plausible_ranges(settings) if a.high > a.low}
    unknown = [k for k in keys if k not in ranges]
    if unknown:
        raise ConfigError(f"worlds_keys: {', '.join(unknown)}: not an assumption with a plausible "
                          "range (docs/model.md, section 8.1 lists them)")
    chosen = [ranges[k] for k in (keys or ranges)]
    return {"num_vars": len(chosen), "names": [a.key for a in chosen],
            "bounds": [[a.low, a.high] for a in chosen]}


def draw(settings: Config, n: int, seed: int = 0, design: str = "lhs",
         keys: Sequence[str] = ()) -> pd.DataFrame:
    """The worlds of a design: one row per world, one column per assumption drawn (`problem`).
    `lhs`: a Latin hypercube of `n` worlds; `morris`: `n` Morris trajectories (4 levels);
    `sobol`: Saltelli's scheme with `n` base samples, first and total order (SALib). Whole-number
    keys are rounded."""
    found = problem(settings, keys)
    values = pd.DataFrame(sample(found, n, seed, design), columns=found["names"])
    types = dict(schema_fields())
    for key in values:
        if types[key].type in WHOLE:
            values[key] = values[key].round().astype(int)
    values.index.name = "world"
    return values


def sample(found: dict, n: int, seed: int = 0, design: str = "lhs") -> np.ndarray:
    """The design's points for SALib's `problem` `found`, one row per world, before whole-number
    keys are rounded (what SALib's analyses take)."""
    return _sample(n, seed, design, tuple(found["names"]),
                   tuple(map(tuple, found["bounds"]))).copy()


@lru_cache(maxsize=8)  # a sweep job's points share their design
def _sample(n: int, seed: int, design: str, names: tuple, bounds: tuple) -> np.ndarray:
    found = {"num_vars": len(names), "names": list(names), "bounds": [list(b) for b in bounds]}
    limits = np.array(found["bounds"])
    if design == "lhs":
        unit = qmc.LatinHypercube(d=found["num_vars"], seed=seed).random(n)
        values = limits[:, 0] + unit * (limits[:, 1] - limits[:, 0])
    elif design == "morris":
        values = morris_sample.sample(found, n, num_levels=MORRIS_LEVELS, seed=seed)
    else:
        values = sobol_sample.sample(found, n, calc_second_order=False, seed=seed)
    # SALib's grid steps can overshoot a bound by a rounding error
    return np.clip(values, limits[:, 0], limits[:, 1])


def in_world(settings: Config, world: pd.Series) -> Config:
    """`settings` with the world's assumptions (a row of `draw`: whole-number keys stay whole,
    though a row of mixed keys holds them as decimals)."""
    types = dict(schema_fields())
    return updated(settings, {key: int(round(value)) if types[key].type in WHOLE else float(value)
                              for key, value in world.items()})


def resolved(settings: Config) -> Config:
    """Settings with `world=k` (a point of a sensitivity sweep) as the explicit values of world k
    of their design, which are what runs and is saved (with world=-1, worlds=0); other settings
    as they are. Raises ConfigError for a world the design does not have."""
    if settings.world < 0:
        return settings
    shipped = updated(settings, {"world": -1, "worlds": 0})
    worlds = draw(shipped, settings.worlds, settings.worlds_seed, settings.worlds_design,
                  settings.worlds_keys)
    if settings.world >= len(worlds):
        raise ConfigError(f"world={settings.world}: the design has {len(worlds)} worlds "
                          f"(0 to {len(worlds) - 1})")
    return in_world(shipped, worlds.iloc[settings.world])
