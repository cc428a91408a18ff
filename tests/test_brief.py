"""The one-page brief (`simulation.dashboard.brief`): one HTML page that loads nothing from
elsewhere, says what Compare says (the differences as it writes them, the cost table), names
every scenario in plain words, warns that levels are not calibrated, and carries the link and
the commands that reproduce it; every text on it escaped."""

import base64
import html
import re
from html.parser import HTMLParser

import pytest

from simulation.cost_effectiveness import table as cost_table
from simulation.dashboard.brief import brief_html, curves_png, file_name
from simulation.dashboard.presets import CONTEXTS, POLICIES
from simulation.dashboard.scenario import Scenario, run_scenarios
from simulation.dashboard.tables import differences
from simulation.indicators import INDICATOR

RUN = {"replicates": 3, "weeks": 16, "seed": 1}
SCENARIOS = {
    "A: No support": Scenario(policy="none", **RUN),
    "B: pilot_then_handover (kickoff=true)": Scenario(
        policy="pilot_then_handover", changes=(("policy.kickoff", True),), **RUN),
    "C: <b>dime</b> & \"co\"": Scenario(policy="dime_recommended",
                                        changes=(("policy.group_size", 12),), **RUN),
}
BASELINE = "A: No support"
LINK = "http://127.0.0.1:8765/compare?A=population%3Dtanzania_maths&baseline=A"
DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def runs():
    return dict(zip(SCENARIOS, run_scenarios(list(SCENARIOS.values()))))


@pytest.fixture(scope="module")
def page(runs) -> str:
    return brief_html(runs, SCENARIOS, BASELINE, LINK)


class Resources(HTMLParser):
    """Every tag, and every attribute that makes a browser fetch something."""
    FETCHING = {"src", "href", "srcset", "data", "poster", "action", "background", "formaction"}

    def __init__(self):
        super().__init__()
        self.tags, self.fetched = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.fetched += [(tag, value) for name, value in attrs if name in self.FETCHING]


def test_the_page_loads_nothing_from_elsewhere(page):
    found = Resources()
    found.feed(page)
    assert not {"script", "link", "iframe", "object", "embed", "base"} & set(found.tags)
    for tag, value in found.fetched:
        assert value.startswith("data:image/png;base64,") or (tag, value) == ("a", LINK), value
    assert "url(" not in page and "@import" not in page
    # no address but the link, which is shown as text and as a link (images are data URIs)
    assert "http" not in DATA_URI.sub("", page).replace(html.escape(LINK), "")
    assert page.count(html.escape(LINK)) == 2


def test_the_curves_are_a_png_inside_the_page(runs, page):
    images = DATA_URI.findall(page)
    assert len(images) == 1
    assert base64.b64decode(images[0].split(",", 1)[1]).startswith(PNG_SIGNATURE)
    assert curves_png(runs, SCENARIOS, BASELINE).startswith(PNG_SIGNATURE)


def test_every_scenario_is_in_plain_words_with_its_changes_and_run_size(page):
    assert html.escape(CONTEXTS["tanzania_maths"]) in page
    for label, scenario in SCENARIOS.items():
        assert html.escape(label) in page
        assert html.escape(POLICIES[scenario.policy]) in page
    assert "In-person kick-off workshop: yes" in page
    assert "Teachers per group: 12" in page
    assert "Weeks 14 on: Who moderates: Teachers take turns" in page  # the package's timeline
    assert "Each scenario: 3 replicates (independent groups) of 16 weeks, random seed 1" in page
    assert "policy.kickoff" not in page.split("<pre>")[0]  # config keys only in the commands


def test_the_differences_and_costs_are_written_as_compare_writes_them(runs, page):
    for row in differences(runs, BASELINE).itertuples():
        written = INDICATOR[row.column].change_interval(row.difference, row.low, row.high)
        assert html.escape(written) in page, (row.indicator, row.scenario, written)
    costs = cost_table({label: run.summary for label, run in runs.items()}, BASELINE)
    for label, row in costs.iterrows():
        for cell in row:
            assert f"<td>{html.escape(cell)}</td>" in page, (label, cell)
    assert html.escape(f"Difference from the baseline, {BASELINE}") in page


def test_it_says_what_the_numbers_rest_on_and_how_to_reproduce_them(runs, page):
    assert "Levels are not calibrated" in page and "assumptions" in page
    for scenario in SCENARIOS.values():
        assert html.escape(scenario.command_line()) in page
    provenance = next(iter(runs.values())).provenance
    assert f"copsim {provenance['package_version']}" in page
    assert provenance["created"][:10] in page


def test_every_text_is_escaped(runs, page):
    assert "<b>dime</b>" not in page and html.escape('C: <b>dime</b> & "co"') in page
    written = brief_html({"<i>x</i>": runs[BASELINE]}, {"<i>x</i>": SCENARIOS[BASELINE]}, None,
                         'javascript:alert("x")')
    assert "<i>x</i>" not in written and "&lt;i&gt;x&lt;/i&gt;" in written
    found = Resources()
    found.feed(written)
    assert not [value for _, value in found.fetched if value.startswith("javascript")]
    assert html.escape('javascript:alert("x")') in written  # shown as text, not as a link


def test_without_a_baseline_there_are_no_differences(runs):
    alone = {BASELINE: SCENARIOS[BASELINE]}
    page = brief_html({BASELINE: runs[BASELINE]}, alone)
    assert "Difference from the baseline" not in page and "cost per additional" not in page
    assert "Open the dashboard" not in page  # no link given: only the commands


def test_file_names_carry_the_context_and_the_packages():
    assert (file_name(SCENARIOS, BASELINE, "brief", "html") ==
            "copsim_brief_tanzania-maths-teachers_a-funded-term-then-teachers-take-turns_"
            "dimes-recommended-package_vs_no-support.html")
    alone = {"This scenario: DIME's recommended package": Scenario(policy="dime_recommended")}
    assert (file_name(alone, None, "curves", "png") ==
            "copsim_curves_tanzania-maths-teachers_dimes-recommended-package.png")
