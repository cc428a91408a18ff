"""Who helped whom: answering builds ties, and members answer those they are tied to (E11, E6).

Each peer answer ties its author and the asker (`record`); ties are kept sparsely, as one sorted
array of (helper, asker) pairs in `model.ties` (a group of 100,000 members holds only the pairs
that exist). When a member asks, the members tied to them who read the group today (either
direction: who helped them, or whom they helped) notice it first: with chance
`behaviour.tie_pull` one of them, drawn at random, takes the question up (`tied_reader`,
`answering.answer`), whatever the group's general chance of an answer. In online communities
direct reciprocity occurs above chance but is a minority of exchanges (Faraj & Johnson 2011,
Organization Science 22(6)); receiving help raises a member's later helping (Stack Overflow).
The level is an assumption. Reads `behaviour.tie_pull`.
"""

import numpy as np


def record(model, helpers: np.ndarray, askers: np.ndarray) -> None:
    """Tie each helper to the asker they answered (helpers[i] answered askers[i])."""
    if len(helpers):
        model.ties = np.union1d(model.ties, helpers.astype(np.int64) * model.n_teachers + askers)


def tied_reader(model, rows: np.ndarray, askers: np.ndarray) -> np.ndarray:
    """For open questions `rows` asked by `askers`: one member tied to the asker who reads the
    group today, drawn at random (the day's number at site "tie_pick"), or -1 if none."""
    found = np.full(len(rows), -1, np.int64)
    if len(model.ties) == 0 or len(rows) == 0:
        return found
    n, reading = model.n_teachers, model.state.reading
    helper, asker = np.divmod(model.ties, n)
    asking = np.zeros(n, bool)
    asking[askers] = True
    one_way = asking[asker] & reading[helper]   # their helper reads today
    other_way = asking[helper] & reading[asker]  # someone they helped reads today
    pairs = np.unique(np.concatenate([asker[one_way] * n + helper[one_way],
                                      helper[other_way] * n + asker[other_way]]))
    who, reader = np.divmod(pairs, n)  # sorted by asker, then reader
    start = np.searchsorted(who, askers, side="left")
    count = np.searchsorted(who, askers, side="right") - start
    has = count > 0
    if not has.any():
        return found
    pick = start[has] + np.floor(model.draw_questions("tie_pick", rows[has]) * count[has]).astype(np.int64)
    found[has] = reader[np.minimum(pick, start[has] + count[has] - 1)]
    return found


def partners(model) -> np.ndarray:
    """Per teacher: how many members they are tied to (helped, or were helped by)."""
    n = model.n_teachers
    helper, asker = np.divmod(model.ties, n)
    pairs = np.unique(np.minimum(helper, asker) * n + np.maximum(helper, asker))
    low, high = np.divmod(pairs, n)
    return np.bincount(np.concatenate([low, high]), minlength=n)
