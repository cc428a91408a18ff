"""What a policy costs a programme, per group over the horizon (DESIGN.md: "what each costs").

Unit prices are in `costs.*` (US dollars, all assumptions to be replaced by a programme's own).
Each week `count_week` adds up what the programme paid for that week, in units (member-weeks of
data bundles and of payments, group-weeks of experts, chatbot and recognition, facilitator
hours), because a timeline (`policy.phases`) switches these on and off; `group_costs` prices the
units at the end, with the one-off kick-off, meetings attended and teachers trained.
"""

from __future__ import annotations

import numpy as np

from simulation.board import FACILITATOR
from simulation.mechanisms import incentive

# The weekly units, per group (`model.groups`), and the price (`costs.*`) of each.
UNITS = {
    "data_member_weeks": "data_per_teacher_week",
    "paid_member_weeks": "financial_per_teacher_week",  # paid members x policy.incentive.financial
    "expert_weeks": "expert_per_group_week",
    "chatbot_weeks": "chatbot_per_group_week",
    "recognition_weeks": "recognition_per_group_week",
    "facilitator_hours": "facilitator_per_hour",
}


def count_week(model) -> None:
    """Add this week's units (called at the end of each week, before the weekly record)."""
    g, policy = model.groups, model.params.policy
    members = model.per_group(model.state.present.astype(float))
    g.data_member_weeks += members * policy.data_subsidy
    paid = model.per_group(incentive.paid_members(model).astype(float))
    g.paid_member_weeks += paid * policy.incentive.financial
    g.expert_weeks += 1.0 * (policy.experts != "none")
    g.chatbot_weeks += 1.0 * policy.chatbot
    g.recognition_weeks += 1.0 * (policy.incentive.recognition != "none")
    g.facilitator_hours += g.moderator_hours_week * (g.holder == FACILITATOR)


def group_costs(model) -> np.ndarray:
    """Total cost per group (indexed like `model.groups`)."""
    st, g, p = model.state, model.groups, model.params
    c = p.costs
    founders = model.per_group((st.join_day == 0).astype(float))
    cost = c.kickoff_per_teacher * founders * p.policy.kickoff
    cost = cost + c.meeting_per_teacher * g.attendees_total
    cost += c.training_per_teacher * model.per_group(st.trained.astype(float))
    for units, price in UNITS.items():
        cost += getattr(c, price) * getattr(g, units)
    return cost
