"""A scenario is a link (issue 25, item 1 and bug 2), in a real browser: leaving a page and coming
back keeps its work; the address opened by a colleague (another browser context) gives the same
scenario and the same numbers; a link holding what the dashboard cannot use says so."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import FIRST_RENDER_MS, open_page
from tests.browser.test_dashboard import command_line, run_explore, set_group_size

pytestmark = pytest.mark.browser

CARDS = ("retention_w12", "half_life_weeks")


def query(page) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query))


def go_to(page, label: str):
    path = "" if label == "Explore" else label.lower()
    page.locator(f".nav-{label.lower()}").click()
    expect(page).to_have_url(re.compile(rf"/{path}\?"))


def cards(page) -> dict[str, str]:
    return {c: page.locator(f".value-{c}").inner_text() for c in CARDS}


def test_explore_keeps_its_scenario_across_pages_and_in_the_link(page, dashboard, browser):
    open_page(page, dashboard)
    set_group_size(page, 20)
    run_explore(page, "policy.group_size=20")
    assert query(page)["policy.group_size"] == "20"
    assert [f"{k}={v}" for k, v in query(page).items()] == command_line(page).split()[1:]
    numbers = cards(page)

    go_to(page, "Evidence")
    go_to(page, "Explore")
    expect(page.get_by_role("textbox", name="Teachers per group")).to_have_value(
        "20", timeout=FIRST_RENDER_MS)
    expect(page.locator("code", has_text="policy.group_size=20")).to_be_visible(
        timeout=FIRST_RENDER_MS)
    expect(page.get_by_text("Settings changed")).to_have_count(0)

    colleague = browser.new_context(viewport={"width": 1400, "height": 1100})
    try:
        other = colleague.new_page()
        other.goto(page.url)
        expect(other.locator("code", has_text="policy.group_size=20")).to_be_visible(
            timeout=FIRST_RENDER_MS)
        assert cards(other) == numbers
        assert command_line(other) == command_line(page)
    finally:
        colleague.close()


def test_compare_keeps_its_scenarios_and_baseline_across_pages_and_reloads(page, dashboard):
    open_page(page, dashboard, "compare")
    page.get_by_role("button", name="Add a scenario").click()
    expect(page.locator(".scenario-C")).to_be_visible()
    page.locator(".v-select", has_text="Baseline").click()
    page.get_by_role("option", name=re.compile("^B: ")).click()
    expect(page).to_have_url(re.compile(r"baseline=B"))
    assert set(query(page)) >= {"A", "B", "C", "baseline"}

    go_to(page, "Evidence")
    go_to(page, "Compare")
    expect(page.locator(".scenario-C")).to_be_visible(timeout=FIRST_RENDER_MS)
    page.reload()
    expect(page.locator(".scenario-C")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.locator(".v-select", has_text="Baseline")).to_contain_text(re.compile("B: "))


def test_a_link_with_settings_the_dashboard_cannot_use_says_which(page, dashboard):
    page.goto(dashboard + "?policy=none&policy.kickoff=maybe&colour=blue")
    notice = page.locator(".link-notice")
    expect(notice).to_contain_text("maybe", timeout=FIRST_RENDER_MS)
    expect(notice).to_contain_text("colour")
    expect(page.locator("code", has_text="policy=none")).to_be_visible(timeout=FIRST_RENDER_MS)


def test_a_bad_value_in_a_closed_compare_card_is_explained_next_to_run_all(page, dashboard):
    """Bug 6: a bad value in a collapsed card turned "Run all" off with no message."""
    open_page(page, dashboard, "compare")
    card = page.locator(".scenario-B")
    card.get_by_text("Change policies").click()
    card.get_by_role("textbox", name="Teachers per group").fill("abc")
    card.get_by_text("Change policies").click()  # closed again
    expect(page.locator(".run-problem")).to_contain_text("Scenario B: Teachers per group")
    expect(page.get_by_role("button", name="Run all")).to_be_disabled()
