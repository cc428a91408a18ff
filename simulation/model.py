"""CommunityModel: teacher groups living through a school year, one step per day.

The model owns the state arrays (one row per teacher, one row per group) and runs the
mechanisms in a fixed order. Reading `DAILY` and `WEEKLY` below is reading the model's cycle;
each mechanism's docstring cites the EVIDENCE.md rows it implements and the keys it reads.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

import mesa
import numpy as np
from mesa.time import Schedule

from simulation import mechanisms as m
from simulation.agents import Chatbot, Expert, Moderator, Supervisor, Teacher
from simulation.board import FACILITATOR, Board
from simulation.mechanisms.moderation import NO_HOLDER
from simulation.calendar import Day, SchoolCalendar
from simulation.config import Config
from simulation.metrics import WeeklyRecorder
from simulation.population import draw_population

logging.getLogger("MESA").setLevel(logging.WARNING)

# The daily cycle: newcomers -> calendar -> who is online -> reading -> moderator prompts and
# supervisor announcements (they shape today's posting) -> today's readers and their tendency to
# post -> asking, sharing, chatter ->
# answering by peers, experts, chatbot -> feedback to trust, motivation, belonging -> leaving.
DAILY = (
    m.membership.admit_newcomers,
    m.workload.apply_calendar,
    m.connectivity.go_online,
    m.reading.read,
    m.moderation.prompt,
    m.supervision.announce,
    m.posting.gather_readers,
    m.asking.ask,
    m.posting.share_and_react,
    m.offtopic.chatter,
    m.answering.answer,
    m.experts.answer,
    m.chatbot.answer,
    m.trust.update,
    m.motivation.update,
    m.posting.belong,
    m.leaving.leave,
)
# The weekly cycle, after the week's last day.
WEEKLY = (
    m.moderation.weekly,
    m.emergent_leaders.emerge,
    m.recognition.celebrate,
    m.meetings.meet,
    m.trust.dilute_by_size,
)


class CommunityModel(mesa.Model):
    """Replicates x groups of teachers under one scenario (population + policy)."""

    def __init__(self, settings: Config) -> None:
        # The daily dynamics draw from their own stream; initial teachers come from per-group streams.
        super().__init__(rng=int(np.random.SeedSequence([settings.seed, 2**31]).generate_state(1)[0]))
        self.settings = settings
        self.calendar = SchoolCalendar(settings.population.calendar)
        self.board = Board()
        self._build_population()
        self._build_roles()
        self.recorder = WeeklyRecorder(self)
        self.today: Day = self.calendar.day(0)
        self.first_event_today = self.first_event_week = 0
        self.readers = np.empty(0, np.int64)  # today's readers and their tendency to post,
        self.readers_tendency = np.empty(0)   # from `posting.gather_readers`
        self._teachers: list[Teacher] | None = None  # agents are created on first use
        self.schedule_recurring(self.end_of_week, Schedule(interval=7, start=7))

    # ----------------------------------------------------------------------------------------
    def _build_population(self) -> None:
        s = self.settings
        n_groups = s.replicates * s.groups
        state, sizes = draw_population(s)
        n = int(sizes.sum())
        group = np.repeat(np.arange(n_groups), sizes)
        self.state = SimpleNamespace(
            **state,
            group=group,
            replicate=group // s.groups,
            present=state["join_day"] == 0,
            left_day=np.full(n, -1, np.int32),
            ownership=np.zeros(n),
            terms_held=np.zeros(n, np.int32),
            encouraged=np.zeros(n, np.int32),  # personal nudges received from a moderator
            last_post_day=np.full(n, -1, np.int32),
            posts=np.zeros(n, np.int64),
            questions=np.zeros(n, np.int64),
            answers=np.zeros(n, np.int64),
            active_weeks=np.zeros(n, np.int64),
            posts_week=np.zeros(n, np.int64),
            # today's scratch state, reset every day
            workload_today=np.zeros(n),
            online=np.zeros(n, bool),
            reading=np.zeros(n, bool),
            acted=np.zeros(n, bool),  # posted or reacted today
            posted=np.zeros(n, np.int64),  # messages written today (reactions not counted)
            # counts kept as floats: the formulas use them so; add 1.0, not 1, into them
            # (`np.add.at` of an int into a float array is ten times slower)
            answers_received=np.zeros(n),
            unanswered=np.zeros(n),
            # this week's flags, reset every week
            active_week=np.zeros(n, bool),
            read_week=np.zeros(n, bool),
            shared_ever=np.zeros(n, bool),  # cumulative: shared at least once (E18)
        )
        self.n_teachers = n
        self.n_groups = n_groups
        self.group_start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        self.group_end = np.cumsum(sizes)

    def _build_roles(self) -> None:
        s, G = self.settings, self.n_groups
        policy = s.policy
        self.groups = SimpleNamespace(
            replicate=np.arange(G) // s.groups,
            index=np.arange(G) % s.groups,
            holder=np.full(G, NO_HOLDER, np.int64),
            leader=np.full(G, NO_HOLDER, np.int64),
            willing=m.emergent_leaders.willing(s, G),  # some member would take the lead (E17)
            norms=np.full(G, 0.8 if policy.ground_rules else 0.5),
            volume=np.zeros(G),
            offtopic_recent=np.zeros(G),
            prompted=np.zeros(G, bool),
            moderator_hours_week=np.zeros(G),
            moderator_hours_total=np.zeros(G),
            attendance_sum=np.zeros(G),
            meetings=np.zeros(G),
            attendees_total=np.zeros(G),
            last_post_event=np.full(G, -1, np.int64),
        )
        if policy.moderator.mode == "facilitator":
            self.groups.holder[:] = FACILITATOR
        elif policy.moderator.mode in ("fixed", "rotating"):
            m.moderation.hand_over(self, np.arange(G))

    # ----------------------------------------------------------------------------------------
    # Agents are views for Mesa, tests and a dashboard; no mechanism uses them. So they are
    # created on first use (at 150,000 teachers they were a quarter of the build), in the order
    # they always had: teachers, then each group's roles.
    @property
    def teachers(self) -> list[Teacher]:
        """One `Teacher` agent per row of the state arrays."""
        self._create_agents()
        return self._teachers

    @property
    def agents(self):
        """Mesa's set of all agents."""
        self._create_agents()
        return super().agents

    @property
    def agents_by_type(self):
        """Mesa's sets of agents by class."""
        self._create_agents()
        return super().agents_by_type

    @property
    def agent_types(self) -> list[type]:
        """Mesa's agent classes present in the model."""
        self._create_agents()
        return super().agent_types

    def _create_agents(self) -> None:
        if self._teachers is not None:
            return
        self._teachers = [Teacher(self, i) for i in range(self.n_teachers)]
        policy = self.settings.policy
        for g in range(self.n_groups):
            if policy.moderator.mode != "none":
                Moderator(self, g)
            if policy.supervisor == "present":
                Supervisor(self, g)
            if policy.experts != "none":
                Expert(self, g)
            if policy.chatbot:
                Chatbot(self, g)

    # ----------------------------------------------------------------------------------------
    def step(self) -> None:
        """One day: every mechanism of the daily cycle, in order."""
        self.today = self.calendar.day(int(self.time) - 1)
        st = self.state
        st.online[:] = st.reading[:] = st.acted[:] = False
        st.posted[:] = 0
        st.answers_received[:] = st.unanswered[:] = 0.0
        self.first_event_today = self.board.events.size
        for mechanism in DAILY:
            mechanism(self, self.today)

    def end_of_week(self) -> None:
        """After the week's last day: weekly mechanisms, then one metrics row per group."""
        for mechanism in WEEKLY:
            mechanism(self, self.today)
        self.recorder.record(self.today.week)
        st = self.state
        st.active_weeks += st.active_week
        st.active_week[:] = st.read_week[:] = False
        st.posts_week[:] = 0
        self.groups.moderator_hours_week[:] = 0.0
        self.first_event_week = self.board.events.size

    def run(self, progress=None) -> None:
        """Run the whole horizon; `progress(week, weeks)` is called after each week."""
        for week in range(1, self.settings.weeks + 1):
            self.run_for(7)
            if progress is not None:
                progress(week, self.settings.weeks)

    # ----------------------------------------------------------------------------------------
    # Helpers shared by mechanisms
    def per_group(self, values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """Sum of a per-teacher quantity within each group (optionally over `mask`). A group's rows
        are contiguous and never empty (its founders), so this is one `reduceat` over the blocks."""
        weights = values if mask is None else np.where(mask, values, 0)
        return np.add.reduceat(weights, self.group_start, dtype=float)

    def messages_this_week(self) -> np.ndarray:
        """Per group: every event since the last week's record (every kind, every author)."""
        groups = self.board.events["group"][self.first_event_week:]
        return np.bincount(groups, minlength=self.n_groups).astype(float)

    def pick_in_groups(self, groups: np.ndarray, teachers: np.ndarray,
                       weights: np.ndarray) -> np.ndarray:
        """For each entry of `groups`, draw one of `teachers` (sorted indices, one weight each) in
        that group with chance ∝ its weight; the teachers left out weigh nothing.

        Returns -1 where the group's weights sum to zero. Vectorised: one cumulative sum over
        the candidates, one `searchsorted` for all draws.
        """
        cum = np.concatenate([[0.0], np.cumsum(weights)])
        before = cum[np.searchsorted(teachers, self.group_start[groups])]
        total = cum[np.searchsorted(teachers, self.group_end[groups])] - before
        u = before + self.rng.random(len(groups)) * total
        picked = np.append(teachers, self.n_teachers)[np.searchsorted(cum[1:], u, side="right")]
        picked = np.minimum(picked, self.group_end[groups] - 1)
        return np.where(total > 0, picked, -1)

    def publish(
        self,
        kind: str,
        authors: np.ndarray,
        groups: np.ndarray | None = None,
        reply_to: np.ndarray | None = None,
        correct: np.ndarray | None = None,
    ) -> np.ndarray:
        """Post messages today and credit teacher authors (ids >= 0); returns event ids."""
        st, g = self.state, self.groups
        if len(authors) == 0:
            return np.empty(0, np.int64)
        if groups is None:
            groups = st.group[authors]
        events = self.board.post(self.today.index, kind, authors, groups, reply_to, correct)
        teachers = authors[authors >= 0]
        st.reading[teachers] = st.read_week[teachers] = True  # posting means opening the group
        st.acted[teachers] = True
        st.active_week[teachers] = True
        if kind != "reaction":
            np.add.at(st.posted, teachers, 1)
            np.add.at(st.posts, teachers, 1)
            np.add.at(st.posts_week, teachers, 1)
            st.last_post_day[teachers] = self.today.index
            np.maximum.at(g.last_post_event, groups, events)
        return events

    def top_in_groups(self, candidates: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
        """The (up to) `k` candidates with the highest score within each group; ties at random."""
        tiebreak = self.rng.random(len(candidates))
        order = np.lexsort((tiebreak, -score, self.state.group[candidates]))
        ranked = candidates[order]
        groups = self.state.group[ranked]
        rank = np.arange(len(ranked)) - np.searchsorted(groups, groups, side="left")
        return ranked[rank < k]

    def chance(self, p: np.ndarray) -> np.ndarray:
        """One Bernoulli draw per entry of `p` (an array: a scalar would be one draw for all)."""
        p = np.asarray(p)
        if p.ndim == 0:
            raise TypeError("chance() needs one probability per entry, got a scalar")
        return self.rng.random(p.shape) < p
