"""copsim benchmark suite: speed and memory of the model, against references run in the same process.

Run from the repository root:

    .venv/bin/python experiments/benchmarks/run_benchmarks.py            # full (~7-15 min on 2 cores)
    .venv/bin/python experiments/benchmarks/run_benchmarks.py --quick    # smaller sweep, fewer repeats

Every figure is the median of several repeats with min and max: wall-clock time is noisy on a
shared machine, so ratios are taken against references (a plain Mesa model, a numpy loop) that
run in the same process, interleaved with the model. Nothing here asserts on wall-clock time:
targets are reported with a pass/fail column. Results go to `results/benchmarks.json` and
`results/benchmarks.md` (or `--out DIR`). See README.md beside this file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

import mesa
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from simulation.config import compose_config, load_settings  # noqa: E402
from simulation.model import CommunityModel  # noqa: E402
from simulation.run import run_settings, simulate  # noqa: E402

GROUP = 15  # teachers per group in every size benchmark
# (teachers, weeks): the horizons were chosen when a measurement took 1-5 s (now 0.05-0.3 s) and
# are kept so that runs stay comparable; 15,000 teachers also for a year (the default horizon, as
# a programme runs), where the build is amortised and the livelier early weeks weigh less.
SIZES = ((15, 52), (150, 52), (1_500, 26), (15_000, 8), (15_000, 52), (150_000, 4))
QUICK_SIZES = ((15, 26), (150, 26), (1_500, 8), (15_000, 4), (15_000, 52), (150_000, 2))
GIB = 1024**3
TARGET_TEACHERS = 500_000
DASHBOARD = ["population=tanzania_maths", "policy=dime_recommended", "policy.group_size=38",
             "replicates=20", "weeks=52", "progress=false"]


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
def stats(values: list[float]) -> dict:
    """Median, min, max and the raw values of repeated measurements."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values), "values": values}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def size_overrides(teachers: int, weeks: int) -> list[str]:
    return [f"groups={max(1, teachers // GROUP)}", f"policy.group_size={GROUP}",
            "policy.closed_membership=true", "replicates=1", f"weeks={weeks}", "progress=false"]


def processor() -> str:
    """The CPU's name and its per-core L2 cache, where Linux tells them: the numpy reference's four
    arrays at 15,000 teachers (480 KB) run at the speed of an L2 of 512 KB or more, while the
    model is bound by its computations, so the model/numpy ratio depends on the CPU as well as
    on the code."""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        name = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                    if line.startswith("model name"))
    except (OSError, StopIteration):
        name = platform.processor() or "CPU unknown"
    try:
        l2 = Path("/sys/devices/system/cpu/cpu0/cache/index2/size").read_text().strip()
    except OSError:
        return name
    return f"{name}, L2 {l2}"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


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


def calibrate_days(fn, n: int, target_s: float, max_days: int = 364) -> int:
    """Days that make `fn(n, days)` take about `target_s` (from a short probe)."""
    probe = max(1, min(max_days, 7))
    t = timed(lambda: fn(n, probe))
    per_day = max(t / probe, 1e-7)
    return int(max(1, min(max_days, target_s / per_day)))


# ---------------------------------------------------------------------------------------------
# 1-2. Teacher-days per second, model and references, interleaved
# ---------------------------------------------------------------------------------------------
def bench_sizes(quick: bool, tables_timeout: float) -> list[dict]:
    rows = []
    for n, weeks in QUICK_SIZES if quick else SIZES:
        repeats = (2 if quick else 5) if n < 150_000 else (1 if quick else 2)
        settings = load_settings(size_overrides(n, weeks))
        teacher_days = n * weeks * 7
        ref_days = {
            "plain_mesa": calibrate_days(plain_mesa, n, 0.7 if quick else 1.5),
            "numpy": calibrate_days(numpy_limit, n, 0.3 if quick else 1.0, max_days=100_000),
        }
        times = {"model_only": [], "model_tables": [], "plain_mesa": [], "numpy": []}
        build = []
        tables_in_process = n < 150_000
        for _ in range(repeats):
            # interleaved so that load on the shared machine hits all of them alike
            t0 = time.perf_counter()
            model = CommunityModel(settings)
            build.append(time.perf_counter() - t0)
            model.run()
            times["model_only"].append(time.perf_counter() - t0)
            del model
            if tables_in_process:
                times["model_tables"].append(timed(lambda: run_settings(settings)))
            times["plain_mesa"].append(timed(lambda: plain_mesa(n, ref_days["plain_mesa"])))
            times["numpy"].append(timed(lambda: numpy_limit(n, ref_days["numpy"])))
        note = ""
        if not tables_in_process:  # large: one run, bounded, in a subprocess
            t = tables_subprocess(n, weeks, tables_timeout)
            if t is None:
                note = f"model + tables did not finish within {tables_timeout:.0f} s"
            else:
                times["model_tables"].append(t)
                note = "model + tables: 1 run in a subprocess (includes ~2 s of start-up)"
        row = {"teachers": n, "groups": n // GROUP, "weeks": weeks, "repeats": repeats,
               "build_s": stats(build), "note": note, "reference_days": ref_days}
        for key, values in times.items():
            if not values:
                row[key] = None
                continue
            days = weeks * 7 if key in ("model_only", "model_tables") else ref_days[key]
            row[key] = {"seconds": stats(values),
                        "teacher_days_per_s": stats([n * days / v for v in values])}
        med = {k: row[k]["teacher_days_per_s"]["median"] if row[k] else None for k in times}
        steps = [m - b for m, b in zip(times["model_only"], build)]
        row["model_stepping"] = {"seconds": stats(steps),
                                 "teacher_days_per_s": stats([teacher_days / v for v in steps])}
        row["ratio_model_vs_mesa"] = med["model_only"] / med["plain_mesa"]
        row["ratio_model_vs_numpy"] = med["model_only"] / med["numpy"]
        if med["model_tables"]:
            row["ratio_tables_vs_mesa"] = med["model_tables"] / med["plain_mesa"]
            row["ratio_tables_vs_numpy"] = med["model_tables"] / med["numpy"]
        rows.append(row)
        log(f"{n:>7} teachers x {weeks} weeks ({teacher_days:,} teacher-days): "
            f"model {fmt_rate(med['model_only'])}/s, +tables {fmt_rate(med['model_tables'])}/s, "
            f"mesa {fmt_rate(med['plain_mesa'])}/s, numpy {fmt_rate(med['numpy'])}/s")
    return rows


TABLES_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from simulation.config import load_settings
from simulation.run import run_settings
s = load_settings({overrides!r})
t = time.perf_counter(); run_settings(s); print(time.perf_counter() - t)
"""


def child_output(template: str, n: int, weeks: int, timeout: float) -> str | None:
    """Run a measurement in a fresh Python process; its last printed line, or None on timeout."""
    code = template.format(root=str(ROOT), overrides=size_overrides(n, weeks))
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return out.stdout.strip().splitlines()[-1]


def tables_subprocess(n: int, weeks: int, timeout: float) -> float | None:
    line = child_output(TABLES_CHILD, n, weeks, timeout)
    return None if line is None else float(line)


# ---------------------------------------------------------------------------------------------
# Table building cost vs groups (to extrapolate summary_table to 500,000 teachers)
# ---------------------------------------------------------------------------------------------
def bench_table_scaling(quick: bool) -> dict:
    """Seconds of the tables (run_settings minus the model) at a few group counts, and a power fit."""
    from simulation.metrics import events_table, members_table, summary_table, weekly_table
    points = {}
    for n in (1_500, 6_000) if quick else (1_500, 6_000, 15_000):
        settings = load_settings(size_overrides(n, 4))
        model = CommunityModel(settings)
        model.run()

        def tables():
            weekly = weekly_table(model)
            members = members_table(model)
            events_table(model)
            summary_table(model, weekly, members)
        points[n // GROUP] = statistics.median(timed(tables) for _ in range(2))
    g = np.array(list(points)), np.array(list(points.values()))
    slope, intercept = np.polyfit(np.log(g[0]), np.log(g[1]), 1)
    return {"seconds_by_groups": points, "exponent": float(slope),
            "coefficient": float(np.exp(intercept))}


# ---------------------------------------------------------------------------------------------
# 3. Memory
# ---------------------------------------------------------------------------------------------
MEMORY_CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from simulation.config import load_settings
from simulation.model import CommunityModel
from simulation.metrics import events_table, members_table, weekly_table

def kib(field):  # VmRSS: resident now; VmHWM: peak resident so far (both from /proc)
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024

s = load_settings({overrides!r})
base = kib("VmRSS")
t = time.perf_counter(); model = CommunityModel(s); built = time.perf_counter() - t
after_build = kib("VmHWM")
model.run(); ran = time.perf_counter() - t
after_run = kib("VmHWM")
weekly_table(model); members_table(model); events_table(model)
after_tables = kib("VmHWM")
print(json.dumps(dict(base=base, after_build=after_build, after_run=after_run,
                      after_tables=after_tables, build_s=built, model_s=ran,
                      events=int(model.board.events.size))))
"""


def memory_subprocess(n: int, weeks: int, timeout: float) -> dict | None:
    line = child_output(MEMORY_CHILD, n, weeks, timeout)
    if line is None:
        return None
    r = json.loads(line)
    r.update(teachers=n, weeks=weeks,
             bytes_per_teacher_model=(r["after_run"] - r["base"]) / n,
             bytes_per_teacher_tables=(r["after_tables"] - r["base"]) / n)
    return r


def bytes_per_teacher_object(n: int = 15_000) -> dict:
    """tracemalloc: the model build per teacher (agents are created on first use), and Teacher
    objects alone (as `model.teachers` creates them)."""
    from simulation.agents import Teacher
    settings = load_settings(size_overrides(n, 1))
    tracemalloc.start()
    model = CommunityModel(settings)
    whole, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    extra = [Teacher(model, i) for i in range(n)]  # objects + Mesa's registration of them
    agents, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del extra, model
    return {"teachers": n, "model_build_bytes_per_teacher": whole / n,
            "teacher_object_bytes": agents / n}


def bench_memory(quick: bool, timeout: float) -> dict:
    out = {"per_object": bytes_per_teacher_object()}
    weeks = 8 if quick else 52
    for n in (15_000, 150_000):
        log(f"memory: {n} teachers x {weeks} weeks in a fresh subprocess")
        out[str(n)] = memory_subprocess(n, weeks, timeout)
    return out


# ---------------------------------------------------------------------------------------------
# 500,000 teachers for 52 weeks: try (model only) in a subprocess with a timeout
# ---------------------------------------------------------------------------------------------
def bench_500k(timeout: float) -> dict | None:
    log(f"500,000 teachers x 52 weeks, model only, subprocess, timeout {timeout:.0f} s")
    start = time.perf_counter()
    r = memory_subprocess(TARGET_TEACHERS, 52, timeout)
    if r is None:
        return {"finished": False, "timeout_s": timeout}
    r.update(finished=True, wall_s=time.perf_counter() - start)
    return r


# ---------------------------------------------------------------------------------------------
# 4. Sweep throughput
# ---------------------------------------------------------------------------------------------
def throughput_point() -> tuple[list[str], float]:
    """The throughput experiment's point without its swept seed (overrides that run the same
    work), and the group-years of one point; read from configs/experiment/throughput.yaml."""
    cfg = compose_config(["experiment=throughput"], return_hydra_config=True)
    fixed = [f"{key}={value}" for key, value in cfg.hydra.sweeper.params.items() if key != "seed"]
    overrides = [*fixed, f"replicates={cfg.replicates}", f"groups={cfg.groups}",
                 f"weeks={cfg.weeks}", "progress=false"]
    return overrides, cfg.replicates * cfg.groups * cfg.weeks / 52


def time_sweep(points: int, workers: int, points_per_job: int | str) -> float:
    """Seconds for one `copsim -m experiment=throughput` run, start to exit, into a fresh folder."""
    copsim = Path(sys.executable).with_name("copsim")
    command = [str(copsim), "-m", "experiment=throughput", f"hydra.launcher.n_jobs={workers}",
               f"hydra.sweeper.points_per_job={points_per_job}"]
    if points != 200:
        command.append(f"seed=range({points})")
    # The console script imports the installed package: put this checkout first (workers inherit it).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    tmp = Path(tempfile.mkdtemp(prefix="copsim-bench-sweep-"))
    try:
        t = time.perf_counter()
        subprocess.run([*command, f"hydra.sweep.dir={tmp / 'sweep'}"], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - t
        done = sum(1 for p in (tmp / "sweep").iterdir() if (p / "result").is_dir())
        if done != points:
            raise RuntimeError(f"sweep produced {done} points, expected {points}")
        return seconds
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_sweeps(points: int, repeats: int) -> list[dict]:
    """1 worker, 2 workers, and 2 workers with one point per job, `repeats` rounds of the three
    in turn: the machine's speed drifts within minutes, so each ratio compares neighbours."""
    runs = {(1, "auto"): [], (2, "auto"): [], (2, 1): []}
    for round_ in range(repeats):
        for (workers, points_per_job), times in runs.items():
            log(f"sweep: {points} points, {workers} worker(s), points_per_job={points_per_job}"
                f" (round {round_ + 1}/{repeats})")
            times.append(time_sweep(points, workers, points_per_job))
    group_years = points * throughput_point()[1]
    return [{"points": points, "workers": workers, "points_per_job": points_per_job,
             "group_years": group_years, "seconds": stats(times),
             "points_per_s": stats([points / t for t in times]),
             "group_years_per_s": stats([group_years / t for t in times])}
            for (workers, points_per_job), times in runs.items()]


# What two cores give right now: on a shared virtual machine a second process does not always get
# a whole core, so the sweep's 2-worker speed-up is read against this ceiling, measured beside it.
CEILING_CHILD = """
import sys; sys.path.insert(0, {root!r})
from simulation.config import load_settings
from simulation.run import run_settings
for seed in range(12):  # twelve sweep points' work (the throughput experiment's runs), ~3 s
    run_settings(load_settings([*{point!r}, f"seed={{seed}}"]))
"""


def bench_parallel_ceiling() -> float:
    """2 x (one process's time) / (time for two at once): 2.0 on two free cores."""
    code = CEILING_CHILD.format(root=str(ROOT), point=throughput_point()[0])

    def wall(copies: int) -> float:
        t = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(copies)]
        if any(p.wait() for p in procs):
            raise RuntimeError("the parallel-ceiling child failed")
        return time.perf_counter() - t

    return 2 * wall(1) / wall(2)


# ---------------------------------------------------------------------------------------------
# 5. Dashboard latency
# ---------------------------------------------------------------------------------------------
def bench_dashboard(repeats: int) -> dict:
    simulate(DASHBOARD)  # warm-up: imports, Hydra initialisation
    return {"overrides": DASHBOARD, "seconds": stats([timed(lambda: simulate(DASHBOARD))
                                                      for _ in range(repeats)])}


# ---------------------------------------------------------------------------------------------
# Targets and output
# ---------------------------------------------------------------------------------------------
def fmt_rate(x: float | None) -> str:
    if x is None:
        return "-"
    for unit, scale in (("M", 1e6), ("k", 1e3)):
        if x >= scale:
            return f"{x / scale:.2f}{unit}"
    return f"{x:.0f}"


def fmt_stat(s: dict | None, f=fmt_rate) -> str:
    if not s:
        return "-"
    return f"{f(s['median'])} [{f(s['min'])}-{f(s['max'])}]"


def targets(res: dict) -> list[dict]:
    rows = []
    at = {}  # the first (shortest) run of each size
    for r in res["sizes"]:
        at.setdefault(r["teachers"], r)
    r15k = at[15_000]
    year = next((r for r in res["sizes"] if r["teachers"] == 15_000 and r["weeks"] == 52), None)
    rows.append(dict(target="model only >= 10x plain Mesa teacher-days/s at 15,000 teachers",
                     value=f"{r15k['ratio_model_vs_mesa']:.1f}x",
                     ok=r15k["ratio_model_vs_mesa"] >= 10))
    if "ratio_tables_vs_mesa" in r15k:
        rows.append(dict(target="model + tables >= 10x plain Mesa at 15,000 teachers",
                         value=f"{r15k['ratio_tables_vs_mesa']:.1f}x",
                         ok=r15k["ratio_tables_vs_mesa"] >= 10))
    rows.append(dict(target="model only >= 1/20 of the numpy limit at 15,000 teachers",
                     value=f"1/{1 / r15k['ratio_model_vs_numpy']:.1f}",
                     ok=r15k["ratio_model_vs_numpy"] >= 1 / 20))
    if "ratio_tables_vs_numpy" in r15k:
        rows.append(dict(target="model + tables >= 1/20 of the numpy limit at 15,000 teachers",
                         value=f"1/{1 / r15k['ratio_tables_vs_numpy']:.1f}",
                         ok=r15k["ratio_tables_vs_numpy"] >= 1 / 20))
    if year is not None:
        rows.append(dict(target="the same two, model only, 15,000 teachers x 52 weeks (build amortised)",
                         value=f"{year['ratio_model_vs_mesa']:.1f}x Mesa, "
                               f"1/{1 / year['ratio_model_vs_numpy']:.1f} numpy",
                         ok=year["ratio_model_vs_mesa"] >= 10
                         and year["ratio_model_vs_numpy"] >= 1 / 20))

    # 500,000 teachers x 52 weeks
    td = TARGET_TEACHERS * 52 * 7
    big = at[150_000]
    ext_model = td / big["model_only"]["teacher_days_per_s"]["median"]
    scaling = res.get("table_scaling")
    ext_tables = None
    if scaling:
        ext_tables = scaling["coefficient"] * (TARGET_TEACHERS / GROUP) ** scaling["exponent"]
        ext_tables *= 52 / 4  # the weekly table grows with weeks (upper bound: linear)
    actual = res.get("run_500k") or {}
    if actual.get("finished"):
        model_s, how = actual["model_s"], "measured (model only)"
    else:
        model_s, how = ext_model, "extrapolated from 150,000 (model only)"
    rows.append(dict(target="500,000 teachers x 52 weeks, model only, < 10 min",
                     value=f"{model_s:.0f} s, {how}", ok=model_s < 600))
    if ext_tables is not None:
        total = model_s + ext_tables
        rows.append(dict(
            target="500,000 teachers x 52 weeks, model + tables, < 10 min",
            value=f"~{total:,.0f} s, extrapolated (tables ~ groups^{scaling['exponent']:.2f})",
            ok=total < 600))
    mem = res["memory"]
    if actual.get("finished"):
        peak, how = actual["after_tables"], "measured (model + weekly/members/events tables)"
    elif mem.get("150000"):
        m = mem["150000"]
        peak = m["base"] + m["bytes_per_teacher_tables"] * TARGET_TEACHERS * 52 / m["weeks"]
        how = f"extrapolated linearly from 150,000 x {m['weeks']} weeks"
    else:
        peak, how = None, "not measured"
    if peak is not None:
        rows.append(dict(target="500,000 teachers x 52 weeks, peak resident size < 4 GiB",
                         value=f"{peak / GIB:.2f} GiB, {how}", ok=peak < 4 * GIB))

    d = res["dashboard"]["seconds"]["median"]
    rows.append(dict(target="dashboard scenario (20 replicates x 38 teachers x 52 weeks) < 1 s",
                     value=f"{d:.2f} s", ok=d < 1))
    sweeps = {s["workers"]: s for s in res["sweep"] if s["points_per_job"] == "auto"}
    if 2 in sweeps:
        gy = sweeps[2]["group_years_per_s"]["median"]
        rows.append(dict(target="1,000 group-years of sweep < 60 s with 2 workers",
                         value=f"{1000 / gy:.0f} s"
                         + ("" if sweeps[2]["points"] == 200 else
                            f" (from {sweeps[2]['points']} points)"),
                         ok=1000 / gy < 60))
    if 1 in sweeps and 2 in sweeps:
        # Each round's 1-worker time over the 2-worker time right after it: neighbours see the
        # same machine, while its speed drifts between rounds.
        speedup = stats([one / two for one, two in zip(sweeps[1]["seconds"]["values"],
                                                        sweeps[2]["seconds"]["values"])])
        ceiling = res.get("parallel_ceiling")
        context = (f" (two independent model processes: {ceiling['min']:.2f}-{ceiling['max']:.2f}x"
                   " before/after)" if ceiling else "")
        rows.append(dict(target="sweep: 2 workers >= 1.7x one worker",
                         value=f"{fmt_stat(speedup, lambda x: f'{x:.2f}x')} over "
                               f"{speedup['n']} rounds{context}",
                         ok=speedup["median"] >= 1.7))
    return rows


def markdown(res: dict) -> str:
    lines = [f"Measured {res['meta']['date']} on {res['meta']['machine']} "
             f"({'quick' if res['meta']['quick'] else 'full'} mode). "
             "Cells: median [min-max] of the repeats.", "",
             "### Teacher-days per second (groups of 15, one replicate)", "",
             "| teachers | weeks | model only | model + tables | plain Mesa | numpy | "
             "model/Mesa | model/numpy | (model+tables)/Mesa | model stepping only |",
             "|---:|---:|---|---|---|---|---:|---:|---:|---|"]
    for r in res["sizes"]:
        tps = {k: r[k]["teacher_days_per_s"] if r[k] else None
               for k in ("model_only", "model_tables", "plain_mesa", "numpy")}
        lines.append(
            f"| {r['teachers']:,} | {r['weeks']} | {fmt_stat(tps['model_only'])} | "
            f"{fmt_stat(tps['model_tables'])} | {fmt_stat(tps['plain_mesa'])} | "
            f"{fmt_stat(tps['numpy'])} | {r['ratio_model_vs_mesa']:.1f}x | "
            f"1/{1 / r['ratio_model_vs_numpy']:.0f} | "
            + (f"{r['ratio_tables_vs_mesa']:.2f}x |" if "ratio_tables_vs_mesa" in r else "- |")
            + f" {fmt_stat(r['model_stepping']['teacher_days_per_s'])} |")
    notes = [f"{r['teachers']:,}: {r['note']}" for r in res["sizes"] if r["note"]]
    if notes:
        lines += ["", *[f"- {n}" for n in notes]]
    lines += ["", "Model-only time includes building the model (the population); 'stepping only' "
              "leaves the build out. Build seconds (median): " + ", ".join(
                  f"{n:,}: {s:.2f}" for n, s in {r["teachers"]: r["build_s"]["median"]
                                                 for r in res["sizes"]}.items()) + "."]
    ts = res.get("table_scaling")
    if ts:
        lines += ["", "Tables (weekly+members+events+summary, 4 weeks) vs groups: "
                  + ", ".join(f"{g:,} groups {s:.2f} s" for g, s in ts["seconds_by_groups"].items())
                  + f" -> grows as groups^{ts['exponent']:.2f}."]
    mem = res["memory"]
    lines += ["", "### Memory", "", "| run | peak RSS | per teacher (model) | "
              "per teacher (+ tables) | model s |", "|---|---:|---:|---:|---:|"]
    for key in ("15000", "150000"):
        m = mem.get(key)
        if m:
            lines.append(f"| {int(key):,} x {m['weeks']} weeks | {m['after_tables'] / 2**20:,.0f} MiB | "
                         f"{m['bytes_per_teacher_model']:,.0f} B | "
                         f"{m['bytes_per_teacher_tables']:,.0f} B | {m['model_s']:.1f} |")
    big = res.get("run_500k")
    if big and big.get("finished"):
        lines.append(f"| 500,000 x 52 weeks | {big['after_tables'] / 2**20:,.0f} MiB | "
                     f"{big['bytes_per_teacher_model']:,.0f} B | "
                     f"{big['bytes_per_teacher_tables']:,.0f} B | {big['model_s']:.1f} |")
    po = mem["per_object"]
    lines += ["", f"tracemalloc: building the model costs {po['model_build_bytes_per_teacher']:,.0f} B "
              f"per teacher; Teacher agents are created on first use of `model.teachers` or "
              f"`model.agents`, {po['teacher_object_bytes']:,.0f} B each (with Mesa's registration)."]
    lines += ["", "### Sweep (`copsim -m experiment=throughput`) and dashboard", "",
              "| what | seconds | points/s | group-years/s |", "|---|---|---|---|"]
    for s in res["sweep"]:
        batching = ", one point per job" if s["points_per_job"] == 1 else ""
        lines.append(f"| {s['points']} points, {s['workers']} worker(s){batching} | "
                     f"{fmt_stat(s['seconds'], lambda x: f'{x:.1f}')} | "
                     f"{fmt_stat(s['points_per_s'], lambda x: f'{x:.2f}')} | "
                     f"{fmt_stat(s['group_years_per_s'], lambda x: f'{x:.1f}')} |")
    if "parallel_ceiling" in res:
        lines.append("| two cores right now: 2 x (one process) / (two at once), 12 sweep points' work "
                     f"each, before and after the sweeps | {fmt_stat(res['parallel_ceiling'], lambda x: f'{x:.2f}x')} | | |")
    d = res["dashboard"]["seconds"]
    lines.append(f"| dashboard scenario (simulate, 20 x 38 teachers x 52 weeks) | "
                 f"{fmt_stat(d, lambda x: f'{x:.2f}')} | | |")
    lines += ["", "### Targets", "", "| target | measured | pass |", "|---|---|---|"]
    for t in res["targets"]:
        lines.append(f"| {t['target']} | {t['value']} | {'PASS' if t['ok'] else 'FAIL'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=textwrap.dedent(__doc__.split("\n\n")[0]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent("""\
            Sections: teacher-days/s of the model (alone, and with its tables) at 15..150,000
            teachers beside a plain Mesa model and a numpy loop; memory per teacher (fresh
            subprocesses); 500,000 teachers x 52 weeks (subprocess with a timeout, else
            extrapolated); sweep throughput with 1 and 2 workers (and 2 workers with one point
            per Hydra job), beside what two cores give right now (one process vs two at once);
            dashboard latency.
            --quick: 20-point sweep, fewer weeks and repeats (~5 min); full: 200-point sweep."""))
    parser.add_argument("--quick", action="store_true", help="smaller, faster version (~5 min)")
    parser.add_argument("--out", type=Path, default=HERE / "results",
                        help="folder for benchmarks.json and benchmarks.md (default: %(default)s)")
    parser.add_argument("--skip", nargs="*", default=[], metavar="SECTION",
                        choices=["sweep", "500k", "memory", "scaling"],
                        help="leave out slow sections: sweep, 500k, memory, scaling")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds allowed to each subprocess run (default 120 quick, 420 full)")
    args = parser.parse_args(argv)
    quick = args.quick
    timeout = args.timeout or (120.0 if quick else 420.0)

    res: dict = {"meta": {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores ({processor()}), "
                   f"Python {platform.python_version()}, Mesa {mesa.__version__}, numpy {np.__version__}",
        "load_average_start": os.getloadavg(),
        "quick": quick}}
    log("dashboard latency")
    res["dashboard"] = bench_dashboard(3 if quick else 5)
    log("teacher-days per second")
    res["sizes"] = bench_sizes(quick, tables_timeout=timeout)
    if "scaling" not in args.skip:
        log("table-building cost vs number of groups")
        res["table_scaling"] = bench_table_scaling(quick)
    if "memory" not in args.skip:
        res["memory"] = bench_memory(quick, timeout)
    else:
        res["memory"] = {"per_object": bytes_per_teacher_object()}
    if "500k" not in args.skip and not quick:
        res["run_500k"] = bench_500k(timeout)
    res["sweep"] = []
    if "sweep" not in args.skip:
        points = 20 if quick else 200
        ceilings = [bench_parallel_ceiling()]
        # The default batching (up to 10 points per Hydra job), then one point per job: the
        # difference is what Hydra's per-job costs take from a sweep of small points.
        res["sweep"] = bench_sweeps(points, repeats=3)
        ceilings.append(bench_parallel_ceiling())
        res["parallel_ceiling"] = stats(ceilings)  # before and after the sweeps
    res["meta"]["load_average_end"] = os.getloadavg()
    res["meta"]["peak_rss_this_process_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    res["targets"] = targets(res)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "benchmarks.json").write_text(json.dumps(res, indent=2, default=str))
    md = markdown(res)
    (args.out / "benchmarks.md").write_text(md)
    print(md)
    print(f"Written: {args.out / 'benchmarks.json'}, {args.out / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
