"""What the Vega-Lite charts draw in Chromium: values on hover, the legend off the plot, text a
person can read in an 820 px window, each scenario in its colour, nothing logged by Vega."""

import re

import pytest
from playwright.sync_api import expect

from simulation.dashboard import charts
from tests.browser.conftest import open_page

pytestmark = pytest.mark.browser

NARROW = {"width": 820, "height": 1100}  # a laptop window split in two
MIN_FONT_PX = 11
LINES = "path[aria-roledescription='line mark']"
BOXES = """svg => {
  const box = selector => {
    const boxes = [...svg.querySelectorAll(selector)].map(e => e.getBoundingClientRect())
      .filter(b => b.width || b.height);
    return boxes.length ? {left: Math.min(...boxes.map(b => b.left)),
                           top: Math.min(...boxes.map(b => b.top)),
                           right: Math.max(...boxes.map(b => b.right)),
                           bottom: Math.max(...boxes.map(b => b.bottom))} : null;
  };
  return {plot: box('.role-axis-grid, .role-axis-domain'), legend: box('.role-legend'),
          title: box('.role-axis-title'), svg: svg.getBoundingClientRect().toJSON()};
}"""
FONTS = """svg => [...svg.querySelectorAll('.role-axis-label text, .role-axis-title text, '
                                   + '.role-legend-label text')]
  .map(t => ({text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize),
              height: t.getBoundingClientRect().height}))"""


def overlap(a: dict, b: dict) -> bool:
    return (a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"]
            and b["top"] < a["bottom"])


def inside(inner: dict, outer: dict) -> bool:
    return (inner["left"] >= outer["left"] and inner["right"] <= outer["right"]
            and inner["top"] >= outer["top"] and inner["bottom"] <= outer["bottom"])


@pytest.fixture
def vega_messages(page):
    """What Vega, Vega-Lite or vega-embed log to the console (warnings included): a spec the
    browser's Vega-Lite does not fully understand shows up here."""
    messages = []
    page.on("console", lambda m: m.type in ("error", "warning") and (
        "vega" in m.text.lower() or m.text.startswith(("WARN", "ERROR"))) and messages.append(
            m.text))
    return messages


def line_colours(page, selector: str) -> dict[str, str]:
    """Scenario label: the stroke colour of its line, in the charts under `selector`."""
    found = {}
    for line in page.locator(f"{selector} {LINES}").all():
        label = re.search(r"scenario: (.*)$", line.get_attribute("aria-label")).group(1)
        found[label] = line.get_attribute("stroke").lower()
    return found


def test_explore_curves_at_820_px_show_values_on_hover_and_keep_the_legend_off_the_plot(
        page, dashboard, console_errors, vega_messages):
    page.set_viewport_size(NARROW)
    open_page(page, dashboard)
    panels = page.locator(".decay-curves svg.marks")
    expect(panels).to_have_count(len(charts.MEASURES))
    page.wait_for_timeout(500)  # the panels take their width from the page
    for panel in panels.all():
        boxes = panel.evaluate(BOXES)
        assert boxes["svg"]["right"] <= NARROW["width"]
        if boxes["legend"] is not None:
            assert not overlap(boxes["legend"], boxes["plot"]), boxes
            assert inside(boxes["legend"], boxes["svg"]), boxes
        fonts = panel.evaluate(FONTS)
        assert fonts and all(f["px"] >= MIN_FONT_PX and f["height"] >= MIN_FONT_PX
                             for f in fonts), fonts
    assert panels.last.evaluate(BOXES)["legend"] is not None

    plot = panels.first.evaluate(BOXES)["plot"]
    middle = (plot["left"] + plot["right"]) / 2, (plot["top"] + plot["bottom"]) / 2
    page.mouse.move(middle[0] - 40, middle[1])
    page.mouse.move(*middle, steps=4)
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(re.compile(r"share\s*\d+(\.\d)?%"))
    expect(tooltip).to_contain_text(re.compile(r"95% interval\s*\d+(\.\d)?% to \d+(\.\d)?%"))

    colours = line_colours(page, ".decay-curves")
    scenario = next(label for label in colours if label.startswith("This scenario: "))
    assert colours[scenario] == charts.LETTER_COLOURS["A"].lower()
    assert colours["No support"] == charts.NO_SUPPORT_COLOUR.lower()
    assert console_errors == []
    assert vega_messages == []


def test_compare_colours_scenarios_by_letter_and_shows_the_difference_axis_title_whole(
        page, dashboard, console_errors, vega_messages):
    page.set_viewport_size(NARROW)
    open_page(page, dashboard, "compare")
    colours = line_colours(page, ".decay-curves")
    assert colours and all(colour == charts.LETTER_COLOURS[label[0]].lower()
                           for label, colour in colours.items()), colours

    chart = page.locator(".difference-chart svg.marks")
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    boxes = chart.evaluate(BOXES)
    assert inside(boxes["title"], boxes["svg"]), boxes
    assert boxes["svg"]["right"] <= NARROW["width"]
    expect(chart.locator(".role-axis-title")).to_contain_text("percentage points")
    point = chart.locator(".mark-symbol.role-mark path").first
    point.hover()
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(re.compile(r"[+-]\d+(\.\d+)? pts \["))
    assert console_errors == []
    assert vega_messages == []
