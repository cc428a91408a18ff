"""What a chat history shows of a group, computed by one code for an imported history and for a
simulated one: the weekly active share, posts by the top 10%, questions answered, reply time and
exits (`copsim-observe DIR` prints them for an import).

An export shows who wrote what and when, and who joined and left. It does not show reading,
muting, or (WhatsApp's `.txt`) reactions, and a member who never wrote is in it only through a
membership line or the group size the user gave at import (`simulation.chats.tables`). So:
- a member is **active** in a week when they wrote at least one message in it (an event by a
  member, id >= 0, of any kind); the share is over the members enrolled by the week's end,
  including those who left since, as in the model (`simulation.metrics`);
- a **question is answered** when a later answer replies to it (`reply_to`; a reaction does not
  answer): in an import, by the rules of `simulation.chats.questions`; **reply time** is the hours from a question to
  its first reply, where events carry their time (`hours`, an import's), otherwise unknown.

`exported_view` turns a simulated run into what its export would show (reactions and the
programme's own messages dropped), so `weekly` and `summary` of that view are what an import of
the same group gives (tests/test_observe.py), and what `copsim-calibrate` compares with the
observed history. Applied to a run's full events (reactions kept), `weekly` gives the model's own
`active` counts (the same test).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.chats.tables import describe, load
from simulation.indicators import CURVE_WEEKS, INDICATOR, Indicator
from simulation.metrics import gini_by_group, half_lives, median_by_key, top_share_by_group
from simulation.plots import plot_observed
from simulation.results import atomic_folder

WEEKLY_COLUMNS = ["group", "week", "enrolled", "members", "active", "active_share", "posts",
                  "questions", "answers", "answered_share", "median_reply_hours", "left",
                  "left_share"]
ANSWER_KINDS = ("answer", "expert_answer", "chatbot_answer")  # replies that answer (not reactions)
SUMMARY_WEEKS = (4, 12, 26)  # the weeks whose active share the summary reports
HOURS_PER_DAY = 24


def weeks_of(events: pd.DataFrame) -> int:
    """Whole weeks an events table spans (from day 0 to its last event's day)."""
    return int(events["day"].max()) // 7 + 1 if len(events) else 0


def _groups(members: pd.DataFrame) -> int:
    return int(members["group"].max()) + 1 if len(members) else 0


def weekly(events: pd.DataFrame, members: pd.DataFrame, weeks: int | None = None) -> pd.DataFrame:
    """One row per group and week 1..weeks (default: as far as the events go). `events`: group,
    day, author, kind, reply_to (row position of the replied message, -1 for none), and `hours`
    where known; `members`: group, teacher, join_week (0: there from the start), left_week
    (-1: stayed). Groups are numbered 0.."""
    weeks = weeks or weeks_of(events)
    n_groups = _groups(members)
    n_keys = n_groups * weeks
    group = events["group"].to_numpy(np.int64)
    week = events["day"].to_numpy(np.int64) // 7
    inside = week < weeks
    key = group * weeks + week
    author = events["author"].to_numpy(np.int64)
    kind = events["kind"].astype(str).to_numpy()
    writes = inside & (author >= 0) & (kind != "reaction")

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(key[mask], minlength=n_keys)

    # active: distinct (group, week, author) among members' events
    by_member = inside & (author >= 0)
    pairs = np.unique(np.stack([key[by_member], author[by_member]]), axis=1)
    active = np.bincount(pairs[0], minlength=n_keys) if pairs.size else np.zeros(n_keys, np.int64)

    questions = inside & (kind == "question")
    answered, reply_hours = _answered(events, questions)
    week_no = np.arange(1, weeks + 1)
    join = members["join_week"].to_numpy(np.int64)
    left = members["left_week"].to_numpy(np.int64)
    m_group = members["group"].to_numpy(np.int64)
    enrolled_by = (join[:, None] <= week_no[None, :])
    gone_by = (left[:, None] >= 0) & (left[:, None] <= week_no[None, :])

    def per_group_week(matrix: np.ndarray) -> np.ndarray:
        out = np.zeros((n_groups, weeks))
        np.add.at(out, m_group, matrix)
        return out.ravel()

    enrolled = per_group_week(enrolled_by)
    gone = per_group_week(gone_by & enrolled_by)
    asked = count(questions)
    n_answered = np.bincount(key[questions], weights=answered[questions], minlength=n_keys)
    table = pd.DataFrame({
        "group": np.repeat(np.arange(n_groups), weeks),
        "week": np.tile(week_no, n_groups),
        "enrolled": enrolled.astype(np.int64),
        "members": (enrolled - gone).astype(np.int64),
        "active": active.astype(np.int64),
        "active_share": _ratio(active, enrolled),
        "posts": count(writes),
        "questions": asked,
        "answers": count(inside & (kind == "answer")),
        "answered_share": _ratio(n_answered, asked),
        "median_reply_hours": median_by_key(reply_hours[questions], key[questions], n_keys),
        "left": gone.astype(np.int64),
        "left_share": _ratio(gone, enrolled),
    })
    return table[WEEKLY_COLUMNS]


def _ratio(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    part, whole = np.asarray(part, float), np.asarray(whole, float)
    return np.divide(part, whole, out=np.full(len(whole), np.nan), where=whole > 0)


def _answered(events: pd.DataFrame, questions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per event: whether a later message replies to it, and the hours to its first reply (NaN
    where it has none or events carry no `hours`). `reply_to` is a row position in `events`."""
    n = len(events)
    reply_to = events["reply_to"].to_numpy(np.int64)
    is_answer = events["kind"].astype(str).isin(ANSWER_KINDS).to_numpy()
    replying = np.flatnonzero(is_answer & (reply_to >= 0) & (reply_to < n))
    target = reply_to[replying]
    answered = np.zeros(n, float)
    answered[target] = 1.0
    hours = np.full(n, np.nan)
    if "hours" in events and len(replying):
        at = events["hours"].to_numpy(float)
        first = np.full(n, np.inf)
        np.minimum.at(first, target, at[replying])
        has = np.isfinite(first)
        hours[has] = first[has] - at[has]
    return answered, hours


def summary(events: pd.DataFrame, members: pd.DataFrame, weeks: int | None = None,
            table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per group: the observed headline indicators (names as in a run's summary, where
    the idea is the same): active share at weeks 4, 12, 26, half-life of activity, posts by the
    top 10% and their Gini, questions answered and median reply hours, members, active and left
    at the end, the share of members who left, the share who wrote at least once, and messages
    per member-week. `table`: `weekly` of the same events and weeks, where the caller has it."""
    weeks = weeks or weeks_of(events)
    table = weekly(events, members, weeks) if table is None else table
    n_groups = _groups(members)
    by_week = {c: table[c].to_numpy(float).reshape(n_groups, weeks)
               for c in ("active_share", "enrolled", "members", "active", "left", "left_share")}
    writes = events[(events["author"] >= 0) & (events["kind"].astype(str) != "reaction")
                    & (events["day"] < weeks * 7)]
    posts = np.zeros(len(members))
    row = pd.Series(np.arange(len(members)),
                    index=pd.MultiIndex.from_arrays([members["group"], members["teacher"]]))
    written = writes.groupby(["group", "author"]).size()
    posts[row.loc[written.index].to_numpy()] = written.to_numpy()
    m_group = members["group"].to_numpy(np.int64)
    life, censored = half_lives(by_week["active_share"])
    out = {"group": np.arange(n_groups)}
    for week in SUMMARY_WEEKS:
        out[f"retention_w{week}"] = (by_week["active_share"][:, week - 1] if week <= weeks
                                     else np.full(n_groups, np.nan))
    asked = table.groupby("group")["questions"].sum().to_numpy(float)
    answered = (table["answered_share"].fillna(0) * table["questions"]).groupby(
        table["group"]).sum().to_numpy(float)
    questions = events["kind"].astype(str).to_numpy() == "question"
    _, reply_hours = _answered(events, questions)
    q_group = events["group"].to_numpy(np.int64)[questions]
    out.update(
        half_life_weeks=life,
        half_life_censored=censored,
        top10_share=top_share_by_group(posts, m_group, n_groups),
        gini_posts=gini_by_group(posts, m_group, n_groups),
        answered_share=_ratio(answered, asked),
        median_reply_hours=median_by_key(reply_hours[questions], q_group, n_groups),
        members_end=by_week["members"][:, -1].astype(np.int64),
        active_end=by_week["active"][:, -1].astype(np.int64),
        left=by_week["left"][:, -1].astype(np.int64),
        left_share=by_week["left_share"][:, -1],
        writers_share=_ratio(np.bincount(m_group, weights=posts > 0, minlength=n_groups),
                             by_week["enrolled"][:, -1]),
        posts_per_member_week=_ratio(np.bincount(m_group, weights=posts, minlength=n_groups),
                                     table.groupby("group")["enrolled"].sum().to_numpy(float)),
    )
    return pd.DataFrame(out)


def exported_view(events: pd.DataFrame, members: pd.DataFrame, replicate: int = 0
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One replicate of a simulated run as its export would show it: the members' messages (no
    reactions, no programme, facilitator, expert or chatbot messages), `reply_to` renumbered to
    the kept rows (a reply to a dropped message becomes -1), all members listed."""
    ev = events[events["replicate"] == replicate]
    kept = ev[(ev["author"].to_numpy() >= 0) & (ev["kind"].astype(str).to_numpy() != "reaction")]
    position = pd.Series(np.arange(len(kept)), index=kept["event"].to_numpy())
    reply = kept["reply_to"].to_numpy()
    new_reply = position.reindex(reply).fillna(-1).to_numpy(np.int64)
    view = pd.DataFrame({"group": kept["group"].to_numpy(np.int64),
                         "day": kept["day"].to_numpy(np.int64),
                         "author": kept["author"].to_numpy(np.int64),
                         "kind": kept["kind"].astype(str).to_numpy(),
                         "reply_to": np.where(reply >= 0, new_reply, -1)})
    mem = members[members["replicate"] == replicate]
    return view, mem[["group", "teacher", "join_week", "left_week"]].reset_index(drop=True)


# The observed summary's rows as printed: a run's headline indicator where the idea is the same
# (simulation.indicators), else one of its own.
OBSERVED = (
    *(INDICATOR[c] for c in ("retention_w4", "retention_w12", "retention_w26", "half_life_weeks",
                             "top10_share", "answered_share")),
    Indicator("median_reply_hours", "Hours to the first reply (median)", "lower"),
    Indicator("writers_share", "Members who wrote at least once", "higher", percent=True),
    Indicator("posts_per_member_week", "Messages per member and week", "higher"),
    Indicator("members_end", "Members in the last week", "higher"),
    INDICATOR["active_end"],
    INDICATOR["left"],
    Indicator("left_share", "Members who left (share of members)", "lower", percent=True),
)


def summary_text(found: pd.DataFrame) -> pd.DataFrame:
    """The observed summary as printed: one row per indicator, one column per group."""
    return pd.DataFrame({f"group {g}": [i.format(row[i.column]) for i in OBSERVED]
                         for g, row in found.set_index("group").iterrows()},
                        index=[i.label for i in OBSERVED])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="copsim-observe",
        description="Print the indicators of an imported chat history (a copsim-import folder), "
                    "computed as for a simulated run, and write its decay curve and tables.")
    parser.add_argument("directory", type=Path, help="a folder written by copsim-import")
    parser.add_argument("--weeks", type=int, default=None,
                        help="weeks to report (default: as far as the history goes)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where to write decay_curve.png, weekly.csv and summary.csv "
                             "(default: outputs/observed/<the import folder's name>)")
    args = parser.parse_args(argv)
    try:
        events, members, about = load(args.directory)
    except (FileNotFoundError, ValueError) as err:
        print(f"copsim-observe: error: {err}", file=sys.stderr)
        return 2
    out = args.out or Path("outputs") / "observed" / args.directory.resolve().name
    weeks = args.weeks or weeks_of(events)
    table = weekly(events, members, weeks)
    found = summary(events, members, weeks, table)
    for g, group in enumerate(about["groups"]):
        print(f"group {g}: {describe({**group, 'weeks': weeks})}")
    curve = table.pivot(index="week", columns="group", values="active_share")
    curve.columns = [f"group {g}" for g in curve.columns]
    print("\nWeekly-active share (wrote at least once that week):")
    print(curve.reindex([w for w in CURVE_WEEKS if w <= weeks]).round(3).to_string())
    print("\nIndicators (computed as for a simulated group's export; copsim-calibrate fits the "
          "model to them):")
    print(summary_text(found).to_string())
    with atomic_folder(out) as staging:
        table.to_csv(staging / "weekly.csv", index=False)
        found.to_csv(staging / "summary.csv", index=False)
        plot_observed(table, staging / "decay_curve.png", title="Observed: weekly-active share")
    print(f"\nTables and plot: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
