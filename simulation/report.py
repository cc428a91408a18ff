"""Tables a person reads: weekly-active curves and headline indicators with 95% intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulation.results import RunResult

CURVE_WEEKS = (1, 2, 4, 8, 10, 12, 16, 26, 39, 52)
HEADLINES = {
    "retention_w4": "active share, week 4",
    "retention_w12": "active share, week 12",
    "retention_w26": "active share, week 26",
    "half_life_weeks": "half-life (weeks)",
    "answered_share": "questions answered",
    "top10_share": "posts by top 10%",
    "gini_posts": "Gini of posts",
    "left": "teachers who left",
    "cost": "cost per group (USD)",
}


def mean_ci(values: pd.Series) -> str:
    """Mean with a normal-approximation 95% interval across replicates."""
    x = values.dropna().to_numpy(dtype=float)
    if len(x) == 0:
        return "n/a"
    mean = x.mean()
    if len(x) < 2:
        return f"{mean:.3g}"
    half = 1.96 * x.std(ddof=1) / np.sqrt(len(x))
    return f"{mean:.3g} [{mean - half:.3g}, {mean + half:.3g}]"


def headline_table(results: dict[str, RunResult]) -> pd.DataFrame:
    """Rows: indicators; columns: scenarios."""
    columns = {}
    for name, result in results.items():
        per_replicate = result.summary.groupby("replicate")[list(HEADLINES)].mean()
        columns[name] = [mean_ci(per_replicate[key]) for key in HEADLINES]
    return pd.DataFrame(columns, index=list(HEADLINES.values()))


def weekly_curve_table(results: dict[str, RunResult]) -> pd.DataFrame:
    """Mean weekly-active share at selected weeks; rows: weeks, columns: scenarios."""
    curves = {}
    for name, result in results.items():
        curve = result.weekly.groupby("week")["active_share"].mean()
        curves[name] = curve.reindex([w for w in CURVE_WEEKS if w in curve.index]).round(3)
    table = pd.DataFrame(curves)
    table.index.name = "week"
    return table
