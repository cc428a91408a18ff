"""A simulated group written as a WhatsApp export and imported back gives what a `.txt` export
can carry: authors, days, questions, who joined and left and when, and so the same observed
indicators; not reactions, reply links or reading (tests/test_observe.py covers those)."""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from simulation import simulate
from simulation.chats.exporter import write_whatsapp
from simulation.chats.formats import read_chat
from simulation.chats.tables import build, new_salt
from simulation.observe import exported_view, summary, weekly


@pytest.fixture(scope="module", params=[(["weeks=26", "replicates=1"], 5),
                                        (["weeks=12", "replicates=1", "policy=dime_recommended",
                                          "population=kenya_kplay"], 8)])
def trip(request, tmp_path_factory):
    overrides, seed = request.param
    result = simulate(overrides, seed=seed)
    path = write_whatsapp(result.events, result.members,
                          tmp_path_factory.mktemp("chat") / "chat.txt", seed=seed)
    fmt, lines = read_chat(path)
    assert fmt == "whatsapp"
    weeks = int(overrides[0].split("=")[1])
    return exported_view(result.events, result.members), build(lines, salt=new_salt()), weeks, path


STAMP = re.compile(r"^(\d\d)/(\d\d)/(\d{4}), (\d\d):(\d\d) - ([^:]+?)(: |$| left$| added )")


def _written(path) -> tuple[list[float], int, int]:
    """From the file itself (not the reader): each message's hours since day 0's midnight, and
    the numbers of "added" and "left" lines."""
    hours, added, left = [], 0, 0
    origin = None
    for line in path.read_text().splitlines():
        day, month, year, hour, minute = (int(x) for x in STAMP.match(line).groups()[:5])
        at = datetime(year, month, day, hour, minute)
        origin = origin or datetime.combine(at.date(), datetime.min.time())
        rest = line.split(" - ", 1)[1]
        if rest.endswith(" left"):
            left += 1
        elif " added " in rest and ": " not in rest:
            added += 1
        elif ": " in rest:
            hours.append((at - origin).total_seconds() / 3600)
    return hours, added, left


def test_times_and_membership_lines_come_back(trip):
    (_, members), imported, _, path = trip
    hours, added, left = _written(path)
    np.testing.assert_allclose(sorted(imported.events["hours"]), sorted(hours))
    changes = imported.membership["change"].astype(str).value_counts()
    assert changes.get("added", 0) == added == len(members) - 1
    assert changes.get("left", 0) == left == (members["left_week"] >= 0).sum()
    assert changes.get("created", 0) == 1


def _messages(events: pd.DataFrame) -> list[tuple]:
    return sorted(zip(events["day"], events["author"], events["kind"] == "question"))


def test_messages_come_back_with_their_authors_days_and_questions(trip):
    (view, _), imported, _, _ = trip
    assert len(view) > 20
    assert _messages(view) == _messages(imported.events)
    assert (np.diff(imported.events["hours"]) >= 0).all()


def test_members_and_their_joining_and_leaving_come_back(trip):
    (_, members), imported, _, _ = trip
    back = imported.members
    assert imported.about["members"] == len(members)
    np.testing.assert_array_equal(back["join_week"], members["join_week"])
    np.testing.assert_array_equal(back["left_week"], members["left_week"])
    closed = imported.about["membership_changes"] == len(members)  # created, then added founders
    assert closed or ((members["join_week"] > 0).any() and (members["left_week"] >= 0).any())


def test_the_observed_indicators_are_the_same(trip):
    (view, members), imported, weeks, _ = trip
    a, b = weekly(view, members, weeks), weekly(imported.events, imported.members, weeks)
    for column in ("enrolled", "members", "active", "posts", "questions", "left"):
        np.testing.assert_array_equal(a[column], b[column], column)
    s, t = summary(view, members, weeks), summary(imported.events, imported.members, weeks)
    for column in ("retention_w4", "top10_share", "left_share", "posts_per_member_week"):
        np.testing.assert_allclose(s[column], t[column], err_msg=column)
