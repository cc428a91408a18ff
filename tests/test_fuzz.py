"""Config fuzzing (Hypothesis): any valid config runs and keeps every invariant; any invalid
value is a ConfigError that names its key. Strategies are read from the schema's own declared
ranges and choices, so they follow the schema as it changes."""

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_invariants import check_state

from simulation import ConfigError, load_settings
from simulation.config import FIXED_FOR_THE_RUN, schema_fields
from simulation.metrics import weekly_table
from simulation.model import CommunityModel

# Knobs a user turns; behaviour constants are fuzzed within their ranges too.
SECTIONS = ("population", "policy", "behaviour")
SKIP = {"population.name", "policy.name", "population.group_size", "policy.group_size",
        "population.calendar.holiday_weeks", "population.calendar.exam_weeks",
        "policy.phases",  # timelines: `timelines`, below
        "population.plausible"}  # ranges for analyses, not read by the model


FIELDS = [(key, f) for key, f in schema_fields()
          if key.split(".")[0] in SECTIONS and key not in SKIP]
# Knobs a phase may change (rotation weeks and meetings: drawn within the horizon by the config)
SWITCHABLE = [(key, f) for key, f in FIELDS if key.startswith("policy.")
              and key.split(".")[1] not in FIXED_FOR_THE_RUN
              and key not in ("policy.moderator.rotation_weeks", "policy.meeting_every_weeks")]


def valid_value(f):
    if "choices" in f.metadata:
        return st.sampled_from(f.metadata["choices"])
    if "range" in f.metadata:
        lo, hi = f.metadata["range"]
        if f.type in (int, "int"):
            return st.integers(int(lo), int(min(hi, 60)))
        return st.one_of(st.just(float(lo)), st.just(float(hi)),
                         st.floats(float(lo), float(hi), allow_nan=False))
    return st.booleans()


def fmt(value):
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return repr(value)
    return str(value)


@st.composite
def timelines(draw, weeks: int) -> str:
    """A valid `policy.phases` override: up to two phases in order within the horizon, each
    setting one to three switchable knobs to allowed values."""
    phases, start = [], 1
    for _ in range(draw(st.integers(0, 2))):
        if start > weeks:
            break
        end = draw(st.integers(start, weeks))
        every = draw(st.integers(1, 3))
        knobs = draw(st.lists(st.sampled_from(SWITCHABLE), min_size=1, max_size=3,
                              unique_by=lambda kf: kf[0]))
        sets = ",".join(f"{key.removeprefix('policy.')}:{fmt(draw(valid_value(f)))}"
                        for key, f in knobs)
        phases.append(f"{{start:{start},end:{end},every:{every},set:{{{sets}}}}}")
        start = end + 1
    return f"policy.phases=[{','.join(phases)}]"


@st.composite
def valid_configs(draw):
    chosen = draw(st.lists(st.sampled_from(FIELDS), max_size=12, unique_by=lambda kf: kf[0]))
    overrides = [f"{key}={fmt(draw(valid_value(f)))}" for key, f in chosen]
    weeks = draw(st.integers(1, 6))
    overrides.append(draw(timelines(weeks)))
    overrides += [
        f"weeks={weeks}",
        f"policy.group_size={draw(st.one_of(st.integers(2, 40), st.just(2)))}",
        f"replicates={draw(st.integers(1, 2))}",
        f"groups={draw(st.integers(1, 2))}",
        f"policy.moderator.rotation_weeks={draw(st.integers(1, weeks))}",
        f"policy.meeting_every_weeks={draw(st.integers(0, weeks))}",
    ]
    return overrides


def run_and_check(overrides):
    model = CommunityModel(load_settings([*overrides, "progress=false"]))
    for _ in range(model.settings.weeks):
        model.run_for(7)
        check_state(model)
    weekly = weekly_table(model)
    numbers = weekly.drop(columns=["answered_share", "median_reply_hours", "offtopic_share",
                                   "incorrect_share"]).to_numpy(dtype=float)
    assert not np.isnan(numbers).any(), "NaN in a column that always has a value"
    assert (weekly[["members", "posts", "questions", "answers", "left"]] >= 0).all().all()
    assert (weekly.groupby(["replicate", "group"]).answers.cumsum()
            <= weekly.groupby(["replicate", "group"]).questions.cumsum()).all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_configs())
@example(["policy.group_size=2", "weeks=1", "replicates=1"])
@example(["policy.group_size=2000", "weeks=2", "replicates=1"])
@example(["population.connectivity=0.0", "weeks=3", "replicates=2"])
@example(["population.novice_share=1.0", "policy.supervisor=present", "weeks=3"])
@example(["population.motivation=0.0", "population.trust=0.0", "weeks=4", "replicates=1"])
@example(["policy=dime_recommended", "weeks=1", "policy.moderator.rotation_weeks=1"])
@example(["policy=pilot_then_handover", "weeks=16", "replicates=1"])
def test_any_valid_config_runs_and_keeps_every_invariant(overrides):
    run_and_check(overrides)


def invalid_values(f):
    """Values outside what `f` allows, as override text."""
    bad = [st.sampled_from(["nan", "inf", "-inf"]) if "range" in f.metadata else st.nothing()]
    if "range" in f.metadata:
        lo, hi = f.metadata["range"]
        bad.append(st.floats(1e-3, 1e6).map(lambda d: fmt(float(hi) + d)))
        bad.append(st.floats(1e-3, 1e6).map(lambda d: fmt(float(lo) - d)))
        bad.append(st.text("abcxyz", min_size=1, max_size=6))
    elif "choices" in f.metadata:
        bad.append(st.text("qwxz", min_size=1, max_size=8))
    else:
        bad.append(st.sampled_from(["maybe", "2", "yes please"]))
    return st.one_of(*bad)


@st.composite
def invalid_overrides(draw):
    key, f = draw(st.sampled_from(FIELDS))
    return key, f"{key}={draw(invalid_values(f))}"


@settings(max_examples=150, deadline=None)
@given(invalid_overrides())
def test_any_invalid_value_is_a_config_error_naming_its_key(case):
    key, override = case
    try:
        load_settings([override])
    except ConfigError as exc:
        assert key in str(exc), f"{override!r} -> {exc}"
    else:
        value = override.split("=", 1)[1]
        raise AssertionError(f"{override!r} was accepted ({value} is not allowed)")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["population", "policy", "behaviour"]),
       st.text("abcdefghij_", min_size=3, max_size=12))
def test_an_unknown_key_is_a_config_error_naming_it(section, name):
    key = f"{section}.{name}_unknown"
    try:
        load_settings([f"{key}=1"])
    except ConfigError as exc:
        assert f"{name}_unknown" in str(exc)
    else:
        raise AssertionError(f"{key} was accepted")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["population", "policy"]), st.text("klmnopqrst", min_size=2, max_size=10))
def test_a_missing_preset_is_a_config_error_listing_the_presets(group, name):
    try:
        load_settings([f"{group}={name}"])
    except ConfigError as exc:
        assert f"{group}={name}" in str(exc) and "allowed" in str(exc)
    else:
        raise AssertionError(f"{group}={name} was accepted")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["weeks=[1", "=3", "weeks==3", "policy..kickoff=true", "weeks=1,",
                        "policy.homogeneity=}", "seed=range(", "replicates='2"]))
def test_a_malformed_override_is_a_config_error(override):
    try:
        load_settings([override])
    except ConfigError as exc:
        assert str(exc)
    else:
        raise AssertionError(f"{override!r} was accepted")
