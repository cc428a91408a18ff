"""Running a scenario: from settings to a RunResult (the contract every part reads)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from simulation.config import Config, load_settings, to_yaml
from simulation.metrics import events_table, members_table, summary_table, weekly_table
from simulation.model import CommunityModel
from simulation.results import RunResult, provenance

Progress = Callable[[int, int], None]


def run_settings(settings: Config, progress: Progress | None = None) -> RunResult:
    """Run validated settings: all replicates and groups, for `settings.weeks` weeks."""
    model = CommunityModel(settings)
    model.run(progress)
    weekly = weekly_table(model)
    members = members_table(model)
    return RunResult(
        weekly=weekly,
        members=members,
        events=events_table(model),
        summary=summary_table(model, weekly, members),
        config=to_yaml(settings),
        provenance=provenance(settings.seed),
    )


def simulate(
    overrides: Iterable[str] = (),
    *,
    seed: int | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Run a scenario given as Hydra overrides, e.g. `simulate(["policy=dime_recommended"])`.

    `seed` (if given) replaces the config's `seed` (default 0). Raises `ConfigError` for a bad
    override or value, before anything runs.
    """
    overrides = list(overrides)
    if seed is not None:
        overrides.append(f"seed={seed}")
    return run_settings(load_settings(overrides), progress)
