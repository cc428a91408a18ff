"""Compare: two to four scenarios in one context, on the same random teachers (same seed).

Every scenario is run with the same seed, so replicate r of each sees the same teachers (common
random numbers) and differences are paired replicate by replicate
(`simulation.indicators.difference`). Each indicator names its best scenario, unless the best
means tie at the precision shown or the indicator is a cost (doing nothing costs least): costs
are weighed against participation in the table of `simulation.cost_effectiveness`, as `copsim`
prints it (cost per additional active teacher-week against the baseline, and the frontier).
The scenarios and the baseline live in the page's link (`link`); a card's controls are built
only while it is open, so the page redraws fast while a run goes on.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import solara

from simulation import RunResult
from simulation.dashboard import charts, link, tables
from simulation.dashboard.controls import PresetSelect, RunSizeControls, ScenarioControls
from simulation.dashboard.handoff import Handoff
from simulation.dashboard.link import LETTERS
from simulation.dashboard.presets import CONTEXTS
from simulation.dashboard.progress import (STALE_OPACITY, CurvesSoFar, ProgressBar, drawing,
                                           reporter)
from simulation.dashboard.scenario import Scenario, run_scenarios
from simulation.dashboard.worlds_panel import OverWorlds
from simulation.indicators import INDICATOR, INDICATORS

STARTING_POLICIES = ("none", "dime_recommended", "kplay_blended", "none")
FIRST_SCENARIOS = [Scenario(policy="none"), Scenario(policy="dime_recommended")]


def labelled(scenarios: list[Scenario]) -> dict[str, Scenario]:
    return {f"{LETTERS[i]}: {s.name()}": s for i, s in enumerate(scenarios)}


def run_all(scenarios: dict[str, Scenario], progress: solara.Reactive[float],
            current: Callable[[], bool] = lambda: True,
            so_far: solara.Reactive[dict] | None = None) -> dict[str, RunResult]:
    """Every scenario side by side in one model (one per `weeks`, which the scenarios share),
    the weeks run so far going into `so_far` as they come; stopped at the week after
    `current()` turns false (`progress.Superseded`)."""
    progress.set(0.0)
    watch = None if so_far is None else drawing(so_far, list(scenarios), {})
    results = run_scenarios(list(scenarios.values()), reporter(progress, 0.0, 1.0, current),
                            watch)
    return dict(zip(scenarios, results))


@solara.component
def ScenarioCard(index: int, scenario: Scenario, on_scenario, on_remove, problem):
    with solara.Card(f"Scenario {LETTERS[index]}", classes=[f"scenario-{LETTERS[index]}"],
                     style={"min-width": "260px", "flex": "1"}):
        solara.Text(scenario.title(), style={"font-weight": "bold"}, classes=["scenario-title"])
        open_, set_open = solara.use_state(False)
        solara.Button("Change policies", text=True, icon_name="mdi-chevron-up" if open_ else
                      "mdi-chevron-down", on_click=lambda: set_open(not open_),
                      classes=["change-policies"])
        if open_:  # built only when open: a page with four cards redraws fast during a run
            ScenarioControls(scenario, on_scenario, problem, context=False, run_size=False)
        if on_remove is not None:
            solara.Button("Remove", text=True, icon_name="mdi-delete", on_click=on_remove)


def problems_by_message(problems: list) -> dict[str, list[str]]:
    """Each problem once, with the letters of the scenarios it stops (a run size shared by all
    of them is one problem, not four)."""
    found: dict[str, list[str]] = {}
    for letter, problem in zip(LETTERS, problems):
        if problem is not None:
            found.setdefault(problem.message, []).append(letter)
    return found


def shared_with(scenarios: list[Scenario], source: Scenario) -> list[Scenario]:
    """The scenarios with the context and run size of `source` (their policy changes kept)."""
    return [dataclasses.replace(s, population=source.population, replicates=source.replicates,
                                weeks=source.weeks, seed=source.seed) for s in scenarios]


@solara.component
def Page():
    router = solara.use_router()
    found, linked_baseline = solara.use_memo(
        lambda: link.compare_from(router.search, FIRST_SCENARIOS), [])
    scenarios, set_scenarios = solara.use_state(list(found.scenarios))
    baseline_index, set_baseline_index = solara.use_state(linked_baseline)
    chosen_column, set_chosen_column = solara.use_state("retention_w12")
    problems = solara.use_memo(lambda: [s.problem() for s in scenarios], [tuple(scenarios)])
    requested, set_requested = solara.use_state(
        labelled(scenarios) if not any(problems) else None)
    progress = solara.use_reactive(0.0)
    so_far = solara.use_reactive({})  # the weeks run so far, by scenario label
    solara.use_effect(lambda: link.write(router, link.COMPARE_KEYS,
                                         link.compare_params(scenarios, baseline_index)),
                      [tuple(scenarios), baseline_index])

    def run() -> tuple[dict[str, RunResult], dict[str, Scenario]] | None:
        """In the task's thread; a newer Run all stops this one at its next week."""
        if not requested:  # the link's scenarios cannot run: their problems are shown
            return None
        return run_all(requested, progress, task.is_current, so_far), requested

    task = solara.lab.use_task(run, dependencies=[requested])
    solara.Title("copsim: compare")
    first = scenarios[0]

    def update(i: int, scenario: Scenario) -> None:
        set_scenarios([scenario if j == i else s for j, s in enumerate(scenarios)])

    def remove(i: int) -> None:
        set_scenarios([s for j, s in enumerate(scenarios) if j != i])
        set_baseline_index(0)

    def add() -> None:
        new = dataclasses.replace(first, policy=STARTING_POLICIES[len(scenarios)], changes=())
        set_scenarios([*scenarios, new])

    solara.Markdown("Two to four scenarios in the same context, on **the same random teachers** "
                    "(same seed): differences are paired replicate by replicate.")
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        with solara.Card("Context and run size", style={"min-width": "260px", "flex": "1"}):
            PresetSelect("Context", "population", CONTEXTS, first.population,
                         lambda name: set_scenarios(shared_with(
                             scenarios, dataclasses.replace(first, population=name))))
            RunSizeControls(first, lambda s: set_scenarios(shared_with(scenarios, s)),
                            next((p for p in problems if p is not None), None))
        for i, scenario in enumerate(scenarios):
            ScenarioCard(i, scenario, lambda s, i=i: update(i, s),
                         (lambda i=i: remove(i)) if len(scenarios) > 2 else None, problems[i])
    labels = list(labelled(scenarios))
    with solara.Row(style={"align-items": "center"}):
        solara.Button("Add a scenario", icon_name="mdi-plus", disabled=len(scenarios) >= 4,
                      on_click=add)
        solara.Select("Baseline", values=labels, value=labels[min(baseline_index, len(labels) - 1)],
                      on_value=lambda label: set_baseline_index(labels.index(label)))
        solara.Button("Run all", icon_name="mdi-play", color="primary", classes=["run-button"],
                      disabled=any(p is not None for p in problems),
                      on_click=lambda: (so_far.set({}), set_requested(labelled(scenarios))))
    with solara.Div():  # always there, so the results after it are kept, not rebuilt
        for message, letters in problems_by_message(problems).items():  # even from a closed card
            solara.Error(f"Scenario{'s' if len(letters) > 1 else ''} {', '.join(letters)}: "
                         f"{message}", dense=True, classes=["run-problem"])
        if found.notice:
            solara.Warning(found.notice, dense=True, classes=["link-notice"])
        if task.pending and requested:
            ProgressBar(progress, f"Simulating {len(requested)} scenarios")
            CurvesSoFar(so_far, next(iter(requested.values())).weeks)
        if task.error:
            solara.Error(f"The run failed: {task.exception}")
    if task.latest:  # the last results stay, dimmed, until the new ones
        runs, ran = task.latest
        baseline = list(runs)[min(baseline_index, len(runs) - 1)]
        with solara.Div(style={"opacity": STALE_OPACITY if task.pending else 1}):
            Results(runs, ran, baseline, chosen_column, set_chosen_column)


@solara.component
def Results(runs, scenarios, baseline, chosen_column, set_chosen_column):
    panels = solara.use_memo(lambda: charts.decay_panels({k: r.weekly for k, r in runs.items()},
                                                         {baseline: "--"}), [runs, baseline])
    # the tables once per run (a card's edit renders the page again, not these)
    differences = solara.use_memo(lambda: tables.differences(runs, baseline), [runs, baseline])
    levels = solara.use_memo(lambda: tables.levels(runs), [runs])
    costs = solara.use_memo(lambda: tables.costs(runs, baseline).reset_index(), [runs, baseline])
    written = solara.use_memo(lambda: tables.written(differences).reset_index(), [differences])
    with solara.Div(classes=["decay-curves"]):
        charts.SideBySide(panels)
    solara.Markdown("### Indicators (mean [95% interval] across replicates)\n"
                    "`best`: the scenario with the best mean on that indicator; none where two or "
                    "more share the best mean as written, and none for a cost, since doing "
                    "nothing costs least: the next table weighs cost against participation.")
    with solara.Div(classes=["compare-indicators"]):
        solara.DataFrame(levels, items_per_page=20)
    solara.Markdown("### Cost and participation\nAs `copsim` prints it, per teacher invited "
                    "(group sizes differ); an active teacher-week is one teacher active in one "
                    f"week. Cost per additional one vs {baseline}: what each active teacher-week "
                    "added over the baseline's costs, on the same teachers (the difference in "
                    "cost per teacher over the difference in active weeks per teacher; mean [95% "
                    "interval]; n/a where it adds none, negative where it also costs less). On "
                    "the frontier: no other scenario costs less and keeps its teachers active "
                    "longer.")
    with solara.Div(classes=["compare-costs"]):
        solara.DataFrame(costs, items_per_page=10)
    solara.Markdown(f"### Difference from the baseline, {baseline}\n"
                    "Paired by replicate (same teachers); 95% interval of the mean difference. "
                    "An interval that excludes 0 is a clear difference.")
    with solara.Div(classes=["compare-differences"]):
        solara.DataFrame(written, items_per_page=20)
    labels = {i.label: i.column for i in INDICATORS}
    chosen = INDICATOR[chosen_column]
    solara.Select("Indicator to plot", values=list(labels), value=chosen.label,
                  on_value=lambda label: set_chosen_column(labels[label]))
    difference_figure = solara.use_memo(
        lambda: charts.differences(differences[differences.column == chosen_column], chosen),
        [runs, baseline, chosen_column])
    with solara.Div(classes=["difference-chart"]):
        charts.Chart(difference_figure)
    OverWorlds(scenarios, baseline).key(repr(list(scenarios.values())))  # new runs: a new check
    Handoff(runs, scenarios, baseline, link.page_link(link.COMPARE_KEYS, link.compare_params(
        list(scenarios.values()), list(scenarios).index(baseline))))
