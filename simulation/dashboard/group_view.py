"""One group, week by week: who answers whom, how many members are active, reading, quiet or
gone, and each member as a person (the model's Mesa agents).

A `GroupRun` is one replicate of the scenario in its own `CommunityModel`, stepped a week
(`run_for(7)`) at a time; the component plays it or steps it on request. The members' table
reads each `Teacher` agent (`model.teachers`) and the moderator line the group's `Moderator`
agent (`model.agents_by_type`).
"""

from __future__ import annotations

import dataclasses
import threading
import time

import numpy as np
import pandas as pd
import solara

from simulation.agents import Moderator
from simulation.board import FACILITATOR, KIND
from simulation.dashboard import charts
from simulation.dashboard.scenario import Scenario, settings_for
from simulation.model import CommunityModel

PLAY_PAUSE_SECONDS = 0.4


class GroupRun:
    """Replicate 0 of a scenario (the same teachers as replicate 0 of the full run)."""

    def __init__(self, scenario: Scenario) -> None:
        settings = settings_for(dataclasses.replace(scenario, replicates=1).overrides())
        self.model = CommunityModel(settings)
        self.weeks = settings.weeks
        self.week = 0
        self.history: list[dict[str, int]] = []
        self.lock = threading.Lock()
        self._active_weeks = self.model.state.active_weeks.copy()
        self.week_states = self._states()  # each teacher's state in the latest week

    def step(self) -> None:
        """Simulate one more week and record how many members are in each state."""
        with self.lock:
            if self.week >= self.weeks:
                return
            self.model.run_for(7)
            self.week += 1
            self.week_states = self._states()
            self._active_weeks = self.model.state.active_weeks.copy()
            self.history.append(self._counts())

    def _states(self) -> np.ndarray:
        """Each teacher's state in the week just run: active, quiet, left or not joined yet
        (active: posted or reacted since the last call)."""
        st = self.model.state
        state = np.where(st.active_weeks > self._active_weeks, "active", "quiet").astype(object)
        state[st.left_day >= 0] = "left"
        state[~st.present & (st.left_day < 0)] = "not joined yet"
        return state

    def _counts(self) -> dict[str, int]:
        state = self.week_states
        enrolled = int((state != "not joined yet").sum())
        readers = round(float(self.model.recorder.rows[-1]["reading_share"][0]) * enrolled)
        active = int((state == "active").sum())
        reading_only = max(readers - active, 0)
        return {"active": active, "reading only": reading_only,
                "quiet": int((state == "quiet").sum()) - reading_only,
                "left": int((state == "left").sum())}

    def members(self) -> pd.DataFrame:
        """One row per member who has joined, from their `Teacher` agent."""
        state = self.week_states
        return pd.DataFrame([
            {"teacher": t.index + 1, "this week": state[t.index],
             "motivation": round(t.motivation, 2), "trust": round(t.trust, 2),
             "belonging": round(t.belonging, 2), "posts": t.posts, "questions": t.questions,
             "answers": t.answers, "novice": "yes" if t.novice else ""}
            for t in self.model.teachers if state[t.index] != "not joined yet"])

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

    def figures(self):
        state = self.week_states
        members = np.flatnonzero(state != "not joined yet").tolist()
        state = dict(enumerate(state)) if self.week else {}
        posts = dict(enumerate(self.model.state.posts.tolist()))
        network = charts.answer_network(members, self.answers(), posts, state)
        counts = pd.DataFrame(self.history, index=range(1, self.week + 1))
        return network, charts.member_states(counts, self.weeks)


@solara.component
def GroupView(scenario: Scenario):
    """Play or step through one replicate of `scenario`."""
    generation, set_generation = solara.use_state(0)
    run = solara.use_memo(lambda: GroupRun(scenario), [scenario, generation])
    week, set_week = solara.use_state(0)
    playing, set_playing = solara.use_state(False)

    def step() -> None:
        run.step()
        set_week(run.week)

    def play(cancel: threading.Event) -> None:
        while playing and not cancel.is_set() and run.week < run.weeks:
            time.sleep(PLAY_PAUSE_SECONDS)
            step()
        if playing:
            set_playing(False)

    solara.use_thread(play, dependencies=[playing, run])

    def reset() -> None:
        set_playing(False)
        set_week(0)
        set_generation(generation + 1)

    network, states = solara.use_memo(run.figures, [run, week])
    with solara.Card("One group, week by week"):
        solara.Text("Replicate 1 of this scenario (the same teachers), one week per step.",
                    style={"color": "#666"})
        with solara.Row():
            solara.Button("Pause" if playing else "Play", icon_name="mdi-pause" if playing
                          else "mdi-play", on_click=lambda: set_playing(not playing),
                          disabled=run.week >= run.weeks)
            solara.Button("Step one week", on_click=step, disabled=playing or run.week >= run.weeks)
            solara.Button("Back to week 0", on_click=reset)
            solara.Text(f"Week {run.week} of {run.weeks}", classes=["group-week"])
        with solara.Columns([1, 1.2]):
            solara.FigureMatplotlib(network, format="png", dependencies=[run, week])
            solara.FigureMatplotlib(states, format="png", dependencies=[run, week])
        solara.Text(run.moderator(), classes=["group-moderator"])
        with solara.Div(classes=["group-members"]):
            solara.DataFrame(solara.use_memo(run.members, [run, week]), items_per_page=10)
