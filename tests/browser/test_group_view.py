"""The one-group view in a real browser: what the network draws, week by week.

Issue: the network of who answers whom coloured nobody active (every member grey) while the chart
beside it counted 6-10 active members. The network is an SVG image, so the test reads the image
the browser shows, counts its member markers by fill colour (`charts.STATE_COLOURS`) and compares
them with the counts of the same week written under the chart beside it.
"""

import re
import time
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from playwright.sync_api import expect

from simulation.dashboard.charts import NETWORK_NODES_ID, STATE_COLOURS
from tests.browser.conftest import FIRST_RENDER_MS
from tests.browser.conftest import open_page

pytestmark = pytest.mark.browser

WEEK_MS = 60_000  # one simulated week and its figures, on a busy 2-core machine
SVG = "{http://www.w3.org/2000/svg}"
FILL = re.compile(r"fill:\s*(#[0-9a-f]{6})")
COUNT = re.compile(r"([a-z][a-z ]*?) (\d+)")
STATE_OF_COLOUR = {colour: state for state, colour in STATE_COLOURS.items()}
STEPPED_WEEKS = 3
PLAYED_WEEKS = 3  # weeks checked while the group plays
POLL_MS = 150


def drawn_network(page) -> str:
    """The SVG of the network as the browser shows it (its image's blob, fetched in the page);
    "" when the image changed while it was fetched (the old blob is then gone)."""
    return page.evaluate("""async () => {
        const image = document.querySelector('.group-network img');
        try { return await (await fetch(image.src)).text(); } catch (error) { return ''; }
    }""")


def week_drawn(svg: str) -> int | None:
    """The week the network was drawn for (its title names it)."""
    title = re.search(r"Week (\d+): who answers whom", svg)
    return int(title.group(1)) if title else None


def members_by_colour(svg: str) -> dict[str, int]:
    """Member markers in the network, counted by state (an unknown fill counts as itself)."""
    nodes = ET.fromstring(svg).find(f".//{SVG}g[@id='{NETWORK_NODES_ID}']")
    assert nodes is not None, "the network has no member markers"
    fills = Counter(FILL.search(marker.get("style")).group(1) for marker in nodes)
    return {STATE_OF_COLOUR.get(fill, fill): n for fill, n in fills.items()}


def counted_beside(line: str) -> tuple[int, dict[str, int]]:
    """The week and its counts (zeros left out) from the line under the chart of members by
    state: "Week 3: active 10 · reading only 1 · quiet 4 · left 0"."""
    week, counts = re.fullmatch(r"Week (\d+): (.*)", line).groups()
    found = {state: int(n) for state, n in COUNT.findall(counts)}
    assert set(found) == set(STATE_COLOURS), line
    return int(week), {state: n for state, n in found.items() if n}


def drawn_and_counted(page, week: int | None = None):
    """(week, members coloured in each state, counts beside) when the network and the counts
    line show the same week (`week` if given); None while one of them is still being updated."""
    line = page.locator(".group-counts").inner_text()
    svg = drawn_network(page)
    if "no week simulated" in line or line != page.locator(".group-counts").inner_text():
        return None
    shown, counts = counted_beside(line)
    if week_drawn(svg) != shown or week not in (None, shown):
        return None
    return shown, members_by_colour(svg), counts


def wait_for(page, read, what: str):
    """What `read()` gives once it is not None (polled for up to `WEEK_MS`)."""
    deadline = time.monotonic() + WEEK_MS / 1000
    while (found := read()) is None:
        assert time.monotonic() < deadline, f"the page never showed {what}"
        page.wait_for_timeout(POLL_MS)
    return found


def check_week(page, week: int) -> dict[str, int]:
    """Once the page shows `week`: its network colours as many members in each state as the
    chart beside it counts. Returns the counts."""
    expect(page.locator(".group-week")).to_have_text(re.compile(rf"Week {week} of"),
                                                     timeout=WEEK_MS)
    _, drawn, counts = wait_for(page, lambda: drawn_and_counted(page, week),
                                f"the network and the counts of week {week}")
    assert drawn == counts, f"week {week}: network {drawn}, chart {counts}"
    return counts


def network_at_week_0(page) -> str:
    """The network's SVG once the page is back at week 0."""
    expect(page.locator(".group-counts")).to_have_text("Week 0: no week simulated yet.",
                                                       timeout=WEEK_MS)

    def week_0() -> str | None:
        svg = drawn_network(page)
        return svg if week_drawn(svg) == 0 else None

    return wait_for(page, week_0, "the network of week 0")


def test_the_network_colours_each_member_by_the_state_of_the_week_shown(page, dashboard,
                                                                        screenshot):
    """Stepped, then played: in every week checked, the members coloured active, reading only,
    quiet and left in the network are as many as the chart beside it counts."""
    open_page(page, dashboard)
    expect(page.locator(".group-week")).to_have_text(re.compile("Week 0 of"),
                                                     timeout=FIRST_RENDER_MS)
    svg = network_at_week_0(page)
    assert set(members_by_colour(svg)) == {"quiet"}  # nobody has done anything yet
    assert all(f"<!-- {state} -->" in svg for state in STATE_COLOURS)  # the legend's labels

    seen = Counter()
    for week in range(1, STEPPED_WEEKS + 1):
        page.get_by_role("button", name="Step one week").click()
        seen.update(check_week(page, week))
    assert seen["active"] > 0 and seen["reading only"] > 0, seen  # the check compared something

    page.get_by_role("button", name="Play").click()
    played: dict[int, tuple] = {}  # week: (network, chart), read while the group plays
    deadline = time.monotonic() + PLAYED_WEEKS * WEEK_MS / 1000
    while len(played) < PLAYED_WEEKS:
        assert time.monotonic() < deadline, f"played weeks read: {sorted(played)}"
        if (shown := drawn_and_counted(page)) is not None and shown[0] > STEPPED_WEEKS:
            played[shown[0]] = shown[1:]
        page.wait_for_timeout(POLL_MS)
    page.get_by_role("button", name="Pause").click()
    for week, (drawn, counts) in played.items():
        assert drawn == counts, f"week {week} (played): network {drawn}, chart {counts}"
    expect(page.get_by_role("button", name="Step one week")).to_be_enabled(timeout=WEEK_MS)
    screenshot(page, "group_view_network")

    page.get_by_role("button", name="Back to week 0").click()
    assert set(members_by_colour(network_at_week_0(page))) == {"quiet"}
