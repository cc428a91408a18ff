"""Sweeps: every parameter point runs with all its replicates in a folder of its own.

A Hydra multirun job runs one point, or several: copsim's sweeper
(`hydra_plugins.copsim_sweeper`) gives consecutive points that differ only in values (`seed=3`,
`policy.group_size=15`) to one job, `hydra.sweeper.points_per_job` at a time. The job's own point
is its overrides; the others ride along as the values they change (`+sweep_points=[['seed=1'],
...]`), and `job_points` turns them back into configs and folders exactly like those of points
run one per job. Each Hydra job
costs tenths of a second (the launcher pickles Hydra's state, the worker re-scans its plugins and
sends the job's configs back), as much as a small point's whole run: batching is what lets a
second worker double a sweep of small points.

Each point's folder is named by its overrides (`hydra.job.override_dirname`), so re-running the
same sweep into the same `hydra.sweep.dir` finds the points already done: a point whose
`result/` verifies against its manifest is skipped, so an interrupted sweep resumes. A point that
fails writes `error.txt` and the sweep goes on; `SweepSummary` lists failures at the end and the
command exits non-zero. Seeds do not depend on the point unless `seed` itself is swept (see
`simulation.population`), so every point sees the same teachers and the numbers do not depend
on the launcher or worker count.
"""

from __future__ import annotations

import copy
import os
import re
import sys
import time
import traceback
from pathlib import Path

from hydra._internal.config_loader_impl import ConfigLoaderImpl, get_overrides_dirname
from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf, open_dict

from simulation.config import ConfigError, validate, yaml_text
from simulation.results import atomic_write_text, verify

RESULT = "result"
ERROR = "error.txt"
TOTAL_ENV = "COPSIM_SWEEP_TOTAL"
START_ENV = "COPSIM_SWEEP_START"
PROGRESS = ".progress"  # in the sweep folder: one byte per point finished in this run
SWEEP_POINTS = "sweep_points"  # the app key that carries a job's further points
MAX_POINTS_PER_JOB = 10  # `auto` batches up to this many points in one job
JOBS_PER_CORE = 4  # ... while leaving at least this many jobs per core, for balance


def point_status(point_dir: Path) -> str:
    """`done` (verified result), `failed` (error recorded), or `pending`."""
    if not verify(point_dir / RESULT):
        return "done"
    if (point_dir / ERROR).exists():
        return "failed"
    return "pending"


def run_point(cfg: DictConfig, point_dir: Path, label: str) -> str:
    """Run one sweep point unless its result is already complete; never raises for the point."""
    from simulation.run import run_settings  # here: a sweep's main process runs no model

    if point_status(point_dir) == "done":
        status = "skipped (already complete)"
    else:
        try:
            result = run_settings(validate(cfg))
            result.save(point_dir / RESULT)
            (point_dir / ERROR).unlink(missing_ok=True)
            status = "done"
        except Exception:  # a failing point is recorded, the sweep goes on
            atomic_write_text(point_dir / ERROR, traceback.format_exc())
            status = "FAILED"
    _report_progress(point_dir.parent, label, status)
    return status


def points_per_job(setting: int | str, points: int, cores: int | None = None) -> int:
    """How many points one job runs: `setting` if a number; `auto`: up to 10, while keeping at
    least 4 jobs per core of this machine (a cluster launcher's user sets a number)."""
    if setting == "auto":
        cores = cores or os.cpu_count() or 1
        return max(1, min(MAX_POINTS_PER_JOB, points // (JOBS_PER_CORE * cores)))
    if isinstance(setting, int) and not isinstance(setting, bool) and setting >= 1:
        return setting
    raise ConfigError(f"hydra.sweeper.points_per_job={setting!r}: must be a whole number >= 1 "
                     "or auto")


def job_overrides(points: list[list[str]]) -> list[str]:
    """One job's overrides: its first point's, then what each other point changes in them, as
    `+sweep_points=[['seed=1'], ['seed=2'], ...]`."""
    first, *others = points
    if not others:
        return list(first)
    changes = ([o for o in point if o not in first] for point in others)
    encoded = ",".join("[" + ",".join(map(_quoted, change)) + "]" for change in changes)
    return [*first, f"+{SWEEP_POINTS}=[{encoded}]"]


def _quoted(text: str) -> str:
    """`text` as a quoted string of Hydra's override grammar: quotes escaped, and backslashes
    where they precede a quote (the end of the string included)."""
    escaped = re.sub(r"(\\*)'", lambda m: m.group(1) * 2 + "\\'", text)
    escaped = re.sub(r"(\\+)$", lambda m: m.group(1) * 2, escaped)
    return f"'{escaped}'"


def job_points(cfg: DictConfig, hydra_cfg: DictConfig) -> list[tuple[DictConfig, Path, str]]:
    """The (config, folder, label) of each point a job runs: its own, then any in `sweep_points`.

    The sweeper batches only points with the same structure and plain values on the same keys,
    so another point's config is the job's with that point's differing values assigned. Each
    batched point gets the `.hydra/` files Hydra writes for a job, so it reads as if it had run
    alone (`copsim-collect` reads its `overrides.yaml`)."""
    if SWEEP_POINTS not in cfg:
        return [(cfg, Path(hydra_cfg.runtime.output_dir), hydra_cfg.job.override_dirname)]
    changes = OmegaConf.to_container(cfg[SWEEP_POINTS], resolve=False)
    base = copy.deepcopy(cfg)
    with open_dict(base):
        del base[SWEEP_POINTS]
    parser = OverridesParser.create()
    own = [o for o in parser.parse_overrides(list(hydra_cfg.overrides.task))
           if o.key_or_group != SWEEP_POINTS]
    names = hydra_cfg.job.config.override_dirname
    # The job's Hydra config as plain data, once: each point changes three of its values.
    hydra_part = OmegaConf.to_container(hydra_cfg, resolve=False, enum_to_str=True)
    points = []
    for change in [[], *changes]:
        values = parser.parse_overrides(change)
        point = copy.deepcopy(base)
        ConfigLoaderImpl._apply_overrides_to_config(values, point)
        changed = {o.key_or_group: o for o in values}
        task = [changed.get(o.key_or_group, o) for o in own]  # the point's overrides, in order
        dirname = get_overrides_dirname(overrides=task, exclude_keys=list(names.exclude_keys),
                                        item_sep=names.item_sep, kv_sep=names.kv_sep)
        folder = Path(os.path.abspath(os.path.join(str(hydra_cfg.sweep.dir), dirname)))
        _write_hydra_files(point, hydra_part, [o.input_line for o in task], dirname, folder)
        points.append((point, folder, dirname))
    return points


def _write_hydra_files(cfg: DictConfig, hydra_part: dict, task: list[str], dirname: str,
                       folder: Path) -> None:
    """The `config.yaml`, `hydra.yaml` and `overrides.yaml` Hydra would write for this point
    (`hydra_part`: the job's Hydra config as plain data, updated in place for each point)."""
    if hydra_part["output_subdir"] is None:
        return
    hydra_part["overrides"]["task"] = task
    hydra_part["job"]["override_dirname"] = dirname
    hydra_part["runtime"]["output_dir"] = str(folder)
    texts = {"config.yaml": OmegaConf.to_yaml(cfg), "hydra.yaml": yaml_text({"hydra": hydra_part}),
             "overrides.yaml": yaml_text(task)}
    (folder / hydra_part["output_subdir"]).mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        atomic_write_text(folder / hydra_part["output_subdir"] / name, text)


def start_progress(sweep_dir: Path) -> None:
    """Count this run's finished points from zero (copsim's sweeper, before launching)."""
    sweep_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(sweep_dir / PROGRESS, "")


def _report_progress(sweep_dir: Path, label: str, status: str) -> None:
    total = int(os.environ.get(TOTAL_ENV, "0"))
    # Every finished point (done, skipped or failed), whichever process ran it, appends one
    # byte: the count is the file's size. Looking into every point's folder after each point
    # grew with the square of the sweep (14 ms a point at 1,000 points).
    with open(sweep_dir / PROGRESS, "ab") as counter:
        counter.write(b".")
        counter.flush()
        finished = os.fstat(counter.fileno()).st_size
    finished = min(finished, total) if total else finished  # a sweeper that does not reset it
    line = f"[sweep] {finished}/{total or '?'} points"
    start = float(os.environ.get(START_ENV, "0"))
    if start and total:
        elapsed = time.time() - start
        left = elapsed / max(finished, 1) * (total - finished)
        line += f", {elapsed:.0f}s elapsed, ~{left:.0f}s left"
    print(f"{line}  {label}: {status}", flush=True)


def fixed_overrides(overrides: list[str]) -> list[str]:
    """The overrides of a multirun command line that are not sweeps (`a=1,2` or `range(...)`)."""
    parsed = OverridesParser.create().parse_overrides(overrides)
    return [o.input_line for o in parsed if not o.is_sweep_override()]


def count_points(overrides: list[str], params: dict) -> int:
    """How many points a multirun expands to: the command line's sweeps and the config's
    `hydra.sweeper.params` (for progress)."""
    parser = OverridesParser.create()
    from_config = [f"{key}={value}" for key, value in (params or {}).items()]
    batches = BasicSweeper.split_arguments(parser.parse_overrides([*from_config, *overrides]), None)
    return len(batches[0]) if batches else 1


def prepare_progress(total: int) -> None:
    """Tell the workers (through the environment they inherit) the total and the start time."""
    os.environ[TOTAL_ENV] = str(total)
    os.environ[START_ENV] = str(time.time())


class SweepSummary(Callback):
    """At the end of a multirun: count done, skipped and failed points; exit 1 on failures."""

    def on_multirun_end(self, config: DictConfig, **kwargs) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        (sweep_dir / PROGRESS).unlink(missing_ok=True)
        points = sorted(p for p in sweep_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
        failed = [p for p in points if point_status(p) == "failed"]
        print(f"\n[sweep] {len(points) - len(failed)} of {len(points)} points complete in {sweep_dir}")
        if failed:
            print(f"[sweep] {len(failed)} failed (see error.txt in each):", file=sys.stderr)
            for point in failed:
                last = (point / ERROR).read_text().strip().splitlines()[-1]
                print(f"  {point.name}: {last}", file=sys.stderr)
            sys.exit(1)
        print(f"[sweep] collect it with: copsim-collect {sweep_dir}")
