"""copsim benchmark: speed and memory of the model, sweeps, the dashboard and national scale.

Run from the repository root:

    .venv/bin/python experiments/benchmarks/run_benchmarks.py            # full (~20-25 min on 2 cores)
    .venv/bin/python experiments/benchmarks/run_benchmarks.py --quick    # smaller sizes (~3 min)

Sizes and targets are data (`configurations.py`), the measurements plain functions
(`measure.py`), the table apart (`report.py`). Every figure is a median over repeats, and every
target a ratio against a reference measured in the same process or minute, or a bound a user
waits for; nothing here asserts on wall-clock time. Results go to `results/benchmarks.json` and
`results/benchmarks.md` (or `--out DIR`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]  # this checkout's code, and the modules beside this file

import mesa  # noqa: E402
import numpy as np  # noqa: E402

import configurations as c  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402

SECTIONS = ("model", "sweep", "design", "dashboard", "national")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def processor() -> str:
    """The CPU's name and its per-core L2 cache, where Linux tells them."""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        name = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                    if line.startswith("model name"))
    except (OSError, StopIteration):
        name = platform.processor() or "CPU unknown"
    try:
        return f"{name}, L2 {Path('/sys/devices/system/cpu/cpu0/cache/index2/size').read_text().strip()}"
    except OSError:
        return name


def bench_model(mode: str) -> list[dict]:
    rows = []
    for teachers, weeks in c.MODEL_SIZES[mode]:
        log(f"model: {teachers:,} teachers x {weeks} weeks, beside plain Mesa and numpy")
        rows.append(measure.model_rates(c.ACTIVE, teachers, weeks, c.MODEL_REPEATS[mode]))
    return rows


def bench_sweep(mode: str) -> dict:
    """The throughput experiment with 1 and 2 workers, round by round, beside one large model of
    the sweep's policy and what two cores give, both measured in each round."""
    points = c.SWEEP_POINTS[mode]
    arguments = ["experiment=throughput"] + ([] if points == 1_000 else
                                             [f"seed=range({points // 20})"])
    teacher_days = points * 20 * 5 * 52 * 7  # mean group size 20, 5 replicates, 52 weeks
    seconds = {"1": [], "2": []}
    model_rates, ceilings = [], []
    for round_ in range(c.SWEEP_ROUNDS[mode]):
        for workers in ("1", "2"):
            log(f"sweep: {points} points, {workers} worker(s) (round {round_ + 1})")
            s, done = measure.sweep_seconds(arguments, int(workers))
            if done != points:
                raise RuntimeError(f"the sweep completed {done} of {points} points")
            seconds[workers].append(s)
        log("sweep: one large model of the sweep's points, and two cores' ceiling")
        model_rates.append(measure.batch_rate(c.sweep_points(), 15_000))
        ceilings.append(measure.parallel_ceiling(c.ACTIVE))
    rates = {w: [teacher_days / s for s in v] for w, v in seconds.items()}
    speed_up = [one / two for one, two in zip(seconds["1"], seconds["2"])]
    stats = measure.stats
    return {"points": points, "teacher_days": teacher_days,
            "seconds": {w: stats(v) for w, v in seconds.items()},
            "rates": {w: stats(v) for w, v in rates.items()},
            "one_worker_rate": stats(rates["1"]), "model_rate": stats(model_rates),
            "vs_model": stats([r / m for r, m in zip(rates["1"], model_rates)]),
            "speed_up": stats(speed_up), "ceiling": stats(ceilings),
            "two_workers_vs_ceiling": stats([s / x for s, x in zip(speed_up, ceilings)])}


def bench_design(mode: str) -> dict:
    points = c.DESIGN[mode]
    log(f"design: {points:,} points x 10 replicates x 38 teachers x 52 weeks, 2 workers")
    result = measure.sweep_with_peak([f"seed=range({points})", *c.DESIGN_OVERRIDES], 2)
    if result["points"] != points:
        raise RuntimeError(f"the design completed {result['points']} of {points} points")
    return result


def bench_dashboard(mode: str) -> dict:
    repeats = c.DASHBOARD_REPEATS[mode]
    log("dashboard: Explore and Compare batches")
    return {"scenarios": {"explore": len(c.EXPLORE), "compare": len(c.COMPARE)},
            "explore": measure.dashboard_seconds(c.DASHBOARD_RUN, c.EXPLORE, repeats),
            "compare": measure.dashboard_seconds(c.DASHBOARD_RUN, c.COMPARE, repeats)}


def bench_national(mode: str) -> dict:
    teachers = c.NATIONAL[mode]
    log(f"national: {teachers:,} teachers x {c.NATIONAL_WEEKS} weeks in a fresh process")
    return measure.national(teachers, c.NATIONAL_WEEKS, c.ACTIVE)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    parser.add_argument("--skip", nargs="*", default=[], choices=SECTIONS, metavar="SECTION",
                        help=f"leave out sections: {', '.join(SECTIONS)}")
    parser.add_argument("--out", type=Path, default=HERE / "results",
                        help="folder for benchmarks.json and benchmarks.md (default: %(default)s)")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    res: dict = {"meta": {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores ({processor()}), Python "
                   f"{platform.python_version()}, Mesa {mesa.__version__}, numpy {np.__version__}",
        "load_average_start": os.getloadavg(), "mode": mode}}
    benches = {"model": bench_model, "dashboard": bench_dashboard, "national": bench_national,
               "sweep": bench_sweep, "design": bench_design}
    for name, bench in benches.items():
        if name not in args.skip:
            res[name] = bench(mode)
    res.setdefault("model", [])
    res["meta"]["load_average_end"] = os.getloadavg()
    res["targets"] = report.targets(res)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "benchmarks.json").write_text(json.dumps(res, indent=2, default=str))
    table = report.markdown(res)
    (args.out / "benchmarks.md").write_text(table)
    print(table)
    print(f"Written: {args.out / 'benchmarks.json'}, {args.out / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
