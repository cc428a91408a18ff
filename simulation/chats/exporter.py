"""A simulated group written as a WhatsApp export (Android, day-first, 24-hour clock): the
synthetic sample data, and the histories of known assumptions that the recovery study imports and
calibrates back (`simulation.calibration.recovery`).

What the file holds is what a real export holds: the group's creation and its founders being
added on day 0, newcomers added on the first day of the week they join (day 1 in week 1), members
leaving on a random day of the week they leave (not before their last message), and the teachers' messages (reactions, and messages
of the programme, facilitator, experts or chatbot, are not written). Names are synthetic ("Teacher
01"); each message gets a time of day between `FIRST_HOUR` and `LAST_HOUR`, an answer after its
question when both fall on the same day; a question's text ends with a question mark and other
texts have none, so that the import's question rules read them right (what a reply answers is
left to the import's rules, as in a real export).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.observe import exported_view
from simulation.results import atomic_write_text

FIRST_HOUR, LAST_HOUR = 6, 22   # messages are written between these hours
REPLY_MINUTES = 60             # a same-day answer comes within this many minutes
START = date(2025, 1, 6)        # day 0 of a written group (a Monday)
GROUP_NAME = "Synthetic teachers group"
TEXTS = {
    "question": ("How do you teach fractions to a large class?",
                 "Naomba msaada: mnafundishaje sehemu kwa darasa kubwa?",
                 "Does anyone have the scheme of work for form 2?",
                 "Who has tried group work in algebra?"),
    "answer": ("I use paper strips, each pupil folds them.",
               "Mimi natumia vipande vya karatasi, inasaidia sana.",
               "I will share mine tonight.",
               "Start with pairs, then groups of four."),
    "share": ("Here is a worksheet I made for revision.",
              "Leo tumefanya jaribio la sayansi darasani.",
              "Sharing a video on teaching ratios.",
              "Good morning teachers, have a blessed week."),
}


def name(teacher: int) -> str:
    """The synthetic display name of member `teacher`."""
    return f"Teacher {teacher + 1:02d}"


def write_whatsapp(events: pd.DataFrame, members: pd.DataFrame, path: str | Path, *,
                   replicate: int = 0, group: int = 0, seed: int = 0,
                   start: date = START) -> Path:
    """Write one simulated group (a run's `events` and `members`, replicate and group given) as
    an Android WhatsApp export, atomically; returns the path."""
    rng = np.random.default_rng([seed, replicate, group])
    view, mem = exported_view(events, members, replicate)
    view = view[view["group"] == group].reset_index(drop=True)
    mem = mem[mem["group"] == group].reset_index(drop=True)
    first = int(mem["teacher"].min())
    teacher = mem["teacher"].to_numpy() - first
    minutes = _times(view, rng)
    last_day = view.groupby("author")["day"].max()
    entries = [(0, 0, f"{name(0)} created group \"{GROUP_NAME}\"")]
    for t, joined, left in zip(teacher, mem["join_week"].to_numpy(), mem["left_week"].to_numpy()):
        added = 0 if joined == 0 else max((joined - 1) * 7, 1) * 1440
        if t > 0:
            entries.append((added, 1, f"{name(0)} added {name(t)}"))
        if left >= 0:
            day = max((left - 1) * 7 + int(rng.integers(7)), added // 1440,
                      int(last_day.get(t + first, 0)))
            entries.append((day * 1440 + 1439, 3, f"{name(t)} left"))
    author = view["author"].to_numpy() - first
    kinds = view["kind"].to_numpy()
    for i, (at, who, kind) in enumerate(zip(minutes, author, kinds)):
        texts = TEXTS.get(kind, TEXTS["share"])
        entries.append((at, 2, f"{name(who)}: {texts[i % len(texts)]}"))
    entries.sort(key=lambda e: (e[0], e[1]))
    origin = datetime.combine(start, datetime.min.time())
    lines = [f"{(origin + timedelta(minutes=int(at))):%d/%m/%Y, %H:%M} - {text}"
             for at, _, text in entries]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, "\n".join(lines) + "\n")
    return path


def _times(view: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Minutes since day 0's midnight for each message: a random time of its day, an answer after
    the question it replies to when both are on the same day."""
    day = view["day"].to_numpy()
    span = (LAST_HOUR - FIRST_HOUR) * 60
    minutes = day * 1440 + FIRST_HOUR * 60 + rng.integers(span, size=len(day))
    reply = view["reply_to"].to_numpy()
    for i in np.flatnonzero(reply >= 0):
        q = reply[i]
        if day[q] == day[i] and minutes[i] <= minutes[q]:
            minutes[i] = min(minutes[q] + 1 + rng.integers(REPLY_MINUTES), day[i] * 1440 + 1438)
    return minutes
