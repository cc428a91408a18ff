"""A scenario as the dashboard holds it, and how it becomes overrides, a command and a run.

A `Scenario` is a context preset, a policy preset, the knobs changed from that preset, and the
run size. `overrides()` gives the same overrides the command line takes, so `command_line()`
reproduces a dashboard run exactly.
"""

from __future__ import annotations

import dataclasses
import functools
import shlex
import threading
from dataclasses import dataclass
from typing import Any, Callable

from simulation import ConfigError, RunResult, load_settings
from simulation.run import run_batch
from simulation.config import CONFIG_DIR, Config, phase_knobs, setting
from simulation.knobs import KNOBS

# Hydra composes through one global object: compose configs one at a time across sessions.
_HYDRA = threading.Lock()

RUN_KEYS = ("replicates", "weeks", "seed")


def presets(group: str) -> list[str]:
    """Names of the presets of a config group ("population" or "policy")."""
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def settings_for(overrides: list[str]) -> Config:
    """Validated settings; raises `ConfigError` (message starts with the key) for a bad value."""
    with _HYDRA:
        return load_settings(overrides)


@functools.lru_cache(maxsize=64)
def preset_values(population: str, policy: str) -> dict[str, Any]:
    """Every knob's value under these presets (group size: the context's usual when unset)."""
    settings = settings_for([f"population={population}", f"policy={policy}"])
    values = {k.key: setting(settings, k.key) for k in KNOBS}
    if values["policy.group_size"] is None:
        values["policy.group_size"] = settings.population.group_size
    return values


def format_value(value: Any) -> str:
    """A value as an override writes it: true/false, numbers, words."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class Scenario:
    population: str = "tanzania_maths"
    policy: str = "none"
    changes: tuple[tuple[str, Any], ...] = ()   # (knob key, value) differing from the preset
    replicates: int = 20
    weeks: int = 52
    seed: int = 0

    def value(self, key: str) -> Any:
        """A knob's value, or a run setting (replicates, weeks, seed)."""
        if key in RUN_KEYS:
            return getattr(self, key)
        return dict(self.changes).get(key, preset_values(self.population, self.policy)[key])

    def set(self, key: str, value: Any) -> "Scenario":
        """This scenario with one knob or run setting changed (presets reset the knobs)."""
        if key in RUN_KEYS:
            return dataclasses.replace(self, **{key: value})
        if key in ("population", "policy"):
            return dataclasses.replace(self, **{key: value}, changes=())
        changes = {k: v for k, v in self.changes if k != key}
        if value != preset_values(self.population, self.policy)[key]:
            changes[key] = value
        return dataclasses.replace(self, changes=tuple(sorted(changes.items())))

    def overrides(self) -> list[str]:
        """The command line's overrides for this scenario."""
        knobs = [f"{key}={format_value(value)}" for key, value in self.changes]
        return [f"population={self.population}", f"policy={self.policy}", *knobs,
                f"replicates={self.replicates}", f"weeks={self.weeks}", f"seed={self.seed}"]

    def command_line(self) -> str:
        return " ".join(["copsim", *(shlex.quote(o) for o in self.overrides())])

    def label(self) -> str:
        changed = ", ".join(f"{k.removeprefix('policy.')}={format_value(v)}" for k, v in self.changes)
        return f"{self.policy} ({changed})" if changed else self.policy

    def problem(self) -> ConfigError | None:
        """The first invalid value, or None when the scenario can run."""
        try:
            settings_for(self.overrides())
        except ConfigError as error:
            return error
        return None

    def run(self, progress: Callable[[int, int], None] | None = None) -> RunResult:
        return run_scenarios([self], progress)[0]

    def timeline(self) -> list[tuple[int, str]]:
        """The policy's phases: (first week, in plain words: "Weeks 1-13: moderator.mode=...")."""
        settings = settings_for(self.overrides())
        lines = []
        for phase in settings.policy.phases:
            end = "" if phase.end == phase.start else f"-{phase.end}" if phase.end else " on"
            every = f", every {phase.every} weeks" if phase.every > 1 else ""
            knobs = ", ".join(f"{k}={format_value(v)}" for k, v in phase_knobs(phase).items())
            lines.append((phase.start, f"Week{'s' if end else ''} {phase.start}{end}{every}: {knobs}"))
        return lines


def run_scenarios(scenarios: list[Scenario],
                  progress: Callable[[int, int], None] | None = None) -> list[RunResult]:
    """Run scenarios side by side in one model (as `simulate_many`: each gets its own tables)."""
    return run_batch([settings_for(s.overrides()) for s in scenarios], progress)


def error_key(error: ConfigError | None) -> str | None:
    """The key an error message starts with ("policy.group_size=1: out of range" -> the key)."""
    if error is None:
        return None
    return str(error).split(":", 1)[0].split("=", 1)[0].strip()
