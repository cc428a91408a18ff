"""One entry of a chat export, as every reader (WhatsApp, Telegram, CSV) yields it.

Readers turn a file into `Line`s, in the file's order, without keeping the file in memory; the
import (`simulation.chats.tables`) turns them into the project's tables, anonymising on the way.
A `Line` still holds names and text: it never leaves the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# What a line is. A message is something a member wrote (text, media, or a deleted message);
# membership changes say who joined or left; anything else the platform writes (the encryption
# notice, subject or icon changed, security code changed...) is "system" and is dropped.
MESSAGE = "message"
MEMBERSHIP = ("created", "joined", "added", "left", "removed")
SYSTEM = "system"


class ChatFormatError(ValueError):
    """The file is not a chat export this project reads, or part of it cannot be read; the
    message names the file, the line(s) and what to do."""


@dataclass(frozen=True, slots=True)
class Line:
    time: datetime           # local time as exported (naive)
    kind: str                # MESSAGE, one of MEMBERSHIP, or SYSTEM
    author: str | None       # who wrote it, or who made the change ("X added Y": X); None if unknown
    text: str = ""           # the message's text ("" for media without caption and system lines)
    members: tuple[str, ...] = ()  # membership: who joined, was added, left or was removed
    media: bool = False      # a media placeholder ("<Media omitted>", "image omitted", a file)
    deleted: bool = False    # "This message was deleted" / "You deleted this message"
    quoted: str | None = None  # id of the message it replies to, where the export says (Telegram)
    id: str | None = None    # the message's own id, where the export has one (Telegram)
    line: int = 0            # line number (1-based) in the file where the entry starts
