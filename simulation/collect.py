"""Collect: turn a sweep folder into one tidy dataset (the `copsim-collect` command).

The dataset folder holds `runs.parquet` (one row per point: `run`, `status`, every swept
parameter as a column, the population and policy names), `weekly` and `summary` keyed to it by
`run`, and `config.yaml` (the sweep's config snapshot). Large tables are written as a folder of
Parquet files partitioned by run. pandas, polars and DuckDB read every table as it is:
`pd.read_parquet("dataset/weekly")`, `duckdb.sql("select * from 'dataset/weekly/**/*.parquet'")`.
The dataset is written to a temporary folder and renamed into place.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pandas as pd
import yaml

from simulation.results import RunResult, atomic_folder
from simulation.sweep import ERROR, RESULT, point_status

PARTITION_ROWS = 2_000_000  # tables larger than this are written partitioned by run


def _point_overrides(point: Path) -> dict[str, str]:
    overrides_file = point / ".hydra" / "overrides.yaml"
    overrides = yaml.safe_load(overrides_file.read_text()) if overrides_file.exists() else []
    pairs = (o.split("=", 1) for o in overrides if "=" in o)
    return {key.lstrip("+~"): value for key, value in pairs
            if not key.startswith("hydra") and key not in ("experiment", "progress")}


def collect(sweep_dir: str | Path, out: str | Path | None = None) -> Path:
    """Write the dataset of `sweep_dir` to `out` (default: `<sweep_dir>/dataset`)."""
    sweep_dir = Path(sweep_dir)
    if not (sweep_dir / "multirun.yaml").is_file():
        raise FileNotFoundError(f"{sweep_dir} is not a sweep folder (no multirun.yaml)")
    out = Path(out) if out else sweep_dir / "dataset"
    points = sorted(p for p in sweep_dir.iterdir()
                    if p.is_dir() and (p / ".hydra").is_dir() and p.resolve() != out.resolve())
    runs, weekly, summary = [], [], []
    for run_id, point in enumerate(points):
        status = point_status(point)
        row = {"run": run_id, "point": point.name, "status": status, **_point_overrides(point)}
        if status == "done":
            result = RunResult.load(point / RESULT)
            config = yaml.safe_load(result.config)
            row.update(population=config["population"]["name"], policy=config["policy"]["name"])
            weekly.append(result.weekly.assign(run=run_id))
            summary.append(result.summary.assign(run=run_id))
        elif status == "failed":
            row["error"] = (point / ERROR).read_text().strip().splitlines()[-1]
        runs.append(row)
    if not weekly:
        raise ValueError(f"{sweep_dir} has no complete point to collect")

    with atomic_folder(out) as staging:
        _typed(pd.DataFrame(runs)).to_parquet(staging / "runs.parquet", index=False)
        for name, frames in (("weekly", weekly), ("summary", summary)):
            _write_table(pd.concat(frames, ignore_index=True), staging, name)
        shutil.copy(sweep_dir / "multirun.yaml", staging / "config.yaml")
    return out


META = ["run", "point", "status", "error", "population", "policy"]


def _typed(runs: pd.DataFrame) -> pd.DataFrame:
    """Swept values arrive as strings: make numeric and boolean columns typed."""
    for column in runs.columns.difference(META):
        values = runs[column]
        lowered = values.astype(str).str.lower()
        if lowered.isin(["true", "false"]).all():
            runs[column] = lowered == "true"
            continue
        converted = pd.to_numeric(values, errors="coerce")
        if converted.notna().sum() == values.notna().sum():
            runs[column] = converted
    return runs


def differences(dataset_a: str | Path, dataset_b: str | Path) -> list[str]:
    """How two datasets of the same sweep differ, matching points by their parameters.

    Empty when every point has identical weekly and summary tables (e.g. the same sweep run by
    two launchers).
    """
    a, b = load_dataset(dataset_a), load_dataset(dataset_b)
    params = sorted(a["runs"].columns.difference([*META]))
    if params != sorted(b["runs"].columns.difference([*META])):
        return [f"swept parameters differ: {params} vs {sorted(b['runs'].columns.difference(META))}"]
    problems = []
    for name in ("weekly", "summary"):
        keyed = []
        for data in (a, b):
            table = data[name].merge(data["runs"][["run", *params]], on="run").drop(columns="run")
            keyed.append(table.sort_values([*params, "replicate", "group"] +
                                           (["week"] if "week" in table else [])).reset_index(drop=True))
        try:
            pd.testing.assert_frame_equal(keyed[0], keyed[1][keyed[0].columns])
        except AssertionError as exc:
            problems.append(f"{name}: {str(exc).splitlines()[0]}")
    return problems


def _write_table(table: pd.DataFrame, staging: Path, name: str) -> None:
    columns = ["run", *table.columns.drop("run")]
    table = table[columns]
    if len(table) > PARTITION_ROWS:
        table.to_parquet(staging / name, partition_cols=["run"], index=False)
    else:
        table.to_parquet(staging / f"{name}.parquet", index=False)


def sweep_dir(dataset: Path) -> Path:
    """The sweep folder a dataset was collected from (named in the dataset's config; relative to
    the working folder, as the sweep ran)."""
    recorded = yaml.safe_load((Path(dataset) / "config.yaml").read_text()) or {}
    return Path(recorded.get("hydra", {}).get("sweep", {}).get("dir", Path(dataset).parent))


def point_config(folder: Path, point: str) -> dict:
    """The resolved config of a sweep point (its saved result's config.yaml), as plain data."""
    saved = folder / point / RESULT / "config.yaml"
    if not saved.is_file():
        raise FileNotFoundError(f"{saved} is missing: this needs each point's saved result (run "
                                "where the sweep ran, with its folder in place)")
    return yaml.load(saved.read_text(), Loader=yaml.CSafeLoader)


def load_dataset(directory: str | Path) -> dict[str, pd.DataFrame]:
    """Read a collected dataset: {'runs', 'weekly', 'summary'} as DataFrames."""
    directory = Path(directory)
    if not (directory / "runs.parquet").is_file():
        raise FileNotFoundError(f"{directory} is not a collected dataset (no runs.parquet)")
    tables = {}
    for name in ("runs", "weekly", "summary"):
        path = directory / name if (directory / name).is_dir() else directory / f"{name}.parquet"
        tables[name] = pd.read_parquet(path)
        if "run" in tables[name] and isinstance(tables[name]["run"].dtype, pd.CategoricalDtype):
            tables[name]["run"] = tables[name]["run"].astype(int)
    return tables


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="copsim-collect",
        description="Turn a sweep folder (from `copsim -m ...`) into one tidy dataset: "
                    "runs.parquet (one row per point, swept parameters as columns), "
                    "weekly and summary tables keyed by `run`, and the sweep's config.")
    parser.add_argument("sweep_dir", help="the sweep folder (hydra.sweep.dir), e.g. sweeps/group_size")
    parser.add_argument("--out", help="dataset folder to write (default: SWEEP_DIR/dataset)")
    parser.add_argument("--same-as", metavar="DATASET",
                        help="after collecting, check the tables equal those of another dataset "
                             "of the same sweep (e.g. run by another launcher); exit 1 if not")
    args = parser.parse_args(argv)
    try:
        out = collect(args.sweep_dir, args.out)
        problems = differences(out, args.same_as) if args.same_as else []
    except (FileNotFoundError, ValueError) as exc:
        print(f"copsim-collect: error: {exc}", file=sys.stderr)
        sys.exit(2)
    runs = pd.read_parquet(out / "runs.parquet")
    counts = runs.status.value_counts().to_dict()
    print(f"{out}: {len(runs)} points ({', '.join(f'{n} {s}' for s, n in counts.items())})")
    if args.same_as:
        for problem in problems:
            print(f"copsim-collect: differs from {args.same_as}: {problem}", file=sys.stderr)
        if problems:
            sys.exit(1)
        print(f"identical to {args.same_as}")
