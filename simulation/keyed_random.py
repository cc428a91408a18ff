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


def uniforms(key: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Number `position` of stream `key` (broadcast), uniform on the open interval (0, 1)."""
    return ((_step(key, position) >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53


def normals(key: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Number `position` of stream `key` (broadcast), standard normal (inverse of its CDF)."""
    return ndtri(uniforms(key, position))


def poisson(key: np.ndarray, mean: float) -> np.ndarray:
    """One Poisson(`mean`) count per key (number 0 of each stream), by inverting the CDF."""
    u = uniforms(key, 0)
    support = np.arange(int(mean + 12 * np.sqrt(mean) + 12))
    return np.searchsorted(pdtr(support, mean), u, side="right")
