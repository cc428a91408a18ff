"""`Scenario.problem`: why a dashboard scenario cannot run, in plain words by the controls' labels,
and which controls it is about (issue bug 6); a run replaced by a newer one stops at its next week
(bug 4)."""

import re

import pytest
import solara

from simulation import ConfigError
from simulation.dashboard.progress import Superseded, reporter
from simulation.dashboard.scenario import (MEETINGS, ROTATION, Problem, Scenario, plain_problem,
                                           run_scenarios)

RAW = re.compile(r"policy\.|`|\w=\w")  # a config key, a backtick or an override

BAD = {  # scenario: (the controls the problem is about, how its message starts)
    Scenario(policy="dime_recommended").set("policy.group_size", "abc"):
        (("policy.group_size",), "Teachers per group: type a whole number from 2 to 100000"),
    Scenario().set("policy.group_size", 1):
        (("policy.group_size",), "Teachers per group: type a whole number from 2 to 100000"),
    Scenario(weeks=""): (("weeks",), "Weeks to simulate: type a whole number from 1 to 520"),
    Scenario(replicates=-3):
        (("replicates",), "Replicates (independent groups): type a whole number from 1 to 100000"),
    Scenario(policy="dime_recommended", weeks=2):  # teachers take turns every 4 weeks
        (("weeks", ROTATION), "Weeks to simulate: type at least 4, since teachers take turns"),
    Scenario(policy="pilot_then_handover", weeks=10):  # its second phase starts in week 14
        (("weeks",), "Weeks to simulate: type at least 14: this package's timeline runs to week 14"),
    Scenario(policy="kplay_blended", weeks=3):  # teachers meet every 4 weeks
        (("weeks", MEETINGS), "Weeks to simulate: type at least 4, since teachers meet in person"),
}


@pytest.mark.parametrize("scenario", list(BAD), ids=[s.name() + f" weeks={s.weeks} "
                                                      f"replicates={s.replicates}" for s in BAD])
def test_a_scenario_that_cannot_run_says_why_by_the_controls_labels(scenario):
    keys, start = BAD[scenario]
    problem = scenario.problem()
    assert isinstance(problem, Problem)
    assert problem.keys == keys
    assert problem.message.startswith(start), problem.message
    assert not RAW.search(problem.message), problem.message


@pytest.mark.parametrize("scenario", [Scenario(), Scenario(policy="dime_recommended", weeks=4),
                                      Scenario(policy="pilot_then_handover", weeks=14),
                                      Scenario(policy="kplay_blended").set(MEETINGS, 0).set(
                                          "weeks", 3)])
def test_a_scenario_that_can_run_has_no_problem(scenario):
    assert scenario.problem() is None


def test_an_error_no_check_foresaw_is_shown_under_its_controls_label_without_backticks():
    problem = plain_problem(ConfigError("policy.moderator.rotation_weeks=9: use at most `weeks`"))
    assert problem.keys == (ROTATION,)
    assert problem.message == "Weeks per moderator turn: use at most weeks"
    assert str(problem) == problem.message


def test_a_run_replaced_after_three_weeks_stops_at_the_fourth_and_leaves_the_bar():
    progress = solara.reactive(0.0)
    asked = []

    def current() -> bool:  # a newer run replaces this one during week 4
        asked.append(True)
        return len(asked) <= 3

    with pytest.raises(Superseded, match="week 4 of 52"):
        run_scenarios([Scenario(replicates=2)], reporter(progress, 0.0, 1.0, current))
    assert len(asked) == 4
    assert progress.value <= 3 / 52  # at most the week before: the replaced run left the bar


def test_the_bar_moves_at_most_every_progress_seconds_and_ends_full(monkeypatch):
    """A week takes 0.1 s on a fake clock: the bar takes a new value every third week (0.3 s
    >= PROGRESS_SECONDS), and the last week's, never more often (each value redraws the page)."""
    from simulation.dashboard import progress as module  # here: its clock is replaced
    clock = iter(0.1 * i for i in range(1000))
    monkeypatch.setattr(module.time, "perf_counter", lambda: next(clock))
    shown = []
    bar = solara.reactive(0.0)
    bar.subscribe(shown.append)
    report = reporter(bar, 0.0, 1.0)
    for week in range(1, 11):
        report(week, 10)
    assert shown == [0.3, 0.6, 0.9, 1.0]


def test_the_curves_so_far_are_drawn_at_once_then_at_most_every_so_far_seconds(monkeypatch):
    """A week takes 0.1 s on a fake clock: the first week is drawn at once (something on screen
    early), then every third week (0.3 s >= SO_FAR_SECONDS), with the scenarios kept from before
    beside the ones running."""
    from simulation.dashboard import progress as module  # here: its clock is replaced
    clock = iter(i / 10 for i in range(1000))
    monkeypatch.setattr(module.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(module, "shares_so_far", lambda model: [f"week {model}"])
    drawn = []
    so_far = solara.reactive({})
    so_far.subscribe(drawn.append)
    watch = module.drawing(so_far, ["A"], {"B": "kept"})
    for week in range(1, 11):
        watch(week)
    assert drawn == [{"A": f"week {week}", "B": "kept"} for week in (1, 4, 7, 10)]
