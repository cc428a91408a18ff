"""CommunityModel: teacher groups living through a school year, one step per day.

The model owns the state arrays (one row per teacher, one row per group) and runs the
mechanisms in a fixed order. Reading `DAILY` and `WEEKLY` below is reading the model's cycle;
each mechanism's docstring cites the EVIDENCE.md rows it implements and the keys it reads.

One model runs one scenario or many side by side (a batch): the groups of every scenario, each
with its own parameters (`model.params`, one value per group: `simulation.parameters`). Every
random number of the daily dynamics is addressed by (seed, replicate, group, day, site) and the
teacher's or question's position in its group (`uniforms`), so a group lives the same life
whatever else runs in the model: a batch gives exactly the tables of its scenarios run alone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import mesa
import numpy as np
from mesa.time import Schedule

from simulation import costs, keyed_random, parameters
from simulation import mechanisms as m
from simulation.agents import Chatbot, Expert, Moderator, Supervisor, Teacher
from simulation.board import Board
from simulation.calendar import Day, SchoolCalendar
from simulation.config import Config
from simulation.mechanisms.moderator import APPOINTED
from simulation.metrics import WeeklyRecorder
from simulation.parameters import at
from simulation.population import draw_population
from simulation.state import Groups, Teachers
from simulation.timeline import Timeline

logging.getLogger("MESA").setLevel(logging.WARNING)

# The daily cycle: the programme's week (timeline) -> newcomers -> calendar -> who is online ->
# reading -> moderator prompts and supervisor announcements (they shape today's posting) ->
# today's readers and their tendency to post -> asking, sharing, chatter -> answering by peers,
# experts, chatbot -> a reply to a first message -> questions too old expire -> feedback to
# trust, motivation, belonging -> the group's recent volume -> leaving -> muting and unmuting.
DAILY = (
    m.programme.start_week,
    m.membership.admit_newcomers,
    m.workload.apply_calendar,
    m.connectivity.go_online,
    m.reading.read,
    m.moderator.prompt,
    m.supervisor.announce,
    m.posting.gather_readers,
    m.asking.ask,
    m.posting.share_and_react,
    m.offtopic.chatter,
    m.answering.answer,
    m.experts.answer,
    m.chatbot.answer,
    m.welcome.greet,
    m.answering.expire,
    m.trust.update,
    m.motivation.update,
    m.posting.belong,
    m.reading.remember,
    m.leaving.leave,
    m.muting.mute,
)
# The weekly cycle, after the week's last day: norms loosen, then the moderator's week (hours,
# burnout, norms restored, encouragement, hand-over), leaders, recognition, payments' crowding
# out, meetings, trust.
WEEKLY = (
    m.offtopic.drift,
    m.moderator.weekly,
    m.emergent_leaders.emerge,
    m.recognition.celebrate,
    m.incentive.crowd_out,
    m.meetings.meet,
    m.trust.dilute_by_size,
)
# The set-up, before day 0 (after the teachers are drawn): trust among similar members, the
# kick-off workshop, the groups' starting norms, whether someone would lead if nobody is
# appointed, and who is appointed to moderate.
SETUP = (
    m.trust.start,
    m.meetings.kickoff,
    m.offtopic.set_norms,
    m.emergent_leaders.find_willing,
    m.moderator.appoint,
)
FEW_PER_GROUP = 4  # `top_in_groups` takes this many per group or fewer by rounds, more by sorting
# The places where the dynamics draw random numbers. Each has numbers of its own: an entry at
# position k of its group draws number k * len(SITES) + site of the group's stream for the day.
SITES = {name: i for i, name in enumerate((
    "online", "read", "prompt", "announce", "ask", "difficulty", "share", "share_wrong", "react",
    "offtopic", "answer_try", "helper", "answer_wrong", "reply_hours", "expert", "expert_correct",
    "chatbot", "chatbot_correct", "leave", "hand_over", "encourage", "encourage_ties", "celebrate",
    "celebrate_ties", "leader", "attend", "mute", "award_ties", "tie_pick", "tie_pull",
))}


def _times_gamma(n: int) -> np.uint64:
    """n * GAMMA modulo 2**64 (in Python integers: numpy warns when one number wraps around)."""
    return np.uint64(n * int(keyed_random.GAMMA) % 2**64)


_SITE_STRIDE = _times_gamma(len(SITES))  # one position further: |SITES| steps of the stream
_SITE_STEP = {site: _times_gamma(number + 1) for site, number in SITES.items()}  # position 0's


class CommunityModel(mesa.Model):
    """Replicates x groups of teachers under one scenario (population + policy), or under each
    of several scenarios side by side (groups scenario by scenario)."""

    def __init__(self, scenarios: Config | Sequence[Config]) -> None:
        scenarios = (scenarios,) if isinstance(scenarios, Config) else tuple(scenarios)
        super().__init__(rng=scenarios[0].seed)  # Mesa's own; the dynamics draw by key (`uniforms`)
        self.scenarios = scenarios
        self.params = parameters.build(scenarios)  # checks that the scenarios can share a model
        self.timeline = Timeline(scenarios)  # knobs that phases change, week by week
        self.timeline.enter(self.params, 1)
        self.weeks = scenarios[0].weeks
        self.calendar = SchoolCalendar(scenarios[0].population.calendar)
        self.board = Board()
        self.ties = np.empty(0, np.int64)  # who helped whom: helper * n_teachers + asker (`ties`)
        self._build_groups()
        self._build_population()
        self.today: Day = self.calendar.day(0)  # the roles are drawn with day 0's numbers
        self._day_keys = (None, None)  # (day, each group's key for it), made on first use
        for set_up in SETUP:
            set_up(self)
        self.recorder = WeeklyRecorder(self)
        self.first_event_today = self.first_event_week = 0
        self.readers = np.empty(0, np.int64)  # today's readers and their tendency to post,
        self.readers_tendency = np.empty(0)   # from `posting.gather_readers`
        self._teachers: list[Teacher] | None = None  # agents are created on first use
        self.schedule_recurring(self.end_of_week, Schedule(interval=7, start=7))

    @property
    def settings(self) -> Config:
        """The settings of a model of one scenario (a batch has `scenarios`)."""
        if len(self.scenarios) > 1:
            raise AttributeError("a batch of scenarios has no one `settings`: see `scenarios` "
                                 "and `params`")
        return self.scenarios[0]

    # ----------------------------------------------------------------------------------------
    def _build_groups(self) -> None:
        """Per group: its scenario, replicate and index within the replicate, and its key."""
        per_scenario = [s.replicates * s.groups for s in self.scenarios]
        scenario = np.repeat(np.arange(len(self.scenarios)), per_scenario)
        first = np.repeat(np.cumsum(per_scenario) - per_scenario, per_scenario)
        per_replicate = np.repeat([s.groups for s in self.scenarios], per_scenario)
        replicate, index = np.divmod(np.arange(len(scenario)) - first, per_replicate)
        self.n_groups = len(scenario)
        key = keyed_random.keys(self.params.seed, replicate, index, keyed_random.DAYS)
        self.groups = Groups.start(scenario, replicate, index, key)

    def _build_population(self) -> None:
        g = self.groups
        drawn, sizes = draw_population(self.params, g.replicate, g.index, self.weeks)
        group = np.repeat(np.arange(self.n_groups), sizes)
        self.group_start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        self.group_end = np.cumsum(sizes)
        self.state = Teachers.start(drawn, group, self.group_start, g.replicate)
        self.n_teachers = len(group)

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
        policy = self.params.policy
        roles = ((Moderator, np.broadcast_to(np.isin(policy.moderator.mode, APPOINTED), self.n_groups)),
                 (Supervisor, np.broadcast_to(policy.supervisor == "present", self.n_groups)),
                 (Expert, np.broadcast_to(policy.experts != "none", self.n_groups)),
                 (Chatbot, np.broadcast_to(policy.chatbot, self.n_groups)))
        for g in range(self.n_groups):
            for role, present in roles:
                if present[g]:
                    role(self, g)

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
        costs.count_week(self)
        self.recorder.record(self.today.week)
        st = self.state
        st.active_weeks += st.active_week
        st.active_week[:] = st.read_week[:] = False
        st.posts_week[:] = 0
        self.groups.moderator_hours_week[:] = 0.0
        self.first_event_week = self.board.events.size

    def run(self, progress=None) -> None:
        """Run the whole horizon; `progress(week, weeks)` is called after each week."""
        for week in range(1, self.weeks + 1):
            self.run_for(7)
            if progress is not None:
                progress(week, self.weeks)

    # ----------------------------------------------------------------------------------------
    # Random numbers: keyed by (seed, replicate, group, day, site) and position in the group
    def uniforms(self, site: str, groups: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Today's numbers at `site` (a name in `SITES`) for entries of `groups` at `positions`
        in their group, uniform on (0, 1): the same whatever else the model holds or draws."""
        if len(groups) == 0:  # often: nobody needs a number here today
            return np.empty(0)
        day, keys = self._day_keys
        if day != self.today.index:
            keys = {"day": keyed_random.subkeys(self.groups.key, self.today.index)}
            self._day_keys = (self.today.index, keys)
        if site not in keys:  # the day's key plus this site's first step, once a day
            keys[site] = keys["day"] + _SITE_STEP[site]
        # day key + (position * |SITES| + site + 1) * GAMMA, in two array operations
        z = np.asarray(positions, np.uint64) * _SITE_STRIDE
        z += keys[site][groups]
        return keyed_random.to_uniform(keyed_random.mixed(z))

    def draw_teachers(self, site: str, teachers: np.ndarray) -> np.ndarray:
        """One uniform number per teacher of `teachers` (indices) at `site` today."""
        st = self.state
        return self.uniforms(site, st.group[teachers], st.position[teachers])

    def draw_groups(self, site: str, groups: np.ndarray) -> np.ndarray:
        """One uniform number per group of `groups` at `site` today."""
        return self.uniforms(site, groups, np.zeros(len(groups), np.int64))

    def draw_questions(self, site: str, rows: np.ndarray) -> np.ndarray:
        """One uniform number per question of `rows` (positions in the board's registry)."""
        q = self.board.questions
        return self.uniforms(site, q["group"][rows], q["position"][rows])

    def param(self, value, teachers=slice(None)):
        """A parameter's value (`model.params...`) for each teacher of `teachers` (indices;
        default all): the value itself where every group shares it."""
        return value[self.state.group[teachers]] if isinstance(value, np.ndarray) and value.ndim else value

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

    def pick_in_groups(self, u: np.ndarray, groups: np.ndarray, teachers: np.ndarray,
                       weights: np.ndarray) -> np.ndarray:
        """For each entry of `groups`, with its uniform number `u`, pick one of `teachers` (sorted
        indices, one weight each) in that group with chance ∝ its weight; the teachers left out
        weigh nothing. Returns -1 where the group's weights sum to zero.

        Each group's cumulative weights are summed within the group alone (one row of a matrix
        per group with entries), so a pick does not depend on the other groups in the model.
        """
        has_entry = np.zeros(self.n_groups, bool)  # np.unique, without its sort (~8x faster)
        has_entry[groups] = True
        rows = np.flatnonzero(has_entry)
        row_of_entry = np.cumsum(has_entry)[groups] - 1
        row = np.searchsorted(rows, self.state.group[teachers])
        inside = row < len(rows)
        inside[inside] = rows[row[inside]] == self.state.group[teachers[inside]]
        teachers, weights, row = teachers[inside], weights[inside], row[inside]
        count = np.bincount(row, minlength=len(rows))
        start = np.cumsum(count) - count
        width = max(int(count.max(initial=0)), 1)
        cum = np.zeros((len(rows), width))
        cum[row, np.arange(len(teachers)) - start[row]] = weights
        np.cumsum(cum, axis=1, out=cum)
        total = cum[:, -1]  # the padding repeats each row's total
        # One search for all entries: (row, cumulative weight) pairs as complex numbers, which
        # numpy orders by real part, then imaginary part, exactly.
        keys = np.empty(cum.shape, complex)
        keys.real, keys.imag = np.arange(len(rows))[:, None], cum
        wanted = np.empty(len(groups), complex)
        wanted.real, wanted.imag = row_of_entry, u * total[row_of_entry]
        k = np.searchsorted(keys.ravel(), wanted, side="right") - row_of_entry * width
        k = np.minimum(k, count[row_of_entry] - 1)
        picked = teachers[np.maximum(start[row_of_entry] + k, 0)] if len(teachers) else k
        return np.where(total[row_of_entry] > 0, picked, -1)

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
            mine = events[authors >= 0]
            first = st.first_post[teachers] < 0  # a teacher's first message, the earliest if several
            st.first_post[teachers[first][::-1]] = mine[first][::-1]
            np.add.at(st.posted, teachers, 1)
            np.add.at(st.posts, teachers, 1)
            np.add.at(st.posts_week, teachers, 1)
            st.last_post_day[teachers] = self.today.index
            np.maximum.at(g.last_post_event, groups, events)
        return events

    def top_in_groups(self, site: str, candidates: np.ndarray, score: np.ndarray,
                      k) -> np.ndarray:
        """The (up to) `k` candidates (sorted indices) with the highest score within each group,
        ties broken by today's numbers at `site` (lowest first); `k` is one number or one per
        group. Returns sorted indices.

        For a few per group (k <= FEW_PER_GROUP, the usual case) the best are taken one round at
        a time with per-group maxima (`reduceat` over each group's run of candidates), which is
        several times faster than sorting all candidates; otherwise one sort."""
        if len(candidates) == 0:
            return candidates
        tiebreak = self.draw_teachers(site, candidates)
        groups = self.state.group[candidates]
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])  # each group's run
        limit = np.broadcast_to(at(k, groups[starts]), starts.shape)
        if limit.max(initial=0) > FEW_PER_GROUP:
            order = np.lexsort((tiebreak, -score, groups))
            ranked = candidates[order]
            rank = np.arange(len(ranked)) - np.searchsorted(groups[order], groups[order], side="left")
            return np.sort(ranked[rank < at(k, groups[order])])
        run = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(candidates))))
        left = np.array(score, float)  # scores still in the running; -inf once taken
        taken = np.zeros(len(candidates), bool)
        position = np.arange(len(candidates))
        for round_ in range(int(limit.max(initial=0))):
            best = np.maximum.reduceat(left, starts)
            is_best = (left == best[run]) & (best[run] > -np.inf)
            first = np.minimum.reduceat(np.where(is_best, tiebreak, np.inf), starts)
            winner = np.minimum.reduceat(
                np.where(is_best & (tiebreak == first[run]), position, len(candidates)), starts)
            winner = winner[(winner < len(candidates)) & (round_ < limit)]
            taken[winner] = True
            left[winner] = -np.inf
        return candidates[taken]
