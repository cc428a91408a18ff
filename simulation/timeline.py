"""Policy timelines: knobs that change at given weeks (`policy.phases`).

A phase holds in week w when start <= w <= end (end null: the last week) and (w - start) is a
multiple of `every`; while it holds, the knobs in its `set` take its values, and otherwise the
policy's own values hold. So `pilot_then_handover` is the `none` policy with a facilitator, data
bundles and digital training in weeks 1-13, then rotating teachers from week 14, and a
certificate at mid-year is a phase `{start: 26, end: 26, set: {incentive.recognition: top}}`.

`Timeline(scenarios)` computes, for every knob that some phase of some scenario changes, a
weeks x groups table of its values (the model's groups, scenario by scenario); `enter(params,
week)` puts week w's values into `model.params` at the start of the week (`CommunityModel`
then hands roles over where the moderator mode changed). Knobs that decide who the members are
(`config.FIXED_FOR_THE_RUN`) cannot change; `config.validate` checks every phase (in order, not
overlapping, within the horizon, existing knobs, allowed values).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulation.config import Config, phase_knobs, phase_settings, setting
from simulation.parameters import put


def holds(phase, week: int, weeks: int) -> bool:
    """Whether `phase` holds in `week` of a run of `weeks` weeks."""
    end = weeks if phase.end is None else phase.end
    return phase.start <= week <= end and (week - phase.start) % phase.every == 0


class Timeline:
    """The per-week values of the knobs that phases change, for every group of a model."""

    def __init__(self, scenarios: Sequence[Config]) -> None:
        weeks = scenarios[0].weeks
        counts = [s.replicates * s.groups for s in scenarios]
        keys = sorted({f"policy.{key}" for s in scenarios for phase in s.policy.phases
                       for key in phase_knobs(phase)})
        self.tables: dict[str, np.ndarray] = {}
        for key in keys:
            columns = []
            for settings in scenarios:
                phases = phase_settings(settings)
                column = []
                for week in range(1, weeks + 1):
                    now = next((p for phase, p in phases if holds(phase, week, weeks)), settings)
                    column.append(setting(now, key))
                columns.append(column)
            self.tables[key] = np.repeat(np.array(columns).T, counts, axis=1)  # weeks x groups

    def enter(self, params, week: int) -> None:
        """Set week `week`'s values (1-based) of the changing knobs in `params`."""
        for key, table in self.tables.items():
            put(params, key, table[week - 1])
