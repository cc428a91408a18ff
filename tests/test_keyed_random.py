"""Random numbers addressed by key and position (simulation/keyed_random.py), which draw the
initial teachers: they must look like independent uniform, normal and Poisson draws, and a
number must not depend on how many others are drawn with it.

The statistical checks are deterministic (fixed keys): Kolmogorov-Smirnov and chi-square tests
at p > 0.001 on 200,000 numbers, and correlations within 4 standard errors of zero.
"""

import numpy as np
import pytest
from scipy import stats

from simulation import keyed_random

N = 200_000
KEYS = keyed_random.keys(7, np.arange(N // 100), 3)  # 2,000 streams x 100 positions


def test_uniforms_are_uniform_on_the_open_unit_interval():
    u = keyed_random.uniforms(KEYS[:, None], np.arange(100)).ravel()
    assert 0 < u.min() and u.max() < 1
    assert stats.kstest(u, "uniform").pvalue > 0.001


def test_normals_are_standard_normal():
    z = keyed_random.normals(KEYS[:, None], np.arange(100)).ravel()
    assert stats.kstest(z, "norm").pvalue > 0.001
    assert abs(z.mean()) < 4 / np.sqrt(N) and abs(z.std() - 1) < 4 / np.sqrt(2 * N)


def test_neighbouring_positions_and_streams_are_uncorrelated():
    u = keyed_random.uniforms(KEYS[:, None], np.arange(100))
    limit = 4 / np.sqrt(u.size)
    assert abs(np.corrcoef(u[:, :-1].ravel(), u[:, 1:].ravel())[0, 1]) < limit  # positions k, k+1
    assert abs(np.corrcoef(u[:-1].ravel(), u[1:].ravel())[0, 1]) < limit  # groups g, g+1
    other_seed = keyed_random.uniforms(keyed_random.keys(8, np.arange(N // 100), 3)[:, None], np.arange(100))
    assert abs(np.corrcoef(u.ravel(), other_seed.ravel())[0, 1]) < limit


def test_a_number_depends_only_on_its_key_and_position():
    key = keyed_random.keys(1, 2, 3)
    alone = keyed_random.uniforms(key, np.array([5, 6]))
    assert np.array_equal(keyed_random.uniforms(key, np.arange(10))[5:7], alone)
    many = keyed_random.keys(1, np.array([0, 2, 5]), 3)
    assert many[1] == key


def test_keys_differ_with_every_part_and_its_place():
    grid = keyed_random.keys(0, *np.meshgrid(np.arange(300), np.arange(300)), 1)
    assert len(np.unique(grid)) == grid.size
    assert keyed_random.keys(1, 2) != keyed_random.keys(2, 1)
    assert keyed_random.keys(0, 0) != keyed_random.keys(0, 0, 0)


@pytest.mark.parametrize("mean", [0.0, 0.5, 26.0])
def test_poisson_counts_follow_their_distribution(mean):
    counts = keyed_random.poisson(keyed_random.keys(3, np.arange(20_000)), mean)
    if mean == 0:
        assert (counts == 0).all()
        return
    observed = np.bincount(counts)
    support = np.flatnonzero(stats.poisson.pmf(np.arange(len(observed)), mean) * len(counts) >= 5)
    expected = stats.poisson.pmf(support, mean) * len(counts)
    rest = len(counts) - expected.sum()
    f_obs = np.append(observed[support], len(counts) - observed[support].sum())
    assert stats.chisquare(f_obs, np.append(expected, rest)).pvalue > 0.001
