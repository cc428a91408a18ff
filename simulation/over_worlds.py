"""A comparison over plausible worlds: how much the assumptions decide a policy's advantage.

Every scenario runs in every world of a Latin hypercube (`worlds.draw`: `worlds` worlds fixed by
`worlds_seed`) on the same teachers (the run's seed), so the difference between a scenario and
the baseline is measured world by world, as in one run: the mean over replicates of the
per-replicate difference. Across worlds it has a median, a 5-95% range and a share of worlds
where it is above zero. The replicate interval of the shipped world says how sure the answer is
given the assumptions; the spread across worlds says how much the assumptions decide it. With
few replicates a world's difference carries replicate noise too, so a difference near zero can
change sign from world to world by chance. `copsim ... worlds=N` prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from simulation.config import Config
from simulation.cost_effectiveness import frontier_share
from simulation.indicators import INDICATORS, Indicator
from simulation.statistics import mean_interval
from simulation.worlds import draw, in_world

SPREAD = (0.05, 0.95)  # the range of worlds shown beside the median


@dataclass(frozen=True)
class Worlds:
    """A comparison over plausible worlds: the baseline's name, the worlds' draws, per (world,
    scenario) the mean per-replicate difference from the baseline of each indicator and each
    scenario's mean, and per (scenario, replicate) the difference in the shipped world
    (summary units: shares as fractions)."""
    baseline: str
    draws: pd.DataFrame
    differences: pd.DataFrame  # index (world, scenario), columns: indicator columns
    shipped: pd.DataFrame      # index (scenario, replicate), columns: indicator columns
    levels: pd.DataFrame       # index (world, scenario), every scenario's means: indicator columns

    @property
    def scenarios(self) -> list[str]:
        """The scenarios compared with the baseline (not the baseline)."""
        return list(self.differences.index.get_level_values("scenario").unique())

    @property
    def scenarios_with_baseline(self) -> list[str]:
        return [self.baseline, *self.scenarios]


def compare(scenarios: dict[str, Config], n: int, seed: int = 0,
            progress: Callable[[int, int], None] | None = None,
            draws: pd.DataFrame | None = None) -> Worlds:
    """Run every scenario (the first is the baseline) in each of `n` plausible worlds drawn from
    the first scenario's assumptions, or in each row of `draws` (for example draws from a fitted
    posterior: `simulation.calibration`), on the same teachers, and take each world's
    differences."""
    from simulation.run import run_many  # the model: only where worlds run

    names, settings = list(scenarios), list(scenarios.values())
    draws = draw(settings[0], n, seed) if draws is None else draws
    n = len(draws)
    runs = [*settings, *(in_world(s, world) for _, world in draws.iterrows() for s in settings)]
    results = run_many(runs, progress)
    columns = [i.column for i in INDICATORS]

    # per world (-1: the shipped assumptions), each scenario's per-replicate values
    levels = {w: [r.summary.groupby("replicate")[columns].mean()
                  for r in results[(w + 1) * len(names):(w + 2) * len(names)]]
              for w in range(-1, n)}
    # ... and each scenario's per-replicate difference from the baseline
    apart = {w: {name: d - found[0] for name, d in zip(names[1:], found[1:])}
             for w, found in levels.items()}

    def by_world(rows: dict) -> pd.DataFrame:
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index = pd.MultiIndex.from_tuples(table.index, names=["world", "scenario"])
        return table
    differences = by_world({(w, name): d.mean() for w in range(n) for name, d in apart[w].items()})
    means = by_world({(w, name): d.mean() for w in range(n) for name, d in zip(names, levels[w])})
    shipped = pd.concat(apart[-1], names=["scenario", "replicate"])
    return Worlds(names[0], draws, differences, shipped, means)


def spread(found: Worlds, scenario: str, indicator: Indicator) -> dict[str, float]:
    """Across worlds, the scenario's difference from the baseline: median, low and high (the
    `SPREAD` quantiles), min, max, and the shares of worlds above and below zero."""
    d = found.differences.xs(scenario, level="scenario")[indicator.column].dropna()
    low, median, high = d.quantile([SPREAD[0], 0.5, SPREAD[1]])
    return {"median": median, "low": low, "high": high, "min": d.min(), "max": d.max(),
            "above": float((d > 0).mean()), "below": float((d < 0).mean()), "worlds": len(d)}


def table(found: Worlds, worlds: str = "plausible worlds") -> pd.DataFrame:
    """Rows: indicators; per scenario: its difference from the baseline in the shipped world
    (mean [95% CI over replicates]), across worlds (median [5%, 95% of worlds]), and the share of
    worlds where it is above zero."""
    columns = {}
    for scenario in found.scenarios:
        shipped, cells, shares = [], [], []
        for indicator in INDICATORS:
            shipped.append(indicator.change_interval(
                *mean_interval(found.shipped.loc[scenario][indicator.column])))
            s = spread(found, scenario, indicator)
            cells.append(indicator.change_interval(s["median"], s["low"], s["high"])
                         if s["worlds"] else "n/a")
            shares.append(f"{s['above']:.0%}" if s["worlds"] else "")
        name = f"{scenario} - {found.baseline}"
        columns[(name, "shipped world")] = shipped
        columns[(name, worlds)] = cells
        columns[(name, f"{worlds.split()[-1]} > 0")] = shares
    return pd.DataFrame(columns, index=[i.label for i in INDICATORS])


def frontier_sentence(found: Worlds) -> str:
    """How often each scenario is on the cost-participation frontier across the worlds
    (`cost_effectiveness.frontier_share`)."""
    on = frontier_share(found.levels)
    return ("On the cost-participation frontier in: "
            + "; ".join(f"{name} {share:.0%}" for name, share in on.items())
            + f" of the {len(found.draws)} worlds.")


def wins(found: Worlds, indicator: Indicator) -> pd.Series:
    """Per scenario (the baseline too), the share of worlds where it alone does best on the
    indicator (highest or lowest mean, as the indicator's `better` says); a world where two
    scenarios tie at the best counts for none of them."""
    means = found.levels[indicator.column].unstack("scenario")[found.scenarios_with_baseline]
    best = means.max(axis=1) if indicator.better == "higher" else means.min(axis=1)
    leads = means.eq(best, axis=0)
    alone = leads[leads.sum(axis=1) == 1]
    return alone.sum().div(len(means)).reindex(means.columns, fill_value=0.0)


def wins_sentence(found: Worlds, indicator: Indicator) -> str:
    """How often each scenario does best on the indicator: "Most teachers active at week 26 in:
    none 0%; dime_recommended 91% of the 64 worlds"."""
    week = indicator.column.removeprefix("retention_w")
    what = (f"{'Most' if indicator.better == 'higher' else 'Fewest'} teachers active at week "
            f"{week}" if indicator.column.startswith("retention_w") else
            f"Best {indicator.label.lower()}")
    return (f"{what} in: " + "; ".join(f"{name} {share:.0%}"
                                       for name, share in wins(found, indicator).items())
            + f" of the {len(found.draws)} worlds.")


def headline(weeks: int) -> Indicator:
    """The indicator a sentence speaks of: the active share at the latest of weeks 26, 12, 4
    that the run reaches."""
    week = next((w for w in (26, 12, 4) if w <= weeks), 4)
    return next(i for i in INDICATORS if i.column == f"retention_w{week}")


def sentence(found: Worlds, scenario: str, indicator: Indicator,
             worlds: str = "plausible worlds") -> str:
    """The answer in words, the sign first where it changes across worlds: "dime_recommended
    keeps more teachers active at week 26 than none in 100% of 64 plausible worlds; the
    difference ranges from +8.1 to +31 points (median +19)"."""
    s = spread(found, scenario, indicator)
    if not s["worlds"]:
        return f"{scenario}: no world gives a value for {indicator.label.lower()}."
    f, unit = indicator.change, indicator.unit or ""
    week = indicator.column.removeprefix("retention_w")
    what = f"teachers active at week {week}"
    where = f"of {s['worlds']} {worlds}"
    ranges = (f"the difference ranges from {f(s['min'])} to {f(s['max'])}{unit} "
              f"(median {f(s['median'])}; 90% of them between {f(s['low'])} and "
              f"{f(s['high'])})")
    if s["above"] and s["below"]:
        return (f"The sign changes across worlds: {scenario} keeps more {what} than "
                f"{found.baseline} in {s['above']:.0%} {where} and fewer in {s['below']:.0%}; "
                f"{ranges}.")
    more = "more" if s["above"] else "fewer" if s["below"] else "as many"
    share = max(s["above"], s["below"]) if s["above"] or s["below"] else 1.0
    return f"{scenario} keeps {more} {what} than {found.baseline} in {share:.0%} {where}; {ranges}."
