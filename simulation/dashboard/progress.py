"""A progress bar fed from a simulation running in a thread."""

from __future__ import annotations

from typing import Callable

import solara

STEPS = 20  # updates per run: enough to move smoothly, few enough not to slow the run


def reporter(progress: solara.Reactive[float], start: float, span: float) -> Callable[[int, int], None]:
    """A `simulate(progress=...)` callback moving `progress` from `start` to `start + span`."""
    def report(week: int, weeks: int) -> None:
        if week == weeks or week % max(weeks // STEPS, 1) == 0:
            progress.set(start + span * week / weeks)
    return report


@solara.component
def ProgressBar(progress: solara.Reactive[float], text: str):
    """Only this component reads `progress`, so only it re-renders while a run goes on."""
    solara.Text(f"{text} ({progress.value:.0%})")
    solara.ProgressLinear(value=100 * progress.value)
