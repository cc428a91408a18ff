"""Sweep points are composed once each, and exactly as Hydra composes them."""

import pickle
import sys

import pytest
from hydra._internal.config_loader_impl import ConfigLoaderImpl
from hydra._internal.utils import create_config_search_path
from hydra.types import RunMode
from omegaconf import OmegaConf

from simulation import cli, compose
from simulation.compose import PointConfigLoader
from simulation.config import CONFIG_DIR

HYDRA_OVERRIDES = ["hydra/launcher=basic", "hydra.sweep.dir=sweeps/test",
                   "hydra.job.config.override_dirname.exclude_keys=[experiment,seed]"]
POINTS = [
    ["experiment=throughput", "policy.group_size=15", "seed=3"],
    ["population=kenya_kplay", "weeks=3", "policy=dime_recommended", "policy.kickoff=true"],
    ["+policy.extra=1", "policy.moderator={mode: fixed}"],
]


@pytest.fixture
def loaders(monkeypatch):
    monkeypatch.setattr(compose, "_COMPOSED", {})
    monkeypatch.setattr(compose, "_APP_PART", {})
    monkeypatch.setattr(compose, "_SCRATCH", {})
    search_path = create_config_search_path(str(CONFIG_DIR))
    hydra_loader = ConfigLoaderImpl(search_path)
    master = hydra_loader.load_configuration("config", HYDRA_OVERRIDES, RunMode.MULTIRUN)
    return master, hydra_loader, PointConfigLoader(search_path)


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p[0])
def test_a_point_is_the_config_hydra_composes(loaders, point):
    master, hydra_loader, point_loader = loaders
    expected = hydra_loader.load_sweep_config(master, point)
    for _ in range(2):  # composed, then from the cache
        ours = point_loader.load_sweep_config(master, point)
        assert OmegaConf.to_yaml(ours) == OmegaConf.to_yaml(expected)
        assert ours.hydra.job.override_dirname == expected.hydra.job.override_dirname


@pytest.mark.parametrize("point", [["policy.foo=1"], ["seed=abc"], ["population=nowhere"],
                                   ["~policy.ground_rules"]])
def test_a_bad_point_fails_as_in_hydra(loaders, point):
    master, hydra_loader, point_loader = loaders
    with pytest.raises(Exception) as expected:
        hydra_loader.load_sweep_config(master, point)
    with pytest.raises(type(expected.value)) as ours:
        point_loader.load_sweep_config(master, point)
    assert str(ours.value) == str(expected.value)
    with pytest.raises(type(expected.value)) as checked:  # the sweeper's check before launching
        point_loader.check_sweep_overrides(master, point)
    assert str(checked.value) == str(expected.value)


@pytest.mark.parametrize("good, bad", [(["seed=1"], ["seed=abc"]),
                                       (["weeks=4", "seed=2"], ["weeks=four", "seed=3"]),
                                       (["policy.kickoff=true"], ["policy.kickoff=maybe"]),
                                       # other keys: checked on a copy that `good` did not touch
                                       (["compare=[none,dime_recommended]"], ["compare.1=none"])])
def test_the_check_fails_a_bad_point_after_good_ones_as_hydra_does(loaders, good, bad):
    master, hydra_loader, point_loader = loaders
    with pytest.raises(Exception) as expected:
        hydra_loader.load_sweep_config(master, bad)
    for point in (good, bad, good):  # the scratch copy of `good` is not reused for `bad` ...
        if point is bad:
            with pytest.raises(type(expected.value)) as checked:
                point_loader.check_sweep_overrides(master, point)
            assert str(checked.value) == str(expected.value)
        else:  # ... nor is one spoiled by `bad` kept for the next good point
            assert point_loader.check_sweep_overrides(master, point) is not None


def test_the_check_parses_an_override_once_and_still_raises_every_time(loaders):
    master, hydra_loader, point_loader = loaders
    compose.parsed_override.cache_clear()
    for seed in range(5):
        point_loader.check_sweep_overrides(master, ["policy.group_size=15", f"seed={seed}"])
    # the master's Hydra overrides, the group size and five seeds
    assert compose.parsed_override.cache_info().currsize == len(master.hydra.overrides.hydra) + 1 + 5
    with pytest.raises(Exception) as expected:
        hydra_loader.load_sweep_config(master, ["seed=[1"])
    for _ in range(2):
        with pytest.raises(type(expected.value)) as checked:
            point_loader.check_sweep_overrides(master, ["seed=[1"])
        assert str(checked.value) == str(expected.value)


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p[0])
def test_the_sweepers_check_passes_a_good_point(loaders, point):
    master, _, point_loader = loaders
    point_loader.check_sweep_overrides(master, point)


def test_a_pickled_loader_is_its_search_path_and_one_loader_per_process(loaders):
    _, _, point_loader = loaders
    data = pickle.dumps(point_loader)
    assert len(data) < 2_000  # sent with every job of a launcher
    first, second = pickle.loads(data), pickle.loads(data)
    assert first is second and isinstance(first, PointConfigLoader)
    assert str(first.get_search_path()) == str(point_loader.get_search_path())


def compositions_in_a_sweep(points: int, tmp_path, monkeypatch) -> int:
    """Run a sweep of `points` points in this process and count Hydra compositions."""
    count = {"n": 0}
    original = ConfigLoaderImpl.load_configuration

    def counted(self, *args, **kwargs):
        count["n"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ConfigLoaderImpl, "load_configuration", counted)
    monkeypatch.setattr(compose, "_COMPOSED", {})
    monkeypatch.setattr(compose, "_APP_PART", {})
    monkeypatch.setattr(compose, "_SCRATCH", {})
    for name in ("COPSIM_SWEEP_TOTAL", "COPSIM_SWEEP_START"):
        monkeypatch.setenv(name, "")
    monkeypatch.setattr(sys, "argv", [
        "copsim", "-m", f"seed=range({points})", "weeks=1", "replicates=1",
        "hydra/launcher=basic", f"hydra.sweep.dir={tmp_path / str(points)}"])
    cli.main()
    return count["n"]


def test_a_sweep_composes_its_config_once_whatever_the_number_of_points(tmp_path, monkeypatch):
    assert compositions_in_a_sweep(2, tmp_path, monkeypatch) == compositions_in_a_sweep(
        5, tmp_path, monkeypatch)


def test_points_that_differ_only_in_plain_values_can_share_a_job(loaders):
    master, _, point_loader = loaders
    key = point_loader.check_sweep_overrides  # returns the point's batch key
    assert key(master, ["policy=none", "seed=1"]) == key(master, ["policy=none", "seed=2"])
    assert key(master, ["policy=none", "seed=1"]) != key(master, ["policy=dime_recommended",
                                                                  "seed=1"])
    assert key(master, ["seed=1"]) != key(master, ["weeks=4"])  # not the same keys
    # (a deletion, `~key`, is a third kind; the schema refuses it, so the check raises instead)
    for alone in (["+policy.extra=1"], ["++policy.extra=1"], ["policy.moderator={mode: fixed}"]):
        assert key(master, alone) is None  # assigning these twice is not composing them once
