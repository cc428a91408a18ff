"""Sweeps: every parameter point runs with all its replicates in a folder of its own.

A Hydra multirun job runs one point, or several: copsim's sweeper
(`hydra_plugins.copsim_sweeper`) gives consecutive points that differ only in values (`seed=3`,
`policy.group_size=15`) to one job: with `hydra.sweeper.points_per_job=auto`, an equal share of
the launch's teacher-weeks, `JOBS_PER_CORE` shares per core, at most `JOB_TEACHER_WEEKS`
(`pack_jobs`). The job's own point is its
overrides; the others ride along as the values they change (`+sweep_points=[['seed=1'], ...]`),
and `job_points` turns them back into settings and folders exactly like those of points run one
per job. `run_job` then runs the job's points side by side in one model (`simulate_many`'s
batches, at most `MODEL_TEACHERS` teachers a model), and saves each point's result in its own
folder. Each Hydra job costs tenths of a second (the launcher pickles Hydra's state, the worker
re-scans its plugins and composes the job's config), and a small point alone runs ~20 times
slower than in a batch: batching is what makes a sweep of small points fast.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf, open_dict

from simulation.config import Config, ConfigError, setting, updated, validate, yaml_text
from simulation import hydra_private
from simulation.compose import parsed_override
from simulation.results import atomic_write_text, verify

RESULT = "result"
ERROR = "error.txt"
TOTAL_ENV = "COPSIM_SWEEP_TOTAL"
START_ENV = "COPSIM_SWEEP_START"
PROGRESS = ".progress"  # in the sweep folder: one byte per point finished in this run
SWEEP_POINTS = "sweep_points"  # the app key that carries a job's further points
JOB_TEACHER_WEEKS = 3_000_000  # `auto`: a job holds points up to this many teacher-weeks ...
JOBS_PER_CORE = 4  # ... while leaving at least this many jobs per core, for balance


def point_status(point_dir: Path) -> str:
    """`done` (verified result), `failed` (error recorded), or `pending`."""
    if not verify(point_dir / RESULT):
        return "done"
    if (point_dir / ERROR).exists():
        return "failed"
    return "pending"


@dataclass
class Point:
    """One point of a job: its folder, its label (its overrides) and its settings (or why it
    has none)."""

    folder: Path
    label: str
    settings: Config | None = None
    error: str = ""


def run_job(cfg: DictConfig, hydra_cfg: DictConfig) -> None:
    """Run a job's points (its own and those batched with it) side by side in as few models as
    their size allows (`parameters.MODEL_TEACHERS`); a point whose result is complete is
    skipped, a point that fails records `error.txt` and the others go on. Never raises for a
    point."""
    from simulation.run import run_batch, save_batch  # the model: only where points run

    points = job_points(cfg, hydra_cfg)
    pending = []
    for point in points:
        if point_status(point.folder) == "done":
            _report_progress(point.folder.parent, point.label, "skipped (already complete)")
        elif point.settings is None:
            _fail(point, point.error)
        else:
            pending.append(point)
    for model in _models(pending):
        saved = set()
        try:
            for i in save_batch([p.settings for p in model], [p.folder / RESULT for p in model]):
                saved.add(i)
                _done(model[i])
        except Exception:  # one of them fails: run the rest one by one to know which
            for i, point in enumerate(model):
                if i in saved:
                    continue
                try:
                    run_batch([point.settings])[0].save(point.folder / RESULT)
                    _done(point)
                except Exception:  # a failing point is recorded, the sweep goes on
                    _fail(point, traceback.format_exc())


def _done(point: Point) -> None:
    (point.folder / ERROR).unlink(missing_ok=True)
    _report_progress(point.folder.parent, point.label, "done")


def _fail(point: Point, error: str) -> None:
    point.folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(point.folder / ERROR, error)
    _report_progress(point.folder.parent, point.label, "FAILED")


def _models(points: list[Point]) -> list[list[Point]]:
    """Consecutive points in models (`parameters.models`: at most `MODEL_TEACHERS` founders
    each, sharing `weeks` and the calendar)."""
    from simulation.parameters import models  # with the model, as above

    return [[points[i] for i in indices] for indices in models([p.settings for p in points])]


def points_per_job(setting: int | str, points: int, cores: int | None = None) -> int:
    """A number of points per job (`setting` if a number), or 0 for `auto`, which sizes each job
    by the teacher-weeks of its points (`pack_jobs`). Raises ConfigError for a bad setting."""
    if setting == "auto":
        return 0
    if isinstance(setting, int) and not isinstance(setting, bool) and setting >= 1:
        return setting
    raise ConfigError(f"hydra.sweeper.points_per_job={setting!r}: must be a whole number >= 1 "
                     "or auto")


def pack_jobs(keys: list, teacher_weeks: list[int], setting: int | str,
              cores: int | None = None) -> list[list[int]]:
    """The jobs of a launch, as lists of point positions: consecutive points with the same batch
    key (None: a job of its own) share a job. With a number, that many at most; with `auto`, as
    many as fit in an equal share of the launch's teacher-weeks, `JOBS_PER_CORE` shares per core
    of this machine (so the workers finish together however the points' sizes vary), and never
    more than `JOB_TEACHER_WEEKS` (a job's memory)."""
    count = points_per_job(setting, len(keys))
    cores = cores or os.cpu_count() or 1
    budget = min(JOB_TEACHER_WEEKS, sum(teacher_weeks) / (JOBS_PER_CORE * cores))
    jobs: list[list[int]] = []
    job_key, job_cost = None, 0.0
    for i, (key, cost) in enumerate(zip(keys, teacher_weeks)):
        fits = jobs and ((len(jobs[-1]) < count) if count else (job_cost + cost <= budget))
        if fits and key is not None and key == job_key:
            jobs[-1].append(i)
            job_cost += cost
        else:
            jobs.append([i])
            job_key, job_cost = key, cost
    return jobs


def teacher_weeks(app: DictConfig) -> int:
    """Founders x weeks of a point's (composed, unvalidated) config: what its run costs."""
    size = OmegaConf.select(app, "policy.group_size") or OmegaConf.select(app, "population.group_size")
    return int(app.replicates) * int(app.groups) * int(size) * int(app.weeks)


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


def job_points(cfg: DictConfig, hydra_cfg: DictConfig) -> list[Point]:
    """The points a job runs: its own, then any in `sweep_points`, each with its folder, label
    and validated settings.

    The sweeper batches only points with the same structure and plain values on the same keys,
    so another point's settings are the job's with that point's values replaced
    (`config.updated`, ~0.1 ms where composing and validating take ~10 ms). Each batched point
    gets the `.hydra/` files Hydra writes for a job (`config.yaml`, `hydra.yaml`,
    `overrides.yaml`), so it reads as if it had run alone (`copsim-collect` reads its
    `overrides.yaml`)."""
    folder = Path(hydra_cfg.runtime.output_dir)
    if SWEEP_POINTS not in cfg:
        return [_validated(Point(folder, hydra_cfg.job.override_dirname), cfg)]
    changes = OmegaConf.to_container(cfg[SWEEP_POINTS], resolve=False)
    base = copy.deepcopy(cfg)
    with open_dict(base):
        del base[SWEEP_POINTS]
    own = [parsed_override(line) for line in hydra_cfg.overrides.task]
    own = [o for o in own if o.key_or_group != SWEEP_POINTS]
    names = hydra_cfg.job.config.override_dirname
    first = _validated(Point(folder, ""), base)
    # The job's configs as plain data, once: each point changes a few of their values.
    app_part = OmegaConf.to_container(base, resolve=False)
    hydra_yaml = HydraYaml(OmegaConf.to_container(hydra_cfg, resolve=False, enum_to_str=True))
    points = []
    for change in [[], *changes]:
        values = [parsed_override(line) for line in change]
        changed = {o.key_or_group: o for o in values}
        task = [changed.get(o.key_or_group, o) for o in own]  # the point's overrides, in order
        dirname = hydra_private.get_overrides_dirname(overrides=task, exclude_keys=list(names.exclude_keys),
                                        item_sep=names.item_sep, kv_sep=names.kv_sep)
        point = Point(Path(os.path.abspath(os.path.join(str(hydra_cfg.sweep.dir), dirname))), dirname)
        new_values = {o.key_or_group: o.value() for o in values}
        if first.settings is None:  # the job's own point is invalid: check this one in full
            config = copy.deepcopy(base)
            for key, value in new_values.items():
                OmegaConf.update(config, key, value, merge=True)
            _validated(point, config)
        else:
            try:
                point.settings = updated(first.settings, new_values)
                new_values = {key: _value(point.settings, key) for key in new_values}  # typed
            except ConfigError as exc:
                point.error = f"ConfigError: {exc}\n"
        if hydra_yaml.subdir is not None:
            task_lines = [o.input_line for o in task]
            _write_hydra_files(point.folder / hydra_yaml.subdir, {
                "config.yaml": yaml_text(_with_values(app_part, new_values)),
                "hydra.yaml": hydra_yaml.text(task_lines, dirname, str(point.folder)),
                "overrides.yaml": yaml_text(task_lines)})
        points.append(point)
    return points


def _validated(point: Point, cfg: DictConfig) -> Point:
    try:
        point.settings = validate(cfg)
    except ConfigError as exc:
        point.error = f"ConfigError: {exc}\n"
    return point


def _value(settings: Config, key: str) -> Any:
    """A setting by dotted key, as plain data (as OmegaConf holds it: a decimal field's `1` is
    `1.0`)."""
    value = setting(settings, key)
    return list(value) if isinstance(value, tuple) else value


def _with_values(plain: dict, values: dict[str, Any]) -> dict:
    """Plain config data with some dotted keys set: a copy of the mappings on their paths, the
    rest shared with `plain`."""
    plain = dict(plain)
    for key, value in values.items():
        *path, name = key.split(".")
        node = plain
        for part in path:
            node[part] = node = dict(node.get(part, {}))
        node[name] = value
    return plain


class HydraYaml:
    """The `hydra.yaml` of each point of a job: PyYAML's text of the job's Hydra config, made
    once with a placeholder for each field that differs between points (`POINT_FIELDS`), each
    point's values written in their places as PyYAML writes them at that depth (the whole
    config through PyYAML takes ~1.2 ms, a point's three fields ~0.1 ms)."""

    POINT_FIELDS = (("overrides", "task"), ("job", "override_dirname"), ("runtime", "output_dir"))

    def __init__(self, hydra_part: dict) -> None:
        self.subdir = hydra_part["output_subdir"]  # None: Hydra writes no such files
        hydra_part = copy.deepcopy(hydra_part)
        for i, (section, name) in enumerate(self.POINT_FIELDS):
            hydra_part[section][name] = self._placeholder(i)
        self._template = yaml_text({"hydra": hydra_part})
        for i, (_, name) in enumerate(self.POINT_FIELDS):
            assert self._template.count(f"    {name}: {self._placeholder(i)}\n") == 1, name

    def text(self, task: list[str], override_dirname: str, output_dir: str) -> str:
        text = self._template
        for i, ((section, name), value) in enumerate(
                zip(self.POINT_FIELDS, (task, override_dirname, output_dir))):
            field = yaml_text({"hydra": {section: {name: value}}})
            text = text.replace(f"    {name}: {self._placeholder(i)}\n",
                                field.split("\n", 2)[2], 1)  # without the two parents' lines
        return text

    @staticmethod
    def _placeholder(i: int) -> str:
        return f"copsim_point_field_{i}"


def _write_hydra_files(folder: Path, texts: dict[str, str]) -> None:
    """The `.hydra/` files Hydra would write for a point (`config.yaml`, `hydra.yaml`,
    `overrides.yaml`), each whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        atomic_write_text(folder / name, text)


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
    batches = hydra_private.BasicSweeper.split_arguments(parser.parse_overrides([*from_config, *overrides]), None)
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
