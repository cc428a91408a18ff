"""Validation experiments: does the model reproduce the patterns of EVIDENCE.md (E1-E19)?

One YAML file per pattern in `experiments/validation/` states the claim and its source, the
scenarios (Hydra overrides on a common base), the replicates and weeks, and one or more checks.
A pattern passes when all its checks pass. Scenarios of one experiment share the base seed, so
replicate r has the same initial teachers in every scenario (common random numbers) and
differences are paired by replicate.

Check kinds (the statistical test each states):
- `greater`: a > b. One-sided Wilcoxon signed-rank test on the per-replicate differences; the
  effect is their mean, with a 95% bootstrap interval. `a`/`b` are measures, or a list of two
  measures meaning "first minus second" (a difference in differences, e.g. E7 and E10).
- `below` / `above`: a measure is below / above `threshold`. One-sided one-sample Wilcoxon
  test of the per-replicate values against the threshold; the effect is their mean.
- `optimum`: the measure peaks inside an ordered list of scenarios (E14, E16): the scenario
  with the highest mean is neither end, and it beats both ends (one-sided paired Wilcoxon,
  Holm-corrected); the effect is the smaller of the two margins.
- `variance`: a varies more between replicate groups than b (E17): variance ratio with a 95%
  bootstrap interval; Brown-Forsythe test (Levene, median-centred), p halved for the direction.
- `describe`: the claim names no direction (E19's effect on peers): the effect a - b is
  reported with its interval and p (two-sided), and it always counts as passed.

A measure is `{scenario, metric, weeks?, where?}`; metrics (per replicate, mean over groups):
`weekly.<column>` (mean over `weeks`), `weekly.<column>.change` (mean week-on-week change in
`weeks`), `weekly.<column>.per_member` (sum over `weeks` / mean members), `summary.<column>`,
`members.<column>` (mean over members, `where`: novice, experienced or asker) and
`events.<kind>` (events of that kind per week in `weeks`). `weeks` is "from-to" or a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy.stats import levene, wilcoxon

from simulation.config import CONFIG_DIR, ConfigError

EXPERIMENTS_DIR = CONFIG_DIR.parent / "experiments" / "validation"
ALPHA = 0.01
BOOTSTRAP = 2000
KINDS = ("greater", "below", "above", "optimum", "variance", "describe")
WHERE = ("novice", "experienced", "asker")


@dataclass(frozen=True)
class Measure:
    scenario: str
    metric: str
    weeks: tuple[int, ...] | None = None
    where: str | None = None

    def label(self) -> str:
        weeks = f" w{self.weeks[0]}-{self.weeks[-1]}" if self.weeks else ""
        where = f" ({self.where})" if self.where else ""
        return f"{self.metric}{weeks}{where} [{self.scenario}]"


@dataclass(frozen=True)
class Check:
    name: str
    kind: str
    a: tuple[Measure, ...] = ()          # one measure, or (x, y) for x - y
    b: tuple[Measure, ...] = ()
    threshold: float | None = None
    along: tuple[Measure, ...] = ()      # optimum: the ordered scenarios' measures
    values: tuple = ()                   # optimum: the parameter value of each


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
    figure: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What one check found on one base seed."""
    effect: float
    low: float
    high: float
    p: float
    passed: bool
    detail: str = ""


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
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of keys")

    def need(key, kind=None):
        if key not in raw:
            raise ConfigError(f"{path}: missing key '{key}'")
        if kind is not None and not isinstance(raw[key], kind):
            raise ConfigError(f"{path}: '{key}' must be {kind.__name__}")
        return raw[key]

    known = {"pattern", "title", "claim", "source", "base", "replicates", "weeks", "scenarios",
             "checks", "fast", "known_failure", "figure"}
    extra = set(raw) - known
    if extra:
        raise ConfigError(f"{path}: unknown key(s) {sorted(extra)}; allowed: {sorted(known)}")
    scenarios = {str(k): tuple(v or ()) for k, v in need("scenarios", dict).items()}
    weeks = int(need("weeks", int))
    checks = tuple(_check(path, i, c, scenarios, weeks) for i, c in enumerate(need("checks", list)))
    replicates = need("replicates", int)
    if replicates < 10:
        raise ConfigError(f"{path}: replicates={replicates}: paired tests need at least 10")
    return Experiment(
        path=path, pattern=str(need("pattern", str)).upper(), title=need("title", str),
        claim=need("claim", str), source=need("source", str),
        base=tuple(need("base", list)), replicates=replicates, weeks=weeks,
        scenarios=scenarios, checks=checks, fast=bool(raw.get("fast", False)),
        known_failure=raw.get("known_failure"), figure=raw.get("figure") or {},
    )


def _check(path, i, raw, scenarios, weeks) -> Check:
    where = f"{path}: checks[{i}]"
    if not isinstance(raw, dict) or "name" not in raw or "test" not in raw:
        raise ConfigError(f"{where}: each check needs 'name' and 'test'")
    kind = raw["test"]
    if kind not in KINDS:
        raise ConfigError(f"{where}: test '{kind}' is not one of {', '.join(KINDS)}")
    default = {k: raw[k] for k in ("metric", "weeks", "where") if k in raw}

    def measures(spec) -> tuple[Measure, ...]:
        specs = spec if isinstance(spec, list) else [spec]
        if not 1 <= len(specs) <= 2:
            raise ConfigError(f"{where}: a side is one measure or a list of two (first minus second)")
        return tuple(_measure(where, s, default, scenarios, weeks) for s in specs)

    if kind == "optimum":
        along = raw.get("scenarios")
        if not isinstance(along, list) or len(along) < 3:
            raise ConfigError(f"{where}: an optimum needs 'scenarios', a list of at least 3")
        values = tuple(raw.get("values", along))
        if len(values) != len(along):
            raise ConfigError(f"{where}: 'values' must match 'scenarios' one to one")
        return Check(raw["name"], kind, along=tuple(_measure(where, s, default, scenarios, weeks)
                                                    for s in along), values=values)
    if kind in ("below", "above"):
        if not isinstance(raw.get("threshold"), (int, float)):
            raise ConfigError(f"{where}: test '{kind}' needs a numeric 'threshold'")
        return Check(raw["name"], kind, a=measures(raw.get("scenario", raw.get("a"))),
                     threshold=float(raw["threshold"]))
    if "a" not in raw or "b" not in raw:
        raise ConfigError(f"{where}: test '{kind}' needs 'a' and 'b'")
    return Check(raw["name"], kind, a=measures(raw["a"]), b=measures(raw["b"]))


def _measure(where, spec, default, scenarios, weeks) -> Measure:
    spec = {"scenario": spec} if isinstance(spec, str) else dict(spec or {})
    spec = {**default, **spec}
    name = spec.get("scenario")
    if name not in scenarios:
        raise ConfigError(f"{where}: scenario '{name}' is not in 'scenarios' "
                          f"({', '.join(scenarios)})")
    metric = spec.get("metric")
    if not isinstance(metric, str) or metric.split(".")[0] not in METRICS:
        raise ConfigError(f"{where}: metric '{metric}' must start with one of "
                          f"{', '.join(METRICS)}.")
    if spec.get("where") not in (None, *WHERE):
        raise ConfigError(f"{where}: where '{spec['where']}' is not one of {', '.join(WHERE)}")
    return Measure(name, metric, _weeks(where, spec.get("weeks"), weeks), spec.get("where"))


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


# ------------------------------------------------------------------------------ metrics
def _weekly(result, measure: Measure) -> pd.Series:
    _, column, *how = measure.metric.split(".")
    w = result.weekly
    if how == ["change"]:
        wide = w.pivot_table(index=["replicate", "group"], columns="week", values=column)
        change = wide.diff(axis=1)[list(measure.weeks or wide.columns[1:])]
        return change.mean(axis=1).groupby(level="replicate").mean()
    if measure.weeks:
        w = w[w.week.isin(measure.weeks)]
    if how == ["per_member"]:
        by = w.groupby(["replicate", "group"])
        return (by[column].sum() / by["members"].mean()).groupby(level="replicate").mean()
    if how:
        raise ConfigError(f"metric '{measure.metric}': unknown suffix '.{how[0]}'")
    return w.groupby(["replicate", "group"])[column].mean().groupby(level="replicate").mean()


def _summary(result, measure: Measure) -> pd.Series:
    return result.summary.groupby("replicate")[measure.metric.split(".", 1)[1]].mean()


def _members(result, measure: Measure) -> pd.Series:
    m = result.members
    if measure.where == "novice":
        m = m[m.novice]
    elif measure.where == "experienced":
        m = m[~m.novice]
    elif measure.where == "asker":
        m = m[m.questions > 0]
    return m.groupby("replicate")[measure.metric.split(".", 1)[1]].mean()


def _events(result, measure: Measure) -> pd.Series:
    kind = measure.metric.split(".", 1)[1]
    e = result.events
    weeks = measure.weeks or tuple(range(1, int(result.weekly.week.max()) + 1))
    e = e[(e.kind == kind) & (e.day // 7 + 1).isin(weeks)]
    counts = e.groupby("replicate").size()
    replicates = np.sort(result.weekly.replicate.unique())
    return counts.reindex(replicates, fill_value=0) / len(weeks)


METRICS = {"weekly": _weekly, "summary": _summary, "members": _members, "events": _events}


def values(results: dict, measure: Measure) -> pd.Series:
    """Per-replicate values of a measure, from {scenario: RunResult}."""
    result = results[measure.scenario]
    family = measure.metric.split(".")[0]
    try:
        return METRICS[family](result, measure).astype(float)
    except KeyError as err:
        raise ConfigError(f"metric '{measure.metric}': no column {err}") from None


def side(results: dict, measures: tuple[Measure, ...]) -> pd.Series:
    """One side of a comparison: a measure, or the first measure minus the second."""
    first = values(results, measures[0])
    return first if len(measures) == 1 else first - values(results, measures[1])


# ------------------------------------------------------------------------------ tests
def bootstrap_interval(x: np.ndarray, statistic=np.mean, seed: int = 0) -> tuple[float, float]:
    """Percentile 95% interval of `statistic` over BOOTSTRAP resamples (seeded)."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(x), size=(BOOTSTRAP, len(x)))
    stats = np.array([statistic(x[d]) for d in draws])
    return float(np.percentile(stats, 2.5)), float(np.percentile(stats, 97.5))


def _paired(a: pd.Series, b: pd.Series) -> np.ndarray:
    a, b = a.align(b, join="inner")
    d = (a - b).dropna().to_numpy(dtype=float)
    if len(d) < 10:
        raise ValueError(f"only {len(d)} paired replicates with values")
    return d


def one_sided_p(d: np.ndarray) -> float:
    """One-sided Wilcoxon signed-rank p that the paired differences d are > 0 (1 if all zero)."""
    return 1.0 if not np.any(d != 0) else float(wilcoxon(d, alternative="greater").pvalue)


def _greater(d: np.ndarray) -> tuple[float, float, float, float]:
    """Mean difference, its bootstrap interval and the one-sided Wilcoxon p that d > 0."""
    return (float(d.mean()), *bootstrap_interval(d), one_sided_p(d))


def evaluate(check: Check, results: dict) -> Outcome:
    """Run one check's statistical test on {scenario: RunResult}."""
    if check.kind in ("greater", "describe"):
        d = _paired(side(results, check.a), side(results, check.b))
        effect, low, high, p = _greater(d)
        if check.kind == "describe":
            p = 1.0 if not np.any(d != 0) else float(wilcoxon(d).pvalue)
            return Outcome(effect, low, high, p, True, "no expected direction (reported)")
        return Outcome(effect, low, high, p, effect > 0 and p < ALPHA)
    if check.kind in ("below", "above"):
        x = side(results, check.a).dropna().to_numpy(dtype=float)
        d = (check.threshold - x) if check.kind == "below" else (x - check.threshold)
        _, _, _, p = _greater(d)
        low, high = bootstrap_interval(x)
        passed = p < ALPHA and (high < check.threshold if check.kind == "below"
                                else low > check.threshold)
        return Outcome(float(x.mean()), low, high, p, passed,
                       f"threshold {check.threshold:g}")
    if check.kind == "optimum":
        return _optimum(check, results)
    return _variance(check, results)


def _optimum(check: Check, results: dict) -> Outcome:
    series = [values(results, m) for m in check.along]
    means = [s.mean() for s in series]
    best = int(np.nanargmax(means))
    where = f"peak at {check.values[best]} ({means[best]:.3g}); ends {means[0]:.3g}, {means[-1]:.3g}"
    if best in (0, len(series) - 1):
        return Outcome(0.0, np.nan, np.nan, 1.0, False, where + ": the peak is at an end")
    margins = [_greater(_paired(series[best], series[end])) for end in (0, len(series) - 1)]
    p = min(1.0, 2 * max(m[3] for m in margins))  # Holm for two tests: the larger p doubled at most
    effect, low, high, _ = min(margins, key=lambda m: m[0])
    return Outcome(effect, low, high, p, p < ALPHA and effect > 0, where)


def _variance(check: Check, results: dict) -> Outcome:
    a = side(results, check.a).dropna().to_numpy(dtype=float)
    b = side(results, check.b).dropna().to_numpy(dtype=float)
    ratio = float(a.var(ddof=1) / b.var(ddof=1))
    rng = np.random.default_rng(0)
    draws = [np.var(a[rng.integers(0, len(a), len(a))], ddof=1)
             / np.var(b[rng.integers(0, len(b), len(b))], ddof=1) for _ in range(BOOTSTRAP)]
    low, high = (float(np.percentile(draws, q)) for q in (2.5, 97.5))
    p2 = float(levene(a, b, center="median").pvalue)
    p = p2 / 2 if ratio > 1 else 1 - p2 / 2
    return Outcome(ratio, low, high, p, ratio > 1 and p < ALPHA, "effect = variance ratio")


def expected(check: Check) -> str:
    """The direction a check expects, in words, for the report table."""
    a, b = _side_label(check.a), _side_label(check.b)
    if a == b and a:  # the same scenario on both sides: name the measures instead
        a, b = (" - ".join(m.label() for m in side) for side in (check.a, check.b))
    if check.kind == "greater":
        return f"{a} > {b}"
    if check.kind == "describe":
        return f"{a} vs {b} (no direction)"
    if check.kind in ("below", "above"):
        sign = "<" if check.kind == "below" else ">"
        return f"{_side_label(check.a)} {sign} {check.threshold:g}"
    if check.kind == "optimum":
        return (f"{check.along[0].metric} peaks inside "
                f"{check.values[0]}..{check.values[-1]}")
    return f"var {_side_label(check.a)} > var {_side_label(check.b)}"


def _side_label(measures: tuple[Measure, ...]) -> str:
    if len(measures) < 2:
        return measures[0].scenario if measures else ""
    return f"({measures[0].scenario} - {measures[1].scenario})"


@dataclass(frozen=True)
class Row:
    """One check of one pattern, over all base seeds."""
    experiment: Experiment
    check: str
    expected: str
    outcomes: tuple[Outcome, ...]

    @property
    def passed(self) -> bool:
        return all(o.passed for o in self.outcomes)


def _cell(o: Outcome) -> str:
    if np.isnan(o.low):
        return f"{o.effect:+.3g}"
    return f"{o.effect:+.3g} [{o.low:+.3g}, {o.high:+.3g}]"


def table(rows: list[Row], seeds: list[int]) -> str:
    """The Markdown table: pattern, check, expected, effect [95% CI] and p per seed, result."""
    head = ["pattern", "check", "expected"]
    for s in seeds:
        head += [f"effect [95% CI], seed {s}", f"p, seed {s}"]
    lines = ["| " + " | ".join(head + ["result (notes: first seed)"]) + " |", "|" + "---|" * (len(head) + 1)]
    for r in rows:
        cells = [r.experiment.pattern, r.check, r.expected]
        for o in r.outcomes:
            cells += [_cell(o), f"{o.p:.2g}"]
        verdict = "pass" if r.passed else ("**fail** (known)" if r.experiment.known_failure
                                           else "**fail**")
        if r.outcomes[0].detail:
            verdict += f"; {r.outcomes[0].detail}"
        lines.append("| " + " | ".join(cells + [verdict]) + " |")
    return "\n".join(lines)
