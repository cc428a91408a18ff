"""The headline indicators: each one's summary column, plain label, better direction and unit,
and how a level and a difference between two scenarios are written.

One list serves the `copsim` tables, the dashboard's cards and tables, and plausible worlds
(`simulation.over_worlds`), so an indicator has one name, one plain line saying what it measures
(`meaning`), and one way of being written everywhere.
Numbers are written to three significant digits (dollars to the dollar); a difference of shares is
in percentage points ("pts"), never "%"; a minus sign goes before the dollar ("-$1,340"), and a
value written as zero has none ("0%", "+$0", never "-0%" or "-$0"). A difference is taken per
replicate, on the same teachers (the scenarios of one run share them replicate by replicate),
then averaged, with a 95% interval across replicates (`statistics.mean_interval`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulation.statistics import mean_interval


@dataclass(frozen=True)
class Indicator:
    column: str     # column of RunResult.summary
    label: str
    better: str     # "higher" or "lower"
    percent: bool = False
    dollars: bool = False
    meaning: str = ""  # what it measures, in one plain line (under its label on a card)

    def format(self, value: float) -> str:
        """A level: "35.7%", "$1,340", "-$1,340", "12.4"."""
        if not np.isfinite(value):
            return "n/a"
        negative, magnitude = self._written(value)
        return f"{'-' if negative else ''}{magnitude}{'%' if self.percent else ''}"

    def change(self, value: float) -> str:
        """A signed difference in the indicator's unit (shares in points): "+4.51", "-$120"."""
        if not np.isfinite(value):
            return "n/a"
        negative, magnitude = self._written(value)
        return f"{'-' if negative else '+'}{magnitude}"

    def _written(self, value: float) -> tuple[bool, str]:
        """Whether a minus sign goes first, and the magnitude in the unit written ("35.7" for a
        share, "$1,340", "12.4"); a value written as zero, or `NEGLIGIBLE`, has no minus sign."""
        scaled = self.scale * value
        if abs(scaled) < NEGLIGIBLE:
            scaled = 0.0
        magnitude = f"${abs(scaled):,.0f}" if self.dollars else f"{abs(scaled):.3g}"
        return scaled < 0 and magnitude.lstrip("$") != "0", magnitude

    def change_interval(self, value: float, low: float, high: float) -> str:
        """A difference with its interval: "+4.51 pts [+3.2, +5.8]" ("n/a" without a value)."""
        if not np.isfinite(value):
            return "n/a"
        return f"{self.change(value)}{self.unit} [{self.change(low)}, {self.change(high)}]"

    @property
    def scale(self) -> float:
        """Factor from the summary's value to the unit of a difference (points for shares)."""
        return 100.0 if self.percent else 1.0

    @property
    def unit(self) -> str:
        """The unit of a difference, after its number: " pts" for shares."""
        return " pts" if self.percent else ""


CURVE_WEEKS = (1, 4, 8, 12, 26, 52)  # the weeks a printed decay curve shows
NEGLIGIBLE = 1e-9  # in the unit written: smaller is floating-point residue, written as zero

INDICATORS = (
    Indicator("retention_w4", "Active at week 4", "higher", percent=True,
              meaning="Teachers who posted or reacted in week 4, of all who had joined by then"),
    Indicator("retention_w12", "Active at week 12", "higher", percent=True,
              meaning="Teachers who posted or reacted in week 12, of all who had joined by then"),
    Indicator("retention_w26", "Active at week 26", "higher", percent=True,
              meaning="Teachers who posted or reacted in week 26, of all who had joined by then"),
    Indicator("half_life_weeks", "Half-life of activity (weeks)", "higher",
              meaning="Weeks until the share active falls to half its week-1 share (the run's "
                      "length if it never does)"),
    Indicator("answered_share", "Questions answered", "higher", percent=True,
              meaning="Questions asked in the group that got an answer, from anyone"),
    Indicator("top10_share", "Posts written by the top 10%", "lower", percent=True,
              meaning="Posts written by the most active tenth of members: high means a few "
                      "carry the group"),
    Indicator("active_end", "Teachers active in the last week", "higher",
              meaning="Teachers in a group who posted or reacted in the run's last week"),
    Indicator("silent_end", "Members silent in the last week", "lower",
              meaning="Members still in a group who did not even open it in the run's last week"),
    Indicator("left", "Teachers who left", "lower",
              meaning="Teachers who had left a group by the end of the run"),
    Indicator("active_weeks_per_teacher", "Active weeks per teacher invited", "higher",
              meaning="Weeks in which a teacher posted or reacted, per teacher invited at the "
                      "start"),
    Indicator("cost_per_teacher", "Cost per teacher invited, whole run", "lower", dollars=True,
              meaning="What the programme spends over the run, per teacher invited at the start"),
    Indicator("cost_per_active_week", "Cost per active teacher-week", "lower", dollars=True,
              meaning="What the programme spends for each week in which one teacher is active"),
)
INDICATOR = {i.column: i for i in INDICATORS}


def per_replicate(summary: pd.DataFrame, column: str) -> pd.Series:
    """One value per replicate (the mean over its groups)."""
    return summary.groupby("replicate")[column].mean()


def difference(indicator: Indicator, summary: pd.DataFrame,
               reference: pd.DataFrame) -> tuple[float, float, float]:
    """The scenario minus the reference on the same teachers: (mean, low, high) of the
    per-replicate differences, in the summary's unit (`Indicator.change` writes them)."""
    return mean_interval((per_replicate(summary, indicator.column)
                          - per_replicate(reference, indicator.column)).dropna())


def difference_text(indicator: Indicator, summary: pd.DataFrame, reference: pd.DataFrame) -> str:
    """`difference` as text: "+4.51 pts [+3.2, +5.8]" ("n/a" when it cannot be taken)."""
    return indicator.change_interval(*difference(indicator, summary, reference))


def level_text(indicator: Indicator, summary: pd.DataFrame) -> str:
    """Mean with its 95% interval across replicates: "35.7% [33.1%, 38.2%]"."""
    mean, low, high = mean_interval(per_replicate(summary, indicator.column))
    if not np.isfinite(mean):
        return "n/a"
    return f"{indicator.format(mean)} [{indicator.format(low)}, {indicator.format(high)}]"
