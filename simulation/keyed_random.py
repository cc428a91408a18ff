"""Random numbers addressed by key and position, drawn for many groups in one numpy pass.

A key names a stream (say: seed, replicate, group, "founders' states"), and the stream's k-th
number depends on the key and k alone: it is SplitMix64's output for the state key + (k + 1) * γ
(Steele, Lea and Flood 2014, the generator behind Java's SplittableRandom). So teacher k of a
group gets the same numbers however many teachers or groups are drawn (common random numbers),
and a thousand groups are drawn in a few array operations instead of a thousand seeded
generators (which cost ~40 µs a group and were most of the model's build).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri, pdtr

GAMMA = np.uint64(0x9E3779B97F4A7C15)  # SplitMix64's increment (odd; 2**64 / golden ratio)
# The streams of a group, keys(seed, replicate, group, stream): the founders' normals (the
# group's expertise centre at position 0, then founder k's columns at 1 + 8k ...), the founders'
# novice uniforms (position k), the newcomers' count, normals, novice uniforms and join days
# (`simulation.population`), whether some member is willing to lead (`emergent_leaders`), and
# the daily dynamics (`CommunityModel.uniforms`: one stream per day, keyed by the day).
FOUNDERS, NOVICES, NEWCOMERS, NEWCOMER_STATES, NEWCOMER_NOVICES, JOIN_DAYS, LEADERS, DAYS = range(8)


_ONE = np.uint64(1)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S1, _S2, _S3, _TOP_AND_HALF = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(10)


def _step(state, counter) -> np.ndarray:
    """SplitMix64's number `counter` after `state`: mix(state + (counter + 1) * GAMMA), modulo
    2**64, where mix is its output function, a bijection that scatters the bits. The wrap-around
    is the point: numpy warns of it for single numbers only, so every input becomes an array of
    at least one entry, and the arithmetic runs in place (this is the model's hottest code)."""
    z = np.array(counter, np.uint64, ndmin=1) + _ONE
    z *= GAMMA
    return mixed(z + np.array(state, np.uint64, ndmin=1))  # broadcast: either may be longer


def mixed(z: np.ndarray) -> np.ndarray:
    """SplitMix64's output function applied in place to `z` = state + (counter + 1) * GAMMA
    (for callers that compute that sum faster themselves, as `CommunityModel.uniforms`)."""
    z ^= z >> _S1
    z *= _M1
    z ^= z >> _S2
    z *= _M2
    z ^= z >> _S3
    return z


def keys(*parts) -> np.ndarray:
    """One stream key per entry of the (broadcast) non-negative integer `parts`, e.g.
    keys(seed, replicates, groups, FOUNDERS): each part is mixed into the key in turn (a single
    key comes back as an array of one)."""
    key = np.zeros(1, np.uint64)
    for part in parts:
        key = _step(key, part)
    return key


def subkeys(key: np.ndarray, part) -> np.ndarray:
    """Keys one part further down: keys(*parts, part) from `key` = keys(*parts) (broadcast)."""
    return _step(key, part)


def uniforms(key: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Number `position` of stream `key` (broadcast), uniform on the open interval (0, 1)."""
    return to_uniform(_step(key, position))


def to_uniform(z: np.ndarray) -> np.ndarray:
    """Mixed 64-bit numbers as uniforms on (0, 1): their top 53 bits k, centred, (k + 0.5) / 2**53,
    computed as (2k + 1) / 2**54 (one operation fewer; the same rounding to float64)."""
    u = z >> _TOP_AND_HALF
    u |= _ONE
    return np.multiply(u, 2.0**-54)


def normals(key: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Number `position` of stream `key` (broadcast), standard normal (inverse of its CDF)."""
    return ndtri(uniforms(key, position))


def poisson(key: np.ndarray, mean) -> np.ndarray:
    """One Poisson count per key (number 0 of each stream), by inverting the CDF; `mean` is one
    number or one per key (a count depends only on its key and its own mean)."""
    u = uniforms(key, 0)
    mean = np.broadcast_to(mean, u.shape)
    counts = np.zeros(u.shape, np.int64)
    for value in np.unique(mean):
        these = mean == value
        support = np.arange(int(value + 12 * np.sqrt(value) + 12))
        counts[these] = np.searchsorted(pdtr(support, value), u[these], side="right")
    return counts
