"""The one-page brief in a real browser (issue 25, item 6): downloaded from Compare or Explore,
it opens offline, from the file, in a browser that never saw the dashboard, and shows the
curves, the differences from the baseline and the command that reproduces them, with no
console error and no request but the file itself."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import FIRST_RENDER_MS, open_page

pytestmark = pytest.mark.browser

DIFFERENCE = re.compile(r"[+-][\d.]+ pts \[[+-][\d.]+, [+-][\d.]+\]")  # "+4.51 pts [+3.2, +5.8]"


def download(page, label: str):
    with page.expect_download(timeout=FIRST_RENDER_MS) as found:
        page.get_by_role("button", name=label).click()
    return found.value


def open_offline(browser, brief, folder):
    """The downloaded file, saved under its name, in a new browser context with no network:
    (page, console errors, requests)."""
    path = folder / brief.suggested_filename
    brief.save_as(path)
    context = browser.new_context()
    context.set_offline(True)
    requests, errors = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "file://") else route.abort())
    offline = context.new_page()
    offline.on("request", lambda request: requests.append(request.url))
    offline.on("console", lambda message: message.type == "error" and errors.append(message.text))
    offline.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    offline.goto(f"file://{path}")
    offline.wait_for_load_state("load")
    return offline, errors, requests


def check_brief(offline, errors: list[str], requests: list[str], baseline: str, command: str):
    curves = offline.locator("img.curves")
    expect(curves).to_be_visible()
    assert curves.evaluate("image => image.complete && image.naturalWidth") > 0
    body = offline.locator("body").inner_text()
    assert f"Difference from the baseline, {baseline}" in body
    assert DIFFERENCE.search(body), body
    assert command in body
    assert "Levels are not calibrated" in body
    assert errors == []
    assert [url for url in requests if not url.startswith(("file://", "data:"))] == []


def test_the_brief_from_compare_opens_offline_with_its_curves_differences_and_command(
        page, dashboard, browser, screenshot, tmp_path):
    """Run, then add a scenario without running it: the brief is of what was run, and so is its
    link (the two scenarios run and the baseline)."""
    open_page(page, dashboard, "compare")
    page.locator(".run-button").click()
    expect(page.locator(".compare-costs table")).to_be_visible(timeout=FIRST_RENDER_MS)
    page.get_by_role("button", name="Add a scenario").click()
    expect(page.locator(".scenario-C")).to_be_visible()
    brief = download(page, "One-page brief (HTML)")
    assert brief.suggested_filename == ("copsim_brief_tanzania-maths-teachers_"
                                        "dimes-recommended-package_vs_no-support.html")
    offline, errors, requests = open_offline(browser, brief, tmp_path)
    check_brief(offline, errors, requests, "A: No support",
                "copsim population=tanzania_maths policy=dime_recommended replicates=20 "
                "weeks=52 seed=0")
    screenshot(offline, "brief_offline")
    link = offline.locator("a").get_attribute("href")
    assert link.startswith(dashboard + "compare?")
    assert dict(parse_qsl(urlsplit(link).query)) == {
        "A": "population=tanzania_maths policy=none replicates=20 weeks=52 seed=0",
        "B": "population=tanzania_maths policy=dime_recommended replicates=20 weeks=52 seed=0",
        "baseline": "A"}
    assert "kplay" not in offline.content()
    offline.context.close()
    charts = download(page, "Charts (PNG)")
    assert charts.suggested_filename.endswith(".png")
    assert open(charts.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_brief_from_explore_compares_the_scenario_with_no_support(page, dashboard, browser,
                                                                      tmp_path):
    open_page(page, dashboard)
    brief = download(page, "One-page brief (HTML)")
    assert brief.suggested_filename == ("copsim_brief_tanzania-maths-teachers_"
                                        "dimes-recommended-package_vs_no-support.html")
    offline, errors, requests = open_offline(browser, brief, tmp_path)
    check_brief(offline, errors, requests, "No support",
                "copsim population=tanzania_maths policy=none replicates=20 weeks=52 seed=0")
    offline.context.close()
