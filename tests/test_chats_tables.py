"""The import's tables and command (simulation/chats/tables.py, cli.py): nothing personal reaches
a file, ids are stable for a salt, the group's size says where it comes from, membership changes
become joining and leaving weeks, and bad input stops with a message naming it."""

from __future__ import annotations

import stat
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.chats import cli
from simulation.chats.records import ChatFormatError, Line
from simulation.chats.tables import build, load, new_salt, salted_id, save

DATA = Path(__file__).parent / "data" / "chats"
SAMPLE = Path(__file__).parent.parent / "examples" / "chats" / "synthetic_whatsapp.txt"
DAY0 = datetime(2025, 3, 3, 8, 0)
PEOPLE = ("Amina Juma", "+255 712 345 678", "Baraka Mushi", "Neema")


def at(days: float) -> datetime:
    return DAY0 + timedelta(days=days)


def _lines() -> list[Line]:
    amina, phone, baraka, neema = PEOPLE
    return [
        Line(at(0), "created", amina, members=(amina,)),
        Line(at(0), "added", amina, members=(phone, baraka)),
        Line(at(0.1), "message", amina, "Karibuni walimu, mnaweza kushiriki mpango wa somo?"),
        Line(at(0.2), "message", phone, "I have one for form 2, sharing now"),
        Line(at(0.3), "message", baraka, "", media=True),
        Line(at(10), "added", amina, members=(neema,)),
        Line(at(11), "message", neema, "Asanteni kwa kunikaribisha"),
        Line(at(20), "left", phone, members=(phone,)),
        Line(at(22), "message", "+255712345678", "Samahani, nimerudi"),  # wrote again: not gone
        Line(at(23), "removed", amina, members=(baraka,)),
    ]


def test_members_their_weeks_and_messages():
    group = build(_lines(), salt=b"s" * 32)
    m = group.members.set_index("teacher")
    assert group.about["members"] == 4 and group.about["seen_members"] == 4
    assert list(m["join_week"]) == [0, 0, 0, 2]          # Neema added on day 10: week 2
    assert list(m["left_week"]) == [-1, -1, 4, -1]  # the phone left, then wrote: back
    assert list(m["left_how"].astype(object).fillna("")) == ["", "", "removed", ""]
    assert list(m["posts"]) == [1, 2, 1, 1]
    assert list(group.events["kind"]) == ["question", "answer", "answer", "share", "share"]
    assert group.events["reply_to"].tolist() == [-1, 0, 0, -1, -1]  # the photo too, within 24 h
    assert list(group.events["day"]) == [0, 0, 0, 11, 22]
    assert group.events["hours"].iloc[0] == pytest.approx(8.0 + 2.4)
    assert list(group.membership["change"].astype(str)) == [
        "created", "added", "added", "added", "left", "removed"]


def test_nothing_personal_reaches_a_file(tmp_path):
    save([build(_lines(), salt=new_salt())], tmp_path / "out", {})
    written = b"".join(p.read_bytes() for p in (tmp_path / "out").iterdir())
    for secret in ("Amina", "Baraka", "Neema", "712345678", "712 345", "Karibuni", "nimerudi"):
        assert secret.encode() not in written, secret
    events, members, about = load(tmp_path / "out")
    assert "text" not in events and len(members) == 4


def test_text_is_kept_only_when_asked(tmp_path):
    group = build(_lines(), salt=new_salt(), keep_text=True)
    assert group.events["text"].iloc[0].startswith("Karibuni")


def test_ids_are_stable_for_a_salt_and_differ_across_salts():
    salt = b"k" * 32
    assert salted_id("+255 712 345 678", salt) == salted_id("+255712345678", salt)
    assert salted_id(" Amina  Juma\u200e", salt) == salted_id("amina juma", salt)
    one, two = build(_lines(), salt=salt), build(_lines(), salt=salt)
    assert list(one.members["member"]) == list(two.members["member"])
    other = build(_lines(), salt=b"x" * 32)
    assert not set(one.members["member"]) & set(other.members["member"])


def test_the_group_size_and_where_it_comes_from():
    given = build(_lines(), salt=new_salt(), members=10)
    assert given.about["members"] == 10 and given.about["size_source"] == "given with --members"
    assert given.members["seen"].sum() == 4 and len(given.members) == 10
    assert (given.members.loc[~given.members["seen"], "join_week"] == 0).all()
    listed = build(_lines(), salt=new_salt(), member_list=["Amina Juma", "Zawadi", "Juma"])
    assert listed.about["members"] == 6  # two listed who never appear, and the four seen
    assert listed.about["size_source"].startswith("the member list given (3)")
    with pytest.raises(ChatFormatError, match="--members 3: 4 different people"):
        build(_lines(), salt=new_salt(), members=3)


def test_a_chat_without_messages_is_refused():
    with pytest.raises(ChatFormatError, match="no message"):
        build([Line(at(0), "created", "Amina", members=("Amina",))], salt=new_salt())


def test_the_command_imports_and_says_what_it_kept(tmp_path, capsys):
    salt_file = tmp_path / "secret" / "salt"
    argv = [str(SAMPLE), str(DATA / "telegram_group.json"), "--out", str(tmp_path / "a"),
            "--members", "60", "12", "--salt-file", str(salt_file)]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "group 0:" in out and "group 1:" in out and "(telegram)" in out
    assert stat.S_IMODE(salt_file.stat().st_mode) == 0o600
    events, members, about = load(tmp_path / "a")
    assert sorted(events["group"].unique()) == [0, 1]
    assert (events["event"].to_numpy() == np.arange(len(events))).all()  # across groups, as a run
    replies = events[events["reply_to"] >= 0]
    asked = events.set_index("event").loc[replies["reply_to"]]
    assert len(replies) and (asked["group"].to_numpy() == replies["group"].to_numpy()).all()
    assert (asked["kind"] == "question").all() and (asked.index < replies["event"].to_numpy()).all()
    assert list(members.groupby("group").size()) == [60, 12]
    assert about["text_kept"] is False and "stable across imports" not in about["ids"]
    assert cli.main([*argv[:2], "--out", str(tmp_path / "b"), "--members", "60", "12",
                     "--salt-file", str(salt_file)]) == 0
    again = load(tmp_path / "b")[1]
    assert list(again["member"]) == list(members["member"])  # the same salt: the same ids


@pytest.mark.parametrize("argv, message", [
    (["missing.txt"], "missing.txt: no such file"),
    ([str(DATA / "errors" / "not_whatsapp.txt")], "not_whatsapp.txt"),
    ([str(SAMPLE), "--members", "1", "2"], "--members: give one per file"),
    ([str(SAMPLE), "--members", "3"], "--members 3:"),
])
def test_bad_input_stops_with_a_message_and_leaves_the_last_import(tmp_path, capsys, argv,
                                                                  message):
    out = tmp_path / "out"
    assert cli.main([str(SAMPLE), "--out", str(out)]) == 0
    before = pd.read_parquet(out / "events.parquet")
    capsys.readouterr()
    assert cli.main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("copsim-import: error:") and message in err
    pd.testing.assert_frame_equal(pd.read_parquet(out / "events.parquet"), before)
