"""Controls for one scenario: context, policy package, every knob, run size.

A bad value is shown as a message under the control it belongs to (the key the `ConfigError`
message starts with); a message for another key is shown at the top.
"""

from __future__ import annotations

from typing import Any, Callable

import solara

from simulation.dashboard.presets import CONTEXTS, POLICIES
from simulation.knobs import KNOBS, Knob
from simulation.dashboard.scenario import Scenario, error_key, presets

HELP_STYLE = {"font-size": "0.78em", "color": "#666", "margin": "-4px 0 8px 0"}


@solara.component
def ProblemMessage(key: str, problem: Exception | None):
    """The validation message, if it is about `key`."""
    if problem is not None and error_key(problem) == key:
        solara.Error(str(problem), dense=True, classes=["control-error"])


@solara.component
def PresetSelect(label: str, group: str, names: dict[str, str], value: str,
                 on_value: Callable[[str], None]):
    """A preset chosen by its plain-language description."""
    described = {names.get(name, name): name for name in presets(group)}
    current = next(text for text, name in described.items() if name == value)
    solara.Select(label, values=list(described), value=current,
                  on_value=lambda text: on_value(described[text]))


@solara.component
def KnobControl(knob: Knob, scenario: Scenario, on_scenario: Callable[[Scenario], None],
                problem: Exception | None):
    value = scenario.value(knob.key)

    def set_value(new: Any) -> None:
        on_scenario(scenario.set(knob.key, new))

    if knob.kind == "switch":
        solara.Switch(label=knob.label, value=bool(value), on_value=set_value)
    elif knob.kind == "choice":
        by_label = {text: v for v, text in knob.choices.items()}
        solara.Select(knob.label, values=list(by_label), value=knob.choices[value],
                      on_value=lambda text: set_value(by_label[text]))
    elif knob.kind == "int":
        solara.InputInt(knob.label, value=int(value), on_value=set_value)
    else:
        solara.Text(knob.label)
        solara.SliderFloat("", value=float(value), min=0.0, max=1.0, step=0.05,
                           on_value=set_value)
    ProblemMessage(knob.key, problem)
    solara.Text(f"{knob.help} (evidence {knob.evidence})", style=HELP_STYLE)


@solara.component
def RunSizeControls(scenario: Scenario, on_scenario: Callable[[Scenario], None],
                    problem: Exception | None):
    """Replicates, weeks and seed."""
    for key, label, help in (
        ("replicates", "Replicates (independent groups)",
         "More replicates: narrower bands, slower run."),
        ("weeks", "Weeks to simulate", "52 weeks is one school year."),
        ("seed", "Random seed", "Same seed = same teachers, so scenarios compare fairly."),
    ):
        solara.InputInt(label, value=scenario.value(key),
                        on_value=lambda v, key=key: on_scenario(scenario.set(key, v)))
        ProblemMessage(key, problem)
        solara.Text(help, style=HELP_STYLE)


@solara.component
def ScenarioControls(scenario: Scenario, on_scenario: Callable[[Scenario], None],
                     problem: Exception | None, context: bool = True, run_size: bool = True):
    """All controls of a scenario; `context` and `run_size` hide parts a page sets elsewhere."""
    known = {k.key for k in KNOBS} | {"replicates", "weeks", "seed"}
    if problem is not None and error_key(problem) not in known:
        solara.Error(str(problem), dense=True, classes=["control-error"])
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
