"""The benchmark's measurements: plain functions that return seconds, rates and bytes.

References run beside what they are compared with: a plain Mesa model and a numpy update of the
same number of teachers (interleaved with the model, repeat by repeat), and what two cores give
right now (one process, then two at once). Runs whose peak memory matters run in a fresh process
(`in_fresh_process`), whose peak resident size (VmHWM) comes back with the result.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import mesa
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = Path(__file__).resolve().parent / "results" / "scratch"  # sweeps run here, then go

from simulation.config import load_settings, updated  # noqa: E402  (ROOT on sys.path: run_benchmarks)
from simulation.model import CommunityModel  # noqa: E402
from simulation.run import run_batch, simulate_many  # noqa: E402


def stats(values: list[float]) -> dict:
    """Median, min, max and the raw values of repeated measurements."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values), "values": list(values)}


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------
class PlainAgent(mesa.Agent):
    """The floor of per-agent Python: four floats updated in `step()`."""

    def __init__(self, model: mesa.Model, rng: np.random.Generator) -> None:
        super().__init__(model)
        self.motivation, self.trust, self.workload, self.belonging = rng.random(4).tolist()

    def step(self) -> None:
        self.motivation = min(1.0, max(0.0, 0.99 * self.motivation + 0.01 * self.trust))
        self.trust = min(1.0, max(0.0, 0.98 * self.trust + 0.02 * self.belonging))
        self.workload = min(1.0, max(0.0, 0.95 * self.workload + 0.05 * 0.5))
        self.belonging = min(1.0, max(0.0, 0.99 * self.belonging + 0.01 * self.motivation))


class PlainModel(mesa.Model):
    def __init__(self, n: int) -> None:
        super().__init__(rng=0)
        rng = np.random.default_rng(0)
        for _ in range(n):
            PlainAgent(self, rng)

    def step(self) -> None:
        self.agents.shuffle_do("step")


def plain_mesa(n: int, days: int) -> None:
    model = PlainModel(n)
    for _ in range(days):
        model.step()


def numpy_limit(n: int, days: int) -> None:
    """The same four states updated with whole-array numpy operations."""
    rng = np.random.default_rng(0)
    motivation, trust, workload, belonging = (rng.random(n) for _ in range(4))
    for _ in range(days):
        motivation *= 0.99
        motivation += 0.01 * trust
        np.clip(motivation, 0.0, 1.0, out=motivation)
        trust *= 0.98
        trust += 0.02 * belonging
        np.clip(trust, 0.0, 1.0, out=trust)
        workload *= 0.95
        workload += 0.025
        np.clip(workload, 0.0, 1.0, out=workload)
        belonging *= 0.99
        belonging += 0.01 * motivation
        np.clip(belonging, 0.0, 1.0, out=belonging)


def calibrate_days(fn: Callable[[int, int], None], n: int, target_s: float,
                   max_days: int = 364) -> int:
    """Days that make `fn(n, days)` take about `target_s` (from a short probe)."""
    probe = max(1, min(max_days, 7))
    per_day = max(timed(lambda: fn(n, probe)) / probe, 1e-7)
    return int(max(1, min(max_days, target_s / per_day)))


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------
def model_overrides(scenario: list[str], teachers: int, weeks: int, group: int = 15) -> list[str]:
    return [*scenario, f"policy.group_size={group}", f"replicates={max(1, teachers // group)}",
            f"weeks={weeks}", "progress=false"]


def model_rates(scenario: list[str], teachers: int, weeks: int, repeats: int) -> dict:
    """Teacher-days per second (founders x days) of the model (build and run, no tables), of a
    plain Mesa model and of the numpy update, interleaved repeat by repeat."""
    settings = load_settings(model_overrides(scenario, teachers, weeks))
    ref_days = {"plain_mesa": calibrate_days(plain_mesa, teachers, 1.0),
                "numpy": calibrate_days(numpy_limit, teachers, 0.5, max_days=100_000)}
    seconds = {"model": [], "plain_mesa": [], "numpy": []}
    for _ in range(repeats):
        seconds["model"].append(timed(lambda: CommunityModel(settings).run()))
        seconds["plain_mesa"].append(timed(lambda: plain_mesa(teachers, ref_days["plain_mesa"])))
        seconds["numpy"].append(timed(lambda: numpy_limit(teachers, ref_days["numpy"])))
    days = {"model": weeks * 7, **ref_days}
    rates = {k: [teachers * days[k] / s for s in v] for k, v in seconds.items()}

    def ratio(reference: str) -> dict:  # each repeat against its neighbours: the speed drifts
        return stats([m / r for m, r in zip(rates["model"], rates[reference])])

    return {"teachers": teachers, "weeks": weeks, "repeats": repeats, "reference_days": ref_days,
            "seconds": {k: stats(v) for k, v in seconds.items()},
            "teacher_days_per_s": {k: stats(v) for k, v in rates.items()},
            "model_vs_mesa": ratio("plain_mesa"), "model_vs_numpy": ratio("numpy")}


# ---------------------------------------------------------------------------------------------
# Sweeps through the command
# ---------------------------------------------------------------------------------------------
def sweep_seconds(arguments: list[str], workers: int) -> tuple[float, int]:
    """Seconds of one `copsim -m ...` from start to exit into a fresh folder, and the points it
    completed. The folder is made where a user's sweep goes, in the project (`SCRATCH`), not in
    the system's temporary folder: on some machines (this one) files are created there several
    times slower (~0.5 ms against ~0.15 ms), and a sweep creates ~10 files a point."""
    copsim = Path(sys.executable).with_name("copsim")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(  # this checkout, for the workers too
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    SCRATCH.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="copsim-bench-sweep-", dir=SCRATCH))
    try:
        start = time.perf_counter()
        subprocess.run([str(copsim), "-m", *arguments, f"hydra.launcher.n_jobs={workers}",
                        f"hydra.sweep.dir={folder / 'sweep'}"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        done = sum(1 for p in (folder / "sweep").iterdir() if (p / "result").is_dir())
        return seconds, done
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_with_peak(arguments: list[str], workers: int) -> dict:
    """`sweep_seconds` in a fresh process tree, with the largest resident size of any of its
    processes (the command and its workers: RUSAGE_CHILDREN of a child that waits for them)."""
    return in_fresh_process(_sweep_child, arguments, workers)


def _sweep_child(arguments: list[str], workers: int) -> dict:
    import resource

    seconds, done = sweep_seconds(arguments, workers)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"seconds": seconds, "points": done, "peak_bytes": peak}


def batch_rate(points: list[dict], teachers: int) -> float:
    """Teacher-days per second of one model holding a sweep's first points (values on top of
    the throughput experiment's settings) up to about `teachers` founders: the same policies as
    the sweep, without Hydra, files or start-up."""
    base = load_settings(["experiment=throughput"])
    settings, founders = [], 0
    for values in points:
        settings.append(updated(base, values))
        founders += settings[-1].replicates * settings[-1].policy.group_size
        if founders >= teachers:
            break
    seconds = timed(lambda: CommunityModel(settings).run())
    return founders * base.weeks * 7 / seconds


def parallel_ceiling(scenario: list[str]) -> float:
    """What two cores give right now: 2 x (one process's time) / (time for two at once), each
    process running ~2 s of the model."""
    def wall(copies: int) -> float:
        ctx = multiprocessing.get_context("spawn")
        procs = [ctx.Process(target=_ceiling_child, args=(scenario,)) for _ in range(copies)]
        start = time.perf_counter()
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        if any(p.exitcode for p in procs):
            raise RuntimeError("a parallel-ceiling process failed")
        return time.perf_counter() - start

    return 2 * wall(1) / wall(2)


def _ceiling_child(scenario: list[str]) -> None:
    settings = load_settings(model_overrides(scenario, 15_000, 26))
    CommunityModel(settings).run()


# ---------------------------------------------------------------------------------------------
# The dashboard and national scale
# ---------------------------------------------------------------------------------------------
def dashboard_seconds(run: list[str], scenarios: list[list[str]], repeats: int) -> dict:
    """Server time of one batch of the dashboard's scenarios (settings composed beforehand, as
    the dashboard's controls have them)."""
    settings = [load_settings([*run, *s]) for s in scenarios]
    run_batch(settings)  # warm-up
    return stats([timed(lambda: run_batch(settings)) for _ in range(repeats)])


def national(teachers: int, weeks: int, scenario: list[str]) -> dict:
    """`simulate_many` of `teachers` in the active scenario in a fresh process: seconds, peak
    resident size with every table in memory, and the number of events."""
    return in_fresh_process(_national_child, teachers, weeks, scenario)


def _national_child(teachers: int, weeks: int, scenario: list[str]) -> dict:
    start = time.perf_counter()
    (result,) = simulate_many([model_overrides(scenario, teachers, weeks)])
    return {"teachers": teachers, "weeks": weeks, "seconds": time.perf_counter() - start,
            "events": len(result.events), "members": len(result.members)}


def in_fresh_process(fn: Callable, *args) -> dict:
    """`fn(*args)` (a module-level function returning a dict) in a new Python process, with its
    peak resident size added as `peak_bytes` unless `fn` reports one."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(_with_peak, (fn, args))


def _with_peak(fn: Callable, args: tuple) -> dict:
    result = fn(*args)
    if "peak_bytes" not in result:
        with open("/proc/self/status") as status:
            hwm = next(line for line in status if line.startswith("VmHWM:"))
        result["peak_bytes"] = int(hwm.split()[1]) * 1024
    return result
