"""95% intervals across replicates (normal approximation), for tables, reports and charts.

Replicates are independent groups, so the interval of a mean over replicates is
mean +/- 1.96 * sd / sqrt(n). One replicate gives a zero-width interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

Z95 = 1.96


def mean_interval(values: pd.Series) -> tuple[float, float, float]:
    """(mean, low, high) of values across replicates; NaNs are ignored, all-NaN gives NaNs."""
    x = values.dropna().to_numpy(dtype=float)
    if len(x) == 0:
        return np.nan, np.nan, np.nan
    half = Z95 * x.std(ddof=1) / np.sqrt(len(x)) if len(x) > 1 else 0.0
    return x.mean(), x.mean() - half, x.mean() + half


def curve_with_band(weekly: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Mean of a weekly measure over replicates, by week, with its 95% interval
    (columns mean, low, high; one replicate gives a zero-width band)."""
    per_replicate = weekly.groupby(["week", "replicate"])[measure].mean().unstack()
    mean = per_replicate.mean(axis=1)
    n = per_replicate.notna().sum(axis=1)
    half = (Z95 * per_replicate.std(axis=1, ddof=1) / np.sqrt(n)).fillna(0)
    return pd.DataFrame({"mean": mean, "low": mean - half, "high": mean + half})
