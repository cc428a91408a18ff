"""Plain CSV chats (simulation/chats/plain_csv.py): columns in any order and case, extra columns
ignored, replies, membership rows, multi-line cells, and errors naming the row and the column.
Fixtures: tests/data/chats/ (invented names)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from simulation.chats import formats, plain_csv
from simulation.chats.records import MESSAGE, ChatFormatError

DATA = Path(__file__).parent / "data" / "chats"
ERRORS = DATA / "errors"


def test_every_row():
    """Header `Text, Author ,kind,Time,reply_to,platform` (CRLF line ends, a blank line, an
    offset on one time, a multi-line cell)."""
    lines = list(plain_csv.read(DATA / "csv_chat.csv"))
    assert [(x.id, x.line, x.time, x.kind, x.author, x.members, x.quoted, x.text) for x in lines] == [
        ("1", 2, datetime(2024, 3, 12, 14, 5), MESSAGE, "Asha", (), None,
         "Has anyone taught fractions with paper strips?"),
        ("2", 3, datetime(2024, 3, 12, 14, 20, 30), MESSAGE, "Baraka", (), "1",
         "Yes, last term.\nIt worked well."),
        ("3", 5, datetime(2024, 3, 13, 8, 0), "joined", None, ("Chipo",), None, ""),
        ("4", 7, datetime(2024, 3, 13, 8, 5), MESSAGE, "Asha", (), "2", "Welcome Chipo!"),  # +03:00 dropped
        ("5", 8, datetime(2024, 3, 14, 0, 0), "left", None, ("Baraka",), None, ""),  # "LEFT", a date only
    ]
    assert not any(x.media or x.deleted for x in lines)


def test_time_and_author_are_enough():
    lines = list(plain_csv.read(DATA / "csv_minimal.csv"))
    assert [(x.id, x.time, x.kind, x.author, x.text, x.quoted) for x in lines] == [
        ("1", datetime(2024, 3, 12, 14, 5), MESSAGE, "Asha", "", None),
        ("2", datetime(2024, 3, 12, 14, 6), MESSAGE, "Baraka", "", None)]


def test_sniffed_as_csv(tmp_path):
    assert formats.sniff(DATA / "csv_chat.csv") == "csv"
    chosen, lines = formats.read_chat(DATA / "csv_chat.csv")
    assert (chosen, list(lines)) == ("csv", list(plain_csv.read(DATA / "csv_chat.csv")))
    renamed = tmp_path / "history.txt"  # the header decides, not the name
    renamed.write_bytes((DATA / "csv_minimal.csv").read_bytes())
    assert formats.sniff(renamed) == "csv"
    assert formats.sniff(ERRORS / "csv_missing_column.csv") == "csv"  # so its error names the column


@pytest.mark.parametrize("name, expected", [
    ("csv_missing_column.csv", "line 1: missing column(s) author; the header is 'time,name,text'"),
    ("csv_empty.csv", "line 1: no header row"),
    ("csv_bad_time.csv", "row 2 (line 3), column 'time': '12/03/2024 14:06' is not an ISO 8601 time"),
    ("csv_bad_reply.csv", "row 2 (line 3), column 'reply_to': '2' is not the number of an earlier row (1 to 1)"),
    ("csv_bad_kind.csv", "row 3 (line 4), column 'kind': 'reaction' is not one of message, created, joined"),
    ("csv_empty_author.csv", "row 2 (line 3), column 'author': empty"),
])
def test_errors_name_the_row_and_the_column(name, expected):
    path = ERRORS / name
    with pytest.raises(ChatFormatError) as caught:
        list(plain_csv.read(path))
    assert str(caught.value).startswith(f"{path}: {expected}")


def test_a_bad_header_is_refused_when_read_is_called():
    with pytest.raises(ChatFormatError, match="missing column"):
        plain_csv.read(ERRORS / "csv_missing_column.csv")


def test_a_duplicated_column_is_refused(tmp_path):
    path = tmp_path / "chat.csv"
    path.write_text("time,author,Author\n2024-03-12T14:05,Asha,Baraka\n", encoding="utf-8")
    with pytest.raises(ChatFormatError, match="line 1: column.s. author appear twice"):
        plain_csv.read(path)
