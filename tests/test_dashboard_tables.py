"""The tables of a comparison (`simulation/dashboard/tables.py`), as Compare and the brief show
them: every number is the one `simulation.indicators` computes, in the scenarios' order."""

import pandas as pd
import pytest

from simulation.cost_effectiveness import AGAINST_BASELINE
from simulation.dashboard import tables
from simulation.dashboard.scenario import Scenario, run_scenarios
from simulation.indicators import INDICATOR, INDICATORS, difference, level_text

# "C" before "B": a table keeps the scenarios' order, not the alphabet's
SCENARIOS = {"A: No support": Scenario(policy="none", replicates=4, weeks=12, seed=3),
             "C: DIME's recommended package": Scenario(policy="dime_recommended", replicates=4,
                                                       weeks=12, seed=3),
             "B: Kenya blended design": Scenario(policy="kplay_blended", replicates=4, weeks=12,
                                                 seed=3)}
BASELINE = "A: No support"


@pytest.fixture(scope="module")
def runs():
    return dict(zip(SCENARIOS, run_scenarios(list(SCENARIOS.values()))))


def test_written_differences_are_each_scenario_s_paired_difference_in_its_cell(runs):
    shown = tables.written(tables.differences(runs, BASELINE))
    assert list(shown.columns) == [label for label in SCENARIOS if label != BASELINE]
    assert list(shown.index) == [i.label for i in INDICATORS]
    for indicator in INDICATORS:
        for label in shown.columns:
            expected = indicator.change_interval(*difference(
                indicator, runs[label].summary, runs[BASELINE].summary))
            assert shown.loc[indicator.label, label] == expected, (indicator.label, label)


def test_levels_say_what_each_indicator_measures_and_name_no_best_for_a_cost(runs):
    levels = tables.levels(runs).set_index("what it measures")
    for indicator in INDICATORS:
        row = levels.loc[indicator.meaning]
        for label, run in runs.items():
            assert row[label] == level_text(indicator, run.summary)
        if indicator.dollars:
            assert row["best"] == ""
    active = levels.loc[INDICATOR["retention_w12"].meaning]
    assert active["best"] in {"A", "B", "C", ""}


def test_costs_without_a_baseline_leave_out_the_columns_against_one(runs):
    with_baseline = tables.costs(runs, BASELINE)
    alone = tables.costs(runs, None)
    against = [c for c in with_baseline.columns if c.startswith(AGAINST_BASELINE)]
    assert against and not [c for c in alone.columns if c.startswith(AGAINST_BASELINE)]
    assert list(alone.index) == list(SCENARIOS)
    pd.testing.assert_frame_equal(alone, with_baseline.drop(columns=against))
