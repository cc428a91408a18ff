"""Composing a sweep's points once each, from one composition of what they share.

Hydra composes every point twice: the sweeper checks the whole batch up front, then the launcher
composes the point again in its job; each composition re-reads ~16 YAML files (~0.15 s). But the
points of a sweep differ only in values (`seed=3`); their config groups (`policy=...`,
`experiment=...`) and Hydra settings are the same. `PointConfigLoader` composes each distinct set
of those once per process and applies a point's values to a copy (~0.01 s). The result is the
config Hydra's own composition gives, errors included (tests/test_sweep.py compares them).

The sweeper that uses it is `hydra_plugins.copsim_sweeper.CopsimSweeper`; launchers receive the
loader with the Hydra context (pickled to their workers, which keep their own cache).
"""

from __future__ import annotations

import copy
import os

from hydra._internal.config_loader_impl import ConfigLoaderImpl, get_overrides_dirname
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from hydra.errors import ConfigCompositionException
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

# Compositions by (config name, group and Hydra overrides, working folder), one cache per
# process: a worker composes each distinct structure once, however many points it runs.
_COMPOSED: dict[tuple, DictConfig] = {}


class PointConfigLoader(ConfigLoaderImpl):
    """Hydra's config loader; a sweep point is its structure's cached composition plus its
    values."""

    def load_sweep_config(self, master_config: DictConfig,
                          sweep_overrides: list[str]) -> DictConfig:
        parsed = OverridesParser.create().parse_overrides(
            [*master_config.hydra.overrides.hydra, *sweep_overrides])
        self.validate_sweep_overrides_legal(parsed, RunMode.RUN, from_shell=True)
        values = [o for o in parsed if self._is_value(o)]
        structure = [o.input_line for o in parsed if not self._is_value(o)]
        config_name = master_config.hydra.job.config_name
        key = (config_name, tuple(structure), os.getcwd())
        if key not in _COMPOSED:
            _COMPOSED[key] = self.load_configuration(config_name, structure, RunMode.RUN)
        cfg = copy.deepcopy(_COMPOSED[key])
        try:
            self._apply_overrides_to_config(values, cfg)
        except OmegaConfBaseException as exc:  # reported as Hydra's load_configuration does
            raise ConfigCompositionException().with_traceback(exc.__traceback__) from exc
        task = [o for o in parsed if not o.is_hydra_override()]
        cfg.hydra.overrides.task = [o.input_line for o in task]
        dirname = cfg.hydra.job.config.override_dirname
        cfg.hydra.job.override_dirname = get_overrides_dirname(
            overrides=task, exclude_keys=list(dirname.exclude_keys),
            item_sep=dirname.item_sep, kv_sep=dirname.kv_sep)
        OmegaConf.copy_cache(from_config=master_config, to_config=cfg)  # as Hydra does
        return cfg

    def _is_value(self, override: Override) -> bool:
        """A value of the app's config (`seed=3`), not a config group choice or a Hydra setting;
        the same test as Hydra's defaults list."""
        if override.is_hydra_override():
            return False
        return isinstance(override.value(), dict) or not self.repository.group_exists(
            override.key_or_group)
