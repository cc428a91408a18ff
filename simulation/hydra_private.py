"""The three pieces of Hydra 1.3 that copsim's sweeper uses and Hydra does not publish.

Hydra's public plugin interfaces (`hydra.plugins.sweeper.Sweeper`, `Launcher`, the override
parser) cover what a sweeper launches, not how a job's config is composed or named. copsim needs
three things more, and takes them from here only, so that a Hydra upgrade that moves them breaks
one module, and `tests/test_hydra_private.py`, which pins the behaviour each is used for:

- `ConfigLoaderImpl`: Hydra's config loader. `simulation.compose.PointConfigLoader` subclasses it
  to compose what a sweep's points share once (the public `ConfigLoader` is an abstract class
  with no composition of its own).
- `get_overrides_dirname`: how Hydra names a point's folder from its overrides (`a=1,b=2`), so
  that a batched point's folder is the one a job of its own would get.
- `BasicSweeper`: Hydra's basic sweeper. `split_arguments` expands sweep overrides into points,
  in Hydra's order, and `CopsimSweeper` inherits its `sweep` (points, `multirun.yaml`, launches).

Each name is looked up in Hydra's module when it is used, not when this module is imported:
Hydra's plugin scan executes its core plugin modules again, which makes a new `BasicSweeper`
class, and a sweeper must subclass the one Hydra instantiates plugins with.
"""

import importlib

_HOMES = {
    "ConfigLoaderImpl": "hydra._internal.config_loader_impl",
    "get_overrides_dirname": "hydra._internal.config_loader_impl",
    "BasicSweeper": "hydra._internal.core_plugins.basic_sweeper",
}
__all__ = list(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
