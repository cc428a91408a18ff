"""A page's state as its link (`simulation.dashboard.link`): what a page writes, it reads back."""

from urllib.parse import parse_qsl

import pytest

from simulation.dashboard import link
from simulation.dashboard.scenario import Scenario

CHANGED = (Scenario(population="kenya_kplay", policy="dime_recommended", replicates=7, weeks=30,
                    seed=3)
           .set("policy.kickoff", False).set("policy.group_size", 45)
           .set("policy.moderator.mode", "rotating").set("policy.incentive.financial", 0.35))


def test_explore_round_trips_a_changed_scenario_and_the_reference_switch():
    search = link.with_params("", link.EXPLORE_KEYS, link.explore_params(CHANGED, False))
    found, with_reference = link.explore_from(search, Scenario())
    assert found.scenarios == (CHANGED,) and found.notice == ""
    assert with_reference is False
    assert link.explore_from(search.replace("&reference=off", ""), Scenario())[1] is True


def test_the_link_says_what_the_command_says():
    params = link.explore_params(CHANGED, True)
    assert [f"{k}={v}" for k, v in params.items()] == CHANGED.overrides()
    assert "copsim " + " ".join(CHANGED.overrides()) == CHANGED.command_line()


def test_no_parameters_give_the_default_and_a_text_that_is_no_number_stays_as_typed():
    assert link.explore_from("", CHANGED)[0].scenarios == (CHANGED,)
    found, _ = link.explore_from("policy=none&policy.group_size=abc", Scenario())
    assert found.scenarios[0].value("policy.group_size") == "abc"
    assert "Teachers per group" in found.scenarios[0].problem().message


def test_what_the_link_cannot_hold_is_named_and_left_out():
    found, _ = link.explore_from(
        "population=atlantis&policy=none&policy.kickoff=maybe&colour=blue", Scenario())
    assert found.scenarios[0] == Scenario(policy="none")
    for named in ("atlantis", "maybe", "colour"):
        assert named in found.notice


def test_compare_round_trips_its_scenarios_and_baseline_and_keeps_explore_parameters():
    explore = link.with_params("", link.EXPLORE_KEYS, link.explore_params(CHANGED, True))
    scenarios = [Scenario(policy="none"), CHANGED, Scenario(policy="kplay_blended", weeks=30)]
    search = link.with_params(explore, link.COMPARE_KEYS, link.compare_params(scenarios, 2))
    found, baseline = link.compare_from(search, [])
    assert list(found.scenarios) == scenarios and baseline == 2
    assert link.explore_from(search, Scenario())[0].scenarios == (CHANGED,)  # Explore's kept
    again = link.with_params(search, link.COMPARE_KEYS, link.compare_params(scenarios[:2], 0))
    assert "C" not in dict(parse_qsl(again)) and link.compare_from(again, [])[1] == 0


@pytest.mark.parametrize("search", ["", "A=policy%3Dnone", "baseline=B"])
def test_compare_starts_from_its_default_without_two_scenarios(search):
    default = [Scenario(policy="none"), Scenario(policy="dime_recommended")]
    assert link.compare_from(search, default) == (link.Found(tuple(default)), 0)
