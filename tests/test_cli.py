"""The `copsim` command end to end, in a subprocess, as a user would run it."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from simulation import RunResult

ROOT = Path(__file__).resolve().parent.parent
COPSIM = Path(sys.executable).parent / "copsim"


def copsim(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HYDRA_FULL_ERROR": "0"}
    return subprocess.run([str(COPSIM), *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


def test_a_run_prints_indicators_and_saves_results_in_the_output_folder(tmp_path):
    out = tmp_path / "out"
    done = copsim("policy=dime_recommended", "replicates=3", "weeks=8", f"hydra.run.dir={out}",
                  cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Headline indicators" in done.stdout
    assert "Active at week 4" in done.stdout
    assert "week 8/8" in done.stderr  # progress
    result = RunResult.load(out / "dime_recommended")
    assert result.weekly.week.max() == 8
    assert result.weekly.replicate.nunique() == 3
    assert (out / "decay_curves.png").stat().st_size > 10_000
    assert (out / ".hydra" / "config.yaml").exists()


def test_compare_runs_each_policy_on_the_same_teachers(tmp_path):
    out = tmp_path / "out"
    done = copsim("compare=[none,dime_recommended]", "replicates=2", "weeks=6",
                  "policy.scheduled_slot=true", "progress=false", f"hydra.run.dir={out}",
                  cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if "dime_recommended" in line)
    assert "none" in header
    assert "of 38 (none), 15 (dime_recommended) teachers" in header  # each policy's group size
    none, dime = RunResult.load(out / "none"), RunResult.load(out / "dime_recommended")
    assert "scheduled_slot: true" in none.config  # user overrides apply to every compared policy
    first15 = none.members.groupby("replicate").head(15).novice.to_numpy()
    assert (first15 == dime.members.novice.to_numpy()).all()


def test_the_same_command_twice_gives_the_same_tables(tmp_path):
    for name in ("a", "b"):
        done = copsim("replicates=2", "weeks=5", "seed=4", "progress=false",
                      f"hydra.run.dir={tmp_path / name}", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    pd.testing.assert_frame_equal(RunResult.load(tmp_path / "a" / "none").events,
                                  RunResult.load(tmp_path / "b" / "none").events)


@pytest.mark.parametrize(
    "args, key",
    [
        (["weeks=-3"], "weeks"),
        (["policy.moderator.mode=sometimes"], "policy.moderator.mode"),
        (["policy=nonsense"], "policy=nonsense"),
        (["typo_key=3"], "typo_key"),
        (["policy.homogeneity=abc"], "policy.homogeneity"),
        (["-m", "seed=1,2", "hydra.sweeper.points_per_job=0"], "hydra.sweeper.points_per_job"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(tmp_path, args, key):
    done = copsim(*args, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("copsim: error: ")
    assert key in lines[0]
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "outputs").exists() and not (tmp_path / "sweeps").exists()  # nothing ran


def test_help_lists_presets_and_policy_knobs(tmp_path):
    done = copsim("--help", cwd=tmp_path)
    assert done.returncode == 0
    for word in ("tanzania_maths", "dime_recommended", "moderator.mode", "rotation_weeks",
                 "Examples", "compare"):
        assert word in done.stdout


def test_cfg_job_shows_the_composed_config_without_running(tmp_path):
    done = copsim("policy=kplay_blended", "--cfg", "job", cwd=tmp_path)
    assert done.returncode == 0
    assert "meeting_every_weeks: 4" in done.stdout
    assert not (tmp_path / "outputs").exists()


def test_python_dash_m_simulation_is_the_same_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "simulation", "--help"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "copsim" in done.stdout


def test_the_make_run_experiment_composes():
    from simulation.config import load_settings

    s = load_settings(["experiment=tanzania_comparison"])
    assert list(s.compare) == ["none", "dime_recommended"]
    assert s.replicates == 20 and s.population.name == "tanzania_maths"


def test_every_command_s_help_reads_as_written(tmp_path):
    """argparse formats help strings, not descriptions: a '%%' meant as '%' shows as '%%'."""
    for command in ("copsim-collect", "copsim-report", "copsim-validate", "copsim-dashboard"):
        done = subprocess.run([str(COPSIM.with_name(command)), "--help"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (command, done.stderr)
        assert "%%" not in done.stdout and "usage:" in done.stdout, command
