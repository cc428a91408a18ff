"""A progress bar fed from a simulation running in a thread, and the stop of a superseded run.

The model calls its progress callback after every week; the callback also asks whether its run
is still the one the page wants (`current`) and, when it is not, stops it there (`Superseded`), so
a run replaced by a newer one neither moves the bar nor keeps a core busy.
"""

from __future__ import annotations

from typing import Callable

import solara

STEPS = 20  # updates per run: enough to move smoothly, few enough not to slow the run


class Superseded(Exception):
    """Raised in a run's thread at the week after a newer run replaced it."""


def reporter(progress: solara.Reactive[float], start: float, span: float,
             current: Callable[[], bool] = lambda: True) -> Callable[[int, int], None]:
    """A `simulate(progress=...)` callback moving `progress` from `start` to `start + span`, and
    stopping the run (raising `Superseded`) once `current()` says it has been replaced."""
    def report(week: int, weeks: int) -> None:
        if not current():
            raise Superseded(f"stopped at week {week} of {weeks}: a newer run replaced it")
        if week == weeks or week % max(weeks // STEPS, 1) == 0:
            progress.set(start + span * week / weeks)
    return report


@solara.component
def ProgressBar(progress: solara.Reactive[float], text: str):
    """Only this component reads `progress`, so only it re-renders while a run goes on."""
    solara.Text(f"{text} ({progress.value:.0%})")
    solara.ProgressLinear(value=100 * progress.value)
