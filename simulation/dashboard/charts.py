"""Charts: the decay curves and the differences from a baseline as interactive Vega-Lite charts
(through Altair), the group view and the sweeps as matplotlib figures; none needs the internet.

Vega-Lite charts (`decay_curves`, `decay_panels`, `differences`) are specs the browser draws with
the Vega files Solara serves from its own cache (`scripts/install_solara_assets.sh`); pages show
them with `Chart`. Hovering shows the values; the legend sits below the plot, each
label wrapped to `LABEL_CHARS` characters a line and cut after `LABEL_LINES` lines, so a long
scenario label cannot cover it; text is `FONT_SIZE` px whatever the window; a page's chart takes
the width of its container (`SideBySide` puts the two decay panels side by side, one under the
other in a narrow window). Shares are drawn as percentages, their differences in percentage
points. `png` draws a chart on the server with vl-convert (no browser, nothing fetched), for the
downloads and the one-page brief.

A scenario has one colour on every page (`colours`): "No support ..." is grey; a Compare label
"A: ...", "B: ...", "C: ...", "D: ..." takes its letter's colour; Explore's "This scenario: ..."
takes A's; any other label the next spare colour, in order.

The matplotlib figures (`answer_network`, `member_states`, `sweep_lines`, `sweep_heatmap`) are
built without pyplot, so sessions can draw in parallel; pages show them with
`solara.FigureMatplotlib`.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import textwrap
from typing import Iterable

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd
import solara
import solara.widgets
import vl_convert
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.indicators import Indicator
from simulation.statistics import curve_with_band

MEASURES = {"active_share": ("Weekly-active share", "posted, answered or reacted"),
            "reading_share": ("Reading share", "opened the group")}  # title, subtitle
STATE_COLOURS = {"active": "#2b8cbe", "reading only": "#a6bddb", "quiet": "#d9d9d9",
                 "left": "#e34a33"}
NETWORK_NODES_ID = "network-nodes"  # SVG id of the group of member markers in `answer_network`

# Okabe-Ito colours, told apart with the common colour-vision deficiencies
LETTER_COLOURS = {"A": "#0072B2", "B": "#D55E00", "C": "#009E73", "D": "#CC79A7"}
NO_SUPPORT_COLOUR = "#8c8c8c"
SPARE_COLOURS = ("#E69F00", "#56B4E9", "#000000", "#F0E442")
NO_SUPPORT = "No support"  # how Explore's reference scenario is labelled, first
THIS_SCENARIO = "This scenario: "  # how Explore's scenario is labelled, first
DASHES = {"-": [1, 0], "--": [6, 4]}  # a curve's style (as matplotlib writes it): its dash

FONT_SIZE = 12  # px, axis and legend text; titles one more
LABEL_CHARS = 44  # a legend or axis label is wrapped at this many characters a line
LABEL_LINES = 3  # and cut (with "…") after this many lines
PANEL_HEIGHT = 220  # px, the plot area of a decay panel
PANEL_WIDTH = 380  # px, a decay panel's plot area in `decay_curves` (side by side, for images)
PANEL_MIN_WIDTH = 340  # px, `SideBySide` puts panels one under the other below this width
ROW_STEP = 46  # px per scenario in `differences` (room for a label of `LABEL_LINES` lines)
GROUP_FONT_SIZE = 9  # pt, the group view's titles and legends: 11-12 px in a 430 px wide box
GROUP_FIGURE_SIZE = (4.6, 4.6)  # inches, the members' counts (the network is a little taller)
SKETCH_SIZE = (380, 200, 40, 20)  # px: `curves_so_far`'s panel, and its room for the axes' text
PNG_WIDTH = 640  # px, a chart that takes its container's width, drawn as an image
PNG_SCALE = 2  # pixels of the image per px of the chart: sharp when printed
EMBED_OPTIONS = {"renderer": "svg",  # vega-embed's, read from the spec by the browser
                 "actions": {"export": True, "source": False, "compiled": False, "editor": False}}


def colours(labels: Iterable[str]) -> dict[str, str]:
    """Each label's colour (hex), the same on every page: "No support ..." grey; "A: ...",
    "B: ...", "C: ...", "D: ..." their letter's colour; "This scenario: ..." A's colour; any
    other label the next of `SPARE_COLOURS`, in order."""
    spare = itertools.cycle(SPARE_COLOURS)
    found = {}
    for label in labels:
        letter = re.match(r"([A-D]): ", label)
        if label.startswith(NO_SUPPORT):
            found[label] = NO_SUPPORT_COLOUR
        elif letter:
            found[label] = LETTER_COLOURS[letter.group(1)]
        elif label.startswith(THIS_SCENARIO):
            found[label] = LETTER_COLOURS["A"]
        else:
            found[label] = next(spare)
    return found


def _wrapped(labels: Iterable[str]) -> str:
    """A Vega expression writing each of `labels` (a legend's or an axis's `datum.value`) in
    lines of at most `LABEL_CHARS` characters, at most `LABEL_LINES` of them."""
    expression = "datum.label"
    for label in labels:
        lines = textwrap.wrap(label, LABEL_CHARS, max_lines=LABEL_LINES, placeholder=" …")
        expression = f"datum.value === {json.dumps(label)} ? {json.dumps(lines)} : {expression}"
    return expression


def _scenario_scales(labels: list[str], styles: dict[str, str]) -> tuple[alt.Scale, alt.Scale]:
    """The colour and the dash of each scenario's curve."""
    colour = colours(labels)
    return (alt.Scale(domain=labels, range=[colour[label] for label in labels]),
            alt.Scale(domain=labels, range=[DASHES[styles.get(label, "-")] for label in labels]))


# Readable text at any window width (`FONT_SIZE` px, titles one more), no frame around a plot.
STYLE = {"axis": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE},
         "legend": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE},
         "title": {"fontSize": FONT_SIZE + 1, "subtitleFontSize": FONT_SIZE, "anchor": "start",
                   "subtitleColor": "#555"},
         "view": {"stroke": None}}


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec in the dashboard's `STYLE`, drawn as SVG in the browser, whose
    menu saves it as an image and has no links to the internet (`EMBED_OPTIONS`). The style is
    written into the spec rather than through Altair's `configure_*`, each of which copied the
    whole chart with its data (0.06 s for Explore's two panels, at every run); the specs are
    checked against the Vega-Lite schema in tests/test_charts.py, not at every run."""
    written = chart.to_dict(validate=False)
    return written | {"config": written.get("config", {}) | STYLE,
                      "usermeta": {"embedOptions": EMBED_OPTIONS}}


def decay_panels(weekly: dict[str, pd.DataFrame], styles: dict[str, str] | None = None,
                 changes: Iterable[int] = (), width: int | str = "container"
                 ) -> list[alt.LayerChart]:
    """The weekly-active and the reading share over weeks as two charts of their own (`width`:
    px of the plot area, or "container": the width of the page's box), one line per scenario
    (dashed where `styles` says "--") with its 95% band, dotted rules at the weeks in `changes`
    (where a timeline's phase starts); the legend under the second (under both when they are
    put side by side in one chart, which draws it once). Hovering shows the nearest week's
    share and interval."""
    last = list(MEASURES)[-1]
    return [_decay_panel(weekly, measure, styles or {}, list(changes), width,
                         legend=width != "container" or measure == last) for measure in MEASURES]


def curves_so_far(weekly: dict[str, pd.DataFrame], weeks: int,
                  styles: dict[str, str] | None = None) -> str:
    """The mean weekly-active and reading share of the weeks run so far, one line per scenario
    in its colour and dash, on an axis of the run's `weeks`, as SVG markup: what a page draws
    while a run goes on, several times a second, so it is plain lines the server writes in
    milliseconds and the browser shows at once (no script, nothing to load or tear down)."""
    colour, dashes = colours(weekly), {k: DASHES[v] for k, v in (styles or {}).items()}
    width, height, left, bottom = SKETCH_SIZE
    panels = []
    for measure, (title, _) in MEASURES.items():
        lines = []
        for label, table in weekly.items():
            mean = table.groupby("week")[measure].mean()
            points = " ".join(f"{left + (w - 1) / max(weeks - 1, 1) * (width - left):.1f},"
                              f"{(1 - v) * (height - bottom):.1f}" for w, v in mean.items())
            dash = " ".join(map(str, dashes.get(label, DASHES["-"])))
            lines.append(f'<polyline points="{points}" fill="none" stroke="{colour[label]}" '
                         f'stroke-width="2" stroke-dasharray="{dash}"><title>'
                         f'{html.escape(label)}</title></polyline>')
        axis = (f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
                f'stroke="#888"/><line x1="{left}" y1="0" x2="{left}" y2="{height - bottom}" '
                f'stroke="#888"/>'
                + "".join(f'<text x="{left - 4}" y="{(1 - y) * (height - bottom) + 4:.0f}" '
                          f'text-anchor="end">{y:.0%}</text>' for y in (0, 0.5, 1))
                + f'<text x="{left}" y="{height - 4}">week 1</text>'
                  f'<text x="{width}" y="{height - 4}" text-anchor="end">week {weeks}</text>')
        panels.append(f'<figure style="margin:0;flex:1 1 {PANEL_MIN_WIDTH}px">'
                      f'<figcaption>{title} (so far)</figcaption>'
                      f'<svg viewBox="-2 -8 {width + 4} {height + 10}" role="img" '
                      f'style="width:100%;font-size:{FONT_SIZE}px">{axis}{"".join(lines)}'
                      f'</svg></figure>')
    return f'<div style="display:flex;flex-wrap:wrap;gap:16px">{"".join(panels)}</div>'


def decay_curves(weekly: dict[str, pd.DataFrame], styles: dict[str, str] | None = None,
                 changes: Iterable[int] = ()) -> alt.HConcatChart:
    """`decay_panels` side by side, `PANEL_WIDTH` px each, one legend below: as one chart for an
    image (`png`)."""
    return (alt.hconcat(*decay_panels(weekly, styles, changes, PANEL_WIDTH))
            .resolve_scale(color="shared", strokeDash="shared"))


def _decay_panel(weekly: dict[str, pd.DataFrame], measure: str, styles: dict[str, str],
                 changes: list[int], width: int | str, legend: bool) -> alt.LayerChart:
    labels = list(weekly)
    data = pd.concat([curve_with_band(table, measure).rename_axis("week").reset_index()
                      .assign(scenario=label) for label, table in weekly.items()],
                     ignore_index=True)
    colour, dash = _scenario_scales(labels, styles)
    key = alt.Legend(orient="bottom", direction="vertical", title=None, labelExpr=_wrapped(labels),
                     symbolType="stroke", symbolStrokeWidth=2.5, symbolOpacity=1, symbolSize=300,
                     labelLimit=0) if legend else None  # symbols: the lines, not the bands
    hover = alt.selection_point(name=f"hover_{measure}", on="pointerover", nearest=True,
                                fields=["scenario", "week"], empty=False, clear="pointerout")
    title, subtitle = MEASURES[measure]
    share = alt.Axis(format=".0%", title="share of members")
    base = alt.Chart(data).encode(
        x=alt.X("week:Q", title="week", axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(domain=[int(data.week.min()), int(data.week.max())], nice=False)),
        color=alt.Color("scenario:N", scale=colour, legend=key))
    band = base.mark_area(opacity=0.18).encode(
        y=alt.Y("low:Q", axis=share, scale=alt.Scale(domain=[0, 1])), y2="high:Q")
    line = base.mark_line(strokeWidth=2).encode(
        y=alt.Y("mean:Q", axis=share),
        strokeDash=alt.StrokeDash("scenario:N", scale=dash, legend=key))
    points = base.mark_point(filled=True, size=70).encode(
        y=alt.Y("mean:Q", axis=share),
        opacity=alt.condition(hover, alt.value(1), alt.value(0)),
        tooltip=[alt.Tooltip("scenario:N"), alt.Tooltip("week:Q"),
                 alt.Tooltip("mean:Q", title="share", format=".1%"),
                 alt.Tooltip("interval:N", title="95% interval")],
    ).transform_calculate(
        interval="format(datum.low, '.1%') + ' to ' + format(datum.high, '.1%')"
    ).add_params(hover)
    layers = [band, line, points]
    if changes:
        layers.append(alt.Chart(pd.DataFrame({"week": changes})).mark_rule(
            color="#555", strokeDash=[2, 3]).encode(x="week:Q"))
    return alt.layer(*layers).properties(
        width=width, height=PANEL_HEIGHT,
        title=alt.Title(title, subtitle=subtitle))


@solara.component
def Chart(chart: alt.TopLevelMixin):
    """An Altair chart drawn by the browser (Vega-Lite). `solara.FigureAltair` switches Altair's
    global renderer while it reads the spec, which a render in another session's thread can
    switch back in the middle (KeyError: 0); the spec itself (`spec`) needs no renderer.
    The spec is written once per chart: each `to_dict` names the views anew ("view_7"), so a
    spec written at every render of the page would be sent and drawn again every time."""
    written = solara.use_memo(lambda: spec(chart), [id(chart)])
    solara.widgets.VegaLite.element(spec=written)


@solara.component
def SideBySide(charts: list[alt.TopLevelMixin]):
    """Charts that take their container's width (`decay_panels`) side by side, each at least
    `PANEL_MIN_WIDTH` px wide: one under the other in a narrow window."""
    with solara.Row(style={"flex-wrap": "wrap", "gap": "16px", "align-items": "flex-start"}):
        for chart in charts:
            with solara.Div(style={"flex": f"1 1 {PANEL_MIN_WIDTH}px", "min-width": "0"}):
                Chart(chart)


def differences(table: pd.DataFrame, indicator: Indicator) -> alt.LayerChart:
    """Paired differences against the baseline with 95% intervals (rows: scenarios, in the
    order of `table`), in the indicator's unit of a difference (shares in percentage points),
    a rule at zero; hovering shows a difference as the tables write it. As wide as its
    container."""
    labels = table["scenario"].to_list()
    data = pd.DataFrame({
        "scenario": labels,
        **{c: indicator.scale * table[c].to_numpy(dtype=float)
           for c in ("difference", "low", "high")},
        "written": [indicator.change_interval(d, low, high) for d, low, high
                    in zip(table["difference"], table["low"], table["high"])]})
    unit = " (percentage points)" if indicator.percent else ""
    title = [f"{indicator.label}{unit}:", "difference from the baseline (95% interval)"]
    axis = alt.Axis(title=title, format="$,.0f" if indicator.dollars else "~g",
                    labelExpr="datum.value > 0 ? '+' + datum.label : datum.label")
    colour = alt.Color("scenario:N", scale=alt.Scale(
        domain=labels, range=[colours(labels)[label] for label in labels]), legend=None)
    base = alt.Chart(data).encode(
        y=alt.Y("scenario:N", sort=labels, title=None,
                axis=alt.Axis(labelExpr=_wrapped(labels), labelLimit=0)),
        color=colour,
        tooltip=[alt.Tooltip("scenario:N"),
                 alt.Tooltip("written:N", title="difference [95% interval]")])
    bars = base.mark_rule(strokeWidth=2.5).encode(x=alt.X("low:Q", axis=axis), x2="high:Q")
    points = base.mark_point(filled=True, size=90, opacity=1).encode(
        x=alt.X("difference:Q", axis=axis))
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#555").encode(
        x=alt.X("zero:Q", axis=axis))
    return alt.layer(zero, bars, points).properties(
        width="container", height=ROW_STEP * len(labels))  # a Step: a warning in the console


def png(chart: alt.TopLevelMixin) -> bytes:
    """The chart as a PNG image (`PNG_SCALE` pixels per px), drawn on the server by vl-convert:
    no browser, nothing fetched. A chart as wide as its container is drawn `PNG_WIDTH` px wide."""
    if getattr(chart, "width", alt.Undefined) == "container":
        chart = chart.properties(width=PNG_WIDTH)
    return vl_convert.vegalite_to_png(spec(chart), scale=PNG_SCALE)


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
    fig = Figure(figsize=(GROUP_FIGURE_SIZE[0], GROUP_FIGURE_SIZE[1] + 0.4), layout="constrained")
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
                 fontsize=GROUP_FONT_SIZE + 1)
    ax.axis("off")
    fig.legend(handles=[Line2D([], [], ls="", marker="o", markerfacecolor=colour,
                               markeredgecolor="#333", markeredgewidth=0.5, label=state)
                        for state, colour in STATE_COLOURS.items()],
               loc="outside lower center", ncols=len(STATE_COLOURS), fontsize=GROUP_FONT_SIZE,
               handletextpad=0.2, columnspacing=1.0, frameon=False)
    return fig


def member_states(counts: pd.DataFrame, weeks: int) -> Figure:
    """Members in each state (columns of `counts`) per week, stacked."""
    fig = Figure(figsize=GROUP_FIGURE_SIZE, layout="constrained")
    ax = fig.subplots()
    if len(counts):
        ax.stackplot(counts.index, counts.T.to_numpy(), labels=counts.columns,
                     colors=[STATE_COLOURS[c] for c in counts.columns], edgecolor="#999", lw=0.3)
        ax.legend(fontsize=GROUP_FONT_SIZE, loc="lower left")
    ax.set(xlim=(1, max(weeks, 2)), xlabel="week", ylabel="teachers",
           title="Members by state, week by week")
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
