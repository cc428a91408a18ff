"""`copsim-validate`: run every validation experiment, print the table, write docs/validation.md.

Each (experiment, scenario, base seed) is one simulation job; jobs run on all cores. A pattern
passes when every check passes on every base seed (two by default: the result must not depend
on the seed); a check that only describes (`describe`) is reported, never counted as a pass.
Exit status: 0 if no pattern fails (known failures count as failures), 1 if any fails, 2 for
bad input. The format is `simulation.validation.experiments`, the tests
`simulation.validation.checks`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path


from simulation.config import ConfigError
from simulation.validation import sensitivity
from simulation.validation.checks import evaluate_rows, pattern_verdicts, table, verdict_line
from simulation.validation.experiments import EXPERIMENTS_DIR, Experiment, load_experiments

DOCS = EXPERIMENTS_DIR.parent.parent / "docs"
KEEP = ("weekly", "members", "summary", "events")


def _simulate(overrides: tuple[str, ...], keep: tuple[str, ...]) -> dict:
    from simulation.run import simulate  # the model: in the workers, not the main process

    result = simulate(list(overrides))
    return {k: getattr(result, k) for k in keep}


class _Tables:
    """The parts of a RunResult the checks read (what crosses the process boundary)."""

    def __init__(self, tables: dict) -> None:
        self.__dict__.update(tables)


def run_pool(tasks: dict, jobs: int, progress=print, keep: tuple[str, ...] = KEEP) -> dict:
    """Simulate {key: overrides} on `jobs` processes; returns {key: tables} (the RunResult
    tables named in `keep`), with a progress line (done/total, time left) per simulation."""
    done_tables = {}
    start = time.monotonic()
    spawn = multiprocessing.get_context("spawn")  # fork is unsafe once pyarrow has threads
    with ProcessPoolExecutor(max_workers=jobs, mp_context=spawn) as pool:
        futures = {pool.submit(_simulate, overrides, keep): key for key, overrides in tasks.items()}
        for done, future in enumerate(as_completed(futures), 1):
            key = futures[future]
            done_tables[key] = _Tables(future.result())
            elapsed = time.monotonic() - start
            left = elapsed / done * (len(tasks) - done)
            progress(f"[{done}/{len(tasks)}] {' '.join(map(str, key))} "
                     f"({elapsed:.0f} s, ~{left:.0f} s left)")
    return done_tables


def run_all(experiments: list[Experiment], seeds: list[int], jobs: int,
            replicates: int | None = None, progress=print) -> dict:
    """Simulate every scenario of every experiment for every seed, on `jobs` processes.
    Returns {(pattern, seed): {scenario: tables}}."""
    tasks = {(e.pattern, seed, name): (*e.base, *overrides,
                                       f"replicates={replicates or e.replicates}",
                                       f"weeks={e.weeks}", "progress=false", f"seed={seed}")
             for e in experiments for seed in seeds for name, overrides in e.scenarios.items()}
    results: dict = {}
    for (pattern, seed, name), tables in run_pool(tasks, jobs, progress).items():
        results.setdefault((pattern, seed), {})[name] = tables
    return results


def run_sensitivity(jobs: int, progress=print) -> dict:
    """The conclusions of `simulation.validation.sensitivity` in its plausible worlds."""
    tasks = {(world, name): overrides for world, name, overrides in sensitivity.tasks()}
    late = {key: sensitivity.late_active(t)
            for key, t in run_pool(tasks, jobs, progress, keep=("weekly",)).items()}
    return sensitivity.conclusions(late)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="copsim-validate",
        description="Run the validation experiments (experiments/validation/*.yaml): one per "
                    "evidence pattern (E1-E19 from the sources, X3-X4 from the wider literature), each over replicates with common random numbers "
                    "and on every base seed. Prints a table and writes docs/validation.md with "
                    "one figure per pattern.")
    parser.add_argument("--only", nargs="+", metavar="PATTERN",
                        help="run only these patterns, e.g. --only E3 E14")
    parser.add_argument("--fast", action="store_true",
                        help="only the experiments marked 'fast: true' (what the test suite runs)")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1], metavar="SEED",
                        help="base seeds; a pattern must pass on each (default: 0 1)")
    parser.add_argument("--replicates", type=int, metavar="N",
                        help="replicates per scenario instead of each experiment's own")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="processes to run simulations on (default: all cores)")
    parser.add_argument("--experiments", type=Path, default=EXPERIMENTS_DIR, metavar="DIR",
                        help="folder of experiment files (default: experiments/validation)")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="report to write, with figures in images/validation/ beside it "
                             "(default: docs/validation.md, and only when every experiment runs: "
                             "--only and --fast print the table unless --out is given)")
    parser.add_argument("--sensitivity", action="store_true",
                        help=f"also recompute six policy conclusions in {sensitivity.WORLDS} "
                             "plausible worlds of the assumptions and name the assumptions that "
                             "drive each (about ten more minutes; goes in the report)")
    parser.add_argument("--no-report", action="store_true",
                        help="print the table only; write no files")
    args = parser.parse_args(argv)
    try:
        if args.replicates is not None and args.replicates < 10:
            raise ConfigError(f"--replicates {args.replicates}: paired tests need at least 10")
        if args.jobs < 1:
            raise ConfigError(f"--jobs {args.jobs}: must be at least 1")
        experiments = load_experiments(args.experiments, args.only, args.fast)
        if not experiments:
            raise ConfigError("no experiment selected (is any marked 'fast: true'?)")
    except ConfigError as err:
        print(f"copsim-validate: {err}", file=sys.stderr)
        return 2
    say = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    say(f"copsim-validate: {len(experiments)} patterns x {len(args.seeds)} seeds on "
        f"{args.jobs} processes")
    start = time.monotonic()
    results = run_all(experiments, args.seeds, args.jobs, args.replicates, say)
    rows = evaluate_rows(experiments, args.seeds, results)
    moved = run_sensitivity(args.jobs, say) if args.sensitivity else None
    print(table(rows, args.seeds))
    print("\n" + verdict_line(pattern_verdicts(rows), args.seeds))
    failed = [p for p, v in pattern_verdicts(rows).items() if v == "fail"]
    if moved is not None:
        print(f"\nThe conclusions over {sensitivity.WORLDS} plausible worlds (effect on the "
              "weekly-active share in weeks 13-26 vs no support, percentage points):\n"
              + sensitivity.summary(moved))
    partial = bool(args.only or args.fast)
    if args.out is None and not partial:
        args.out = DOCS / "validation.md"
    if args.out is not None and not args.no_report:
        from simulation.validation.report import write_report  # matplotlib: only for a report

        write_report(args.out, experiments, rows, results, args.seeds,
                     seconds=time.monotonic() - start, replicates=args.replicates,
                     sensitivity_found=moved)
        print(f"wrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
