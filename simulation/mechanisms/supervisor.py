"""A supervisor in the group makes teachers feel observed (E5); evaluator experts do too (E15).

pressure_i = supervisor_pressure * (1 if novice else experienced_share)
             * ([supervisor present] + [experts seen as evaluators])
Asking is scaled by (1 - pressure), so questions fall most among novices; acknowledgements
(reactions) rise meanwhile (see `posting`). The supervisor also launches discussions,
`behaviour.announcements_per_week` of them. Reads `policy.supervisor`, `policy.experts`,
`behaviour.supervisor_pressure`, `behaviour.experienced_share`.
"""

import numpy as np

from simulation.board import SUPERVISOR
from simulation.parameters import at


def pressure(model, teachers=slice(None)) -> np.ndarray:
    """Felt observation of `teachers` (indices; default all)."""
    st, policy, b = model.state, model.params.policy, model.params.behaviour
    observers = 1 * (policy.supervisor == "present") + 1 * (policy.experts == "evaluator")
    exposure = np.where(st.novice[teachers], 1.0, model.param(b.experienced_share, teachers))
    felt = model.param(b.supervisor_pressure, teachers) * exposure * model.param(observers, teachers)
    return np.minimum(felt, 1.0)


def announce(model, day) -> None:
    present = np.flatnonzero(np.broadcast_to(model.params.policy.supervisor == "present",
                                             model.n_groups))
    chance = at(model.params.behaviour.announcements_per_week, present) / 7
    groups = present[model.draw_groups("announce", present) < chance]
    model.publish("prompt", np.full(len(groups), SUPERVISOR), groups=groups)
