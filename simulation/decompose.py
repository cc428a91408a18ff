"""A package's effect split into its components' effects alone and their interaction.

A package is a policy; each of its components is one knob on which it differs from a baseline
policy (`none` unless given). Each component is measured two ways: set alone on the baseline (what
it gives alone), and set back to the baseline's value in the package (what the package loses
without it). The baseline, the package and these scenarios run side by side in one model, on the
same teachers (common random numbers), and each effect is the mean over replicates of the
per-replicate difference in the weekly-active share over the last quarter of the run (weeks 40-52
of a year; the validation's `weekly.active_share` measure), with a 95% bootstrap interval
(`simulation.statistics`). The interaction share is

    1 - (sum of the components' effects alone) / (package effect),

with its interval from the same bootstrap resamples of replicates: the part of the package's
effect that no component gives alone. When the components' losses add up to more than the package
gives, the components need each other: each keeps the others working (a threshold). `copsim ...
decompose=true` prints both columns.
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
    dropped: pd.DataFrame           # per component, then their sum: what the package loses without it
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
    scenarios = [baseline, package, *(updated(baseline, {k: setting(package, k)}) for k in keys),
                 *(updated(package, {k: setting(baseline, k)}) for k in keys)]
    first, last = late_weeks(package.weeks)
    late_share = Measure("run", "weekly.active_share", tuple(range(first, last + 1)))
    late = [values({"run": result}, late_share).to_numpy()
            for result in run_batch(scenarios, progress)]
    n = len(keys)
    # per replicate: the package's effect, then each component's alone
    effects = np.column_stack([x - late[0] for x in late[1:2 + n]])
    rows = {key: effects[:, 1 + i] for i, key in enumerate(keys)}
    rows["sum of the components alone"] = effects[:, 1:].sum(axis=1)
    rows[f"the package ({package.policy.name})"] = effects[:, 0]
    # per replicate: what the package loses without each component
    lost = np.column_stack([late[1] - x for x in late[2 + n:]])
    dropped = dict(zip(keys, lost.T)) | {"sum of the components dropped": lost.sum(axis=1)}
    share = _interaction(effects)
    return Decomposition(package.policy.name, baseline.policy.name, (first, last),
                         _intervals(rows), _intervals(dropped),
                         (share, *statistics.bootstrap_interval(effects, _interaction)))


def _intervals(rows: dict[str, np.ndarray]) -> pd.DataFrame:
    """Mean and 95% bootstrap interval of each row's per-replicate values."""
    return pd.DataFrame([(x.mean(), *statistics.bootstrap_interval(x)) for x in rows.values()],
                        index=list(rows), columns=["effect", "low", "high"])


def _interaction(effects: np.ndarray) -> float:
    """1 - (sum of the components' mean effects) / (the package's mean effect); `effects` has
    one row per replicate, the package's effect first."""
    means = effects.mean(axis=0)
    return float(1 - means[1:].sum() / means[0]) if means[0] != 0 else np.nan


def table(found: Decomposition) -> str:
    """The decomposition as printed by `copsim`: effects in percentage points."""
    first, last = found.weeks
    def cell(row) -> str:
        return f"{100 * row.effect:+6.1f} [{100 * row.low:+.1f}, {100 * row.high:+.1f}]"

    names = [*found.effects.index, *found.dropped.index[-1:]]
    width = max(len(name) for name in names)
    lines = [f"Effect on the weekly-active share in weeks {first}-{last}, percentage points "
             "(mean [95% CI over replicates]):",
             f"  {'':<{width}}  {'alone, against ' + found.baseline:<22}  lost if dropped from the package"]
    for name, row in found.effects.iterrows():
        lost = cell(found.dropped.loc[name]) if name in found.dropped.index else ""
        lines.append(f"  {name:<{width}}  {cell(row):<22}  {lost}".rstrip())
    total = found.dropped.iloc[-1]
    lines.append(f"  {total.name:<{width}}  {'':<22}  {cell(total)}")
    share, low, high = found.interaction
    lines.append(f"Interaction share (1 - sum of the components alone / package): {share:.0%} "
                 f"[{low:.0%}, {high:.0%}]")
    if total.effect > found.effects.effect.iloc[-1]:
        lines.append("The losses add up to more than the package gives: its components need each "
                     "other, so a cut-down package keeps less than its parts alone suggest.")
    return "\n".join(lines)
