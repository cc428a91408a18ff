"""Read a plain CSV chat (one row per message or membership change) into `Line`s.

The form, for histories from any other platform (or hand-made):

    time,author,reply_to,kind,text
    2024-03-12T14:05,Asha,,,Has anyone taught fractions with paper strips?
    2024-03-12T14:20,Baraka,1,,Yes, last term.
    2024-03-13 08:00,Chipo,,joined,

- A header row names the columns, in any order, case and surrounding spaces ignored. `time` and
  `author` are required; `reply_to`, `kind` and `text` are optional; other columns are ignored.
- `time`: ISO 8601 (`2024-03-12T14:05`, `2024-03-12 14:05:09`, `2024-03-12`). A time with an
  offset (`+03:00`, `Z`) keeps its wall-clock time; the offset is dropped, as every reader yields
  local time.
- `reply_to`: the number of the data row replied to (1 = the first row after the header), an
  earlier row; blank = none.
- `kind`: "message" (or blank) or a membership kind (created, joined, added, left, removed): then
  `members` = (author,) and `author` is None (who acted is not recorded).
- `text`, if present, is the message's text (a quoted cell may span lines).
- Each row's `id` is its number, as a string; `line` the file line it starts on. Blank lines are
  skipped and not counted. UTF-8, with or without a BOM. Read row by row, never whole.
Errors name the row, its line and the column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from simulation.chats.records import MEMBERSHIP, MESSAGE, ChatFormatError, Line

REQUIRED = ("time", "author")
OPTIONAL = ("reply_to", "kind", "text")
KINDS = (MESSAGE, *MEMBERSHIP)
EXAMPLE_HEADER = "time,author,reply_to,kind,text"


def columns(header: list[str]) -> dict[str, int]:
    """{known column: its position} of a header row (names lowercased and stripped)."""
    names = [h.strip().lower() for h in header]
    return {c: names.index(c) for c in (*REQUIRED, *OPTIONAL) if c in names}


def read(path: str | Path) -> Iterator[Line]:
    """The rows as Lines. The header is checked now (`ChatFormatError`); rows as they are read."""
    path = Path(path)
    return _rows(path, _header(path))


def _header(path: Path) -> dict[str, int]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f), None)
    if not header:
        raise ChatFormatError(f"{path}: line 1: no header row; the first line names the columns, "
                              f"e.g. '{EXAMPLE_HEADER}'")
    found = columns(header)
    duplicated = sorted({c for c in found if [h.strip().lower() for h in header].count(c) > 1})
    missing = [c for c in REQUIRED if c not in found]
    if missing or duplicated:
        problem = (f"missing column(s) {', '.join(missing)}" if missing
                   else f"column(s) {', '.join(duplicated)} appear twice")
        raise ChatFormatError(f"{path}: line 1: {problem}; the header is {','.join(header)!r}, "
                              f"expected e.g. '{EXAMPLE_HEADER}' (time and author required)")
    return found


def _rows(path: Path, at: dict[str, int]) -> Iterator[Line]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        row_no, start = 0, reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if any(cell.strip() for cell in row):
                row_no += 1
                yield _line({c: row[i].strip() if i < len(row) else "" for c, i in at.items()},
                            f"{path}: row {row_no} (line {line})", row_no, line)


def _line(cells: dict[str, str], where: str, row_no: int, line: int) -> Line:
    """One data row (`cells`: {column: stripped text}) as a Line."""
    def error(column: str, problem: str) -> ChatFormatError:
        return ChatFormatError(f"{where}, column '{column}': {problem}")

    if not cells["time"]:
        raise error("time", "empty; every row needs a time such as 2024-03-12T14:05")
    try:
        time = datetime.fromisoformat(cells["time"]).replace(tzinfo=None)
    except ValueError:
        raise error("time", f"{cells['time']!r} is not an ISO 8601 time, e.g. 2024-03-12T14:05 "
                            "or 2024-03-12 14:05:09") from None
    author = cells["author"]
    if not author:
        raise error("author", "empty; every row needs who wrote it (or who joined or left)")
    reply = cells.get("reply_to", "")
    if reply and not (reply.isdigit() and 1 <= int(reply) < row_no):
        raise error("reply_to", f"{reply!r} is not the number of an earlier row (1 to {row_no - 1}); "
                                "leave it blank if the message replies to nothing")
    kind = cells.get("kind", "").lower() or MESSAGE
    if kind not in KINDS:
        raise error("kind", f"{cells['kind']!r} is not one of {', '.join(KINDS)} (blank = message)")
    quoted = str(int(reply)) if reply else None
    if kind != MESSAGE:
        return Line(time, kind, None, members=(author,), quoted=quoted, id=str(row_no), line=line)
    text = cells.get("text", "").replace("\r\n", "\n")  # a quoted multi-line cell keeps the file's line ends
    return Line(time, kind, author, text, quoted=quoted, id=str(row_no), line=line)
