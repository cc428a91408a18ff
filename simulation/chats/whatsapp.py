"""Read a WhatsApp chat export (the `.txt`, or the "Export chat" `.zip` holding it) into `Line`s.

Streaming: the file is read line by line, twice (a scan that learns the format, then the parse),
and never held in memory, so a 1 GB export reads like a small one. A `.zip` member is streamed
out of the archive; the media beside it are not extracted.

Forms read (one form per file; the first dated line sets it):
- Android: `12/03/2024, 14:05 - Name: text`; French Android writes `12/03/2024 à 14:05 - ...`.
- iOS: `[12/03/2024, 14:05:09] Name: text`, lines often starting with U+200E (LEFT-TO-RIGHT MARK).
- Dates: three numbers separated by `/`, `.` or `-`, years of 2 digits (20xx) or 4; day-first
  (en-GB, most of Africa, French), month-first (en-US) or year-first (a 4-digit first number).
- Clocks: 24-hour (`14:05`, `14.05`, with or without seconds) and 12-hour (`2:05 PM`, `2:05 pm`,
  `2:05 p.m.`, with a space, a no-break space or a narrow no-break space U+202F before it).
- Locales of the notices and placeholders: English and French (`SYSTEM_NOTICES`,
  `MEMBERSHIP_NOTICES`, `MEDIA_PLACEHOLDERS`, `DELETED_PLACEHOLDERS`).

Date order (`detect`): the scan reads dated lines until one decides the order: a 4-digit first
number means year-first, a first number above 12 day-first, a second number above 12
month-first (both above 12: no order fits, an error). If no line decides, the file is read
day-first and `detect` says the order was assumed. `date_order` ("dmy", "mdy", "ymd") overrides.
The parse checks every date under the chosen order and names the first line that does not fit.

What a dated line is (the text after the timestamp, U+200E stripped):
1. No "Name: " part: the platform wrote it. A membership notice (`MEMBERSHIP_NOTICES`: created,
   added, removed, left, joined) becomes that kind, with `author` who acted (the member
   themself for left and joined) and `members` who changed; anything else is "system", known
   (`SYSTEM_NOTICES`) or not: a line without "Name: " is never a message.
2. "Name: text" is a message (text, media placeholder or deleted), except:
   - the part before the first ": " holds a quotation mark and the whole line is a notice (a
     subject or group name in quotes may itself contain ": ", as in `changed the subject to
     "Re: exams"`);
   - iOS writes some notices as "Group name: \u200etext": a text starting with U+200E that is a
     notice is one, and so is any later U+200E text from the same name (the group's name).
   A message's text may contain ": " and a name may contain " added ": the name ends at the first
   ": ", and a line with a "Name: " part is only tested against the notices in the two cases above.
3. A line that does not start with the file's timestamp continues the previous entry's text.
Media placeholders are recognised on a message's first line; what follows is the caption.
"You"/"you" (French "Vous"/"vous") in notices, meaning the person who exported the chat, is
written `YOU`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO

from simulation.chats.records import MESSAGE, SYSTEM, ChatFormatError, Line

DATE_ORDERS = {"dmy": "day-first", "mdy": "month-first", "ymd": "year-first"}
ASSUMED_ORDER = "dmy"
# (year, month, day) positions among the three numbers of a date, for each order
ORDER_POSITIONS = {"dmy": (2, 1, 0), "mdy": (2, 0, 1), "ymd": (0, 1, 2)}
EXAMPLE = "'12/03/2024, 14:05 - Name: text'"
EXAMPLE_IOS = "'[12/03/2024, 14:05:09] Name: text'"
LRM = "\u200e"
YOU = "You"
YOU_WORDS = frozenset({"You", "you", "Vous", "vous"})
HEAD_LINES = 1000        # lines searched for the first dated one before the file is refused
MAX_REPORTED = 5         # offending lines named in an error

# Any WhatsApp timestamp, used by the scan only: date, time, optional AM/PM, then " - " (Android)
# or "] " (iOS). The parse uses one pattern built from the first dated line (`_pattern`).
HEADER = re.compile(
    r"[\u200e\ufeff]*(?P<open>\[)?"
    r"(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})"
    r"(?P<join>,? (?:à )?)"
    r"(?P<h>\d{1,2})(?P<tsep>[:.])(?P<mi>\d{2})(?:(?P=tsep)(?P<s>\d{2}))?"
    r"(?:[ \u00a0\u202f]?(?P<ampm>[AaPp]\.? ?[Mm]\.?))?"
    r"(?(open)\]| -) "
)
AMPM = r"[ \u00a0\u202f]?([AaPp])\.? ?[Mm]\.?"
# A line that looks dated (a number first, a time soon after) but is not a known timestamp
LOOKS_DATED = re.compile(r"[\[\u200e\ufeff]*\d.{0,40}?\d[:.]\d\d")
BLANK = " \t\n\ufeff\u200e"
QUOTE = re.compile("[\"“”«»]")

NAME = r"(?P<a>[^:]+?)"          # who acted: a notice's names never hold ":"
MEMBERS = r"(?P<m>[^:]+?)"       # who changed: one name, or "Y, Z and W"
MEMBER_SPLIT = re.compile(r", | and | et ")
E = r"(?:e|\(e\))?"              # French feminine ending: ajouté, ajoutée, ajouté(e)

# Notices that change nothing in the membership (-> "system"). Tried before the membership
# notices, so that `X changed the subject to "A added B"` is not read as "added".
SYSTEM_NOTICES = {
    "en": [
        r"Messages and calls are end-to-end encrypted\b.*",
        r"Messages to this group are now secured with end-to-end encryption\b.*",
        rf"{NAME} changed the (?:subject|group name)\b.*",
        rf"{NAME} (?:changed|deleted|removed) (?:this group['’]s icon|the group (?:icon|photo))",
        rf"{NAME} (?:changed|deleted) the group description",
        rf"{NAME}['’]s security code changed\b.*",
        rf"Your security code with {NAME} changed\b.*",
        r"You['’]re (?:now|no longer) an admin",
        rf"{NAME} changed their phone number\b.*",
        rf"{NAME} changed to \+?[\d ()\-]+",
        rf"{NAME} changed (?:this group['’]s|the group) settings\b.*",
        rf"{NAME} turned (?:on|off) disappearing messages\b.*",
        rf"{NAME} (?:pinned|unpinned) a message",
    ],
    "fr": [
        r"Les messages et les appels sont chiffrés de bout en bout\b.*",
        r"Les messages envoyés dans ce groupe sont (?:désormais|maintenant) protégés\b.*",
        rf"{NAME} (?:a|avez) (?:modifié|changé|remplacé) le (?:sujet|nom (?:du|de ce) groupe)\b.*",
        rf"{NAME} (?:a|avez) (?:modifié|changé|supprimé) (?:l['’]icône|la photo) (?:de ce|du) groupe",
        rf"{NAME} (?:a|avez) (?:modifié|supprimé) la description du groupe",
        rf"Le code de sécurité de {NAME} a changé\b.*",
        rf"Votre code de sécurité avec {NAME} a changé\b.*",
        r"Vous (?:êtes (?:maintenant|désormais)|n['’]êtes plus) (?:un )?admin\w*",
        rf"{NAME} a changé (?:son numéro de téléphone|de numéro)\b.*",
        rf"{NAME} (?:a|avez) (?:modifié|changé) les paramètres (?:de ce|du) groupe\b.*",
        rf"{NAME} (?:a|avez) (?:activé|désactivé) les messages éphémères\b.*",
        rf"{NAME} (?:a|avez) épinglé un message",
    ],
}
# Membership notices: (kind, pattern); group `a` is who acted, `m` who joined, left or changed.
MEMBERSHIP_NOTICES = {
    "en": [
        ("created", rf"{NAME} created (?:group [\"“«].*[\"”»]|this group)"),
        ("added", rf"{NAME} added {MEMBERS}"),
        ("added", r"(?P<m>You) were added"),
        ("added", rf"{MEMBERS} was added"),
        ("removed", rf"{NAME} removed {MEMBERS}"),
        ("left", rf"{MEMBERS} left"),
        ("joined", rf"{MEMBERS} joined (?:using|via|from) .*"),
    ],
    "fr": [
        ("created", rf"{NAME} (?:a|avez) créé (?:le groupe ?[\"“«].*[\"”»]|ce groupe)"),
        ("added", rf"{NAME} (?P<m>vous) a ajouté{E}"),
        ("added", rf"{NAME} (?:a|avez) ajouté {MEMBERS}"),
        ("added", rf"(?P<m>Vous) avez été ajouté{E}"),
        ("removed", rf"{NAME} (?P<m>vous) a retiré{E}"),
        ("removed", rf"{NAME} (?:a|avez) retiré {MEMBERS}"),
        ("left", rf"{MEMBERS} (?:est|êtes) parti{E}"),
        ("left", rf"{MEMBERS} (?:a|avez) quitté(?: le groupe| ce groupe)?"),
        ("joined", rf"{MEMBERS} (?:a|avez) rejoint\b.*"),
        ("joined", rf"{MEMBERS} s['’]est joint{E}\b.*"),
    ],
}
NOTICES = ([(SYSTEM, re.compile(p)) for ps in SYSTEM_NOTICES.values() for p in ps]
           + [(k, re.compile(p)) for ps in MEMBERSHIP_NOTICES.values() for k, p in ps])
SELF_ACTIONS = ("left", "joined")  # the member acted: author = member

# A message's first line that stands for media (the caption, if any, follows on the next lines)
MEDIA_PLACEHOLDERS = {
    "en": ["<Media omitted>", "image omitted", "video omitted", "audio omitted", "sticker omitted",
           "GIF omitted", "document omitted", "Contact card omitted"],
    "fr": ["<Médias omis>", "image absente", "vidéo absente", "audio omis", "sticker omis",
           "GIF retiré", "document manquant", "document omis", "Fiche contact manquante"],
}
MEDIA_EXACT = frozenset(p for ps in MEDIA_PLACEHOLDERS.values() for p in ps)
# iOS `<attached: 00000012-PHOTO-....jpg>`; Android `IMG-....jpg (file attached)`; iOS
# `lesson.pdf • 3 pages document omitted`
MEDIA_FORMS = re.compile(
    r"<(?:attached|pièce jointe) ?: .*>"
    r"|.* \((?:file attached|fichier joint)\)"
    r"|.*\s\u200e?(?:document (?:omitted|omis|manquant))"
)
DELETED_PLACEHOLDERS = {
    "en": ["This message was deleted", "You deleted this message"],
    "fr": ["Ce message a été supprimé", "Vous avez supprimé ce message"],
}
DELETED = frozenset(s + end for ps in DELETED_PLACEHOLDERS.values() for s in ps for end in ("", "."))


@dataclass(frozen=True)
class _Format:
    platform: str            # "android" or "ios"
    clock: int               # 12 or 24
    date_order: str          # "dmy", "mdy" or "ymd"
    assumed: bool            # no line decided the order
    decided_by: int | None   # the line that decided it (None: assumed or given)
    pattern: re.Pattern[str]


def detect(path: str | Path, date_order: str | None = None) -> dict:
    """The file's form: {"platform": "android"|"ios", "clock": 12|24, "date_order": "dmy"|"mdy"|
    "ymd", "assumed": whether no line decided the order, "decided_by": that line's number}."""
    fmt = _scan(Path(path), date_order)
    return {"platform": fmt.platform, "clock": fmt.clock, "date_order": fmt.date_order,
            "assumed": fmt.assumed, "decided_by": fmt.decided_by}


def read(path: str | Path, date_order: str | None = None) -> Iterator[Line]:
    """The export's entries, in file order. The format is checked now (`ChatFormatError`); the
    returned iterator parses as it goes and raises on the first date that does not fit."""
    path = Path(path)
    return _parse(path, _scan(path, date_order))


# ---------------------------------------------------------------------------------------------
# The file (a .txt, or the chat inside an export .zip)
# ---------------------------------------------------------------------------------------------
@contextmanager
def _open_bytes(path: Path) -> Iterator[tuple[IO[bytes], str]]:
    """(binary stream, name for messages) of the export: the file, or the chat in the zip."""
    if path.suffix.lower() != ".zip":
        with open(path, "rb") as f:
            yield f, str(path)
        return
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise ChatFormatError(f"{path}: not a readable zip file ({e}); export the chat again, "
                              "or unzip it and pass the .txt") from None
    with archive:
        member = _chat_member(archive, path)
        with archive.open(member) as raw:
            yield raw, f"{path} ({member})"


def _chat_member(archive: zipfile.ZipFile, path: Path) -> str:
    """The chat's .txt in an export zip: `_chat.txt` (iOS) or "WhatsApp Chat with X.txt"
    (Android, any language); else the only .txt (shared documents may be .txt too)."""
    texts = [i.filename for i in archive.infolist()
             if not i.is_dir() and i.filename.lower().endswith(".txt")]
    named = [t for t in texts if PurePosixPath(t).name == "_chat.txt"
             or "whatsapp" in PurePosixPath(t).name.lower()]
    for candidates in (named, texts):
        if len(candidates) == 1:
            return candidates[0]
    found = ", ".join(texts) or "none"
    raise ChatFormatError(f"{path}: cannot tell which .txt in this zip is the chat (found: {found}); "
                          "unzip it and pass the chat's .txt")


@contextmanager
def _lines(path: Path) -> Iterator[tuple[Iterator[tuple[int, str]], str]]:
    """(the file's (line number, text without its line end), name for messages). Each line is
    decoded on its own, so a byte that is not UTF-8 is reported on its line."""
    with _open_bytes(path) as (f, name):
        yield _decoded(f, name), name


def _decoded(f: IO[bytes], name: str) -> Iterator[tuple[int, str]]:
    for lineno, raw in enumerate(f, 1):
        try:
            yield lineno, raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise ChatFormatError(f"{name}: line {lineno}: not UTF-8 text; WhatsApp exports are "
                                  "UTF-8: export the chat again, or re-save the file as UTF-8") from None


# ---------------------------------------------------------------------------------------------
# Pass 1: the format
# ---------------------------------------------------------------------------------------------
def _scan(path: Path, date_order: str | None) -> _Format:
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {', '.join(DATE_ORDERS)}, not {date_order!r}")
    first: re.Match[str] | None = None
    stray: list[int] = []          # non-blank lines before the first dated line
    dated: list[tuple[int, str]] = []  # of those, the ones that look like an unknown date format
    order, decided_by = date_order, None
    with _lines(path) as (lines, name):
        for lineno, line in lines:
            m = HEADER.match(line)
            if first is None:
                if m is None:
                    if line.strip(BLANK):
                        stray.append(lineno)
                        if LOOKS_DATED.match(line):
                            dated.append((lineno, line))
                    if lineno >= HEAD_LINES:
                        break
                    continue
                first = m
                if stray:
                    break
            elif m is None or m["sep"] != first["sep"] or m["open"] != first["open"]:
                continue
            if order is None:
                order = _decide(m, name, lineno)
                decided_by = lineno if order else None
            if order is not None:
                break
    if first is None or stray:
        raise _no_header(name, stray, dated, first is not None)
    return _Format(platform="ios" if first["open"] else "android",
                   clock=12 if first["ampm"] else 24,
                   date_order=order or ASSUMED_ORDER,
                   assumed=order is None,
                   decided_by=decided_by,
                   pattern=_pattern(first))


def _decide(m: re.Match[str], name: str, lineno: int) -> str | None:
    """The date order this dated line proves, if any."""
    a, b = int(m["a"]), int(m["b"])
    if len(m["a"]) == 4:
        return "ymd"
    if a > 12 and b > 12:
        raise ChatFormatError(
            f"{name}: line {lineno}: the date {m['a']}{m['sep']}{m['b']}{m['sep']}{m['c']} is "
            "impossible in every order (neither of its first two numbers can be a month); "
            "check the file is an unedited WhatsApp export")
    return "dmy" if a > 12 else "mdy" if b > 12 else None


def _no_header(name: str, stray: list[int], dated: list[tuple[int, str]], found: bool) -> ChatFormatError:
    if dated:
        numbers = ", ".join(str(n) for n, _ in dated[:MAX_REPORTED])
        return ChatFormatError(
            f"{name}: unknown date format on line(s) {numbers} (e.g. {dated[0][1][:60]!r}); this "
            f"reader knows WhatsApp's numeric dates, e.g. {EXAMPLE} or {EXAMPLE_IOS}: export the "
            "chat from a phone set to numeric dates, or write it as CSV (time,author)")
    if found:
        numbers = ", ".join(str(n) for n in stray[:MAX_REPORTED])
        return ChatFormatError(
            f"{name}: line(s) {numbers} come before the first dated line; a WhatsApp export starts "
            f"with a date and time, e.g. {EXAMPLE}: remove those lines or check this is the export")
    return ChatFormatError(
        f"{name}: not a WhatsApp export: no line starts with a date and time; expected e.g. "
        f"{EXAMPLE} (Android) or {EXAMPLE_IOS} (iOS)")


def _pattern(first: re.Match[str]) -> re.Pattern[str]:
    """The timestamp of this file, from its first dated line. Groups: date, its three numbers,
    hour, minute, second ("" if none), the a/p of AM/PM ("" on a 24-hour clock)."""
    sep, tsep = re.escape(first["sep"]), re.escape(first["tsep"])
    return re.compile(
        "[\u200e\ufeff]*" + (r"\[" if first["open"] else "")
        + rf"((\d{{1,4}}){sep}(\d{{1,2}}){sep}(\d{{1,4}})){re.escape(first['join'])}"
        + rf"(\d{{1,2}}){tsep}(\d{{2}})" + (rf"{tsep}(\d{{2}})" if first["s"] else "()")
        + (AMPM if first["ampm"] else "()")
        + (r"\] " if first["open"] else " - "))


# ---------------------------------------------------------------------------------------------
# Pass 2: the entries
# ---------------------------------------------------------------------------------------------
def _parse(path: Path, fmt: _Format) -> Iterator[Line]:
    match = fmt.pattern.match
    year_at, month_at, day_at = ORDER_POSITIONS[fmt.date_order]
    twelve = fmt.clock == 12
    dates: dict[str, tuple[int, int, int]] = {}
    group_names: set[str] = set()   # iOS: names the group's own notices are written under
    start: tuple[datetime, str, int] | None = None
    extra: list[str] = []
    with _lines(path) as (lines, name):
        for lineno, line in lines:
            m = match(line)
            if m is None:
                if start is not None:
                    extra.append(line)
                continue
            if start is not None:
                yield _entry(*start, extra, group_names)
                extra = []
            date, a, b, c, h, mi, s, ap = m.groups()
            ymd = dates.get(date)
            if ymd is None:
                numbers = (a, b, c)
                ymd = dates[date] = _date(date, numbers[year_at], numbers[month_at],
                                          numbers[day_at], fmt, name, lineno)
            hour = int(h)
            if twelve:
                hour = hour % 12 + (12 if ap in "Pp" else 0)
            try:
                time = datetime(*ymd, hour, int(mi), int(s) if s else 0)
            except ValueError:
                raise ChatFormatError(f"{name}: line {lineno}: {line[m.start(5):m.end()].strip(' -]')!r} "
                                      "is not a time of day") from None
            start = (time, line[m.end():], lineno)
    if start is not None:
        yield _entry(*start, extra, group_names)


def _date(date: str, year: str, month: str, day: str, fmt: _Format, name: str, lineno: int
          ) -> tuple[int, int, int]:
    y = int(year) + (2000 if len(year) <= 2 else 0)
    try:
        datetime(y, int(month), int(day))
    except ValueError:
        how = ("assumed: no line showed the order" if fmt.assumed
               else f"from line {fmt.decided_by}" if fmt.decided_by else "as asked")
        others = " or ".join(repr(o) for o in DATE_ORDERS if o != fmt.date_order)
        raise ChatFormatError(
            f"{name}: line {lineno}: {date} is not a date when read "
            f"{DATE_ORDERS[fmt.date_order]} ({fmt.date_order}, {how}); if the file is written in "
            f"another order pass date_order={others}, else the file mixes orders or was edited"
        ) from None
    return y, int(month), int(day)


def _entry(time: datetime, rest: str, lineno: int, extra: list[str], group_names: set[str]) -> Line:
    """One dated line (and its continuation lines) as a Line; the rule is in the module's doc."""
    if rest[:1] == LRM:
        rest = rest[1:]
    name, colon, text = rest.partition(": ")
    if not colon and rest.endswith(":") and ":" not in rest[:-1]:
        name, colon, text = rest[:-1], ":", ""  # "Name:" and the text on the next lines
    if not colon or QUOTE.search(name):
        notice = _notice(time, rest, lineno)
        if notice is not None or not colon:
            return notice or Line(time, SYSTEM, None, line=lineno)
    name = name.rstrip()
    if text[:1] != LRM:
        return _message(time, name, text, extra, lineno)
    text = text[1:]
    notice = _notice(time, text, lineno)
    if notice is not None:
        group_names.add(name)
        return notice
    line = _message(time, name, text, extra, lineno)
    if name in group_names and not (line.media or line.deleted):
        return Line(time, SYSTEM, None, line=lineno)
    return line


def _message(time: datetime, name: str, first: str, extra: list[str], lineno: int) -> Line:
    if first in DELETED:
        return Line(time, MESSAGE, name, deleted=True, line=lineno)
    if first in MEDIA_EXACT or MEDIA_FORMS.fullmatch(first):
        return Line(time, MESSAGE, name, "\n".join(extra).strip("\n"), media=True, line=lineno)
    text = "\n".join([first, *extra]).rstrip("\n") if extra else first
    return Line(time, MESSAGE, name, text, line=lineno)


def _notice(time: datetime, text: str, lineno: int) -> Line | None:
    """The notice `text` is, if it is a known one."""
    for kind, pattern in NOTICES:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        found = m.groupdict()
        author = _person(found.get("a"))
        if kind == SYSTEM:
            return Line(time, SYSTEM, author, line=lineno)
        members = tuple(_person(n) for n in MEMBER_SPLIT.split(found["m"])) if found.get("m") else ()
        if kind == "created":
            members = (author,)
        elif kind in SELF_ACTIONS:
            author = members[0]
        return Line(time, kind, author, members=members, line=lineno)
    return None


def _person(name: str | None) -> str | None:
    if name is None:
        return None
    name = name.strip()
    return YOU if name in YOU_WORDS else name
