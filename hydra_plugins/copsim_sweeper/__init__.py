"""copsim's sweeper: Hydra's basic sweeper (same points, same order), composing each point once.

It hands `simulation.compose.PointConfigLoader` to the launcher through the Hydra context. It
lives here because Hydra only instantiates sweepers from the `hydra_plugins` package; chosen by
`hydra/sweeper: copsim` (configs/hydra/sweeper/copsim.yaml) and registered by `simulation.cli`.
"""

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
