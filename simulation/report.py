"""Tables a person reads: weekly-active curves and headline indicators with 95% intervals."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from simulation.collect import load_dataset, point_config, sweep_dir  # noqa: E402
from simulation.config import validate  # noqa: E402
from simulation.cost_effectiveness import table as cost_table  # noqa: E402
from simulation.indicators import CURVE_WEEKS, INDICATORS, difference_text, level_text  # noqa: E402
from simulation.knobs import KNOBS  # noqa: E402
from simulation.statistics import curve_with_band, mean_interval  # noqa: E402
from simulation.results import RunResult  # noqa: E402


def mean_ci(values: pd.Series) -> str:
    """Mean with its 95% interval across replicates, as text ("n/a" without values)."""
    mean, low, high = mean_interval(values)
    if np.isnan(mean):
        return "n/a"
    if values.notna().sum() < 2:
        return f"{mean:.3g}"
    return f"{mean:.3g} [{low:.3g}, {high:.3g}]"


def difference_table(results: dict[str, RunResult], baseline: str) -> pd.DataFrame:
    """Rows: indicators; columns: every scenario but `baseline`: its difference from the
    baseline on the same teachers, mean [95% CI] over replicates of the per-replicate
    differences (`indicators.difference_text`: shares in percentage points)."""
    reference = results[baseline].summary
    return pd.DataFrame(
        {f"{name} - {baseline}": [difference_text(i, result.summary, reference) for i in INDICATORS]
         for name, result in results.items() if name != baseline},
        index=[i.label for i in INDICATORS])


def headline_table(results: dict[str, RunResult]) -> pd.DataFrame:
    """Rows: indicators; columns: scenarios (mean [95% CI] over replicates)."""
    return pd.DataFrame({name: [level_text(i, result.summary) for i in INDICATORS]
                         for name, result in results.items()},
                        index=[i.label for i in INDICATORS])


def weekly_curve_table(results: dict[str, RunResult]) -> pd.DataFrame:
    """Mean weekly-active share at selected weeks; rows: weeks, columns: scenarios."""
    curves = {}
    for name, result in results.items():
        curve = result.weekly.groupby("week")["active_share"].mean()
        curves[name] = curve.reindex([w for w in CURVE_WEEKS if w in curve.index]).round(3)
    table = pd.DataFrame(curves)
    table.index.name = "week"
    return table


# ------------------------------------------------------------------------------------------------
# Sweep reports: a collected dataset -> HTML page with figures (the `copsim-report` command)
# ------------------------------------------------------------------------------------------------
REPORT_INDICATORS = ["retention_w4", "retention_w12", "retention_w26", "half_life_weeks",
                     "answered_share", "gini_posts", "cost_per_active_week"]


def swept(runs: pd.DataFrame) -> list[str]:
    """The swept parameters that vary between the runs."""
    fixed = {"run", "point", "status", "error"}
    return [c for c in runs.columns if c not in fixed and runs[c].nunique(dropna=False) > 1]


def scenario_labels(runs: pd.DataFrame) -> pd.Series:
    """A label per run from its swept parameters ("key=value, ..."; `--baseline` matches it)."""
    if not swept(runs):
        return runs.point
    return runs[swept(runs)].astype(str).apply(
        lambda row: ", ".join(f"{k}={v}" for k, v in row.items()), axis=1)


def plain(label: str) -> str:
    """A label in words: each knob's key replaced by what it is ("Teachers per group: 38")."""
    named = {k.key: k.label for k in KNOBS}
    parts = (part.partition("=") for part in label.split(", "))
    return ", ".join(f"{named.get(key, key)}: {value}" if sep else key
                     for key, sep, value in parts)


def paired_differences(summary: pd.DataFrame, baseline_run: int, indicator: str) -> pd.DataFrame:
    """Mean difference of each run against the baseline, paired by replicate (common random
    numbers: the same teachers), with a 95% bootstrap interval over replicates
    (`statistics.mean_interval`)."""
    per_replicate = summary.groupby(["run", "replicate"])[indicator].mean()
    base = per_replicate.xs(baseline_run, level="run")
    rows = []
    for run, part in per_replicate.groupby(level="run"):
        diff = (part.droplevel("run") - base).dropna()
        mean, low, high = mean_interval(diff)
        rows.append({"run": run, "difference": mean, "low": low, "high": high,
                     "replicates": len(diff)})
    return pd.DataFrame(rows)


def _decay_figure(weekly: pd.DataFrame, runs: pd.DataFrame, path: Path) -> None:
    """Weekly-active share with 95% bands: one panel per value of the first swept parameter,
    one line per value of the others (all in one panel when one parameter is swept)."""
    keys = swept(runs)
    facet, lines = (keys[0], keys[1:]) if len(keys) > 1 else (None, keys)
    panels = list(runs.groupby(facet, sort=True)) if facet else [(None, runs)]
    columns = min(len(panels), 3)
    rows = -(-len(panels) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.2 * rows + 0.6),
                             sharex=True, sharey=True, squeeze=False)
    for ax, (value, members) in zip(axes.flat, panels):
        for _, run in members.iterrows():
            band = curve_with_band(weekly[weekly.run == run.run], "active_share")
            name = plain(", ".join(f"{k}={run[k]}" for k in lines)) if lines else plain(run.point)
            line = ax.plot(band.index, band["mean"], label=name, lw=1.2)[0]
            ax.fill_between(band.index, band["low"], band["high"], color=line.get_color(),
                            alpha=0.15)
        ax.set(ylim=(0, 1), title=plain(f"{facet}={value}") if facet else None)
        ax.title.set_fontsize(9)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    fig.supxlabel("week", fontsize=9)
    fig.supylabel("weekly-active share", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _indicator_figure(table: pd.DataFrame, labels: pd.Series, indicator: str, path: Path) -> None:
    fig, ax = plt.subplots(figsize=(9, 0.35 * len(table) + 1.5))
    y = np.arange(len(table))
    ax.errorbar(table["difference"], y, xerr=[table["difference"] - table["low"],
                                              table["high"] - table["difference"]], fmt="o")
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, [plain(label) for label in labels[table.run]], fontsize=7)
    ax.set_xlabel(f"difference in {indicator} against the baseline (95% CI, paired)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _decompositions(dataset: Path, runs: pd.DataFrame, labels: pd.Series, baseline_run: int,
                    progress=print) -> str:
    """HTML: each scenario's difference from the baseline split into its knobs' effects alone and
    their interaction (`simulation.decompose`; runs the model)."""
    from simulation.decompose import decompose, table  # runs the model: only when asked

    point, folder = runs.set_index("run").point, sweep_dir(dataset)
    baseline = validate(point_config(folder, point[baseline_run]))
    parts = []
    for run in runs.run:
        if run == baseline_run:
            continue
        progress(f"decomposing {labels[run]} against {labels[baseline_run]}")
        found = decompose(validate(point_config(folder, point[run])), baseline)
        parts.append(f"<h3>{labels[run]}</h3><pre>{table(found)}</pre>")
    return "".join(parts)


def _over_worlds(dataset: Path, runs: pd.DataFrame, labels: pd.Series, baseline_run: int,
                 worlds: int) -> str:
    """HTML: each scenario's difference from the baseline in `worlds` plausible worlds, beside
    its replicate interval (`simulation.over_worlds`; runs the model)."""
    from simulation import over_worlds  # runs the model: only when asked

    point, folder = runs.set_index("run").point, sweep_dir(dataset)
    order = [baseline_run, *(r for r in runs.run if r != baseline_run)]
    scenarios = {plain(labels[r]): validate(point_config(folder, point[r])) for r in order}
    found = over_worlds.compare(scenarios, worlds)
    indicator = over_worlds.headline(max(s.weeks for s in scenarios.values()))
    sentences = "".join(f"<p>{over_worlds.sentence(found, s, indicator)}</p>"
                        for s in found.scenarios)
    return (f"<h2>Over {worlds} plausible worlds</h2><p>Every scenario again in {worlds} worlds "
            "of the assumptions (a Latin hypercube of every assumption over its plausible range), "
            "on the same teachers: each difference from the baseline with the shipped assumptions "
            "(mean [95% CI over replicates]), across the worlds (median [5%, 95% of worlds]) and "
            f"the share of worlds where it is above zero.</p>{sentences}"
            f"<p>{over_worlds.frontier_sentence(found)}</p>"
            + over_worlds.table(found).to_html())


def write_report(dataset: str | Path, out: str | Path | None = None,
                 baseline: str | None = None, indicator: str = "retention_w12",
                 decompose: bool = False, worlds: int = 0) -> Path:
    """Write `report.html` and its PNG figures for a collected dataset; returns the HTML path.
    With `decompose`, a section splits each scenario's difference from the baseline into its
    knobs' effects alone and their interaction; with `worlds`, a section gives each difference
    over that many plausible worlds (both run the model: minutes for a large sweep)."""
    data = load_dataset(dataset)
    runs = data["runs"][data["runs"].status == "done"].reset_index(drop=True)
    labels = scenario_labels(runs).set_axis(runs.run)
    baseline_run = _baseline_run(runs, labels, baseline)
    out = Path(out) if out else Path(dataset) / "report"
    out.mkdir(parents=True, exist_ok=True)

    summary, weekly = data["summary"], data["weekly"]
    per_replicate = summary.groupby(["run", "replicate"])[REPORT_INDICATORS].mean()
    headline = per_replicate.groupby("run").agg(lambda s: mean_ci(s))
    headline.index = [plain(label) for label in labels[headline.index]]
    differences = paired_differences(summary, baseline_run, indicator)
    by_run = {labels[run]: part for run, part in summary.groupby("run")}
    costs = cost_table(by_run, labels[baseline_run])
    _decay_figure(weekly, runs, out / "decay_curves.png")
    _indicator_figure(differences, labels, indicator, out / f"difference_{indicator}.png")
    shown = differences.assign(scenario=[plain(label) for label in labels[differences.run]]
                               ).set_index("scenario")
    split = ""
    if decompose:
        split = ("<h2>Each difference split into its knobs alone and their interaction</h2>"
                 "<p>Each knob on which a scenario differs from the baseline, set alone on the "
                 "baseline, and set back to the baseline's value in the scenario (the loss without "
                 "it), on the same teachers; the interaction share is 1 - (sum of the knobs "
                 "alone) / (the scenario's effect) (docs/model.md, section 10).</p>"
                 + _decompositions(Path(dataset), runs, labels, baseline_run))
    if worlds:
        split += _over_worlds(Path(dataset), runs, labels, baseline_run, worlds)
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>copsim sweep report</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}table{{border-collapse:collapse;font-size:13px}}
td,th{{border:1px solid #ccc;padding:3px 6px}}</style></head><body>
<h1>Sweep report</h1><p>Dataset: {_shown_path(dataset)} ({len(runs)} complete points;
{int((data['runs'].status != 'done').sum())} not complete). Baseline: <b>{labels[baseline_run]}</b>.</p>
<h2>Paired differences against the baseline: {indicator}</h2>
<p>Each replicate of each scenario is compared with the same replicate of the baseline (same teachers,
common random numbers); interval: 95% bootstrap interval over replicates. Differences are what
the model is for: they rest less on the assumed constants than levels do.</p>
<img src="difference_{indicator}.png" width="900">{shown.drop(columns='run').to_html(float_format='%.3g')}
{split}<h2>Levels (not calibrated)</h2>
<p>Absolute levels rest on assumed constants and are not calibrated to real groups
(docs/model.md, section 10): compare scenarios, do not promise these numbers.</p>
<h3>Weekly-active share (mean, 95% band across replicates)</h3><img src="decay_curves.png" width="900">
<h3>Headline indicators (mean [95% CI] across replicates)</h3>
{headline.to_html()}
<h3>Cost and participation</h3>
<p>Per teacher invited (group sizes differ; prices in <code>costs.*</code>); an active
teacher-week is one teacher active in one week; cost per additional one against the baseline,
on the same teachers; on the frontier: no other scenario costs less and keeps its teachers
active longer (<code>simulation.cost_effectiveness</code>).</p>
{costs.to_html()}
</body></html>"""
    (out / "report.html").write_text(html)
    return out / "report.html"


def _shown_path(path: str | Path) -> str:
    """A path as a reader can use it: relative to the working folder where it lies inside it."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path.cwd()))
    except ValueError:
        return str(Path(path))


def _baseline_run(runs: pd.DataFrame, labels: pd.Series, baseline: str | None) -> int:
    if baseline is None:
        return int(runs.run.iloc[0])
    matches = [run for run, label in labels.items()
               if all(part.strip() in label.split(", ") for part in baseline.split(","))]
    if len(matches) != 1:
        raise ValueError(f"--baseline {baseline!r} matches {len(matches)} scenarios; "
                         f"choose one of: {'; '.join(labels)}")
    return int(matches[0])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="copsim-report",
        description="Write an HTML report (and PNG figures) for a dataset made by copsim-collect: "
                    "decay curves with 95% bands, headline indicators with confidence intervals, "
                    "and paired differences against a baseline scenario.")
    parser.add_argument("dataset", help="a collected dataset folder, e.g. sweeps/group_size/dataset")
    parser.add_argument("--out", help="report folder (default: DATASET/report)")
    parser.add_argument("--baseline", help="baseline scenario as key=value[,key=value], e.g. "
                        "'policy.moderator.mode=none,policy.group_size=38' (default: first run)")
    parser.add_argument("--indicator", default="retention_w12", choices=REPORT_INDICATORS,
                        help="indicator for the paired differences (default: retention_w12)")
    parser.add_argument("--decompose", action="store_true",
                        help="also split each scenario's difference from the baseline into its "
                             "knobs' effects alone, the loss without each, and their interaction "
                             "(runs the model again: minutes for a large sweep; needs the sweep "
                             "folder in place)")
    parser.add_argument("--worlds", type=int, default=0, metavar="N",
                        help="also compare each scenario with the baseline in N plausible worlds "
                             "of the assumptions, beside the replicate interval (runs the model "
                             "again; needs the sweep folder in place)")
    args = parser.parse_args(argv)
    try:
        html = write_report(args.dataset, args.out, args.baseline, args.indicator, args.decompose,
                            args.worlds)
    except (FileNotFoundError, ValueError) as exc:
        print(f"copsim-report: error: {exc}", file=sys.stderr)
        sys.exit(2)
    print(f"Report: {html}")
