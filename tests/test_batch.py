"""Batched scenarios (simulation/parameters.py, `simulate_many`): many scenarios in one model give
exactly the tables each gives alone.

The mixed batch below varies, between its scenarios, every kind of parameter a mechanism reads:
group size and replicates x groups (the layout), the seed, moderator modes (none with emergent
leaders, fixed, rotating, facilitator) and styles, a supervisor, experts as support and as
evaluators, a chatbot, open membership (newcomers), meetings, payments, recognition, kick-off,
data and training, a scheduled slot, homogeneity, ground rules, population values (a context's
means, with its calendar held fixed), behaviour constants, and timelines (phases that switch the
moderator, data, training, payments and a chatbot on and off at different weeks). A context with another calendar
runs in a model of its own (`parameters.batches`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulation import simulate, simulate_many
from simulation.config import ConfigError, load_settings
from simulation.model import CommunityModel
from simulation.parameters import at, batches, build

TANZANIA_CALENDAR = ("population.calendar.holiday_weeks=[13,23,24,25,26,38,49,50,51,52]",
                     "population.calendar.exam_weeks=[21,22,45,46]")
RUN = ("weeks=14", "progress=false")
MIXED = [
    ["policy=none", "replicates=3"],
    ["policy=dime_recommended", "replicates=2", "groups=2"],
    ["policy=kplay_blended", "replicates=2", "seed=5"],
    ["policy.moderator.mode=facilitator", "policy.supervisor=present", "policy.chatbot=true",
     "policy.group_size=60", "replicates=2"],
    ["policy.moderator.mode=fixed", "policy.moderator.style=personal", "policy.experts=evaluator",
     "policy.closed_membership=false", "behaviour.newcomers_per_week=2", "policy.group_size=8",
     "replicates=3"],
    ["policy.incentive.financial=0.8", "policy.meeting_every_weeks=2", "policy.scheduled_slot=true",
     "policy.homogeneity=0.9", "policy.ground_rules=true", "behaviour.leader_emergence=1",
     "behaviour.learning_rate=0.2", "replicates=2"],
    ["population=kenya_kplay", *TANZANIA_CALENDAR, "policy=dime_recommended",
     "policy.moderator.rotation_weeks=2", "replicates=2"],
    ["policy=pilot_then_handover", "policy.phases.0.end=4", "policy.phases.1.start=5",
     "replicates=2"],
    ["policy.phases=[{start:3,end:9,every:2,set:{incentive.financial:1,chatbot:true}}]",
     "replicates=2"],
]
TABLES = ("weekly", "members", "events", "summary")


@pytest.fixture(scope="module")
def mixed():
    scenarios = [[*overrides, *RUN] for overrides in MIXED]
    return scenarios, simulate_many(scenarios, seed=None)


def test_the_mixed_batch_runs_in_one_model(mixed):
    scenarios, _ = mixed
    assert batches([load_settings(s) for s in scenarios]) == [list(range(len(scenarios)))]


@pytest.mark.parametrize("i", range(len(MIXED)))
def test_each_scenario_of_a_batch_gives_the_tables_it_gives_alone(mixed, i):
    scenarios, results = mixed
    alone = simulate(scenarios[i])
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(results[i], name), getattr(alone, name),
                                      check_exact=True, obj=f"scenario {i} {name}")
    assert results[i].config == alone.config


def test_the_batch_is_not_trivially_equal(mixed):
    """The scenarios differ, and each has events: the equality above compares real dynamics."""
    _, results = mixed
    lively = [r.weekly.active_share.mean() for r in results]
    assert len(set(np.round(lively, 6))) == len(results)
    assert all(len(r.events) > 100 for r in results)
    assert (results[0].events.reply_to >= 0).any()


def test_order_in_the_batch_does_not_matter(mixed):
    scenarios, results = mixed
    reversed_results = simulate_many(scenarios[::-1])
    for a, b in zip(results, reversed_results[::-1]):
        pd.testing.assert_frame_equal(a.events, b.events, check_exact=True)
        pd.testing.assert_frame_equal(a.summary, b.summary, check_exact=True)


def test_another_calendar_runs_in_a_model_of_its_own():
    scenarios = [["policy=none", "replicates=2", *RUN],
                 ["population=kenya_kplay", "replicates=2", *RUN],
                 ["policy=dime_recommended", "replicates=2", *RUN]]
    assert batches([load_settings(s) for s in scenarios]) == [[0, 2], [1]]
    results = simulate_many(scenarios)
    for overrides, result in zip(scenarios, results):
        pd.testing.assert_frame_equal(result.weekly, simulate(overrides).weekly, check_exact=True)


def test_replicate_zero_does_not_change_with_the_number_of_replicates():
    few = simulate(["replicates=2", *RUN], seed=4)
    many = simulate(["replicates=7", *RUN], seed=4)
    pd.testing.assert_frame_equal(few.weekly, many.weekly[many.weekly.replicate < 2]
                                  .reset_index(drop=True), check_exact=True)


def test_a_model_refuses_scenarios_that_cannot_share_it():
    with pytest.raises(ConfigError, match="weeks: differs"):
        CommunityModel([load_settings(["weeks=4"]), load_settings(["weeks=5"])])


def test_simulate_many_names_the_bad_scenario():
    with pytest.raises(ConfigError, match="scenario 1: policy.homogeneity"):
        simulate_many([["policy=none"], ["policy.homogeneity=2"]])


def test_parameters_are_one_value_when_shared_and_one_per_group_otherwise():
    a = load_settings(["replicates=2", "behaviour.learning_rate=0.2"])
    b = load_settings(["replicates=3", "groups=2", "behaviour.learning_rate=0.4"])
    params = build([a, b])
    assert np.ndim(params.behaviour.engagement) == 0
    assert params.behaviour.learning_rate.tolist() == [0.2] * 2 + [0.4] * 6
    assert params.founders.tolist() == [38] * 8
    assert at(params.behaviour.engagement, np.arange(3)) == a.behaviour.engagement
    assert at(params.behaviour.learning_rate, np.array([1, 2])).tolist() == [0.2, 0.4]
