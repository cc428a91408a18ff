"""The headline indicators and how they are written (simulation/indicators.py)."""

import numpy as np
import pandas as pd

from simulation.indicators import INDICATOR, difference, difference_text, level_text
from simulation.statistics import mean_interval


def summary(values, groups=2):
    """A summary table: one row per (replicate, group), replicate r's groups holding values[r]."""
    return pd.DataFrame({"replicate": np.repeat(np.arange(len(values)), groups),
                         "retention_w12": np.repeat(values, groups),
                         "cost_per_teacher": np.repeat(values, groups) * 1000})


def test_a_difference_is_paired_by_replicate():
    """The reference differs from the scenario by exactly 0.05 in every replicate, though the
    replicates differ a lot: the paired difference is 0.05 with no spread."""
    base = np.array([0.1, 0.4, 0.2, 0.7])
    mean, low, high = difference(INDICATOR["retention_w12"], summary(base + 0.05), summary(base))
    assert np.isclose(mean, 0.05) and np.isclose(low, 0.05) and np.isclose(high, 0.05)
    # unpaired, the intervals of the two levels overlap almost entirely
    assert level_text(INDICATOR["retention_w12"], summary(base)).startswith("35%")


def test_shares_are_written_in_points_and_money_in_dollars():
    share, cost = INDICATOR["retention_w12"], INDICATOR["cost_per_teacher"]
    base = np.array([0.1, 0.4, 0.2, 0.7])
    assert difference_text(share, summary(base + 0.0123), summary(base)) == "+1.23 pts [+1.23, +1.23]"
    assert difference_text(cost, summary(base + 0.0123), summary(base)) == "+$12 [+$12, +$12]"
    assert share.format(0.35712) == "35.7%" and cost.format(1342.4) == "$1,342"
    assert share.change(-0.004567) == "-0.457" and cost.change(-120.4) == "-$120"
    assert difference_text(share, summary([np.nan] * 3), summary([0.1] * 3)) == "n/a"


def test_intervals_stay_within_what_a_value_can_be():
    """Issue 22: a share near 0 over 5 replicates (0, 0, 0, 0, 0.01): a normal interval would go
    below 0; the bootstrap interval does not, and is zero-width for one replicate."""
    mean, low, high = mean_interval(pd.Series([0, 0, 0, 0, 0.01]))
    assert mean == 0.002 and low == 0 and 0 < high <= 0.01
    assert mean_interval(pd.Series([0.3])) == (0.3, 0.3, 0.3)


def test_a_negative_dollar_amount_is_written_with_the_sign_before_the_dollar():
    """Issue: Compare showed "$-1,336" (a scenario cheaper than the baseline and better: its cost
    per additional active teacher-week is negative)."""
    cost = INDICATOR["cost_per_teacher"]
    assert cost.format(-1336.2) == "-$1,336" and cost.format(1336.2) == "$1,336"
    assert cost.change(-1336.2) == "-$1,336" and cost.change(1336.2) == "+$1,336"
    assert cost.change_interval(-12.0, -16.3, -8.9) == "-$12 [-$16, -$9]"
    base = np.array([0.1, 0.4, 0.2, 0.7])
    assert level_text(cost, summary(base - 1.4)) == "-$1,050 [-$1,250, -$825]"


def test_no_negative_zero_is_ever_written():
    """Issue: '0% [-0%, 0%]'. A value written as zero has no minus sign: a negative zero, a few
    cents below zero, or floating-point residue of a sum of differences that cancel."""
    share, count, cost = (INDICATOR[c] for c in ("retention_w12", "left", "cost_per_teacher"))
    residue = np.mean([0.1, 0.2, -0.3])  # 1.85e-17, not 0
    for value in (0.0, -0.0, -residue, residue):
        assert share.format(value) == "0%" and count.format(value) == "0"
        assert share.change(value) == "+0" and count.change(value) == "+0"
        assert share.change_interval(value, value, value) == "+0 pts [+0, +0]"
    for value in (-0.0, -0.3, 0.4):
        assert cost.format(value) == "$0" and cost.change(value) == "+$0"
    assert share.format(-0.0) + level_text(share, summary([-0.0] * 4)) == "0%0% [0%, 0%]"
    assert share.format(0.00123) == "0.123%" and share.change(-0.0000123) == "-0.00123"


def test_an_interval_of_a_count_or_share_stays_at_or_above_zero():
    """Issue: intervals below zero for counts. Replicates (0, 0, 0, 0, 1) of a count: a normal
    interval (mean -/+ 1.96 sd / sqrt(n)) reaches -0.19; the interval shown starts at 0."""
    left, share = INDICATOR["left"], INDICATOR["retention_w12"]
    counts = pd.DataFrame({"replicate": range(5), "left": [0, 0, 0, 0, 1]})
    assert level_text(left, counts) == "0.2 [0, 0.6]"
    assert level_text(share, summary([0, 0, 0, 0, 0.01])) == "0.2% [0%, 0.6%]"
