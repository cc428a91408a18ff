"""Agents: teachers and the roles around them.

Numeric state lives in arrays owned by `CommunityModel` (one array per state, one row per
teacher), so mechanisms update every teacher of every group in one vectorised pass. The agents
here are views on those arrays: Mesa's AgentSet, the dashboard and tests can still talk about
one teacher, or one group's moderator, at a time.
"""

from __future__ import annotations

import mesa


def _state(name: str, doc: str) -> property:
    """A property that reads and writes row `self.index` of the model's `name` array."""

    def get(self):
        return getattr(self.model.state, name)[self.index].item()

    def set_(self, value):
        getattr(self.model.state, name)[self.index] = value

    return property(get, set_, doc=doc)


class Teacher(mesa.Agent):
    """A member of a group: reads, asks, answers, shares, reacts, goes quiet, leaves."""

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index

    motivation = _state("motivation", "willingness to spend time on the group, in [0, 1]")
    workload = _state("workload", "usual share of time taken by teaching, in [0, 1]")
    connectivity = _state("connectivity", "chance of having data and network on a day, in [0, 1]")
    trust = _state("trust", "psychological safety in the group, in [0, 1]")
    belonging = _state("belonging", "feeling part of the community, in [0, 1]")
    expertise = _state("expertise", "subject and pedagogical knowledge, in [0, 1]")
    novice = _state("novice", "early-career teacher")
    digital_literacy = _state("digital_literacy", "ease with the platform, in [0, 1]")
    propensity = _state("propensity", "heavy-tailed tendency to post (mean 1)")
    group = _state("group", "index of the group (replicate * groups + group)")
    posts = _state("posts", "messages written so far")

    @property
    def present(self) -> bool:
        """Joined and not left."""
        return bool(self.model.state.present[self.index])


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
