"""The moderator: prompts, encouragement, celebration, norms, and its time cost
(simulation/mechanisms/moderator.py; E3, E4, E9). Off-topic drift (E4) is in test_offtopic.py."""

import numpy as np
import pandas as pd
import pytest

from simulation.board import FACILITATOR
from simulation.mechanisms import moderator
from simulation.mechanisms.moderator import NO_HOLDER


def _contributor_share(result):
    m = result.members
    return (m.posts > 0).groupby(m.replicate).mean()


@pytest.mark.parametrize("mode", ["fixed", "rotating", "facilitator"])
def test_moderated_groups_keep_higher_participation_than_unmoderated(
        run, per_replicate, assert_paired_greater, mode):
    """E3: "moderated groups keep higher participation than unmoderated ones".

    Scenarios: policy.moderator.mode=<mode> vs none (nobody moderates). Test: one-sided paired Wilcoxon signed-rank test (alternative='greater') on
    per-replicate mean weekly active share, 20 replicates x 26 weeks, seed 3; p < 0.01 and a
    positive mean difference.
    """
    moderated = run(f"policy.moderator.mode={mode}")
    unmoderated = run()
    assert_paired_greater(per_replicate(moderated, "active_share"),
                          per_replicate(unmoderated, "active_share"), what=f"active share, {mode}")


def test_rotating_the_moderator_role_lowers_posting_inequality(run, assert_paired_greater):
    """E3: "rotation turns more members into contributors (lower inequality)".

    Scenarios: policy.moderator.mode=rotating vs fixed. Tests: one-sided paired Wilcoxon
    signed-rank tests (alternative='greater') on per-replicate Gini of posts (fixed minus
    rotating) and share of members who posted at least once (rotating minus fixed), 20
    replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference for both.
    """
    rotating = run("policy.moderator.mode=rotating")
    fixed = run("policy.moderator.mode=fixed")
    assert_paired_greater(fixed.summary.set_index("replicate").gini_posts,
                          rotating.summary.set_index("replicate").gini_posts, what="Gini of posts")
    assert_paired_greater(_contributor_share(rotating), _contributor_share(fixed),
                          what="share of members who posted")


@pytest.fixture(scope="module")
def moderated_run(fresh_model):
    """Run a CommunityModel week by week (20 replicates x 26 weeks, seed 3), recording who held
    the role each week and the week's hours. Returns (holders[week, group], hours[week, group],
    motivation of the initial holders[week, group]). Cached per scenario."""
    cache = {}

    def simulate_weeks(*overrides, weeks=26):
        if overrides not in cache:
            m = fresh_model(*overrides, replicates=20, weeks=weeks, seed=3)
            first = m.groups.holder.copy()
            holders, hours, first_motivation = [], [], []
            for _ in range(weeks):
                holders.append(m.groups.holder.copy())  # this week's holder accrues its hours
                m.run_for(7)
                hours.append(m.recorder.rows[-1]["moderator_hours"].copy())
                first_motivation.append(m.state.motivation[first].copy())
            cache[overrides] = np.array(holders), np.array(hours), np.array(first_motivation)
        return cache[overrides]

    return simulate_weeks


def test_a_fixed_moderator_burns_out(moderated_run, assert_paired_greater):
    """E9: "moderation costs the moderator time and motivation"; "a fixed moderator burns out
    over months".

    Scenarios: policy.moderator.mode=fixed with behaviour.burnout at its default vs 0 (same
    teacher holds the role in both). Metric: the moderator's own motivation at week 26. Test:
    one-sided paired Wilcoxon signed-rank test (alternative='greater'), burnout 0 minus default,
    20 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference. Also checks that
    under the default the moderator's motivation at week 26 is below its week-1 value in every
    replicate group.
    """
    held, _, costly = moderated_run("policy.moderator.mode=fixed")
    held0, _, free = moderated_run("policy.moderator.mode=fixed", "behaviour.burnout=0")
    assert np.array_equal(held[0], held0[0]), "the same teacher should hold the role"
    assert (held == held[0]).all(), "a fixed moderator keeps the role"
    assert_paired_greater(pd.Series(free[-1]), pd.Series(costly[-1]),
                          what="moderator motivation at week 26")
    assert (costly[-1] < costly[0]).all()


def test_rotation_spreads_the_moderation_load(moderated_run, assert_paired_greater):
    """E9: "rotation spreads the load".

    Scenarios: policy.moderator.mode=rotating (rotation_weeks=4) vs fixed. Metric per replicate
    group: the largest share of the group's moderator hours carried by one teacher. Test:
    one-sided paired Wilcoxon signed-rank test (alternative='greater'), fixed minus rotating,
    20 replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    def largest_share(holders, hours):
        shares = []
        for g in range(holders.shape[1]):
            by_teacher = pd.Series(hours[:, g]).groupby(holders[:, g]).sum()
            shares.append(by_teacher.max() / by_teacher.sum())
        return pd.Series(shares)

    fh, fhours, _ = moderated_run("policy.moderator.mode=fixed")
    rh, rhours, _ = moderated_run("policy.moderator.mode=rotating")
    assert (fhours.sum(axis=0) > 0).all() and (rhours.sum(axis=0) > 0).all()
    assert_paired_greater(largest_share(fh, fhours), largest_share(rh, rhours),
                          what="largest individual share of moderator hours")


def test_hand_over_gives_the_role_to_who_held_it_least_and_grants_ownership(fresh_model):
    """Unit: hand_over picks, per group, the present member with the fewest terms held (then the
    most motivated), counts the term and sets ownership to 1."""
    m = fresh_model("policy.moderator.mode=rotating")
    st, g = m.state, m.groups
    first = g.holder.copy()
    assert (st.terms_held[first] == 1).all() and (st.ownership[first] == 1).all()
    moderator.hand_over(m, np.arange(m.n_groups))
    second = g.holder.copy()
    assert not np.isin(second, first).any()
    for grp in range(m.n_groups):
        members = np.flatnonzero((st.group == grp) & st.present & ~np.isin(np.arange(m.n_teachers), first))
        assert second[grp] == members[np.argmax(st.motivation[members])]
    assert (st.terms_held[second] == 1).all() and (st.ownership[second] == 1).all()


def test_weekly_hours_cost_a_teacher_moderator_motivation(fresh_model):
    """Unit: weekly hours = moderator_base_hours + moderator_hours_per_message * messages; a
    teacher holder loses burnout * hours of motivation; a facilitator costs no teacher anything."""
    m = fresh_model("policy.moderator.mode=fixed")
    b = m.settings.behaviour
    assert b.burnout > 0 and b.moderator_base_hours > 0
    m.run_for(6)
    st, g = m.state, m.groups
    holder = g.holder.copy()
    st.motivation[holder] = 0.8
    st.last_post_day[:] = m.today.index  # nobody is "quiet": no encouragement
    st.posts_week[:] = 0                  # nobody to celebrate
    messages = np.bincount(m.board.events["group"][m.first_event_week:], minlength=m.n_groups)
    moderator.weekly(m, m.today)
    expected_hours = b.moderator_base_hours + b.moderator_hours_per_message * messages
    assert np.allclose(g.moderator_hours_week, expected_hours)
    assert np.allclose(st.motivation[holder], 0.8 - b.burnout * expected_hours)

    f = fresh_model("policy.moderator.mode=facilitator")
    f.run_for(6)
    assert (f.groups.holder == FACILITATOR).all()
    before = f.state.motivation.copy()
    f.state.last_post_day[:] = f.today.index  # nobody is "quiet": no encouragement
    f.state.posts_week[:] = 0                  # nobody to celebrate
    moderator.weekly(f, f.today)
    assert (f.groups.moderator_hours_week > 0).all()
    assert np.array_equal(f.state.motivation, before)


def test_unmoderated_groups_have_no_holder(fresh_model):
    """Unit: policy.moderator.mode=none leaves the role vacant."""
    m = fresh_model()
    assert (m.groups.holder == NO_HOLDER).all()


def test_the_ownership_lift_comes_with_the_first_role_only(fresh_model):
    """Unit: take_role lifts motivation by behaviour.ownership_lift * (1 - motivation) for a teacher who
    never held a role; a teacher who already has ownership (a second turn) gets no lift."""
    m = fresh_model()
    st = m.state
    newcomer, veteran = m.group_start[0], m.group_start[0] + 1
    st.motivation[[newcomer, veteran]] = 0.4
    st.ownership[veteran] = 1.0
    moderator.take_role(m, np.array([newcomer, veteran]))
    assert st.motivation[newcomer] == pytest.approx(0.4 + m.settings.behaviour.ownership_lift * 0.6)
    assert st.motivation[veteran] == 0.4
    assert st.ownership[newcomer] == 1.0


def test_personal_encouragement_wears_off_for_the_same_member(fresh_model):
    """Unit (E10, E14): with style personal and a facilitator (effort 1), a quiet member's n-th
    personal nudge lifts motivation by encouragement / (1 + (n - 1) / behaviour.encouragement_habituation)
    * (1 - motivation); the count of nudges received grows by one per week."""
    m = fresh_model("policy.moderator.mode=facilitator", "policy.moderator.style=personal",
                    "policy.group_size=2")
    b, st = m.settings.behaviour, m.state
    m.run_for(20)
    before = int(st.encouraged[0])        # nudges received in the first weeks
    lifts = []
    for n in range(3):
        st.last_post_day[:] = -1          # everyone quiet: both members of each group nudged
        st.motivation[:] = 0.5
        moderator._encourage(m, m.today, np.ones(m.n_groups))
        lifts.append(st.motivation[0] - 0.5)
        assert st.encouraged[0] == before + n + 1
    expected = [b.encouragement / (1 + (before + n) / b.encouragement_habituation) * 0.5
                for n in range(3)]
    assert lifts == pytest.approx(expected)
    assert lifts[0] > lifts[1] > lifts[2]


def test_a_facilitators_hours_are_spread_thinner_in_a_busier_group(fresh_model):
    """Unit (X4, E9): a facilitator has behaviour.facilitator_hours a week for a group: effort is
    min(1, facilitator_hours / hours needed) and the hours worked are capped there; a teacher
    moderator's effort is their motivation whatever the volume."""
    m = fresh_model("policy.moderator.mode=facilitator")
    b = m.settings.behaviour
    m.run_for(3)
    quiet, busy = np.zeros(m.n_groups), np.full(m.n_groups, 500.0)
    needed = b.moderator_base_hours + b.moderator_hours_per_message * 500
    assert needed > b.facilitator_hours > b.moderator_base_hours
    assert np.allclose(moderator.effort(m, quiet), 1.0)
    assert np.allclose(moderator.effort(m, busy), b.facilitator_hours / needed)

    t = fresh_model("policy.moderator.mode=fixed")
    t.run_for(3)
    holder = t.groups.holder
    assert np.allclose(moderator.effort(t, busy), t.state.motivation[holder])
