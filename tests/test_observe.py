"""Observed indicators: the same code gives a run's own weekly counts from its events, and
known values on a small hand-made history."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulation import simulate
from simulation.observe import exported_view, summary, weekly


@pytest.fixture(scope="module")
def run():
    return simulate(["weeks=12", "replicates=3", "policy=dime_recommended"], seed=4)


def _numbered_from_zero(result):
    """A run's events and members with groups numbered across replicates and `reply_to` as row
    positions (a scenario's event ids are its rows)."""
    groups = result.members.groupby("replicate")["group"].max().iloc[0] + 1
    events = result.events.assign(group=result.events["replicate"] * groups + result.events["group"])
    members = result.members.assign(
        group=result.members["replicate"] * groups + result.members["group"])
    assert (events["event"].to_numpy() == np.arange(len(events))).all()
    return events, members


def test_weekly_from_a_runs_events_is_the_runs_own(run):
    events, members = _numbered_from_zero(run)
    found = weekly(events, members, 12)
    own = run.weekly
    for column in ("active", "posts", "questions", "answers", "left", "members"):
        np.testing.assert_array_equal(found[column].to_numpy(), own[column].to_numpy(), column)
    for column in ("active_share", "answered_share"):
        np.testing.assert_allclose(found[column], own[column], equal_nan=True, err_msg=column)
    assert found["active"].sum() > 0 and own["answered_share"].notna().any()


def test_the_exported_view_has_no_reactions_nor_programme_messages(run):
    view, members = exported_view(run.events, run.members, replicate=1)
    full = run.events[run.events["replicate"] == 1]
    assert (full["kind"] == "reaction").any() and (full["author"] < 0).any()
    assert not (view["kind"] == "reaction").any() and (view["author"] >= 0).all()
    assert len(view) == ((full["kind"] != "reaction") & (full["author"] >= 0)).sum()
    replied = view["reply_to"].to_numpy()
    answers = view[replied >= 0]
    assert len(answers) and (view["kind"].to_numpy()[replied[replied >= 0]] == "question").all()
    assert (view["day"].to_numpy()[replied[replied >= 0]] <= answers["day"].to_numpy()).all()
    # the view's active members write; the model's also react, so its share is at least as high
    own = run.weekly[run.weekly["replicate"] == 1]
    seen = weekly(view, members, 12)
    assert (seen["active"].to_numpy() <= own["active"].to_numpy()).all()
    assert seen["active"].sum() < own["active"].sum()


def _history():
    """Two groups. Group 0: members 0-3 from the start, 4 joins in week 2, 1 leaves in week 2;
    group 1: two members, nobody writes in week 2."""
    events = pd.DataFrame([
        # group, day, author, kind, reply_to, hours
        (0, 0, 0, "question", -1, 9.0),
        (0, 0, 1, "answer", 0, 11.5),   # answers the question 2.5 hours later
        (0, 1, 0, "share", -1, 33.0),
        (0, 1, 0, "share", -1, 34.0),
        (0, 8, 4, "question", -1, 200.0),  # never answered
        (0, 9, 0, "share", -1, 220.0),
        (1, 0, 0, "share", -1, 10.0),
    ], columns=["group", "day", "author", "kind", "reply_to", "hours"])
    members = pd.DataFrame({"group": [0, 0, 0, 0, 0, 1, 1], "teacher": [0, 1, 2, 3, 4, 0, 1],
                            "join_week": [0, 0, 0, 0, 2, 0, 0],
                            "left_week": [-1, 2, -1, -1, -1, -1, -1]})
    return events, members


def test_known_values_on_a_small_history():
    events, members = _history()
    table = weekly(events, members, 2)
    week = table.set_index(["group", "week"])
    assert week.loc[(0, 1), "enrolled"] == 4 and week.loc[(0, 2), "enrolled"] == 5
    assert week.loc[(0, 1), "active"] == 2 and week.loc[(0, 1), "active_share"] == 0.5
    assert week.loc[(0, 2), "active_share"] == pytest.approx(2 / 5)
    assert week.loc[(0, 2), "members"] == 4 and week.loc[(0, 2), "left"] == 1
    assert week.loc[(0, 1), "answered_share"] == 1 and week.loc[(0, 2), "answered_share"] == 0
    assert week.loc[(0, 1), "median_reply_hours"] == pytest.approx(2.5)
    assert week.loc[(1, 2), "active_share"] == 0 and week.loc[(1, 1), "posts"] == 1
    found = summary(events, members, 2).set_index("group")
    # group 0's posts by member: 4, 1, 0, 0, 1 (of 6): the top 10% is one member, 4 of 6
    assert found.loc[0, "top10_share"] == pytest.approx(4 / 6)
    assert found.loc[0, "answered_share"] == pytest.approx(0.5)
    assert found.loc[0, "left_share"] == pytest.approx(1 / 5)
    assert found.loc[0, "posts_per_member_week"] == pytest.approx(6 / 9)
    assert found.loc[1, "half_life_weeks"] == pytest.approx(1.5)  # 50% in week 1, 0 in week 2
