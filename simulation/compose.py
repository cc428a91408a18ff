"""Composing a sweep's points once each, from one composition of what they share.

Hydra composes every point twice: the sweeper checks the whole batch up front, then the launcher
composes the point again in its job; each composition re-reads ~16 YAML files (~0.15 s). But the
points of a sweep differ only in values (`seed=3`); their config groups (`policy=...`,
`experiment=...`) and Hydra settings are the same. `PointConfigLoader` composes each distinct set
of those once per process and applies a point's values to a copy (~0.01 s). The result is the
config Hydra's own composition gives, errors included (tests/test_sweep.py compares them).

Before launching, the sweeper checks every point (`check_sweep_overrides`): the same parsing and
the same values applied, to the app's part only, and to one scratch copy for all the points that
assign the same keys (~0.6 ms a point instead of ~16 ms for a composition; this runs serially
before the first job starts, ~0.1 s for 200 points). Each distinct override is parsed once per
process.

The sweeper that uses it is `hydra_plugins.copsim_sweeper.CopsimSweeper`; launchers receive the
loader with the Hydra context. A launcher pickles that context for every job: the loader travels as
its search path alone, and each worker process keeps one loader and one cache for all its jobs.
"""

from __future__ import annotations

import copy
import functools
import os

from hydra.core.config_search_path import ConfigSearchPath
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override, OverrideType
from hydra.core.plugins import Plugins
from hydra.errors import ConfigCompositionException
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf, open_dict
from omegaconf.errors import OmegaConfBaseException

from simulation.hydra_private import ConfigLoaderImpl, get_overrides_dirname

# Compositions by (config name, group and Hydra overrides, working folder), one cache per
# process: a worker composes each distinct structure once, however many points it runs. The app's
# part alone (without `hydra`), for checking points, is cached beside it.
_COMPOSED: dict[tuple, DictConfig] = {}
_APP_PART: dict[tuple, DictConfig] = {}
# The check's scratch copy of the app's part, by batch key (`check_sweep_overrides`).
_SCRATCH: dict[tuple, DictConfig] = {}
# One loader per search path and process (what a pickled loader becomes in a worker).
_LOADERS: dict[tuple, PointConfigLoader] = {}
_PARSER = OverridesParser.create()


class PointConfigLoader(ConfigLoaderImpl):
    """Hydra's config loader; a sweep point is its structure's cached composition plus its
    values."""

    def load_sweep_config(self, master_config: DictConfig,
                          sweep_overrides: list[str]) -> DictConfig:
        parsed, key, values = self._split(master_config, sweep_overrides)
        cfg = copy.deepcopy(self._composed(key))
        _apply(self, values, cfg)
        task = [o for o in parsed if not o.is_hydra_override()]
        cfg.hydra.overrides.task = [o.input_line for o in task]
        dirname = cfg.hydra.job.config.override_dirname
        cfg.hydra.job.override_dirname = get_overrides_dirname(
            overrides=task, exclude_keys=list(dirname.exclude_keys),
            item_sep=dirname.item_sep, kv_sep=dirname.kv_sep)
        OmegaConf.copy_cache(from_config=master_config, to_config=cfg)  # as Hydra does
        return cfg

    def check_sweep_overrides(self, master_config: DictConfig,
                              sweep_overrides: list[str]) -> tuple | None:
        """Raise what `load_sweep_config` would for this point, without building its config:
        values only ever change the app's part, so they are applied to a copy of that part.

        Returns the point's batch key: points with the same key can run in one job
        (`simulation.sweep`), having the same structure and plain values (`key=value`, not a
        dict) on the same keys, so one point's config becomes another's by assigning its
        values. None: the point needs a job of its own. The point's app part (values applied)
        is `self.checked` until the next check."""
        _, key, values = self._split(master_config, sweep_overrides)
        plain = all(o.type == OverrideType.CHANGE and not isinstance(o.value(), dict)
                    for o in values)
        batch_key = (key, tuple(o.key_or_group for o in values)) if plain else None
        # Points with the same batch key assign the same keys, so one scratch copy serves them
        # all: each assignment overwrites the last (a copy per point was 4 of its 5 ms).
        scratch = _SCRATCH.pop(batch_key, None) if batch_key is not None else None
        if scratch is None:
            scratch = self._app_part(key)
        _apply(self, values, scratch)
        if batch_key is not None:
            _SCRATCH[batch_key] = scratch  # kept only once the values applied cleanly
        self.checked = scratch
        return batch_key

    def _app_part(self, key: tuple) -> DictConfig:
        """A fresh copy of the app's part (no `hydra`) of a structure's composition."""
        if key not in _APP_PART:
            app = copy.deepcopy(self._composed(key))
            with open_dict(app):
                del app["hydra"]
            _APP_PART[key] = app
        return copy.deepcopy(_APP_PART[key])

    def _split(self, master_config: DictConfig,
               sweep_overrides: list[str]) -> tuple[list[Override], tuple, list[Override]]:
        """A point's parsed overrides, the cache key of its structure, and its values."""
        parsed = [parsed_override(line) for line in (*master_config.hydra.overrides.hydra, *sweep_overrides)]
        self.validate_sweep_overrides_legal(parsed, RunMode.RUN, from_shell=True)
        structure = tuple(o.input_line for o in parsed if not self._is_value(o))
        key = (master_config.hydra.job.config_name, structure, os.getcwd())
        return parsed, key, [o for o in parsed if self._is_value(o)]

    def _composed(self, key: tuple) -> DictConfig:
        if key not in _COMPOSED:
            config_name, structure, _ = key
            _COMPOSED[key] = self.load_configuration(config_name, list(structure), RunMode.RUN)
        return _COMPOSED[key]

    def _is_value(self, override: Override) -> bool:
        """A value of the app's config (`seed=3`), not a config group choice or a Hydra setting;
        the same test as Hydra's defaults list."""
        if override.is_hydra_override():
            return False
        return isinstance(override.value(), dict) or not self.repository.group_exists(
            override.key_or_group)

    def __reduce__(self):
        return loader_for, (self.config_search_path,)


@functools.lru_cache(maxsize=4096)
def parsed_override(line: str) -> Override:
    """One override parsed, once per process: a sweep repeats its fixed overrides at every point
    and parsing takes ~0.2 ms each. Errors are not cached, so they are raised every time."""
    return _PARSER.parse_overrides([line])[0]


def _apply(loader: ConfigLoaderImpl, values: list[Override], cfg: DictConfig) -> None:
    try:
        loader._apply_overrides_to_config(values, cfg)
    except OmegaConfBaseException as exc:  # reported as Hydra's load_configuration does
        raise ConfigCompositionException().with_traceback(exc.__traceback__) from exc


def loader_for(search_path: ConfigSearchPath) -> PointConfigLoader:
    """This process's loader for `search_path`: what a pickled loader becomes, so a worker
    builds one (and one cache) for all its jobs."""
    key = tuple((e.provider, e.path) for e in search_path.get_path())
    if key not in _LOADERS:
        Plugins.instance()  # a new worker's config sources are registered by Hydra's plugin scan
        _LOADERS[key] = PointConfigLoader(search_path)
    return _LOADERS[key]
