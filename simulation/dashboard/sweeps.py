"""Sweeps: open a dataset made by `copsim-collect` and plot an indicator against swept parameters.

One parameter: a line with a 95% band (one line per value of a second parameter, if chosen).
Two parameters: a heatmap of the mean. Parameters not plotted are averaged over.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import solara

from simulation.collect import META, load_dataset
from simulation.dashboard import charts
from simulation.indicators import INDICATORS
from simulation.statistics import mean_interval

NONE = "(none)"


def find_datasets(root: Path) -> list[str]:
    """Datasets under `<root>/sweeps/*/dataset`, as paths relative to `root` when possible."""
    return sorted(str(p.relative_to(root)) for p in root.glob("sweeps/*/dataset")
                  if (p / "runs.parquet").is_file())


def dataset_path(text: str, root: Path) -> Path:
    """The folder a user typed, if it lies inside `root` (the server's working folder).

    A browser user must not be able to read files elsewhere on the server: `..`, absolute paths
    and links that lead outside are refused with a ValueError saying so.
    """
    root = root.resolve()
    path = (root / text).resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"{text}: only datasets inside {root} can be opened")
    return path


def swept_parameters(runs: pd.DataFrame) -> list[str]:
    """Columns of `runs` that vary between the sweep's points."""
    return [c for c in runs.columns if c not in META and runs[c].nunique(dropna=False) > 1]


def indicator_by_point(data: dict[str, pd.DataFrame], column: str,
                       parameters: list[str]) -> pd.DataFrame:
    """Mean and 95% interval of an indicator over replicates, for each value of `parameters`."""
    runs = data["runs"][data["runs"].status == "done"]
    per_replicate = data["summary"].groupby(["run", "replicate"])[column].mean().reset_index()
    table = per_replicate.merge(runs[["run", *parameters]], on="run")
    rows = []
    for values, part in table.groupby(parameters):
        mean, low, high = mean_interval(part[column])
        rows.append({**dict(zip(parameters, values)), "mean": mean, "low": low, "high": high})
    return pd.DataFrame(rows)


@solara.component
def Page():
    solara.Title("copsim: sweeps")
    found = solara.use_memo(lambda: find_datasets(Path.cwd()), [])
    path, set_path = solara.use_state(found[0] if found else "")
    indicator_label, set_indicator_label = solara.use_state(INDICATORS[1].label)
    x, set_x = solara.use_state(None)
    second, set_second = solara.use_state(NONE)
    view, set_view = solara.use_state("Lines")

    def load():
        if not path:
            return None
        try:
            return load_dataset(dataset_path(path, Path.cwd()))
        except (FileNotFoundError, OSError, ValueError) as error:
            return error

    data = solara.use_memo(load, [path])
    solara.Markdown(
        "Open a dataset made by `copsim-collect` (a sweep run with `copsim -m ...`, e.g. "
        "`copsim -m experiment=group_size` then `copsim-collect sweeps/group_size`).")
    with solara.Row(style={"align-items": "center"}):
        if found:
            solara.Select("Datasets found in sweeps/", values=found,
                          value=path if path in found else None, on_value=set_path)
        solara.InputText("Dataset folder", value=path, on_value=set_path,
                         style={"min-width": "420px"}, classes=["dataset-path"])
    if data is None:
        solara.Info("No dataset yet: type the folder of one (e.g. sweeps/group_size/dataset).")
        return
    if isinstance(data, Exception):
        solara.Error(f"Cannot open this dataset: {data}")
        return
    parameters = swept_parameters(data["runs"])
    if not parameters:
        solara.Warning("This dataset has a single point: nothing was swept.")
        return
    x = x if x in parameters else parameters[0]
    second = second if second in parameters and second != x else NONE
    by_label = {i.label: i for i in INDICATORS if i.column in data["summary"]}
    indicator = by_label[indicator_label]
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Select("Indicator", values=list(by_label), value=indicator.label,
                      on_value=set_indicator_label)
        solara.Select("Parameter on the x axis", values=parameters, value=x, on_value=set_x)
        solara.Select("Second parameter", values=[NONE, *[p for p in parameters if p != x]],
                      value=second, on_value=set_second)
        if second != NONE:
            solara.ToggleButtonsSingle(view, values=["Lines", "Heatmap"], on_value=set_view)
    chosen = [x] if second == NONE else [x, second]
    table = indicator_by_point(data, indicator.column, chosen)
    others = [p for p in parameters if p not in chosen]
    runs = data["runs"]
    solara.Markdown(f"{int((runs.status == 'done').sum())} complete points of {len(runs)}; "
                    f"mean and 95% interval across replicates"
                    + (f"; averaged over {', '.join(others)}" if others else "") + ".")
    if table["mean"].isna().all():
        solara.Warning(f"No values of '{indicator.label}' in this dataset (did the sweep run "
                       "enough weeks?). Choose another indicator.")
        return
    if second != NONE and view == "Heatmap":
        figure = charts.sweep_heatmap(table, x, second, indicator.label)
    else:
        figure = charts.sweep_lines(table, x, None if second == NONE else second, indicator.label)
    with solara.Div(classes=["sweep-chart"]):
        solara.FigureMatplotlib(figure, format="png")
