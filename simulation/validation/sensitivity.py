"""How much do the model's policy conclusions move when an assumed constant changes?

The sources give no number for any mechanism constant (configs/behaviour/default.yaml), so each
is an assumption. For every numeric behaviour constant, the conclusions below are recomputed with
the constant at LOW and HIGH times its shipped value (clipped to its allowed range; integers
rounded). A conclusion is the effect of a policy on the mean weekly-active share in weeks 13-26
against no support, paired by replicate (Tanzania maths teachers, REPLICATES x WEEKS, base seed
SEED). The report gives, per conclusion, how many changed constants keep it (positive and one-
sided paired Wilcoxon p < 0.01), only weaken it (positive, p >= 0.01: with REPLICATES replicates
an effect under about a point often cannot be told from noise) or reverse it (effect <= 0).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulation.config import BehaviourConfig, load_settings, schema_fields
from simulation.statistics import ALPHA, greater_p
from simulation.validation.checks import values
from simulation.validation.experiments import Measure

BASE = ("population=tanzania_maths", "policy=none", "progress=false")
CONCLUSIONS = {  # name: overrides of the policy scenario, compared with BASE alone
    "recommended package": ("policy=dime_recommended", "policy.group_size=38"),
    "rotating moderator": ("policy.moderator.mode=rotating",),
    "kick-off": ("policy.kickoff=true",),
    "monthly meetings": ("policy.meeting_every_weeks=4",),
    "recognition": ("policy.incentive.recognition=active",),
    "data subsidy": ("policy.data_subsidy=true",),
}
LOW, HIGH = 0.5, 1.5
REPLICATES, WEEKS, SEED = 40, 26, 0  # 40: at 20, effects of about a point were mostly noise
LATE = (13, WEEKS)


@dataclass(frozen=True)
class Effect:
    mean: float
    p: float

    @property
    def holds(self) -> bool:
        return self.mean > 0 and self.p < ALPHA

    @property
    def reversed(self) -> bool:
        return self.mean <= 0

    def cell(self) -> str:
        mark = "" if self.holds else (" **rev**" if self.reversed else " (ns)")
        return f"{100 * self.mean:+.1f}{mark}"


def assumed_constants() -> list[tuple[str, float]]:
    """(key, shipped value) of every numeric behaviour constant."""
    shipped = load_settings(list(BASE)).behaviour
    return [(name, getattr(shipped, name)) for name, f in schema_fields(BehaviourConfig)
            if f.type in (float, int, "float", "int")]


def perturbed(key: str, value: float, factor: float) -> float | int:
    lo, hi = dict(schema_fields(BehaviourConfig))[key].metadata["range"]
    new = min(max(value * factor, lo), hi)
    return int(round(new)) if isinstance(value, int) else round(new, 6)


def tasks() -> list[tuple[str, str, tuple[str, ...]]]:
    """Every simulation needed: (variant label, scenario, overrides). Variant "shipped" is the
    shipped constants; the others are "key=value"."""
    variants = [("shipped", ())]
    for key, value in assumed_constants():
        for factor in (LOW, HIGH):
            new = perturbed(key, value, factor)
            if new != value:
                variants.append((f"{key}={new}", (f"behaviour.{key}={new}",)))
    scenarios = {"none": (), **CONCLUSIONS}
    return [(label, name, (*BASE, *extra, *policy, f"replicates={REPLICATES}", f"weeks={WEEKS}",
                           f"seed={SEED}"))
            for label, extra in variants for name, policy in scenarios.items()]


def late_active(tables) -> "pd.Series":  # noqa: F821
    """Per replicate: the weekly-active share over weeks LATE (the validation's measure)."""
    return values({"run": tables}, Measure("run", "weekly.active_share",
                                           tuple(range(LATE[0], LATE[1] + 1))))


def effects(late: dict) -> dict[str, dict[str, Effect]]:
    """{variant: {conclusion: Effect}} from {(variant, scenario): per-replicate late share}."""
    out: dict[str, dict[str, Effect]] = {}
    for (variant, scenario), share in late.items():
        if scenario == "none":
            continue
        d = (share - late[(variant, "none")]).to_numpy()
        out.setdefault(variant, {})[scenario] = Effect(float(d.mean()), greater_p(d))
    return out


def table(found: dict[str, dict[str, Effect]]) -> str:
    """Markdown: one row per changed constant, one column per conclusion; the effect in
    percentage points, marked (ns) where no longer significant and **rev** where reversed."""
    names = list(CONCLUSIONS)
    lines = ["| constant | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for variant, row in found.items():
        label = "**shipped values**" if variant == "shipped" else f"`{variant}`"
        lines.append(f"| {label} | " + " | ".join(row[n].cell() for n in names) + " |")
    return "\n".join(lines)


def summary(found: dict[str, dict[str, Effect]]) -> str:
    """Per conclusion: its effect at the shipped values, its range over the changed constants,
    and how many changes keep, weaken or reverse it."""
    changed = {v: row for v, row in found.items() if v != "shipped"}
    lines = ["| conclusion | shipped | range over changes | kept | weakened (ns) | reversed |",
             "|---|---:|---:|---:|---:|---:|"]
    for name in CONCLUSIONS:
        effects = [row[name] for row in changed.values()]
        means = [100 * e.mean for e in effects]
        kept = sum(e.holds for e in effects)
        rev = [v for v, row in changed.items() if row[name].reversed]
        lines.append(
            f"| {name} | {found['shipped'][name].cell()} | {min(means):+.1f} to {max(means):+.1f} "
            f"| {kept} | {len(effects) - kept - len(rev)} | {len(rev)}"
            + (f" ({', '.join(f'`{v}`' for v in rev)})" if rev else "") + " |")
    return "\n".join(lines)
