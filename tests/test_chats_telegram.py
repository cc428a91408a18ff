"""Telegram Desktop JSON exports (simulation/chats/telegram.py): messages, entities, media,
replies, every membership action (and a member adding or removing themselves), other service
actions as "system", and the errors. Fixtures: tests/data/chats/ (invented names)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from simulation.chats import formats, telegram
from simulation.chats.records import MESSAGE, ChatFormatError

DATA = Path(__file__).parent / "data" / "chats"
GROUP = DATA / "telegram_group.json"


def test_every_entry_of_a_group_export():
    lines = list(telegram.read(GROUP))
    assert [(x.id, x.time, x.kind, x.author, x.members, x.quoted) for x in lines] == [
        ("1", datetime(2024, 3, 12, 8, 0), "created", "Neema W.", ("Neema W.", "Omari J."), None),
        ("2", datetime(2024, 3, 12, 8, 1), "added", "Neema W.", ("Pendo L.", "Rashidi B."), None),
        ("3", datetime(2024, 3, 12, 8, 5, 9), MESSAGE, "Neema W.", (), None),
        ("4", datetime(2024, 3, 12, 8, 7, 30), MESSAGE, "Omari J.", (), "3"),
        ("5", datetime(2024, 3, 12, 8, 10), MESSAGE, "Pendo L.", (), None),
        ("6", datetime(2024, 3, 12, 8, 12), MESSAGE, "Rashidi B.", (), None),
        ("7", datetime(2024, 3, 13, 9, 0), "joined", "Saida M.", ("Saida M.",), None),  # by link
        ("8", datetime(2024, 3, 13, 9, 5), "joined", "Tumaini K.", ("Tumaini K.",), None),  # added themself
        ("9", datetime(2024, 3, 13, 10, 0), "left", "Rashidi B.", ("Rashidi B.",), None),  # removed themself
        ("10", datetime(2024, 3, 13, 10, 1), "removed", "Neema W.", ("Omari J.",), None),
        ("11", datetime(2024, 3, 13, 10, 2), "system", "Neema W.", (), None),  # edit_group_title
        ("12", datetime(2024, 3, 13, 10, 3), "system", "Neema W.", (), None),  # pin_message
        ("13", datetime(2024, 3, 13, 11, 0), MESSAGE, "Deleted Account", (), None),  # "from": null
        ("14", datetime(2024, 3, 13, 11, 30), "system", "Form 4 Physics", (), None),  # migrate_from_group
        ("15", datetime(2024, 3, 13, 12, 0), MESSAGE, "Saida M.", (), "5"),
    ]


def test_texts_and_media():
    lines = {x.id: x for x in telegram.read(GROUP)}
    assert (lines["3"].text, lines["3"].media) == ("Welcome to the physics group!", False)
    # a list of strings and entities is joined
    assert lines["4"].text == "Please read chapter 3 before Monday: https://example.org/ch3"
    assert (lines["5"].text, lines["5"].media) == ("Our lab setup", True)  # photo with a caption
    assert (lines["6"].text, lines["6"].media) == ("", True)  # voice message
    assert (lines["15"].text, lines["15"].media) == ("", True)  # sticker
    assert all(x.text == "" and not x.media for x in lines.values() if x.kind != MESSAGE)
    assert not any(x.deleted for x in lines.values())


def test_sniffed_as_telegram():
    assert formats.sniff(GROUP) == "telegram"
    chosen, lines = formats.read_chat(GROUP)
    assert (chosen, list(lines)) == ("telegram", list(telegram.read(GROUP)))


def test_sniffed_as_telegram_by_content_whatever_the_name(tmp_path):
    path = tmp_path / "result.txt"
    path.write_bytes(GROUP.read_bytes())
    assert formats.sniff(path) == "telegram"


def test_date_order_is_refused_for_telegram():
    with pytest.raises(ChatFormatError, match="date_order applies to WhatsApp exports only"):
        formats.read_chat(GROUP, date_order="dmy")


def test_full_account_export_asks_for_one_chat():
    path = DATA / "telegram_full_account.json"
    with pytest.raises(ChatFormatError, match=r"telegram_full_account\.json: this is a full Telegram account "
                                              r"export \(2 chats\); export the one chat instead"):
        telegram.read(path)


def test_invalid_json_names_line_and_column():
    path = DATA / "errors" / "telegram_truncated.json"
    with pytest.raises(ChatFormatError, match=r"telegram_truncated\.json: line 38, column 12: not valid JSON"):
        telegram.read(path)


def test_a_bad_date_names_the_message_and_the_field():
    path = DATA / "errors" / "telegram_bad_date.json"
    with pytest.raises(ChatFormatError, match=r"message id 2: field 'date' is '12/03/2024 08:06'"):
        list(telegram.read(path))


@pytest.mark.parametrize("data, expected", [
    ({"name": "x", "messages": {"1": {}}}, "no 'messages' list at the top level"),
    ([1, 2], "no 'messages' list at the top level"),
    ({"messages": [{"type": "message", "date": "2024-03-12T08:00:00"}]}, "message 1 of 'messages': not a message with an 'id'"),
    ({"messages": [{"id": 7, "type": "note", "date": "2024-03-12T08:00:00"}]}, "message id 7: field 'type' is 'note'"),
    ({"messages": [{"id": 8, "type": "message", "date": "2024-03-12T08:00:00", "from": "A", "text": 5}]},
     "message id 8: field 'text' is neither a string nor a list"),
])
def test_malformed_exports(tmp_path, data, expected):
    path = tmp_path / "result.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ChatFormatError, match=expected):
        list(telegram.read(path))
