"""Explore: one scenario against no support in the same context, on the same teachers.

Controls on the left; on the right the decay curves with 95% bands, the indicator cards, the
downloads and command line, and one group played week by week. A value the scenario cannot run
with turns Run off and is explained beside Run and beside its control; a change made after a run
started is kept and marked until Run; a new run stops the one it replaces at its next week. While
a run goes on, the curves of its weeks so far are drawn as they come and the last results stay,
dimmed. The scenario lives in the page's link (`link`), so it survives leaving the page.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import solara

from simulation import RunResult
from simulation.dashboard import charts, link
from simulation.dashboard.charts import NO_SUPPORT
from simulation.dashboard.controls import ScenarioControls
from simulation.dashboard.group_view import GroupView
from simulation.dashboard.handoff import Handoff
from simulation.dashboard.indicators import IndicatorCards
from simulation.dashboard.progress import (STALE_OPACITY, CurvesSoFar, ProgressBar, drawing,
                                           reporter)
from simulation.dashboard.scenario import Scenario, run_scenarios
from simulation.dashboard.worlds_panel import OverWorlds

FIRST_SCENARIO = Scenario(policy="dime_recommended")
CONTROLS_WIDTH = "clamp(280px, 28vw, 420px)"  # a menu's text and a label fit from 820 px wide


def reference_for(scenario: Scenario) -> Scenario:
    """The same context, run size and teachers, with no support."""
    return dataclasses.replace(scenario, policy="none", changes=())


def run_explore(scenario: Scenario, with_reference: bool, references: dict,
                progress: solara.Reactive[float], current: Callable[[], bool],
                so_far: solara.Reactive[dict] | None = None
                ) -> tuple[dict[str, RunResult], dict[str, Scenario]]:
    """Run the scenario and (if asked) its no-support reference, side by side in one model; the
    reference is kept for reuse. The weeks run so far go into `so_far` as they come
    (`progress.drawing`). The run stops at the week after `current()` turns false (a newer run
    replaced it: `progress.Superseded`)."""
    scenarios = {f"This scenario: {scenario.name()}": scenario}
    reference = reference_for(scenario)
    if with_reference and reference != scenario:
        scenarios[NO_SUPPORT] = reference
    progress.set(0.0)
    kept = dict(references)  # as this run found them: a run it replaced may still store its own
    to_run = [s for label, s in scenarios.items() if label != NO_SUPPORT or s not in kept]
    labels = {s: label for label, s in scenarios.items()}
    watch = None if so_far is None else drawing(
        so_far, [labels[s] for s in to_run],
        {label: kept[s].weekly for label, s in scenarios.items() if s not in to_run})
    results = dict(zip(to_run, run_scenarios(to_run, reporter(progress, 0.0, 1.0, current),
                                             watch)))
    if NO_SUPPORT in scenarios and reference in results:
        references.clear()
        references[reference] = results[reference]
    runs = {label: results.get(s) or kept[s] for label, s in scenarios.items()}
    if current():  # a run replaced after its last week must not fill the newer run's bar
        progress.set(1.0)
    return runs, scenarios


@solara.component
def Page():
    router = solara.use_router()
    found, linked_reference = solara.use_memo(
        lambda: link.explore_from(router.search, FIRST_SCENARIO), [])
    scenario, set_scenario = solara.use_state(found.scenarios[0])
    problem = solara.use_memo(scenario.problem, [scenario])
    requested, set_requested = solara.use_state(scenario if problem is None else None)
    with_reference, set_with_reference = solara.use_state(linked_reference)
    solara.use_effect(lambda: link.write(router, link.EXPLORE_KEYS,
                                         link.explore_params(scenario, with_reference)),
                      [scenario, with_reference])
    references = solara.use_memo(dict, [])
    progress = solara.use_reactive(0.0)
    so_far = solara.use_reactive({})  # the weeks run so far, by scenario label

    def run() -> tuple[dict[str, RunResult], dict[str, Scenario]] | None:
        """In the task's thread; a newer run makes this one's `is_current()` false."""
        if requested is None:  # the link's scenario cannot run: its problem is shown
            return None
        return run_explore(requested, with_reference, references, progress, task.is_current,
                           so_far)

    task = solara.lab.use_task(run, dependencies=[requested, with_reference])
    solara.Title("copsim: explore")

    with solara.Columns([0, 1]):  # the controls as wide as CONTROLS_WIDTH, the results the rest
        with solara.Card("Scenario", style={"max-height": "88vh", "overflow-y": "auto",
                                            "width": CONTROLS_WIDTH}):
            solara.Button("Run", icon_name="mdi-play", color="primary", classes=["run-button"],
                          on_click=lambda: (so_far.set({}), set_requested(scenario)),
                          disabled=problem is not None,
                          block=True)
            with solara.Div():  # always there, so the controls after it are kept, not rebuilt
                if found.notice:
                    solara.Warning(found.notice, dense=True, classes=["link-notice"])
                if problem is not None:
                    solara.Error(problem.message, dense=True, classes=["run-problem"])
                elif scenario != requested:
                    solara.Text("Settings changed since this run: press Run to update the "
                                "results.", style={"color": "#555"})
            solara.Switch(label="Also show 'no support' for comparison", value=with_reference,
                          on_value=set_with_reference)
            ScenarioControls(scenario, set_scenario, problem)
        with solara.Column():
            with solara.Div():  # always there, so the results after it are kept, not rebuilt
                if task.pending and requested is not None:
                    ProgressBar(progress, f"Simulating {requested.replicates} groups "
                                          f"for {requested.weeks} weeks")
                    CurvesSoFar(so_far, requested.weeks, {NO_SUPPORT: "--"})
                if task.error:
                    solara.Error(f"The run failed: {task.exception}")
            if task.latest is not None:  # the last results stay, dimmed, until the new ones
                with solara.Div(style={"opacity": STALE_OPACITY if task.pending else 1}):
                    runs, scenarios = task.latest
                    Results(runs, scenarios)


@solara.component
def Results(runs: dict[str, RunResult], scenarios: dict[str, Scenario]):
    label, result = next(iter(runs.items()))
    styles = {NO_SUPPORT: "--"}
    timeline = solara.use_memo(scenarios[label].timeline, [scenarios[label]])
    panels = solara.use_memo(lambda: charts.decay_panels({k: r.weekly for k, r in runs.items()},
                                                         styles, [w for w, _ in timeline if w > 1]),
                             [runs])
    with solara.Div(classes=["showing"]):
        solara.Markdown(f"**Showing:** {scenarios[label].title()}, "
                        f"{result.summary.replicate.nunique()} replicates, "
                        f"{int(result.weekly.week.max())} weeks. Bands: 95% interval of the "
                        "mean across replicates.")
    if timeline:
        with solara.Div(classes=["timeline"]):
            solara.Markdown("**Timeline** (dotted lines: where a later phase starts): "
                            + "; ".join(text for _, text in timeline)
                            + ". Other weeks: the policy's own values.")
    with solara.Div(classes=["decay-curves"]):
        charts.SideBySide(panels)
    reference = runs.get(NO_SUPPORT) if label != NO_SUPPORT else None
    IndicatorCards(result, reference)
    if reference is not None:  # the difference from no support, over plausible worlds
        compared = {NO_SUPPORT: scenarios[NO_SUPPORT], label: scenarios[label]}
        OverWorlds(compared, NO_SUPPORT).key(repr(list(compared.values())))
    Handoff(runs, scenarios, NO_SUPPORT if reference is not None else None,
            link.page_link(link.EXPLORE_KEYS,
                           link.explore_params(scenarios[label], NO_SUPPORT in runs)),
            baseline_in_downloads=False)
    GroupView(scenarios[label])
