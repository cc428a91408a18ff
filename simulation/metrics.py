"""What a run reports: the weekly, members, events and summary tables (DESIGN.md contract; E18).

`WeeklyRecorder.record` appends one row per group after each week; `tables` turns the run into
pandas DataFrames. Shares are over the members enrolled so far (joined, including those who left),
so leaving lowers the active share as it would in a programme's own monitoring.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulation.board import KIND, KINDS, NA
from simulation.costs import group_costs
from simulation.mechanisms.connectivity import effective_connectivity

WEEKLY_COLUMNS = [
    "replicate", "group", "week", "members", "active_share", "reading_share", "posts", "questions",
    "answers", "answered_share", "median_reply_hours", "offtopic_share", "incorrect_share",
    "motivation", "trust", "workload", "connectivity", "moderator_hours", "left",
]
MEMBER_COLUMNS = [
    "replicate", "group", "teacher", "role", "novice", "expertise", "posts", "questions",
    "answers", "active_weeks", "left_week",
]
EVENT_COLUMNS = ["replicate", "group", "event", "day", "author", "kind", "reply_to", "correct"]
RETENTION_WEEKS = (4, 8, 12, 26)
CONTENT = [KIND[k] for k in ("answer", "share", "expert_answer", "chatbot_answer")]


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.divide(part, whole, out=np.full(len(whole), np.nan), where=whole > 0)


class WeeklyRecorder:
    """Collects one row per group at the end of every week."""

    def __init__(self, model) -> None:
        self.model = model
        self.rows: list[dict[str, np.ndarray]] = []
        self.first_event = 0

    def record(self, week: int) -> None:
        mdl, st, g = self.model, self.model.state, self.model.groups
        events = mdl.board.events
        this_week = slice(self.first_event, events.size)
        self.first_event = events.size
        kinds, groups = events["kind"][this_week], events["group"][this_week]
        authors, correct = events["author"][this_week], events["correct"][this_week]

        def count(mask: np.ndarray) -> np.ndarray:
            return np.bincount(groups[mask], minlength=mdl.n_groups).astype(float)

        posts = count((authors >= 0) & (kinds != KIND["reaction"]))
        content = np.isin(kinds, CONTENT)
        enrolled = st.join_day < week * 7
        n_enrolled = mdl.per_group(enrolled.astype(float))
        members = mdl.per_group(st.present.astype(float))

        def mean(values: np.ndarray) -> np.ndarray:
            return _share(mdl.per_group(values, st.present), members)

        self.rows.append(
            {
                "replicate": g.replicate,
                "group": g.index,
                "week": np.full(mdl.n_groups, week),
                "members": members.astype(np.int64),
                "active_share": _share(mdl.per_group(st.active_week & enrolled, None), n_enrolled),
                "reading_share": _share(mdl.per_group(st.read_week & enrolled, None), n_enrolled),
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
                "left": mdl.per_group((st.left_day >= 0).astype(float)).astype(np.int64),
            }
        )


def weekly_table(model) -> pd.DataFrame:
    rows = model.recorder.rows
    weekly = pd.DataFrame({k: np.concatenate([r[k] for r in rows]) for k in rows[0]})
    answered_share, reply_hours = _answers_by_week(model)
    weekly["answered_share"] = answered_share.reindex(
        pd.MultiIndex.from_frame(weekly[["replicate", "group", "week"]])).to_numpy()
    weekly["median_reply_hours"] = reply_hours.reindex(
        pd.MultiIndex.from_frame(weekly[["replicate", "group", "week"]])).to_numpy()
    return weekly[WEEKLY_COLUMNS].sort_values(["replicate", "group", "week"], ignore_index=True)


def _answers_by_week(model) -> tuple[pd.Series, pd.Series]:
    """Share of each week's questions that got an answer, and the median delay of those answers."""
    q, g = model.board.questions, model.groups
    frame = pd.DataFrame(
        {
            "replicate": g.replicate[q["group"]],
            "group": g.index[q["group"]],
            "week": q["day"] // 7 + 1,
            "answered": q["answered_day"] >= 0,
            "hours": q["reply_hours"],
        }
    )
    by_week = frame.groupby(["replicate", "group", "week"])
    return by_week["answered"].mean(), by_week["hours"].median()


def members_table(model) -> pd.DataFrame:
    st, g = model.state, model.groups
    role = np.full(model.n_teachers, "member", dtype=object)
    role[st.terms_held > 0] = "moderator"
    role[np.isin(np.arange(model.n_teachers), g.leader)] = "leader"
    left_week = np.where(st.left_day >= 0, st.left_day // 7 + 1, -1)
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
            "active_weeks": st.active_weeks,
            "left_week": left_week,
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
        }
    )


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal, 1 = one member writes everything)."""
    x = np.sort(np.asarray(values, dtype=float))
    if len(x) == 0 or x.sum() == 0:
        return 0.0
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def top_share(values: np.ndarray, top: float = 0.1) -> float:
    """Share of the total written by the top `top` fraction of members (at least one member)."""
    x = np.sort(np.asarray(values, dtype=float))[::-1]
    if x.sum() == 0:
        return 0.0
    k = max(1, int(round(top * len(x))))
    return float(x[:k].sum() / x.sum())


def half_life(weeks: np.ndarray, active: np.ndarray) -> tuple[float, bool]:
    """First week (interpolated) at which the active share falls to half its week-1 value.

    Returns (weeks, censored): censored is True when it never fell that low within the horizon,
    and the horizon is returned.
    """
    target = active[0] / 2
    below = np.flatnonzero(active <= target)
    if len(below) == 0 or active[0] == 0:
        return float(weeks[-1]), True
    i = below[0]
    if i == 0:
        return float(weeks[0]), False
    w0, w1, a0, a1 = weeks[i - 1], weeks[i], active[i - 1], active[i]
    return float(w0 + (a0 - target) / (a0 - a1) * (w1 - w0)), False


def summary_table(model, weekly: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One row per replicate and group: the headline indicators a policy designer reads."""
    st, g = model.state, model.groups
    costs = group_costs(model, weekly)
    q = model.board.questions
    answered = np.bincount(q["group"], weights=q["answered_day"] >= 0, minlength=model.n_groups)
    asked = np.bincount(q["group"], minlength=model.n_groups)
    rows = []
    for gid, (rep, grp) in enumerate(zip(g.replicate, g.index)):
        w = weekly[(weekly.replicate == rep) & (weekly.group == grp)]
        mem = members[(members.replicate == rep) & (members.group == grp)]
        enrolled = st.join_day[st.group == gid] < model.settings.weeks * 7
        posts = mem.posts.to_numpy()[enrolled]
        active = w.active_share.to_numpy()
        hl, censored = half_life(w.week.to_numpy(), active)
        row = {"replicate": rep, "group": grp}
        for week in RETENTION_WEEKS:
            row[f"retention_w{week}"] = active[week - 1] if week <= len(active) else np.nan
        week12 = min(12, len(active))
        enrolled12 = (st.join_day[st.group == gid] < week12 * 7).sum()
        active_w12 = active[week12 - 1] * enrolled12
        row.update(
            half_life_weeks=hl,
            half_life_censored=censored,
            gini_posts=gini(posts),
            top10_share=top_share(posts),
            answered_share=answered[gid] / asked[gid] if asked[gid] else np.nan,
            median_reply_hours=float(np.nanmedian(q["reply_hours"][q["group"] == gid]))
            if (q["group"] == gid).any() and np.isfinite(q["reply_hours"][q["group"] == gid]).any()
            else np.nan,
            offtopic_share=w.offtopic_share.mean(),
            incorrect_share=w.incorrect_share.mean(),
            members_end=int(w.members.iloc[-1]),
            left=int(w.left.iloc[-1]),
            moderator_hours=float(g.moderator_hours_total[gid]),
            attendance=g.attendance_sum[gid] / g.meetings[gid] if g.meetings[gid] else np.nan,
            sharing_share=float(st.shared_ever[st.group == gid].mean()),
            belonging=float(st.belonging[(st.group == gid) & st.present].mean())
            if (st.present & (st.group == gid)).any() else np.nan,
            cost=costs[gid],
            cost_per_active_w12=costs[gid] / active_w12 if active_w12 > 0 else np.nan,
        )
        rows.append(row)
    return pd.DataFrame(rows)
