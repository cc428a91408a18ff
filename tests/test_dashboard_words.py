"""Words a designer reads (issue 25, item 3): scenario titles in plain names, each indicator's
meaning, the teachers behind a card's level, a payment in dollars a week, and which controls
apply to a scenario."""

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from simulation.dashboard.controls import APPLIES_WHEN, applies, share_text
from simulation.dashboard.indicators import CARDS, counts_text
from simulation.dashboard.presets import CONTEXT_NAMES, CONTEXTS, POLICIES, POLICY_NAMES
from simulation.dashboard.scenario import (LABELS, PAYMENT, ROTATION, Scenario, preset_settings,
                                           presets)
from simulation.indicators import INDICATOR, INDICATORS

RAW = re.compile(r"policy\.|`|\w=\w|_")  # a config key, a backtick, an override, a preset's name


def test_every_preset_has_a_description_and_a_short_name():
    assert set(CONTEXTS) == set(CONTEXT_NAMES) == set(presets("population"))
    assert set(POLICIES) == set(POLICY_NAMES) == set(presets("policy"))


@pytest.mark.parametrize("scenario, title", [
    (Scenario(), "No support — Tanzania maths teachers"),
    (Scenario(policy="dime_recommended").set("policy.group_size", 20),
     "DIME's recommended package (Teachers per group: 20) — Tanzania maths teachers"),
    (Scenario(population="kenya_kplay", policy="kplay_blended").set("policy.kickoff", False)
     .set(PAYMENT, 0.25),
     "Kenya blended design (In-person kick-off workshop: no; Payment (share of the largest "
     "plausible): $0.50 a week) — Kenya school groups"),
])
def test_a_title_names_the_package_the_changes_and_the_context_in_plain_words(scenario, title):
    assert scenario.title() == title
    assert not RAW.search(scenario.title())


def test_the_payment_is_its_share_of_the_largest_plausible_weekly_payment_in_dollars():
    scenario = Scenario(policy="kplay_blended")  # half the largest plausible payment
    largest = preset_settings("tanzania_maths", "kplay_blended").costs.financial_per_teacher_week
    assert scenario.largest_payment() == largest
    assert scenario.value_text(PAYMENT) == f"${0.5 * largest:.2f} a week"
    value, of = share_text(PAYMENT, scenario.set(PAYMENT, 0.35))
    assert value == f"${0.35 * largest:.2f} a week per member paid"
    assert of == f"35% of the largest plausible payment, ${largest:.2f} a week"
    assert share_text("policy.homogeneity", scenario)[0] == "0.40"


@pytest.mark.parametrize("scenario, shown", [
    (Scenario(), set()),  # nobody moderates, nobody is paid
    (Scenario(policy="dime_recommended"), {ROTATION, "policy.moderator.style"}),
    (Scenario(policy="kplay_blended"), {"policy.moderator.style", "policy.incentive.kind"}),
    (Scenario(policy="dime_recommended").set("policy.moderator.mode", "bottom_up"),
     {"policy.moderator.style"}),  # a leader who emerges encourages in a style too
    # a timeline's later phase: teachers take turns from week 14; paid in weeks 1-8
    (Scenario(policy="pilot_then_handover"), {ROTATION, "policy.moderator.style"}),
    (Scenario(policy="paid_pilot"), {"policy.incentive.kind"}),
])
def test_a_control_that_does_not_apply_is_hidden(scenario, shown):
    assert {key for key in APPLIES_WHEN if applies(key, scenario)} == shown
    assert all(applies(key, scenario) for key in LABELS if key not in APPLIES_WHEN)


def test_every_card_says_what_it_means_in_one_plain_line():
    for indicator in INDICATORS:
        assert indicator.meaning and "\n" not in indicator.meaning and len(indicator.meaning) < 100
        assert not RAW.search(indicator.meaning), indicator.meaning


def run(weekly: dict, summary: dict) -> SimpleNamespace:
    """A run's tables: two replicates of two groups each."""
    ids = {"replicate": [0, 0, 1, 1], "group": [0, 1, 0, 1]}
    return SimpleNamespace(weekly=pd.DataFrame({**ids, **weekly}),
                           summary=pd.DataFrame({**ids, **summary}))


def test_a_cards_teachers_are_the_mean_group_of_the_summary_and_weekly_tables():
    result = run(weekly={"week": [12] * 4, "active": [4, 6, 5, 5], "members": [18, 20, 19, 19],
                         "left": [2, 0, 1, 1]},
                 summary={"members_end": [17, 19, 27, 29], "left": [3, 1, 3, 1],
                          "active_end": [2, 4, 3, 3], "silent_end": [9, 11, 10, 10]})
    assert counts_text(INDICATOR["retention_w12"], result) == "about 5 of 20 teachers who had joined"
    assert counts_text(INDICATOR["active_end"], result) == "12% of the 25 teachers who joined"
    assert counts_text(INDICATOR["left"], result) == "8% of the 25 teachers who joined"
    # the top 10% of 20 and of 30 members: 2 and 3
    assert counts_text(INDICATOR["top10_share"], result) == "written by 2.5 of 25 members"
    assert counts_text(INDICATOR["half_life_weeks"], result) is None
    assert counts_text(INDICATOR["retention_w26"], result) is None  # a run shorter than 26 weeks


def test_cards_on_a_real_run_count_what_the_summary_counts():
    result = Scenario(replicates=2, weeks=12).run()
    shown = {i.column: counts_text(i, result) for i in CARDS}
    joined = (result.summary.members_end + result.summary.left).groupby(
        result.summary.replicate).mean().mean()
    left = result.summary.left.groupby(result.summary.replicate).mean().mean()
    assert shown["left"] == f"{left / joined:.0%} of the {joined:.0f} teachers who joined"
    assert np.isclose(joined, 38, atol=15)  # Tanzania's groups of 38, open to newcomers
    assert shown["retention_w4"].startswith("about ")
