"""Profile copsim with cProfile (no change to the model): where does the time go?

    .venv/bin/python experiments/benchmarks/profile_hotspots.py [--teachers 15000] [--weeks 52]
                                                                [--seeds 1] [--out DIR]

Writes to results/ (or --out): `model_<N>.prof` / `.txt` for one run of N teachers in the
benchmark's active scenario (configurations.ACTIVE, groups of 15) through `run_settings` (model
+ tables), and `sweep_<P>points.prof` / `.txt` for `copsim -m experiment=throughput
seed=range(SEEDS)` (20 points a seed) run in one process (`hydra.launcher.n_jobs=1`, so joblib
runs the jobs in this process and cProfile sees them, start-up included).
The .txt files list functions by cumulative and by own time; open a .prof with snakeviz or
`python -m pstats`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(HERE)]


def report(prof: Path, txt: Path, wall: float, title: str, limit: int = 45) -> None:
    buf = io.StringIO()
    buf.write(f"{title}\nwall time under cProfile: {wall:.2f} s\n\n")
    stats = pstats.Stats(str(prof), stream=buf)
    stats.strip_dirs()
    buf.write("=== by cumulative time ===\n")
    stats.sort_stats("cumulative").print_stats(limit)
    buf.write("=== by own (total) time ===\n")
    stats.sort_stats("tottime").print_stats(limit)
    txt.write_text(buf.getvalue())


def profile_model(teachers: int, weeks: int, out: Path) -> None:
    from configurations import ACTIVE
    from measure import model_overrides

    from simulation.config import load_settings
    from simulation.run import run_settings

    settings = load_settings(model_overrides(ACTIVE, teachers, weeks))
    prof = out / f"model_{teachers}.prof"
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(run_settings, settings)
    wall = time.perf_counter() - start
    profiler.dump_stats(prof)
    report(prof, prof.with_suffix(".txt"), wall,
           f"run_settings: {teachers} teachers (dime_recommended, groups of 15) x {weeks} weeks")


def profile_sweep(seeds: int, out: Path) -> None:
    points = 20 * seeds  # the throughput experiment's group sizes x moderator modes
    tmp = Path(tempfile.mkdtemp(prefix="copsim-profile-sweep-"))
    prof = out / f"sweep_{points}points.prof"
    code = ("import sys; from simulation.cli import main; "
            f"sys.argv = ['copsim', '-m', 'experiment=throughput', 'hydra.launcher.n_jobs=1', "
            f"'seed=range({seeds})', 'hydra.sweep.dir={tmp / 'sweep'}']; main()")
    script = tmp / "sweep_job.py"
    script.write_text(code)
    try:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), str(script)], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - start
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(prof, prof.with_suffix(".txt"), wall,
           f"copsim -m experiment=throughput, {points} points, 1 worker, in one process "
           "(interpreter start-up and imports included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teachers", type=int, default=15_000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seeds", type=int, default=1, help="seeds of the sweep (20 points each)")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--only", choices=["model", "sweep"], default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.only != "sweep":
        profile_model(args.teachers, args.weeks, args.out)
    if args.only != "model":
        profile_sweep(args.seeds, args.out)
    print(f"Profiles written to {args.out}")


if __name__ == "__main__":
    main()
