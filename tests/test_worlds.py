"""Plausible worlds: draws of the assumptions, and runs set in one world of a design
(simulation/worlds.py)."""

import numpy as np
import pandas as pd
import pytest
import yaml

from simulation import simulate
from simulation.config import ConfigError, load_settings, validate
from simulation.parameters import plausible_ranges
from simulation.run import run_settings
from simulation.worlds import draw, resolved

SMALL = ["replicates=3", "weeks=6", "progress=false"]


def test_worlds_are_a_latin_hypercube_over_the_plausible_ranges():
    settings = load_settings(SMALL)
    drawn = draw(settings, 16, seed=3)
    ranges = {a.key: a for a in plausible_ranges(settings) if a.high > a.low}
    assert list(drawn.columns) == list(ranges) and len(drawn) == 16
    for key, a in ranges.items():
        assert drawn[key].between(a.low, a.high).all(), key
    # a Latin hypercube: each decimal assumption has one world in each sixteenth of its range
    decimal = ranges["behaviour.learning_rate"]
    strata = np.floor((drawn[decimal.key] - decimal.low) / (decimal.high - decimal.low) * 16)
    assert sorted(strata.astype(int)) == list(range(16))
    assert drawn["behaviour.quiet_days"].map(type).eq(int).all()  # whole numbers stay whole
    pd.testing.assert_frame_equal(drawn, draw(settings, 16, seed=3))
    assert not drawn.equals(draw(settings, 16, seed=4))



def test_the_designs_have_the_sizes_salib_gives_and_stay_in_range():
    settings = load_settings(SMALL)
    keys = ("behaviour.learning_rate", "behaviour.idle_drift", "population.motivation")
    morris = draw(settings, 4, design="morris", keys=keys)
    sobol = draw(settings, 8, design="sobol", keys=keys)
    assert morris.shape == (4 * (3 + 1), 3) and sobol.shape == (8 * (3 + 2), 3)
    bounds = {a.key: (a.low, a.high) for a in plausible_ranges(settings)}
    for design in (morris, sobol):
        for key in keys:
            assert design[key].between(*bounds[key]).all()
    # a Morris trajectory moves one assumption at a time
    steps = (morris.iloc[1:4].to_numpy() != morris.iloc[0:3].to_numpy()).sum(axis=1)
    assert (steps == 1).all()
    with pytest.raises(ConfigError, match="worlds_keys: behaviour.nothing: not an assumption"):
        draw(settings, 4, keys=("behaviour.nothing",))


def test_a_run_in_one_world_runs_and_saves_that_world_s_values():
    """`world=k` is world k of its design: the run is the one with world k's values set
    explicitly, and its saved config holds them (so it reruns alone)."""
    design = ["worlds=2", "worlds_design=morris", "worlds_keys=[behaviour.learning_rate,behaviour.idle_drift]"]
    world = draw(load_settings(SMALL), 2, design="morris",
                 keys=("behaviour.learning_rate", "behaviour.idle_drift")).iloc[3]
    in_world = simulate([*SMALL, *design, "world=3"])
    explicit = simulate([*SMALL, *(f"{k}={v}" for k, v in world.items())])
    pd.testing.assert_frame_equal(in_world.weekly, explicit.weekly)
    assert f"learning_rate: {world['behaviour.learning_rate']}" in in_world.config
    assert "world: -1" in in_world.config
    again = run_settings(validate(yaml.safe_load(in_world.config)))  # the saved config reruns
    pd.testing.assert_frame_equal(again.weekly, in_world.weekly)
    assert resolved(load_settings(SMALL)) == load_settings(SMALL)
    with pytest.raises(ConfigError, match="world=9: the design has 6 worlds"):
        resolved(load_settings([*SMALL, *design, "world=9"]))
    with pytest.raises(ConfigError, match="world=3: needs the set"):
        load_settings([*SMALL, "world=3"])
    with pytest.raises(ConfigError, match="a Sobol design needs a power of 2"):
        load_settings([*SMALL, "worlds=6", "worlds_design=sobol", "world=0"])
