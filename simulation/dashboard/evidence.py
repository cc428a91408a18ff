"""Evidence: each mechanism, the evidence rows it implements and the parameters it reads.

Mechanisms are read from the docstrings of `simulation.mechanisms` (`catalogue`: each cites its
EVIDENCE.md rows and the config keys it reads); the evidence table is `evidence.md` in this folder, a copy of
the project's EVIDENCE.md table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import solara

from simulation.mechanisms import ROW, catalogue

EVIDENCE_FILE = Path(__file__).with_name("evidence.md")


@dataclass(frozen=True)
class EvidenceRow:
    id: str
    claim: str
    mechanism: str
    pattern: str


def _table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.startswith("|")]


def parse_evidence(text: str) -> dict[str, EvidenceRow]:
    """The rows of the evidence table (`| E1 | claim | mechanism | pattern |`)."""
    return {cells[0]: EvidenceRow(*cells) for cells in _table_rows(text)
            if len(cells) == 4 and ROW.fullmatch(cells[0])}


def parse_sources(text: str) -> dict[str, str]:
    """The source documents (`| 000 | what it is |`)."""
    return {cells[0]: cells[1] for cells in _table_rows(text)
            if len(cells) == 2 and re.fullmatch(r"\d{3}", cells[0])}


EVIDENCE = parse_evidence(EVIDENCE_FILE.read_text(encoding="utf-8"))
SOURCES = parse_sources(EVIDENCE_FILE.read_text(encoding="utf-8"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


@solara.component
def Page():
    solara.Title("copsim: evidence")
    solara.Style("td, th { text-align: left !important; vertical-align: top; }")
    found = solara.use_memo(catalogue, [])
    solara.Markdown(
        "Every mechanism of the model cites the evidence rows (E1, E2, ...) it implements; each "
        "row quotes a source document (000, 001, ...; listed at the bottom). Numbers that no "
        "source gives are assumptions, marked so in the config files.")
    lines = ["| mechanism | what it does | evidence | parameters it reads |", "|---|---|---|---|"]
    for m in found:
        keys = ", ".join(f"`{k}`" for k in m.keys) or "(none named)"
        lines.append(f"| **{m.name}** | {_cell(m.summary)} | {', '.join(m.rows)} | {keys} |")
    solara.Markdown("## Mechanisms\n" + "\n".join(lines))
    lines = ["| id | claim (source) | mechanism it implies | pattern the model must show |",
             "|---|---|---|---|"]
    for row in EVIDENCE.values():
        lines.append(f"| **{row.id}** | {_cell(row.claim)} | {_cell(row.mechanism)} | "
                     f"{_cell(row.pattern)} |")
    solara.Markdown("## Evidence rows\n" + "\n".join(lines))
    lines = ["| source | what it is |", "|---|---|"]
    lines += [f"| {number} | {_cell(text)} |" for number, text in SOURCES.items()]
    solara.Markdown("## Sources\n" + "\n".join(lines))
