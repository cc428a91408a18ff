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


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's output function: a bijection of 64-bit integers that scatters their bits
    (called under `_step`'s errstate)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _step(state, counter) -> np.ndarray:
    """SplitMix64's number `counter` after `state`: mix(state + (counter + 1) * GAMMA), modulo
    2**64 (the wrap-around is the point, so numpy's overflow warning is silenced)."""
    with np.errstate(over="ignore"):
        return _mix(np.asarray(state, np.uint64) + (np.asarray(counter, np.uint64) + np.uint64(1)) * GAMMA)


def keys(*parts) -> np.ndarray:
    """One stream key per entry of the (broadcast) non-negative integer `parts`, e.g.
    keys(seed, replicates, groups, FOUNDERS): each part is mixed into the key in turn."""
    key = np.uint64(0)
    for part in parts:
        key = _step(key, part)
    return key


def subkeys(key: np.ndarray, part) -> np.ndarray:
    """Keys one part further down: keys(*parts, part) from `key` = keys(*parts) (broadcast)."""
    return _step(key, part)


def uniforms(key: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Number `position` of stream `key` (broadcast), uniform on the open interval (0, 1)."""
    return ((_step(key, position) >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53


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
