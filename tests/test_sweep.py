"""Sweeps as an analyst runs them: `copsim -m`, resume, failures, collect, report, launchers."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from hydra.core.override_parser.overrides_parser import OverridesParser

from simulation.collect import collect, load_dataset
from simulation.config import ConfigError
from simulation.report import paired_differences, write_report
from simulation import sweep as sweep_module
from simulation.sweep import job_overrides, pack_jobs, point_status, points_per_job

COPSIM = Path(sys.executable).parent / "copsim"
GRID = ["policy.group_size=5,12", "policy.moderator.mode=none,rotating",
        "policy.moderator.rotation_weeks=2", "policy.closed_membership=true", "weeks=6",
        "replicates=3"]


def sweep(sweep_dir: Path, *args: str, launcher: str = "joblib", timeout: int = 300):
    command = [str(COPSIM), "-m", *args, f"hydra.sweep.dir={sweep_dir}", f"hydra/launcher={launcher}"]
    if launcher == "joblib":
        command.append("hydra.launcher.n_jobs=2")
    return subprocess.run(command, cwd=sweep_dir.parent, capture_output=True, text=True,
                          timeout=timeout)


def dataset_tables(sweep_dir: Path) -> dict[str, pd.DataFrame]:
    tables = load_dataset(collect(sweep_dir, sweep_dir.parent / f"{sweep_dir.name}_dataset"))
    return {name: tables[name].sort_values(list(tables[name].columns[:4])).reset_index(drop=True)
            for name in ("weekly", "summary")}


@pytest.fixture(scope="module")
def joblib_sweep(tmp_path_factory):
    sweep_dir = tmp_path_factory.mktemp("sweeps") / "grid"
    done = sweep(sweep_dir, *GRID)
    assert done.returncode == 0, done.stderr
    return sweep_dir, done


def test_a_multirun_runs_every_point_with_progress_and_a_summary(joblib_sweep):
    sweep_dir, done = joblib_sweep
    points = [p for p in sweep_dir.iterdir() if p.is_dir()]
    assert len(points) == 4
    assert all(point_status(p) == "done" for p in points)
    assert "4/4 points" in done.stdout
    assert "left" in done.stdout  # time left
    assert "4 of 4 points complete" in done.stdout


def test_collect_makes_one_tidy_dataset_with_swept_parameters_as_columns(joblib_sweep, tmp_path):
    sweep_dir, _ = joblib_sweep
    data = load_dataset(collect(sweep_dir, tmp_path / "dataset"))
    runs = data["runs"]
    assert {"policy.group_size", "policy.moderator.mode", "status", "population", "policy"} <= set(runs)
    assert sorted(runs["policy.group_size"].unique()) == [5, 12]
    assert set(data["weekly"].run) == set(runs.run)
    assert len(data["summary"]) == 4 * 3
    assert (tmp_path / "dataset" / "config.yaml").exists()
    keyed = data["weekly"].merge(runs, on="run")
    assert (keyed.groupby("run").members.max() <= keyed.groupby("run")["policy.group_size"].first()).all()


def test_duckdb_style_readers_need_nothing_but_parquet(joblib_sweep, tmp_path):
    sweep_dir, _ = joblib_sweep
    out = collect(sweep_dir, tmp_path / "dataset")
    import pyarrow.parquet as pq

    assert pq.read_table(out / "weekly.parquet").num_rows == 4 * 3 * 6


def test_report_writes_html_with_paired_differences(joblib_sweep, tmp_path):
    sweep_dir, _ = joblib_sweep
    out = collect(sweep_dir, tmp_path / "dataset")
    html = write_report(out, baseline="policy.group_size=12,policy.moderator.mode=none")
    text = html.read_text()
    assert "Paired differences" in text and "95%" in text
    assert (html.parent / "decay_curves.png").stat().st_size > 10_000
    # issue 22: plain labels, the cost table with the frontier, and on request plausible worlds
    assert "Teachers per group: 12, Who moderates: none" in text
    assert "Cost and participation" in text and "on the frontier" in text
    assert "plausible worlds" not in text
    worlds = write_report(out, baseline="policy.group_size=12,policy.moderator.mode=none",
                          worlds=2).read_text()
    assert "Over 2 plausible worlds" in worlds and "of 2 plausible worlds" in worlds
    summary = load_dataset(out)["summary"]
    diffs = paired_differences(summary, 0, "retention_w4")
    assert diffs.loc[diffs.run == 0, "difference"].item() == 0


def test_report_splits_each_difference_into_its_knobs_when_asked(joblib_sweep, tmp_path, capsys):
    """--decompose: one section per scenario, read from the points' saved configs, with each knob
    that differs from the baseline and the interaction share; the same numbers as
    `simulation.decompose` on those settings."""
    from simulation.collect import point_config, sweep_dir as folder_of
    from simulation.config import validate
    from simulation.decompose import decompose, table

    sweep_dir, _ = joblib_sweep
    out = collect(sweep_dir, tmp_path / "dataset")
    baseline = "policy.group_size=12,policy.moderator.mode=none"
    text = write_report(out, baseline=baseline, decompose=True).read_text()
    assert text.count("<pre>") == 3 and "Interaction share" in text
    runs = load_dataset(out)["runs"]
    point = runs.set_index("run").point
    base = next(p for p in point if "group_size=12" in p and "mode=none" in p)
    other = next(p for p in point if "group_size=5" in p and "mode=rotating" in p)
    sweep = folder_of(out)
    expected = table(decompose(validate(point_config(sweep, other)),
                               validate(point_config(sweep, base))))
    assert expected in text.replace("&gt;", ">").replace("&lt;", "<")
    assert "policy.group_size" in expected and "policy.moderator.mode" in expected


def test_rerunning_a_complete_sweep_skips_every_point(joblib_sweep):
    sweep_dir, _ = joblib_sweep
    before = dataset_tables(sweep_dir)
    done = sweep(sweep_dir, *GRID)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("skipped (already complete)") == 4
    assert "[sweep] 1/4 points" in done.stdout  # this run's count starts again
    assert not (sweep_dir / ".progress").exists()
    for name, table in dataset_tables(sweep_dir).items():
        pd.testing.assert_frame_equal(table, before[name])


@pytest.mark.parametrize("points_per_job", [1, 2])
def test_a_failing_point_is_recorded_and_the_others_finish(tmp_path, points_per_job):
    sweep_dir = tmp_path / "failing"
    done = sweep(sweep_dir, "policy.group_size=1,6", "weeks=4", "replicates=2",
                 f"hydra.sweeper.points_per_job={points_per_job}")
    assert done.returncode != 0
    assert "1 failed" in done.stderr and "policy.group_size=1" in done.stderr
    good = sweep_dir / "policy.group_size=6,replicates=2,weeks=4"
    assert point_status(good) == "done"
    runs = load_dataset(collect(sweep_dir, tmp_path / "dataset"))["runs"]
    assert sorted(runs.status) == ["done", "failed"]
    assert "out of range" in runs.loc[runs.status == "failed", "error"].item()


def test_a_killed_sweep_resumes_to_the_same_dataset(tmp_path):
    """SIGKILL part-way; no partial point reads as complete; the resumed dataset is identical."""
    args = ["policy.group_size=10,20,30,40", "weeks=52", "replicates=10"]
    reference = tmp_path / "reference"
    assert sweep(reference, *args, launcher="basic").returncode == 0

    killed = tmp_path / "killed"
    command = [str(COPSIM), "-m", *args, f"hydra.sweep.dir={killed}", "hydra/launcher=basic"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        if killed.exists() and any(point_status(p) == "done" for p in killed.iterdir() if p.is_dir()):
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    statuses = [point_status(p) for p in killed.iterdir() if p.is_dir()]
    assert "done" in statuses and len([s for s in statuses if s == "done"]) < 4
    for point in killed.iterdir():
        if point.is_dir() and point_status(point) != "done":
            assert not (point / "result" / "manifest.json").exists()

    assert sweep(killed, *args, launcher="basic").returncode == 0
    resumed, expected = dataset_tables(killed), dataset_tables(reference)
    for name in expected:
        pd.testing.assert_frame_equal(resumed[name], expected[name])


@pytest.mark.parametrize("launcher", ["basic", "submitit_local"])
def test_results_are_identical_whichever_launcher_ran_them(joblib_sweep, tmp_path, launcher):
    sweep_dir = tmp_path / launcher
    done = sweep(sweep_dir, *GRID, launcher=launcher)
    assert done.returncode == 0, done.stderr
    reference, _ = joblib_sweep
    ours, theirs = dataset_tables(sweep_dir), dataset_tables(reference)
    for name in ours:
        pd.testing.assert_frame_equal(ours[name], theirs[name])


def test_collect_refuses_a_folder_that_is_not_a_sweep(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a sweep folder"):
        collect(tmp_path)


def test_differences_matches_points_by_parameters_and_spots_a_change(joblib_sweep, tmp_path):
    from simulation.collect import differences

    sweep_dir, _ = joblib_sweep
    a = collect(sweep_dir, tmp_path / "a")
    b = collect(sweep_dir, tmp_path / "b")
    assert differences(a, b) == []
    summary = pd.read_parquet(b / "summary.parquet")
    summary.loc[0, "retention_w4"] += 0.01
    summary.to_parquet(b / "summary.parquet", index=False)
    assert differences(a, b) and differences(a, b)[0].startswith("summary")


@pytest.fixture(scope="module")
def batched_sweep(tmp_path_factory):
    sweep_dir = tmp_path_factory.mktemp("sweeps") / "batched"
    done = sweep(sweep_dir, *GRID, "hydra.sweeper.points_per_job=3")
    assert done.returncode == 0, done.stderr
    return sweep_dir, done


def test_points_batched_into_jobs_give_the_same_folders_files_and_numbers(joblib_sweep,
                                                                          batched_sweep):
    """GRID's 4 points in 2 jobs (3 + 1) read exactly as 4 jobs of one point each."""
    reference, _ = joblib_sweep
    batched, done = batched_sweep
    assert "4 points in 2 jobs" in done.stdout + done.stderr
    points = sorted(p.name for p in reference.iterdir() if p.is_dir())
    assert sorted(p.name for p in batched.iterdir() if p.is_dir()) == points
    for name in points:
        for file in ("config.yaml", "overrides.yaml"):
            ours = (batched / name / ".hydra" / file).read_text()
            assert ours == (reference / name / ".hydra" / file).read_text(), (name, file)
    ours, theirs = dataset_tables(batched), dataset_tables(reference)
    for name in ours:
        pd.testing.assert_frame_equal(ours[name], theirs[name])


def test_a_batched_sweep_reruns_only_the_points_without_a_complete_result(batched_sweep):
    batched, _ = batched_sweep
    before = dataset_tables(batched)
    second = sorted(p for p in batched.iterdir() if p.is_dir())[1]  # inside the 3-point job
    shutil.rmtree(second / "result")
    done = sweep(batched, *GRID, "hydra.sweeper.points_per_job=3")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("skipped (already complete)") == 3
    assert point_status(second) == "done"
    for name, table in dataset_tables(batched).items():
        pd.testing.assert_frame_equal(table, before[name])


def test_a_job_carries_what_its_other_points_change_in_overrides_that_parse_back_unchanged():
    first = ["weeks=4", "seed=0", "policy.name=a", "compare=[none]", "x=a", "y=b", "z=c"]
    changes = [["seed=1"], ["policy.name='o\\'brien'", "compare=[none,dime]"], ["x=a\\"],
               ["y=${oc.env:HOME}", "z='a,b]'"]]
    points = [first] + [[next((c for c in change if c.split("=")[0] == o.split("=")[0]), o)
                         for o in first] for change in changes]
    overrides = job_overrides(points)
    assert overrides[:-1] == first
    carried = OverridesParser.create().parse_overrides(overrides)[-1]
    assert carried.key_or_group == "sweep_points" and carried.value() == changes
    assert job_overrides([first]) == first  # a point alone is a plain job


THROUGHPUT_POINT = 5 * 15 * 52  # teacher-weeks: 5 replicates of 15 teachers for a year
SOBOL_POINT = 10 * 38 * 52


@pytest.mark.parametrize(("points", "size", "cores", "jobs"), [
    (200, THROUGHPUT_POINT, 2, 8),       # balance: 4 jobs per core
    (8, THROUGHPUT_POINT, 2, 8),
    (200, THROUGHPUT_POINT, 32, 200),    # more cores than points need: one point a job
    (10_000, SOBOL_POINT, 2, 10_000 // (sweep_module.JOB_TEACHER_WEEKS // SOBOL_POINT) + 1),
    (50, 10 * sweep_module.JOB_TEACHER_WEEKS, 2, 50),  # a point larger than a job runs alone
])
def test_auto_packs_equal_shares_of_teacher_weeks_four_per_core(points, size, cores, jobs):
    packed = pack_jobs(["same"] * points, [size] * points, "auto", cores)
    assert len(packed) == jobs
    assert sorted(i for job in packed for i in job) == list(range(points))  # each point once, in order


def test_auto_balances_jobs_of_unequal_points():
    """Points of 10 then 30 teachers: the jobs hold about the same teacher-weeks, not the same
    number of points."""
    costs = [10] * 300 + [30] * 100
    packed = pack_jobs(["same"] * 400, costs, "auto", cores=2)
    work = [sum(costs[i] for i in job) for job in packed]
    assert len(packed) == 8 and max(work) <= min(work) * 1.1


def test_points_share_a_job_only_with_their_batch_key():
    packed = pack_jobs(["a", "a", None, None, "b", "a"], [1] * 6, 10)
    assert packed == [[0, 1], [2], [3], [4], [5]]


def test_a_number_of_points_per_job_is_kept():
    assert pack_jobs(["k"] * 8, [1] * 8, 3) == [[0, 1, 2], [3, 4, 5], [6, 7]]
    assert points_per_job("auto", 8) == 0


@pytest.mark.parametrize("setting", [0, -1, "many", 2.5, True])
def test_a_bad_points_per_job_is_refused_naming_the_key(setting):
    with pytest.raises(ConfigError, match="hydra.sweeper.points_per_job"):
        points_per_job(setting, 10)


def test_a_point_that_fails_inside_a_batch_is_found_and_the_others_are_saved(tmp_path, monkeypatch):
    """A job runs its points in one model; when that model fails, the job runs them one by one,
    so the failing point gets its error.txt and the others their results."""
    from simulation import run
    from simulation.config import load_settings, updated

    base = load_settings(["replicates=1", "weeks=2", "policy.group_size=5", "progress=false"])
    points = [sweep_module.Point(tmp_path / f"p{i}", f"p{i}", updated(base, {"seed": i}))
              for i in range(3)]
    monkeypatch.setattr(sweep_module, "job_points", lambda cfg, hydra_cfg: points)
    real_run = run._run

    def breaks_on_seed_1(scenarios, progress=None, watch=None):
        if any(s.seed == 1 for s in scenarios):
            raise RuntimeError("point 1 breaks")
        return real_run(scenarios, progress, watch)

    monkeypatch.setattr(run, "_run", breaks_on_seed_1)
    sweep_module.run_job(None, None)
    assert [point_status(p.folder) for p in points] == ["done", "failed", "done"]
    assert "point 1 breaks" in (points[1].folder / "error.txt").read_text()


@pytest.mark.parametrize("task, dirname, output_dir", [
    (["seed=1", "policy.group_size=12"], "policy.group_size=12,seed=1", "/tmp/s/policy.group_size=12,seed=1"),
    ([], "", "/tmp/s/0"),
    (["policy.name='two words'", "x=[1, 2]", "y: z"], "policy.name=two words,x=[1, 2]",
     "/a folder with spaces/" + "and a very long name " * 6),
    (["z='a''b'"], "z=a'b", "/tmp/\"quoted\"/é"),
])
def test_each_point_gets_the_hydra_yaml_pyyaml_writes_for_it(joblib_sweep, task, dirname,
                                                                output_dir):
    """A job writes hydra.yaml once per job and splices each point's fields in: the text is
    what PyYAML writes for the point's whole Hydra config, whatever the fields hold."""
    import yaml

    from simulation.config import yaml_text

    reference, _ = joblib_sweep
    some_point = next(p for p in reference.iterdir() if p.is_dir())
    hydra_part = yaml.safe_load((some_point / ".hydra" / "hydra.yaml").read_text())["hydra"]
    spliced = sweep_module.HydraYaml(hydra_part).text(task, dirname, output_dir)
    hydra_part["overrides"]["task"] = task
    hydra_part["job"]["override_dirname"] = dirname
    hydra_part["runtime"]["output_dir"] = output_dir
    assert spliced == yaml_text({"hydra": hydra_part})
