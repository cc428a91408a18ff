"""A scenario as the dashboard holds it, and how it becomes overrides, a command and a run.

A `Scenario` is a context preset, a policy preset, the knobs changed from that preset, and the
run size. `overrides()` gives the same overrides the command line takes, so `command_line()`
reproduces a dashboard run exactly. A number field's text that is not a whole number is held as
typed (a str), so that `problem()` reports it and the scenario cannot run: `problem()` says, in
plain words and by the controls' labels, what is wrong and which controls it is about.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import shlex
import threading
from dataclasses import dataclass
from typing import Any, Callable

from simulation import ConfigError, RunResult, load_settings
from simulation.run import Watch, run_batch
from simulation.config import CONFIG_DIR, Config, phase_knobs, schema_fields, setting
from simulation.dashboard.presets import CONTEXT_NAMES, POLICY_NAMES
from simulation.knobs import KNOBS

# Hydra composes through one global object: compose configs one at a time across sessions.
_HYDRA = threading.Lock()

RUN_KEYS = ("replicates", "weeks", "seed")
RUN_LABELS = {"replicates": "Replicates (independent groups)", "weeks": "Weeks to simulate",
              "seed": "Random seed"}
LABELS = {k.key: k.label for k in KNOBS} | RUN_LABELS  # what each control says
KNOB = {k.key: k for k in KNOBS}
WHOLE_NUMBER = re.compile(r"\s*-?\d+\s*")
# The controls that take a whole number, and the numbers they take (the schema's ranges).
WHOLE_NUMBERS = {k.key: k.range for k in KNOBS if k.kind == "int"} | {
    key: f.metadata["range"] for key, f in schema_fields() if key in RUN_KEYS}
ROTATION, MEETINGS = "policy.moderator.rotation_weeks", "policy.meeting_every_weeks"
PAYMENT = "policy.incentive.financial"  # a share of costs.financial_per_teacher_week


def typed(text: str) -> int | str:
    """A number field's text (typed, or read from a link): the whole number it writes, or the
    text itself, which `Scenario.problem` then refuses in plain words."""
    return int(text) if WHOLE_NUMBER.fullmatch(text) else text


def presets(group: str) -> list[str]:
    """Names of the presets of a config group ("population" or "policy")."""
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def settings_for(overrides: list[str]) -> Config:
    """Validated settings; raises `ConfigError` (message starts with the key) for a bad value.
    Settings are frozen once validated, so the same overrides share one object: a page checks,
    runs and describes a scenario with one composition (~0.1 s each)."""
    return _composed(tuple(overrides))


@functools.lru_cache(maxsize=256)
def _composed(overrides: tuple[str, ...]) -> Config:
    with _HYDRA:
        return load_settings(list(overrides))


@functools.lru_cache(maxsize=64)
def preset_settings(population: str, policy: str) -> Config:
    """The settings of these presets, as they come."""
    return settings_for([f"population={population}", f"policy={policy}"])


@functools.lru_cache(maxsize=64)
def preset_values(population: str, policy: str) -> dict[str, Any]:
    """Every knob's value under these presets (group size: the context's usual when unset)."""
    settings = preset_settings(population, policy)
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
class Problem:
    """Why a scenario cannot run, in plain words naming the controls by their labels (no config
    keys): `keys` are the controls it is about, next to each of which it is shown."""
    keys: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return self.message


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

    def name(self) -> str:
        """The scenario in plain words within its context, as legends and tables name it: the
        package's short name and each control changed from it with its value, in the order of
        the controls ("DIME's recommended package (Teachers per group: 20)")."""
        changes = dict(self.changes)
        changed = "; ".join(f"{label}: {self.value_text(key)}" for key, label in LABELS.items()
                            if key in changes)
        return f"{POLICY_NAMES.get(self.policy, self.policy)}{f' ({changed})' if changed else ''}"

    def title(self) -> str:
        """The scenario's `name` and its context ("DIME's recommended package (Teachers per
        group: 20) — Tanzania maths teachers")."""
        return f"{self.name()} — {CONTEXT_NAMES.get(self.population, self.population)}"

    def value_text(self, key: str) -> str:
        """A knob's value as a designer reads it, with its unit: "yes", "Teachers take turns",
        "20", "$1.00 a week" (the payment, its share times `largest_payment`), "0.70"."""
        knob, value = KNOB[key], self.value(key)
        if knob.kind == "switch":
            return "yes" if value else "no"
        if knob.kind == "choice":
            return knob.choices.get(value, str(value))
        if key == PAYMENT:
            return f"${value * self.largest_payment():,.2f} a week"
        return f"{value:.2f}" if knob.kind == "share" else format_value(value)

    def largest_payment(self) -> float:
        """The largest plausible weekly payment to a teacher, in dollars, that the payment
        control's share scales (`costs.financial_per_teacher_week`)."""
        return preset_settings(self.population, self.policy).costs.financial_per_teacher_week

    def values_in_run(self, key: str) -> set[Any]:
        """Every value a knob takes during the run: its own, and those the package's timeline
        sets in its phases."""
        phases = preset_settings(self.population, self.policy).policy.phases
        short = key.removeprefix("policy.")
        return {self.value(key)} | {phase_knobs(p)[short] for p in phases if short in phase_knobs(p)}

    def problem(self) -> Problem | None:
        """The first value the scenario cannot run with, or None when it can run: a number
        field's text that is not a whole number in its range, then the rules between the weeks
        and the other controls, then anything else validation refuses."""
        for key, (lo, hi) in WHOLE_NUMBERS.items():
            value = self.value(key)
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                return Problem((key,), f"{LABELS[key]}: type a whole number from {lo} to {hi}")
        found = self._too_few_weeks()
        if found is not None:
            return found
        try:
            settings_for(self.overrides())
        except ConfigError as error:
            return plain_problem(error)
        return None

    def _too_few_weeks(self) -> Problem | None:
        """The weeks are fewer than the package's timeline, a moderator's turn (when teachers
        take turns, now or in a later phase) or the time between meetings needs."""
        weeks, label = self.weeks, LABELS["weeks"]
        phases = preset_settings(self.population, self.policy).policy.phases
        last = max((max(p.start, p.end or p.start) for p in phases), default=0)
        if weeks < last:
            return Problem(("weeks",), f"{label}: type at least {last}: this package's timeline "
                                       f"runs to week {last}.")
        modes = self.values_in_run("policy.moderator.mode")
        turn = self.value(ROTATION)
        if "rotating" in modes and weeks < turn:
            return Problem(("weeks", ROTATION),
                           f"{label}: type at least {turn}, since teachers take turns as "
                           f"moderator every {turn} weeks; or shorten '{LABELS[ROTATION]}'.")
        meetings = self.value(MEETINGS)
        if weeks < meetings:
            return Problem(("weeks", MEETINGS),
                           f"{label}: type at least {meetings}, since teachers meet in person "
                           f"every {meetings} weeks; or set '{LABELS[MEETINGS]}' to 0.")
        return None

    def run(self, progress: Callable[[int, int], None] | None = None) -> RunResult:
        return run_scenarios([self], progress)[0]

    def timeline(self) -> list[tuple[int, str]]:
        """The package's phases: (first week, in plain words: "Weeks 1-13: Who moderates: A paid
        facilitator; Data bundles paid: yes"), each knob by its label and as `value_text`
        writes its value."""
        lines = []
        for phase in settings_for(self.overrides()).policy.phases:
            end = "" if phase.end == phase.start else f"-{phase.end}" if phase.end else " on"
            every = f", every {phase.every} weeks" if phase.every > 1 else ""
            knobs = {f"policy.{key}": value for key, value in phase_knobs(phase).items()}
            lines.append((phase.start, f"Week{'s' if end else ''} {phase.start}{end}{every}: "
                                       f"{self.in_words(knobs)}"))
        return lines

    def in_words(self, knobs: dict[str, Any]) -> str:
        """Knobs and values as a designer reads them ("Who moderates: A paid facilitator; Data
        bundles paid: yes"), each value as `value_text` writes it in this scenario."""
        return "; ".join(f"{LABELS[key]}: {self.set(key, value).value_text(key)}"
                         for key, value in knobs.items())


def run_scenarios(scenarios: list[Scenario], progress: Callable[[int, int], None] | None = None,
                  watch: Watch | None = None) -> list[RunResult]:
    """Run scenarios side by side in one model (as `simulate_many`: each gets its own tables);
    `watch(model)` after each week (`run_batch`)."""
    return run_batch([settings_for(s.overrides()) for s in scenarios], progress, watch)


def plain_problem(error: ConfigError) -> Problem:
    """A validation error the dashboard's own checks did not foresee, under the label of the
    control it names (its message starts with the key: "policy.group_size=1: out of range")."""
    key, _, reason = str(error).partition(":")
    key = key.split("=", 1)[0].strip()
    label = LABELS.get(key, "These settings cannot run together")
    return Problem((key,), f"{label}: {reason.strip().replace('`', '')}")
