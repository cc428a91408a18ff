"""The one-page brief: a comparison as one self-contained HTML page a designer can attach to an
email, and its chart as a PNG image.

The page (`brief_html`) holds the context and the packages in plain words, each scenario with
the controls changed from its package (by their labels), its timeline and run size; the decay
curves with 95% bands, drawn as a PNG inside the page (a data URI); the differences from the
baseline and the cost table as Compare shows them (`tables`: mean [95% interval], paired by
replicate on the same teachers); what the numbers rest on (levels are not calibrated, the
constants are assumptions); the link and the `copsim` command lines that reproduce it, the date
of the run and the copsim version. It loads nothing: no script, no font, no stylesheet or image
from elsewhere (the link is only a link), so it opens offline and prints on one A4 page. Every
text on it is escaped.
"""

from __future__ import annotations

import base64
import html
import re
from datetime import datetime

import pandas as pd

from simulation import RunResult
from simulation.dashboard import charts, tables
from simulation.dashboard.presets import CONTEXT_NAMES, CONTEXTS, POLICIES, POLICY_NAMES
from simulation.dashboard.scenario import Scenario
from simulation.dashboard.worlds_panel import WORLDS

CURVES_ALT = "Weekly-active and reading share of each scenario over the weeks, with 95% bands"
BASELINE_STYLE = "--"  # the baseline's curve is dashed, as Explore draws no support
CAVEAT = ("Levels are not calibrated: most of the model's constants are assumptions chosen so "
          "that patterns reported in the evidence appear, not numbers fitted to real groups. "
          "Compare the scenarios with each other; do not promise these levels. A difference rests "
          f"less on the assumptions than a level does; the dashboard's \"Check over {WORLDS} "
          "plausible worlds\" shows how often each difference holds when every assumption varies "
          "over its plausible range.")
STYLE = """
@page { size: A4; margin: 10mm; }
body { font-family: sans-serif; font-size: 8.5pt; color: #222; max-width: 190mm; margin: 6mm auto; }
@media print { body { margin: 0; } }
h1 { font-size: 12pt; margin: 0 0 2pt; }
h2 { font-size: 9.5pt; margin: 6pt 0 2pt; border-bottom: 1px solid #ccc; }
p, ul { margin: 1pt 0; }
ul { padding-left: 12pt; }
.meta, .note { color: #555; font-size: 8pt; }
img.curves { display: block; max-width: 100%; max-height: 68mm; margin: auto; }
table { border-collapse: collapse; font-size: 7.5pt; }
th, td { border: 1px solid #ccc; padding: 0.5pt 4pt; text-align: left; vertical-align: top; }
td { white-space: nowrap; }
pre { font-size: 7.5pt; background: #f4f4f4; padding: 2pt; white-space: pre-wrap; margin: 1pt 0; }
.caveat { border-left: 3px solid #e34a33; padding-left: 5pt; }
"""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def file_name(scenarios: dict[str, Scenario], baseline: str | None, kind: str,
              extension: str) -> str:
    """The context's and the packages' short names, the baseline's after "vs":
    "copsim_brief_tanzania-maths-teachers_dimes-recommended-package_vs_no-support.html"."""
    first = next(iter(scenarios.values()))
    compared = dict.fromkeys(_slug(POLICY_NAMES.get(s.policy, s.policy))
                             for label, s in scenarios.items() if label != baseline)
    parts = ["copsim", kind, _slug(CONTEXT_NAMES.get(first.population, first.population)),
             *compared]
    if baseline is not None:
        parts += ["vs", _slug(POLICY_NAMES.get(scenarios[baseline].policy,
                                               scenarios[baseline].policy))]
    return "_".join(parts) + "." + extension


def curves_png(runs: dict[str, RunResult], scenarios: dict[str, Scenario],
               baseline: str | None) -> bytes:
    """The decay curves of every run with 95% bands (the baseline dashed; dotted lines where a
    phase of a package's timeline starts), as a PNG image."""
    changes = sorted({week for s in scenarios.values() for week, _ in s.timeline()
                      if week > 1})
    styles = {baseline: BASELINE_STYLE} if baseline is not None else {}
    return charts.png(charts.decay_curves({label: run.weekly for label, run in runs.items()},
                                          styles, changes))


def _table(frame: pd.DataFrame) -> str:
    return frame.reset_index().to_html(escape=True, border=0, index=False)


def run_size(scenario: Scenario) -> str:
    return (f"{scenario.replicates} replicates (independent groups) of {scenario.weeks} weeks, "
            f"random seed {scenario.seed}")


def _scenario_item(label: str, scenario: Scenario, baseline: str | None, size: bool) -> str:
    """The scenario in words (with its run size when `size`)."""
    role = " (baseline)" if label == baseline else ""
    package = POLICIES.get(scenario.policy, scenario.policy)
    words = [f"<b>{html.escape(label)}</b>{role}: {html.escape(package)}."]
    if scenario.changes:
        changed = scenario.in_words(dict(scenario.changes))
        words.append(f"Changed from the package: {html.escape(changed)}.")
    for _, phase in scenario.timeline():
        words.append(f"{html.escape(phase)}.")
    if size:
        words.append(f"{run_size(scenario)}.")
    return "<li>" + " ".join(words) + "</li>"


def _provenance(runs: dict[str, RunResult]) -> str:
    """"run on 2025-06-01 with copsim 0.1.0 (commit 1a2b3c4)", from the first run's provenance."""
    found = next(iter(runs.values())).provenance
    created = found.get("created")
    when = datetime.fromisoformat(created).date().isoformat() if created else "an unknown date"
    commit = found.get("git_commit", "unknown")
    at = f" (commit {commit[:7]})" if commit != "unknown" else ""
    return f"run on {when} with copsim {found.get('package_version', 'unknown')}{at}"


def _link(link: str) -> str:
    """The link as a link when it is a web address, else as text (never a script)."""
    if not link:
        return ""
    text = html.escape(link)
    shown = (f'<a href="{html.escape(link, quote=True)}">{text}</a>'
             if link.startswith(("http://", "https://")) else text)
    return f"<p>Open the dashboard with these scenarios: {shown}</p>"


def brief_html(runs: dict[str, RunResult], scenarios: dict[str, Scenario],
               baseline: str | None = None, link: str = "") -> str:
    """The one-page brief of `runs` (as labelled on the page; `scenarios` made them), against
    `baseline` (one of their labels, or None for no differences), reproduced by `link`."""
    first = next(iter(scenarios.values()))
    packages = " vs ".join(dict.fromkeys(POLICY_NAMES.get(s.policy, s.policy)
                                         for s in scenarios.values()))
    title = f"{packages}: {CONTEXT_NAMES.get(first.population, first.population)}"
    curves = base64.b64encode(curves_png(runs, scenarios, baseline)).decode("ascii")
    sizes = {run_size(s) for s in scenarios.values()}
    shared = (f"<p>Each scenario: {sizes.pop()}, on the same teachers.</p>"
              if len(sizes) == 1 else "")
    items = "".join(_scenario_item(label, s, baseline, not shared)
                    for label, s in scenarios.items())
    commands = "\n".join(s.command_line() for s in scenarios.values())
    if baseline is not None and len(runs) > 1:
        written = tables.written(tables.differences(runs, baseline))
        compared = (f"<h2>Difference from the baseline, {html.escape(baseline)}</h2>"
                    "<p class=\"note\">Paired by replicate (the same teachers); mean and 95% "
                    "interval of the difference (shares in percentage points). An interval that "
                    "excludes 0 is a clear difference.</p>" + _table(written))
    else:
        compared = ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>copsim brief: {html.escape(title)}</title>
<style>{STYLE}</style></head><body>
<h1>{html.escape(title)}</h1>
<p><b>Context:</b> {html.escape(CONTEXTS.get(first.population, first.population))}.
<span class="meta">Simulated by copsim; {html.escape(_provenance(runs))}.</span></p>
<h2>Scenarios</h2>{shared}<ul>{items}</ul>
<h2>Members active each week</h2>
<img class="curves" alt="{CURVES_ALT}" src="data:image/png;base64,{curves}">
<p class="note">Lines: mean over the replicates; bands: 95% interval of the mean across
replicates.</p>
{compared}
<h2>Cost and participation</h2>
<p class="note">Per teacher invited (group sizes differ); an active teacher-week is one teacher
active in one week. Cost per additional one: the added cost over the added active teacher-weeks,
against the baseline on the same teachers. On the frontier: no other scenario costs less and keeps
its teachers active longer.</p>
{_table(tables.costs(runs, baseline))}
<h2>What these numbers rest on</h2>
<p class="caveat">{html.escape(CAVEAT)}</p>
<h2>Reproduce</h2>
{_link(link)}<p class="note">Or run in the copsim project folder:</p>
<pre>{html.escape(commands)}</pre>
</body></html>
"""
