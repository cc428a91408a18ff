"""Agents: teachers and the roles around them.

Numeric state lives in arrays owned by `CommunityModel` (one array per state, one row per
teacher), so mechanisms update every teacher of every group in one vectorised pass. The agents
here are views on those arrays: Mesa's AgentSet, the dashboard and tests can still talk about
one teacher, or one group's moderator, at a time.
"""

from __future__ import annotations

import mesa

from simulation.state import Teachers, meaning


def _state(name: str) -> property:
    """A property that reads and writes row `self.index` of the model's `name` column (its
    meaning is the column's, `simulation.state.Teachers`)."""

    def get(self):
        return getattr(self.model.state, name)[self.index].item()

    def set_(self, value):
        getattr(self.model.state, name)[self.index] = value

    return property(get, set_, doc=meaning(Teachers, name))


class Teacher(mesa.Agent):
    """A member of a group: reads, asks, answers, shares, reacts, goes quiet, leaves.

    `model.teachers[i]` is teacher i (a row of `model.state`); its attributes read and write
    that row, e.g. `teacher.motivation`, `teacher.posts`, `teacher.present`."""

    COLUMNS = ("motivation", "workload", "connectivity", "trust", "belonging", "expertise",
               "novice", "digital_literacy", "propensity", "group", "present", "posts",
               "questions", "answers", "active_weeks", "join_day", "left_day")

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index


for _name in Teacher.COLUMNS:
    setattr(Teacher, _name, _state(_name))


class GroupRole(mesa.Agent):
    """A role attached to one group (moderator, supervisor, expert, chatbot)."""

    def __init__(self, model: mesa.Model, group: int) -> None:
        super().__init__(model)
        self.group = group


class Moderator(GroupRole):
    """The moderator role of a group: held by a teacher (fixed or rotating) or a facilitator (E3)."""

    @property
    def holder(self) -> int:
        """Teacher index holding the role, `board.FACILITATOR`, or `moderator.NO_HOLDER` when vacant."""
        return int(self.model.groups.holder[self.group])

    @property
    def hours(self) -> float:
        """Hours spent moderating so far (E9)."""
        return float(self.model.groups.moderator_hours_total[self.group])


class Supervisor(GroupRole):
    """A head teacher or district officer in the group (E5)."""


class Expert(GroupRole):
    """A subject expert answering and correcting (E15); seen as support or as an evaluator."""


class Chatbot(GroupRole):
    """An automated answerer for questions peers leave unanswered (E19)."""
