"""A page's state as its link: the query string holds the scenarios, so that switching pages,
reloading, bookmarking and sending the link all give the same scenarios and the same numbers.

The query says what the hand-off command says. Explore's scenario is the command's overrides,
one parameter each (`?population=tanzania_maths&policy=dime_recommended&policy.kickoff=true
&replicates=20&weeks=52&seed=0`, plus `reference=off` when "no support" is switched off).
Compare's scenarios are parameters `A` to `D`, each holding its command's overrides separated by
spaces, and `baseline` (a letter). A page writes only its own parameters and keeps the others,
and the app bar's buttons carry the query from page to page, so each page finds its work where
it left it. A value the link cannot hold (an unknown key, context or package) is left out and
named in a `notice`; a number field's text that is not a number is kept as typed, for
`Scenario.problem` to explain, as if it had been typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import solara
import solara.lab

from simulation.dashboard.scenario import KNOB, RUN_KEYS, Scenario, presets, typed

LETTERS = "ABCD"
REFERENCE_OFF = ("reference", "off")
EXPLORE_KEYS = {"population", "policy", *RUN_KEYS, *KNOB, REFERENCE_OFF[0]}
COMPARE_KEYS = {*LETTERS, "baseline"}
PRESET_LABELS = {"population": "Context", "policy": "Policy package"}


@dataclass(frozen=True)
class Found:
    """What a link holds for a page, and what it held that could not be used (plain words)."""
    scenarios: tuple[Scenario, ...]
    notice: str = ""


def parse(search: str | None) -> dict[str, str]:
    """The query's parameters (the last value of a repeated one)."""
    return dict(parse_qsl(search or "", keep_blank_values=True))


def with_params(search: str | None, own: set[str], params: dict[str, str]) -> str:
    """The query with a page's own parameters replaced by `params`, the others kept in order."""
    kept = [(k, v) for k, v in parse_qsl(search or "", keep_blank_values=True) if k not in own]
    return urlencode([*kept, *params.items()], safe="=")  # A=policy=none+weeks=52: readable


def write(router, own: set[str], params: dict[str, str]) -> None:
    """Put a page's parameters into the address bar (`router`: `solara.use_router()`), keeping
    the other pages' parameters; nothing happens when they are there already."""
    search = with_params(router.search, own, params)
    if search != (router.search or ""):
        router.push(f"{router.path}?{search}")


def overrides_params(scenario: Scenario) -> dict[str, str]:
    """The scenario's command overrides as parameters (key: value)."""
    return dict(o.split("=", 1) for o in scenario.overrides())


def scenario_from(overrides: dict[str, str], start: Scenario) -> tuple[Scenario, list[str]]:
    """`start` with the given overrides applied (context and package first, as the command
    line reads them), and the overrides that could not be used, in plain words."""
    unused = []
    scenario = start
    for group in ("population", "policy"):
        name = overrides.get(group)
        if name is None:
            continue
        if name in presets(group):
            scenario = scenario.set(group, name)
        else:
            unused.append(f"{PRESET_LABELS[group]} '{name}' is not one of "
                          f"{', '.join(presets(group))}")
    for key, text in overrides.items():
        if key in ("population", "policy"):
            continue
        if key in RUN_KEYS:
            scenario = scenario.set(key, typed(text))
        elif key in KNOB:
            value, problem = _value(KNOB[key], text)
            if problem:
                unused.append(problem)
            else:
                scenario = scenario.set(key, value)
        else:
            unused.append(f"'{key}' is not a setting")
    return scenario, unused


def _value(knob, text: str):
    """A knob's value from its text, or the reason it is not one."""
    if knob.kind == "switch":
        if text in ("true", "false"):
            return text == "true", ""
        return None, f"{knob.label}: '{text}' is not true or false"
    if knob.kind == "choice":
        if text in knob.choices:
            return text, ""
        return None, f"{knob.label}: '{text}' is not one of {', '.join(knob.choices)}"
    if knob.kind == "int":
        return typed(text), ""
    try:
        return float(text), ""
    except ValueError:
        return None, f"{knob.label}: '{text}' is not a number"


def _notice(unused: list[str]) -> str:
    return ("The link held settings this dashboard cannot use, left out: " + "; ".join(unused) + "."
            if unused else "")


def explore_params(scenario: Scenario, with_reference: bool) -> dict[str, str]:
    """Explore's parameters: the scenario's overrides, and `reference=off` when asked."""
    params = overrides_params(scenario)
    return params | dict([REFERENCE_OFF]) if not with_reference else params


def explore_from(search: str | None, default: Scenario) -> tuple[Found, bool]:
    """Explore's scenario (the default where the link says nothing) and whether it shows "no
    support" beside it."""
    query = parse(search)
    params = {k: v for k, v in query.items() if k not in COMPARE_KEYS | {REFERENCE_OFF[0]}}
    with_reference = query.get(REFERENCE_OFF[0]) != REFERENCE_OFF[1]
    if not params:
        return Found((default,)), with_reference
    scenario, unused = scenario_from(params, default)
    return Found((scenario,), _notice(unused)), with_reference


def compare_params(scenarios: list[Scenario], baseline: int) -> dict[str, str]:
    """Compare's parameters: each scenario's overrides under its letter, and the baseline."""
    params = {LETTERS[i]: " ".join(s.overrides()) for i, s in enumerate(scenarios)}
    return params | {"baseline": LETTERS[baseline]}


def compare_from(search: str | None, default: list[Scenario]) -> tuple[Found, int]:
    """Compare's scenarios (the default ones where the link has fewer than two) and the index of
    the baseline."""
    query = parse(search)
    texts = [query[letter] for letter in LETTERS if letter in query]
    if len(texts) < 2:
        return Found(tuple(default)), 0
    scenarios, unused = [], []
    for text in texts:
        overrides = dict(o.split("=", 1) if "=" in o else (o, "") for o in text.split())
        scenario, missed = scenario_from(overrides, Scenario())
        scenarios.append(scenario)
        unused += missed
    baseline = query.get("baseline", "A")
    index = LETTERS.index(baseline) if baseline in LETTERS[:len(scenarios)] else 0
    return Found(tuple(scenarios), _notice(sorted(set(unused)))), index


def page_link(own: set[str], params: dict[str, str]) -> str:
    """The address of this page with its own parameters `params`: the link to what was run,
    whatever the controls say now. A hook: call it while a component renders."""
    router = solara.use_router()
    return address(router.path, with_params(router.search, own, params))


def address(path: str, search: str) -> str:
    """The page's full address as the browser shows it (from the session's request headers: they
    exist inside a session's render only), so it can be copied into an e-mail or a brief."""
    headers = solara.lab.headers.value or {}
    origin = (headers.get("origin") or [""])[0]
    if not origin:
        host = (headers.get("host") or ["127.0.0.1:8765"])[0]
        origin = f"http://{host}"
    return f"{origin}/{path.lstrip('/')}" + (f"?{search}" if search else "")
