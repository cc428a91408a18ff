"""The model's mechanisms: one module per idea, each citing the EVIDENCE.md rows it implements.

Every mechanism is a function `f(model, day)` that updates the model's state arrays for all
teachers of all groups at once. `simulation.model.DAILY` and `WEEKLY` give their order.
`catalogue()` reads each module's docstring: its summary, the evidence rows it cites and the
config keys it reads (for the dashboard's Evidence page and docs/architecture.md's module map).
"""

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass

from simulation.mechanisms import (
    answering,
    asking,
    chatbot,
    connectivity,
    emergent_leaders,
    experts,
    incentive,
    leaving,
    meetings,
    membership,
    moderator,
    motivation,
    muting,
    offtopic,
    posting,
    previews,
    programme,
    reading,
    recognition,
    supervisor,
    ties,
    trust,
    welcome,
    workload,
)

__all__ = [
    "answering", "asking", "chatbot", "connectivity", "emergent_leaders", "experts", "incentive",
    "leaving", "meetings", "membership", "moderator", "motivation", "muting", "offtopic", "posting",
    "previews", "programme", "reading", "recognition", "supervisor", "ties", "trust", "welcome",
    "workload",
]


ROW = re.compile(r"\b[EX]\d+\b")  # EVIDENCE.md rows: from the sources (E) and outside them (X)
KEY = re.compile(r"`((?:policy|behaviour|population|costs)\.[\w.*]+)(?:=[^`]*)?`")


@dataclass(frozen=True)
class Mechanism:
    name: str
    summary: str
    rows: tuple[str, ...]
    keys: tuple[str, ...]


def catalogue() -> list[Mechanism]:
    """Every mechanism module, from its docstring: summary, evidence rows, keys read."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        doc = inspect.getdoc(importlib.import_module(f"{__name__}.{info.name}")) or ""
        rows = sorted(set(ROW.findall(doc)), key=lambda r: (r[0], int(r[1:])))
        keys = tuple(dict.fromkeys(KEY.findall(doc)))
        found.append(Mechanism(info.name, doc.splitlines()[0] if doc else "", tuple(rows), keys))
    return found
