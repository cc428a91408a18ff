"""`copsim-import FILE... --out DIR`: chat exports into the project's tables, anonymised.

Each file is one group (WhatsApp `.txt` or `.zip`, Telegram `result.json`, or a plain CSV); the
folder then feeds `copsim-observe` and `copsim-calibrate`. What is written and kept:
`simulation.chats.tables` and docs/calibration.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from simulation.chats import whatsapp
from simulation.chats.formats import FORMATS, read_chat
from simulation.chats.questions import REPLY_WINDOW_HOURS
from simulation.chats.records import ChatFormatError
from simulation.chats.tables import SALT_BYTES, build, describe, new_salt, save


def salt_from(path: Path | None) -> tuple[bytes, str]:
    """The salt of the members' ids: read from `path` (created there, readable by you only, when
    it does not exist yet), or a new random one that is not kept."""
    if path is None:
        return new_salt(), "a new random salt, not kept: ids are stable within this import only"
    if path.exists():
        salt = path.read_bytes()
        if len(salt) < SALT_BYTES // 2:
            raise ChatFormatError(f"--salt-file {path}: too short ({len(salt)} bytes); delete it "
                                  "to make a new one, or give the file an earlier import used")
        return salt, "the salt file given: ids are stable across imports that use it"
    salt = new_salt()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(salt)
    return salt, "a new salt, written to the salt file given: reuse it for stable ids"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="copsim-import",
        description="Read chat exports (one group per file) into events, members and membership "
                    "tables (Parquet), anonymised: names and phone numbers become salted ids, "
                    "message text is dropped unless --keep-text. Then: copsim-observe DIR, "
                    "copsim-calibrate DIR.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="WhatsApp export (.txt, or the .zip 'Export chat' makes), Telegram "
                        "result.json, or CSV with columns time,author[,reply_to][,kind]")
    p.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="folder to write (replaced as a whole if it exists)")
    p.add_argument("--members", type=int, nargs="+", metavar="N",
                   help="each group's size, members who never wrote included (one number per "
                        "file); default: everyone seen in messages and membership lines")
    p.add_argument("--member-list", type=Path, nargs="+", metavar="LIST",
                   help="a text file per group with one member (name or number) per line; "
                        "anonymised like authors")
    p.add_argument("--format", choices=FORMATS, help="the files' format (default: detected)")
    p.add_argument("--date-order", choices=list(whatsapp.DATE_ORDERS),
                   help="day, month, year order of WhatsApp dates (default: detected from the "
                        "file; day-first when every date could be either)")
    p.add_argument("--keep-text", action="store_true",
                   help="keep message text in events.parquet (personal data: off by default)")
    p.add_argument("--salt-file", type=Path, metavar="PATH",
                   help="secret salt for members' ids, created if missing; keep it outside DIR "
                        "and reuse it so that several imports give a person the same id")
    p.add_argument("--reply-window-hours", type=float, default=REPLY_WINDOW_HOURS, metavar="H",
                   help="a message within H hours after a question, by someone else, answers it "
                        "(where the export has no reply links; default %(default)s)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    for name, given in (("--members", args.members), ("--member-list", args.member_list)):
        if given is not None and len(given) != len(args.files):
            print(f"copsim-import: error: {name}: give one per file ({len(args.files)} files, "
                  f"{len(given)} given)", file=sys.stderr)
            return 2
    started = time.perf_counter()
    try:
        salt, salt_note = salt_from(args.salt_file)
        groups = []
        for g, path in enumerate(args.files):
            if not path.is_file():
                raise ChatFormatError(f"{path}: no such file")
            listed = (_member_list(args.member_list[g]) if args.member_list else ())
            fmt, lines = read_chat(path, args.format, args.date_order)
            try:
                group = build(lines, salt=salt, members=args.members[g] if args.members else None,
                              member_list=listed, keep_text=args.keep_text,
                              reply_window_hours=args.reply_window_hours, group=g)
            except ChatFormatError as err:
                raise ChatFormatError(f"{path}: {err}") from None
            group.about = {"format": fmt, **_dates(path, fmt, args.date_order), **group.about}
            groups.append(group)
            print(f"group {g}: {describe(group.about)} ({fmt})")
    except (ChatFormatError, OSError) as err:
        print(f"copsim-import: error: {err}", file=sys.stderr)
        return 2
    about = {"text_kept": args.keep_text, "ids": salt_note,
             "reply_window_hours": args.reply_window_hours}
    save(groups, args.out, about)
    text = "message text kept (personal data)" if args.keep_text else "message text not kept"
    print(f"Written: {args.out} (names and phone numbers replaced by ids; {text})")
    print(f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


def _dates(path: Path, fmt: str, date_order: str | None) -> dict:
    """How a WhatsApp export's dates were read (nothing for other formats, whose dates are ISO)."""
    if fmt != "whatsapp":
        return {}
    found = whatsapp.detect(path, date_order)
    if found["assumed"]:
        print(f"{path}: every date could be day-first or month-first; read day-first "
              "(--date-order mdy if the file is month-first)", file=sys.stderr)
    return {"platform": found["platform"], "clock": found["clock"],
            "date_order": found["date_order"], "date_order_assumed": found["assumed"]}


def _member_list(path: Path) -> list[str]:
    try:
        names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    except OSError as err:
        raise ChatFormatError(f"--member-list {path}: {err.strerror}") from None
    names = [n for n in names if n]
    if not names:
        raise ChatFormatError(f"--member-list {path}: empty; one member per line")
    return names


if __name__ == "__main__":
    sys.exit(main())
