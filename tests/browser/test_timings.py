"""How long a policy designer waits, measured in Chromium and logged, never asserted (the machine's
load decides the seconds): opening Explore to its first curves, a change of one control to the
new run's curves (and to the first curves of the weeks run so far), and Compare's "Run all"
with four scenarios. Each is taken `REPEATS` times and the median logged, in a line starting
`TIMINGS` and in test-artifacts/timings.json.

The test reads only what every version of the page shows (the curves' box and the command line),
so the same file measures an older checkout too:
    cd OLD && PYTHONPATH=$PWD /work/main/.venv/bin/python -m pytest -m browser -s \\
        tests/browser/test_timings.py        (with this file copied into OLD/tests/browser)
"""

import json
import statistics
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
REPEATS = 3
WAIT_MS = 120_000
CURVES = ".decay-curves img, .decay-curves svg.marks"  # matplotlib before, Vega-Lite now
WATCH_SO_FAR = """() => {  // the time from now to the first curves of the weeks run so far
    const start = performance.now();
    window.firstSoFar = null;
    new MutationObserver((changes, observer) => {
        if (document.querySelector(".curves-so-far polyline")) {
            window.firstSoFar = performance.now() - start;
            observer.disconnect();
        }
    }).observe(document.body, {subtree: true, childList: true});
}"""


def seconds_until(page, selector: str, start: float) -> float:
    page.locator(selector).first.wait_for(state="visible", timeout=WAIT_MS)
    return time.perf_counter() - start


def command_has(text: str) -> str:
    return f"code:has-text('{text}')"


def test_log_the_waits_of_a_designer(page, dashboard):
    found: dict[str, list[float]] = {"open": [], "change_to_first_curves": [],
                                     "change_to_curves": [], "compare_of_4": []}
    for _ in range(REPEATS):
        start = time.perf_counter()
        page.goto(dashboard)
        found["open"].append(seconds_until(page, CURVES, start))
    for size in range(21, 21 + REPEATS):
        field = page.get_by_role("textbox", name="Teachers per group")
        field.fill(str(size))
        field.press("Enter")
        page.get_by_text("Settings changed").first.wait_for(timeout=WAIT_MS)
        page.evaluate(WATCH_SO_FAR)
        start = time.perf_counter()
        page.locator(".run-button").click()
        page.locator(command_has(f"policy.group_size={size}")).wait_for(timeout=WAIT_MS)
        found["change_to_curves"].append(seconds_until(page, CURVES, start))
        first = page.evaluate("window.firstSoFar")  # None: the page draws none while it runs
        if first is not None:
            found["change_to_first_curves"].append(first / 1000)
    for _ in range(REPEATS):
        page.goto(dashboard + "compare")
        page.locator(CURVES).first.wait_for(timeout=WAIT_MS)
        for _ in range(2):
            page.get_by_role("button", name="Add a scenario").click()
        page.locator(".scenario-D").wait_for(timeout=WAIT_MS)
        start = time.perf_counter()
        page.get_by_role("button", name="Run all").click()
        page.locator(command_has("policy=kplay_blended")).wait_for(timeout=WAIT_MS)
        found["compare_of_4"].append(seconds_until(page, CURVES, start))
    medians = {k: round(statistics.median(v), 2) if v else None for k, v in found.items()}
    print("TIMINGS", json.dumps(medians), json.dumps(found))
    out = ROOT / "test-artifacts" / "timings.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"medians": medians, "all": found}, indent=1))
    assert all(found[k] for k in ("open", "change_to_curves", "compare_of_4"))
