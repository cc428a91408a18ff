"""The output contract (DESIGN.md "Outputs"): table names, columns, keys and meanings."""

import numpy as np
import pandas as pd
import pytest

from simulation import RunResult
from simulation.metrics import EVENT_COLUMNS, MEMBER_COLUMNS, WEEKLY_COLUMNS

# DESIGN.md's columns, with the counts beside the shares and the cause of leaving (issue 21)
DESIGN_WEEKLY = ("replicate, group, week, members, active_share, reading_share, active, reading, "
                 "silent, muted, left, posts, questions, answers, answered_share, "
                 "median_reply_hours, offtopic_share, incorrect_share, motivation, trust, workload, "
                 "connectivity, moderator_hours").split(", ")
DESIGN_MEMBERS = ("replicate, group, teacher, role, novice, expertise, posts, questions, answers, "
                  "ties, active_weeks, join_week, left_week, left_cause").split(", ")
DESIGN_EVENTS = "replicate, group, event, day, author, kind, reply_to, correct".split(", ")
KINDS = {"question", "answer", "share", "reaction", "offtopic", "prompt", "recognition",
         "expert_answer", "chatbot_answer"}


@pytest.fixture(params=["dime_run", "open_run"])
def run(request):
    return request.getfixturevalue(request.param)


def test_tables_have_exactly_the_designed_columns(run):
    assert list(run.weekly.columns) == DESIGN_WEEKLY == WEEKLY_COLUMNS
    assert list(run.members.columns) == DESIGN_MEMBERS == MEMBER_COLUMNS
    assert list(run.events.columns) == DESIGN_EVENTS == EVENT_COLUMNS
    for column in ("replicate", "group", "retention_w4", "retention_w8", "retention_w12",
                   "retention_w26", "half_life_weeks", "gini_posts", "top10_share",
                   "answered_share", "cost"):
        assert column in run.summary.columns


def test_weekly_has_one_row_per_replicate_group_and_week(run):
    keys = run.weekly[["replicate", "group", "week"]]
    assert not keys.duplicated().any()
    n_groups = run.summary[["replicate", "group"]].drop_duplicates().shape[0]
    assert len(run.weekly) == n_groups * run.weekly.week.max()
    assert run.weekly.week.min() == 1


def test_summary_has_one_row_per_replicate_and_group(run):
    assert not run.summary[["replicate", "group"]].duplicated().any()
    assert set(map(tuple, run.summary[["replicate", "group"]].to_numpy())) == set(
        map(tuple, run.weekly[["replicate", "group"]].drop_duplicates().to_numpy()))


def test_event_kinds_and_replies_refer_to_earlier_events(run):
    ev = run.events
    assert set(ev.kind.astype(str).unique()) <= KINDS
    assert (ev.event.to_numpy() == np.arange(len(ev))).all()
    replies = ev[ev.reply_to >= 0]
    assert (replies.reply_to < replies.event).all()
    target = ev.set_index("event").loc[replies.reply_to]
    assert (target.day.to_numpy() <= replies.day.to_numpy()).all()
    assert (target.group.to_numpy() == replies.group.to_numpy()).all()
    answers = ev[ev.kind.isin(["answer", "expert_answer", "chatbot_answer"])]
    assert (ev.set_index("event").loc[answers.reply_to].kind == "question").all()


def test_non_teacher_authors_have_negative_ids_and_teachers_exist(run):
    ev = run.events
    non_teacher = ev.kind.isin(["expert_answer", "chatbot_answer"])
    assert (ev.author[non_teacher] < 0).all()
    teachers = ev.author[ev.author >= 0]
    assert teachers.isin(run.members.teacher).all()
    by_teacher = run.members.set_index("teacher")
    assert (by_teacher.loc[ev.author[ev.author >= 0], "group"].to_numpy()
            == ev.group[ev.author >= 0].to_numpy()).all()


def test_correctness_applies_to_content_only(run):
    ev = run.events
    content = ev.kind.isin(["answer", "share", "expert_answer", "chatbot_answer"])
    assert ev.correct[content].notna().all()
    assert ev.correct[~content & ~ev.kind.isin(["question"])].isna().all()


def test_member_counts_match_events(run):
    ev, members = run.events, run.members.set_index("teacher")
    questions = ev[ev.kind == "question"].groupby("author").size()
    answers = ev[ev.kind == "answer"].groupby("author").size()
    assert (members.loc[questions.index, "questions"] == questions).all()
    assert (members.loc[answers.index, "answers"] == answers).all()
    assert members.questions.sum() == (ev.kind == "question").sum()


def test_weekly_counts_match_events(run):
    ev = run.events.assign(week=run.events.day // 7 + 1)
    questions = ev[ev.kind == "question"].groupby(["replicate", "group", "week"]).size()
    weekly = run.weekly.set_index(["replicate", "group", "week"])
    assert (weekly.loc[questions.index, "questions"] == questions).all()
    assert weekly.questions.sum() == len(ev[ev.kind == "question"])


def test_save_and_load_round_trip(run, tmp_path):
    target = run.save(tmp_path / "result")
    assert sorted(p.name for p in target.iterdir()) == [
        "config.yaml", "events.parquet", "manifest.json", "members.parquet", "provenance.json",
        "summary.parquet", "weekly.parquet"]
    loaded = RunResult.load(target)
    for name in ("weekly", "members", "events", "summary"):
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(run, name))
    assert loaded.config == run.config
    assert {"package_version", "git_commit", "seed", "created"} <= set(loaded.provenance)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_save_replaces_an_earlier_result_atomically(dime_run, open_run, tmp_path):
    dime_run.save(tmp_path / "r")
    open_run.save(tmp_path / "r")
    pd.testing.assert_frame_equal(RunResult.load(tmp_path / "r").weekly, open_run.weekly)


def test_load_refuses_an_incomplete_folder(dime_run, tmp_path):
    target = dime_run.save(tmp_path / "r")
    (target / "events.parquet").unlink()
    with pytest.raises(ValueError, match="events.parquet: missing"):
        RunResult.load(target)


def test_load_detects_a_truncated_or_altered_file(dime_run, tmp_path):
    target = dime_run.save(tmp_path / "r")
    weekly = target / "weekly.parquet"
    weekly.write_bytes(weekly.read_bytes()[:-10])
    with pytest.raises(ValueError, match="weekly.parquet: .* bytes, expected"):
        RunResult.load(target)
    config = target / "config.yaml"
    config.write_text(config.read_text().replace("seed: 11", "seed: 12"))
    with pytest.raises(ValueError, match="config.yaml: checksum differs"):
        RunResult.load(target)


def test_a_folder_without_manifest_is_not_a_result(dime_run, tmp_path):
    target = dime_run.save(tmp_path / "r")
    (target / "manifest.json").unlink()
    with pytest.raises(ValueError, match="no manifest.json"):
        RunResult.load(target)


def test_resolved_config_is_saved_with_the_run(dime_run):
    assert "name: dime_recommended" in dime_run.config
    assert "rotation_weeks: 4" in dime_run.config
    assert "seed: 11" in dime_run.config
