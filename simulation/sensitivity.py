"""Global sensitivity analysis: which assumptions decide a policy's effect (`copsim-sensitivity`).

    copsim-sensitivity morris                  # screen every assumption: 10 Morris trajectories
    copsim-sensitivity sobol --screening sweeps/sensitivity/tanzania_maths_morris   # its top 8
    copsim-sensitivity morris population=kenya_kplay hydra/launcher=submitit_slurm

Each point of a design is a world (`simulation.worlds`: SALib's Morris or Sobol sample of the
assumptions over their plausible ranges). The command runs the baseline and the policy in every
world as one sweep (`copsim -m ... world=range(0,K) policy=BASELINE,POLICY`), so it runs on any
launcher and a second run of the same command resumes it; it collects the sweep's dataset
(`copsim-collect`) and computes, for three outputs,
- the baseline's level and the policy's level of the indicator (default: the weekly-active share
  at the latest of weeks 26, 12, 4 the run reaches), each the mean over replicates, and
- the policy's effect: the policy minus the baseline, on the same teachers in the same world,
Morris' mu* (mean absolute elementary effect, with its 95% bootstrap interval) and sigma, or
Sobol's first- and total-order indices with their 95% intervals (SALib). It writes
`sensitivity.csv` (tidy), `sensitivity.md` (a table per output, most influential first, and a
sentence naming the three assumptions that matter most for the effect) and `sensitivity.png`
(bars with intervals) into the output folder.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis

from simulation.config import Config, ConfigError, load_settings
from simulation.indicators import INDICATOR
from simulation.worlds import MORRIS_LEVELS, problem, sample

METHODS = {"morris": 10, "sobol": 512}  # method: default size (trajectories, base samples)
TOP = 8          # assumptions a Sobol analysis takes from a Morris screening
SHOWN = 15       # assumptions per output in the chart
OUTPUTS = ("effect", "baseline", "policy")
# Keys that name the design, not a point: kept out of the points' folder names.
DESIGN_KEYS = ("worlds", "worlds_seed", "worlds_design", "worlds_keys")
EXCLUDED = ("experiment", "progress", "sweep_points", *DESIGN_KEYS)


def morris(found: dict, x: np.ndarray, y: np.ndarray, seed: int = 0) -> pd.DataFrame:
    """Morris indices of output `y` over the design `x` (`worlds.sample`): per assumption mu*,
    its 95% interval half-width and sigma, most influential first."""
    s = morris_analysis.analyze(found, x, y, num_levels=MORRIS_LEVELS, seed=seed)
    table = pd.DataFrame({"mu_star": s["mu_star"], "mu_star_conf": s["mu_star_conf"],
                          "sigma": s["sigma"]}, index=pd.Index(found["names"], name="assumption"))
    return table.sort_values("mu_star", ascending=False)


def sobol(found: dict, y: np.ndarray, seed: int = 0) -> pd.DataFrame:
    """First- and total-order Sobol indices of output `y` over a Sobol design (Saltelli's
    scheme without second order), with their 95% interval half-widths, largest total first."""
    s = sobol_analysis.analyze(found, y, calc_second_order=False, seed=seed)
    table = pd.DataFrame({"S1": s["S1"], "S1_conf": s["S1_conf"], "ST": s["ST"],
                          "ST_conf": s["ST_conf"]}, index=pd.Index(found["names"], name="assumption"))
    return table.sort_values("ST", ascending=False)


def outputs(dataset: Path, baseline: str, policy: str, column: str, worlds: int) -> pd.DataFrame:
    """Per world (rows 0..worlds-1): the baseline's and the policy's mean of `column` over
    replicates, and the effect (their per-replicate difference, averaged). Raises ValueError
    naming the worlds a sweep has not finished."""
    from simulation.collect import load_dataset  # reads Parquet: only where a dataset is read

    data = load_dataset(dataset)
    runs = data["runs"][data["runs"].status == "done"]
    summary = data["summary"].merge(runs[["run", "world", "policy"]], on="run")
    means = summary.groupby(["policy", "world", "replicate"])[column].mean()
    found = {name: means.xs(name, level="policy").groupby("world").mean()
             for name in (baseline, policy)}
    found["effect"] = (means.xs(policy, level="policy") - means.xs(baseline, level="policy")
                       ).groupby("world").mean()
    table = pd.DataFrame({"effect": found["effect"], "baseline": found[baseline],
                          "policy": found[policy]}).reindex(range(worlds))
    missing = table.index[table.isna().any(axis=1)]
    if len(missing):
        raise ValueError(f"{len(missing)} of {worlds} worlds have no result (first: world "
                         f"{missing[0]}): run the same command again to finish the sweep")
    return table


def analyse(method: str, found: dict, x: np.ndarray, y: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Every output's indices, as one tidy table: output, assumption, index, value, conf."""
    parts = []
    for output in OUTPUTS:
        values = y[output].to_numpy()
        table = morris(found, x, values, seed) if method == "morris" else sobol(found, values, seed)
        indices = ["mu_star", "sigma"] if method == "morris" else ["S1", "ST"]
        for index in indices:
            conf = table.get(f"{index}_conf", pd.Series(np.nan, index=table.index))
            parts.append(pd.DataFrame({"output": output, "assumption": table.index, "index": index,
                                       "value": table[index].to_numpy(),
                                       "conf": conf.to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def ranking(indices: pd.DataFrame, output: str = "effect") -> list[str]:
    """The assumptions, most influential on `output` first (by mu*, or by total order)."""
    main = "mu_star" if "mu_star" in set(indices["index"]) else "ST"
    part = indices[(indices.output == output) & (indices["index"] == main)]
    return list(part.sort_values("value", ascending=False).assumption)


def markdown(indices: pd.DataFrame, method: str, policy: str, baseline: str, label: str,
             worlds: int) -> str:
    """The tables of `sensitivity.md`, a sentence first."""
    top = ranking(indices)[:3]
    lines = [f"# Sensitivity: {policy} against {baseline} ({method}, {worlds} worlds)", "",
             f"The assumptions that matter most for the effect of {policy} on \"{label}\", most "
             f"first: {', '.join(f'`{k}`' for k in top)}.", ""]
    names = {"effect": f"effect ({policy} - {baseline})", "baseline": f"{baseline} (level)",
             "policy": f"{policy} (level)"}
    for output in OUTPUTS:
        wide = (indices[indices.output == output]
                .pivot(index="assumption", columns="index", values=["value", "conf"]))
        order = ranking(indices, output)
        lines += [f"## {names[output]}", ""]
        if method == "morris":
            lines += ["| assumption | mu* [95% CI] | sigma |", "|---|---:|---:|"]
            for key in order:
                v, c = wide.loc[key, "value"], wide.loc[key, "conf"]
                lines.append(f"| `{key}` | {v.mu_star:.3g} [±{c.mu_star:.2g}] | {v.sigma:.3g} |")
        else:
            lines += ["| assumption | first order [95% CI] | total order [95% CI] |",
                      "|---|---:|---:|"]
            for key in order:
                v, c = wide.loc[key, "value"], wide.loc[key, "conf"]
                lines.append(f"| `{key}` | {v.S1:.2f} [±{c.S1:.2f}] | {v.ST:.2f} [±{c.ST:.2f}] |")
        lines.append("")
    return "\n".join(lines)


def chart(indices: pd.DataFrame, path: Path, policy: str, baseline: str) -> Path:
    """Bars of the main index per output (most influential `SHOWN`), with 95% intervals."""
    import matplotlib  # plots: only where the chart is drawn

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # after choosing the file-only backend

    main = "mu_star" if "mu_star" in set(indices["index"]) else "ST"
    fig, axes = plt.subplots(1, len(OUTPUTS), figsize=(15, 0.3 * SHOWN + 1.8))
    titles = {"effect": f"effect ({policy} - {baseline})", "baseline": baseline, "policy": policy}
    for ax, output in zip(axes, OUTPUTS):
        part = indices[(indices.output == output) & (indices["index"] == main)]
        part = part.sort_values("value", ascending=False).head(SHOWN)[::-1]
        ax.barh(part.assumption.str.replace("behaviour.", "", regex=False), part.value,
                xerr=part.conf.fillna(0), color="#4c72b0")
        ax.set(title=titles[output], xlabel={"mu_star": "mu* (Morris)", "ST": "total order (Sobol)"}[main])
        ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def sweep_command(args, found: dict, worlds: int) -> list[str]:
    """The `copsim -m` command of the design's sweep."""
    copsim = str(Path(sys.executable).parent / "copsim")
    keys = ",".join(args.keys)  # none: every assumption
    # the policy first: Hydra varies the last key fastest, and a job takes consecutive points of
    # one structure (one policy), so the worlds of a policy share jobs and models
    return [copsim, "-m", *args.overrides, f"policy={args.baseline},{args.policy}",
            f"worlds={args.size}", f"worlds_seed={args.seed}", f"worlds_design={args.method}",
            f"worlds_keys=[{keys}]", f"world=range(0,{worlds})",
            f"hydra.sweep.dir={args.out / 'sweep'}",
            f"hydra.job.config.override_dirname.exclude_keys=[{','.join(EXCLUDED)}]"]


def run(args, settings: Config) -> Path:
    """Run (or resume) the design's sweep, collect it, analyse it and write the three files;
    `settings` are the baseline's (they give the assumptions' ranges and the weeks)."""
    from simulation.collect import collect  # the sweep's dataset: only when a design runs

    if args.screening:
        args.keys = ranking(pd.read_csv(args.screening / "sensitivity.csv"))[:args.top]
    found = problem(settings, args.keys)
    x = sample(found, args.size, args.seed, args.method)
    print(f"copsim-sensitivity: {args.method}, {found['num_vars']} assumptions, {len(x)} worlds "
          f"x 2 policies; sweep in {args.out / 'sweep'}", flush=True)
    done = subprocess.run(sweep_command(args, found, len(x)))
    if done.returncode not in (0, 1):  # 1: some points failed, the others are kept
        raise RuntimeError(f"the sweep stopped (exit {done.returncode}); run the same command "
                           "again to resume it")
    dataset = collect(args.out / "sweep")
    column = args.indicator or f"retention_w{next(w for w in (26, 12, 4) if w <= settings.weeks)}"
    y = outputs(dataset, args.baseline, args.policy, column, len(x))
    indices = analyse(args.method, found, x, y, args.seed)
    indices.to_csv(args.out / "sensitivity.csv", index=False)
    label = INDICATOR[column].label if column in INDICATOR else column
    (args.out / "sensitivity.md").write_text(
        markdown(indices, args.method, args.policy, args.baseline, label, len(x)))
    chart(indices, args.out / "sensitivity.png", args.policy, args.baseline)
    return args.out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="copsim-sensitivity",
        description="Global sensitivity analysis with SALib: which assumptions decide a policy's "
                    "effect. Runs the baseline and the policy in every world of a Morris or Sobol "
                    "design as one sweep (any launcher; run the same command again to resume), "
                    "then writes sensitivity.csv, sensitivity.md and sensitivity.png.",
        epilog="Example: copsim-sensitivity morris weeks=26 replicates=10, then "
               "copsim-sensitivity sobol --screening sweeps/sensitivity/tanzania_maths_morris "
               "weeks=26 replicates=10")
    parser.add_argument("method", choices=list(METHODS),
                        help="morris: screen every assumption; sobol: first- and total-order "
                             "indices of a few (--keys or --screening)")
    parser.add_argument("overrides", nargs="*", metavar="OVERRIDE",
                        help="copsim settings for every run, e.g. population=kenya_kplay "
                             "weeks=26 replicates=10 hydra/launcher=submitit_slurm")
    parser.add_argument("--policy", default="dime_recommended",
                        help="the policy whose effect is analysed (default: dime_recommended)")
    parser.add_argument("--baseline", default="none", help="what it is compared with (default: none)")
    parser.add_argument("--size", type=int,
                        help="Morris trajectories (default 10) or Sobol base samples, a power of "
                             "2 (default 512)")
    parser.add_argument("--keys", type=lambda text: text.split(","), default=[],
                        help="the assumptions to vary, comma-separated dotted keys (default: all "
                             "for morris)")
    parser.add_argument("--screening", type=Path, metavar="DIR",
                        help="a Morris output folder: vary its --top most influential assumptions "
                             "on the effect")
    parser.add_argument("--top", type=int, default=TOP,
                        help=f"how many assumptions --screening passes on (default {TOP})")
    parser.add_argument("--seed", type=int, default=0, help="the design's seed (default 0)")
    parser.add_argument("--indicator", choices=sorted(INDICATOR),
                        help="the summary indicator analysed (default: the active share at "
                             "week 26, or the latest of 12 and 4 the run reaches)")
    parser.add_argument("--out", type=Path,
                        help="output folder (default: sweeps/sensitivity/<population>_<method>)")
    args = parser.parse_intermixed_args(argv)  # settings may come before or after options
    args.size = args.size or METHODS[args.method]
    try:
        if args.method == "sobol" and not (args.keys or args.screening):
            raise ConfigError("sobol: name the assumptions: --keys K1,K2,... or --screening "
                              "MORRIS_FOLDER (its top 8)")
        if args.screening and not (args.screening / "sensitivity.csv").is_file():
            raise ConfigError(f"--screening {args.screening}: no sensitivity.csv there (run "
                              "copsim-sensitivity morris first)")
        settings = load_settings([*args.overrides, f"policy={args.baseline}"])
        load_settings([*args.overrides, f"policy={args.policy}"])
        if args.out is None:
            args.out = Path("sweeps/sensitivity") / f"{settings.population.name}_{args.method}"
        args.out.mkdir(parents=True, exist_ok=True)
        out = run(args, settings)
    except (ConfigError, ValueError, RuntimeError) as exc:
        print(f"copsim-sensitivity: error: {exc}", file=sys.stderr)
        sys.exit(2)
    print(f"Wrote {out / 'sensitivity.md'}, sensitivity.csv and sensitivity.png")
    print((out / "sensitivity.md").read_text().splitlines()[2])
