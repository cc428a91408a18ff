"""Recognition: awards that feed intrinsic motivation and belonging, and wear off when the same
people get them again and again (E10, E3, X1).

An award to member i (`recognise`) gives

  gain_i = recognition_gain / (1 + n_i / recognition_habituation)
  motivation_i += gain_i * (1 - motivation_i),   belonging_i += gain_i * (1 - belonging_i)

where n_i counts the awards i had before (`recognised`, from the programme or a moderator). What
is gained stays (E10: recognition's effect lasts; X1: positive feedback raises intrinsic
motivation, d about +0.33, Deci, Koestner & Ryan 1999; one-off symbolic awards raised newcomers'
retention for a year, Gallus 2017, Management Science 63(12)); the next award to the same member
adds less (assumption: no study measured how repeated awards to the same person wear off).

The programme's award (`policy.incentive.recognition`; weekly while on, one-off or periodic with
`policy.phases`) goes, at the end of the week, to one target in each group, with one message:
- `active`: every member active in the week;
- `top`: the week's top `behaviour.celebrated` contributors by messages written;
- `newcomers`: members whose first active week this is: a welcome for a first contribution.
Moderators celebrate their group's top contributors the same way (`moderator.weekly`). Reads
`policy.incentive.recognition`, `behaviour.recognition_gain`, `behaviour.recognition_habituation`,
`behaviour.celebrated`.
"""

import numpy as np

from simulation.board import PROGRAMME


def recognise(model, teachers: np.ndarray) -> None:
    """An award to each of `teachers` (indices, each at most once)."""
    st, b = model.state, model.params.behaviour
    gain = (model.param(b.recognition_gain, teachers)
            / (1 + st.recognised[teachers] / model.param(b.recognition_habituation, teachers)))
    st.motivation[teachers] += gain * (1 - st.motivation[teachers])
    st.belonging[teachers] += gain * (1 - st.belonging[teachers])
    st.recognised[teachers] += 1


def celebrate(model, day) -> None:
    target = np.broadcast_to(model.params.policy.incentive.recognition, model.n_groups)
    if (target == "none").all():
        return
    st = model.state
    active = st.present & st.active_week
    chosen = np.zeros(model.n_teachers, bool)
    chosen |= active & (target == "active")[st.group]
    chosen |= active & (st.active_weeks == 0) & (target == "newcomers")[st.group]
    posters = np.flatnonzero(active & (st.posts_week > 0) & (target == "top")[st.group])
    chosen[model.top_in_groups("award_ties", posters, st.posts_week[posters],
                               model.params.behaviour.celebrated)] = True
    awarded = np.flatnonzero(chosen)
    recognise(model, awarded)
    groups = np.unique(st.group[awarded])
    model.publish("recognition", np.full(len(groups), PROGRAMME), groups=groups)
