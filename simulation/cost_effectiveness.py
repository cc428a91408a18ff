"""Cost and participation: what each active teacher-week costs, and which packages are worth it.

The cost measures that the `copsim` tables, `copsim-report` and the dashboard show, all from the
summary table (prices in `costs.*`, each in `costs.currency`). Packages set different group
sizes, so a programme's teachers are the unit: cost and active teacher-weeks are per teacher
invited (a group's founders), over the run (summary `cost_per_teacher`,
`active_weeks_per_teacher`).
- cost per active teacher-week: each group's `cost / active_teacher_weeks` (summary
  `cost_per_active_week`), where an active teacher-week is one teacher active in one week,
  averaged as every headline indicator is (over groups, then replicates), so the cost table and
  the indicators show one number (it is not the ratio of the two per-teacher means beside it,
  which would weight groups by their activity);
- cost per additional active teacher-week against a baseline, on the same teachers: the mean
  difference in cost per teacher over the mean difference in active weeks per teacher, with a
  95% bootstrap interval over replicates ("unbounded" where a resample adds none); "n/a" where
  the scenario adds no active teacher-weeks (it buys nothing);
- the frontier: the scenarios that no other beats on both cost per teacher (lower is better)
  and active weeks per teacher (higher is better). A scenario is off the frontier when another
  costs no more and keeps its teachers active at least as long, and is better on one. Over
  plausible worlds (`simulation.over_worlds`), the share of worlds in which each is on it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulation.indicators import INDICATOR, per_replicate
from simulation.statistics import bootstrap_interval

COST, PARTICIPATION = "cost_per_teacher", "active_weeks_per_teacher"
UNBOUNDED = 1e18  # a resample that adds no active teacher-week: no finite price buys one
AGAINST_BASELINE = "cost per additional one vs "  # the column against the baseline, then its name


def per_teacher(summary: pd.DataFrame) -> pd.DataFrame:
    """Per replicate: cost and active teacher-weeks per teacher invited (mean over groups)."""
    return summary.groupby("replicate")[[COST, PARTICIPATION]].mean()


def incremental(summary: pd.DataFrame, reference: pd.DataFrame) -> tuple[float, float, float]:
    """Cost per additional active teacher-week against `reference` (same teachers), with its
    95% bootstrap interval (NaN where no teacher-week is added; a bound of `UNBOUNDED` where a
    resample adds none)."""
    pairs = (per_teacher(summary) - per_teacher(reference)).dropna().to_numpy()
    if not len(pairs) or pairs[:, 1].mean() <= 0:
        return np.nan, np.nan, np.nan

    def ratio(x: np.ndarray) -> float:
        added = x[:, 1].mean()
        return x[:, 0].mean() / added if added > 0 else UNBOUNDED
    return (ratio(pairs), *bootstrap_interval(pairs, ratio))


def frontier(cost: pd.Series, participation: pd.Series) -> pd.Series:
    """True for each scenario (the index) that no other beats on both cost and participation."""
    on = {}
    for name in cost.index:
        c, p = cost[name], participation[name]
        beaten = ((cost <= c) & (participation >= p) & ((cost < c) | (participation > p)))
        on[name] = not beaten.drop(name).any()
    return pd.Series(on)


def table(summaries: dict[str, pd.DataFrame], baseline: str) -> pd.DataFrame:
    """Rows: scenarios; columns: cost and active weeks per teacher invited, cost per active
    teacher-week, cost per additional active teacher-week against the baseline (mean [95% CI]),
    and whether the scenario is on the cost-participation frontier."""
    money = INDICATOR[COST].format
    means = pd.DataFrame({n: per_teacher(s).mean() for n, s in summaries.items()}).T
    on = frontier(means[COST], means[PARTICIPATION])
    rows = {}
    for name, summary in summaries.items():
        value, low, high = incremental(summary, summaries[baseline])
        bound = "unbounded" if high >= UNBOUNDED else money(high)
        extra = ("(baseline)" if name == baseline else "n/a (adds none)" if np.isnan(value)
                 else f"{money(value)} [{money(low)}, {bound}]")
        cost, weeks = means.loc[name, COST], means.loc[name, PARTICIPATION]
        rows[name] = {
            "cost per teacher": money(cost),
            "active weeks per teacher": f"{weeks:.3g}",
            "cost per active teacher-week":
                money(per_replicate(summary, "cost_per_active_week").mean()),
            f"{AGAINST_BASELINE}{baseline}": extra,
            "on the frontier": "yes" if on[name] else "no",
        }
    return pd.DataFrame(rows).T


def frontier_share(levels: pd.DataFrame) -> pd.Series:
    """Per scenario, the share of worlds where it is on the frontier; `levels` has index
    (world, scenario) and the columns `COST` and `PARTICIPATION`."""
    on = [frontier(part.droplevel("world")[COST], part.droplevel("world")[PARTICIPATION])
          for _, part in levels.groupby(level="world")]
    return pd.concat(on, axis=1).mean(axis=1)
