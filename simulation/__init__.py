"""copsim: an agent-based simulator of teacher communities of practice.

    from simulation import simulate
    result = simulate(["population=tanzania_maths", "policy=dime_recommended"], seed=1)
    result.weekly  # one row per replicate, group and week
"""

from simulation.config import ConfigError, load_settings
from simulation.results import RunResult
from simulation.run import run_settings, simulate

__all__ = ["ConfigError", "RunResult", "load_settings", "run_settings", "simulate"]
