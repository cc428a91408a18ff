"""The policy knobs a designer can turn, as the schema declares them (`PolicyConfig`).

Each knob's label, help sentence, evidence rows and values are written once, in
`simulation.config` (`_knob`); this module reads them for everyone who shows them:
`copsim --help` (`help_text`, through the `${copsim_knobs:}` resolver in the help template of
configs/config.yaml), the README's table (`readme_table`, rewritten by
scripts/update_tables.py and checked by tests/test_generated_tables.py) and the dashboard's
controls (`KNOBS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulation.config import PolicyConfig, schema_fields


@dataclass(frozen=True)
class Knob:
    key: str            # override key, e.g. "policy.kickoff"
    label: str          # what the control says
    help: str           # one sentence, plain language
    evidence: str       # EVIDENCE.md rows, e.g. "E6, E14"
    kind: str           # "switch", "choice", "int" or "share" (a number from 0 to 1)
    choices: dict[str, str] = field(default_factory=dict)  # value -> plain-language label
    range: tuple[float, float] | None = None

    def values(self, markdown: bool = False) -> str:
        """The values it takes, as --help (or, `markdown`, the README) writes them."""
        if self.kind == "switch":
            return "true/false"
        if self.kind == "choice":
            return ", ".join(f"`{v}`" for v in self.choices) if markdown else "|".join(self.choices)
        lo, hi = self.range
        text = f"{lo:g} .. {hi:g}"
        return text + ", or null for the context's usual size" if self.key == "policy.group_size" else text


def _kind(f, metadata) -> str:
    if "choice_labels" in metadata:
        return "choice"
    if f.type in (bool, "bool"):
        return "switch"
    if f.type in (float, "float"):
        return "share"
    return "int"


KNOBS = tuple(
    Knob(f"policy.{key}", f.metadata["label"], f.metadata["help"], f.metadata["evidence"],
         _kind(f, f.metadata), dict(f.metadata.get("choice_labels", {})), f.metadata.get("range"))
    for key, f in schema_fields(PolicyConfig) if "label" in f.metadata
)


def help_text() -> str:
    """The knobs for `copsim --help`: one line each, with their values."""
    width = max(len(k.key) for k in KNOBS)
    return "\n".join(f"  {k.key:<{width}}  {k.label}: {k.values()}" for k in KNOBS)


def readme_table() -> str:
    """The README's Markdown table of knobs: key, what it is, values, evidence."""
    lines = ["| knob | what it is | values | evidence |", "|---|---|---|---|"]
    lines += [f"| `{k.key}` | {k.label} | {k.values(markdown=True)} | {k.evidence} |" for k in KNOBS]
    return "\n".join(lines) + "\n"
