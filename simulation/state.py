"""The model's state: one array per column, one row per teacher (`Teachers`) or per group
(`Groups`), every column declared here once with its meaning.

Rows of `Teachers` are ordered group by group (a group's founders, then its newcomers), so a
group's rows are contiguous (`CommunityModel.group_start`). Shares and levels lie in [0, 1].
Mechanisms read and write these arrays in place; the classes have slots, so a column that is not
declared here cannot be added by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np


@dataclass(slots=True, eq=False)
class Teachers:
    # Drawn before the programme starts (`simulation.population`)
    motivation: np.ndarray        # drive to take part
    workload: np.ndarray          # usual workload; today's is `workload_today`
    connectivity: np.ndarray      # chance of being able to get online on a day
    digital_literacy: np.ndarray  # ease with the technology
    trust: np.ndarray             # trust in the group's members
    expertise: np.ndarray         # subject knowledge: who can answer a question
    novice: np.ndarray            # bool: a novice teacher
    propensity: np.ndarray        # relative tendency to post (log-normal, mean 1)
    belonging: np.ndarray         # feeling part of the group
    join_day: np.ndarray          # day the teacher joins (0: a founder)
    # Who and where
    group: np.ndarray             # the teacher's group (index into `Groups`)
    position: np.ndarray          # place within the group: keys the teacher's random numbers
    replicate: np.ndarray         # the group's replicate
    present: np.ndarray           # bool: a member now (joined, not left)
    left_day: np.ndarray          # day the teacher left (-1: has not)
    # Roles
    ownership: np.ndarray         # 1 once the teacher has taken a moderating role (E17)
    terms_held: np.ndarray        # rotating moderator turns held
    encouraged: np.ndarray        # personal nudges received from a moderator
    trained: np.ndarray           # bool: had the digital training (E7)
    # Counts over the run
    last_post_day: np.ndarray     # day of the last message written (-1: none)
    posts: np.ndarray             # messages written (reactions not counted)
    questions: np.ndarray         # questions asked
    answers: np.ndarray           # answers given to peers
    active_weeks: np.ndarray      # weeks in which the teacher posted or reacted
    shared_ever: np.ndarray       # bool: shared a resource at least once (E18)
    # This week's, reset at the end of every week
    posts_week: np.ndarray        # messages written this week
    active_week: np.ndarray       # bool: posted or reacted this week
    read_week: np.ndarray         # bool: read the group this week
    # Today's, reset every day. Counts kept as floats, as the formulas use them: add 1.0, not
    # 1, into them (`np.add.at` of an int into a float array is ten times slower).
    workload_today: np.ndarray    # workload after the calendar (exams, holidays)
    online: np.ndarray            # bool: online today
    reading: np.ndarray           # bool: opened and read the group today
    acted: np.ndarray             # bool: posted or reacted today
    posted: np.ndarray            # messages written today (reactions not counted)
    answers_received: np.ndarray  # answers to the teacher's questions given today
    unanswered: np.ndarray        # the teacher's questions that expired unanswered today

    @classmethod
    def start(cls, drawn: dict[str, np.ndarray], group: np.ndarray, group_start: np.ndarray,
              replicate: np.ndarray) -> Teachers:
        """Teachers as drawn (`population.draw_population`) in their groups, before day 0."""
        n = len(group)
        return cls(
            **drawn, group=group, position=np.arange(n) - group_start[group],
            replicate=replicate[group], present=drawn["join_day"] == 0,
            left_day=np.full(n, -1, np.int32), ownership=np.zeros(n),
            terms_held=np.zeros(n, np.int32), encouraged=np.zeros(n, np.int32),
            trained=np.zeros(n, bool), last_post_day=np.full(n, -1, np.int32),
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
    scenario: np.ndarray          # the group's scenario in the batch
    replicate: np.ndarray         # its replicate within the scenario
    index: np.ndarray             # its place within the replicate
    key: np.ndarray               # its stream key for the daily random numbers
    # Moderation and leaders (`mechanisms.moderator`, `mechanisms.emergent_leaders`)
    holder: np.ndarray            # who holds the role: a teacher, FACILITATOR or NO_HOLDER
    leader: np.ndarray            # an emergent leader (teacher index) or NO_HOLDER
    willing: np.ndarray           # bool: some member would lead if nobody is appointed (E17)
    prompted: np.ndarray          # bool: the moderator posted a prompt today
    moderator_hours_week: np.ndarray   # moderator's hours this week
    moderator_hours_total: np.ndarray  # moderator's hours over the run
    # The group's messages
    norms: np.ndarray             # strength of the content norms (E4)
    volume: np.ndarray            # recent daily messages (`reading.remember`)
    offtopic_recent: np.ndarray   # recent share of off-topic messages
    last_post_event: np.ndarray   # id of the group's last message (-1: none)
    # Meetings (`mechanisms.meetings`)
    meetings: np.ndarray          # meetings held
    attendance_sum: np.ndarray    # sum over meetings of the share of members who came
    attendees_total: np.ndarray   # members who came, over all meetings
    # Programme and costs (`mechanisms.incentive`, `simulation.costs.UNITS`)
    paid_since: np.ndarray        # the day payments (last) started
    data_member_weeks: np.ndarray
    paid_member_weeks: np.ndarray  # member-weeks x policy.incentive.financial
    expert_weeks: np.ndarray
    chatbot_weeks: np.ndarray
    recognition_weeks: np.ndarray
    facilitator_hours: np.ndarray

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
