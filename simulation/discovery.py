"""Scenario discovery: where a goal holds or fails, in plain words (the `copsim-discover` command).

    copsim -m experiment=discovery            # policies and group sizes x 64 plausible worlds
    copsim-collect sweeps/discovery
    copsim-discover sweeps/discovery/dataset --goal "retention_w26 >= 0.2"
    copsim-discover sweeps/discovery/dataset --goal "retention_w26 >= 0.1" --versus policy=none

A goal is a summary indicator, a comparison and a number (`retention_w26 >= 0.2`), judged per
point on the mean over its replicates; with `--versus KEY=VALUE` it is judged on each point's
difference from the point that differs from it only in KEY (on the same teachers), such as a
package against no support. The inputs are the sweep's parameters that vary and, for points run
in one world of a design (`world=k`, `simulation.worlds`), that world's assumption values.

PRIM (the Patient Rule Induction Method, Friedman & Fisher 1999, as implemented in the EMA
Workbench) finds a box of inputs where the goal fails (or holds, with `--holds`): a few
restrictions, such as "behaviour.idle_drift above 0.06 and policy.group_size above 30", with
its coverage (the share of all the points of interest that lie in the box) and density (the share
of the box's points that are of interest). Of each peeling trajectory the box shown is the one
with the largest coverage among those of density at least `DENSITY`, or the densest; up to
`--boxes` boxes are found in turn, each among the points the earlier ones left, while a box is
denser than the points at large.
"""

from __future__ import annotations

import argparse
import operator
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.config import ConfigError, load_settings
from simulation.parameters import plausible_ranges

DENSITY = 0.8   # the least density of the box chosen from a peeling trajectory
BOXES = 2       # boxes found in turn, at most
COMPARISONS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
GOAL = re.compile(r"^\s*(\w+)\s*(>=|<=|>|<)\s*(-?[\d.]+(?:e-?\d+)?)\s*$")
META = ("run", "point", "status", "error")  # runs.parquet columns that are not inputs


@dataclass(frozen=True)
class Box:
    restrictions: list[str]   # in words, one per restricted input
    coverage: float
    density: float
    points: int               # points in the box

    def sentence(self, goal: str, holds: bool) -> str:
        where = " and ".join(self.restrictions) or "everywhere"
        verb = "holds" if holds else "fails"
        return (f"The goal {goal} {verb} when {where}: {self.density:.0%} of the {self.points} "
                f"points in this box (density), {self.coverage:.0%} of all the points where it "
                f"{verb} (coverage).")


def parse_goal(goal: str) -> tuple[str, str, float]:
    """`retention_w26 >= 0.2` -> ("retention_w26", ">=", 0.2); raises ConfigError."""
    found = GOAL.match(goal)
    if not found:
        raise ConfigError(f"--goal {goal!r}: expected INDICATOR OP NUMBER, e.g. "
                          "'retention_w26 >= 0.2' (OP one of >=, <=, >, <)")
    return found.group(1), found.group(2), float(found.group(3))


def cases(dataset: Path, column: str, versus: str | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """The inputs (one row per point, or per compared point with `versus`) and the output:
    the point's mean of `column` over replicates, or its difference from the `versus` point."""
    from simulation.collect import load_dataset  # reads Parquet: only where a dataset is read

    data = load_dataset(dataset)
    runs = data["runs"][data["runs"].status == "done"].drop(columns=["error"], errors="ignore")
    if column not in data["summary"]:
        raise ConfigError(f"--goal: {column!r} is not a summary indicator")
    value = data["summary"].groupby("run")[column].mean().rename("value")
    runs = runs.merge(value, left_on="run", right_index=True)
    inputs = [c for c in runs.columns if c not in (*META, "value")]
    if versus:
        key, _, base = versus.partition("=")
        if key not in runs:
            raise ConfigError(f"--versus {versus}: {key!r} is not a swept parameter "
                              f"(the dataset has {', '.join(inputs)})")
        others = [c for c in inputs if c != key]
        reference = runs[runs[key].astype(str) == base]
        if reference.empty:
            raise ConfigError(f"--versus {versus}: no point has {key}={base}")
        runs = runs[runs[key].astype(str) != base].merge(
            reference[[*others, "value"]], on=others, suffixes=("", "_reference"))
        runs["value"] = runs["value"] - runs.pop("value_reference")
    x = _with_world_values(runs, dataset)
    x = x[[c for c in x.columns if c not in (*META, "value") and x[c].nunique() > 1]]
    for c in x.columns:  # PRIM takes decimals (its pasting fails on whole numbers) and categories
        numeric = pd.api.types.is_numeric_dtype(x[c]) and not pd.api.types.is_bool_dtype(x[c])
        x[c] = x[c].astype(float) if numeric else x[c].astype(str).astype("category")
    return x.reset_index(drop=True), runs["value"].reset_index(drop=True)


def _with_world_values(runs: pd.DataFrame, dataset: Path) -> pd.DataFrame:
    """The runs with the assumption values of the world each point ran in (`world=k`), read from
    the points' saved configs, in place of the world's number."""
    from simulation.collect import point_config, sweep_dir  # with the dataset, as above

    if "world" not in runs or (runs["world"] < 0).all():
        return runs
    folder = sweep_dir(dataset)
    keys = [a.key for a in plausible_ranges(load_settings([]))]
    values = []
    for point in runs["point"]:
        config = point_config(folder, point)
        values.append([_get(config, key) for key in keys])
    assumptions = pd.DataFrame(values, columns=keys, index=runs.index)
    return pd.concat([runs.drop(columns=["world"]), assumptions], axis=1)


def _get(config: dict, key: str):
    """A dotted key's value in a plain config."""
    for part in key.split("."):
        config = config[part]
    return config


def find_boxes(x: pd.DataFrame, interest: np.ndarray, boxes: int = BOXES) -> list[Box]:
    """PRIM's boxes, in turn, where `interest` is true (EMA Workbench)."""
    with warnings.catch_warnings():  # the workbench warns that ipyparallel is missing
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim  # slow to import: only where boxes are found

        if not interest.any():
            return []
        search = prim.Prim(x, interest.astype(bool))
        found = []
        for _ in range(boxes):
            box = search.find_box()
            if box is None:
                break
            trajectory = box.peeling_trajectory
            dense = trajectory[trajectory.density >= DENSITY]
            chosen = int(dense.coverage.idxmax() if len(dense) else trajectory.density.idxmax())
            box.select(chosen)
            row = trajectory.loc[chosen]
            if row.density <= interest.mean() or not row.coverage:
                break  # no better than the points at large: nothing left to find
            found.append(Box(_restrictions(box.box_lims[0], box.box_lims[chosen]),
                             float(row.coverage), float(row.density), int(row.n)))
    return found


def _restrictions(start: pd.DataFrame, limits: pd.DataFrame) -> list[str]:
    """Each input whose limits the box narrowed, in words."""
    words = []
    for key in limits.columns:
        low, high = limits[key]
        first_low, first_high = start[key]
        if isinstance(low, (set, frozenset)):
            if set(low) != set(first_low):
                words.append(f"{key} is {' or '.join(sorted(map(str, low)))}")
            continue
        raised, lowered = low > first_low, high < first_high
        if raised and lowered:
            words.append(f"{key} is between {low:.3g} and {high:.3g}")
        elif raised:
            words.append(f"{key} is above {low:.3g}")
        elif lowered:
            words.append(f"{key} is below {high:.3g}")
    return words


def discover(dataset: Path, goal: str, versus: str | None = None, holds: bool = False,
             boxes: int = BOXES) -> tuple[list[Box], int, int]:
    """The boxes where `goal` fails (or holds), the points of interest and all points."""
    column, op, threshold = parse_goal(goal)
    x, y = cases(dataset, column, versus)
    met = COMPARISONS[op](y.to_numpy(), threshold)
    interest = met if holds else ~met
    return find_boxes(x, interest, boxes), int(interest.sum()), len(y)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="copsim-discover",
        description="Scenario discovery with PRIM (EMA Workbench): in a collected sweep, find "
                    "where a goal fails (or holds) and say it in words, with coverage and "
                    "density.",
        epilog="Example: copsim-discover sweeps/discovery/dataset --goal 'retention_w26 >= 0.1' "
               "--versus policy=none")
    parser.add_argument("dataset", type=Path, help="a dataset folder from copsim-collect")
    parser.add_argument("--goal", required=True,
                        help="INDICATOR OP NUMBER on a summary indicator, e.g. 'retention_w26 >= "
                             "0.2' (shares as fractions)")
    parser.add_argument("--versus", metavar="KEY=VALUE",
                        help="judge each point's difference from the point with KEY=VALUE and "
                             "everything else the same, e.g. policy=none")
    parser.add_argument("--holds", action="store_true",
                        help="find where the goal holds (default: where it fails)")
    parser.add_argument("--boxes", type=int, default=BOXES,
                        help=f"boxes to find in turn (default {BOXES})")
    args = parser.parse_args(argv)
    try:
        found, interest, total = discover(args.dataset, args.goal, args.versus, args.holds,
                                          args.boxes)
    except (ConfigError, FileNotFoundError) as exc:
        print(f"copsim-discover: error: {exc}", file=sys.stderr)
        sys.exit(2)
    goal = f"'{args.goal}'" + (f" against {args.versus}" if args.versus else "")
    verb = "holds" if args.holds else "fails"
    print(f"The goal {goal} {verb} in {interest} of {total} points.")
    if interest in (0, total):
        print("Nothing to discover: it is the same everywhere in this sweep.")
    for i, box in enumerate(found, 1):
        print(f"Box {i}. {box.sentence(goal, args.holds)}")
