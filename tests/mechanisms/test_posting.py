"""Heavy-tailed posting with a rich-get-richer loop through belonging
(simulation/mechanisms/posting.py; E2)."""

import numpy as np

from simulation.mechanisms import posting

RARELY = 6  # fewer than about one post a month over 26 weeks


def test_posts_are_heavy_tailed_and_most_members_read_without_posting(run, per_replicate,
                                                                      assert_paired_greater,
                                                                      assert_greater):
    """E2: "posts are heavy-tailed: top 10% of members write most posts, most members post rarely
    or never but still read".

    Scenario: policy=none, 20 replicates x 26 weeks, seed 3. Tests (one-sided Wilcoxon
    signed-rank, p < 0.01, right sign): (a) one-sample, top10_share - 0.4 > 0; (b) one-sample,
    share of members with fewer than 6 posts (about one a month) - 0.5 > 0; (c) paired, mean
    posts per member > median posts per member (right skew); (d) paired, mean weekly reading
    share > mean weekly active share.
    """
    r = run()
    assert_greater(r.summary.top10_share - 0.4, "top 10% share of posts - 0.4")
    posts = r.members.groupby("replicate").posts
    assert_greater((r.members.posts < RARELY).groupby(r.members.replicate).mean() - 0.5,
                   "share of members posting rarely - 0.5")
    assert_paired_greater(posts.mean(), posts.median(), what="mean vs median posts per member")
    assert_paired_greater(per_replicate(r, "reading_share"), per_replicate(r, "active_share"),
                          what="reading share vs active share")


def test_wider_spread_of_posting_propensity_concentrates_posts(run, assert_paired_greater):
    """E2: heterogeneous posting propensity is what makes a few super-users.

    Scenarios: population.propensity_sigma=1.2 (Tanzania) vs 0.3. Test: one-sided paired
    Wilcoxon signed-rank test (alternative='greater') on per-replicate Gini of posts, 20
    replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference.
    """
    wide = run().summary.set_index("replicate")
    narrow = run("population.propensity_sigma=0.3").summary.set_index("replicate")
    assert_paired_greater(wide.gini_posts, narrow.gini_posts, what="Gini of posts")


def test_belonging_feedback_concentrates_posting(run, assert_paired_greater):
    """E2: "a rich-get-richer loop (posting -> belonging -> more posting)" should concentrate
    posts on those who already post.

    Scenarios: behaviour.belonging_feedback=0.03 (default) vs 0. Test: one-sided paired
    Wilcoxon signed-rank test (alternative='greater') on per-replicate Gini of posts, 320
    replicates x 26 weeks, seed 3; p < 0.01 and a positive mean difference. The effect is
    0.007-0.022 of Gini depending on the seed: at 40 replicates p ranged from 0.004 to 0.17 over
    seeds 3-6; at 160 it was below 0.0011 on seeds 3-6 but 0.046 on seed 8.
    """
    loop = run(replicates=320).summary.set_index("replicate")
    no_loop = run("behaviour.belonging_feedback=0", replicates=320).summary.set_index("replicate")
    assert_paired_greater(loop.gini_posts, no_loop.gini_posts, what="Gini of posts")


def test_posting_builds_belonging_per_message_and_silence_erodes_it(fresh_model):
    """Unit: belong() raises belonging once per message written today (k messages: belonging
    moves a share 1 - (1 - belonging_feedback)^k of the way to 1), and lowers it slowly, by
    behaviour.belonging_fade * belonging_feedback * belonging, for present members who wrote nothing."""
    m = fresh_model()
    fb = m.settings.behaviour.belonging_feedback
    m.run_for(7)
    st = m.state
    st.posted[:] = np.arange(m.n_teachers) % 3  # 0, 1 or 2 messages today
    before = st.belonging.copy()
    posting.belong(m, m.today)
    one, two = st.posted == 1, st.posted == 2
    silent = st.present & (st.posted == 0)
    assert np.allclose(st.belonging[one], before[one] + fb * (1 - before[one]))
    assert np.allclose(st.belonging[two], before[two] + (1 - (1 - fb) ** 2) * (1 - before[two]))
    assert (st.belonging[two] - before[two] > st.belonging[one].mean() - before[one].mean()).any()
    assert np.allclose(st.belonging[silent], before[silent] * (1 - m.settings.behaviour.belonging_fade * fb))


def test_tendency_rises_with_belonging_ownership_and_prompts(fresh_model):
    """Unit: tendency = propensity * (0.5 + belonging) * (1 + ownership * ownership_i)
    * (1 + prompt_boost * prompted_g)."""
    m = fresh_model()
    st, g, b = m.state, m.groups, m.settings.behaviour
    st.ownership[::2] = 1.0
    g.prompted[0] = True
    expected = (st.propensity * (0.5 + st.belonging) * (1 + b.ownership * st.ownership)
                * (1 + b.prompt_boost * g.prompted[st.group]))
    assert np.allclose(posting.tendency(m), expected)


def test_todays_readers_include_a_prompting_moderator_and_carry_their_tendency(fresh_model):
    """Unit: `gather_readers` (after the prompts) gives today's readers, a moderator who posted
    a prompt among them, and each one's tendency to post, prompt included."""
    m = fresh_model("policy.moderator.mode=fixed")
    m.run_for(6)
    st, g = m.state, m.groups
    holder = g.holder[0]
    st.reading[:] = False
    st.online[holder] = True
    m.publish("prompt", np.array([holder]), groups=np.array([0]))
    g.prompted[:] = False
    g.prompted[0] = True
    posting.gather_readers(m, m.today)
    assert np.array_equal(m.readers, [holder])
    g.prompted[0] = False
    unprompted = posting.tendency(m, m.readers)
    assert np.allclose(m.readers_tendency, unprompted * (1 + m.settings.behaviour.prompt_boost))
