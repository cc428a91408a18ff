"""Words a designer reads on Explore, and its layout at 820 px (issue 25, item 3 and bug 7): each
card's meaning and the teachers behind it, a payment in dollars a week, controls shown only when
they apply, and a page nothing covers."""

import io
import re
import zipfile
from types import SimpleNamespace

import pandas as pd
import pytest
from playwright.sync_api import expect

from simulation.dashboard.charts import GROUP_FIGURE_SIZE, GROUP_FONT_SIZE
from simulation.dashboard.indicators import CARDS, counts_text
from simulation.dashboard.scenario import Scenario
from tests.browser.conftest import FIRST_RENDER_MS, open_page

pytestmark = pytest.mark.browser

SMALLEST_TEXT_PX = 11  # the smallest text the controls and the cards may use


def choose(page, menu, option: str | re.Pattern):
    """Pick an option of a menu (a locator)."""
    menu.click()
    page.get_by_role("option", name=option, exact=isinstance(option, str)).click()


def moderator(page, option: str):
    choose(page, page.locator(".v-select", has_text="Who moderates"), option)


def test_each_card_says_what_it_means_and_counts_teachers_as_the_tables_do(page, dashboard):
    open_page(page, dashboard)
    with page.expect_download(timeout=FIRST_RENDER_MS) as download:
        page.get_by_role("button", name="Results (CSV)").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        def table(name: str) -> pd.DataFrame:
            path = next(n for n in archive.namelist()
                        if n.endswith(f"/{name}.csv") and n.startswith("This"))
            return pd.read_csv(io.BytesIO(archive.read(path)))
        result = SimpleNamespace(summary=table("summary"), weekly=table("weekly"))
    counted = 0
    for indicator in CARDS:
        expect(page.locator(f".meaning-{indicator.column}")).to_have_text(indicator.meaning)
        expected = counts_text(indicator, result)
        if expected is not None:
            expect(page.locator(f".counts-{indicator.column}")).to_have_text(expected)
            counted += 1
    assert counted == 7  # active at weeks 4, 12, 26; the top 10%; active, silent, left
    summary = result.summary  # the teachers who left, as a share of those who joined
    joined = (summary.members_end + summary.left).groupby(summary.replicate).mean().mean()
    left = summary.left.groupby(summary.replicate).mean().mean()
    expect(page.locator(".counts-left")).to_have_text(
        f"{left / joined:.0%} of the {joined:.0f} teachers who joined")


def test_the_payment_slider_shows_dollars_a_week(page, dashboard):
    open_page(page, dashboard)
    largest = Scenario().largest_payment()
    choose(page, page.locator(".v-select", has_text="Policy package to start from"),
           re.compile("Kenya blended design"))  # half the largest plausible payment
    payment = page.locator(".knob-policy-incentive-financial")
    expect(payment.locator(".knob-value")).to_have_text(
        f"${0.5 * largest:.2f} a week per member paid")
    expect(payment).to_contain_text(f"50% of the largest plausible payment, ${largest:.2f} a week")
    payment.get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")  # one step: 0.05 more
    expect(payment.locator(".knob-value")).to_have_text(
        f"${0.55 * largest:.2f} a week per member paid")


def test_the_moderators_turn_shows_only_when_teachers_take_turns(page, dashboard):
    """DIME's package: teachers take turns, so their turn's length is shown; nobody moderating,
    it is hidden, and shown again when teachers take turns. A problem about it shows it even
    when it does not apply, next to its message."""
    open_page(page, dashboard)
    rotation = page.get_by_role("textbox", name="Weeks per moderator turn")
    expect(rotation).to_be_visible()
    moderator(page, "Nobody")
    expect(rotation).to_have_count(0)
    expect(page.get_by_text("Moderator style")).to_have_count(0)
    moderator(page, "Teachers take turns")
    expect(rotation).to_be_visible()
    rotation.fill("abc")
    expect(page.locator(".run-problem")).to_contain_text("Weeks per moderator turn")  # received
    moderator(page, "Nobody")
    expect(rotation).to_be_visible()
    expect(page.locator(".control-error", has_text="Weeks per moderator turn")).to_contain_text(
        "type a whole number")


def test_at_820_px_the_controls_keep_to_their_column_and_nothing_covers_the_command(
        page, dashboard, screenshot):
    page.set_viewport_size({"width": 820, "height": 1000})
    open_page(page, dashboard)
    layout = page.evaluate("""(smallest) => {
        const controls = document.querySelector('.run-button').closest('.col');
        const results = controls.nextElementSibling;
        const box = e => e.getBoundingClientRect();
        const shown = e => box(e).width > 0 && getComputedStyle(e).visibility !== 'hidden';
        const texts = root => [...root.querySelectorAll('*')].filter(
            e => shown(e) && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
        const small = root => texts(root).filter(
            e => parseFloat(getComputedStyle(e).fontSize) < smallest).map(e => e.textContent);
        return {
            over: [...controls.querySelectorAll('*')].filter(
                e => shown(e) && box(e).right > box(results).left + 0.5).map(e => e.outerHTML.slice(0, 80)),
            outside: [...document.querySelectorAll('.indicator-card')].filter(
                e => box(e).left < box(results).left || box(e).right > box(results).right + 0.5).length,
            small: [...small(controls), ...[...document.querySelectorAll('.indicator-card')].flatMap(small)],
        };
    }""", SMALLEST_TEXT_PX)
    assert layout == {"over": [], "outside": 0, "small": []}
    command = page.locator("code", has_text="copsim population=").first
    command.evaluate("e => e.scrollIntoView({block: 'end'})")  # the bottom edge of the window
    page.wait_for_timeout(300)
    box = command.bounding_box()
    covered = command.evaluate("""(e, [x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return (e.closest('pre') || e).contains(hit) ? null : hit && hit.outerHTML.slice(0, 120);
    }""", [box["x"] + box["width"] - 4, box["y"] + box["height"] - 4])
    assert covered is None, f"the end of the command is covered by {covered}"
    expect(page.get_by_text("This website runs on")).to_have_count(0)
    screenshot(page, "explore_820px")


def test_at_820_px_the_group_view_s_text_is_drawn_at_least_11_px(page, dashboard):
    """The network and the counts are images: their smallest text (`GROUP_FONT_SIZE` pt on a
    figure `GROUP_FIGURE_SIZE[0]` inches wide) is drawn at the image's shown width over those
    inches (side by side at 820 px they were shrunk to 40%: ~5 px)."""
    page.set_viewport_size({"width": 820, "height": 1000})
    open_page(page, dashboard)
    images = page.locator(".group-figure img")
    expect(images).to_have_count(2, timeout=FIRST_RENDER_MS)
    for image in images.all():
        image.scroll_into_view_if_needed()
        shown = image.evaluate("e => e.complete && e.clientWidth")
        text_px = shown / GROUP_FIGURE_SIZE[0] * GROUP_FONT_SIZE / 72
        assert text_px >= SMALLEST_TEXT_PX, (shown, round(text_px, 1))
