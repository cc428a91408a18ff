"""Validation checks: the measures an experiment names, and the test each check runs.

`values` reads a measure per replicate from a scenario's tables (metrics: see
`simulation.validation.experiments`); `evaluate` runs a check's test on one base seed's
results and gives an `Outcome`; `Row` gathers a check's outcomes over the base seeds and `table`
writes the Markdown table. The tests themselves are `simulation.statistics`:
- `greater`: one-sided Wilcoxon signed-rank test on the per-replicate differences; the effect is
  their mean, with a 95% bootstrap interval (`statistics.paired_greater`).
- `below` / `above`: one-sided one-sample Wilcoxon test of the values against the threshold; the
  effect is their mean, whose bootstrap interval must lie on the right side of the threshold.
- `optimum`: the scenario with the highest mean is neither end and beats both ends (one-sided
  paired Wilcoxon, Holm-corrected); the effect is the smaller of the two margins.
- `variance`: variance ratio with a bootstrap interval; Brown-Forsythe test
  (`statistics.variance_ratio`).
- `effect_size`: Cohen's d of a against b per member, with a 95% interval over replicates
  (`statistics.cohen_d`); it passes when the whole interval lies in the check's range (an
  equivalence test: the magnitude, not only the sign; the p shown is the two-sided Wilcoxon p of
  the per-replicate mean differences, for information).
- `describe`: the difference a - b with its interval and two-sided p, or, along an ordered list
  of scenarios, where the measure peaks (the peak's mean and interval), reported as a
  description: its outcome is neither a pass nor a fail, and a pattern passes on its tested
  checks alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulation import statistics
from simulation.config import ConfigError
from simulation.statistics import ALPHA, mean_interval
from simulation.validation.experiments import FAMILIES, Check, Experiment, Measure


@dataclass(frozen=True)
class Outcome:
    """What one check found on one base seed; `passed` is None for a description."""
    effect: float
    low: float
    high: float
    p: float
    passed: bool | None
    detail: str = ""


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


def member_values(result, measure: Measure) -> pd.Series:
    """Per member, indexed by (replicate, teacher): a `members.<...>` measure before averaging."""
    m = result.members
    if measure.where == "novice":
        m = m[m.novice]
    elif measure.where == "experienced":
        m = m[~m.novice]
    elif measure.where == "asker":
        m = m[m.questions > 0]
    elif measure.where == "founder":
        m = m[m.join_week == 0]
    column = measure.metric.split(".", 1)[1]
    if column == "active_share" and column not in m:
        return _active_share(result, measure).reindex(
            pd.MultiIndex.from_frame(m[["replicate", "teacher"]]), fill_value=0.0)
    return m.set_index(["replicate", "teacher"])[column]


def _active_share(result, measure: Measure) -> pd.Series:
    """Per (replicate, teacher) who authored an event: the share of the measure's weeks (all
    weeks by default) in which they did."""
    weeks = measure.weeks or tuple(range(1, int(result.weekly.week.max()) + 1))
    e = result.events[["replicate", "author", "day"]]
    e = e[e.author >= 0].assign(week=e.day // 7 + 1)
    e = e[e.week.isin(weeks)].drop_duplicates(["replicate", "author", "week"])
    return (e.groupby(["replicate", "author"]).size() / len(weeks)).rename_axis(
        ["replicate", "teacher"])


def _members(result, measure: Measure) -> pd.Series:
    return member_values(result, measure).groupby(level="replicate").mean()


def _events(result, measure: Measure) -> pd.Series:
    kind = measure.metric.split(".", 1)[1]
    e = result.events
    weeks = measure.weeks or tuple(range(1, int(result.weekly.week.max()) + 1))
    e = e[(e.kind == kind) & (e.day // 7 + 1).isin(weeks)]
    counts = e.groupby("replicate").size()
    replicates = np.sort(result.weekly.replicate.unique())
    return counts.reindex(replicates, fill_value=0) / len(weeks)


METRICS = {"weekly": _weekly, "summary": _summary, "members": _members, "events": _events}
assert tuple(METRICS) == FAMILIES


def values(results: dict, measure: Measure) -> pd.Series:
    """Per-replicate values of a measure, from {scenario: RunResult}."""
    result = results[measure.scenario]
    family = measure.metric.split(".")[0]
    try:
        return METRICS[family](result, measure).astype(float) * measure.times
    except KeyError as err:
        raise ConfigError(f"metric '{measure.metric}': no column {err}") from None


def side(results: dict, measures: tuple[Measure, ...]) -> pd.Series:
    """One side of a comparison: a measure, or the first measure minus the second."""
    first = values(results, measures[0])
    return first if len(measures) == 1 else first - values(results, measures[1])


# ------------------------------------------------------------------------------ tests
def evaluate(check: Check, results: dict) -> Outcome:
    """Run one check's statistical test on {scenario: RunResult}."""
    if check.kind == "describe" and check.along:
        series, best, where = _peak(check, results)
        return Outcome(*mean_interval(series[best]), np.nan, None, where)
    if check.kind in ("greater", "describe"):
        d = statistics.paired(side(results, check.a), side(results, check.b))
        found = statistics.greater(d)
        if check.kind == "describe":
            return Outcome(found.effect, found.low, found.high, statistics.two_sided_p(d), None,
                           "no expected direction")
        return Outcome(found.effect, found.low, found.high, found.p, found.holds())
    if check.kind in ("below", "above"):
        x = side(results, check.a).dropna().to_numpy(dtype=float)
        d = (check.threshold - x) if check.kind == "below" else (x - check.threshold)
        p = statistics.greater_p(d)
        low, high = statistics.bootstrap_interval(x)
        passed = p < ALPHA and (high < check.threshold if check.kind == "below"
                                else low > check.threshold)
        return Outcome(float(x.mean()), low, high, p, passed,
                       f"threshold {check.threshold:g}")
    if check.kind == "optimum":
        return _optimum(check, results)
    if check.kind == "effect_size":
        found = statistics.cohen_d(member_values(results[check.a[0].scenario], check.a[0]),
                                   member_values(results[check.b[0].scenario], check.b[0]))
        low, high = check.range
        return Outcome(found.effect, found.low, found.high, found.p,
                       low <= found.low and found.high <= high,
                       f"Cohen's d; its interval must lie in {low:g} to {high:g}")
    return _variance(check, results)


def _peak(check: Check, results: dict) -> tuple[list[pd.Series], int, str]:
    """Along an ordered list of scenarios: each one's values, the one with the highest mean, and
    where the peak is, in words."""
    series = [values(results, m) for m in check.along]
    means = [s.mean() for s in series]
    best = int(np.nanargmax(means))
    return series, best, (f"peak at {check.values[best]} ({means[best]:.3g}); "
                          f"ends {means[0]:.3g}, {means[-1]:.3g}")


def _optimum(check: Check, results: dict) -> Outcome:
    series, best, where = _peak(check, results)
    if best in (0, len(series) - 1):
        return Outcome(0.0, np.nan, np.nan, 1.0, False, where + ": the peak is at an end")
    margins = [statistics.paired_greater(series[best], series[end])
               for end in (0, len(series) - 1)]
    p = min(1.0, 2 * max(m.p for m in margins))  # Holm for two tests: the larger p doubled at most
    smaller = min(margins, key=lambda m: m.effect)
    return Outcome(smaller.effect, smaller.low, smaller.high, p,
                   p < ALPHA and smaller.effect > 0, where)


def _variance(check: Check, results: dict) -> Outcome:
    a = side(results, check.a).dropna().to_numpy(dtype=float)
    b = side(results, check.b).dropna().to_numpy(dtype=float)
    found = statistics.variance_ratio(a, b)
    return Outcome(found.effect, found.low, found.high, found.p, found.holds(),
                   "effect = variance ratio")


def expected(check: Check) -> str:
    """The direction a check expects, in words, for the report table."""
    a, b = _side_label(check.a), _side_label(check.b)
    if a == b and a:  # the same scenario on both sides: name the measures instead
        a, b = (" - ".join(m.label() for m in side) for side in (check.a, check.b))
    if check.kind == "greater":
        return f"{a} > {b}"
    if check.kind == "describe" and check.along:
        return (f"where {check.along[0].metric} peaks along "
                f"{check.values[0]}..{check.values[-1]} (no direction)")
    if check.kind == "describe":
        return f"{a} vs {b} (no direction)"
    if check.kind in ("below", "above"):
        sign = "<" if check.kind == "below" else ">"
        return f"{_side_label(check.a)} {sign} {check.threshold:g}"
    if check.kind == "optimum":
        return (f"{check.along[0].metric} peaks inside "
                f"{check.values[0]}..{check.values[-1]}")
    if check.kind == "effect_size":
        return f"d({a} vs {b}) in [{check.range[0]:g}, {check.range[1]:g}]"
    return f"var {_side_label(check.a)} > var {_side_label(check.b)}"


def _side_label(measures: tuple[Measure, ...]) -> str:
    if len(measures) < 2:
        return measures[0].scenario if measures else ""
    return f"({measures[0].scenario} - {measures[1].scenario})"


@dataclass(frozen=True)
class Row:
    """One check of one pattern, over all base seeds."""
    experiment: Experiment
    check: Check
    outcomes: tuple[Outcome, ...]

    @property
    def expected(self) -> str:
        return expected(self.check)

    @property
    def verdict(self) -> str:
        """`pass` on every seed, `fail`, or `described` (a description is never either)."""
        if not self.check.tested:
            return "described"
        return "pass" if all(o.passed for o in self.outcomes) else "fail"


def evaluate_rows(experiments: list[Experiment], seeds: list[int], results: dict) -> list[Row]:
    """Every check of every experiment on every base seed; `results` is
    {(pattern, seed): {scenario: tables}}."""
    return [Row(e, check, tuple(evaluate(check, results[(e.pattern, seed)]) for seed in seeds))
            for e in experiments for check in e.checks]


def pattern_verdicts(rows: list[Row]) -> dict[str, str]:
    """Per pattern: `fail` if a tested check fails, `pass` if its tested checks all pass, and
    `described` if it has none (a description alone proves nothing)."""
    verdicts: dict[str, set[str]] = {}
    for row in rows:
        verdicts.setdefault(row.experiment.pattern, set()).add(row.verdict)
    return {pattern: "fail" if "fail" in found else "pass" if "pass" in found else "described"
            for pattern, found in verdicts.items()}


def verdict_line(verdicts: dict[str, str], seeds: list[int]) -> str:
    """'18 of 19 patterns pass on seeds 0 1; failing: E7' (and any described only)."""
    by = {v: [p for p, found in verdicts.items() if found == v] for v in ("pass", "fail", "described")}
    line = f"{len(by['pass'])} of {len(verdicts)} patterns pass on seeds {' '.join(map(str, seeds))}"
    if by["fail"]:
        line += f"; failing: {', '.join(by['fail'])}"
    if by["described"]:
        line += f"; described only (not tested): {', '.join(by['described'])}"
    return line


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
        cells = [r.experiment.pattern, r.check.name, r.expected]
        for o in r.outcomes:
            cells += [_cell(o), "—" if np.isnan(o.p) else f"{o.p:.2g}"]
        verdict = {"pass": "pass", "described": "described (not tested)",
                   "fail": "**fail** (known)" if r.experiment.known_failure else "**fail**"}[r.verdict]
        if r.outcomes[0].detail:
            verdict += f"; {r.outcomes[0].detail}"
        lines.append("| " + " | ".join(cells + [verdict]) + " |")
    return "\n".join(lines)
