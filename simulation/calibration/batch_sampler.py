"""A pyabc sampler that simulates a generation's particles as batches on the batched engine.

pyabc hands a sampler `simulate_one`, which draws one particle, calls the model on it, and
decides whether to accept it: one particle at a time. Our engine is fastest when many parameter
sets run side by side in one model (`simulation.run.run_many`). `BatchSampler` gets both: it runs
`size` calls of `simulate_one`, each in its own thread, one after another up to the moment it
calls the model (`BatchSampler.model`, the function pyabc is given as its model), where the
call parks its parameters. When all `size` have parked, the batch is simulated in one go
(`simulate_batch`); then each call, again one after another and in the order they started, gets
its summary statistics back and finishes (distance, acceptance). Only one thread runs at a time,
so pyabc's random draws happen in the same order on every run: the same seed gives the same
posterior. Particles are taken in their order until `n` are accepted, as a sequential sampler
would; the rest of the last batch is discarded (it is not counted as evaluations).

The next batch's size is what the last batch's acceptance rate says is needed for the particles
still missing (`SLACK` more), between `MIN_BATCH` and `MAX_BATCH`.

The only pyabc internal used is `Sampler._create_empty_sample`, which pyabc's own samplers call
(tests/test_calibration_batch_sampler.py pins it).
"""

from __future__ import annotations

import gc
import math
import threading
from collections.abc import Callable

import numpy as np
from pyabc.sampler import Sampler

MIN_BATCH = 16
MAX_BATCH = 2048
SLACK = 1.2  # a batch proposes this many times the particles its acceptance rate says are needed


class BatchSampler(Sampler):
    """`simulate_batch(parameters: list[dict]) -> list[dict]` maps parameter sets to summary
    statistics (one model run for the lot); `progress(t, accepted, n, evaluations)` is told after
    each batch (t: pyabc's generation, -1 for the sample that calibrates the distance)."""

    def __init__(self, simulate_batch: Callable[[list[dict]], list[dict]],
                 progress: Callable[[int, int, int, int], None] | None = None) -> None:
        super().__init__()
        self.simulate_batch = simulate_batch
        self.progress = progress
        self._slot = threading.local()
        self._parked: list = []

    def model(self, parameters) -> dict:
        """The model pyabc calls: park this call's parameters, wait for the batch's result."""
        slot = self._slot.value
        slot.parameters = dict(parameters)
        slot.parked.set()
        slot.resume.wait()
        if slot.error is not None:
            raise slot.error
        return slot.statistics

    def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf,
                                all_accepted=False, ana_vars=None):
        # pyabc's database connections belong to this thread: let any it dropped be finalised
        # here, not in a particle's thread (SQLite refuses that, and SQLAlchemy logs it)
        gc.collect()
        sample = self._create_empty_sample()
        evaluations, size = 0, n
        while sample.n_accepted < n and evaluations < max_eval:
            particles = self._batch(simulate_one, size)
            accepted_before = sample.n_accepted
            for particle in particles:
                sample.append(particle)
                evaluations += 1
                if sample.n_accepted >= n or evaluations >= max_eval:
                    break
            rate = max(sum(p.accepted for p in particles), 1) / len(particles)
            missing = n - sample.n_accepted
            size = min(MAX_BATCH, max(MIN_BATCH, math.ceil(SLACK * missing / rate)))
            if self.progress:
                self.progress(t, sample.n_accepted, n, evaluations)
            if sample.n_accepted == accepted_before and all_accepted:
                break  # nothing accepted where everything should be: let pyabc report it
        self.nr_evaluations_ = evaluations
        if sample.n_accepted < n:
            sample.ok = False
        return sample

    def _batch(self, simulate_one: Callable, size: int) -> list:
        """Run `size` calls of `simulate_one` with their model calls simulated as one batch."""
        slots = [_Slot() for _ in range(size)]

        def call(slot: _Slot) -> None:
            self._slot.value = slot
            slot.go.wait()
            try:
                slot.particle = simulate_one()
            except BaseException as err:  # handed to the main thread, raised there
                slot.failure = err
            finally:
                slot.parked.set()
                slot.done.set()

        threads = [threading.Thread(target=call, args=(s,), daemon=True) for s in slots]
        for thread in threads:
            thread.start()
        try:
            for slot in slots:  # up to the model call, one at a time, in order
                slot.go.set()
                slot.parked.wait()
                if slot.failure is not None:
                    raise slot.failure
            found = self.simulate_batch([s.parameters for s in slots])
            for slot, statistics in zip(slots, found):
                slot.statistics = statistics
            for slot in slots:  # then each finishes, one at a time, in order
                slot.resume.set()
                slot.done.wait()
                if slot.failure is not None:
                    raise slot.failure
        finally:
            for slot in slots:  # after an error: release every call still waiting, to fail
                if slot.statistics is None:
                    slot.error = slot.error or _Abandoned("the batch failed")
                slot.go.set()
                slot.resume.set()
        return [s.particle for s in slots]


class _Abandoned(RuntimeError):
    """Raised in the calls of a batch that failed elsewhere, so that they end."""


class _Slot:
    """One call of `simulate_one` in a batch: its events and what it hands over."""

    def __init__(self) -> None:
        self.go, self.parked = threading.Event(), threading.Event()
        self.resume, self.done = threading.Event(), threading.Event()
        self.parameters: dict = {}
        self.statistics: dict | None = None
        self.particle = None
        self.failure: BaseException | None = None
        self.error: BaseException | None = None
