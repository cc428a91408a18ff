"""The "over plausible worlds" check of a comparison (Compare and Explore): on request, every
scenario again in `WORLDS` worlds of the assumptions (`simulation.over_worlds`), with a progress
bar, the sentence for each difference from the baseline, the share of worlds on the cost
frontier, and the table of differences."""

from __future__ import annotations

from typing import Callable

import solara
import solara.lab

from simulation import over_worlds
from simulation.dashboard.progress import ProgressBar, reporter
from simulation.dashboard.scenario import Scenario, settings_for

WORLDS = 64  # plausible worlds of the check ...
WORLD_REPLICATES = 10  # ... and replicates in each


def over_worlds_of(scenarios: dict[str, Scenario], baseline: str,
                   progress: solara.Reactive[float],
                   current: Callable[[], bool] = lambda: True) -> over_worlds.Worlds:
    """The scenarios' differences from the baseline in `WORLDS` plausible worlds; a newer check
    stops this one at its next week (`progress.Superseded`)."""
    progress.set(0.0)
    ordered = {baseline: scenarios[baseline], **{k: s for k, s in scenarios.items() if k != baseline}}
    settings = {label: settings_for([*s.overrides(), f"replicates={WORLD_REPLICATES}"])
                for label, s in ordered.items()}
    return over_worlds.compare(settings, WORLDS, progress=reporter(progress, 0.0, 1.0, current))


@solara.component
def OverWorlds(scenarios: dict[str, Scenario], baseline: str):
    """On request: each difference from the baseline again in `WORLDS` plausible worlds (every
    assumption drawn over its plausible range), with a sentence that says how often it holds."""
    requested, set_requested = solara.use_state(0)
    progress = solara.use_reactive(0.0)
    task = solara.lab.use_task(
        lambda: (over_worlds_of(scenarios, baseline, progress, task.is_current)
                 if requested else None),
        dependencies=[requested, baseline])
    solara.Markdown(f"### Over plausible worlds\nMost of the model's constants are assumptions. "
                    f"This runs every scenario again in {WORLDS} worlds ({WORLD_REPLICATES} "
                    "replicates each), each assumption drawn over its plausible range, on the "
                    "same teachers, and shows how often and by how much each difference from the "
                    "baseline holds.")
    solara.Button(f"Check over {WORLDS} plausible worlds", icon_name="mdi-earth",
                  classes=["worlds-button"], on_click=lambda: set_requested(requested + 1))
    if task.pending:
        ProgressBar(progress, f"Simulating {WORLDS} plausible worlds")
    if task.error:
        solara.Error(f"The run failed: {task.exception}")
    if task.latest is not None and requested:
        found = task.latest
        weeks = next(iter(scenarios.values())).weeks
        indicator = over_worlds.headline(weeks)
        for scenario in found.scenarios:
            solara.Text(over_worlds.sentence(found, scenario, indicator),
                        classes=["worlds-sentence"], style={"display": "block"})
        solara.Text(over_worlds.wins_sentence(found, indicator), classes=["worlds-wins"],
                    style={"display": "block", "font-weight": "bold"})
        solara.Text(over_worlds.frontier_sentence(found), classes=["worlds-frontier"],
                    style={"display": "block"})
        table = over_worlds.table(found)
        table.columns = [" ".join(c) for c in table.columns]
        solara.DataFrame(table.rename_axis("indicator").reset_index(), items_per_page=20)
