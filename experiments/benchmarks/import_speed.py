"""How fast `simulation.chats.whatsapp.read` reads a large WhatsApp export, beside whatstk.

    .venv/bin/python experiments/benchmarks/import_speed.py [--messages 100000] [--repeats 3]

Writes a synthetic Android export (day-first, 24-hour; invented names; multi-line messages,
media placeholders, deleted messages and membership and other notices among the messages) to
a temporary folder, then times, in this process, reading every `Line` with
`whatsapp.read` and building the DataFrame with whatstk (`WhatsAppChat.from_source`, which reads
the whole file and drops notices), repeat by repeat. Prints the seconds (median [min-max]) and
whatstk's time over ours, then the whole import (`copsim-import`: reading, question and reply
rules, tables, Parquet). Target: the whole import of 100,000 messages under 10 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from whatstk import WhatsAppChat

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # this checkout's code

from simulation.chats import cli, whatsapp  # noqa: E402

SEED = 7
FIRST = ["Asha", "Baraka", "Chipo", "Daudi", "Esi", "Faraji", "Gift", "Halima", "Imani", "Jabari",
         "Kalinda", "Lulu", "Makena", "Nuru", "Onyango", "Pili", "Rehema", "Sefu", "Tatu", "Zuri"]
WORDS = ("lesson plan scheme of work fractions ratio practical exam marking register syllabus "
         "term timetable worksheet homework revision group meeting Monday Friday thanks please "
         "share the new how do we teach this topic with learners in class").split()
MEDIA = ["<Media omitted>", "IMG-20240305-WA0003.jpg (file attached)"]
DELETED = "This message was deleted"


def names(rng: random.Random, n: int) -> list[str]:
    return [f"{rng.choice(FIRST)} {chr(65 + i % 26)}.{i // 26 or ''}" for i in range(n)]


def write_export(path: Path, messages: int, rng: random.Random) -> int:
    """An Android export with `messages` messages; returns its number of lines."""
    members = names(rng, 60)
    t = datetime(2023, 1, 9, 7, 0)
    written = 0
    with open(path, "w", encoding="utf-8") as f:
        def put(rest: str) -> None:
            f.write(f"{t:%d/%m/%Y, %H:%M} - {rest}\n")

        put("Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
            "WhatsApp, can read or listen to them. Tap to learn more.")
        put(f'{members[0]} created group "Teachers {rng.randrange(100)}"')
        for i in range(messages):
            t += timedelta(minutes=rng.randrange(1, 9))
            who = rng.choice(members)
            if i % 250 == 0:
                other = rng.choice(members)
                put(rng.choice([f"{who} added {other}", f"{other} left",
                                f"{other} joined using this group's invite link",
                                f"{who} changed the subject to \"Teachers: term {i // 250}\"",
                                f"{other}'s security code changed. Tap to learn more."]))
            roll = rng.random()
            if roll < 0.08:
                put(f"{who}: {rng.choice(MEDIA)}")
            elif roll < 0.10:
                put(f"{who}: {DELETED}")
            else:
                put(f"{who}: " + " ".join(rng.choices(WORDS, k=rng.randrange(3, 25))))
                if roll > 0.9:
                    for _ in range(rng.randrange(1, 4)):
                        f.write(" ".join(rng.choices(WORDS, k=rng.randrange(2, 12))) + "\n")
                        written += 1
            written += 1
    return written + 2


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s [{min(values):.2f}-{max(values):.2f}]"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "WhatsApp Chat with Teachers.txt"
        lines = write_export(path, args.messages, random.Random(SEED))
        size = path.stat().st_size / 2**20
        counts: dict[str, int] = {}
        ours, theirs, whole = [], [], []
        for _ in range(args.repeats):
            def read() -> None:
                for line in whatsapp.read(path):
                    counts[line.kind] = counts.get(line.kind, 0) + 1
            counts.clear()
            ours.append(timed(read))
            theirs.append(timed(lambda: WhatsAppChat.from_source(filepath=str(path))))
            out = Path(folder) / "import"
            whole.append(timed(lambda: cli.main([str(path), "--out", str(out)])))
        print(f"synthetic export: {args.messages:,} messages, {lines:,} lines, {size:.1f} MiB; "
              f"{whatsapp.detect(path)}")
        print(f"entries read: {dict(sorted(counts.items()))}")
        print(f"whatsapp.read, every Line: {summary(ours)}")
        print(f"whatstk WhatsAppChat.from_source: {summary(theirs)}")
        print(f"whatstk / whatsapp.read: {statistics.median(theirs) / statistics.median(ours):.1f}x")
        print(f"the whole import (copsim-import: read, questions and replies, tables, Parquet): "
              f"{summary(whole)}")


if __name__ == "__main__":
    main()
