"""docs/validation.md: the validation table, then one section and one small figure per pattern.

The figure of a pattern shows the weekly curve (mean and 95% band over replicates, first base
seed) of its first weekly metric for each scenario, or, for an interior optimum, the metric's
mean and 95% interval along the ordered scenarios.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from simulation.results import atomic_write_text  # noqa: E402
from simulation.statistics import curve_with_band, mean_interval  # noqa: E402
from simulation.validation import sensitivity  # noqa: E402
from simulation.validation.checks import pattern_verdicts, table, values, verdict_line  # noqa: E402
from simulation.validation.experiments import Experiment  # noqa: E402

INTRO = """\
# Validation: does the model reproduce the evidence?

Written by `copsim-validate` ({when}, {seconds:.0f} s, base seeds {seeds}{replicates}). Do not
edit by hand: change `experiments/validation/*.yaml` or the model and run it again.

Each pattern of `../shared/EVIDENCE.md` (E1-E19 from the sources; X3 and X4 from the wider
literature, with the magnitudes they give) has one experiment in
`experiments/validation/`, which states the claim, its source, the scenarios, the replicates and
the checks. Scenarios of an experiment run on the same initial teachers per replicate (common
random numbers), so differences are paired by replicate. The tests (`simulation/validation/checks.py`,
`simulation/statistics.py`):

- **greater** (a > b): one-sided Wilcoxon signed-rank test on per-replicate differences; effect =
  mean difference with a 95% bootstrap interval (2,000 resamples). A side written `(x - y)` is a
  difference in differences.
- **below / above** a threshold: one-sided one-sample Wilcoxon test; effect = mean with its
  bootstrap interval, which must lie on the right side of the threshold.
- **optimum**: the best scenario along an ordered list is not at either end and beats both ends
  (paired one-sided Wilcoxon, Holm-corrected); effect = the smaller margin.
- **variance**: variance ratio a/b with a bootstrap interval; Brown-Forsythe test.
- **describe**: a claim with no direction: the difference a - b with its interval and two-sided
  p, reported as a description, never counted as a pass or a fail.

A check passes when p < 0.01 (and the effect has the expected sign) on **every** base seed; a
pattern passes when all its tested checks pass (a pattern with descriptions only would be
"described", not passed). Run it yourself: `copsim-validate` (all cores, a few
minutes); `copsim-validate --only E3 --no-report` for one pattern; `--help` for the rest.
"""

SENSITIVITY = """
## Sensitivity: how much the conclusions depend on the assumptions

No source gives a number for any mechanism constant (`configs/behaviour/default.yaml`;
[model.md section 8](model.md#8-parameters)). Six policy conclusions were recomputed in
{worlds} plausible worlds: a Latin hypercube of every assumption (each behaviour constant and
uncertain population value) over its plausible range, all varied together. A conclusion is the
effect on the mean weekly-active share in weeks 13-26 against no support, Tanzania maths
teachers, {replicates} replicates x 26 weeks, paired by replicate, in percentage points.
"shipped": the effect with the shipped values ((ns): positive but one-sided paired Wilcoxon
p >= 0.01; **rev**: not positive). "Driven most by": the assumptions whose first-order
sensitivity index (RBD-FAST, SALib) is largest, the share of the effect's variance across worlds
each explains alone. With {replicates} replicates a world's effect also carries replicate noise,
so an effect under a point can be negative in some worlds by chance. For the indices of every
assumption on one policy, use `copsim-sensitivity` (Morris, then Sobol). Written by
`copsim-validate --sensitivity` (`simulation/validation/sensitivity.py`).

{summary}
"""


def write_report(path: Path, experiments: list[Experiment], rows, results: dict, seeds,
                 seconds: float, replicates: int | None, sensitivity_found=None) -> None:
    path = Path(path)
    images = path.parent / "images" / "validation"
    images.mkdir(parents=True, exist_ok=True)
    verdicts = pattern_verdicts(rows)
    parts = [INTRO.format(when=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                          seconds=seconds, seeds=", ".join(map(str, seeds)),
                          replicates=f", {replicates} replicates each" if replicates else ""),
             f"**{verdict_line(verdicts, seeds)}.**\n",
             table(rows, seeds), ""]
    for e in experiments:
        figure = images / f"{e.pattern}.png"
        _figure(e, results[(e.pattern, seeds[0])], figure)
        parts.append(_section(e, verdicts[e.pattern], figure.relative_to(path.parent)))
    if sensitivity_found is not None:
        parts.append(SENSITIVITY.format(worlds=sensitivity.WORLDS,
                                        replicates=sensitivity.REPLICATES,
                                        summary=sensitivity.summary(sensitivity_found)))
    atomic_write_text(path, "\n".join(parts))


def _section(e: Experiment, verdict: str, figure: Path) -> str:
    scenarios = "\n".join(f"  - `{name}`: {' '.join(o) or '(base only)'}"
                          for name, o in e.scenarios.items())
    known = (f"\n\n**Known failure.** {e.known_failure.strip()}"
             if e.known_failure and verdict == "fail" else "")
    verdict = {"pass": "passes", "fail": "**fails**", "described": "described, not tested"}[verdict]
    return f"""
## {e.pattern}: {e.title} ({verdict})

{e.claim.strip()}

- Source: {e.source.strip()}
- Experiment: `{e.path.name}`; base `{' '.join(e.base)}`, {e.replicates} replicates x {e.weeks} weeks
- Scenarios:
{scenarios}{known}

![{e.pattern}]({figure.as_posix()})
"""


def _figure(e: Experiment, results: dict, path: Path) -> None:
    fig, ax = plt.subplots(figsize=(5, 3))
    optimum = next((c for c in e.checks if c.kind == "optimum"), None)
    if optimum is not None:
        stats = [mean_interval(values(results, m)) for m in optimum.along]
        x = range(len(stats))
        ax.errorbar(x, [s[0] for s in stats], yerr=[[s[0] - s[1] for s in stats],
                                                   [s[2] - s[0] for s in stats]],
                    marker="o", capsize=3)
        ax.set_xticks(list(x), [str(v) for v in optimum.values])
        ax.set_xlabel(e.figure.xlabel)
        ax.set_ylabel(optimum.along[0].metric)
    else:
        column = e.figure.metric
        for name in e.figure.scenarios or list(e.scenarios):
            band = curve_with_band(results[name].weekly, column)
            line = ax.plot(band.index, band["mean"], label=name)[0]
            ax.fill_between(band.index, band["low"], band["high"], color=line.get_color(),
                            alpha=0.2)
        ax.set_xlabel("week")
        ax.set_ylabel(column)
        ax.legend(fontsize=7)
    ax.set_title(f"{e.pattern}: {e.title}", fontsize=9)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
