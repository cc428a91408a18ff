"""Sweeps: a Hydra multirun job is one parameter point with all its replicates.

Each point's folder is named by its overrides (`hydra.job.override_dirname`), so re-running the
same sweep into the same `hydra.sweep.dir` finds the points already done: a point whose
`result/` verifies against its manifest is skipped, so an interrupted sweep resumes. A point that
fails writes `error.txt` and the sweep goes on; `SweepSummary` lists failures at the end and the
command exits non-zero. Seeds do not depend on the point unless `seed` itself is swept (see
`simulation.population`), so every point sees the same teachers and the numbers do not depend
on the launcher or worker count.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from simulation.config import validate
from simulation.results import MANIFEST, atomic_write_text, verify
from simulation.run import run_settings

RESULT = "result"
ERROR = "error.txt"
TOTAL_ENV = "COPSIM_SWEEP_TOTAL"
START_ENV = "COPSIM_SWEEP_START"


def point_status(point_dir: Path) -> str:
    """`done` (verified result), `failed` (error recorded), or `pending`."""
    if not verify(point_dir / RESULT):
        return "done"
    if (point_dir / ERROR).exists():
        return "failed"
    return "pending"


def run_point(cfg: DictConfig, point_dir: Path, label: str) -> str:
    """Run one sweep point unless its result is already complete; never raises for the point."""
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


def _report_progress(sweep_dir: Path, label: str, status: str) -> None:
    total = int(os.environ.get(TOTAL_ENV, "0"))
    # A cheap count (files present, not re-verified): checksumming every point after every
    # point would grow with the square of the sweep.
    finished = sum((p / RESULT / MANIFEST).exists() or (p / ERROR).exists()
                   for p in sweep_dir.iterdir() if p.is_dir())
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
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

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
