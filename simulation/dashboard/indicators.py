"""The Explore page's indicator cards (the indicators themselves: `simulation.indicators`)."""

from __future__ import annotations

import pandas as pd
import solara

from simulation.indicators import INDICATORS, difference_text, per_replicate
from simulation.statistics import mean_interval

CARDS = INDICATORS[:-1]  # the Explore page's cards


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
                    solara.Text(f"vs no support: {difference_text(indicator, summary, reference)}",
                                classes=[f"difference-{indicator.column}"],
                                style={"font-size": "0.9em", "font-weight": "bold",
                                       "display": "block"})
                solara.Text(indicator.format(mean), classes=[f"value-{indicator.column}"],
                            style={"font-size": "1.6em", "font-weight": "bold", "display": "block"})
                solara.Text(f"95% interval {indicator.format(low)} to {indicator.format(high)}",
                            style={"font-size": "0.75em", "color": "#777"})
