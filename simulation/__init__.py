"""copsim: an agent-based simulator of teacher communities of practice.

    from simulation import simulate
    result = simulate(["population=tanzania_maths", "policy=dime_recommended"], seed=1)
    result.weekly  # one row per replicate, group and week
"""

import importlib

# Imported on first use (PEP 562), so that a command that runs no model (a sweep's main process,
# copsim-collect) does not pay ~1 s for Mesa and the model.
_HOMES = {"ConfigError": "simulation.config", "load_settings": "simulation.config",
          "RunResult": "simulation.results", "run_settings": "simulation.run",
          "simulate": "simulation.run", "simulate_many": "simulation.run"}
__all__ = list(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'simulation' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
