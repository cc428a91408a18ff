"""The statistics every comparison in copsim uses: intervals across replicates and paired tests.

Replicates are independent groups of teachers; scenarios compared in one run or experiment share
their teachers replicate by replicate (common random numbers), so a difference is paired by
replicate. One module serves the dashboard, the reports, `copsim-validate` and the mechanisms'
direction tests (`tests/mechanisms/conftest.py`), so a figure and the test behind it agree.

- `mean_interval`, `curve_with_band`: mean over replicates with a 95% percentile bootstrap
  interval (`BOOTSTRAP` seeded resamples of the replicates), which stays within the values'
  possible range (a share in [0, 1], a count >= 0) where a normal interval would not; one
  replicate gives a zero-width interval.
- `paired`: the per-replicate differences a - b, matched by replicate (at least `MIN_PAIRS`).
- `greater_p`: one-sided Wilcoxon signed-rank p that differences are > 0; `two_sided_p`.
- `bootstrap_interval`: percentile 95% interval over `BOOTSTRAP` seeded resamples.
- `paired_greater`: a > b as one `Comparison` (mean difference, its bootstrap interval, p).
- `variance_ratio`: var(a) / var(b) with a bootstrap interval and the one-sided Brown-Forsythe
  test (Levene's, median-centred, p halved for the direction).
- `cohen_d`: a standardised effect of per-member values a vs b (the same members):
  mean(a - b) / sd(b), with a bootstrap interval over replicates and the two-sided Wilcoxon p of
  the per-replicate mean differences.
A claim holds at `ALPHA` when its effect has the expected sign and p < ALPHA.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import levene, wilcoxon

ALPHA = 0.01
BOOTSTRAP = 2000
MIN_PAIRS = 10


@dataclass(frozen=True)
class Comparison:
    """An effect with its 95% interval and the p of its one-sided test; `null` is the effect of
    nothing (0 for a difference, 1 for a ratio)."""
    effect: float
    low: float
    high: float
    p: float
    null: float = 0.0

    def holds(self, alpha: float = ALPHA) -> bool:
        """The effect lies on the expected side of `null` and p < alpha."""
        return self.effect > self.null and self.p < alpha


def mean_interval(values: pd.Series) -> tuple[float, float, float]:
    """(mean, low, high) of values across replicates, a 95% percentile bootstrap interval; NaNs
    are ignored, all-NaN gives NaNs."""
    x = values.dropna().to_numpy(dtype=float)
    if len(x) == 0:
        return np.nan, np.nan, np.nan
    low, high = _bootstrap_means(x[None, :])
    return x.mean(), float(low[0]), float(high[0])


def curve_with_band(weekly: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Mean of a weekly measure over replicates, by week, with its 95% percentile bootstrap
    interval (columns mean, low, high; one replicate gives a zero-width band)."""
    per_replicate = weekly.groupby(["week", "replicate"])[measure].mean().unstack()
    mean = per_replicate.mean(axis=1)
    low, high = _bootstrap_means(per_replicate.to_numpy(dtype=float))
    return pd.DataFrame({"mean": mean, "low": low, "high": high}, index=per_replicate.index)


def _bootstrap_means(rows: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Per row (replicates in columns; NaN: missing), the 2.5% and 97.5% percentiles of the
    mean over `BOOTSTRAP` seeded resamples of the row's replicates."""
    low, high = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    rng = np.random.default_rng(seed)
    for n in np.unique((~np.isnan(rows)).sum(axis=1)):
        same = (~np.isnan(rows)).sum(axis=1) == n  # rows with n known values, resampled alike
        if n == 0:
            continue
        known = np.sort(np.where(np.isnan(rows[same]), np.inf, rows[same]), axis=1)[:, :n]
        means = known[:, rng.integers(0, n, size=(BOOTSTRAP, n))].mean(axis=2)
        low[same], high[same] = np.percentile(means, [2.5, 97.5], axis=1)
    return low, high


def paired(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Per-replicate differences a - b (Series indexed by replicate), matched by replicate;
    ValueError if fewer than MIN_PAIRS replicates have both values."""
    a, b = a.align(b, join="inner")
    d = (a - b).dropna().to_numpy(dtype=float)
    if len(d) < MIN_PAIRS:
        raise ValueError(f"only {len(d)} paired replicates with values (need {MIN_PAIRS})")
    return d


def greater_p(d: np.ndarray) -> float:
    """One-sided Wilcoxon signed-rank p that the differences d are > 0 (1 if all are zero)."""
    return 1.0 if not np.any(d != 0) else float(wilcoxon(d, alternative="greater").pvalue)


def two_sided_p(d: np.ndarray) -> float:
    """Two-sided Wilcoxon signed-rank p that the differences d are centred on 0 (1 if all zero)."""
    return 1.0 if not np.any(d != 0) else float(wilcoxon(d).pvalue)


def bootstrap_interval(x: np.ndarray, statistic=np.mean, seed: int = 0) -> tuple[float, float]:
    """Percentile 95% interval of `statistic` over BOOTSTRAP resamples (seeded)."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(x), size=(BOOTSTRAP, len(x)))
    stats = np.array([statistic(x[d]) for d in draws])
    return float(np.percentile(stats, 2.5)), float(np.percentile(stats, 97.5))


def greater(d: np.ndarray) -> Comparison:
    """Differences d > 0: their mean, its bootstrap interval and the one-sided Wilcoxon p."""
    return Comparison(float(d.mean()), *bootstrap_interval(d), greater_p(d))


def paired_greater(a: pd.Series, b: pd.Series) -> Comparison:
    """a > b, paired by replicate (`paired`, then `greater`)."""
    return greater(paired(a, b))


def variance_ratio(a: np.ndarray, b: np.ndarray) -> Comparison:
    """var(a) > var(b): the ratio, its bootstrap interval (seeded) and the one-sided
    Brown-Forsythe p."""
    ratio = float(a.var(ddof=1) / b.var(ddof=1))
    rng = np.random.default_rng(0)
    draws = [np.var(a[rng.integers(0, len(a), len(a))], ddof=1)
             / np.var(b[rng.integers(0, len(b), len(b))], ddof=1) for _ in range(BOOTSTRAP)]
    low, high = (float(np.percentile(draws, q)) for q in (2.5, 97.5))
    p2 = float(levene(a, b, center="median").pvalue)
    p = p2 / 2 if ratio > 1 else 1 - p2 / 2
    return Comparison(ratio, low, high, p, null=1.0)


def cohen_d(a: pd.Series, b: pd.Series) -> Comparison:
    """Cohen's d of per-member values `a` against `b`, both indexed by (replicate, member) and
    matched member by member: mean(a - b) / sd(b) (b: the reference, e.g. never-paid groups).
    Its 95% interval resamples whole replicates (seeded); p is the two-sided Wilcoxon p of the
    per-replicate mean differences (members of a group are not independent)."""
    a, b = a.align(b, join="inner")
    replicate = a.index.get_level_values(0).to_numpy()
    d, ref = (a - b).to_numpy(dtype=float), b.to_numpy(dtype=float)
    reps, rows = np.unique(replicate, return_inverse=True)
    if len(reps) < MIN_PAIRS:
        raise ValueError(f"only {len(reps)} replicates (need {MIN_PAIRS})")
    members = [np.flatnonzero(rows == r) for r in range(len(reps))]
    effect = float(d.mean() / ref.std(ddof=1))
    rng = np.random.default_rng(0)
    draws = []
    for _ in range(BOOTSTRAP):
        pick = np.concatenate([members[r] for r in rng.integers(0, len(reps), len(reps))])
        draws.append(d[pick].mean() / ref[pick].std(ddof=1))
    low, high = (float(np.percentile(draws, q)) for q in (2.5, 97.5))
    per_replicate = np.bincount(rows, weights=d) / np.bincount(rows)
    return Comparison(effect, low, high, two_sided_p(per_replicate))
