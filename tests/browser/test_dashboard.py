"""The dashboard in a real browser, as a policy designer uses it."""

import io
import re
import zipfile

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import FIRST_RENDER_MS, PAGES, open_page

pytestmark = pytest.mark.browser

def set_group_size(page, size: int):
    field = page.get_by_role("textbox", name="Teachers per group")
    field.fill(str(size))
    field.press("Enter")


def run_explore(page, expected_override: str):
    """Press Run and wait until the results are those of a scenario with `expected_override`."""
    expect(page.get_by_text("Settings changed")).to_be_visible()  # the server has the change
    page.locator(".run-button").click()
    expect(page.locator("code", has_text=expected_override)).to_be_visible(
        timeout=FIRST_RENDER_MS)


def command_line(page) -> str:
    return page.locator("code", has_text="copsim population=").first.inner_text()


@pytest.mark.parametrize("path", list(PAGES), ids=["explore", "compare", "sweeps", "evidence"])
def test_each_page_loads_without_console_errors(page, dashboard, console_errors, screenshot, path):
    open_page(page, dashboard, path)
    page.wait_for_timeout(1000)  # late errors (lazy widgets) show up within a moment
    screenshot(page, path or "explore")
    assert console_errors == []


def test_changing_a_control_and_running_updates_the_curves(page, dashboard):
    open_page(page, dashboard)
    curves = page.locator(".decay-curves path[aria-roledescription='line mark']").first
    before = curves.get_attribute("d")
    assert "policy.group_size" not in command_line(page)
    set_group_size(page, 20)
    run_explore(page, "policy.group_size=20")
    expect(curves).not_to_have_attribute("d", before)
    expect(page.locator(".showing")).to_contain_text("Teachers per group: 20")


def test_the_cards_lead_with_the_difference_from_no_support(page, dashboard):
    """Explore's default run (the DIME package beside no support): each card shows the difference
    from no support on the same teachers above its level, and says levels are not calibrated;
    without the reference, only levels."""
    open_page(page, dashboard)
    expect(page.locator(".difference-retention_w12")).to_contain_text(
        re.compile(r"vs no support: \+\d+\.\d pts \[\+"), timeout=60_000)
    expect(page.get_by_text("levels are not calibrated", exact=False)).to_be_visible()
    page.get_by_text("Also show 'no support' for comparison").click()
    expect(page.locator(".difference-retention_w12")).to_have_count(0, timeout=60_000)
    expect(page.locator(".value-retention_w12")).to_be_visible()


def test_explore_checks_its_difference_from_no_support_over_plausible_worlds(page, dashboard):
    """Issue 22: every comparison the dashboard shows can be run over plausible worlds."""
    open_page(page, dashboard)
    page.locator(".worlds-button").click()
    expect(page.locator(".worlds-sentence").first).to_contain_text(
        re.compile(r"DIME.s recommended package keeps (more|fewer) teachers active at week 26 than No "
                   r"support in \d+% of 64 plausible worlds"), timeout=120_000)


def test_a_programme_in_phases_shows_its_timeline_after_the_run(page, dashboard, screenshot):
    """pilot_then_handover: the curves run past its week-13 hand-over, and the page lists the
    phases (dotted lines on the chart mark where each starts)."""
    open_page(page, dashboard)
    page.locator(".v-select", has_text="Policy package to start from").click()
    page.get_by_role("option", name=re.compile("A funded term")).click()
    run_explore(page, "policy=pilot_then_handover")
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Weeks 1-13: Who moderates")
    expect(timeline).to_contain_text(re.compile(r"Weeks 14 on: Who moderates: Teachers take turns"))
    screenshot(page, "explore_timeline")


def test_a_bad_value_is_shown_next_to_its_control_and_blocks_the_run(page, dashboard):
    open_page(page, dashboard)
    set_group_size(page, 1)
    message = page.locator(".control-error")
    expect(message).to_contain_text("Teachers per group: type a whole number from 2 to 100000")
    expect(page.locator(".run-button")).to_be_disabled()


def test_one_group_can_be_stepped_week_by_week(page, dashboard):
    open_page(page, dashboard)
    expect(page.locator(".group-week")).to_have_text(re.compile(r"Week 0 of 52"))
    page.get_by_role("button", name="Step one week").click()
    expect(page.locator(".group-week")).to_have_text(re.compile(r"Week 1 of 52"))


def test_the_group_view_shows_each_member_and_the_moderator_from_the_agents(page, dashboard):
    """The members' table (one row per `Teacher` agent) and the moderator line (the group's
    `Moderator` agent) follow the weeks."""
    open_page(page, dashboard)
    members = page.locator(".group-members")
    expect(members).to_contain_text("motivation")
    expect(page.locator(".group-moderator")).to_contain_text(
        re.compile(r"Moderator: (teacher \d+|a paid facilitator)|Nobody is appointed|Nobody moderates"))
    expect(members).to_contain_text("quiet")  # week 0: nobody has posted yet
    page.get_by_role("button", name="Step one week").click()
    expect(page.locator(".group-week")).to_have_text(re.compile(r"Week 1 of 52"))
    expect(members).to_contain_text("active")


def test_the_downloads_hold_the_results_and_the_config(page, dashboard):
    open_page(page, dashboard)
    with page.expect_download(timeout=FIRST_RENDER_MS) as download:
        page.get_by_role("button", name="Results (CSV)").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        weekly_name = next(n for n in archive.namelist() if n.endswith("/weekly.csv"))
        weekly = pd.read_csv(io.BytesIO(archive.read(weekly_name)))
    assert weekly.replicate.nunique() == 20 and weekly.week.max() == 52
    with page.expect_download(timeout=FIRST_RENDER_MS) as download:
        page.get_by_role("button", name="Results (Parquet)").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        assert any(n.endswith("summary.parquet") for n in archive.namelist())
    with page.expect_download(timeout=FIRST_RENDER_MS) as download:
        page.get_by_role("button", name="Config (YAML)").click()
    config = open(download.value.path()).read()
    assert "name: dime_recommended" in config and "replicates: 20" in config


def test_comparing_two_scenarios_shows_both_and_the_differences(page, dashboard, screenshot):
    open_page(page, dashboard, "compare")
    table = page.locator("table").first
    expect(table).to_contain_text("A: No support")
    expect(table).to_contain_text("B: DIME's recommended package")
    expect(page.get_by_text("Difference from the baseline, A: No support")).to_be_visible()
    expect(page.locator("table").nth(1)).to_contain_text("B: DIME's recommended package")
    expect(page.get_by_text("Cost and participation")).to_be_visible()  # with the frontier
    expect(page.locator("table").nth(1)).to_contain_text("on the frontier")
    screenshot(page, "compare_results")


def test_two_sessions_do_not_see_each_others_results(browser, dashboard):
    first, second = (browser.new_context(viewport={"width": 1400, "height": 1100})
                     for _ in range(2))
    try:
        a, b = first.new_page(), second.new_page()
        for page in (a, b):
            open_page(page, dashboard)
        for page, size in ((a, 12), (b, 25)):
            set_group_size(page, size)
        for page, size in ((a, 12), (b, 25)):
            run_explore(page, f"policy.group_size={size}")
        assert "group_size=25" not in a.content()
        assert "group_size=12" not in b.content()
    finally:
        first.close()
        second.close()


def test_the_sweeps_page_plots_an_indicator_against_the_swept_parameters(page, dashboard):
    open_page(page, dashboard, "sweeps")
    expect(page.get_by_text("4 complete points of 4")).to_be_visible()
    chart = page.locator(".sweep-chart img")
    lines = chart.get_attribute("src")
    page.locator(".v-select", has_text="Second parameter").click()
    page.get_by_role("option", name="policy.kickoff").click()
    page.get_by_role("button", name="Heatmap").click()
    expect(chart).not_to_have_attribute("src", lines)


def test_the_evidence_page_lists_every_mechanism_with_its_sources(page, dashboard):
    open_page(page, dashboard, "evidence")
    mechanisms = page.locator("table").first
    for name in ("answering", "moderator", "supervisor", "chatbot"):
        expect(mechanisms).to_contain_text(name)
    expect(mechanisms).to_contain_text("policy.supervisor")
    expect(page.locator("table").nth(1)).to_contain_text("E19")


def test_a_comparison_can_be_checked_over_plausible_worlds(page, dashboard, screenshot):
    """Issue 22: the Compare page reruns its scenarios in 64 plausible worlds on request, with a
    progress bar, and says how often the difference holds."""
    open_page(page, dashboard, "compare")
    page.locator(".worlds-button").click()
    expect(page.locator(".worlds-sentence").first).to_contain_text(
        re.compile(r"B: DIME's recommended package keeps (more|fewer) teachers active at week 26 than "
                   r"A: No support in \d+% of 64 plausible worlds"), timeout=120_000)
    expect(page.locator("table").last).to_contain_text("plausible worlds")
    expect(page.locator(".worlds-frontier")).to_contain_text("On the cost-participation frontier")
    wins = re.findall(r"(\d+)%", page.locator(".worlds-wins").inner_text().split(" of the ")[0])
    assert len(wins) == 2 and sum(map(int, wins)) <= 101  # how often each wins; ties: none
    screenshot(page, "compare_over_worlds")
