"""How much do the model's policy conclusions depend on its assumptions? (`--sensitivity`)

Every behaviour constant and uncertain population value is an assumption (docs/model.md,
section 8.1). Six policy conclusions are recomputed in WORLDS plausible worlds
(`simulation.worlds`: a Latin hypercube of every assumption over its plausible range, worlds_seed
WORLDS_SEED): each is the effect of a policy on the mean weekly-active share in weeks 13-26
against no support, paired by replicate on the same teachers (Tanzania maths teachers,
REPLICATES x WEEKS, base seed SEED). Per conclusion the report gives the effect with the shipped
assumptions (and its one-sided paired Wilcoxon p), the share of worlds where it is positive, its
median and 5-95% range across worlds, and the assumptions that drive it most: their first-order
sensitivity indices by RBD-FAST (SALib's `rbd_fast`, which reads a Latin hypercube; Tarantola,
Gatelli & Mara 2006, Plischke 2010), the share of the effect's variance across worlds that each
explains alone. With WORLDS worlds an index carries estimation noise, so an assumption is named
only above the noise floor: the 95th percentile, over SHUFFLES shuffles of the effect across the
worlds, of the largest index any assumption then gets. With REPLICATES replicates a world's
effect carries replicate noise too, so an effect of under a point can be negative in a world by
chance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from SALib.analyze import rbd_fast

from simulation.config import load_settings
from simulation.statistics import ALPHA, greater_p
from simulation.validation.checks import values
from simulation.validation.experiments import Measure
from simulation.worlds import draw, problem

BASE = ("population=tanzania_maths", "policy=none", "progress=false")
CONCLUSIONS = {  # name: overrides of the policy scenario, compared with BASE alone
    "recommended package": ("policy=dime_recommended", "policy.group_size=38"),
    "rotating moderator": ("policy.moderator.mode=rotating",),
    "kick-off": ("policy.kickoff=true",),
    "monthly meetings": ("policy.meeting_every_weeks=4",),
    "recognition": ("policy.incentive.recognition=active",),
    "data subsidy": ("policy.data_subsidy=true",),
}
WORLDS, WORLDS_SEED = 512, 0
REPLICATES, WEEKS, SEED = 20, 26, 0
LATE = (13, WEEKS)
DRIVERS = 3  # assumptions named per conclusion
SHIPPED = -1  # the world key of the shipped assumptions
SHUFFLES = 20  # shuffles of the effect across worlds that set the indices' noise floor
FLOOR = "(noise floor)"


@dataclass(frozen=True)
class Conclusion:
    shipped: float          # effect with the shipped assumptions (fraction of members)
    p: float                # its one-sided paired Wilcoxon p
    worlds: pd.Series       # effect per world
    drivers: pd.Series      # first-order index per assumption, largest first

    @property
    def holds(self) -> bool:
        return self.shipped > 0 and self.p < ALPHA


def tasks() -> list[tuple[int, str, tuple[str, ...]]]:
    """Every simulation needed: (world, scenario, overrides); world SHIPPED is the shipped
    assumptions."""
    scenarios = {"none": (), **CONCLUSIONS}
    run = (f"replicates={REPLICATES}", f"weeks={WEEKS}", f"seed={SEED}")
    design = (f"worlds={WORLDS}", f"worlds_seed={WORLDS_SEED}")
    return [(world, name, (*BASE, *policy, *run, *((*design, f"world={world}")
                                                  if world != SHIPPED else ())))
            for world in (SHIPPED, *range(WORLDS)) for name, policy in scenarios.items()]


def late_active(tables) -> pd.Series:
    """Per replicate: the weekly-active share over weeks LATE (the validation's measure)."""
    return values({"run": tables}, Measure("run", "weekly.active_share",
                                           tuple(range(LATE[0], LATE[1] + 1))))


def assumptions() -> tuple[dict, pd.DataFrame]:
    """The worlds' SALib problem and their values (the design `tasks` runs)."""
    settings = load_settings(list(BASE))
    return problem(settings), draw(settings, WORLDS, WORLDS_SEED)


def conclusions(late: dict) -> dict[str, Conclusion]:
    """{conclusion: Conclusion} from {(world, scenario): per-replicate late share}."""
    found, x = assumptions()
    out = {}
    for name in CONCLUSIONS:
        def effect(world: int) -> np.ndarray:
            return (late[(world, name)] - late[(world, "none")]).to_numpy()
        shipped = effect(SHIPPED)
        worlds = pd.Series([effect(w).mean() for w in range(WORLDS)])
        out[name] = Conclusion(float(shipped.mean()), greater_p(shipped), worlds,
                               drivers(found, x.to_numpy(dtype=float), worlds.to_numpy()))
    return out


def drivers(found: dict, x: np.ndarray, y: np.ndarray) -> pd.Series:
    """First-order indices (RBD-FAST) of `y` over the Latin hypercube `x`, largest first, and
    the noise floor (`FLOOR`): the 95th percentile of the largest index when `y` is shuffled
    across the worlds (`SHUFFLES` seeded shuffles), which no assumption can explain."""
    def indices(values: np.ndarray) -> np.ndarray:
        # the indices only: their bootstrap intervals (num_resamples) are not used here
        return np.asarray(rbd_fast.analyze(found, x, values, seed=0, num_resamples=2)["S1"])
    rng = np.random.default_rng(WORLDS_SEED)
    floor = np.percentile([indices(rng.permutation(y)).max() for _ in range(SHUFFLES)], 95)
    found_indices = pd.Series(indices(y), index=found["names"]).sort_values(ascending=False)
    return pd.concat([found_indices, pd.Series({FLOOR: floor})])


def summary(found: dict[str, Conclusion]) -> str:
    """Markdown: per conclusion, the shipped effect, how often it holds across worlds, its range
    and the assumptions that drive it (percentage points)."""
    lines = ["| conclusion | shipped | worlds where positive | median [5%, 95%] across worlds "
             "| driven most by (first-order index) | noise floor |",
             "|---|---:|---:|---:|---|---:|"]
    for name, c in found.items():
        mark = "" if c.holds else " (ns)" if c.shipped > 0 else " **rev**"
        low, median, high = (100 * c.worlds.quantile(q) for q in (0.05, 0.5, 0.95))
        floor = c.drivers[FLOOR]
        above = c.drivers.drop(FLOOR)
        above = above[above > floor].head(DRIVERS)
        named = ", ".join(f"`{k.removeprefix('behaviour.')}` {v:.2f}" for k, v in above.items())
        lines.append(f"| {name} | {100 * c.shipped:+.1f}{mark} | {(c.worlds > 0).mean():.0%} | "
                     f"{median:+.1f} [{low:+.1f}, {high:+.1f}] | {named or 'none above the floor'} "
                     f"| {floor:.2f} |")
    return "\n".join(lines)
