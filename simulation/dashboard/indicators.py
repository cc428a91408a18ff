"""Headline indicators: what each means in plain words, which way is better, mean and 95% interval."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import solara

from simulation.statistics import mean_interval


@dataclass(frozen=True)
class Indicator:
    column: str     # column of RunResult.summary
    label: str
    better: str     # "higher" or "lower"
    percent: bool = False
    dollars: bool = False

    def format(self, value: float) -> str:
        if not np.isfinite(value):
            return "n/a"
        if self.percent:
            return f"{value:.0%}"
        return f"${value:,.0f}" if self.dollars else f"{value:,.1f}"


INDICATORS = (
    Indicator("retention_w4", "Active at week 4", "higher", percent=True),
    Indicator("retention_w12", "Active at week 12", "higher", percent=True),
    Indicator("retention_w26", "Active at week 26", "higher", percent=True),
    Indicator("half_life_weeks", "Half-life of activity (weeks)", "higher"),
    Indicator("answered_share", "Questions answered", "higher", percent=True),
    Indicator("top10_share", "Posts written by the top 10%", "lower", percent=True),
    Indicator("active_end", "Teachers active in the last week", "higher"),
    Indicator("silent_end", "Members silent in the last week", "lower"),
    Indicator("left", "Teachers who left", "lower"),
    Indicator("cost", "Cost per group, whole run", "lower", dollars=True),
    Indicator("cost_per_active_w12", "Cost per teacher active at week 12", "lower",
              dollars=True),
)
INDICATOR = {i.column: i for i in INDICATORS}
CARDS = INDICATORS[:-1]  # the Explore page's cards


def per_replicate(summary: pd.DataFrame, column: str) -> pd.Series:
    """One value per replicate (the mean over its groups)."""
    return summary.groupby("replicate")[column].mean()


def difference(indicator: Indicator, summary: pd.DataFrame, reference: pd.DataFrame) -> str:
    """The scenario minus the reference on the same teachers: mean [95% interval] of the
    per-replicate differences (shares in percentage points, costs in dollars)."""
    d = (per_replicate(summary, indicator.column)
         - per_replicate(reference, indicator.column)).dropna()
    scale, unit = (100, " pts") if indicator.percent else (1, "")
    mean, low, high = (scale * x for x in mean_interval(d))
    if not np.isfinite(mean):
        return "n/a"
    money = "$" if indicator.dollars else ""

    def signed(x: float) -> str:
        return f"{'-' if x < 0 else '+'}{money}{abs(x):,.0f}" if money else f"{x:+.1f}"
    return f"{signed(mean)}{unit} [{signed(low)}, {signed(high)}]"


@solara.component
def IndicatorCards(summary: pd.DataFrame, reference: pd.DataFrame | None = None):
    """One card per headline indicator: first its difference from the reference (no support, on
    the same teachers) when there is one, then the level (mean and 95% interval across
    replicates), which is not calibrated."""
    if reference is not None:
        solara.Text("Each card: the difference from no support on the same teachers, then the "
                    "level (levels are not calibrated: compare, do not promise them).",
                    style={"font-size": "0.8em", "color": "#555"})
    with solara.Row(style={"flex-wrap": "wrap", "gap": "8px"}):
        for indicator in CARDS:
            mean, low, high = mean_interval(per_replicate(summary, indicator.column))
            with solara.Card(style={"min-width": "170px", "padding": "4px"},
                             classes=["indicator-card"]):
                solara.Text(indicator.label, style={"font-size": "0.85em", "color": "#555"})
                if reference is not None:
                    solara.Text(f"vs no support: {difference(indicator, summary, reference)}",
                                classes=[f"difference-{indicator.column}"],
                                style={"font-size": "0.9em", "font-weight": "bold",
                                       "display": "block"})
                solara.Text(indicator.format(mean), classes=[f"value-{indicator.column}"],
                            style={"font-size": "1.6em", "font-weight": "bold", "display": "block"})
                solara.Text(f"95% interval {indicator.format(low)} to {indicator.format(high)}",
                            style={"font-size": "0.75em", "color": "#777"})
