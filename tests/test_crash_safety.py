"""Nothing is lost: failed writes leave earlier results intact, with a clear error."""

import errno
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from simulation import RunResult, simulate

COPSIM = Path(sys.executable).parent / "copsim"


@pytest.fixture(scope="module")
def result():
    return simulate(["replicates=2", "weeks=3"], seed=1)


def test_a_full_disk_during_save_leaves_the_earlier_result_intact(result, tmp_path, monkeypatch):
    target = result.save(tmp_path / "run")
    calls = {"n": 0}
    original = pq.write_table

    def fail_on_second_table(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr(pq, "write_table", fail_on_second_table)
    with pytest.raises(OSError, match="No space left"):
        result.save(target)
    monkeypatch.undo()
    pd.testing.assert_frame_equal(RunResult.load(target).weekly, result.weekly)
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no staging left behind


def test_an_unwritable_output_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where a folder should be")
    done = subprocess.run([str(COPSIM), "replicates=1", "weeks=1", "progress=false",
                           f"hydra.run.dir={blocker}/run"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert str(blocker) in done.stderr
    assert blocker.read_text() == "a file where a folder should be"


def test_a_sweep_killed_again_and_again_still_ends_identical(tmp_path):
    """SIGKILL at three random moments (seeded), resuming after each: the final dataset equals an
    uninterrupted sweep's, and no interrupted point is ever read as complete."""
    import os
    import random
    import signal
    import time

    from test_sweep import dataset_tables, sweep

    from simulation.sweep import point_status

    # 30 points, one job each (~9 s; batched into jobs they took ~4.5 s, so the first kill,
    # 4.4 s in, could miss the sweep): long enough that a kill 3-9 s in lands mid-sweep
    args = ["policy.group_size=8,16,24,32,40", "seed=range(6)", "weeks=40", "replicates=6",
            "hydra.sweeper.points_per_job=1"]
    reference = tmp_path / "reference"
    assert sweep(reference, *args, launcher="basic").returncode == 0

    killed = tmp_path / "killed"
    rng = random.Random(8)
    command = [str(COPSIM), "-m", *args, f"hydra.sweep.dir={killed}", "hydra/launcher=basic"]
    kills = 0
    for _ in range(3):
        process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(3.0, 9.0))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        for point in (p for p in killed.iterdir() if p.is_dir()) if killed.exists() else []:
            if point_status(point) != "done":
                assert not (point / "result" / "manifest.json").exists()
    assert kills >= 1, "the sweep finished before any kill: make it longer"
    assert sweep(killed, *args, launcher="basic").returncode == 0
    resumed, expected = dataset_tables(killed), dataset_tables(reference)
    for name in expected:
        pd.testing.assert_frame_equal(resumed[name], expected[name])
