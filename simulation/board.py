"""The message board: every message and action, and the questions waiting for an answer.

This is the per-message bookkeeping of the model (who replied to whom, and when). Columns double
while small and then grow by half their size at a time (`GROWTH`), so that appending a day's
messages costs time proportional to the day's volume while at most a third of a large column is
unused (a year of 500,000 teachers writes ~34 million events).
"""

from __future__ import annotations

import numpy as np

KINDS = (
    "question",
    "answer",
    "share",
    "reaction",
    "offtopic",
    "prompt",
    "recognition",
    "expert_answer",
    "chatbot_answer",
)
KIND = {name: code for code, name in enumerate(KINDS)}
ANSWER_KINDS = (KIND["answer"], KIND["expert_answer"], KIND["chatbot_answer"])
NA = -1  # `correct` for kinds where correctness does not apply
GROWTH = 1.5  # a full column grows to this many times its size ...
DOUBLING_BELOW = 1 << 22  # ... or to twice it while shorter than this (copies cost less)
# Authors of events who are not teachers have negative ids (DESIGN.md, events table); teachers
# are authors by their index (>= 0).
FACILITATOR = -1
SUPERVISOR = -2
EXPERT = -3
CHATBOT = -4
PROGRAMME = -5


def kind_table(*names: str) -> np.ndarray:
    """Lookup by kind code: `kind_table("answer", "share")[codes]` is True for those kinds (one
    indexing operation, cheaper than `np.isin` on every day's events)."""
    table = np.zeros(len(KINDS), bool)
    table[[KIND[name] for name in names]] = True
    return table


class GrowingTable:
    """Named numpy columns that grow by appending; `table[name]` is the filled part."""

    def __init__(self, dtypes: dict[str, type]) -> None:
        self._capacity = 1024
        self._columns = {name: np.empty(self._capacity, dtype) for name, dtype in dtypes.items()}
        self.size = 0

    def __getitem__(self, name: str) -> np.ndarray:
        return self._columns[name][: self.size]

    def append(self, n: int, **values) -> np.ndarray:
        """Append `n` rows; every column is given, as `n` values or one value for all rows.
        Returns the new rows' positions."""
        start, end = self.size, self.size + n
        if end > self._capacity:
            self._grow(end)
        for name, column in self._columns.items():
            column[start:end] = values[name]
        self.size = end
        return np.arange(start, end)

    def _grow(self, needed: int) -> None:
        while self._capacity < needed:
            factor = 2 if self._capacity < DOUBLING_BELOW else GROWTH
            self._capacity = int(self._capacity * factor) + 1
        for name, column in self._columns.items():
            grown = np.empty(self._capacity, column.dtype)
            grown[: self.size] = column[: self.size]
            self._columns[name] = grown


class Board:
    """Events of all groups, and the registry of questions (open until first answered)."""

    def __init__(self) -> None:
        self.events = GrowingTable(
            {
                "group": np.int64,
                "day": np.int32,
                "author": np.int64,
                "kind": np.int8,
                "reply_to": np.int64,
                "correct": np.int8,
            }
        )
        self.questions = GrowingTable(
            {
                "event": np.int64,
                "group": np.int64,
                "asker": np.int64,
                "day": np.int32,
                "difficulty": np.float64,
                "answered_day": np.int32,
                "reply_hours": np.float64,
                "position": np.int64,  # the question's number in its group: keys its draws
            }
        )
        self.open = np.empty(0, np.int64)  # positions in `questions` still waiting
        self.asked = np.zeros(0, np.int64)  # per group: questions registered so far

    def post(
        self,
        day: int,
        kind: str,
        authors: np.ndarray,
        groups: np.ndarray,
        reply_to: np.ndarray | None = None,
        correct: np.ndarray | None = None,
    ) -> np.ndarray:
        """Record one message per author; returns the new event ids."""
        return self.events.append(
            len(authors),
            group=groups,
            day=day,
            author=authors,
            kind=KIND[kind],
            reply_to=-1 if reply_to is None else reply_to,
            correct=NA if correct is None else correct,
        )

    def register_questions(
        self,
        day: int,
        events: np.ndarray,
        askers: np.ndarray,
        groups: np.ndarray,
        difficulty: np.ndarray,
    ) -> None:
        """Open posted questions (their event ids) for answers, numbered within their group in
        the order given."""
        if len(groups) and groups.max() >= len(self.asked):
            self.asked = np.concatenate([self.asked, np.zeros(groups.max() + 1 - len(self.asked), np.int64)])
        order = np.argsort(groups, kind="stable")
        sorted_groups = groups[order]
        position = np.empty(len(groups), np.int64)
        position[order] = (self.asked[sorted_groups] + np.arange(len(groups))
                           - np.searchsorted(sorted_groups, sorted_groups, side="left"))
        np.add.at(self.asked, groups, 1)
        rows = self.questions.append(
            len(askers),
            event=events,
            group=groups,
            asker=askers,
            day=day,
            difficulty=difficulty,
            answered_day=-1,
            reply_hours=np.nan,
            position=position,
        )
        self.open = np.concatenate([self.open, rows])

    def close(self, rows: np.ndarray, day: int, reply_hours: np.ndarray) -> None:
        """Mark questions (positions in `questions`) as answered today."""
        self.questions["answered_day"][rows] = day
        self.questions["reply_hours"][rows] = reply_hours
        self.open = self.open[self.questions["answered_day"][self.open] < 0]

    def age(self, rows: np.ndarray, day: int) -> np.ndarray:
        """Days since each question (positions in `questions`) was asked."""
        return day - self.questions["day"][rows]

    def expire(self, day: int, window) -> np.ndarray:
        """Drop questions older than `window` days (one number, or one per open question) from
        the open set; returns their askers."""
        age = day - self.questions["day"][self.open]
        expired = self.open[age >= window]
        self.open = self.open[age < window]
        return self.questions["asker"][expired]
