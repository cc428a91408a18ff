"""Parameters as data: every setting a mechanism reads, as one value per group.

A model holds one scenario or many side by side (`CommunityModel([settings, ...])`): each
scenario brings its replicates x groups, and a group knows which scenario it belongs to. The
mechanisms never read a scenario's settings; they read `model.params`, which mirrors the config
tree (`params.policy.moderator.mode`, `params.behaviour.learning_rate`,
`params.population.spread`, `params.costs.facilitator_per_hour`, `params.seed`):

- a value that every group of the model shares is kept as one number, string or flag (a run of
  one scenario has only these);
- a value that differs between groups is a numpy array with one entry per group.

`at(value, groups)` gives each entry's value either way, so a mechanism is written once for
both, and the arithmetic is the same number by number: a batch gives exactly the tables its
scenarios give alone (tests/test_batch.py).

`SHARED` keys shape the whole run and must be equal in one model (`check_batch` says which
differ); `simulation.run.run_many` splits a batch by them, and by size (`models`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np

from simulation.config import Config, ConfigError, group_size, schema_fields, setting

# Settings that cannot differ between the groups of one model: the length of the run, and the
# school calendar (one `Day` for all groups).
SHARED = ("weeks", "population.calendar.holiday_weeks", "population.calendar.exam_weeks")
# Settings that are not parameters of the dynamics: names, how to run, and group_size (read as
# `founders`, resolved against the context's usual size).
NOT_PARAMETERS = ("population.name", "population.plausible", "policy.name", "policy.group_size",
                  "policy.phases", "groups", "replicates",
                  "compare", "decompose", "worlds", "worlds_seed", "worlds_design", "worlds_keys", "world",
                  "progress", *SHARED)
# A model holds at most this many founders: more scenarios run in more models (`models`).
MODEL_TEACHERS = 100_000


def at(value: Any, groups: np.ndarray) -> Any:
    """`value` for each entry of `groups` (group indices): the value itself where every group
    shares it, else its entries at `groups`."""
    return value[groups] if isinstance(value, np.ndarray) and value.ndim else value


def put(tree: SimpleNamespace, key: str, value: Any) -> None:
    """Set `key` (dotted) in a tree of namespaces such as `model.params`, making the sections."""
    *sections, name = key.split(".")
    for part in sections:
        if not hasattr(tree, part):
            setattr(tree, part, SimpleNamespace())
        tree = getattr(tree, part)
    setattr(tree, name, value)


def _one_per_group(values: list, counts: np.ndarray) -> Any:
    """One shared value (as a numpy scalar for numbers, so scalar and array arithmetic agree),
    or an array with each scenario's value repeated for its groups."""
    if all(v == values[0] for v in values[1:]):
        value = values[0]
        return value if isinstance(value, str) else np.asarray(value)[()]
    return np.repeat(np.asarray(values), counts)


def check_batch(scenarios: Sequence[Config]) -> None:
    """Raise `ConfigError` if the scenarios cannot share one model (a `SHARED` key differs)."""
    for key in SHARED:
        values = {repr(setting(s, key)) for s in scenarios}
        if len(values) > 1:
            raise ConfigError(f"{key}: differs between the scenarios of one batch "
                              f"({', '.join(sorted(values))}); run them in separate batches")


def batches(scenarios: Sequence[Config]) -> list[list[int]]:
    """The positions of `scenarios` grouped into batches that can share a model (the same
    `SHARED` values), in order of first appearance."""
    found: dict[tuple, list[int]] = {}
    for i, settings in enumerate(scenarios):
        found.setdefault(tuple(repr(setting(settings, key)) for key in SHARED), []).append(i)
    return list(found.values())


def models(scenarios: Sequence[Config]) -> list[list[int]]:
    """The positions of `scenarios` in models: `batches`, each cut into consecutive runs of at
    most `MODEL_TEACHERS` founders (at least one scenario each)."""
    found = []
    for indices in batches(scenarios):
        current, size = [], 0
        for i in indices:
            s = scenarios[i]
            teachers = s.replicates * s.groups * group_size(s)
            if current and size + teachers > MODEL_TEACHERS:
                found.append(current)
                current, size = [], 0
            current.append(i)
            size += teachers
        found.append(current)
    return found


def build(scenarios: Sequence[Config]) -> SimpleNamespace:
    """Every parameter of `scenarios`, one value per group (groups scenario by scenario, each
    scenario's `replicates * groups` of them), plus `founders`: members per group at the start."""
    check_batch(scenarios)
    counts = np.array([s.replicates * s.groups for s in scenarios])
    params = SimpleNamespace()
    for key, _ in schema_fields():
        if key not in NOT_PARAMETERS:
            put(params, key, _one_per_group([setting(s, key) for s in scenarios], counts))
    params.founders = np.repeat([group_size(s) for s in scenarios], counts)
    return params


# The share of its value by which an assumption is let vary when no source says more.
PLAUSIBLE_SHARE = 0.5
# Population values that are uncertain (not names, sizes or calendars).
POPULATION_ASSUMPTIONS = ("motivation", "workload", "connectivity", "trust", "digital_literacy",
                          "expertise", "novice_share", "spread", "propensity_sigma")


@dataclass(frozen=True)
class Assumption:
    """A config key whose value nobody measured: its value, plausible range and source."""

    key: str
    value: float
    low: float
    high: float
    source: str


def plausible_ranges(settings: Config) -> list[Assumption]:
    """Every behaviour constant and uncertain population value of `settings`, with the range it
    may plausibly take: the schema's `plausible` where declared (a population preset's
    `plausible` entry for its values), else its value +-50% (`PLAUSIBLE_SHARE`), clipped to the
    values the key allows (whole numbers widen to the nearest whole numbers). Sensitivity
    analysis and calibration sample these."""
    fields = dict(schema_fields())
    keys = [k for k in fields if k.startswith("behaviour.")]
    keys += [f"population.{name}" for name in POPULATION_ASSUMPTIONS]
    declared = dict(settings.population.plausible)
    found = []
    for key in keys:
        f, value = fields[key], setting(settings, key)
        lo, hi = f.metadata["range"]
        plausible = f.metadata.get("plausible") or declared.get(key.removeprefix("population."))
        if plausible is None:
            plausible = (value * (1 - PLAUSIBLE_SHARE), value * (1 + PLAUSIBLE_SHARE))
            if f.type in (int, "int"):
                plausible = (math.floor(plausible[0]), math.ceil(plausible[1]))
        low, high = (float(f"{x:.12g}") for x in (max(lo, plausible[0]), min(hi, plausible[1])))
        source = f.metadata.get("source") or ("the context's preset (population comments)"
                                              if key.startswith("population.") else "assumption")
        found.append(Assumption(key, value, low, high, source))
    return found


def assumptions_table(settings: Config) -> str:
    """The behaviour constants as a Markdown table (docs/model.md section 8.1): key, value,
    allowed, plausible range, meaning and source, all read from the schema."""
    fields = dict(schema_fields())
    rows = ["| key | value | allowed | plausible | meaning | source |", "|---|---|---|---|---|---|"]
    for a in plausible_ranges(settings):
        if not a.key.startswith("behaviour."):
            continue
        f = fields[a.key]
        lo, hi = f.metadata["range"]
        rows.append(f"| `{a.key.removeprefix('behaviour.')}` | {a.value:g} | [{lo:g}, {hi:g}] | "
                    f"[{a.low:g}, {a.high:g}] | {f.metadata['help']} | {a.source} |")
    return "\n".join(rows) + "\n"
