"""A progress bar fed from a simulation running in a thread, the curves of the weeks run so far,
and the stop of a superseded run.

The model calls its progress callback after every week; the callback also asks whether its run
is still the one the page wants (`current`) and, when it is not, stops it there (`Superseded`), so
a run replaced by a newer one neither moves the bar nor keeps a core busy.
"""

from __future__ import annotations

import math
import time
from typing import Callable

import pandas as pd
import solara

from simulation.dashboard import charts
from simulation.metrics import shares_so_far
from simulation.model import CommunityModel

# Each update redraws part of the page, in the run's thread: often enough to see it move, seldom
# enough not to slow the run (a page redraw takes tens of milliseconds).
PROGRESS_SECONDS = 0.25  # the bar: a new value at most this often
STALE_OPACITY = 0.4  # the results of the run before, while a new one goes on
SO_FAR_SECONDS = 0.3  # the curves of the weeks run so far: a new drawing at most this often
# The bar jumps to each new value: Vuetify's slide to it (0.2 s after every update) had the
# browser repaint the page for the whole run, on the cores the run needs (a change to its
# curves took 2.1 s with the slide, 1.4 s without, in Chromium on 2 cores).
NO_SLIDE = ".no-slide, .no-slide * {transition: none !important; animation: none !important}"


class Every:
    """Says yes at most once every `seconds` (the first time at once if `at_once`, else after
    `seconds`), or whenever forced: how often a run in a thread redraws part of the page."""

    def __init__(self, seconds: float, at_once: bool) -> None:
        self.seconds = seconds
        self.last = -math.inf if at_once else time.perf_counter()

    def due(self, force: bool = False) -> bool:
        now = time.perf_counter()
        if force or now - self.last >= self.seconds:
            self.last = now
            return True
        return False


class Superseded(Exception):
    """Raised in a run's thread at the week after a newer run replaced it."""


def reporter(progress: solara.Reactive[float], start: float, span: float,
             current: Callable[[], bool] = lambda: True) -> Callable[[int, int], None]:
    """A `simulate(progress=...)` callback moving `progress` from `start` to `start + span`, and
    stopping the run (raising `Superseded`) once `current()` says it has been replaced."""
    clock = Every(PROGRESS_SECONDS, at_once=False)

    def report(week: int, weeks: int) -> None:
        if not current():
            raise Superseded(f"stopped at week {week} of {weeks}: a newer run replaced it")
        if clock.due(force=week == weeks):
            progress.set(start + span * week / weeks)
    return report


def drawing(so_far: solara.Reactive[dict], labels: list[str], kept: dict[str, pd.DataFrame],
            every: float = SO_FAR_SECONDS) -> Callable[[CommunityModel], None]:
    """A `run_batch(watch=...)` callback that puts the weeks run so far of the batch's scenarios
    (named by `labels`, in order), with the finished `kept` ones, into `so_far`, at most once
    every `every` seconds, so the page draws curves as they come."""
    clock = Every(every, at_once=True)

    def watch(model: CommunityModel) -> None:
        if clock.due():
            so_far.set(dict(zip(labels, shares_so_far(model))) | kept)
    return watch


@solara.component
def ProgressBar(progress: solara.Reactive[float], text: str):
    """Only this component reads `progress`, so only it re-renders while a run goes on."""
    solara.Style(NO_SLIDE)
    solara.Text(f"{text} ({progress.value:.0%})")
    solara.ProgressLinear(value=100 * progress.value, classes=["no-slide"])


@solara.component
def CurvesSoFar(so_far: solara.Reactive[dict], weeks: int,
                styles: dict[str, str] | None = None):
    """The decay curves of the weeks run so far, redrawn as they come on an axis of `weeks`
    (only this component reads `so_far`, so only it re-renders while a run goes on)."""
    if so_far.value:
        with solara.Div(classes=["curves-so-far"]):
            solara.HTML(unsafe_innerHTML=charts.curves_so_far(so_far.value, weeks, styles))
