"""Configuration: presets compose, values are checked, and bad input names the key."""

import dataclasses

import pytest
import yaml

from simulation import ConfigError, simulate
from simulation.config import (CONFIG_DIR, BehaviourConfig, group_size, load_settings, to_yaml,
                               validate)

PRESETS = {
    group: sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))
    for group in ("population", "policy")
}


def test_the_presets_the_sources_call_for_exist():
    assert {"tanzania_maths", "kenya_kplay", "uk_online"} <= set(PRESETS["population"])
    assert {"none", "dime_recommended", "kplay_blended"} <= set(PRESETS["policy"])


@pytest.mark.parametrize("population", PRESETS["population"])
@pytest.mark.parametrize("policy", PRESETS["policy"])
def test_every_preset_pair_composes_and_validates(population, policy):
    settings = load_settings([f"population={population}", f"policy={policy}"])
    assert settings.population.name == population
    assert settings.policy.name == policy


@pytest.mark.parametrize("population", PRESETS["population"])
@pytest.mark.parametrize("policy", PRESETS["policy"])
def test_the_saved_config_is_the_yaml_omegaconf_writes(population, policy):
    from omegaconf import OmegaConf

    settings = load_settings([f"population={population}", f"policy={policy}",
                              "population.calendar.exam_weeks=[10,20]", "compare=[none]"])
    assert to_yaml(settings) == OmegaConf.to_yaml(OmegaConf.structured(settings))


def test_defaults_are_tanzania_without_support_for_a_year():
    s = load_settings()
    assert (s.population.name, s.policy.name, s.weeks, s.replicates) == (
        "tanzania_maths", "none", 52, 20)
    assert group_size(s) == 38  # 000: "Group 1 with 38 members"


def test_policy_group_size_overrides_the_contexts_usual_size():
    assert group_size(load_settings(["policy=dime_recommended"])) == 15
    assert group_size(load_settings(["policy.group_size=16"])) == 16


def test_every_policy_knob_named_in_the_design_exists():
    s = load_settings()
    for key in ("group_size", "supervisor", "kickoff", "meeting_every_weeks", "data_subsidy",
                "digital_training", "scheduled_slot", "experts", "chatbot", "ground_rules",
                "closed_membership", "homogeneity"):
        assert hasattr(s.policy, key), key
    assert {"mode", "rotation_weeks", "style"} <= {f.name for f in dataclasses.fields(s.policy.moderator)}
    assert {"financial", "recognition"} <= {f.name for f in dataclasses.fields(s.policy.incentive)}


def test_validated_settings_are_read_only():
    s = load_settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.weeks = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.policy.moderator.mode = "fixed"


@pytest.mark.parametrize(
    "override, key, hint",
    [
        ("weeks=0", "weeks", "allowed [1, 520]"),
        ("replicates=-1", "replicates", "out of range"),
        ("policy.homogeneity=1.5", "policy.homogeneity", "[0.0, 1.0]"),
        ("policy.homogeneity=nan", "policy.homogeneity", "finite"),
        ("policy.homogeneity=inf", "policy.homogeneity", "finite"),
        ("policy.homogeneity=abc", "policy.homogeneity", "Float"),
        ("policy.moderator.mode=sometimes", "policy.moderator.mode", "none|bottom_up|fixed|rotating|facilitator"),
        ("policy.supervisor=maybe", "policy.supervisor", "absent|present"),
        ("policy.experts=many", "policy.experts", "none|support|evaluator"),
        ("policy.kickoff=perhaps", "policy.kickoff", "true or false"),
        ("policy.kickoff=2", "policy.kickoff", "true or false"),
        ("population.connectivity=-0.1", "population.connectivity", "[0.0, 1.0]"),
        ("behaviour.learning_rate=2", "behaviour.learning_rate", "[0.0, 1.0]"),
        ("policy=nonsense", "policy=nonsense", "dime_recommended"),
        ("population=mars", "population=mars", "tanzania_maths"),
        ("unknown_key=1", "unknown_key", "not in"),
        ("policy.moderator.rotation_weeks=60", "policy.moderator.rotation_weeks", "weeks=52"),
        ("compare=[none,foo]", "compare", "no such policy preset"),
        ("population.calendar.exam_weeks=[0]", "population.calendar.exam_weeks", "1 to 520"),
    ],
)
def test_a_bad_value_is_a_config_error_naming_key_and_allowed_values(override, key, hint):
    extra = ["policy.moderator.mode=rotating"] if "rotation_weeks" in override else []
    with pytest.raises(ConfigError) as info:
        simulate([*extra, override])
    assert key in str(info.value)
    assert hint in str(info.value)


def test_a_malformed_override_is_a_config_error():
    with pytest.raises(ConfigError, match="weeks"):
        load_settings(["weeks=[1"])


@pytest.mark.parametrize("override, key", [("+policy.extra=1", "policy.extra"),
                                           ("+policy.moderator.colour=red", "policy.moderator.colour"),
                                           ("+budget=5", "budget")])
def test_a_key_the_schema_lacks_is_refused_even_when_added_with_plus(override, key):
    """Hydra's `+key=value` adds a key the schema lacks; the run would silently ignore it."""
    with pytest.raises(ConfigError, match=f"{key}: not a setting"):
        load_settings([override])


@pytest.mark.parametrize("key", ["_target_", "_partial_", "_args_"])
def test_configs_cannot_name_python_objects(key):
    with pytest.raises(ConfigError, match=key):
        load_settings([f"+policy.{key}=os.system"])
    with pytest.raises(ConfigError, match=key):
        validate({"policy": {key: "subprocess.run"}})


def test_validate_accepts_a_plain_dictionary_for_notebooks():
    s = validate(load_settings_dict())
    assert s.policy.name == "dime_recommended"


def load_settings_dict():
    from omegaconf import OmegaConf

    from simulation.config import compose_config

    return OmegaConf.to_container(compose_config(["policy=dime_recommended"]))


def test_every_behaviour_constant_says_what_it_is_and_where_it_comes_from():
    """Each behaviour key has a meaning and a source ("assumption" or a source of its
    direction) in the schema, and a value in configs/behaviour/default.yaml."""
    values = yaml.safe_load((CONFIG_DIR / "behaviour/default.yaml").read_text())
    for f in dataclasses.fields(BehaviourConfig):
        assert f.metadata.get("help"), f"behaviour.{f.name}: no help in the schema"
        assert f.metadata.get("source"), f"behaviour.{f.name}: no source in the schema"
        assert f.name in values, f"behaviour.{f.name}: no value in default.yaml"


def test_every_population_default_carries_a_source_or_says_it_is_an_assumption():
    """Issue 3: each population default carries a comment with its source or says it is an
    assumption."""
    for path in (CONFIG_DIR / "population").glob("*.yaml"):
        for line in path.read_text().splitlines():
            if ":" in line and not line.lstrip().startswith(("#", "-", "name:", "calendar:")):
                if line.split(":")[1].split("#")[0].strip() == "":
                    continue
                comment = line.split("#", 1)[1] if "#" in line else ""
                assert comment.strip(), f"{path.name}: '{line.strip()}' has no source comment"


@pytest.mark.parametrize("data", [
    {"a": 1, "b": 0.1, "c": 1e17, "d": 1e-05, "e": float("inf"), "f": -float("inf"),
     "g": float("nan"), "h": True, "i": None, "j": "word", "k": [], "l": {}, "m": [1, 2],
     "n": {"o": {"p": "q_r"}}},
    {"s": "null"}, {"s": "yes"}, {"s": "1.5"}, {"s": "two words"}, {"s": "a:b"}, {"s": ""},
    {"s": "é"}, {"1": 2}, {"s": [{"start": 1, "set": {"moderator.mode": "fixed"}}]},
    ["a=1", "policy.x=y z"],
])
def test_yaml_text_writes_what_pyyaml_writes(data):
    """The direct writer for simple configs gives PyYAML's text, and leaves the rest to it."""
    from simulation.config import _dumped, yaml_text

    assert yaml_text(data) == _dumped(data)


@pytest.mark.parametrize("overrides", [["policy=dime_recommended"], ["experiment=timelines"],
                                       ["policy=pilot_then_handover", "population=uk_online"]])
def test_a_saved_config_is_the_text_omegaconf_writes(overrides):
    from omegaconf import OmegaConf

    from simulation.config import compose_config

    from simulation.config import yaml_text

    cfg = compose_config(overrides)
    assert yaml_text(OmegaConf.to_container(cfg, resolve=False)) == OmegaConf.to_yaml(cfg)
