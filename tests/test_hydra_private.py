"""What copsim relies on in Hydra's unpublished parts (simulation/hydra_private.py): if a Hydra
upgrade changes any of it, these tests say which.

`ConfigLoaderImpl` is pinned by tests/test_compose.py, which compares copsim's point loader with
it config by config."""

import pytest
from hydra.core.override_parser.overrides_parser import OverridesParser

from simulation import hydra_private

PARSER = OverridesParser.create()


def test_a_folder_name_is_the_sorted_overrides_less_the_excluded_keys():
    overrides = PARSER.parse_overrides(["seed=3", "policy.group_size=15", "experiment=throughput",
                                        "+policy.extra=a b"])
    name = hydra_private.get_overrides_dirname(overrides=overrides, exclude_keys=["experiment"],
                                               item_sep=",", kv_sep="=")
    assert name == "+policy.extra=a b,policy.group_size=15,seed=3"


def test_sweeps_expand_into_points_in_hydra_order():
    """The last sweep varies fastest; a batch size cuts the points into launches."""
    overrides = PARSER.parse_overrides(["a=1,2", "b=x,y,z", "c=0"])
    (points,) = hydra_private.BasicSweeper.split_arguments(overrides, None)
    assert points[:4] == [["a=1", "b=x", "c=0"], ["a=1", "b=y", "c=0"], ["a=1", "b=z", "c=0"],
                          ["a=2", "b=x", "c=0"]]
    assert len(points) == 6
    assert [len(b) for b in hydra_private.BasicSweeper.split_arguments(overrides, 4)] == [4, 2]


def test_names_are_looked_up_when_used():
    from hydra._internal.core_plugins import basic_sweeper

    assert hydra_private.BasicSweeper is basic_sweeper.BasicSweeper
    with pytest.raises(AttributeError):
        hydra_private.Anything  # noqa: B018
