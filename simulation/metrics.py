"""What a run reports: the weekly, members, events and summary tables (DESIGN.md contract; E18).

`WeeklyRecorder.record` appends one row per group after each week; `tables` turns the run into
pandas DataFrames. Shares are over the members enrolled so far (joined, including those who left),
so leaving lowers the active share as it would in a programme's own monitoring.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from simulation.board import KIND, KINDS, NA, kind_table
from simulation.costs import group_costs
from simulation.mechanisms.connectivity import effective_connectivity
from simulation.mechanisms import ties
from simulation.mechanisms.leaving import CAUSES

WEEKLY_COLUMNS = [
    "replicate", "group", "week", "members", "active_share", "reading_share", "active", "reading",
    "silent", "muted", "left", "posts", "questions", "answers", "answered_share",
    "median_reply_hours", "offtopic_share", "incorrect_share", "motivation", "trust", "workload",
    "connectivity", "moderator_hours",
]
MEMBER_COLUMNS = [
    "replicate", "group", "teacher", "role", "novice", "expertise", "posts", "questions",
    "answers", "ties", "active_weeks", "join_week", "left_week", "left_cause",
]
EVENT_COLUMNS = ["replicate", "group", "event", "day", "author", "kind", "reply_to", "correct"]
RETENTION_WEEKS = (4, 8, 12, 26)
CONTENT = kind_table("answer", "share", "expert_answer", "chatbot_answer")


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.divide(part, whole, out=np.full(len(whole), np.nan), where=whole > 0)


class WeeklyRecorder:
    """Collects one row per group at the end of every week."""

    def __init__(self, model) -> None:
        self.model = model
        self.rows: list[dict[str, np.ndarray]] = []

    def record(self, week: int) -> None:
        mdl, st, g = self.model, self.model.state, self.model.groups
        events = mdl.board.events
        this_week = slice(mdl.first_event_week, events.size)
        kinds, groups = events["kind"][this_week], events["group"][this_week]
        authors, correct = events["author"][this_week], events["correct"][this_week]

        def count(mask: np.ndarray) -> np.ndarray:
            return np.bincount(groups[mask], minlength=mdl.n_groups).astype(float)

        posts = count((authors >= 0) & (kinds != KIND["reaction"]))
        content = CONTENT[kinds]
        enrolled = st.join_day < week * 7
        n_enrolled = mdl.per_group(enrolled.astype(float))
        members = mdl.per_group(st.present.astype(float))
        active, reading = st.active_week & enrolled, st.read_week & enrolled

        def number(mask: np.ndarray) -> np.ndarray:
            return mdl.per_group(mask.astype(float)).astype(np.int64)

        def mean(values: np.ndarray) -> np.ndarray:
            return _share(mdl.per_group(values, st.present), members)

        self.rows.append(
            {
                "replicate": g.replicate,
                "group": g.index,
                "week": np.full(mdl.n_groups, week),
                "members": members.astype(np.int64),
                "active_share": _share(mdl.per_group(active, None), n_enrolled),
                "reading_share": _share(mdl.per_group(reading, None), n_enrolled),
                "active": number(active),
                "reading": number(reading),
                "silent": number(st.present & ~st.read_week),
                "muted": number(st.present & st.muted),
                "left": number(st.left_day >= 0),
                "posts": posts.astype(np.int64),
                "questions": count(kinds == KIND["question"]).astype(np.int64),
                "answers": count(kinds == KIND["answer"]).astype(np.int64),
                "offtopic_share": _share(count(kinds == KIND["offtopic"]), posts),
                "incorrect_share": _share(count(content & (correct == 0)), count(content)),
                "motivation": mean(st.motivation),
                "trust": mean(st.trust),
                "workload": mean(st.workload),
                "connectivity": mean(effective_connectivity(mdl)),
                "moderator_hours": g.moderator_hours_week.copy(),
            }
        )


def weekly_table(model) -> pd.DataFrame:
    """One row per replicate, group and recorded week, sorted so: row = group * weeks + week - 1
    (the recorder's rows are week by week, so each column is transposed)."""
    rows = model.recorder.rows
    weekly = pd.DataFrame({k: np.stack([r[k] for r in rows]).T.ravel() for k in rows[0]})
    weekly["answered_share"], weekly["median_reply_hours"] = _answers_by_week(model, len(rows))
    return weekly[WEEKLY_COLUMNS]


def _answers_by_week(model, weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group and week (row = group * weeks + week - 1): the share of the week's questions
    that got an answer, and the median delay of those answers (NaN where none)."""
    q = model.board.questions
    week = q["day"] // 7
    recorded = week < weeks  # questions of a week still under way are not reported yet
    key = (q["group"] * weeks + week)[recorded]
    n_keys = model.n_groups * weeks
    asked = np.bincount(key, minlength=n_keys)
    answered = np.bincount(key, weights=q["answered_day"][recorded] >= 0, minlength=n_keys)
    share = np.divide(answered, asked, out=np.full(n_keys, np.nan), where=asked > 0)
    return share, median_by_key(q["reply_hours"][recorded], key, n_keys)


def median_by_key(values: np.ndarray, keys: np.ndarray, n_keys: int) -> np.ndarray:
    """Median of the non-NaN `values` sharing each key 0 .. n_keys - 1 (NaN for a key with none):
    one sort by (key, value), then the middle one or two of each key's run."""
    known = ~np.isnan(values)
    values, keys = values[known], keys[known]
    order = np.lexsort((values, keys))
    values = values[order]
    count = np.bincount(keys, minlength=n_keys)
    start = np.cumsum(count) - count
    has = count > 0
    lower, upper = (start + (count - 1) // 2)[has], (start + count // 2)[has]
    median = np.full(n_keys, np.nan)
    median[has] = (values[lower] + values[upper]) / 2
    return median


def members_table(model) -> pd.DataFrame:
    st, g = model.state, model.groups
    role = np.full(model.n_teachers, "member", dtype=object)
    role[st.terms_held > 0] = "moderator"
    role[np.isin(np.arange(model.n_teachers), g.leader)] = "leader"
    left_week = np.where(st.left_day >= 0, st.left_day // 7 + 1, -1)
    left_cause = pd.Categorical.from_codes(st.left_cause.astype(np.int64) - 1, categories=list(CAUSES))
    return pd.DataFrame(
        {
            "replicate": st.replicate,
            "group": g.index[st.group],
            "teacher": np.arange(model.n_teachers),
            "role": pd.Categorical(role, categories=["member", "moderator", "leader"]),
            "novice": st.novice,
            "expertise": st.expertise,
            "posts": st.posts,
            "questions": st.questions,
            "answers": st.answers,
            "ties": ties.partners(model),
            "active_weeks": st.active_weeks,
            "join_week": np.where(st.join_day > 0, st.join_day // 7 + 1, 0),
            "left_week": left_week,
            "left_cause": left_cause,
        }
    )


def events_table(model) -> pd.DataFrame:
    ev, g = model.board.events, model.groups
    correct = pd.array(ev["correct"] == 1, dtype="boolean")
    correct[ev["correct"] == NA] = pd.NA
    return pd.DataFrame(
        {
            "replicate": g.replicate[ev["group"]],
            "group": g.index[ev["group"]],
            "event": np.arange(ev.size),
            "day": ev["day"],
            "author": ev["author"],
            "kind": pd.Categorical.from_codes(ev["kind"], categories=list(KINDS)),
            "reply_to": ev["reply_to"],
            "correct": correct,
        },
        copy=False,  # the board's columns as they are: a national run's events held once
    )


def _ranks_in_groups(values: np.ndarray, groups: np.ndarray, descending: bool = False):
    """Sort `values` within groups: (order, 1-based rank within group, group sizes per entry)."""
    order = np.lexsort((-values if descending else values, groups))
    sorted_groups = groups[order]
    first = np.searchsorted(sorted_groups, sorted_groups, side="left")
    last = np.searchsorted(sorted_groups, sorted_groups, side="right")
    return order, np.arange(len(order)) - first + 1, last - first


def gini_by_group(values: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Gini coefficient of non-negative values within each group (0 = equal; 0 if all zero).

    G = sum_i (2 i - n - 1) x_(i) / (n * sum x), x sorted ascending, i = 1..n.
    """
    order, rank, size = _ranks_in_groups(values, groups)
    x, g = values[order].astype(float), groups[order]
    numerator = np.bincount(g, weights=(2 * rank - size - 1) * x, minlength=n_groups)
    total = np.bincount(g, weights=x, minlength=n_groups)
    n = np.bincount(g, minlength=n_groups)
    return np.divide(numerator, n * total, out=np.zeros(n_groups), where=total > 0)


def top_share_by_group(values: np.ndarray, groups: np.ndarray, n_groups: int,
                       top: float = 0.1) -> np.ndarray:
    """Share of each group's total written by its top `top` fraction of members (at least one)."""
    order, rank, size = _ranks_in_groups(values, groups, descending=True)
    x, g = values[order].astype(float), groups[order]
    in_top = rank <= np.maximum(1, np.round(top * size))
    top_total = np.bincount(g, weights=x * in_top, minlength=n_groups)
    total = np.bincount(g, weights=x, minlength=n_groups)
    return np.divide(top_total, total, out=np.zeros(n_groups), where=total > 0)


def half_lives(active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of a groups x weeks matrix of active shares: the week (interpolated) at which the
    share first falls to half its week-1 value, and whether it never did (censored: the horizon
    is returned then)."""
    weeks = active.shape[1]
    target = active[:, :1] / 2
    below = active <= target
    fell = below.any(axis=1) & (active[:, 0] > 0)
    i = np.where(fell, below.argmax(axis=1), weeks - 1)
    previous = np.maximum(i - 1, 0)
    rows = np.arange(len(active))
    a0, a1 = active[rows, previous], active[rows, i]
    step = np.divide(a0 - target[:, 0], a0 - a1, out=np.zeros(len(active)), where=a0 != a1)
    life = np.where(i == 0, 1.0, previous + 1 + step)
    return np.where(fell, life, float(weeks)), ~fell


def summary_table(model, weekly: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One row per replicate and group: the headline indicators a policy designer reads.

    Vectorised over groups: `weekly` comes sorted by (replicate, group, week), which is the
    model's group order, so each weekly column reshapes to a groups x weeks matrix.
    """
    st, g, G, W = model.state, model.groups, model.n_groups, model.weeks
    by_week = {c: weekly[c].to_numpy(dtype=float).reshape(G, W)
               for c in ("active_share", "offtopic_share", "incorrect_share", "members", "active",
                         "reading", "silent", "left")}
    active = by_week["active_share"]
    q = model.board.questions
    asked = np.bincount(q["group"], minlength=G)
    answered = np.bincount(q["group"], weights=q["answered_day"] >= 0, minlength=G)
    reply_hours = median_by_key(q["reply_hours"], q["group"], G)
    enrolled = st.join_day < W * 7
    posts = members.posts.to_numpy()[enrolled]
    active_weeks = by_week["active"].sum(axis=1).astype(float)  # active teacher-weeks
    founders = model.per_group((st.join_day == 0).astype(float))  # the teachers invited
    present = model.per_group(st.present.astype(float))
    costs = group_costs(model)
    life, censored = half_lives(active)

    def ratio(part, whole):
        return np.divide(part, whole, out=np.full(G, np.nan), where=whole > 0)

    def mean_over_weeks(matrix):  # NaN weeks skipped; each group's row summed on its own
        known = ~np.isnan(matrix)
        return ratio(np.where(known, matrix, 0.0).sum(axis=1), known.sum(axis=1).astype(float))

    table = {"replicate": g.replicate, "group": g.index}
    for week in RETENTION_WEEKS:
        table[f"retention_w{week}"] = active[:, week - 1] if week <= W else np.full(G, np.nan)
    table.update(
        half_life_weeks=life,
        half_life_censored=censored,
        gini_posts=gini_by_group(posts, st.group[enrolled], G),
        top10_share=top_share_by_group(posts, st.group[enrolled], G),
        answered_share=ratio(answered, asked.astype(float)),
        median_reply_hours=reply_hours,
        offtopic_share=mean_over_weeks(by_week["offtopic_share"]),
        incorrect_share=mean_over_weeks(by_week["incorrect_share"]),
        members_end=by_week["members"][:, -1].astype(np.int64),
        active_end=by_week["active"][:, -1].astype(np.int64),
        reading_end=by_week["reading"][:, -1].astype(np.int64),
        silent_end=by_week["silent"][:, -1].astype(np.int64),
        left=by_week["left"][:, -1].astype(np.int64),
        moderator_hours=g.moderator_hours_total.astype(float),
        attendance=ratio(g.attendance_sum, g.meetings),
        sharing_share=ratio(model.per_group(st.shared_ever.astype(float)),
                            np.bincount(st.group, minlength=G).astype(float)),
        belonging=ratio(model.per_group(st.belonging, st.present), present),
        cost=costs,
        founders=founders.astype(np.int64),
        active_teacher_weeks=active_weeks,
        cost_per_teacher=ratio(costs, founders),
        active_weeks_per_teacher=ratio(active_weeks, founders),
        cost_per_active_week=ratio(costs, active_weeks),
    )
    return pd.DataFrame(table)


def in_scenario_order(model, tables: dict[str, pd.DataFrame]
                      ) -> tuple[dict[str, pd.DataFrame], dict[str, np.ndarray]]:
    """A batch's tables (weekly, members, events, summary) with every scenario's rows together
    and numbered as if it had run alone, and the row bounds of each scenario in each table
    (scenario s: rows bounds[name][s] to bounds[name][s + 1]).

    A batch's groups, teachers and their rows come scenario by scenario already; its events
    interleave, day by day, so they are put in scenario order (the order within a scenario is
    kept). A scenario's teachers and events are counted from 0 (`author` and `reply_to` too)."""
    n_scenarios = len(model.scenarios)
    groups = np.searchsorted(model.groups.scenario, np.arange(n_scenarios + 1))
    teachers = np.append(model.group_start, model.n_teachers)[groups]
    scenario_of_event = model.groups.scenario[model.board.events["group"]]
    bounds = {"weekly": groups * model.weeks, "members": teachers, "summary": groups}
    if n_scenarios == 1:
        return tables, {**bounds, "events": np.array([0, len(scenario_of_event)])}
    order = np.argsort(scenario_of_event, kind="stable")
    events_from = np.searchsorted(scenario_of_event[order], np.arange(n_scenarios + 1))
    renumbered = np.empty(len(order), np.int64)
    renumbered[order] = np.arange(len(order)) - np.repeat(events_from[:-1], np.diff(events_from))
    events = tables["events"].iloc[order]
    author, reply_to = events["author"].to_numpy(), events["reply_to"].to_numpy()
    events = events.assign(
        event=renumbered[order],
        author=np.where(author >= 0, author - teachers[scenario_of_event[order]], author),
        reply_to=np.where(reply_to >= 0, renumbered[np.maximum(reply_to, 0)], reply_to),
    ).reset_index(drop=True)
    members = tables["members"]
    members = members.assign(teacher=members["teacher"].to_numpy()
                             - np.repeat(teachers[:-1], np.diff(teachers)))
    return ({**tables, "members": members, "events": events},
            {**bounds, "events": events_from})


def shares_so_far(model, measures: Sequence[str] = ("active_share", "reading_share")
                  ) -> list[pd.DataFrame]:
    """Each scenario's weekly `measures` in the weeks recorded so far (columns replicate, week
    and the measures; the rows `weekly_table` will hold for those weeks): what a page draws
    while a run goes on."""
    rows = model.recorder.rows
    columns = ("replicate", "week", *measures)
    if not rows:
        return [pd.DataFrame(columns=columns) for _ in model.scenarios]
    table = pd.DataFrame({c: np.concatenate([r[c] for r in rows]) for c in columns})
    scenario = np.tile(model.groups.scenario, len(rows))
    return [table[scenario == s].reset_index(drop=True) for s in range(len(model.scenarios))]


def by_scenario(model, tables: dict[str, pd.DataFrame]) -> list[dict[str, pd.DataFrame]]:
    """Each scenario's part of a batch's tables, numbered as if it had run alone
    (`in_scenario_order`)."""
    if len(model.scenarios) == 1:
        return [tables]
    ordered, bounds = in_scenario_order(model, tables)
    return [{name: table.iloc[bounds[name][s]:bounds[name][s + 1]].reset_index(drop=True)
             for name, table in ordered.items()} for s in range(len(model.scenarios))]
