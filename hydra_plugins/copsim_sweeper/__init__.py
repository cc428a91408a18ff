"""copsim's sweeper: Hydra's basic sweeper (same points, same order), composing each point once.

It hands `simulation.compose.PointConfigLoader` to the launcher through the Hydra context, and
checks the points before launching them with the loader's cheaper `check_sweep_overrides`. It
lives here because Hydra only instantiates sweepers from the `hydra_plugins` package; chosen by
`hydra/sweeper: copsim` (configs/hydra/sweeper/copsim.yaml) and registered by `simulation.cli`.
"""

from collections.abc import Sequence

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig

from simulation.compose import PointConfigLoader


class CopsimSweeper(BasicSweeper):
    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction,
              config: DictConfig) -> None:
        loader = PointConfigLoader(hydra_context.config_loader.get_search_path())
        super().setup(hydra_context=HydraContext(loader, hydra_context.callbacks),
                      task_function=task_function, config=config)

    def validate_batch_is_legal(self, batch: Sequence[Sequence[str]]) -> None:
        """Every point's overrides are legal and apply (raises as Hydra's composition would)."""
        loader = self.hydra_context.config_loader
        for overrides in batch:
            loader.check_sweep_overrides(self.config, list(overrides))
