"""The "Your group" page in a real browser: a chat export uploaded, its curve and indicators drawn
beside a scenario's, the numbers those of `simulation.observe` on the same file, and the upload
kept to its own session (not in the link, not in another browser, no file left on the server)."""

import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import expect

import simulation
from simulation.chats.exporter import write_whatsapp
from simulation.chats.formats import read_chat
from simulation.chats.tables import build, new_salt
from simulation.dashboard.your_group import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    PRIVACY,
    SUMMARY_ROWS,
)
from simulation.observe import summary
from tests.browser.conftest import FIRST_RENDER_MS

pytestmark = pytest.mark.browser

PATH = "your-group"
EXPORT_WEEKS = 12
# Chromium gives a file dropped by a script no file-system entry, which solara.FileDrop asks for;
# this stands in for the entry a real drag from the desktop has (the drop itself is the page's).
DROP_ENTRY_SHIM = """() => {
  DataTransferItem.prototype.webkitGetAsEntry = function () {
    const file = this.getAsFile();
    return {isFile: true, file: (resolve) => resolve(file)};
  };
}"""
DROP = """([name, text]) => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([text], name, {type: "text/plain"}));
  return transfer;
}"""


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A simulated group written as a WhatsApp export (the file a teacher would upload)."""
    result = simulation.simulate([f"weeks={EXPORT_WEEKS}", "replicates=1"], seed=1)
    return write_whatsapp(result.events, result.members,
                          tmp_path_factory.mktemp("export") / "WhatsApp Chat with Maths.txt",
                          seed=0)


def observed(path: Path, members: int | None = None) -> tuple[dict, dict]:
    """What `simulation.observe` finds in the file: the summary row and the import's `about`."""
    _, lines = read_chat(path)
    group = build(lines, salt=new_salt(), members=members)
    return summary(group.events, group.members).iloc[0].to_dict(), group.about


def percent(share: float) -> str:
    return f"{100 * share:.1f}%"


def open_page(page, dashboard):
    page.goto(dashboard + PATH)
    expect(page.get_by_text("Upload an export")).to_be_visible(timeout=FIRST_RENDER_MS)


def choose(page, files):
    page.locator(".file-chooser input[type=file]").set_input_files(files)


def summary_row(page, label: str):
    return page.locator(".summary-table tr", has_text=label)


def uploads_left() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("copsim-upload-*")}


def test_an_export_is_drawn_beside_the_scenario_for_this_session_only(
        page, browser, dashboard, export, console_errors, screenshot):
    found, about = observed(export)
    before = uploads_left()
    open_page(page, dashboard)
    expect(page.locator(".privacy")).to_have_text(PRIVACY)
    choose(page, export)
    expect(page.locator(".group-about")).to_contain_text(
        f"{about['messages']} messages over {about['weeks']} weeks, {about['members']} members",
        timeout=FIRST_RENDER_MS)
    expect(page.locator(".showing")).to_contain_text("No support (Tanzania)",
                                                     timeout=FIRST_RENDER_MS)
    curves = page.locator(".your-group-curves img")
    expect(curves).to_be_visible()
    curves.evaluate("img => img.decode()")  # the figure has arrived and is a picture
    assert curves.evaluate("img => img.naturalWidth") > 0
    labels = {column: label for column, label, _ in SUMMARY_ROWS}
    for column in ("retention_w4", "retention_w12", "top10_share", "answered_share", "left_share"):
        row = summary_row(page, labels[column])
        expect(row).to_contain_text(percent(found[column]))
        expect(row).to_contain_text(re.compile(r"\d+\.\d% to \d+\.\d%"))  # the scenario's range
    expect(summary_row(page, labels["retention_w26"])).to_contain_text("-")  # 12 weeks only
    expect(page.locator(".calibration")).to_contain_text(
        "copsim-import FILE --out DIR then copsim-calibrate DIR")
    page.get_by_text("Week by week").click()
    expect(page.locator(".weekly-table tr").nth(4)).to_contain_text(  # the header, then weeks
        percent(found["retention_w4"]))
    screenshot(page, "your_group")

    # another package: its timeline (hand-over at week 14) outlasts the export's 12 weeks
    page.locator(".v-select", has_text="Policy package").click()
    page.get_by_role("option", name=re.compile("A funded term")).click()
    expect(page.get_by_text("Settings changed")).to_be_visible()
    page.locator(".run-button").click()
    expect(page.locator(".showing")).to_contain_text(
        "A funded term (facilitator, data, training), then teachers take turns (Tanzania)",
        timeout=FIRST_RENDER_MS)
    expect(page.locator(".showing")).to_contain_text("simulated 52 weeks")
    expect(summary_row(page, labels["retention_w4"])).to_contain_text(percent(found["retention_w4"]))

    assert page.url == dashboard + PATH  # nothing of the file in the link
    assert export.name not in page.url
    assert uploads_left() == before  # the temporary copy is gone
    assert console_errors == []

    other = browser.new_context(viewport={"width": 1400, "height": 1100})
    try:
        second = other.new_page()
        open_page(second, dashboard)
        second.wait_for_timeout(1000)
        expect(second.locator(".group-about")).to_have_count(0)
        expect(second.locator(".summary-table")).to_have_count(0)
        assert f"{about['messages']} messages" not in second.content()
    finally:
        other.close()


def test_a_dropped_export_is_read_and_the_member_count_recounts_it(page, dashboard, export):
    """The drop area takes the file too; the members field counts those who never wrote
    (the share falls), and a number below the people seen is refused next to the field."""
    open_page(page, dashboard)
    page.evaluate(DROP_ENTRY_SHIM)
    transfer = page.evaluate_handle(DROP, [export.name, export.read_text()])
    page.locator(".solara-file-drop").dispatch_event("drop", {"dataTransfer": transfer})
    found, about = observed(export)
    week4 = summary_row(page, "Members who wrote in week 4")
    expect(week4).to_contain_text(percent(found["retention_w4"]), timeout=FIRST_RENDER_MS)

    size = about["members"] + 20
    recounted, _ = observed(export, members=size)
    assert recounted["retention_w4"] < found["retention_w4"]
    field = page.locator(".members-field input")
    field.fill(str(size))
    expect(page.get_by_text("Settings changed")).to_be_visible()  # the server has the number
    page.locator(".run-button").click()
    expect(page.locator(".group-about")).to_contain_text(f"{size} members (the number you gave)",
                                                         timeout=FIRST_RENDER_MS)
    expect(week4).to_contain_text(percent(recounted["retention_w4"]))

    field.fill("3")
    expect(page.get_by_text("Settings changed")).to_be_visible()
    page.locator(".run-button").click()
    expect(page.locator(".members-error")).to_contain_text(
        f"3 is too few: {about['seen_members']} different people", timeout=FIRST_RENDER_MS)


def test_a_file_that_is_not_an_export_is_refused_next_to_the_control(page, dashboard, tmp_path):
    noise = tmp_path / "notes.txt"
    noise.write_text("\n".join(" ".join(np.random.default_rng(0).choice(
        list("abcdefgh ijk"), 60)) for _ in range(20)))
    open_page(page, dashboard)
    choose(page, noise)
    error = page.locator(".upload-error")
    expect(error).to_contain_text("notes.txt: not a WhatsApp export", timeout=FIRST_RENDER_MS)
    expect(page.locator(".summary-table")).to_have_count(0)


def test_a_file_over_the_limit_is_refused_naming_the_limit(page, dashboard, tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(MAX_UPLOAD_BYTES + 1)  # sparse: one byte over, written in no time
    open_page(page, dashboard)
    choose(page, big)
    expect(page.locator(".upload-error")).to_contain_text(f"the limit is {MAX_UPLOAD_MB} MB",
                                                          timeout=FIRST_RENDER_MS)
    expect(page.locator(".group-about")).to_have_count(0)
