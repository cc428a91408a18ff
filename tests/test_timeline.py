"""Policy timelines (simulation/timeline.py, `policy.phases`): checked phases, week-by-week
values, and a programme that changes only from the week a phase starts.

The mechanism that applies them (`mechanisms/programme.py`) has its unit tests in
tests/mechanisms/test_programme.py.
"""

import math

import numpy as np
import pandas as pd
import pytest

from simulation import simulate, simulate_many
from simulation.board import PROGRAMME
from simulation.config import ConfigError, load_settings
from simulation.timeline import Timeline, holds

RUN = ["replicates=6", "weeks=20", "progress=false"]
PILOT = ("policy.phases=[{start:1,end:8,set:{moderator.mode:facilitator,data_subsidy:true,"
         "digital_training:true}},{start:9,set:{moderator.mode:rotating}}]")


def _assert_same_until(a: pd.DataFrame, b: pd.DataFrame, week: int) -> None:
    """Weekly tables identical up to `week` and different after it. A week's answered share and
    reply times count answers given up to the answer window later, so they are compared up to
    the week whose window closes by `week`."""
    before = a.week <= week
    answers = ["answered_share", "median_reply_hours"]
    settled = a.week <= week - math.ceil(load_settings([]).behaviour.answer_window_days / 7)
    pd.testing.assert_frame_equal(a[before].drop(columns=answers), b[before].drop(columns=answers),
                                  check_exact=True)
    pd.testing.assert_frame_equal(a[settled], b[settled], check_exact=True)
    assert not np.array_equal(a[~before].active_share, b[~before].active_share)


@pytest.mark.parametrize("phases, message", [
    ("[{start:1,end:60,set:{data_subsidy:true}}]", r"policy.phases\[0\].end=60: after the last week"),
    ("[{start:60,set:{data_subsidy:true}}]", r"policy.phases\[0\].start=60: after the last week"),
    ("[{start:5,end:3,set:{data_subsidy:true}}]", r"policy.phases\[0\]: ends \(week 3\) before"),
    ("[{start:5,end:10,set:{chatbot:true}},{start:8,set:{chatbot:false}}]",
     r"policy.phases\[1\].start=8: phases must be in order and not overlap"),
    ("[{start:9,set:{chatbot:true}},{start:2,end:3,set:{chatbot:false}}]",
     r"policy.phases\[1\].start=2: phases must be in order"),
    ("[{start:5,set:{nothing:true}}]", r"policy.phases\[0\].set.nothing: not a setting"),
    ("[{start:5,set:{group_size:10}}]", r"policy.phases\[0\].set.group_size: cannot change"),
    ("[{start:5,set:{moderator.mode:sometimes}}]",
     r"policy.phases\[0\].set.moderator.mode='sometimes': unknown value"),
    ("[{start:5,set:{incentive.financial:2}}]", r"policy.phases\[0\].set.incentive.financial=2"),
    ("[{start:5,set:{}}]", r"policy.phases\[0\].set: empty"),
    ("[{start:0,set:{chatbot:true}}]", r"policy.phases\[0\].start=0: out of range"),
])
def test_a_bad_timeline_is_a_config_error_naming_the_phase_and_key(phases, message):
    with pytest.raises(ConfigError, match=message):
        load_settings([f"policy.phases={phases}"])


def test_a_phase_holds_from_start_to_end_every_kth_week():
    settings = load_settings(["policy.phases=[{start:4,end:10,every:3,set:{chatbot:true}},"
                              "{start:20,set:{chatbot:true}}]"])
    first, last = settings.policy.phases
    assert [w for w in range(1, 53) if holds(first, w, 52)] == [4, 7, 10]
    assert [w for w in range(1, 53) if holds(last, w, 52)] == list(range(20, 53))


def test_the_timeline_gives_each_group_its_scenarios_values_week_by_week():
    phased = load_settings(["replicates=2", PILOT, "weeks=20"])
    plain = load_settings(["replicates=1", "weeks=20", "policy.data_subsidy=true"])
    timeline = Timeline([phased, plain])
    assert set(timeline.tables) == {"policy.moderator.mode", "policy.data_subsidy",
                                    "policy.digital_training"}
    mode = timeline.tables["policy.moderator.mode"]
    assert mode.shape == (20, 3)
    assert mode[:8, :2].tolist() == [["facilitator"] * 2] * 8
    assert mode[8:, :2].tolist() == [["rotating"] * 2] * 12
    assert (mode[:, 2] == "none").all()  # the scenario without phases keeps its own value
    assert timeline.tables["policy.data_subsidy"][:, 2].all()
    assert not timeline.tables["policy.data_subsidy"][8:, :2].any()


def test_a_programme_is_the_same_until_its_first_phase_starts():
    """Common random numbers: a phase from week 9 changes nothing in weeks 1-8."""
    base = simulate(RUN, seed=2)
    later = simulate([*RUN, "policy.phases=[{start:9,set:{moderator.mode:facilitator}}]"], seed=2)
    _assert_same_until(base.weekly, later.weekly, 8)


def test_a_one_off_recognition_happens_in_its_week_only():
    result = simulate([*RUN, "policy.phases=[{start:10,end:10,set:{incentive.recognition:active}}]"])
    programme = result.events[(result.events.kind == "recognition") & (result.events.author == PROGRAMME)]
    weeks = programme.day // 7 + 1
    assert len(weeks) > 0 and (weeks == 10).all()


def test_support_ends_with_its_phase():
    """The pilot's facilitator hours and its cost stop at week 8; the teachers take over."""
    pilot = simulate([*RUN, PILOT])
    hours = pilot.weekly.groupby("week").moderator_hours.mean()
    assert (hours.loc[1:8] > 0).all() and (hours.loc[9:] > 0).all()
    year = simulate([*RUN, "policy.moderator.mode=facilitator", "policy.data_subsidy=true",
                     "policy.digital_training=true"])
    assert (pilot.summary.cost < year.summary.cost).all()
    assert (pilot.members.role == "moderator").any()  # teachers hold the role after week 8
    connectivity = pilot.weekly.groupby("week").connectivity.mean()
    assert connectivity.loc[9:].max() < connectivity.loc[:8].min()  # the data bundles stop


def test_phased_scenarios_batch_like_the_others():
    scenarios = [[*RUN, PILOT], RUN, [*RUN, "policy=paid_pilot"]]
    for alone, batched in zip((simulate(s) for s in scenarios), simulate_many(scenarios)):
        pd.testing.assert_frame_equal(alone.weekly, batched.weekly, check_exact=True)
        pd.testing.assert_frame_equal(alone.summary, batched.summary, check_exact=True)


@pytest.mark.parametrize("preset", ["pilot_then_handover", "paid_pilot"])
def test_phased_presets_match_their_un_phased_versions_until_the_change(preset):
    """pilot_then_handover is pilot_all_year until week 13; paid_pilot is paid_all_year until
    week 8 (the experiment `timelines` compares them)."""
    unphased, weeks = {"pilot_then_handover": ("pilot_all_year", 13),
                       "paid_pilot": ("paid_all_year", 8)}[preset]
    run = ["replicates=4", "weeks=20"]
    a, b = simulate_many([[*run, f"policy={preset}"], [*run, f"policy={unphased}"]])
    _assert_same_until(a.weekly, b.weekly, weeks)
