"""A reply to a member's first message brings them back (newcomers, E11).

A member whose first message gets a reply (a peer's, an expert's or the chatbot's answer, or a
reaction) is more likely to come back and post again: in Usenet groups, newcomers whose first
post got a reply posted again more often (Joyce & Kraut 2006, Journal of Computer-Mediated
Communication 11(3): 56% against 44%). Daily, after every answerer: a member whose first
message (`first_post`, a founder's or a newcomer's) got its first reply today is welcomed, once:

  motivation += first_reply_lift * (1 - motivation),   belonging += first_reply_lift * (1 - belonging)

The direction is the source's; the size is an assumption (not tuned to the 12 points). Reads
`behaviour.first_reply_lift`.
"""

import numpy as np


def greet(model, day) -> None:
    st, events = model.state, model.board.events
    today = slice(model.first_event_today, events.size)
    reply_to = events["reply_to"][today]
    reply_to = reply_to[reply_to >= 0]
    authors = events["author"][reply_to]
    first = (authors >= 0) & (st.first_post[np.maximum(authors, 0)] == reply_to)
    new = np.unique(authors[first])
    new = new[~st.welcomed[new]]
    if len(new) == 0:
        return
    lift = model.param(model.params.behaviour.first_reply_lift, new)
    st.motivation[new] += lift * (1 - st.motivation[new])
    st.belonging[new] += lift * (1 - st.belonging[new])
    st.welcomed[new] = True
