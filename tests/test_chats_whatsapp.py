"""WhatsApp exports (simulation/chats/whatsapp.py, and its zip form through formats.py): every
form, the English and French notices and placeholders, date-order detection, the errors, and
agreement with the maintained parser whatstk on every fixture it reads.

Fixtures are hand-written files in tests/data/chats/ (invented names; phone numbers in the
fictional +1 555-01xx range). Expected values are written out in full: times, kinds, authors,
members, texts.
"""

from __future__ import annotations

import random
import tracemalloc
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from whatstk import WhatsAppChat

from simulation.chats import formats, whatsapp
from simulation.chats.records import MESSAGE, ChatFormatError, Line

DATA = Path(__file__).parent / "data" / "chats"
ERRORS = DATA / "errors"
FIXTURES = sorted(p.name for p in DATA.glob("whatsapp_*.txt"))


def read(name: str, **kwargs) -> list[Line]:
    return list(whatsapp.read(DATA / name, **kwargs))


def table(lines: list[Line]) -> list[tuple]:
    """(line, time, kind, author, members) of every entry, for comparing with a written table."""
    return [(x.line, x.time.strftime("%Y-%m-%d %H:%M:%S"), x.kind, x.author, x.members) for x in lines]


def by_line(lines: list[Line]) -> dict[int, Line]:
    return {x.line: x for x in lines}


# ---------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------
def test_android_day_first_24_hour_en_gb():
    lines = read("whatsapp_android_en_gb.txt")
    assert whatsapp.detect(DATA / "whatsapp_android_en_gb.txt") == {
        "platform": "android", "clock": 24, "date_order": "dmy", "assumed": False, "decided_by": 22}
    assert table(lines) == [
        (1, "2024-03-05 07:58:00", "system", None, ()),  # encryption notice
        (2, "2024-03-05 07:58:00", "created", "Asha K.", ("Asha K.",)),
        (3, "2024-03-05 07:59:00", "added", "Asha K.", ("Baraka M.",)),
        (4, "2024-03-05 07:59:00", "added", "Asha K.", ("Chipo N.", "Daudi O.", "Juma added by Head")),
        (5, "2024-03-05 08:01:00", "system", "Asha K.", ()),  # subject changed (its new subject holds ": ")
        (6, "2024-03-05 08:02:00", "system", "Asha K.", ()),  # icon
        (7, "2024-03-05 08:03:00", "system", "Asha K.", ()),  # description
        (8, "2024-03-05 08:05:00", MESSAGE, "Asha K.", ()),
        (9, "2024-03-05 08:07:00", MESSAGE, "Baraka M.", ()),
        (13, "2024-03-05 08:10:00", MESSAGE, "Juma added by Head", ()),
        (14, "2024-03-05 08:12:00", MESSAGE, "Chipo N.", ()),
        (15, "2024-03-05 08:13:00", MESSAGE, "Daudi O.", ()),
        (17, "2024-03-06 13:40:00", MESSAGE, "Chipo N.", ()),
        (18, "2024-03-06 13:41:00", MESSAGE, "Asha K.", ()),
        (19, "2024-03-06 13:45:00", MESSAGE, "Baraka M.", ()),
        (20, "2024-03-06 14:02:00", "left", "Daudi O.", ("Daudi O.",)),
        (21, "2024-03-06 14:03:00", "removed", "Asha K.", ("Chipo N.",)),
        (22, "2024-03-14 09:15:00", "joined", "Esi P.", ("Esi P.",)),
        (23, "2024-03-14 09:16:00", "system", "Baraka M.", ()),  # security code changed
        (24, "2024-03-14 09:20:00", "system", None, ()),  # You're now an admin
        (25, "2024-03-14 09:21:00", "system", "Esi P.", ()),  # phone number changed
        (26, "2024-03-14 09:30:00", MESSAGE, "Esi P.", ()),
    ]
    texts = {x.line: x.text for x in lines if x.kind == MESSAGE}
    assert texts[8] == "Welcome everyone! Please share your scheme of work here."
    assert texts[13] == "Hello all: happy to be here"
    assert texts[26] == 'Good morning. Can someone explain "ratio: part to whole"?'
    assert all(x.text == "" for x in lines if x.kind != MESSAGE)


def test_android_month_first_12_hour_en_us():
    lines = read("whatsapp_android_en_us.txt")
    assert whatsapp.detect(DATA / "whatsapp_android_en_us.txt") == {
        "platform": "android", "clock": 12, "date_order": "mdy", "assumed": False, "decided_by": 8}
    assert table(lines) == [
        (1, "2024-03-04 09:02:00", "system", None, ()),
        (2, "2024-03-04 09:02:00", "created", "Mr. Tembo", ("Mr. Tembo",)),  # created this group
        (3, "2024-03-04 09:03:00", "added", "Mr. Tembo", ("You",)),  # added you
        (4, "2024-03-04 12:15:00", MESSAGE, "Mr. Tembo", ()),  # 12:15 PM (narrow no-break space)
        (5, "2024-03-04 12:40:00", MESSAGE, "Wanjiru G.", ()),  # 12:40 PM (plain space)
        (8, "2024-03-15 19:05:00", "joined", "+1 555-0142", ("+1 555-0142",)),
        (9, "2024-03-15 19:06:00", MESSAGE, "+1 555-0142", ()),
        (10, "2024-03-15 19:10:00", MESSAGE, "Wanjiru G.", ()),
        (11, "2024-03-16 00:30:00", MESSAGE, "Mr. Tembo", ()),  # 12:30 AM
        (12, "2024-03-16 12:05:00", "system", "+1 555-0142", ()),  # changed to +1 555-0178
        (13, "2024-03-16 12:06:00", "system", "Wanjiru G.", ()),  # Your security code with ...
        (14, "2024-03-16 12:07:00", "system", "Mr. Tembo", ()),  # changed the subject to "..."
        (15, "2024-03-17 08:00:00", "removed", "Mr. Tembo", ("+1 555-0178",)),
        (16, "2024-03-17 08:01:00", "left", "You", ("You",)),
    ]


def test_ios_bracketed_with_seconds():
    lines = read("whatsapp_ios_en.txt")
    assert whatsapp.detect(DATA / "whatsapp_ios_en.txt") == {
        "platform": "ios", "clock": 24, "date_order": "dmy", "assumed": False, "decided_by": 12}
    assert table(lines) == [
        # iOS writes notices under the group's name, the text after U+200E
        (1, "2024-03-12 14:05:09", "system", None, ()),
        (2, "2024-03-12 14:05:09", "created", "Kofi A.", ("Kofi A.",)),
        (3, "2024-03-12 14:05:09", "added", "Kofi A.", ("You",)),
        (4, "2024-03-12 14:06:30", "added", "Kofi A.", ("Lerato S.", "Musa T.")),  # no name part
        (5, "2024-03-12 14:07:02", MESSAGE, "Kofi A.", ()),
        (6, "2024-03-12 14:08:15", MESSAGE, "Lerato S.", ()),
        (7, "2024-03-12 14:08:40", MESSAGE, "Lerato S.", ()),
        (8, "2024-03-12 14:09:00", MESSAGE, "Musa T.", ()),
        (9, "2024-03-12 14:10:11", MESSAGE, "Musa T.", ()),
        (11, "2024-03-12 14:12:45", MESSAGE, "Lerato S.", ()),
        (12, "2024-03-13 08:00:00", "system", "Kofi A.", ()),
        (13, "2024-03-13 08:01:30", "system", "Musa T.", ()),
        (14, "2024-03-13 08:02:00", "left", "Musa T.", ("Musa T.",)),
        (15, "2024-03-13 08:03:00", "system", None, ()),  # unknown wording, under the group's name
        (16, "2024-03-13 08:05:00", MESSAGE, "Kofi A.", ()),
        (17, "2024-03-13 08:05:30", MESSAGE, "Lerato S.", ()),
        (18, "2024-03-13 08:06:00", MESSAGE, "Lerato S.", ()),
        (19, "2024-03-13 08:06:10", MESSAGE, "Kofi A.", ()),
        (20, "2024-03-13 08:07:00", MESSAGE, "Kofi A.", ()),
    ]
    # a member's message that starts with the group's name is still theirs
    assert by_line(lines)[20].text == "Form 3 English: essay due Friday"
    assert by_line(lines)[5].text == "Good afternoon colleagues"


def test_french_android():
    lines = read("whatsapp_android_fr.txt")
    assert whatsapp.detect(DATA / "whatsapp_android_fr.txt")["decided_by"] == 18
    assert table(lines) == [
        (1, "2024-09-02 07:30:00", "system", None, ()),  # chiffrés de bout en bout
        (2, "2024-09-02 07:30:00", "created", "Aïssatou D.", ("Aïssatou D.",)),
        (3, "2024-09-02 07:31:00", "added", "Aïssatou D.", ("Boubacar S.", "Clémence T.", "Ousmane F.")),
        (4, "2024-09-02 07:32:00", "added", "Aïssatou D.", ("You",)),  # vous a ajouté
        (5, "2024-09-02 07:35:00", "system", "Aïssatou D.", ()),  # sujet (with " : " inside)
        (6, "2024-09-02 07:36:00", "system", "Aïssatou D.", ()),  # icône
        (7, "2024-09-02 07:37:00", "system", "Aïssatou D.", ()),  # description
        (8, "2024-09-02 08:00:00", MESSAGE, "Boubacar S.", ()),
        (11, "2024-09-02 08:05:00", MESSAGE, "Clémence T.", ()),
        (12, "2024-09-02 08:06:00", MESSAGE, "Clémence T.", ()),
        (14, "2024-09-03 18:20:00", MESSAGE, "Ousmane F.", ()),
        (15, "2024-09-03 18:21:00", MESSAGE, "Aïssatou D.", ()),
        (16, "2024-09-03 18:30:00", "left", "Ousmane F.", ("Ousmane F.",)),  # est parti
        (17, "2024-09-03 18:31:00", "removed", "Aïssatou D.", ("Clémence T.",)),
        (18, "2024-09-15 10:00:00", "joined", "Fatoumata K.", ("Fatoumata K.",)),
        (19, "2024-09-15 10:01:00", "system", "Boubacar S.", ()),  # code de sécurité
        (20, "2024-09-15 10:02:00", "system", None, ()),  # Vous êtes désormais admin
        (21, "2024-09-15 10:03:00", "system", "Fatoumata K.", ()),  # numéro de téléphone
        (22, "2024-09-15 10:05:00", MESSAGE, "Fatoumata K.", ()),
    ]


def test_french_ios():
    lines = read("whatsapp_ios_fr.txt")
    assert table(lines) == [
        (1, "2024-09-02 07:30:00", "system", None, ()),
        (2, "2024-09-02 07:30:00", "created", "Aïssatou D.", ("Aïssatou D.",)),  # « guillemets »
        (3, "2024-09-02 07:41:10", MESSAGE, "Boubacar S.", ()),
        (4, "2024-09-02 07:41:30", MESSAGE, "Boubacar S.", ()),
        (5, "2024-09-02 07:42:00", MESSAGE, "Clémence T.", ()),
        (6, "2024-09-02 07:43:00", MESSAGE, "Clémence T.", ()),
        (7, "2024-09-02 07:44:00", MESSAGE, "Boubacar S.", ()),
        (8, "2024-09-20 16:00:00", "left", "Clémence T.", ("Clémence T.",)),  # a quitté le groupe
    ]
    assert [(x.media, x.deleted, x.text) for x in lines[2:7]] == [
        (True, False, ""), (True, False, ""), (True, False, ""), (False, True, ""),
        (False, False, "Réunion demain à 8 h")]


def test_year_first_and_dotted_dates_with_two_digit_years():
    assert whatsapp.detect(DATA / "whatsapp_year_first.txt")["date_order"] == "ymd"
    assert [x.time for x in read("whatsapp_year_first.txt")] == [
        datetime(2024, 3, 12, 14, 5), datetime(2024, 3, 12, 14, 6), datetime(2024, 3, 13, 9, 0)]
    assert [x.time for x in read("whatsapp_dots.txt")] == [
        datetime(2024, 3, 12, 14, 5), datetime(2024, 3, 12, 14, 6), datetime(2024, 3, 25, 8, 30)]


def test_twelve_hour_clock_with_dotted_am_pm():
    assert [(x.time, x.author) for x in read("whatsapp_12h_dotted.txt")] == [
        (datetime(2024, 3, 13, 14, 5), "Asha K."),    # 2:05 p.m.
        (datetime(2024, 3, 13, 12, 10), "Baraka M."),  # 12:10 p.m.
        (datetime(2024, 3, 14, 0, 10), "Chipo N."),    # 12:10 a.m.
        (datetime(2024, 3, 14, 9, 45), "Asha K.")]     # 9:45 a.m.


# ---------------------------------------------------------------------------------------------
# Messages: several lines, media, deleted, look-alikes
# ---------------------------------------------------------------------------------------------
def test_multi_line_messages_keep_their_lines():
    assert by_line(read("whatsapp_android_en_gb.txt"))[9].text == (
        "Thanks Asha. Question: do we follow the new syllabus?\nIt was published last week.\n\nI have the PDF.")
    assert by_line(read("whatsapp_android_en_us.txt"))[5].text == (
        "Thanks! Lab schedule:\n- Monday: Form 1\n- Tuesday: Form 2")
    assert by_line(read("whatsapp_ios_en.txt"))[9].text == (
        "Here is the rubric we agreed on.\nCriteria: grammar, structure, ideas.")
    assert by_line(read("whatsapp_android_fr.txt"))[8].text == (
        "Bonjour à tous ! Voici la progression du trimestre :\n- semaine 1 : numération\n- semaine 2 : fractions")


def test_a_message_whose_first_line_is_empty(tmp_path):
    """"Name:" ending the line (an editor may strip the space after it): the text follows."""
    path = tmp_path / "chat.txt"
    path.write_text("12/03/2024, 14:05 - Asha K.:\nAgenda\n- marks\n13/03/2024, 08:00 - Asha K. left\n",
                    encoding="utf-8")
    assert [(x.kind, x.author, x.text) for x in whatsapp.read(path)] == [
        (MESSAGE, "Asha K.", "\nAgenda\n- marks"), ("left", "Asha K.", "")]


@pytest.mark.parametrize("name, line, caption", [
    ("whatsapp_android_en_gb.txt", 14, ""),  # <Media omitted>
    ("whatsapp_android_en_gb.txt", 15, "Fractions worksheet, page 2"),  # (file attached) + caption
    ("whatsapp_android_en_us.txt", 10, ""),
    ("whatsapp_ios_en.txt", 6, ""),  # image omitted
    ("whatsapp_ios_en.txt", 7, ""),  # <attached: ...>
    ("whatsapp_ios_en.txt", 8, ""),  # lesson.pdf • 2 pages document omitted
    ("whatsapp_ios_en.txt", 16, ""),  # video
    ("whatsapp_ios_en.txt", 17, ""),  # audio
    ("whatsapp_ios_en.txt", 18, ""),  # sticker
    ("whatsapp_ios_en.txt", 19, ""),  # GIF
    ("whatsapp_android_fr.txt", 11, ""),  # <Médias omis>
    ("whatsapp_android_fr.txt", 12, "Emploi du temps de la classe"),  # (fichier joint)
])
def test_media_placeholders_become_media_messages(name, line, caption):
    entry = by_line(read(name))[line]
    assert (entry.kind, entry.media, entry.deleted, entry.text) == (MESSAGE, True, False, caption)


@pytest.mark.parametrize("name, line, author", [
    ("whatsapp_android_en_gb.txt", 17, "Chipo N."),  # This message was deleted
    ("whatsapp_android_en_gb.txt", 18, "Asha K."),  # You deleted this message
    ("whatsapp_ios_en.txt", 11, "Lerato S."),  # This message was deleted.
    ("whatsapp_android_fr.txt", 14, "Ousmane F."),  # Ce message a été supprimé
    ("whatsapp_android_fr.txt", 15, "Aïssatou D."),  # Vous avez supprimé ce message
])
def test_deleted_messages(name, line, author):
    entry = by_line(read(name))[line]
    assert (entry.kind, entry.author, entry.deleted, entry.media, entry.text) == (MESSAGE, author, True, False, "")


def test_a_message_that_reads_like_a_notice_is_a_message():
    lines = by_line(read("whatsapp_android_en_gb.txt"))
    assert (lines[19].kind, lines[19].author, lines[19].text) == (MESSAGE, "Baraka M.", "Daudi O. left")
    assert (lines[13].kind, lines[13].author) == (MESSAGE, "Juma added by Head")  # " added " in a name


def test_no_notice_is_ever_a_message():
    """Every line of the fixtures without a "Name: " part (or written as an iOS group notice)."""
    notices = {
        "whatsapp_android_en_gb.txt": {1, 2, 3, 4, 5, 6, 7, 20, 21, 22, 23, 24, 25},
        "whatsapp_android_en_us.txt": {1, 2, 3, 8, 12, 13, 14, 15, 16},
        "whatsapp_ios_en.txt": {1, 2, 3, 4, 12, 13, 14, 15},
        "whatsapp_android_fr.txt": {1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21},
        "whatsapp_ios_fr.txt": {1, 2, 8},
    }
    for name, expected in notices.items():
        assert {x.line for x in read(name) if x.kind != MESSAGE} == expected, name


# ---------------------------------------------------------------------------------------------
# Date order
# ---------------------------------------------------------------------------------------------
def test_ambiguous_dates_are_read_day_first_and_say_so():
    path = DATA / "whatsapp_ambiguous.txt"
    assert whatsapp.detect(path) == {"platform": "android", "clock": 24, "date_order": "dmy",
                                     "assumed": True, "decided_by": None}
    assert [x.time.date().isoformat() for x in read(path.name)] == [
        "2024-02-01", "2024-02-01", "2024-02-02", "2024-02-03"]


def test_date_order_overrides_detection():
    path = DATA / "whatsapp_ambiguous.txt"
    assert whatsapp.detect(path, date_order="mdy")["assumed"] is False
    assert [x.time.date().isoformat() for x in read(path.name, date_order="mdy")] == [
        "2024-01-02", "2024-01-02", "2024-02-02", "2024-03-02"]
    with pytest.raises(ValueError, match="date_order must be one of dmy, mdy, ymd"):
        whatsapp.read(path, date_order="dd/mm")


# ---------------------------------------------------------------------------------------------
# Errors: each names the file and the line(s)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, expected", [
    ("empty.txt", "not a WhatsApp export: no line starts with a date and time; expected e.g. "
                  "'12/03/2024, 14:05 - Name: text'"),
    ("not_whatsapp.txt", "not a WhatsApp export: no line starts with a date and time"),
    ("unknown_date.txt", "unknown date format on line(s) 1, 2, 3 (e.g. '12 mars 2024 14:05 - Asha K.: Bonjour')"),
    ("stray_first_line.txt", "line(s) 1 come before the first dated line"),
    ("impossible_date.txt", "line 2: the date 25/13/2024 is impossible in every order"),
    ("not_utf8.txt", "line 2: not UTF-8 text"),
])
def test_bad_files_are_refused_when_read_is_called(name, expected):
    path = ERRORS / name
    with pytest.raises(ChatFormatError) as caught:
        whatsapp.read(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert expected in str(caught.value)


def test_a_date_that_does_not_fit_the_detected_order_is_named():
    with pytest.raises(ChatFormatError, match=r"line 3: 04/26/2024 is not a date when read day-first "
                                              r"\(dmy, from line 2\); .* date_order='mdy'"):
        list(whatsapp.read(ERRORS / "mixed_orders.txt"))


def test_unknown_date_format_names_at_most_five_lines(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text("".join(f"2024年3月{d}日 14:05 - Asha K.: hi\n" for d in range(1, 9)), encoding="utf-8")
    with pytest.raises(ChatFormatError, match=r"unknown date format on line\(s\) 1, 2, 3, 4, 5 \(e\.g\."):
        whatsapp.read(path)


# ---------------------------------------------------------------------------------------------
# The export zip, sniffing, streaming
# ---------------------------------------------------------------------------------------------
def test_export_zip_is_read_from_the_archive(tmp_path):
    """iOS zip: `_chat.txt` beside the media, and a shared document that is also a .txt."""
    path = tmp_path / "WhatsApp Chat - Form 3 English.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(DATA / "whatsapp_ios_en.txt", "_chat.txt")
        z.writestr("00000012-PHOTO-2024-03-12-14-08-40.jpg", b"\xff\xd8\xff\xe0 not a real photo")
        z.writestr("00000013-notes.txt", "a shared document, not the chat")
    assert formats.sniff(path) == "whatsapp"
    chosen, lines = formats.read_chat(path)
    assert chosen == "whatsapp"
    assert list(lines) == read("whatsapp_ios_en.txt")
    assert whatsapp.detect(path)["decided_by"] == 12
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # nothing extracted


def test_android_zip_and_an_ambiguous_zip(tmp_path):
    android = tmp_path / "android.zip"
    with zipfile.ZipFile(android, "w") as z:
        z.write(DATA / "whatsapp_android_fr.txt", "Discussion WhatsApp avec Enseignants CM2.txt")
        z.writestr("IMG-20240902-WA0007.jpg", b"\xff\xd8")
    assert list(whatsapp.read(android)) == read("whatsapp_android_fr.txt")
    unclear = tmp_path / "unclear.zip"
    with zipfile.ZipFile(unclear, "w") as z:
        z.writestr("a.txt", "one")
        z.writestr("b.txt", "two")
    with pytest.raises(ChatFormatError, match=r"unclear\.zip: cannot tell which \.txt .*found: a\.txt, b\.txt"):
        whatsapp.read(unclear)


@pytest.mark.parametrize("name", FIXTURES)
def test_sniffed_as_whatsapp(name):
    assert formats.sniff(DATA / name) == "whatsapp"
    chosen, lines = formats.read_chat(DATA / name)
    assert (chosen, list(lines)) == ("whatsapp", read(name))


def test_reading_streams_instead_of_loading_the_file(tmp_path):
    """Peak memory while reading a ~4 MB export stays a small fraction of the file."""
    path = tmp_path / "big.txt"
    rng = random.Random(3)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(40_000):
            f.write(f"{1 + i // 2000:02d}/03/2024, {i % 24:02d}:{i % 60:02d} - Asha K.: "
                    f"{'word ' * rng.randrange(5, 30)}\nsecond line\n")
    size = path.stat().st_size
    tracemalloc.start()
    count = sum(1 for _ in whatsapp.read(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 40_000
    assert size > 4_000_000 and peak < size / 10


# ---------------------------------------------------------------------------------------------
# Cross-check with whatstk
# ---------------------------------------------------------------------------------------------
# Lines whatstk takes for messages and this reader does not: iOS notices written under the
# group's name ("Group: \u200eKofi A. added you"), and notices whose quoted subject holds ": ".
WHATSTK_MESSAGES_WE_CALL_NOTICES = {
    "whatsapp_android_en_gb.txt": {5},
    "whatsapp_android_fr.txt": {5},
    "whatsapp_ios_en.txt": {1, 2, 3, 12, 13, 15},
    "whatsapp_ios_fr.txt": {1, 2, 8},
}
# Fixtures whatstk reads wrongly: it turns "p.m." into a morning hour (it compares the marker
# with "pm" only).
WHATSTK_MISREADS = {"whatsapp_12h_dotted.txt"}


def _plain(text: str) -> str:
    """whatstk's view of a text: U+200E removed, NFKC, first line, stripped."""
    return unicodedata.normalize("NFKC", text.replace("\u200e", "")).strip().split("\n")[0]


@pytest.mark.parametrize("name", [n for n in FIXTURES if n not in WHATSTK_MISREADS])
def test_messages_agree_with_whatstk(name):
    """Every message: same time, author and first line of text (a media or deleted message:
    whatstk keeps the placeholder as its text); whatstk's only other rows are the listed lines."""
    theirs = WhatsAppChat.from_source(filepath=str(DATA / name)).df
    extra = WHATSTK_MESSAGES_WE_CALL_NOTICES.get(name, set())
    ours = [x for x in read(name) if x.kind == MESSAGE or x.line in extra]
    assert len(theirs) == len(ours)
    for entry, row in zip(ours, theirs.itertuples(), strict=True):
        assert row.date.to_pydatetime() == entry.time, (entry.line, row)
        if entry.line in extra:
            continue
        assert row.username == _plain(entry.author), entry.line
        if entry.media or entry.deleted:
            placeholder = _plain(row.message)
            assert (placeholder in whatsapp.MEDIA_EXACT | whatsapp.DELETED
                    or whatsapp.MEDIA_FORMS.fullmatch(placeholder)), (entry.line, placeholder)
        else:
            assert _plain(row.message) == _plain(entry.text), entry.line


def test_whatstk_misreads_dotted_pm_which_is_why_it_is_left_out():
    theirs = WhatsAppChat.from_source(filepath=str(DATA / "whatsapp_12h_dotted.txt")).df
    assert theirs["date"].iloc[0].hour == 2  # "2:05 p.m."; this reader: 14 (see above)
