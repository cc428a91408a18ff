"""The Compare page in a real browser: its `best` column and its costs, as a decision needs them.

Issue: 'best' went to doing nothing ($0 cost per active teacher-week for no support), a tie went
to the first column, and the page wrote "$-1,336", "-0%" and intervals below zero for counts.
The cost table is checked against `simulation.cost_effectiveness` on the same scenarios, run here
as `copsim` runs them (`load_settings`, `run_batch`: the same seed, so the same teachers).
"""

import functools
import re

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

from simulation import load_settings
from simulation.cost_effectiveness import table as cost_table
from simulation.dashboard.tables import best
from simulation.dashboard.presets import POLICY_NAMES as SHORT_NAMES
from simulation.indicators import INDICATOR
from simulation.run import run_batch
from tests.browser.conftest import FIRST_RENDER_MS

POLICY_NAMES = {"dime_recommended": "World Bank DIME recommendations, all at once"}
RUN = ("population=tanzania_maths", "replicates=20", "weeks=52", "seed=0")  # the page's run size
NEGATIVE_ZERO = re.compile(r"-\$?0(?![.\d])")  # "-0", "-0%", "-$0", "[-0, ..." (not "-0.5")


@functools.lru_cache
def expected_costs(policies: tuple[str, ...], baseline: str) -> pd.DataFrame:
    """The cost table `copsim compare=[...]` prints for these policies, labelled as the page
    labels them ("A: No support")."""
    results = run_batch([load_settings([*RUN, f"policy={p}"]) for p in policies])
    summaries = {f"{'ABCD'[i]}: {SHORT_NAMES[p]}": r.summary
                 for i, (p, r) in enumerate(zip(policies, results))}
    return cost_table(summaries, baseline)


def read_table(page, css: str) -> pd.DataFrame:
    """A table of the page as drawn (text of each cell), without Solara's row-number column."""
    table = page.locator(f"{css} table")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    rows = [[c.strip() for c in row.locator("td").all_inner_texts()]
            for row in table.locator("tbody tr").all()]
    return pd.DataFrame(rows, columns=headers).drop(columns="#")


def open_compare(page, dashboard):
    page.goto(dashboard + "compare")
    expect(page.locator(".compare-costs table")).to_be_visible(timeout=FIRST_RENDER_MS)


def run_all(page, expected_header: str):
    """Press Run all and wait until the cost table has the column `expected_header`."""
    page.locator(".run-button").click()
    expect(page.locator(".compare-costs thead")).to_contain_text(expected_header,
                                                                 timeout=FIRST_RENDER_MS)


def written_mean(cell: str) -> float:
    """The mean of a level cell: "45% [40%, 49.7%]" -> 45.0, "$1,340 [...]" -> 1340.0."""
    return float(cell.split(" [")[0].replace("%", "").replace("$", "").replace(",", ""))


def assert_nothing_written_wrong(page):
    """No "$-1,336" (the sign goes first), no negative zero, no level below zero."""
    text = page.locator("body").inner_text()
    assert "$-" not in text and not NEGATIVE_ZERO.findall(text), NEGATIVE_ZERO.findall(text)
    levels = read_table(page, ".compare-indicators")
    scenarios = [c for c in levels.columns if c not in ("indicator", "what it measures", "best")]
    assert not levels[scenarios].apply(lambda column: column.str.contains("-")).any().any()


def test_compare_names_no_best_for_a_cost_or_a_tie_at_the_precision_shown():
    share, cost, left = INDICATOR["retention_w12"], INDICATOR["cost_per_teacher"], INDICATOR["left"]
    assert best(share, {"A: No support": 0.30, "B: pkg": 0.45}) == "B"
    assert best(left, {"A: No support": 11.0, "B: pkg": 0.3}) == "B"
    assert best(cost, {"A: No support": 0.0, "B: pkg": 89.0}) == ""  # not doing nothing
    # B and C are both written "45%" (ahead of A): neither is best, not the first of them
    assert best(share, {"A: No support": 0.30, "B: pkg": 0.450001, "C: pkg2": 0.450002}) == ""
    assert best(share, {"A: No support": 0.30, "B: pkg": np.nan}) == ""


@pytest.mark.browser
def test_compare_of_no_support_and_a_package_weighs_cost_against_participation(
        page, dashboard, screenshot):
    """The first run (no support vs the DIME package, baseline no support): no `best` on the
    cost rows (no support's $0), the best of the others is the better written mean, and the cost
    table (cost per additional active teacher-week against the baseline, the frontier) is
    `cost_effectiveness.table` of the same scenarios."""
    open_compare(page, dashboard)
    levels = read_table(page, ".compare-indicators")
    for _, row in levels.iterrows():
        indicator = next(i for i in INDICATOR.values() if row.indicator.startswith(i.label + " ("))
        means = {c: written_mean(row[c]) for c in ("A: No support", "B: DIME's recommended package")}
        if indicator.dollars or len(set(means.values())) == 1:
            assert row.best == "", row.indicator
        else:
            pick = max if indicator.better == "higher" else min
            assert row.best == pick(means, key=means.get)[0], row.indicator
    costs = levels.set_index("indicator").filter(like="Cost per", axis=0)
    assert costs["A: No support"].str.startswith(
        "$0 [").all()  # the case of the issue: doing nothing costs $0
    expected = expected_costs(("none", "dime_recommended"), "A: No support")
    drawn = read_table(page, ".compare-costs").set_index("scenario")
    pd.testing.assert_frame_equal(drawn, expected, check_names=False)
    assert drawn.loc["B: DIME's recommended package",
                     "cost per additional one vs A: No support"].startswith("$")
    assert_nothing_written_wrong(page)
    screenshot(page, "compare_costs")


@pytest.mark.browser
def test_compare_names_no_best_when_two_scenarios_tie(page, dashboard):
    """A: No support, B and C both the DIME package: B and C are the same scenario on the same
    teachers, so every indicator's best is shared by B and C and none is named (it used to go to
    B, the first column)."""
    open_compare(page, dashboard)
    page.get_by_role("button", name="Add a scenario").click()
    card = page.locator(".scenario-C")
    card.get_by_text("Change policies").click()
    card.locator(".v-select", has_text="Policy package to start from").click()
    page.get_by_role("option", name=POLICY_NAMES["dime_recommended"]).click()
    expect(card.locator(".scenario-title")).to_have_text(
        "DIME's recommended package — Tanzania maths teachers")
    run_all(page, "on the frontier")
    expect(page.locator(".compare-indicators thead")).to_contain_text("C: DIME's recommended package",
                                                                      timeout=FIRST_RENDER_MS)
    levels = read_table(page, ".compare-indicators")
    assert levels["B: DIME's recommended package"].equals(levels["C: DIME's recommended package"])
    assert (levels.best == "").all(), levels[["indicator", "best"]]
    assert_nothing_written_wrong(page)


@pytest.mark.browser
def test_compare_writes_a_saving_as_minus_dollars(page, dashboard):
    """Against the Kenya blended package (baseline C), the DIME package costs less and keeps its
    teachers active longer: its cost per additional active teacher-week is negative, written
    "-$12" (it was "$-12"), as `cost_effectiveness.table` gives it."""
    open_compare(page, dashboard)
    page.get_by_role("button", name="Add a scenario").click()
    expect(page.locator(".scenario-C")).to_contain_text("Kenya blended design")
    page.locator(".v-select", has_text="Baseline").click()
    page.get_by_role("option", name="C: Kenya blended design").click()
    column = "cost per additional one vs C: Kenya blended design"
    run_all(page, column)
    expected = expected_costs(("none", "dime_recommended", "kplay_blended"),
                              "C: Kenya blended design")
    drawn = read_table(page, ".compare-costs").set_index("scenario")
    pd.testing.assert_frame_equal(drawn, expected, check_names=False)
    assert drawn.loc["B: DIME's recommended package", column].startswith("-$")
    assert_nothing_written_wrong(page)
