"""copsim's sweeper: Hydra's basic sweeper (same points, same order), composing each point once
and running several small points in one job.

It hands `simulation.compose.PointConfigLoader` to the launcher through the Hydra context, and
checks every point with the loader's cheaper `check_sweep_overrides` before launching. Then it
gives consecutive points that differ only in values (the same key from that check) to one job, `points_per_job` at a time
(`simulation.sweep.job_overrides`; the job runs them through `simulation.sweep.job_points`). It
lives here because Hydra only instantiates sweepers from the `hydra_plugins` package; chosen by
`hydra/sweeper: copsim` (configs/hydra/sweeper/copsim.yaml) and registered by `simulation.cli`.
"""

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf

from simulation import sweep
from simulation.compose import PointConfigLoader
from simulation.hydra_private import BasicSweeper

log = logging.getLogger(__name__)
# Batched points get their folders from their overrides (`sweep.job_points`): batching needs
# Hydra's own naming of point folders, which copsim's config sets.
NAMED_BY_OVERRIDES = "${hydra.job.override_dirname}"


class CopsimSweeper(BasicSweeper):
    def __init__(self, max_batch_size: int | None, params: dict | None = None,
                 points_per_job: int | str = "auto") -> None:
        super().__init__(max_batch_size, params)
        sweep.points_per_job(points_per_job, 1)  # a bad setting stops the sweep before it starts
        self.points_per_job = points_per_job

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction,
              config: DictConfig) -> None:
        loader = PointConfigLoader(hydra_context.config_loader.get_search_path())
        super().setup(hydra_context=HydraContext(loader, hydra_context.callbacks),
                      task_function=task_function, config=config)

    def sweep(self, arguments: list[str]) -> Any:
        """Hydra's basic sweep, with the progress count (`[sweep] k/N points`) started at 0."""
        sweep.start_progress(Path(self.config.hydra.sweep.dir))
        return super().sweep(arguments)

    def get_job_batch(self) -> Sequence[Sequence[str]]:
        """The next launch's jobs: its points, checked, then batched (each job its overrides)."""
        points = [list(point) for point in super().get_job_batch()]
        loader = self.hydra_context.config_loader
        # Raises as Hydra's composition would; else each point's batch key.
        keys, costs = [], []
        for overrides in points:
            keys.append(loader.check_sweep_overrides(self.config, overrides))
            costs.append(sweep.teacher_weeks(loader.checked))
        subdir = OmegaConf.to_container(self.config.hydra.sweep, resolve=False)["subdir"]
        if self.points_per_job == 1 or subdir != NAMED_BY_OVERRIDES:
            return points
        jobs = sweep.pack_jobs(keys, costs, self.points_per_job)
        log.info(f"{len(points)} points in {len(jobs)} jobs (hydra.sweeper.points_per_job="
                 f"{self.points_per_job})")
        return [sweep.job_overrides([points[i] for i in job]) for job in jobs]

    def validate_batch_is_legal(self, batch: Sequence[Sequence[str]]) -> None:
        """Nothing left to check: `get_job_batch` checked every point before batching."""
