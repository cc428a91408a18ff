"""Initial teachers (simulation/population.py): drawn for all groups at once, the same as group
by group, with newcomers that arrive as the config says."""

import numpy as np
import pytest

from simulation.config import load_settings
from simulation.parameters import build
from simulation.population import draw_group, draw_population

OPEN = ["groups=4", "replicates=3", "weeks=20", "policy.closed_membership=false",
        "behaviour.newcomers_per_week=1.5"]


def _population(settings):
    """Every group of one scenario, drawn at once."""
    replicates, groups = np.divmod(np.arange(settings.replicates * settings.groups), settings.groups)
    return draw_population(build([settings]), replicates, groups, settings.weeks)


@pytest.mark.parametrize("overrides", [OPEN, ["groups=4", "replicates=3", "policy.closed_membership=true"]])
def test_the_population_is_its_groups_drawn_one_by_one(overrides):
    settings = load_settings(overrides)
    states, sizes = _population(settings)
    start = np.concatenate([[0], np.cumsum(sizes)])
    for i in range(settings.replicates * settings.groups):
        alone = draw_group(settings, replicate=i // settings.groups, group=i % settings.groups)
        for name, values in alone.items():
            assert np.array_equal(states[name][start[i]:start[i + 1]], values), (i, name)


def test_newcomers_join_on_sorted_days_within_the_horizon():
    settings = load_settings(OPEN)
    founders = settings.policy.group_size or settings.population.group_size
    states, sizes = _population(settings)
    for group in np.split(states["join_day"], np.cumsum(sizes)[:-1]):
        assert (group[:founders] == 0).all()
        assert (np.diff(group[founders:]) >= 0).all()
        assert ((group[founders:] >= 1) & (group[founders:] <= 7 * settings.weeks - 1)).all()


def test_newcomers_per_group_average_the_weekly_rate_times_the_weeks():
    """Poisson(newcomers_per_week x weeks) arrivals per group: over 400 groups (seed 0) the mean is
    within 4 standard errors of 30 (variance = mean for a Poisson count)."""
    settings = load_settings([*OPEN, "groups=400", "replicates=1"])
    founders = settings.policy.group_size or settings.population.group_size
    _, sizes = _population(settings)
    mean = 1.5 * 20
    assert abs((sizes - founders).mean() - mean) < 4 * np.sqrt(mean / len(sizes))


def test_another_seed_or_group_draws_other_teachers():
    a = draw_group(load_settings(["seed=1"]), replicate=0, group=0)
    b = draw_group(load_settings(["seed=2"]), replicate=0, group=0)
    c = draw_group(load_settings(["seed=1"]), replicate=0, group=1)
    assert not np.array_equal(a["motivation"], b["motivation"])
    assert not np.array_equal(a["motivation"], c["motivation"])
