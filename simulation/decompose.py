"""A package's effect split into its components' effects alone and their interaction.

A package is a policy; each of its components is one knob on which it differs from a baseline
policy (`none` unless given), set alone on the baseline. The baseline, the package and every
component run side by side in one model, on the same teachers (common random numbers), and each
effect is the mean over replicates of the per-replicate difference from the baseline in the
weekly-active share over the last quarter of the run (weeks 40-52 of a year; the validation's
`weekly.active_share` measure), with a 95%
bootstrap interval (`simulation.statistics`). The interaction share is

    1 - (sum of the components' effects alone) / (package effect),

with its interval from the same bootstrap resamples of replicates: the part of the package's
effect that no component gives alone. `copsim ... decompose=true` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulation import statistics
from simulation.config import Config, ConfigError, setting, updated
from simulation.knobs import KNOBS
from simulation.validation.checks import values
from simulation.validation.experiments import Measure

LATE_SHARE = 0.25  # the effect is read over the last quarter of the run


@dataclass(frozen=True)
class Decomposition:
    package: str
    baseline: str
    weeks: tuple[int, int]          # first and last week of the measure
    effects: pd.DataFrame           # per component, then their sum and the package: effect, low, high
    interaction: tuple[float, float, float]  # share, low, high


def components(package: Config, baseline: Config) -> list[str]:
    """The knobs (dotted keys) on which the package's policy differs from the baseline's."""
    return [k.key for k in KNOBS if setting(package, k.key) != setting(baseline, k.key)]


def late_weeks(weeks: int) -> tuple[int, int]:
    """First and last week of the last quarter of a run of `weeks` weeks (40-52 of 52)."""
    return weeks - max(int(weeks * LATE_SHARE), 1) + 1, weeks


def decompose(package: Config, baseline: Config, progress=None) -> Decomposition:
    """Split the package's effect against the baseline into its components' effects alone and
    their interaction (module docstring). Raises ConfigError if the two cannot be split."""
    from simulation.run import run_batch  # the model: only where a decomposition runs

    for s in (package, baseline):
        if s.policy.phases:
            raise ConfigError(f"decompose: policy {s.policy.name!r} has phases; split its "
                              "un-phased version (a timeline is not a set of knobs)")
    keys = components(package, baseline)
    if not keys:
        raise ConfigError(f"decompose: {package.policy.name!r} sets every knob as "
                          f"{baseline.policy.name!r} does: nothing to split")
    scenarios = [baseline, package, *(updated(baseline, {k: setting(package, k)}) for k in keys)]
    first, last = late_weeks(package.weeks)
    late_share = Measure("run", "weekly.active_share", tuple(range(first, last + 1)))
    late = [values({"run": result}, late_share).to_numpy()
            for result in run_batch(scenarios, progress)]
    # per replicate: the package's effect, then each component's alone
    effects = np.column_stack([x - late[0] for x in late[1:]])
    rows = {key: effects[:, 1 + i] for i, key in enumerate(keys)}
    rows["sum of the components alone"] = effects[:, 1:].sum(axis=1)
    rows[f"the package ({package.policy.name})"] = effects[:, 0]
    table = pd.DataFrame(
        [(x.mean(), *statistics.bootstrap_interval(x)) for x in rows.values()],
        index=list(rows), columns=["effect", "low", "high"])
    share = _interaction(effects)
    return Decomposition(package.policy.name, baseline.policy.name, (first, last), table,
                         (share, *statistics.bootstrap_interval(effects, _interaction)))


def _interaction(effects: np.ndarray) -> float:
    """1 - (sum of the components' mean effects) / (the package's mean effect); `effects` has
    one row per replicate, the package's effect first."""
    means = effects.mean(axis=0)
    return float(1 - means[1:].sum() / means[0]) if means[0] != 0 else np.nan


def table(found: Decomposition) -> str:
    """The decomposition as printed by `copsim`: effects in percentage points."""
    first, last = found.weeks
    lines = [f"Effect on the weekly-active share in weeks {first}-{last} against "
             f"{found.baseline}, percentage points (mean [95% CI over replicates]):"]
    width = max(len(name) for name in found.effects.index)
    for name, row in found.effects.iterrows():
        lines.append(f"  {name:<{width}}  {100 * row.effect:+6.1f} "
                     f"[{100 * row.low:+.1f}, {100 * row.high:+.1f}]")
    share, low, high = found.interaction
    lines.append(f"Interaction share (1 - sum of the components alone / package): {share:.0%} "
                 f"[{low:.0%}, {high:.0%}]")
    return "\n".join(lines)
