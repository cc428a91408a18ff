"""Figures (matplotlib, drawn on the server, so they need nothing from the internet).

Each function takes tables and returns a `matplotlib.figure.Figure`; pages show them with
`solara.FigureMatplotlib`. Figures are built without pyplot, so sessions can draw in parallel.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.indicators import Indicator
from simulation.statistics import curve_with_band

MEASURES = {"active_share": "weekly-active share (posted, answered or reacted)",
            "reading_share": "reading share (opened the group)"}
STATE_COLOURS = {"active": "#2b8cbe", "reading only": "#a6bddb", "quiet": "#d9d9d9",
                 "left": "#e34a33"}
NETWORK_NODES_ID = "network-nodes"  # SVG id of the group of member markers in `answer_network`


def decay_curves(weekly: dict[str, pd.DataFrame], styles: dict[str, str] | None = None,
                 changes: list[int] = ()) -> Figure:
    """Weekly-active and reading share over weeks, one line per scenario, 95% bands; dotted
    lines at the weeks in `changes` (where a timeline's phase starts)."""
    fig = Figure(figsize=(10, 3.6), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    for ax, (measure, title) in zip(axes, MEASURES.items()):
        for label, table in weekly.items():
            curve = curve_with_band(table, measure)
            line = ax.plot(curve.index, curve["mean"], label=label,
                           ls=(styles or {}).get(label, "-"), lw=1.6)[0]
            ax.fill_between(curve.index, curve["low"], curve["high"], color=line.get_color(),
                            alpha=0.2, lw=0)
        for week in changes:
            ax.axvline(week, color="grey", ls=":", lw=1)
        ax.set(title=title, xlabel="week", ylim=(0, 1))
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("share of members")
    axes[0].legend(fontsize=8, loc="upper right")
    return fig


def answer_network(states: dict[int, str], answers: list[tuple[int, int]],
                   posts: dict[int, int], week: int) -> Figure:
    """Who answers whom among the members in `states` (teacher: their state in `week`, a key of
    `STATE_COLOURS`): an arrow from the answerer to the asker, thicker for more answers; each
    member coloured by their state, with a legend. The member markers carry the SVG id
    `NETWORK_NODES_ID`, so a test can read each one's colour from the drawing."""
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(states))
    for answerer, asker in answers:
        if answerer in graph and asker in graph and answerer != asker:
            weight = graph.get_edge_data(answerer, asker, {"weight": 0})["weight"]
            graph.add_edge(answerer, asker, weight=weight + 1)
    pos = nx.circular_layout(graph)
    fig = Figure(figsize=(4.6, 5.0), layout="constrained")
    ax = fig.subplots()
    widths = [0.5 + np.log1p(d["weight"]) for _, _, d in graph.edges(data=True)]
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, alpha=0.5, arrowsize=8,
                           edge_color="#555")
    nodes = nx.draw_networkx_nodes(graph, pos, ax=ax,
                                   node_size=[30 + 8 * posts.get(n, 0) ** 0.8 for n in graph],
                                   node_color=[STATE_COLOURS[states[n]] for n in graph],
                                   edgecolors="#333", linewidths=0.5)
    nodes.set_gid(NETWORK_NODES_ID)
    ax.set_title(f"Week {week}: who answers whom\n(arrow: answerer to asker; size: posts)",
                 fontsize=9)
    ax.axis("off")
    fig.legend(handles=[Line2D([], [], ls="", marker="o", markerfacecolor=colour,
                               markeredgecolor="#333", markeredgewidth=0.5, label=state)
                        for state, colour in STATE_COLOURS.items()],
               loc="outside lower center", ncols=len(STATE_COLOURS), fontsize=8,
               handletextpad=0.2, columnspacing=1.0, frameon=False)
    return fig


def member_states(counts: pd.DataFrame, weeks: int) -> Figure:
    """Members in each state (columns of `counts`) per week, stacked."""
    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.subplots()
    if len(counts):
        ax.stackplot(counts.index, counts.T.to_numpy(), labels=counts.columns,
                     colors=[STATE_COLOURS[c] for c in counts.columns], edgecolor="#999", lw=0.3)
        ax.legend(fontsize=8, loc="lower left")
    ax.set(xlim=(1, max(weeks, 2)), xlabel="week", ylabel="teachers",
           title="Members by state, week by week")
    return fig


def differences(table: pd.DataFrame, indicator: Indicator) -> Figure:
    """Paired differences against the baseline with 95% intervals (rows: scenarios), in the
    indicator's unit of a difference (shares in percentage points)."""
    fig = Figure(figsize=(5, 0.5 * len(table) + 1.3), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(table))
    d, low, high = (indicator.scale * table[c] for c in ("difference", "low", "high"))
    ax.errorbar(d, y, fmt="o", xerr=[d - low, high - d])
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, table["scenario"].to_list(), fontsize=8)
    ax.invert_yaxis()
    unit = " (percentage points)" if indicator.percent else ""
    ax.set_xlabel(f"{indicator.label}{unit}:\ndifference from the baseline (95% interval)",
                  fontsize=9)
    return fig


def sweep_lines(table: pd.DataFrame, x: str, hue: str | None, label: str) -> Figure:
    """Indicator against one swept parameter; one line (with a 95% band) per value of `hue`."""
    fig = Figure(figsize=(7, 4), layout="constrained")
    ax = fig.subplots()
    for value, part in (table.groupby(hue) if hue else [(None, table)]):
        part = part.sort_values(x)
        line = ax.plot(part[x], part["mean"], marker="o",
                       label=f"{hue}={value}" if hue else label)[0]
        ax.fill_between(part[x], part["low"], part["high"], color=line.get_color(), alpha=0.2)
    ax.set(xlabel=x, ylabel=label)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def sweep_heatmap(table: pd.DataFrame, x: str, y: str, label: str) -> Figure:
    """Mean indicator over a grid of two swept parameters."""
    grid = table.pivot_table(index=y, columns=x, values="mean")
    fig = Figure(figsize=(7, 4), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", origin="lower", cmap="viridis")
    ax.set_xticks(range(grid.shape[1]), [str(v) for v in grid.columns], fontsize=8)
    ax.set_yticks(range(grid.shape[0]), [str(v) for v in grid.index], fontsize=8)
    for (i, j), value in np.ndenumerate(grid.to_numpy(dtype=float)):
        if np.isfinite(value):
            ax.text(j, i, f"{value:.2g}", ha="center", va="center", fontsize=7, color="white")
    ax.set(xlabel=x, ylabel=y)
    fig.colorbar(image, ax=ax, label=label)
    return fig
