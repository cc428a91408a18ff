"""Cost and participation (simulation/cost_effectiveness.py): the measures on hand-made tables."""

import numpy as np
import pandas as pd

from simulation.cost_effectiveness import frontier, frontier_share, incremental, table


def test_the_frontier_keeps_what_nothing_beats_on_both():
    """A hand-made table: D costs more than C for fewer active weeks (beaten); B and E tie on
    both (neither beats the other); A costs nothing."""
    cost = pd.Series({"A": 0.0, "B": 40.0, "C": 60.0, "D": 80.0, "E": 40.0})
    weeks = pd.Series({"A": 3.0, "B": 12.0, "C": 15.0, "D": 14.0, "E": 12.0})
    assert frontier(cost, weeks).to_dict() == {"A": True, "B": True, "C": True, "D": False,
                                               "E": True}
    levels = pd.DataFrame({"cost_per_teacher": [0, 40, 80, 0, 40, 30],
                           "active_weeks_per_teacher": [3, 12, 11, 3, 12, 13]},
                          index=pd.MultiIndex.from_product([[0, 1], ["A", "B", "C"]],
                                                           names=["world", "scenario"]))
    assert frontier_share(levels).to_dict() == {"A": 1.0, "B": 0.5, "C": 0.5}


def summary(cost, weeks):
    """A summary table of one group per replicate (one teacher invited per group)."""
    cost, weeks = np.asarray(cost, float), np.asarray(weeks, float)
    return pd.DataFrame({"replicate": np.arange(len(cost)), "cost_per_teacher": cost,
                         "active_weeks_per_teacher": weeks,
                         "cost_per_active_week": cost / weeks})


def test_cost_per_additional_active_week_is_the_ratio_of_the_paired_differences():
    base = summary([0.0] * 4, [2.0, 4.0, 3.0, 5.0])
    package = summary([40.0] * 4, [12.0, 14.0, 11.0, 15.0])  # +10, +10, +8, +10 weeks
    value, low, high = incremental(package, base)
    assert np.isclose(value, 40 / 9.5) and low <= value <= high
    assert np.isnan(incremental(summary([40.0] * 4, [2.0, 4.0, 3.0, 5.0]), base)[0])
    shown = table({"none": base, "pkg": package, "waste": summary([40.0] * 4, [2, 4, 3, 5])},
                  "none")
    assert shown.loc["none", "cost per additional one vs none"] == "(baseline)"
    assert shown.loc["waste", "cost per additional one vs none"] == "n/a (adds none)"
    assert shown.loc["pkg", "cost per additional one vs none"].startswith("$4 [")
    assert list(shown["on the frontier"]) == ["yes", "yes", "no"]


def test_cost_per_active_week_is_the_headline_indicators_number():
    """The mean of groups' ratios ($40 over 2 and over 38 weeks: $20 and $1.05, mean $11), as
    the indicator tables show it, not the ratio of the per-teacher means ($40 / 20 = $2)."""
    shown = table({"none": summary([0.0, 0.0], [1.0, 1.0]),
                   "pkg": summary([40.0, 40.0], [2.0, 38.0])}, "none")
    assert shown.loc["pkg", "cost per active teacher-week"] == "$11"
    assert shown.loc["pkg", "cost per teacher"] == "$40"
