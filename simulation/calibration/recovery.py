"""Parameter recovery: does a fit find assumptions it was not told?

Each trial draws the fitted assumptions from their priors (the "true" values), simulates one
group with them, writes it as a WhatsApp export (`simulation.chats.exporter`), imports that file
as a user's would be (`copsim-import`'s reader and tables, through real files), fits it
(`simulation.calibration.fit`) and records whether each true value lies inside its 90% credible
interval. If the posterior is calibrated, about 90% of the intervals hold their true value
(simulation-based calibration, in its coverage form); a much lower share means the fit is
overconfident or biased, a share near 100% with intervals as wide as the prior means the
history does not identify that assumption. `copsim-calibrate --recovery 20` runs it (trials in
parallel on all cores) and writes `recovery.csv` and `recovery.txt`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from simulation.calibration.fit import fit, observed, prior_bounds
from simulation.chats.exporter import write_whatsapp
from simulation.chats.formats import read_chat
from simulation.chats.tables import build, load, new_salt, save
from simulation.config import load_settings
from simulation.results import atomic_folder, atomic_write_text
from simulation.run import run_settings
from simulation.worlds import in_world

SIZE = 38          # members of a trial's group (the Tanzania context's usual size)
WEEKS = 26
TRUTH_SEEDS = 7_000_000  # the trial groups' seeds start here (apart from the fit's seeds)
LEVEL = 0.9        # the credible interval checked


def trial(i: int, overrides: list[str], assumptions: list[str], population: int,
          generations: int, seed: int, weeks: int = WEEKS, size: int = SIZE,
          groups: int = 1) -> pd.DataFrame:
    """One trial: per assumption, the true value, the fitted median and 90% interval, whether the
    interval holds the truth and how much of the prior's range it spans. With several `groups`,
    each is its own export (the same true values, other teachers), all fitted at once."""
    own = [*overrides, f"weeks={weeks}", f"replicates={groups}", f"policy.group_size={size}"]
    base = load_settings(own)
    bounds = prior_bounds(base, assumptions)
    rng = np.random.default_rng([seed, i])
    truth = pd.Series({k: rng.uniform(lo, hi) for k, (lo, hi) in bounds.items()})
    settings = in_world(load_settings([*own, f"seed={TRUTH_SEEDS + seed * 10_000 + i}"]), truth)
    result = run_settings(settings)
    with tempfile.TemporaryDirectory() as tmp:
        salt, imported = new_salt(), []
        for g in range(groups):
            export = write_whatsapp(result.events, result.members, Path(tmp) / f"chat{g}.txt",
                                    replicate=g, seed=i)
            imported.append(build(read_chat(export)[1], salt=salt, group=g))
        save(imported, Path(tmp) / "import", {})
        events, members, about = load(Path(tmp) / "import")
    target = observed(events, members, about, overrides, weeks)
    found = fit(target, assumptions, population=population, generations=generations,
                seed=seed * 10_000 + i, jobs=1).table()  # the trials share the cores
    found["truth"] = truth.reindex(found.index)
    found["covered"] = (found["low"] <= found["truth"]) & (found["truth"] <= found["high"])
    return found.reset_index().assign(trial=i)


def run(trials: int, overrides: list[str], assumptions: list[str], population: int,
        generations: int, seed: int = 0, jobs: int = -1, weeks: int = WEEKS,
        groups: int = 1) -> pd.DataFrame:
    """All trials (in parallel over `jobs` processes): one row per trial and assumption."""
    rows = []
    for rows_of_trial in Parallel(n_jobs=jobs, return_as="generator_unordered")(
            delayed(trial)(i, overrides, assumptions, population, generations, seed, weeks,
                           SIZE, groups)
            for i in range(trials)):
        rows.append(rows_of_trial)
        print(f"\r  {len(rows)}/{trials} trials done", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return pd.concat(rows, ignore_index=True).sort_values(["trial"], kind="stable",
                                                          ignore_index=True)


def coverage(rows: pd.DataFrame) -> pd.DataFrame:
    """Per assumption: the share of trials whose 90% interval held the truth, the mean width of
    the interval as a share of the prior's 90% range (near 1: not identified), and the
    correlation across trials of the fitted median with the truth (near 0: not identified)."""
    by = rows.groupby("assumption", sort=False)
    table = by.agg(trials=("trial", "size"), covered=("covered", "mean"),
                   interval_share_of_prior=("share_of_prior", "mean"))
    table["median_truth_correlation"] = by.apply(lambda d: d["median"].corr(d["truth"]))
    return table


def study(trials: int, overrides: list[str], args) -> int:
    """`copsim-calibrate --recovery TRIALS`: run, print and save the study."""
    out = args.out or Path("recovery")
    overrides = overrides or ["policy=none"]
    groups = args.groups
    print(f"Recovery: {trials} trials of {groups} group(s) of {SIZE} over {WEEKS} weeks "
          f"({' '.join(overrides)}), {len(args.assumptions)} assumptions, {args.population} "
          f"particles x {args.generations} generations", flush=True)
    started = time.perf_counter()
    rows = run(trials, overrides, args.assumptions, args.population, args.generations, args.seed,
               groups=groups)
    table = coverage(rows)
    overall = rows["covered"].mean()
    text = (f"Share of true values inside their {LEVEL:.0%} credible interval (expected about "
            f"{LEVEL:.0%}), and the interval's width as a share of the prior's {LEVEL:.0%} "
            f"range:\n{table.round(2).to_string()}\nAll assumptions: {overall:.0%} of "
            f"{len(rows)} intervals; {time.perf_counter() - started:.0f} s.")
    print(text)
    with atomic_folder(out) as staging:
        rows.to_csv(staging / "recovery.csv", index=False)
        atomic_write_text(staging / "recovery.txt", text + "\n")
    print(f"Saved: {out}", file=sys.stderr)
    return 0
