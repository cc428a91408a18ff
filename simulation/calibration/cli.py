"""`copsim-calibrate DIR [overrides]`: fit assumptions to imported groups, then ask what a policy
would change for groups like them.

Prints the fitted values with 90% credible intervals, writes the posterior, the generations and a
posterior predictive figure into `--out`, and with `--compare` runs a policy against the groups'
own over posterior draws. `--recovery N` instead runs the parameter-recovery study
(`simulation.calibration.recovery`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from simulation.calibration.fit import (DEFAULT_ASSUMPTIONS, GENERATIONS, POPULATION,
                                        SEEDS_PER_FIT, SHOWN, Fit, Observed, fit, observed,
                                        run_groups)
from simulation.chats.tables import load
from simulation import over_worlds
from simulation.config import Config, ConfigError, load_settings
from simulation.plots import plot_observed
from simulation.results import atomic_folder, atomic_write_text

PREDICTIVE_DRAWS = 100
COMPARE_DRAWS = 32
COMPARE_REPLICATES = 10
PREDICTIVE_SEEDS = SEEDS_PER_FIT // 2  # predictive runs' seeds start here within the fit's block


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="copsim-calibrate",
        description="Fit the model's assumptions to imported chat histories (a copsim-import "
                    "folder) by ABC-SMC (pyabc), with priors over their plausible ranges; print "
                    "the fitted values with 90% credible intervals, save the posterior and a "
                    "posterior predictive figure, and optionally compare a policy over "
                    "posterior draws. Overrides (population=..., policy=...) say what the "
                    "observed groups were: default policy=none in tanzania_maths.")
    p.add_argument("directory", nargs="?", type=Path, help="a copsim-import folder")
    p.add_argument("overrides", nargs="*", help="Hydra overrides describing the observed groups")
    p.add_argument("--assumptions", nargs="+", default=list(DEFAULT_ASSUMPTIONS), metavar="KEY",
                   help=f"assumptions to fit (dotted keys; default: {' '.join(DEFAULT_ASSUMPTIONS)})")
    p.add_argument("--population", type=int, default=POPULATION, metavar="N",
                   help="particles per generation (default %(default)s)")
    p.add_argument("--generations", type=int, default=GENERATIONS, metavar="G",
                   help="ABC-SMC generations (default %(default)s)")
    p.add_argument("--weeks", type=int, metavar="W", help="fit the first W weeks only")
    p.add_argument("--seed", type=int, default=0, help="seed of the fit (default 0)")
    p.add_argument("--jobs", type=int, default=-1, metavar="N",
                   help="processes to simulate on (default -1: every core; the numbers do not "
                        "depend on it)")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="where to save (default: calibrations/<import folder's name>)")
    p.add_argument("--compare", nargs="+", metavar="OVERRIDE",
                   help="a policy to compare with the groups' own, e.g. "
                        "policy.moderator.mode=rotating or policy=dime_recommended")
    p.add_argument("--draws", type=int, default=COMPARE_DRAWS, metavar="N",
                   help="posterior draws the comparison runs in (default %(default)s)")
    p.add_argument("--replicates", type=int, default=COMPARE_REPLICATES, metavar="R",
                   help="replicate groups per draw in the comparison (default %(default)s)")
    p.add_argument("--recovery", type=int, metavar="TRIALS",
                   help="instead: the parameter-recovery study with this many trials (>= 20 for "
                        "the documented check; writes --out, default recovery/)")
    p.add_argument("--groups", type=int, default=1, metavar="G",
                   help="in the recovery study: groups per trial, fitted at once (default 1)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.recovery:
            from simulation.calibration.recovery import study  # only for the recovery study
            return study(args.recovery, args.overrides if args.directory is None
                         else [str(args.directory), *args.overrides], args)
        if args.directory is None:
            raise ConfigError("give a copsim-import folder (or --recovery TRIALS)")
        events, members, about = load(args.directory)
        overrides = args.overrides or ["policy=none"]
        target = observed(events, members, about, overrides, args.weeks)
        # a bad --compare stops before the fit
        scenarios = compared(target, args.compare, args.replicates) if args.compare else None
        out = args.out or Path("calibrations") / args.directory.resolve().name
        return calibrate(target, args, out, about, scenarios)
    except (ConfigError, FileNotFoundError, ValueError) as err:
        print(f"copsim-calibrate: error: {err}", file=sys.stderr)
        return 2


def _say(message: str) -> None:
    print(f"\r  {message}".ljust(72), end="", file=sys.stderr, flush=True)


def calibrate(target: Observed, args, out: Path, about: dict,
              scenarios: tuple[Config, Config] | None) -> int:
    """Fit, print, save; then the comparison of `scenarios` (the groups' own, the compared
    one: `compared`) if given."""
    groups = about["groups"]
    print(f"Fitting {len(args.assumptions)} assumptions to {len(groups)} group(s) "
          f"({', '.join(f'{s.weeks} weeks, {g['members']} members' for s, g in zip(target.settings, groups))}): "
          f"{args.population} particles x up to {args.generations} generations, seed {args.seed}",
          flush=True)
    with atomic_folder(out) as staging:
        found = fit(target, args.assumptions, population=args.population,
                    generations=args.generations, seed=args.seed, jobs=args.jobs,
                    database=f"sqlite:///{staging / 'abc.db'}", progress=_say)
        print(f"\n  fitted in {found.seconds:.0f} s", file=sys.stderr)
        predicted = predictive(found, target, args.seed)
        lines = [fitted_text(found), "", predictive_text(predicted, target)]
        found.posterior.to_parquet(staging / "posterior.parquet", index=False)
        found.generations.to_parquet(staging / "generations.parquet", index=False)
        predicted.to_parquet(staging / "predictive.parquet", index=False)
        plot_observed(target.weekly, staging / "predictive.png", _band(predicted),
                      "Observed and fitted: weekly-active share")
        if scenarios:
            lines += ["", compare_text(found, scenarios, " ".join(args.compare), args.draws,
                                       args.seed)]
        report = "\n".join(lines)
        print(report)
        atomic_write_text(staging / "calibration.txt", report + "\n")
        atomic_write_text(staging / "calibration.json", json.dumps({
            "assumptions": found.assumptions, "bounds": found.bounds,
            "population": args.population, "generations": len(found.generations),
            "seed": args.seed, "simulations": found.evaluations, "seconds": found.seconds,
            "observed": target.statistics, "settings": [s.weeks for s in target.settings],
            "fitted": found.table().reset_index().to_dict("records")}, indent=2))
    print(f"Saved: {out} (posterior.parquet, predictive.png, calibration.txt, abc.db)")
    return 0


def fitted_text(found: Fit) -> str:
    table = found.table()
    rows = pd.DataFrame({
        "prior (plausible range)": table["prior"],
        "fitted: median [90% credible interval]":
            [f"{m:.3g} [{lo:.3g}, {hi:.3g}]" for m, lo, hi in
             zip(table["median"], table["low"], table["high"])],
        "interval / prior's 90%": table["share_of_prior"].map(lambda v: f"{v:.2f}"),
    }, index=table.index)
    return (f"{found.evaluations:,} simulations in {len(found.generations)} generations "
            f"(final epsilon {found.generations['epsilon'].iloc[-1]:.3g})."
            f"\nAn interval near the prior's (ratio near 1) means the history says little about "
            f"that assumption:\n{rows.to_string()}")


def predictive(found: Fit, target: Observed, seed: int, n: int = PREDICTIVE_DRAWS) -> pd.DataFrame:
    """The weekly-active share of each observed group simulated in `n` posterior draws, as its
    export would show it: columns draw, group, week, active_share."""
    draws = found.draws(n, seed)
    runs = run_groups(target.settings, draws.to_dict("records"),
                      seed * SEEDS_PER_FIT + PREDICTIVE_SEEDS)
    return pd.concat([table[["week", "active_share"]].assign(draw=k, group=g)
                      for k, groups in enumerate(runs) for g, (table, _) in enumerate(groups)],
                     ignore_index=True)[["draw", "group", "week", "active_share"]]


def _band(predicted: pd.DataFrame) -> pd.DataFrame:
    """Per week, over draws (and groups): 5%, median and 95% of the weekly-active share."""
    q = predicted.groupby("week")["active_share"].quantile(list(SHOWN)).unstack()
    q.columns = ["low", "median", "high"]
    return q.reset_index()


def predictive_text(predicted: pd.DataFrame, target: Observed) -> str:
    """How often the observed curve lies inside the model's 90% band."""
    band = predicted.groupby(["group", "week"])["active_share"].quantile([SHOWN[0], SHOWN[2]])
    band = band.unstack()
    seen = target.weekly.set_index(["group", "week"])["active_share"]
    inside = ((seen >= band[SHOWN[0]]) & (seen <= band[SHOWN[2]])).reindex(seen.index)
    return (f"Posterior predictive ({predicted['draw'].nunique()} draws): the observed weekly-"
            f"active share lies inside the model's 90% band in {int(inside.sum())} of "
            f"{len(inside)} group-weeks (predictive.png).")


def compared(target: Observed, change: list[str], replicates: int) -> tuple[Config, Config]:
    """The settings of the groups' own policy (the first group's) and of the policy `change`
    sets, `replicates` groups each; ConfigError names --compare for a bad change."""
    own = [*target.overrides[0], f"replicates={replicates}"]
    try:
        return load_settings(own), load_settings([*own, *change])
    except ConfigError as err:
        raise ConfigError(f"--compare: {err}") from None


def compare_text(found: Fit, scenarios: tuple[Config, Config], label: str, draws: int,
                 seed: int) -> str:
    """The compared scenario (named `label`) against the groups' own, over posterior draws, on
    the same teachers: the sentence and the table of `simulation.over_worlds`."""
    base, other = scenarios
    found_worlds = over_worlds.compare({"as observed": base, label: other}, 0,
                                       draws=found.draws(draws, seed + 1))
    indicator = over_worlds.headline(base.weeks)
    return "\n".join([
        f"For groups like yours ({draws} posterior draws x {base.replicates} replicate groups):",
        over_worlds.sentence(found_worlds, label, indicator, "posterior draws"),
        over_worlds.table(found_worlds, "posterior draws").to_string()])


if __name__ == "__main__":
    sys.exit(main())
