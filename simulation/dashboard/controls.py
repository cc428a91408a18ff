"""Controls for one scenario: context, policy package, every knob, run size.

A number field holds what is typed, as typed: each keystroke goes into the scenario (a whole
number as a number, anything else as text that `Scenario.problem` refuses), so a field never jumps
back to an older value when the page redraws (at the end of a run, say) and Run always runs what
the fields show. A problem (`scenario.Problem`) is shown next to each control it is about; one
about no control here is shown at the top.

A control that does not apply to the scenario is hidden: `APPLIES_WHEN` says, for each such
control, on which other control it depends and for which of its values (taken over the whole run,
the package's timeline included: `Scenario.values_in_run`). A hidden control about which there
is a problem is shown all the same, so the problem sits next to it. A slider shows its value and
unit (the payment in dollars a week: `Scenario.value_text`); a preset's full description is
written under its menu, which cuts it short.
"""

from __future__ import annotations

from typing import Any, Callable

import solara

from simulation.dashboard.presets import CONTEXTS, POLICIES
from simulation.knobs import KNOBS, Knob
from simulation.dashboard.scenario import (LABELS, PAYMENT, ROTATION, Problem, Scenario,
                                           presets, typed)

HELP_STYLE = {"font-size": "0.86em", "color": "#666", "margin": "-4px 0 8px 0"}
VALUE_STYLE = {"font-size": "0.95em", "font-weight": "bold", "display": "block"}
MODE = "policy.moderator.mode"
# control -> (the control it depends on, whether a value of that one makes it apply)
APPLIES_WHEN: dict[str, tuple[str, Callable[[Any], bool]]] = {
    ROTATION: (MODE, lambda mode: mode == "rotating"),  # turns are taken only when rotating
    "policy.moderator.style": (MODE, lambda mode: mode != "none"),  # a leader may emerge too
    "policy.incentive.kind": (PAYMENT, lambda share: share > 0),  # what a payment is for
}
SCALES = {"policy.homogeneity": "0: very mixed, 1: all alike"}  # a share's two ends
RUN_SIZE_HELP = {
    "replicates": "More replicates: narrower bands, slower run.",
    "weeks": "52 weeks is one school year.",
    "seed": "Same seed = same teachers, so scenarios compare fairly.",
}


def applies(key: str, scenario: Scenario) -> bool:
    """Whether a control matters to the scenario: at some time in the run, the control it depends
    on (`APPLIES_WHEN`) takes a value that makes it apply; always, for the others."""
    if key not in APPLIES_WHEN:
        return True
    depends_on, test = APPLIES_WHEN[key]
    return any(test(value) for value in scenario.values_in_run(depends_on))


def share_text(key: str, scenario: Scenario) -> tuple[str, str]:
    """A share control's value with its unit, and what it is a share of: the payment in dollars
    a week, of the largest plausible payment; others on a 0-1 scale, with what its ends mean."""
    if key == PAYMENT:
        return (f"{scenario.value_text(key)} per member paid",
                f"{scenario.value(key):.0%} of the largest plausible payment, "
                f"${scenario.largest_payment():,.2f} a week")
    return scenario.value_text(key), SCALES.get(key, "from 0 to 1")


def css_name(key: str) -> str:
    """A control's key as a CSS class: "knob-policy-moderator-rotation_weeks"."""
    return "knob-" + key.replace(".", "-")


@solara.component
def ProblemMessage(key: str, problem: Problem | None):
    """The problem, if it is about `key`."""
    if problem is not None and key in problem.keys:
        solara.Error(problem.message, dense=True, classes=["control-error"])


@solara.component
def NumberField(key: str, scenario: Scenario, on_scenario: Callable[[Scenario], None],
                problem: Problem | None):
    """A whole-number control whose text goes into the scenario at every keystroke."""
    solara.InputText(LABELS[key], value=str(scenario.value(key)), continuous_update=True,
                     error=problem is not None and key in problem.keys,
                     on_value=lambda text: on_scenario(scenario.set(key, typed(text))))


@solara.component
def PresetSelect(label: str, group: str, names: dict[str, str], value: str,
                 on_value: Callable[[str], None]):
    """A preset chosen by its plain-language description."""
    described = {names.get(name, name): name for name in presets(group)}
    current = next(text for text, name in described.items() if name == value)
    solara.Select(label, values=list(described), value=current,
                  on_value=lambda text: on_value(described[text]))
    solara.Text(current, style=HELP_STYLE)  # the menu cuts a long description short


@solara.component
def KnobControl(knob: Knob, scenario: Scenario, on_scenario: Callable[[Scenario], None],
                problem: Problem | None):
    """One knob's control, its problem if any, and its help; nothing when it does not apply
    (unless the problem is about it)."""
    if not applies(knob.key, scenario) and (problem is None or knob.key not in problem.keys):
        return
    value = scenario.value(knob.key)

    def set_value(new: Any) -> None:
        on_scenario(scenario.set(knob.key, new))

    with solara.Div(classes=["knob", css_name(knob.key)]):
        if knob.kind == "switch":
            solara.Switch(label=knob.label, value=bool(value), on_value=set_value)
        elif knob.kind == "choice":
            by_label = {text: v for v, text in knob.choices.items()}
            solara.Select(knob.label, values=list(by_label), value=knob.choices[value],
                          on_value=lambda text: set_value(by_label[text]))
        elif knob.kind == "int":
            NumberField(knob.key, scenario, on_scenario, problem)
        else:
            solara.Text(knob.label)
            solara.SliderFloat("", value=float(value), min=0.0, max=1.0, step=0.05,
                               on_value=set_value)
            value_text, of = share_text(knob.key, scenario)
            solara.Text(value_text, classes=["knob-value"], style=VALUE_STYLE)
            solara.Text(of, style=HELP_STYLE)
        ProblemMessage(knob.key, problem)
        solara.Text(f"{knob.help} (evidence {knob.evidence})", style=HELP_STYLE)


@solara.component
def RunSizeControls(scenario: Scenario, on_scenario: Callable[[Scenario], None],
                    problem: Problem | None):
    """Replicates, weeks and seed."""
    for key, help in RUN_SIZE_HELP.items():
        NumberField(key, scenario, on_scenario, problem)
        ProblemMessage(key, problem)
        solara.Text(help, style=HELP_STYLE)


@solara.component
def ScenarioControls(scenario: Scenario, on_scenario: Callable[[Scenario], None],
                     problem: Problem | None, context: bool = True, run_size: bool = True):
    """All controls of a scenario; `context` and `run_size` hide parts a page sets elsewhere."""
    with solara.Div():  # always there, so the controls after it are kept, not rebuilt
        if problem is not None and not set(problem.keys) & set(LABELS):
            solara.Error(problem.message, dense=True, classes=["control-error"])
    if context:
        PresetSelect("Context", "population", CONTEXTS, scenario.population,
                     lambda name: on_scenario(scenario.set("population", name)))
    PresetSelect("Policy package to start from", "policy", POLICIES, scenario.policy,
                 lambda name: on_scenario(scenario.set("policy", name)))
    solara.Text("Change any policy below; changes are kept until you pick another package.",
                style=HELP_STYLE)
    for knob in KNOBS:
        KnobControl(knob, scenario, on_scenario, problem)
    if run_size:
        RunSizeControls(scenario, on_scenario, problem)
