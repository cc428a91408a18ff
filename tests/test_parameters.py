"""Every assumption is a config key with a plausible range and a source
(simulation/parameters.py, `plausible_ranges`); docs/model.md's table of them is checked by
tests/test_generated_tables.py."""

import pytest

from simulation.config import ConfigError, load_settings, schema_fields
from simulation.parameters import POPULATION_ASSUMPTIONS, plausible_ranges


def test_every_behaviour_key_and_uncertain_population_value_has_a_plausible_range():
    settings = load_settings([])
    found = {a.key: a for a in plausible_ranges(settings)}
    behaviour = {key for key, _ in schema_fields() if key.startswith("behaviour.")}
    assert behaviour | {f"population.{k}" for k in POPULATION_ASSUMPTIONS} == set(found)
    fields = dict(schema_fields())
    for a in found.values():
        lo, hi = fields[a.key].metadata["range"]
        assert lo <= a.low <= a.value <= a.high <= hi, a
        assert a.source


def test_the_range_is_half_the_value_either_side_clipped_to_what_is_valid():
    ranges = {a.key: a for a in plausible_ranges(load_settings(["behaviour.learning_rate=0.2",
                                                                 "behaviour.engagement=0.9"]))}
    assert (ranges["behaviour.learning_rate"].low, ranges["behaviour.learning_rate"].high) == (0.1, 0.3)
    assert ranges["behaviour.engagement"].high == 1.0  # clipped to the valid range
    quiet = ranges["behaviour.quiet_days"]  # a whole number widens to whole numbers
    assert (quiet.low, quiet.high) == (7, 21)
    crowding = ranges["behaviour.chatbot_crowding"]  # declared: its default is 0
    assert (crowding.low, crowding.high) == (0.0, 0.5)


def test_a_context_can_declare_a_population_range():
    settings = load_settings(["+population.plausible={trust: [0.1, 0.5]}"])
    trust = next(a for a in plausible_ranges(settings) if a.key == "population.trust")
    assert (trust.low, trust.high) == (0.1, 0.5)


@pytest.mark.parametrize("plausible, message", [
    ("{trust: [0.6, 0.5]}", r"population.plausible.trust=\[0.6, 0.5\]: expected \[low, high\]"),
    ("{trust: [0.1, 1.5]}", r"population.plausible.trust"),
    ("{name: [0.0, 1.0]}", r"population.plausible.name: not an uncertain population value"),
])
def test_a_bad_population_range_is_a_config_error(plausible, message):
    with pytest.raises(ConfigError, match=message):
        load_settings([f"+population.plausible={plausible}"])


