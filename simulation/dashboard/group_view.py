"""One group, week by week: who answers whom, how many members are active, reading, quiet or
gone, and each member as a person (the model's Mesa agents).

A `GroupRun` is one replicate of the scenario in its own `CommunityModel`, stepped a week
(`run_for(7)`) at a time; the component plays it or steps it on request. Each member's state in
the week just run (active, reading only, quiet, left) comes from the flags the model's weekly
recorder saw at the week's end (`MemberRecorder`); the network's colours, the counts chart and
the members' table all read that one array. The members' table reads each `Teacher` agent
(`model.teachers`) and the moderator line the group's `Moderator` agent (`model.agents_by_type`).
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Callable

import numpy as np
import pandas as pd
import solara
import solara.lab
from matplotlib.figure import Figure

from simulation.agents import Moderator
from simulation.board import FACILITATOR, KIND
from simulation.dashboard import charts
from simulation.dashboard.progress import STALE_OPACITY
from simulation.dashboard.scenario import Scenario, settings_for
from simulation.metrics import WeeklyRecorder
from simulation.model import CommunityModel

PLAY_PAUSE_SECONDS = 0.4
# The network and the counts side by side, each at least FIGURE_MIN_WIDTH px wide, else one under
# the other, each drawn as wide as its box: side by side in an 820 px window they were shrunk to
# 40% and their text to ~5 px.
FIGURE_MIN_WIDTH = 340
FIGURE_BOX = {"flex": f"1 1 {FIGURE_MIN_WIDTH}px", "min-width": "0"}
FIGURES_CSS = ".group-figure img {width: 100%; height: auto;}"
NOT_JOINED = "not joined yet"


class MemberRecorder(WeeklyRecorder):
    """The model's weekly recorder, which also keeps who was active and who read the group in the
    week it records (the model clears both flags once the week is recorded)."""

    def __init__(self, model: CommunityModel) -> None:
        super().__init__(model)
        self.active = np.zeros(model.n_teachers, bool)
        self.read = np.zeros(model.n_teachers, bool)

    def record(self, week: int) -> None:
        super().record(week)
        self.active = self.model.state.active_week.copy()
        self.read = self.model.state.read_week.copy()


@dataclasses.dataclass(frozen=True, eq=False)
class WeekView:
    """What the page shows of one week, all read at the same time."""

    week: int
    network: Figure
    counts_chart: Figure
    counts: dict[str, int]  # members in each state in this week (none before the first week)
    members: pd.DataFrame
    moderator: str


class GroupRun:
    """Replicate 0 of a scenario (the same teachers as replicate 0 of the full run)."""

    def __init__(self, scenario: Scenario) -> None:
        settings = settings_for(dataclasses.replace(scenario, replicates=1).overrides())
        self.model = CommunityModel(settings)
        self.model.recorder = MemberRecorder(self.model)  # no week recorded yet: safe to swap
        self.weeks = settings.weeks
        self.week = 0
        self.history: list[dict[str, int]] = []
        self.lock = threading.Lock()
        self.week_states = self._states()  # each teacher's state in the latest week

    def step(self) -> None:
        """Simulate one more week and record how many members are in each state."""
        with self.lock:
            if self.week >= self.weeks:
                return
            self.model.run_for(7)
            self.week += 1
            self.week_states = self._states()
            self.history.append({name: int((self.week_states == name).sum())
                                 for name in charts.STATE_COLOURS})

    def _states(self) -> np.ndarray:
        """Each teacher's state in the week just run, as the recorder saw it at the week's end:
        active (posted or reacted), reading only (opened the group), quiet, left, or not joined
        yet."""
        st, recorded = self.model.state, self.model.recorder
        state = np.select([recorded.active, recorded.read], ["active", "reading only"], "quiet")
        state = state.astype(object)
        state[st.left_day >= 0] = "left"
        state[~st.present & (st.left_day < 0)] = NOT_JOINED
        return state

    def members(self) -> pd.DataFrame:
        """One row per member who has joined, from their `Teacher` agent."""
        state = self.week_states
        return pd.DataFrame([
            {"teacher": t.index + 1, "this week": state[t.index],
             "motivation": round(t.motivation, 2), "trust": round(t.trust, 2),
             "belonging": round(t.belonging, 2), "posts": t.posts, "questions": t.questions,
             "answers": t.answers, "novice": "yes" if t.novice else ""}
            for t in self.model.teachers if state[t.index] != NOT_JOINED])

    def moderator(self) -> str:
        """Who moderates, from the group's `Moderator` agent, or the emergent leader of a bottom-up
        group."""
        agents = self.model.agents_by_type.get(Moderator, [])
        if not agents:
            leader = int(self.model.groups.leader[0])
            if self.model.params.policy.moderator.mode == "bottom_up":
                led = f"teacher {leader + 1} leads" if leader >= 0 else "nobody leads yet"
                return f"Nobody is appointed to moderate; a leader may emerge: {led}."
            return "Nobody moderates."
        role = next(iter(agents))
        holder = ("a paid facilitator" if role.holder == FACILITATOR
                  else f"teacher {role.holder + 1}" if role.holder >= 0 else "nobody (vacant)")
        return f"Moderator: {holder}; {role.hours:.0f} hours of moderation so far."

    def answers(self) -> list[tuple[int, int]]:
        """(answerer, asker) for every peer answer so far."""
        events = self.model.board.events
        kind, author, reply_to = events["kind"], events["author"], events["reply_to"]
        answered = (kind == KIND["answer"]) & (reply_to >= 0) & (author >= 0)
        askers = author[reply_to[answered]]
        return list(zip(author[answered].tolist(), askers.tolist()))

    def view(self) -> WeekView:
        """The week just run, drawn (under the lock, so every part is of the same week)."""
        with self.lock:
            state = self.week_states
            states = {int(t): state[t] for t in np.flatnonzero(state != NOT_JOINED)}
            posts = dict(enumerate(self.model.state.posts.tolist()))
            counts = pd.DataFrame(self.history, index=range(1, self.week + 1))
            return WeekView(
                week=self.week,
                network=charts.answer_network(states, self.answers(), posts, self.week),
                counts_chart=charts.member_states(counts, self.weeks),
                counts=self.history[-1] if self.history else {},
                members=self.members(), moderator=self.moderator())


def counts_line(view: WeekView) -> str:
    """The counts chart's last week in words."""
    if not view.counts:
        return "Week 0: no week simulated yet."
    return f"Week {view.week}: " + " · ".join(f"{name} {n}" for name, n in view.counts.items())


@solara.component
def GroupView(scenario: Scenario):
    """Play or step through one replicate of `scenario`. Its model is built in a thread, so the
    page's other results are drawn first (building it composes its settings: ~0.2 s); the group
    before stays, dimmed, until then."""
    generation, set_generation = solara.use_state(0)
    task = solara.lab.use_task(lambda: GroupRun(scenario), dependencies=[scenario, generation])
    with solara.Card("One group, week by week"):
        solara.Text("Replicate 1 of this scenario (the same teachers), one week per step.",
                    style={"color": "#666"})
        if task.error:
            solara.Error(f"The group could not be built: {task.exception}")
        elif task.latest is None:
            solara.Text("Preparing the group...", classes=["group-preparing"])
        else:  # the group before stays, dimmed, until the new one is built
            with solara.Div(style={"opacity": STALE_OPACITY if task.pending else 1}):
                GroupPlayer(task.latest, lambda: set_generation(lambda n: n + 1))


@solara.component
def GroupPlayer(run: GroupRun, on_reset: Callable[[], None]):
    """The buttons, the network, the counts and the members of `run`, week by week."""
    _, redraw = solara.use_state(0)  # a new value renders the page again (after a step)
    playing, set_playing = solara.use_state(False)

    def step() -> None:
        run.step()
        redraw(lambda n: n + 1)

    def play(cancel: threading.Event) -> None:
        while playing and run.week < run.weeks and not cancel.wait(PLAY_PAUSE_SECONDS):
            step()
        if run.week >= run.weeks:
            set_playing(False)

    solara.use_thread(play, dependencies=[playing, run])

    def reset() -> None:
        set_playing(False)
        on_reset()

    view = solara.use_memo(run.view, [run, run.week])
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):  # 820 px wide
        solara.Button("Pause" if playing else "Play", icon_name="mdi-pause" if playing
                      else "mdi-play", on_click=lambda: set_playing(not playing),
                      disabled=view.week >= run.weeks)
        solara.Button("Step one week", on_click=step,
                      disabled=playing or view.week >= run.weeks)
        solara.Button("Back to week 0", on_click=reset)
        solara.Text(f"Week {view.week} of {run.weeks}", classes=["group-week"])
    solara.Style(FIGURES_CSS)
    with solara.Row(style={"flex-wrap": "wrap", "gap": "16px", "align-items": "flex-start"}):
        with solara.Div(classes=["group-network", "group-figure"], style=FIGURE_BOX):
            solara.FigureMatplotlib(view.network, format="svg", dependencies=[view])
        with solara.Div(classes=["group-figure"], style=FIGURE_BOX):
            solara.FigureMatplotlib(view.counts_chart, format="png", dependencies=[view])
            solara.Text(counts_line(view), classes=["group-counts"])
    solara.Text(view.moderator, classes=["group-moderator"])
    with solara.Div(classes=["group-members"]):
        solara.DataFrame(view.members, items_per_page=10)
