"""The Mesa agents are views on the state arrays: what a person reads or sets on one teacher is
that teacher's row, and the role agents follow the groups' columns. docs/model.md's example
(section 2.4) runs as written."""

import re
from pathlib import Path

import numpy as np

from simulation.agents import Chatbot, Expert, Moderator, Supervisor, Teacher
from simulation.config import load_settings
from simulation.model import CommunityModel

ROOT = Path(__file__).resolve().parent.parent


def _model(*overrides):
    model = CommunityModel(load_settings(["replicates=2", "weeks=4", *overrides]))
    model.run()
    return model


def test_a_teacher_agent_reads_and_writes_its_row():
    model = _model("policy=dime_recommended")
    st = model.state
    assert len(model.teachers) == model.n_teachers
    for i in (0, 7, model.n_teachers - 1):
        teacher = model.teachers[i]
        for column in Teacher.COLUMNS:
            assert getattr(teacher, column) == getattr(st, column)[i], column
    model.teachers[3].motivation = 0.123
    assert st.motivation[3] == 0.123
    assert model.agents_by_type[Teacher].select(lambda t: t.index == 3).to_list() == [model.teachers[3]]


def test_role_agents_exist_where_the_policy_has_the_role_and_follow_its_group():
    model = _model("policy=dime_recommended", "policy.supervisor=present", "policy.chatbot=true")
    types = model.agents_by_type
    for role in (Moderator, Supervisor, Expert, Chatbot):
        assert sorted(a.group for a in types[role]) == list(range(model.n_groups)), role
    for moderator in types[Moderator]:
        assert moderator.holder == model.groups.holder[moderator.group]
        assert moderator.hours == model.groups.moderator_hours_total[moderator.group] > 0
    none = _model("policy=none")
    assert set(none.agents_by_type) == {Teacher}


def test_the_documented_example_runs():
    text = (ROOT / "docs" / "model.md").read_text()
    code = re.search(r"<!-- example: agents -->\n```python\n(.*?)```", text, re.S)[1]
    namespace = {}
    exec(compile(code, "docs/model.md", "exec"), namespace)
    model = namespace["model"]
    assert namespace["teacher"] is model.teachers[0]
    quiet = namespace["quiet"]
    assert len(quiet) == int(np.sum(model.state.present & (model.state.posts == 0)))
