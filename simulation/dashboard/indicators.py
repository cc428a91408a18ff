"""The Explore page's indicator cards (the indicators themselves: `simulation.indicators`).

Each card gives its indicator's label and, under it, what it measures in one line
(`Indicator.meaning`); the difference from no support, when there is one; the level; the
teachers it stands for in a group (`counts_text`); and the level's 95% interval. A share of
teachers is told with the teachers it counts ("about 11 of 29 teachers"), a count of teachers
with its share of the teachers who joined ("38% of the 30 who joined"). Counts are per group:
the mean over a replicate's groups, then over replicates, as the levels are.
"""

from __future__ import annotations

import pandas as pd
import solara

from simulation import RunResult
from simulation.indicators import INDICATORS, Indicator, difference_text, per_replicate
from simulation.statistics import mean_interval

CARDS = INDICATORS[:-1]  # the Explore page's cards
TOP_SHARE = 0.1  # the "top 10%" of top10_share (`metrics.top_share_by_group`: at least one)
COUNTS_OF_JOINED = ("active_end", "silent_end", "left")  # counts of teachers, also as shares
SMALL = {"font-size": "0.86em", "color": "#555"}
CARD_GRID = {"display": "grid", "gap": "8px",
             "grid-template-columns": "repeat(auto-fill, minmax(210px, 1fr))"}


def mean_per_group(table: pd.DataFrame, values: pd.Series) -> float:
    """The mean of a per-group (or per-group-and-week) value: over each replicate's rows, then
    over replicates, as the cards' levels are taken (`per_replicate`)."""
    return float(values.groupby(table["replicate"]).mean().mean())


def about(number: float) -> str:
    """A mean count of teachers: "11", "2", or "0.4" below 10 (a fraction of a teacher per
    group, on average, still says something)."""
    return f"{number:.1f}".removesuffix(".0") if number < 10 else f"{number:.0f}"


def counts_text(indicator: Indicator, result: RunResult) -> str | None:
    """The teachers behind a card's level, in a group: for the share active at week w, how many
    were active then of how many had joined by then (`weekly`); for the top 10%'s share of posts,
    how many members that top is; for a count of teachers, its share of the teachers who joined
    (members at the end and those who left). None for the others."""
    summary = result.summary
    joined = summary["members_end"] + summary["left"]
    if indicator.column.startswith("retention_w"):
        weekly = result.weekly[result.weekly["week"] == int(indicator.column.removeprefix(
            "retention_w"))]
        if weekly.empty:
            return None
        active = mean_per_group(weekly, weekly["active"])
        of = mean_per_group(weekly, weekly["members"] + weekly["left"])
        return f"about {about(active)} of {about(of)} teachers who had joined"
    if indicator.column == "top10_share":
        top = mean_per_group(summary, (TOP_SHARE * joined).round().clip(lower=1))
        return f"written by {about(top)} of {about(mean_per_group(summary, joined))} members"
    if indicator.column in COUNTS_OF_JOINED:
        count, of = (mean_per_group(summary, v) for v in (summary[indicator.column], joined))
        return f"{count / of:.0%} of the {about(of)} teachers who joined" if of > 0 else None
    return None


@solara.component
def IndicatorCards(result: RunResult, reference: RunResult | None = None):
    """One card per headline indicator: its meaning, then its difference from the reference (no
    support, on the same teachers) when there is one, then the level (mean and 95% interval
    across replicates), which is not calibrated, with the teachers it stands for."""
    summary = result.summary
    if reference is not None:
        solara.Text("Each card: the difference from no support on the same teachers, then the "
                    "level (levels are not calibrated: compare, do not promise them). Numbers of "
                    "teachers are for one group.", style={"font-size": "0.86em", "color": "#555"})
    with solara.Div(style=CARD_GRID, classes=["indicator-cards"]):
        for indicator in CARDS:
            mean, low, high = mean_interval(per_replicate(summary, indicator.column))
            counts = counts_text(indicator, result)
            with solara.Card(style={"padding": "4px", "margin": "0"},
                             classes=["indicator-card"]):
                solara.Text(indicator.label, style={"font-size": "0.9em", "color": "#333",
                                                    "font-weight": "bold", "display": "block"})
                solara.Text(indicator.meaning, classes=[f"meaning-{indicator.column}"],
                            style={**SMALL, "display": "block"})
                if reference is not None:
                    solara.Text(f"vs no support: "
                                f"{difference_text(indicator, summary, reference.summary)}",
                                classes=[f"difference-{indicator.column}"],
                                style={"font-size": "0.9em", "font-weight": "bold",
                                       "display": "block"})
                solara.Text(indicator.format(mean), classes=[f"value-{indicator.column}"],
                            style={"font-size": "1.6em", "font-weight": "bold", "display": "block"})
                if counts is not None:
                    solara.Text(counts, classes=[f"counts-{indicator.column}"],
                                style={**SMALL, "display": "block"})
                solara.Text(f"95% interval {indicator.format(low)} to {indicator.format(high)}",
                            style={"font-size": "0.8em", "color": "#777"})
