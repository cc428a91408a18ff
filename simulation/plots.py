"""Decay-curve figures: weekly-active and reading share per scenario, with 95% bands; an observed
history, with the band a fitted model predicts."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from simulation.statistics import curve_with_band  # noqa: E402
from simulation.results import RunResult  # noqa: E402

DPI = 110


def plot_decay_curves(results: dict[str, RunResult], path: Path, title: str = "") -> Path:
    """Write a PNG with one panel per share; each scenario is a line with a 95% band."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    for ax, column, label in zip(axes, ("active_share", "reading_share"),
                                 ("weekly-active share", "weekly reading share")):
        for name, result in results.items():
            band = curve_with_band(result.weekly, column)
            line = ax.plot(band.index, band["mean"], label=name)[0]
            ax.fill_between(band.index, band["low"], band["high"],
                            color=line.get_color(), alpha=0.2)
        ax.set_xlabel("week")
        ax.set_title(label)
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
    axes[0].legend()
    if title:
        fig.suptitle(title)
    return _save(fig, path)


def plot_observed(weekly, path: Path, predicted=None, title: str = "") -> Path:
    """Write a PNG of an observed history's weekly-active share (one line per group, from
    `simulation.observe.weekly`) and, if given, the model's 90% band around its median per week
    (`predicted`: columns week, low, median, high)."""
    fig, ax = plt.subplots(figsize=(7, 4))
    if predicted is not None:
        ax.fill_between(predicted["week"], predicted["low"], predicted["high"], color="C1",
                        alpha=0.25, label="model, 90% of posterior draws")
        ax.plot(predicted["week"], predicted["median"], color="C1", label="model, median")
    for group, rows in weekly.groupby("group"):
        ax.plot(rows["week"], rows["active_share"], color="C0", marker=".",
                label="observed" if group == weekly["group"].min() else None)
    ax.set_xlabel("week")
    ax.set_ylabel("weekly-active share (wrote at least once)")
    highest = max(weekly["active_share"].max(),
                  predicted["high"].max() if predicted is not None else 0)
    ax.set_ylim(0, min(1.0, 1.15 * highest) if highest > 0 else 1.0)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.grid(alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title)
    return _save(fig, path)


def _save(fig, path: Path) -> Path:
    """Lay the figure out, write it as a PNG and free it."""
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path
