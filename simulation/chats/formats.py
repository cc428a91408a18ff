"""Which reader a chat file needs, and reading it: `read_chat(path) -> (format, Lines)`.

`sniff` decides from the name and the first bytes, in this order:
- `.zip` -> "whatsapp" (the "Export chat" zip: the chat's .txt is streamed out, media left in);
- `.json`, or a file whose text starts with "{" and names "messages" early -> "telegram";
- a first line that is a CSV header with `time` and `author` columns, or a `.csv` name -> "csv"
  (a `.csv` without those columns goes to the CSV reader, whose error names what is missing);
- anything else -> "whatsapp" (its reader says clearly when a file is not an export).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from simulation.chats import plain_csv, telegram, whatsapp
from simulation.chats.records import ChatFormatError, Line

FORMATS = ("whatsapp", "telegram", "csv")
SNIFF_BYTES = 4096  # Telegram's "messages" key follows name, type and id within the first lines


def sniff(path: str | Path) -> str:
    """The format of a chat file, one of FORMATS."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return "whatsapp"
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    if suffix == ".json" or (head.lstrip().startswith("{") and '"messages"' in head):
        return "telegram"
    first = head.splitlines()[0] if head else ""
    header = next(csv.reader([first]), [])
    if suffix == ".csv" or all(c in plain_csv.columns(header) for c in plain_csv.REQUIRED):
        return "csv"
    return "whatsapp"


def read_chat(path: str | Path, format: str | None = None, date_order: str | None = None
              ) -> tuple[str, Iterator[Line]]:
    """(format, the file's Lines). `format` (one of FORMATS) skips sniffing; `date_order` ("dmy",
    "mdy", "ymd") applies to WhatsApp only. The format is checked now; the Lines as they come."""
    path = Path(path)
    chosen = format or sniff(path)
    if chosen not in FORMATS:
        raise ChatFormatError(f"{path}: unknown format {chosen!r}; one of {', '.join(FORMATS)}")
    if date_order is not None and chosen != "whatsapp":
        raise ChatFormatError(f"{path}: date_order applies to WhatsApp exports only; this file is read "
                              f"as {chosen}, whose times are ISO 8601")
    if chosen == "whatsapp":
        return chosen, whatsapp.read(path, date_order)
    if chosen == "telegram":
        return chosen, telegram.read(path)
    return chosen, plain_csv.read(path)
