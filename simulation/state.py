"""The model's state: one array per column, one row per teacher (`Teachers`) or per group
(`Groups`), every column declared here once with its meaning.

Rows of `Teachers` are ordered group by group (a group's founders, then its newcomers), so a
group's rows are contiguous (`CommunityModel.group_start`). Shares and levels lie in [0, 1].
Mechanisms read and write these arrays in place; the classes have slots, so a column that is not
declared here cannot be added by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

DRAWN_RANGE = (0.01, 0.99)  # a drawn or set-up level never starts at 0 or 1 exactly


def within_drawn_range(x: np.ndarray) -> np.ndarray:
    """`x` clipped to DRAWN_RANGE (initial levels, and what the set-up steps change in them)."""
    return np.clip(x, *DRAWN_RANGE)


def column(meaning: str):
    """A state column and what it means (read by `meaning`, e.g. for the agents' docs)."""
    return field(metadata={"meaning": meaning})


def meaning(container: type, name: str) -> str:
    """What column `name` of `Teachers` or `Groups` means."""
    return next(f.metadata["meaning"] for f in fields(container) if f.name == name)


@dataclass(slots=True, eq=False)
class Teachers:
    # Drawn before the programme starts (`simulation.population`)
    motivation: np.ndarray = column("drive to take part")
    workload: np.ndarray = column("usual workload; today's is `workload_today`")
    connectivity: np.ndarray = column("chance of being able to get online on a day")
    digital_literacy: np.ndarray = column("ease with the technology")
    trust: np.ndarray = column("trust in the group's members")
    expertise: np.ndarray = column("subject knowledge: who can answer a question")
    novice: np.ndarray = column("bool: a novice teacher")
    propensity: np.ndarray = column("relative tendency to post (log-normal, mean 1)")
    belonging: np.ndarray = column("feeling part of the group")
    join_day: np.ndarray = column("day the teacher joins (0: a founder)")
    # Who and where
    group: np.ndarray = column("the teacher's group (index into `Groups`)")
    position: np.ndarray = column("place within the group: keys the teacher's random numbers")
    replicate: np.ndarray = column("the group's replicate")
    present: np.ndarray = column("bool: a member now (joined, not left)")
    left_day: np.ndarray = column("day the teacher left (-1: has not)")
    left_cause: np.ndarray = column("why the teacher left: a code of `leaving.CAUSES` (0: has not)")
    muted: np.ndarray = column("bool: has muted the group: a silent member (`muting`)")
    # Roles
    ownership: np.ndarray = column("1 once the teacher has taken a moderating role (E17)")
    terms_held: np.ndarray = column("rotating moderator turns held")
    recognised: np.ndarray = column("awards received, from the programme or a moderator (`recognition`)")
    crowded: np.ndarray = column("motivation held only by a payment for taking part: lost when it stops (X1)")
    encouraged: np.ndarray = column("nudges received from a moderator, personal or group-wide")
    trained: np.ndarray = column("bool: had the digital training (E7)")
    # Counts over the run
    last_post_day: np.ndarray = column("day of the last message written (-1: none)")
    first_post: np.ndarray = column("event id of the teacher's first message (-1: none yet)")
    welcomed: np.ndarray = column("bool: a reply to the teacher's first message came (`welcome`)")
    posts: np.ndarray = column("messages written (reactions not counted)")
    questions: np.ndarray = column("questions asked")
    answers: np.ndarray = column("answers given to peers")
    active_weeks: np.ndarray = column("weeks in which the teacher posted or reacted")
    shared_ever: np.ndarray = column("bool: shared a resource at least once (E18)")
    # This week's, reset at the end of every week
    posts_week: np.ndarray = column("messages written this week")
    active_week: np.ndarray = column("bool: posted or reacted this week")
    read_week: np.ndarray = column("bool: read the group this week")
    # Today's, reset every day. Counts kept as floats, as the formulas use them: add 1.0, not
    # 1, into them (`np.add.at` of an int into a float array is ten times slower).
    workload_today: np.ndarray = column("workload after the calendar (exams, holidays)")
    online: np.ndarray = column("bool: online today")
    reading: np.ndarray = column("bool: opened and read the group today")
    acted: np.ndarray = column("bool: posted or reacted today")
    posted: np.ndarray = column("messages written today (reactions not counted)")
    answers_received: np.ndarray = column("answers to the teacher's questions given today")
    unanswered: np.ndarray = column("the teacher's questions that expired unanswered today")

    @classmethod
    def start(cls, drawn: dict[str, np.ndarray], group: np.ndarray, group_start: np.ndarray,
              replicate: np.ndarray) -> Teachers:
        """Teachers as drawn (`population.draw_population`) in their groups, before day 0."""
        n = len(group)
        return cls(
            **drawn, group=group, position=np.arange(n) - group_start[group],
            replicate=replicate[group], present=drawn["join_day"] == 0,
            left_day=np.full(n, -1, np.int32), left_cause=np.zeros(n, np.int8),
            muted=np.zeros(n, bool), ownership=np.zeros(n),
            terms_held=np.zeros(n, np.int32), crowded=np.zeros(n), recognised=np.zeros(n, np.int32), encouraged=np.zeros(n, np.int32),
            trained=np.zeros(n, bool), last_post_day=np.full(n, -1, np.int32),
            first_post=np.full(n, -1, np.int64), welcomed=np.zeros(n, bool),
            posts=np.zeros(n, np.int64), questions=np.zeros(n, np.int64),
            answers=np.zeros(n, np.int64), active_weeks=np.zeros(n, np.int64),
            shared_ever=np.zeros(n, bool), posts_week=np.zeros(n, np.int64),
            active_week=np.zeros(n, bool), read_week=np.zeros(n, bool),
            workload_today=np.zeros(n), online=np.zeros(n, bool), reading=np.zeros(n, bool),
            acted=np.zeros(n, bool), posted=np.zeros(n, np.int64),
            answers_received=np.zeros(n), unanswered=np.zeros(n),
        )


@dataclass(slots=True, eq=False)
class Groups:
    # Which group (`CommunityModel._build_groups`)
    scenario: np.ndarray = column("the group's scenario in the batch")
    replicate: np.ndarray = column("its replicate within the scenario")
    index: np.ndarray = column("its place within the replicate")
    key: np.ndarray = column("its stream key for the daily random numbers")
    # Moderation and leaders (`mechanisms.moderator`, `mechanisms.emergent_leaders`)
    holder: np.ndarray = column("who holds the role: a teacher, FACILITATOR or NO_HOLDER")
    leader: np.ndarray = column("an emergent leader (teacher index) or NO_HOLDER")
    willing: np.ndarray = column("bool: some member would lead if nobody is appointed (E17)")
    prompted: np.ndarray = column("bool: the moderator posted a prompt today")
    moderator_hours_week: np.ndarray = column("moderator's hours this week")
    moderator_hours_total: np.ndarray = column("moderator's hours over the run")
    # The group's messages
    norms: np.ndarray = column("strength of the content norms (E4)")
    volume: np.ndarray = column("recent daily messages (`reading.remember`)")
    offtopic_recent: np.ndarray = column("recent share of off-topic messages")
    last_post_event: np.ndarray = column("id of the group's last message (-1: none)")
    # Meetings (`mechanisms.meetings`)
    meetings: np.ndarray = column("meetings held")
    attendance_sum: np.ndarray = column("sum over meetings of the share of members who came")
    attendees_total: np.ndarray = column("members who came, over all meetings")
    # Programme and costs (`mechanisms.incentive`, `simulation.costs.UNITS`)
    paid_since: np.ndarray = column("the day payments (last) started")
    data_member_weeks: np.ndarray = column("member-weeks of paid data bundles")
    paid_member_weeks: np.ndarray = column("paid member-weeks x policy.incentive.financial")
    expert_weeks: np.ndarray = column("group-weeks with experts")
    chatbot_weeks: np.ndarray = column("group-weeks with a chatbot")
    recognition_weeks: np.ndarray = column("group-weeks of programme recognition")
    facilitator_hours: np.ndarray = column("hours of a paid facilitator")

    @classmethod
    def start(cls, scenario: np.ndarray, replicate: np.ndarray, index: np.ndarray,
              key: np.ndarray) -> Groups:
        """Groups before the set-up (`model.SETUP`): every other column zero or empty."""
        n = len(scenario)
        blank = {f.name: np.zeros(n) for f in fields(cls)}
        blank |= {name: np.full(n, -1, np.int64) for name in ("holder", "leader", "last_post_event")}
        blank |= {name: np.zeros(n, bool) for name in ("willing", "prompted")}
        return cls(**(blank | {"scenario": scenario, "replicate": replicate, "index": index,
                               "key": key}))
