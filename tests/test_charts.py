"""The dashboard's Vega-Lite charts say what they should: the numbers of `curve_with_band`, shares
as percentages, the legend outside the plot, one colour per scenario on every page, and images."""

import html
import re
import struct

import altair as alt
import numpy as np
import pandas as pd
import pytest

from simulation.dashboard import charts
from simulation.indicators import INDICATOR
from simulation.statistics import curve_with_band

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SCENARIO = "This scenario: DIME's recommended package"
NO_SUPPORT = "No support"


def found(spec, key: str) -> list:
    """Every value of `key` anywhere in a spec (a tree of dicts and lists)."""
    if isinstance(spec, dict):
        return ([spec[key]] if key in spec else []) + [v for x in spec.values()
                                                       for v in found(x, key)]
    if isinstance(spec, list):
        return [v for x in spec for v in found(x, key)]
    return []


def legends(spec: dict) -> list:
    """The `legend` of every encoding (None where it has none), not the config's defaults."""
    return found({key: value for key, value in spec.items() if key != "config"}, "legend")


def curve_rows(spec: dict) -> pd.DataFrame:
    """The rows of a decay panel's data (scenario, week, mean, low, high)."""
    return pd.DataFrame([row for rows in spec["datasets"].values() for row in rows
                         if "mean" in row])


def png_size(image: bytes) -> tuple[int, int]:
    return struct.unpack(">II", image[16:24])


@pytest.fixture(scope="module")
def weekly(dime_run, open_run):
    return {SCENARIO: dime_run.weekly, NO_SUPPORT: open_run.weekly}


def test_the_decay_panels_draw_the_mean_and_band_of_curve_with_band(weekly):
    panels = charts.decay_panels(weekly)
    assert len(panels) == len(charts.MEASURES)
    for panel, measure in zip(panels, charts.MEASURES):
        rows = curve_rows(panel.to_dict())
        assert set(rows.scenario) == set(weekly)
        for label, table in weekly.items():
            expected = curve_with_band(table, measure)
            drawn = rows[rows.scenario == label].set_index("week")[["mean", "low", "high"]]
            assert list(drawn.index) == list(expected.index)
            np.testing.assert_allclose(drawn.to_numpy(dtype=float),
                                       expected.to_numpy(dtype=float), rtol=1e-9)


def test_the_decay_panels_are_percentages_with_the_legend_below_the_last(weekly):
    first, last = (charts.spec(panel) for panel in charts.decay_panels(weekly, changes=[5]))
    for spec in (first, last):
        assert spec["width"] == "container"
        assert {a["format"] for a in found(spec, "axis") if a and "format" in a} >= {".0%"}
        assert [0, 1] in [s.get("domain") for s in found(spec, "scale")]
        assert found(spec, "fontSize") and min(found(spec, "fontSize")) >= 11
        assert found(spec, "labelFontSize") and min(found(spec, "labelFontSize")) >= 11
        tooltips = [t.get("title", t["field"]) for t in found(spec, "tooltip")[0]]
        assert tooltips == ["scenario", "week", "share", "95% interval"]
        assert ".1%" in [t.get("format") for t in found(spec, "tooltip")[0]]
        rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
        assert len(rules) == 1 and rules[0]["mark"]["strokeDash"]  # dotted at week 5
    assert legends(first) and all(legend is None for legend in legends(first))
    below = [legend for legend in legends(last) if legend]
    assert below and all(legend["orient"] == "bottom" for legend in below)


def test_the_decay_curves_image_has_one_legend_below_both_panels(weekly):
    spec = charts.decay_curves(weekly, {NO_SUPPORT: "--"}).to_dict()
    assert len(spec["hconcat"]) == 2
    assert all(panel["width"] == charts.PANEL_WIDTH for panel in spec["hconcat"])
    assert {legend["orient"] for legend in legends(spec)} == {"bottom"}
    dashes = [s for s in found(spec, "scale") if s.get("range") and isinstance(s["range"][0], list)]
    assert dashes and all(dict(zip(s["domain"], s["range"])) == {SCENARIO: [1, 0],
                                                                  NO_SUPPORT: [6, 4]}
                          for s in dashes)


def test_a_scenario_has_one_colour_on_every_page(weekly):
    compare = charts.colours(["A: No support", "B: DIME's recommended package", "C: Kenya blended design",
                              "D: No support"])
    explore = charts.colours([SCENARIO, NO_SUPPORT])
    assert len(set(compare.values())) == 4
    assert explore[SCENARIO] == compare["A: No support"]
    assert explore[NO_SUPPORT] == charts.NO_SUPPORT_COLOUR not in compare.values()
    others = charts.colours(["one", "two"])
    assert len(set(others.values())) == 2 and charts.NO_SUPPORT_COLOUR not in others.values()
    spec = charts.decay_panels(weekly)[0].to_dict()
    for scale in found(spec, "scale"):
        if scale.get("range") and isinstance(scale["range"][0], str):
            assert dict(zip(scale["domain"], scale["range"])) == explore


def test_a_long_label_is_wrapped_and_cannot_widen_the_image(weekly):
    short = charts.png(charts.decay_curves(weekly))
    long_label = "This scenario: DIME's recommended package (" + ", ".join(
        f"knob_{i}=value_{i}" for i in range(30)) + ")"
    long = charts.png(charts.decay_curves({long_label: weekly[SCENARIO],
                                           NO_SUPPORT: weekly[NO_SUPPORT]}))
    assert png_size(long)[0] == png_size(short)[0]
    extra_lines = (png_size(long)[1] - png_size(short)[1]) / charts.PNG_SCALE / charts.FONT_SIZE
    assert 0 < extra_lines < 2 * charts.LABEL_LINES


def test_png_is_an_image_of_the_chart(weekly):
    image = charts.png(charts.decay_curves(weekly, {NO_SUPPORT: "--"}, [5]))
    assert image.startswith(PNG_SIGNATURE)
    width, height = png_size(image)
    assert width >= charts.PNG_SCALE * 2 * charts.PANEL_WIDTH
    assert height >= charts.PNG_SCALE * charts.PANEL_HEIGHT
    assert len(image) > 20_000


def difference_rows() -> pd.DataFrame:
    return pd.DataFrame({"scenario": ["B: DIME's recommended package", "C: Kenya blended design"],
                         "difference": [0.12, -0.03], "low": [0.08, -0.07],
                         "high": [0.16, 0.01]})


def test_differences_of_shares_are_in_points_with_a_title_in_two_lines():
    indicator = INDICATOR["retention_w12"]
    table = difference_rows()
    spec = charts.differences(table, indicator).to_dict()
    rows = pd.DataFrame([row for rows in spec["datasets"].values() for row in rows
                         if "difference" in row])
    np.testing.assert_allclose(rows[["difference", "low", "high"]].to_numpy(),
                               100 * table[["difference", "low", "high"]].to_numpy())
    assert list(rows.written) == ["+12 pts [+8, +16]", "-3 pts [-7, +1]"]
    titles = {tuple(a["title"]) for a in found(spec, "axis") if a and "title" in a
              and a["title"]}
    assert titles == {("Active at week 12 (percentage points):",
                       "difference from the baseline (95% interval)")}
    assert [0.0] == [r["zero"] for rows in spec["datasets"].values() for r in rows
                     if "zero" in r]
    colours = charts.colours(table.scenario)
    scale = next(s for s in found(spec, "scale") if s.get("range"))
    assert dict(zip(scale["domain"], scale["range"])) == colours
    image = charts.png(charts.differences(table, indicator))
    assert image.startswith(PNG_SIGNATURE)
    assert png_size(image)[0] >= charts.PNG_SCALE * charts.PNG_WIDTH


def test_differences_of_a_cost_are_in_dollars():
    cost = next(i for i in INDICATOR.values() if i.dollars)
    spec = charts.differences(difference_rows().assign(difference=[120.0, -40.0], low=[80.0, -90.0],
                                                       high=[160.0, 10.0]), cost).to_dict()
    assert {a["format"] for a in found(spec, "axis") if a and "format" in a} == {"$,.0f"}
    assert all("percentage points" not in str(t) for t in found(spec, "title"))


def test_the_specs_a_page_draws_are_valid_vega_lite_in_the_dashboard_s_style(weekly):
    """`spec` writes the style into the spec without Altair's checks (at every run): here the
    whole spec, style included, is checked against the Vega-Lite schema."""
    drawn = [(charts.decay_panels(weekly)[0], alt.LayerChart),
             (charts.decay_curves(weekly), alt.HConcatChart),
             (charts.differences(difference_rows(), INDICATOR["retention_w12"]), alt.LayerChart)]
    for chart, kind in drawn:
        written = charts.spec(chart)
        kind.from_dict(written)  # raises SchemaValidationError for what Vega-Lite refuses
        assert written["config"]["axis"]["labelFontSize"] == charts.FONT_SIZE
        assert written["usermeta"]["embedOptions"]["renderer"] == "svg"


def test_the_curves_so_far_are_the_weekly_means_on_the_whole_run_s_axis(weekly):
    """What a page draws while a run goes on: each scenario's mean share per week of the weeks
    run so far, as a line in its colour (dashed as asked) on an axis as long as the run: the
    point of week w lies w-1 steps of 51 along it, and its height is the mean share."""
    so_far = {label: table[table.week <= 5] for label, table in weekly.items()}
    svg = charts.curves_so_far(so_far, 52, {NO_SUPPORT: "--"})
    width, height, left, bottom = charts.SKETCH_SIZE
    lines = re.findall(r'<polyline points="([^"]+)" fill="none" stroke="([^"]+)" '
                       r'stroke-width="2" stroke-dasharray="([^"]+)"><title>([^<]+)</title>', svg)
    assert len(lines) == 2 * len(so_far)  # two panels
    for (points, colour, dash, label), measure in zip(
            lines, [m for m in charts.MEASURES for _ in so_far]):
        label = html.unescape(label)
        xy = np.array([p.split(",") for p in points.split()], dtype=float)
        expected = so_far[label].groupby("week")[measure].mean().to_numpy()
        np.testing.assert_allclose(1 - xy[:, 1] / (height - bottom), expected, atol=0.01)
        np.testing.assert_allclose(xy[:, 0], left + np.arange(5) / 51 * (width - left), atol=0.1)
        assert colour == charts.colours(so_far)[label]
        assert dash == ("6 4" if label == NO_SUPPORT else "1 0")
