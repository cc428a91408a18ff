"""Read Telegram Desktop's JSON export of one chat (`result.json`) into `Line`s.

The export (Telegram Desktop: the chat's menu > Export chat history > "Machine-readable JSON")
is one JSON object: `name`, `type`, `id` and a `messages` list. Each message has an `id`, a
`type` ("message" or "service") and a `date` ("2024-03-12T14:05:09", local time). The file is
read with `json.load`, whole: a JSON document cannot be read line by line without a streaming
parser, and a chat's JSON is far smaller than its media.

- "message": `from` is the author (null for a deleted account: `DELETED_ACCOUNT`); `text` is a
  string, or a list of strings and entities `{"type": ..., "text": ...}`, joined; `photo`, `file`
  or `media_type` mark media (the text is then the caption); `reply_to_message_id` -> `quoted`.
- "service": `actor` did `action`. `ACTIONS` maps the membership actions (`members` lists who was
  invited or removed); a member adding or removing themselves has joined or left. Every other
  action (title or photo changed, message pinned, group migrated...) is "system".
- `id` is the message's id as a string; `line` is 0 (JSON entries have no line of their own).

A full-account export (`chats` > `list` of every chat) is refused: export the one chat.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from simulation.chats.records import MESSAGE, SYSTEM, ChatFormatError, Line

ACTIONS = {
    "create_group": "created",
    "create_channel": "created",
    "invite_members": "added",
    "remove_members": "removed",
    "join_group_by_link": "joined",
    "join_group_by_request": "joined",
}
SELF = {"added": "joined", "removed": "left"}  # kind when the actor is the only member changed
MEDIA_KEYS = ("photo", "file", "media_type")
DELETED_ACCOUNT = "Deleted Account"  # what Telegram shows for a null name
HOW_TO_EXPORT = ("in Telegram Desktop open the group, then its menu > Export chat history, "
                 "format 'Machine-readable JSON', and pass the result.json it writes")


def read(path: str | Path) -> Iterator[Line]:
    """The chat's entries in the export's order. The file is loaded and checked now
    (`ChatFormatError`); each message is checked as it is yielded."""
    path = Path(path)
    return _lines(path, _messages(path))


def _messages(path: Path) -> list:
    try:
        with open(path, encoding="utf-8-sig") as f:
            data = json.load(f)
    except json.JSONDecodeError as e:
        raise ChatFormatError(f"{path}: line {e.lineno}, column {e.colno}: not valid JSON ({e.msg}); "
                              f"export the chat again: {HOW_TO_EXPORT}") from None
    except UnicodeDecodeError:
        raise ChatFormatError(f"{path}: not UTF-8 text, so not a Telegram export; {HOW_TO_EXPORT}") from None
    if isinstance(data, dict) and isinstance(data.get("chats"), dict) and "messages" not in data:
        count = len(data["chats"].get("list") or [])
        raise ChatFormatError(f"{path}: this is a full Telegram account export ({count} chats); "
                              f"export the one chat instead: {HOW_TO_EXPORT}")
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise ChatFormatError(f"{path}: no 'messages' list at the top level, so not a Telegram chat "
                              f"export; {HOW_TO_EXPORT}")
    return data["messages"]


def _lines(path: Path, messages: list) -> Iterator[Line]:
    for number, msg in enumerate(messages, 1):
        where = f"{path}: message {number} of 'messages'"
        if not isinstance(msg, dict) or "id" not in msg:
            raise ChatFormatError(f"{where}: not a message with an 'id'; {HOW_TO_EXPORT}")
        where = f"{path}: message id {msg['id']}"
        time = _time(msg.get("date"), where)
        if msg.get("type") == "message":
            reply = msg.get("reply_to_message_id")
            yield Line(time, MESSAGE, msg.get("from") or DELETED_ACCOUNT, _text(msg.get("text", ""), where),
                       media=any(k in msg for k in MEDIA_KEYS),
                       quoted=None if reply is None else str(reply), id=str(msg["id"]))
        elif msg.get("type") == "service":
            yield _service(msg, time)
        else:
            raise ChatFormatError(f"{where}: field 'type' is {msg.get('type')!r}, expected 'message' "
                                  "or 'service'")


def _service(msg: dict, time: datetime) -> Line:
    actor = msg.get("actor") or DELETED_ACCOUNT
    kind = ACTIONS.get(msg.get("action"), SYSTEM)
    members = tuple(name or DELETED_ACCOUNT for name in msg.get("members") or ())
    if kind == SYSTEM:
        members = ()
    elif kind == "created":
        members = members if actor in members else (actor, *members)
    elif kind == "joined":
        members = (actor,)
    elif members == (actor,):
        kind = SELF[kind]
    return Line(time, kind, actor, members=members, id=str(msg["id"]))


def _time(value: object, where: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ChatFormatError(f"{where}: field 'date' is {value!r}, expected a time such as "
                              "'2024-03-12T14:05:09'") from None


def _text(value: object, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [p if isinstance(p, str) else p.get("text") if isinstance(p, dict) else None
                 for p in value]
        if all(isinstance(p, str) for p in parts):
            return "".join(parts)
    raise ChatFormatError(f"{where}: field 'text' is neither a string nor a list of strings and "
                          "{'type': ..., 'text': ...} entities")
