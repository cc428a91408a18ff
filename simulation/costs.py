"""What a policy costs a programme, per group over the horizon (DESIGN.md: "what each costs").

Unit prices are in `costs.*` (US dollars, all assumptions to be replaced by a programme's own).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulation.board import FACILITATOR


def group_costs(model, weekly: pd.DataFrame) -> np.ndarray:
    """Total cost per group (indexed like `model.groups`)."""
    s, st, g = model.settings, model.state, model.groups
    c, policy, weeks = s.costs, s.policy, s.weeks
    enrolled = model.per_group((st.join_day < weeks * 7).astype(float))
    founders = model.per_group((st.join_day == 0).astype(float))
    member_weeks = weekly.groupby(["replicate", "group"], sort=True)["members"].sum().to_numpy()
    order = np.lexsort((g.index, g.replicate))  # weekly groups come sorted by (replicate, group)
    member_weeks = member_weeks[np.argsort(order)]

    cost = np.zeros(model.n_groups)
    if policy.kickoff:
        cost += c.kickoff_per_teacher * founders
    cost += c.meeting_per_teacher * g.attendees_total
    if policy.data_subsidy:
        cost += c.data_per_teacher_week * member_weeks
    if policy.digital_training:
        cost += c.training_per_teacher * enrolled
    cost += c.facilitator_per_hour * g.moderator_hours_total * (g.holder == FACILITATOR)
    if policy.experts != "none":
        cost += c.expert_per_group_week * weeks
    if policy.chatbot:
        cost += c.chatbot_per_group_week * weeks
    cost += c.financial_per_teacher_week * policy.incentive.financial * member_weeks
    if policy.incentive.recognition:
        cost += c.recognition_per_group_week * weeks
    return cost
