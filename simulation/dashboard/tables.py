"""The tables of a comparison, written once for Compare and the one-page brief (`brief`).

`levels`: each indicator's mean [95% interval] across replicates per scenario (`level_text`:
"n/a" where a run has none, such as a half-life the weeks run did not reach), what it measures
(`Indicator.meaning`) and its best scenario (`best`); `differences`: each scenario's paired
difference from the baseline (`simulation.indicators.difference`: per replicate, on the same
teachers) as numbers, which the difference chart draws and `written` writes ("+4.51 pts [+3.2,
+5.8]"); `costs`: cost and participation per teacher invited (`simulation.cost_effectiveness`, as
`copsim` prints it).
"""

from __future__ import annotations

import pandas as pd

from simulation import RunResult
from simulation.cost_effectiveness import AGAINST_BASELINE, table as cost_table
from simulation.indicators import (INDICATOR, INDICATORS, Indicator, difference, level_text,
                                   per_replicate)

def levels(runs: dict[str, RunResult]) -> pd.DataFrame:
    """Rows: indicators, with what each measures; columns: scenarios (mean [95% interval]) and
    the best scenario."""
    rows = []
    for indicator in INDICATORS:
        means = {}
        row = {"indicator": f"{indicator.label} ({indicator.better} is better)",
               "what it measures": indicator.meaning}
        for label, result in runs.items():
            means[label] = per_replicate(result.summary, indicator.column).mean()
            row[label] = level_text(indicator, result.summary)
        row["best"] = best(indicator, means)
        rows.append(row)
    return pd.DataFrame(rows)


def best(indicator: Indicator, means: dict[str, float]) -> str:
    """The letter of the scenario with the best mean, or "" when there is none to name: a cost
    (nothing costs less than doing nothing: the frontier weighs cost against participation),
    fewer than two means, or two or more best means written alike (a tie at the precision
    shown)."""
    ranked = pd.Series(means, dtype=float).dropna()
    if indicator.dollars or len(ranked) < 2:
        return ""
    top = indicator.format(ranked.max() if indicator.better == "higher" else ranked.min())
    leaders = [label for label, mean in ranked.items() if indicator.format(mean) == top]
    return leaders[0][0] if len(leaders) == 1 else ""


def differences(runs: dict[str, RunResult], baseline: str) -> pd.DataFrame:
    """One row per indicator and scenario but the baseline: the paired difference from the
    baseline (`difference`, low, high), in the summary's unit."""
    rows = []
    for indicator in INDICATORS:
        for label, result in runs.items():
            if label != baseline:
                mean, low, high = difference(indicator, result.summary, runs[baseline].summary)
                rows.append({"indicator": indicator.label, "scenario": label,
                             "column": indicator.column, "difference": mean, "low": low,
                             "high": high})
    return pd.DataFrame(rows)


def written(found: pd.DataFrame) -> pd.DataFrame:
    """`differences` as the pages write them: rows indicators, columns scenarios (in their
    order), each cell "+4.51 pts [+3.2, +5.8]"."""
    text = [INDICATOR[column].change_interval(value, low, high) for column, value, low, high
            in zip(found.column, found.difference, found.low, found.high)]
    return (found.assign(text=text).pivot(index="indicator", columns="scenario", values="text")
            .reindex(index=[i.label for i in INDICATORS],
                     columns=list(dict.fromkeys(found.scenario))))


def costs(runs: dict[str, RunResult], baseline: str | None) -> pd.DataFrame:
    """The cost table, one row per scenario; without a baseline, without its columns against
    one."""
    summaries = {label: run.summary for label, run in runs.items()}
    table = cost_table(summaries, baseline or next(iter(summaries)))
    if baseline is None:
        table = table.drop(columns=[c for c in table.columns
                                    if c.startswith(AGAINST_BASELINE)])
    return table.rename_axis("scenario")
