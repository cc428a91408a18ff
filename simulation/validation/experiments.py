"""The validation experiment format: one YAML file per evidence pattern, typed and checked.

A file in `experiments/validation/` states the claim and its source, the scenarios (Hydra
overrides on a common `base`), the replicates and weeks, and one or more checks. Its schema is
`ExperimentFile` (dataclasses, merged with the file by OmegaConf like the run config: a missing
key, an unknown key or a value of the wrong type is a `ConfigError` naming the file and key);
`load_experiment` then checks what a type cannot say (scenario names, metrics, weeks) and gives
an `Experiment`.

Check kinds (`test:`; the statistics are `simulation.statistics`, the evaluation
`simulation.validation.checks`):
- `greater`: a > b, paired by replicate. `a`/`b` are measures, or a list of two measures meaning
  "first minus second" (a difference in differences, e.g. E7 and E10).
- `below` / `above`: a measure is below / above `threshold`.
- `optimum`: the measure peaks inside an ordered list of `scenarios` (E14, E16), `values` naming
  the parameter value of each.
- `variance`: a varies more between replicates than b (E17).
- `effect_size`: a standardised effect of a against b per member (the same members in both
  scenarios: Cohen's d, mean(a - b) / sd(b)), with its 95% interval, lies in
  `range: [low, high]`, the magnitude a published source gives (X1, X2); `a` and `b` are
  `members.<...>` measures.
- `describe`: the claim names no direction (E19's effect on peers): the difference a - b is
  reported with its interval and two-sided p, as a description: never a pass or a fail. With
  `scenarios` (and `values`) instead of a and b, it reports where the measure peaks along the
  ordered list (E14: the size at which the number of active teachers peaks).

A measure is a scenario name, or `{scenario, metric, weeks, where, times}`; the check's own
`metric`, `weeks` and `where` are the defaults; `times` multiplies the measure (a ratio as a
comparison: muted > 2 x left is `a: muted`, `b: {metric: left, times: 2}`; default 1).
Metrics (per replicate, mean over groups):
`weekly.<column>` (mean over `weeks`), `weekly.<column>.change` (mean week-on-week change in
`weeks`), `weekly.<column>.per_member` (sum over `weeks` / mean members), `summary.<column>`,
`members.<column>` (mean over members, `where`: novice, experienced, asker or founder; besides
the table's columns, `members.active_share` is the share of `weeks` in which the member was
active: authored any event) and
`events.<kind>` (events of that kind per week in `weeks`). `weeks` is "from-to", a week or a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Optional

import yaml
from omegaconf import MISSING, OmegaConf
from omegaconf.errors import ConfigKeyError, MissingMandatoryValue, OmegaConfBaseException

from simulation.config import CONFIG_DIR, ConfigError
from simulation.statistics import MIN_PAIRS

EXPERIMENTS_DIR = CONFIG_DIR.parent / "experiments" / "validation"
KINDS = ("greater", "below", "above", "optimum", "variance", "effect_size", "describe")
FAMILIES = ("weekly", "summary", "members", "events")  # a metric's first part
WHERE = ("novice", "experienced", "asker", "founder")


# ------------------------------------------------------------------------------ the file
@dataclass
class CheckFile:
    name: str = MISSING
    test: str = MISSING
    metric: Optional[str] = None     # the default of its measures
    weeks: Any = None                # "from-to", a week or a list of weeks
    where: Optional[str] = None
    a: Any = None                    # a measure, or a list of two (first minus second)
    b: Any = None
    scenario: Any = None             # below / above: the measure (or `a`)
    threshold: Optional[float] = None
    range: Optional[list[float]] = None    # effect_size: [low, high]
    scenarios: Optional[list[Any]] = None  # optimum: the ordered measures
    values: Optional[list[Any]] = None     # optimum: the parameter value of each


@dataclass
class FigureFile:
    xlabel: str = "scenario"         # an optimum's axis
    metric: str = "active_share"     # the weekly column drawn for each scenario
    scenarios: Optional[list[str]] = None  # which scenarios (default: all)


@dataclass
class ExperimentFile:
    pattern: str = MISSING           # the EVIDENCE.md row, e.g. E3
    title: str = MISSING
    claim: str = MISSING
    source: str = MISSING
    base: list[str] = MISSING        # overrides every scenario starts from
    replicates: int = MISSING
    weeks: int = MISSING
    scenarios: dict[str, Optional[list[str]]] = MISSING  # name: overrides on the base
    checks: list[CheckFile] = MISSING
    fast: bool = False               # run by the test suite (`copsim-validate --fast`)
    known_failure: Optional[str] = None
    figure: FigureFile = field(default_factory=FigureFile)


# ------------------------------------------------------------------------------ what it gives
@dataclass(frozen=True)
class Measure:
    scenario: str
    metric: str
    weeks: tuple[int, ...] | None = None
    where: str | None = None
    times: float = 1.0

    def label(self) -> str:
        weeks = (f" w{self.weeks[0]}-{self.weeks[-1]}" if len(self.weeks or ()) > 1
                 else f" w{self.weeks[0]}" if self.weeks else "")
        where = f" ({self.where})" if self.where else ""
        times = f"{self.times:g} x " if self.times != 1 else ""
        return f"{times}{self.metric}{weeks}{where} [{self.scenario}]"


@dataclass(frozen=True)
class Check:
    name: str
    kind: str
    a: tuple[Measure, ...] = ()          # one measure, or (x, y) for x - y
    b: tuple[Measure, ...] = ()
    threshold: float | None = None
    range: tuple[float, float] | None = None  # effect_size: [low, high]
    along: tuple[Measure, ...] = ()      # optimum: the ordered scenarios' measures
    values: tuple = ()                   # optimum: the parameter value of each

    @property
    def tested(self) -> bool:
        """False for a description (`describe`), which is never a pass or a fail."""
        return self.kind != "describe"


@dataclass(frozen=True)
class Experiment:
    """One pattern's validation experiment, as read from its YAML file."""
    path: Path
    pattern: str
    title: str
    claim: str
    source: str
    base: tuple[str, ...]
    replicates: int
    weeks: int
    scenarios: dict[str, tuple[str, ...]]
    checks: tuple[Check, ...]
    fast: bool = False
    known_failure: str | None = None
    figure: FigureFile = field(default_factory=FigureFile)


# ------------------------------------------------------------------------------ loading
def load_experiments(folder: Path = EXPERIMENTS_DIR, only: list[str] | None = None,
                     fast: bool = False) -> list[Experiment]:
    """All experiments in `folder` (sorted by file name), optionally only some patterns
    (`only`, e.g. ["E3", "E14"]) or only those marked `fast: true`."""
    files = sorted(Path(folder).glob("*.yaml"))
    if not files:
        raise ConfigError(f"{folder}: no validation experiments (*.yaml) found")
    experiments = [load_experiment(f) for f in files]
    if only:
        wanted = {p.upper() for p in only}
        unknown = wanted - {e.pattern for e in experiments}
        if unknown:
            raise ConfigError(f"unknown pattern(s) {sorted(unknown)}; available: "
                              f"{', '.join(e.pattern for e in experiments)}")
        experiments = [e for e in experiments if e.pattern in wanted]
    if fast:
        experiments = [e for e in experiments if e.fast]
    return experiments


def load_experiment(path: Path) -> Experiment:
    """Read and check one experiment file; errors name the file and the key."""
    path = Path(path)
    spec = _typed(path)
    if spec.replicates < MIN_PAIRS:
        raise ConfigError(f"{path}: replicates={spec.replicates}: paired tests need at least "
                          f"{MIN_PAIRS}")
    scenarios = {str(k): tuple(v or ()) for k, v in spec.scenarios.items()}
    checks = tuple(_check(f"{path}: checks[{i}]", c, scenarios, spec.weeks)
                   for i, c in enumerate(spec.checks))
    return Experiment(
        path=path, pattern=spec.pattern.upper(), title=spec.title, claim=spec.claim,
        source=spec.source, base=tuple(spec.base), replicates=spec.replicates, weeks=spec.weeks,
        scenarios=scenarios, checks=checks, fast=spec.fast, known_failure=spec.known_failure,
        figure=spec.figure,
    )


def _typed(path: Path) -> ExperimentFile:
    """The file merged into its schema: missing keys, unknown keys and wrong types refused."""
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of keys")
    checks = raw.get("checks")
    if isinstance(checks, list):  # each check first, so that an error names which one
        for i, check in enumerate(checks):
            _merged(CheckFile, check, f"{path}: checks[{i}]")
    return _merged(ExperimentFile, raw, str(path))


def _merged(schema: type, data: Any, where: str) -> Any:
    """`data` merged into `schema`, as a `schema` instance; a missing key, an unknown key or a
    wrong type is a ConfigError naming `where` and the key."""
    try:
        return OmegaConf.to_object(OmegaConf.merge(OmegaConf.structured(schema), data))
    except MissingMandatoryValue as err:
        raise ConfigError(f"{where}: missing key '{err.full_key}'") from None
    except ConfigKeyError as err:
        allowed = ", ".join(f.name for f in fields(schema))
        raise ConfigError(f"{where}: unknown key '{err.full_key}' (allowed: {allowed})") from None
    except OmegaConfBaseException as err:
        reason = str(err).splitlines()[0]
        raise ConfigError(f"{where}: {err.full_key}: {reason}") from None


def _check(where: str, raw: CheckFile, scenarios, weeks) -> Check:
    kind = raw.test
    if kind not in KINDS:
        raise ConfigError(f"{where}: test '{kind}' is not one of {', '.join(KINDS)}")
    default = {"metric": raw.metric, "weeks": raw.weeks, "where": raw.where}

    def measures(spec) -> tuple[Measure, ...]:
        specs = spec if isinstance(spec, list) else [spec]
        if not 1 <= len(specs) <= 2:
            raise ConfigError(f"{where}: a side is one measure or a list of two (first minus second)")
        return tuple(_measure(where, s, default, scenarios, weeks) for s in specs)

    if kind == "optimum" or (kind == "describe" and raw.scenarios is not None):
        along = raw.scenarios
        if along is None or len(along) < 3:
            raise ConfigError(f"{where}: an optimum needs 'scenarios', a list of at least 3")
        values = tuple(raw.values if raw.values is not None else along)
        if len(values) != len(along):
            raise ConfigError(f"{where}: 'values' must match 'scenarios' one to one")
        return Check(raw.name, kind, along=tuple(_measure(where, s, default, scenarios, weeks)
                                                 for s in along), values=values)
    if kind in ("below", "above"):
        if raw.threshold is None:
            raise ConfigError(f"{where}: test '{kind}' needs a numeric 'threshold'")
        return Check(raw.name, kind, a=measures(raw.scenario if raw.scenario is not None else raw.a),
                     threshold=float(raw.threshold))
    if raw.a is None or raw.b is None:
        raise ConfigError(f"{where}: test '{kind}' needs 'a' and 'b'")
    if kind == "effect_size":
        bounds = raw.range
        if bounds is None or len(bounds) != 2 or not bounds[0] < bounds[1]:
            raise ConfigError(f"{where}: test 'effect_size' needs 'range: [low, high]', low < high")
        a, b = measures(raw.a), measures(raw.b)
        if len(a) + len(b) != 2 or any(m.metric.split(".")[0] != "members" for m in a + b):
            raise ConfigError(f"{where}: test 'effect_size' compares one members.<...> measure "
                              "on each side")
        return Check(raw.name, kind, a=a, b=b, range=(float(bounds[0]), float(bounds[1])))
    return Check(raw.name, kind, a=measures(raw.a), b=measures(raw.b))


def _measure(where, spec, default, scenarios, weeks) -> Measure:
    spec = {"scenario": spec} if isinstance(spec, str) else dict(spec or {})
    spec = {**{k: v for k, v in default.items() if v is not None}, **spec}
    name = spec.get("scenario")
    if name not in scenarios:
        raise ConfigError(f"{where}: scenario '{name}' is not in 'scenarios' "
                          f"({', '.join(scenarios)})")
    metric = spec.get("metric")
    if not isinstance(metric, str) or metric.split(".")[0] not in FAMILIES:
        raise ConfigError(f"{where}: metric '{metric}' must start with one of "
                          f"{', '.join(FAMILIES)}.")
    if spec.get("where") not in (None, *WHERE):
        raise ConfigError(f"{where}: where '{spec['where']}' is not one of {', '.join(WHERE)}")
    times = spec.get("times", 1.0)
    if isinstance(times, bool) or not isinstance(times, (int, float)):
        raise ConfigError(f"{where}: times '{times}' must be a number")
    return Measure(name, metric, _weeks(where, spec.get("weeks"), weeks), spec.get("where"),
                   float(times))


def _weeks(where, spec, last) -> tuple[int, ...] | None:
    if spec is None:
        return None
    if isinstance(spec, str) and re.fullmatch(r"\d+-\d+", spec):
        first, end = map(int, spec.split("-"))
        weeks = tuple(range(first, end + 1))
    elif isinstance(spec, int):
        weeks = (spec,)
    elif isinstance(spec, list) and all(isinstance(w, int) for w in spec):
        weeks = tuple(spec)
    else:
        raise ConfigError(f"{where}: weeks '{spec}' must be 'from-to', a week or a list of weeks")
    if not weeks or min(weeks) < 1 or max(weeks) > last:
        raise ConfigError(f"{where}: weeks {spec} must lie within 1-{last}")
    return weeks
