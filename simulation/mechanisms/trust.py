"""Trust grows with reciprocated replies and is diluted by size (E6, E11, E14).

Daily, for each member: trust += trust_reply_gain * (1 - trust) if one of their questions was
answered today; trust -= trust_unanswered_loss * trust per question that expired unanswered
today (E11; `answering.expire`).
Weekly, trust above the group's ceiling relaxes towards it (E6, E14: strangers in a big group):
ceiling_g = 1 / (1 + members_g / trust_size_scale) + homogeneity_trust * (homogeneity - 0.5)
            + kickoff_trust * kickoff
At set-up (`start`), similar members start trusting each other more (E16):
trust += homogeneity_trust * (homogeneity - 0.5), within [0.01, 0.99]; a kick-off workshop
raises the founders' trust too (`meetings.kickoff`). Reads `behaviour.trust_reply_gain`,
`behaviour.trust_unanswered_loss`, `behaviour.trust_size_scale`, `behaviour.trust_relaxation`,
`behaviour.homogeneity_trust`, `behaviour.kickoff_trust`, `policy.kickoff`, `policy.homogeneity`.
"""

import numpy as np

from simulation.state import within_drawn_range



def start(model) -> None:
    """Set-up: the members' starting trust moved by how similar they are (E16)."""
    st, b, policy = model.state, model.params.behaviour, model.params.policy
    st.trust[:] = within_drawn_range(
        st.trust + model.param(b.homogeneity_trust * (policy.homogeneity - 0.5)))


def update(model, day) -> None:
    st, b = model.state, model.params.behaviour
    answered = np.flatnonzero(st.answers_received > 0)  # the others' trust is unchanged
    st.trust[answered] += (model.param(b.trust_reply_gain, answered) * (1 - st.trust[answered])
                           * np.minimum(st.answers_received[answered], 1))
    ignored = np.flatnonzero(st.unanswered > 0)
    kept = 1 - model.param(b.trust_unanswered_loss, ignored)
    st.trust[ignored] *= kept ** st.unanswered[ignored]


def ceiling(model) -> np.ndarray:
    b, policy = model.params.behaviour, model.params.policy
    members = model.per_group(model.state.present.astype(float))
    return (1 / (1 + members / b.trust_size_scale)
            + b.homogeneity_trust * (policy.homogeneity - 0.5)
            + b.kickoff_trust * policy.kickoff)


def dilute_by_size(model, day) -> None:
    st, b = model.state, model.params.behaviour
    excess = np.maximum(st.trust - ceiling(model)[st.group], 0.0)
    st.trust -= model.param(b.trust_relaxation) * excess
