"""What a policy costs a programme, per group over the horizon (DESIGN.md: "what each costs").

Unit prices are in `costs.*` (US dollars, all assumptions to be replaced by a programme's own).
"""

from __future__ import annotations

import numpy as np

from simulation.board import FACILITATOR


def group_costs(model, member_weeks: np.ndarray) -> np.ndarray:
    """Total cost per group (indexed like `model.groups`); `member_weeks`: per group, the sum
    over the weeks of its present members."""
    st, g, p, weeks = model.state, model.groups, model.params, model.weeks
    c, policy = p.costs, p.policy
    enrolled = model.per_group((st.join_day < weeks * 7).astype(float))
    founders = model.per_group((st.join_day == 0).astype(float))

    cost = np.zeros(model.n_groups)
    cost += c.kickoff_per_teacher * founders * policy.kickoff
    cost += c.meeting_per_teacher * g.attendees_total
    cost += c.data_per_teacher_week * member_weeks * policy.data_subsidy
    cost += c.training_per_teacher * enrolled * policy.digital_training
    cost += c.facilitator_per_hour * g.moderator_hours_total * (g.holder == FACILITATOR)
    cost += c.expert_per_group_week * weeks * (policy.experts != "none")
    cost += c.chatbot_per_group_week * weeks * policy.chatbot
    cost += c.financial_per_teacher_week * policy.incentive.financial * member_weeks
    cost += c.recognition_per_group_week * weeks * policy.incentive.recognition
    return cost
