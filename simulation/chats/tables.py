"""From a chat export's lines to the project's tables, anonymised on the way.

An import writes, atomically (`results.atomic_folder`), into its folder:
- `events.parquet`: one row per message, with a simulation's event columns (`replicate` 0,
  `group`, `event` (numbered across groups: the row), `day`, `author`, `kind`, `reply_to` (an
  `event`, -1 for none), `correct`) and `hours` (hours since midnight of the group's day 0). `kind` is `question` or `answer` (by the rules of
  `simulation.chats.questions`) or `share` (any other message: media and deleted messages
  included); `correct` cannot be known (always null). `text` only with `keep_text`.
- `members.parquet`: one row per member: `group`, `teacher` (0..), `member` (a salted id),
  `seen` (wrote or was named in a membership line), `join_week` (0: there from the start),
  `left_week` (-1: still there at the end), `left_how` (`left` or `removed`), `posts`,
  `questions`, `answers`, `active_weeks`. Reading, muting, roles and expertise cannot be known.
- `membership.parquet`: every change: `group`, `day`, `hours`, `teacher`, `change` (`created`,
  `joined`, `added`, `left`, `removed`), `by` (who made it, -1 when unknown or themselves).
- `import.json`: per group, its format, messages, members and where their number comes from
  (`size_source`), the start date and weeks; and what was kept.

**Privacy.** Names and phone numbers become salted ids (HMAC-SHA256 of the normalised name with a
secret salt: a new random salt per import unless `salt` is given, for example from a file kept
elsewhere, so that several imports share ids); nothing else about a person is kept; message text
is dropped unless `keep_text`; the group's name and the file's name are not written.

**Members who never wrote** are invisible in an export unless named in a membership line. The
group's size is the `members` number given, or the `member_list` given (names or numbers, which
are anonymised like authors), or else everyone seen; the size's source is written.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.chats.questions import REPLY_WINDOW_HOURS, find_replies, is_phatic, is_question
from simulation.chats.records import MESSAGE, MEMBERSHIP, ChatFormatError, Line
from simulation.results import atomic_folder, atomic_write_text, verify

TABLES = ("events", "members", "membership")
ABOUT = "import.json"
SALT_BYTES = 32
ID_CHARS = 16          # hex characters of a member's salted id
INVISIBLE = "(not seen)"
JOINING = ("created", "joined", "added")
LEAVING = ("left", "removed")
_MARKS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")  # direction marks, BOM
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # a chat's few names recur on every line
def normalised(name: str) -> str:
    """A name or phone number as one person: direction marks and extra spaces removed, case
    folded; a phone number reduced to its digits ("+255 712 345 678" -> "+255712345678")."""
    name = _SPACES.sub(" ", _MARKS.sub("", name)).strip()
    digits = re.sub(r"[\s\-().]", "", name)
    if re.fullmatch(r"\+?\d{6,}", digits):
        return digits
    return name.casefold()


def salted_id(name: str, salt: bytes) -> str:
    """The stable anonymous id of a person for a given salt."""
    return hmac.new(salt, normalised(name).encode(), hashlib.sha256).hexdigest()[:ID_CHARS]


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


@dataclass
class Group:
    """One group's tables, anonymised (what `build` returns)."""
    events: pd.DataFrame
    members: pd.DataFrame
    membership: pd.DataFrame
    about: dict = field(default_factory=dict)


class _People:
    """Names to member numbers in order of appearance; names themselves are dropped at the end."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}

    def __call__(self, name: str | None) -> int:
        if name is None:
            return -1
        key = normalised(name)
        if not key:
            return -1
        return self.number.setdefault(key, len(self.number))


def build(lines: Iterable[Line], *, salt: bytes, members: int | None = None,
          member_list: Iterable[str] = (), keep_text: bool = False,
          reply_window_hours: float = REPLY_WINDOW_HOURS, group: int = 0) -> Group:
    """One export's lines (in the file's order) as the project's tables of group `group`.
    Raises ChatFormatError for an export with no message."""
    people = _People()
    for name in member_list:
        people(name)
    listed = len(people.number)
    times, authors, questions, phatic, quoted, ids, texts = [], [], [], [], [], [], []
    changes = []  # (time, teacher, change, by)
    start: datetime | None = None
    for line in lines:
        if start is None:
            start = line.time
        if line.kind == MESSAGE:
            times.append(line.time)
            authors.append(people(line.author))
            asks = not line.media and not line.deleted and is_question(line.text)
            questions.append(asks)
            phatic.append(not asks and is_phatic(line.text))  # only answers-to-be need it
            quoted.append(line.quoted)
            ids.append(line.id)
            if keep_text:
                texts.append(line.text)
        elif line.kind in MEMBERSHIP:
            by = people(line.author)
            for member in line.members or (line.author,):
                who = people(member)
                changes.append((line.time, who, line.kind, -1 if by == who else by))
    if not times:
        raise ChatFormatError("the chat has no message (only system lines or nothing): "
                              "export the chat again with its messages")
    origin = datetime.combine(start.date(), datetime.min.time())
    hours = np.array([(t - origin).total_seconds() / 3600 for t in times])
    if np.any(np.diff(hours) < 0):  # exports are in time order; keep the order, sort if not
        order = np.argsort(hours, kind="stable")
    else:
        order = np.arange(len(hours))
    hours = hours[order]
    author = np.array(authors, np.int64)[order]
    question = np.array(questions, bool)[order]
    position = {id_: i for i, id_ in enumerate(np.array(ids, object)[order]) if id_ is not None}
    quote = np.array([position.get(q, -1) if q is not None else -1
                      for q in np.array(quoted, object)[order]], np.int64)
    reply_to = find_replies(hours, author, question, quote, reply_window_hours,
                            np.array(phatic, bool)[order])
    kind = np.where(question, "question", np.where(reply_to >= 0, "answer", "share"))
    day = (hours // 24).astype(np.int64)
    events = pd.DataFrame({
        "replicate": 0, "group": group, "event": np.arange(len(day)), "day": day,
        "author": author, "kind": kind, "reply_to": reply_to,
        "correct": pd.array([pd.NA] * len(day), dtype="boolean"), "hours": hours,
    })
    if keep_text:
        events["text"] = np.array(texts, object)[order]

    seen = len(people.number)
    size, source = seen, "everyone seen in messages and membership lines"
    if member_list:
        source = f"the member list given ({listed}) and anyone else seen"
    if members is not None:
        if members < seen:
            raise ChatFormatError(f"--members {members}: {seen} different people wrote or were "
                                  f"named in the chat; give at least {seen}")
        size, source = members, "given with --members"
    membership = _membership(changes, origin, group)
    table = _members(events, membership, people, salt, size, seen, group)
    weeks = int(day.max()) // 7 + 1
    about = {"messages": int(len(day)), "members": int(size), "size_source": source,
             "seen_members": int(seen), "start": start.date().isoformat(), "weeks": weeks,
             "questions": int(question.sum()), "answers": int((kind == "answer").sum()),
             "membership_changes": int(len(membership))}
    return Group(events, table, membership, about)


def _membership(changes: list, origin: datetime, group: int) -> pd.DataFrame:
    hours = np.array([(t - origin).total_seconds() / 3600 for t, *_ in changes], float)
    return pd.DataFrame({
        "group": np.full(len(changes), group, np.int64),
        "day": (hours // 24).astype(np.int64),
        "hours": hours,
        "teacher": np.array([c[1] for c in changes], np.int64),
        "change": pd.Categorical([c[2] for c in changes], categories=list(MEMBERSHIP)),
        "by": np.array([c[3] for c in changes], np.int64),
    })


def _members(events: pd.DataFrame, membership: pd.DataFrame, people: _People, salt: bytes,
             size: int, seen: int, group: int) -> pd.DataFrame:
    """Per member: joined when first added or joined after day 0 (else a founder), left when
    their last change is leaving or removal and they wrote nothing later; members never seen
    fill the group to `size`."""
    join_week = np.zeros(size, np.int64)
    left_week = np.full(size, -1, np.int64)
    left_how = np.full(size, None, object)
    for teacher, changes in membership.groupby("teacher", sort=False):
        if teacher < 0:
            continue
        joining = changes[changes["change"].isin(JOINING)]
        first_day = int(joining["day"].iloc[0]) if len(joining) else 0
        wrote = events.loc[events["author"] == teacher, "day"]
        if first_day > 0 and not (len(wrote) and wrote.iloc[0] < first_day):
            join_week[teacher] = first_day // 7 + 1
        last = changes.iloc[-1]
        wrote_after = len(wrote) and wrote.iloc[-1] > last["day"]  # back, though unrecorded
        if last["change"] in LEAVING and not wrote_after:
            left_week[teacher] = int(last["day"]) // 7 + 1
            left_how[teacher] = str(last["change"])
    ids = {number: salted_id(name, salt) for name, number in people.number.items()}
    author = events["author"].to_numpy()
    writes = author >= 0
    counts = {kind: np.bincount(author[writes & (events["kind"].to_numpy() == kind)],
                                minlength=size)[:size] for kind in ("question", "answer")}
    weeks_active = events[writes].groupby("author")["day"].apply(lambda d: (d // 7).nunique())
    active_weeks = np.zeros(size, np.int64)
    active_weeks[weeks_active.index.to_numpy()] = weeks_active.to_numpy()
    return pd.DataFrame({
        "group": np.full(size, group, np.int64),
        "teacher": np.arange(size),
        "member": [ids.get(t, INVISIBLE) for t in range(size)],
        "seen": np.arange(size) < seen,
        "join_week": join_week,
        "left_week": left_week,
        "left_how": pd.Categorical(left_how, categories=list(LEAVING)),
        "posts": np.bincount(author[writes], minlength=size)[:size],
        "questions": counts["question"],
        "answers": counts["answer"],
        "active_weeks": active_weeks,
    })


def describe(about: dict) -> str:
    """A group of `import.json` in words: "1,234 messages, 38 members (given with --members),
    26 weeks from 2025-01-06"."""
    weeks = about["weeks"]
    return (f"{about['messages']:,} messages, {about['members']} members "
            f"({about['size_source']}), {weeks} week{'' if weeks == 1 else 's'} "
            f"from {about['start']}")


def save(groups: list[Group], directory: str | Path, about: dict) -> Path:
    """Write the groups' tables, one file per table, and `import.json`, atomically. Events are
    numbered across the groups, as in a run (`event` is the row, `reply_to` an `event`)."""
    events, offset = [], 0
    for g in groups:
        reply = g.events["reply_to"].to_numpy()
        events.append(g.events.assign(event=g.events["event"].to_numpy() + offset,
                                      reply_to=np.where(reply >= 0, reply + offset, -1)))
        offset += len(g.events)
    tables = {"events": events, "members": [g.members for g in groups],
              "membership": [g.membership for g in groups]}
    with atomic_folder(directory) as staging:
        for name in TABLES:
            table = pd.concat(tables[name], ignore_index=True)
            table.to_parquet(staging / f"{name}.parquet", index=False)
        atomic_write_text(staging / ABOUT,
                          json.dumps({**about, "groups": [g.about for g in groups]}, indent=2))
    return Path(directory)


def load(directory: str | Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """An import's events, members and `import.json`; raises FileNotFoundError or ValueError
    (naming the folder) for a folder that is not a complete import."""
    directory = Path(directory)
    if not (directory / ABOUT).is_file():
        raise FileNotFoundError(f"{directory}: not a copsim-import folder (no {ABOUT}); "
                                "run copsim-import FILE --out DIR first")
    problems = verify(directory)
    if problems:
        raise ValueError(f"{directory}: incomplete or altered import: {'; '.join(problems)}")
    about = json.loads((directory / ABOUT).read_text())
    return (pd.read_parquet(directory / "events.parquet"),
            pd.read_parquet(directory / "members.parquet"), about)
