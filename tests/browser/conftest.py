"""One dashboard server per test session, driven by Debian's Chromium through pytest-playwright.

The server runs in a temporary folder holding a small collected sweep (`sweeps/mini/dataset`),
which the Sweeps page finds. Screenshots go to `test-artifacts/screenshots/` (gitignored).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
FIRST_RENDER_MS = 60_000  # server start and first page load take seconds on a small machine
PAGES = {  # path: what shows that the page has finished its first render
    "": ".decay-curves svg.marks",  # the Vega-Lite charts, drawn as SVG
    "compare": ".decay-curves svg.marks",
    "sweeps": ".sweep-chart img",
    "evidence": "text=Evidence rows",
}


def open_page(page, dashboard, path=""):
    """Go to a page and wait for its first render."""
    page.goto(dashboard + path)
    expect(page.locator(PAGES[path]).first).to_be_visible(timeout=FIRST_RENDER_MS)


ENV = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false", "HYDRA_FULL_ERROR": "0"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (playwright cannot download browsers offline)."""
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1100},
            "accept_downloads": True}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _make_sweep(folder: Path) -> subprocess.Popen:
    """A 2 x 2 sweep (group size x kick-off), 3 replicates, 12 weeks, then collected."""
    sweep = ("policy.group_size=10,20 policy.kickoff=false,true replicates=3 weeks=12 "
             "progress=false hydra.sweep.dir=sweeps/mini hydra/launcher=basic")
    command = f"{BIN / 'copsim'} -m {sweep} && {BIN / 'copsim-collect'} sweeps/mini"
    return subprocess.Popen(["bash", "-c", command], cwd=folder, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="session")
def dashboard(tmp_path_factory):
    """The base URL of a dashboard served by `copsim-dashboard` (killed at the end)."""
    folder = tmp_path_factory.mktemp("dashboard")
    sweep = _make_sweep(folder)
    port = _free_port()
    log = open(folder / "server.log", "w")
    server = subprocess.Popen([str(BIN / "copsim-dashboard"), "--port", str(port), "--no-open"],
                              cwd=folder, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                assert server.poll() is None, (folder / "server.log").read_text()
                time.sleep(0.5)
        _, errors = sweep.communicate(timeout=300)
        assert sweep.returncode == 0, errors
        yield url
    finally:
        server.terminate()
        server.wait(10)
        log.close()
    # Stopping copsim-dashboard stops the server itself: nothing is left serving the port.
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)


@pytest.fixture
def console_errors(page):
    """Errors the page logs to the browser console (and uncaught exceptions)."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


@pytest.fixture
def screenshot():
    """`screenshot(page, name)` saves a screenshot of the whole page as a test artifact."""
    def save(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        viewport = page.viewport_size
        page.set_viewport_size({"width": viewport["width"], "height": 2600})  # pages scroll inside
        page.wait_for_timeout(500)
        page.screenshot(path=path, full_page=True)
        page.set_viewport_size(viewport)
        return path
    return save
