"""Explore's runs as a policy designer starts, changes and restarts them, in a real browser: a
value that cannot run turns Run off and says why in plain words beside Run and beside its control
(issue bug 6); a new Run stops the run it replaces, whose progress no longer moves the bar (bug 4);
a number typed while a run goes on is kept, marked, and used by the next Run (bug 3); the curves
of the weeks run so far are drawn as they come (item 2)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_page
from tests.browser.test_dashboard import command_line

pytestmark = pytest.mark.browser

LONG_REPLICATES = 3000  # a run of ~15-30 s on two cores: time to act while it goes on
LONG_RUN_MS = 400_000  # such a run, and the one after it, on a loaded machine
RAW = re.compile(r"policy\.|`|\w=\w")  # a config key, a backtick or an override in a message
BESIDE_PX = 80  # a message "beside" a field starts at most this far below the field's bottom
PROGRESS = r"Simulating \d+ groups for \d+ weeks \((\d+)%\)"
RECORD_PROGRESS = """() => {
    window.progressSeen = [];
    const read = () => {
        const found = document.body.innerText.match(/PATTERN/);
        const seen = window.progressSeen;
        if (found && (!seen.length || seen[seen.length - 1] !== +found[1])) seen.push(+found[1]);
    };
    new MutationObserver(read).observe(document.body,
                                       {subtree: true, childList: true, characterData: true});
}""".replace("PATTERN", PROGRESS)
PROGRESS_AT_LEAST = """(share) => {
    const found = document.body.innerText.match(/PATTERN/);
    return found !== null && +found[1] >= share;
}""".replace("PATTERN", PROGRESS)


def type_into(page, label: str, text: str):
    field = page.get_by_role("textbox", name=label)
    field.fill(text)
    field.press("Enter")
    return field


def start_long_run(page):
    """Press Run on a scenario with many replicates and wait until its progress bar shows."""
    type_into(page, "Replicates (independent groups)", str(LONG_REPLICATES))
    expect(page.get_by_text("Settings changed")).to_be_visible()  # the server has the change
    page.locator(".run-button").click()
    expect(page.get_by_text(re.compile(PROGRESS))).to_be_visible(timeout=LONG_RUN_MS)


def assert_plain(message: str):
    assert not RAW.search(message), f"config keys or backticks in {message!r}"


def test_text_that_is_not_a_number_turns_run_off_and_says_why_beside_run_and_the_field(
        page, dashboard):
    open_page(page, dashboard)
    size = type_into(page, "Teachers per group", "abc")
    expect(page.locator(".run-button")).to_be_disabled()
    expected = "Teachers per group: type a whole number from 2 to 100000"
    beside_run = page.locator(".run-problem")
    beside_field = page.locator(".control-error", has_text=expected)
    expect(beside_run).to_contain_text(expected)
    expect(beside_field).to_be_visible()
    expect(size).to_have_value("abc")  # what was typed stays to be corrected
    assert_plain(beside_run.inner_text())
    assert_plain(beside_field.inner_text())
    type_into(page, "Teachers per group", "12")
    expect(page.locator(".run-button")).to_be_enabled()
    expect(page.locator(".control-error")).to_have_count(0)


def test_too_few_weeks_is_explained_beside_the_weeks_and_beside_run(page, dashboard):
    """The first scenario (the DIME package) has teachers take turns as moderator every 4 weeks:
    2 weeks cannot run, and the message belongs to the weeks, the control just changed."""
    open_page(page, dashboard)
    weeks = type_into(page, "Weeks to simulate", "2")
    expect(page.locator(".run-button")).to_be_disabled()
    beside_weeks = page.locator(".control-error", has_text="Weeks to simulate: type at least 4")
    expect(beside_weeks.first).to_be_attached()
    field = weeks.bounding_box()
    below = [box["y"] - (field["y"] + field["height"])
             for box in (message.bounding_box() for message in beside_weeks.all())]
    assert any(0 <= gap <= BESIDE_PX for gap in below), (field, below)
    expect(page.locator(".run-problem")).to_contain_text("Weeks to simulate: type at least 4")
    expect(page.locator(".run-problem")).to_contain_text("Weeks per moderator turn")
    assert_plain(page.locator(".run-problem").inner_text())
    for text in page.locator(".control-error").all_inner_texts():
        assert_plain(text)


def test_a_new_run_stops_the_run_it_replaces_and_the_bar_follows_the_new_one(page, dashboard):
    open_page(page, dashboard)
    start_long_run(page)
    page.wait_for_function(PROGRESS_AT_LEAST, arg=25, timeout=LONG_RUN_MS)
    page.evaluate(RECORD_PROGRESS)
    type_into(page, "Teachers per group", "25")
    expect(page.get_by_text("Settings changed")).to_be_visible()
    page.locator(".run-button").click()
    expect(page.locator("code", has_text="policy.group_size=25")).to_be_visible(
        timeout=LONG_RUN_MS)
    seen = page.evaluate("window.progressSeen")
    drop = next((i for i in range(1, len(seen)) if seen[i] < seen[i - 1]), None)
    assert drop is not None, f"the new run never started its bar from the beginning: {seen}"
    new_run = seen[drop:]
    assert len(new_run) >= 3, seen
    assert new_run == sorted(new_run), f"the bar went back and forth between two runs: {seen}"
    expect(page.locator(".showing")).to_contain_text(
        re.compile(rf"Teachers per group: 25\) — .*, {LONG_REPLICATES} replicates"))
    assert "policy.group_size=25" in command_line(page)


def test_a_number_typed_while_a_run_goes_on_is_kept_marked_and_used_by_the_next_run(
        page, dashboard):
    open_page(page, dashboard)
    start_long_run(page)
    size = page.get_by_role("textbox", name="Teachers per group")
    size.fill("33")  # typed while the run goes on, not yet confirmed with Enter
    expect(page.locator(".showing")).to_contain_text(f"{LONG_REPLICATES} replicates",
                                                     timeout=LONG_RUN_MS)  # the run has ended
    expect(size).to_have_value("33")
    expect(page.get_by_text("Settings changed since this run")).to_be_visible()
    assert "policy.group_size" not in command_line(page)  # the run that ended had the old value
    type_into(page, "Replicates (independent groups)", "20")
    page.locator(".run-button").click()
    expect(page.locator("code", has_text="policy.group_size=33")).to_be_visible(
        timeout=LONG_RUN_MS)
    expect(page.locator(".showing")).to_contain_text(
        re.compile(r"Teachers per group: 33\) — .*, 20 replicates"))
    expect(size).to_have_value("33")


def test_curves_are_drawn_as_the_weeks_come_then_replaced_by_the_results(page, dashboard):
    """Item 2: while a long run goes on, the curves of the weeks run so far are on screen and
    grow (the scenario's line is redrawn longer); at the end the results replace them."""
    open_page(page, dashboard)
    start_long_run(page)
    line = page.locator(".curves-so-far polyline").first
    expect(line).to_be_attached(timeout=LONG_RUN_MS)
    first = line.get_attribute("points").split()
    page.wait_for_function(PROGRESS_AT_LEAST, arg=60, timeout=LONG_RUN_MS)
    later = line.get_attribute("points").split()
    assert len(later) > len(first) and later[:len(first)] == first, (first, later)
    expect(page.locator(".showing")).to_contain_text(f"{LONG_REPLICATES} replicates",
                                                     timeout=LONG_RUN_MS)
    expect(page.locator(".curves-so-far")).to_have_count(0)
