"""Trust grows with reciprocated replies and is diluted by size (E6, E11, E14).

Daily, for each member: trust += trust_reply_gain * (1 - trust) if one of their questions was
answered today; trust -= trust_unanswered_loss * trust per question that expired unanswered (E11).
Weekly, trust above the group's ceiling relaxes towards it (E6, E14: strangers in a big group):
ceiling_g = 1 / (1 + members_g / trust_size_scale) + homogeneity_trust * (homogeneity - 0.5)
            + kickoff_trust * kickoff
A kick-off workshop also starts trust higher (`population`). Reads `behaviour.trust_reply_gain`,
`behaviour.trust_unanswered_loss`, `behaviour.trust_size_scale`, `behaviour.trust_relaxation`,
`behaviour.homogeneity_trust`, `behaviour.kickoff_trust`, `behaviour.answer_window_days`,
`policy.kickoff`, `policy.homogeneity`.
"""

import numpy as np


def update(model, day) -> None:
    st, b = model.state, model.settings.behaviour
    expired = model.board.expire(day.index, b.answer_window_days)
    np.add.at(st.unanswered, expired, 1.0)
    answered = np.flatnonzero(st.answers_received > 0)  # the others' trust is unchanged
    st.trust[answered] += (b.trust_reply_gain * (1 - st.trust[answered])
                           * np.minimum(st.answers_received[answered], 1))
    ignored = np.flatnonzero(st.unanswered > 0)
    st.trust[ignored] *= (1 - b.trust_unanswered_loss) ** st.unanswered[ignored]


def ceiling(model) -> np.ndarray:
    b, policy = model.settings.behaviour, model.settings.policy
    members = model.per_group(model.state.present.astype(float))
    return (1 / (1 + members / b.trust_size_scale)
            + b.homogeneity_trust * (policy.homogeneity - 0.5)
            + (b.kickoff_trust if policy.kickoff else 0.0))


def dilute_by_size(model, day) -> None:
    st, b = model.state, model.settings.behaviour
    excess = np.maximum(st.trust - ceiling(model)[st.group], 0.0)
    st.trust -= b.trust_relaxation * excess
