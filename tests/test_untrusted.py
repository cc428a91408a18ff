"""Untrusted configs: nothing in a config can import or call code, read the environment, or
write outside the working folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulation import ConfigError, load_settings
from simulation.config import CONFIG_DIR, check_output_dirs, compose_config, validate

COPSIM = Path(sys.executable).parent / "copsim"


@pytest.mark.parametrize("value", ["${oc.env:SECRET_TOKEN}", "x${oc.env:HOME}y",
                                   "${oc.decode:'[1, 2]'}", "${hydra:runtime.cwd}",
                                   "${ oc.env : SECRET_TOKEN }"])
def test_resolvers_cannot_read_the_environment(value, monkeypatch):
    monkeypatch.setenv("SECRET_TOKEN", "hunter2")
    with pytest.raises(ConfigError, match="resolvers are not allowed") as info:
        load_settings([f"population.name={value}"])
    assert "population.name" in str(info.value)
    assert "hunter2" not in str(info.value)


def test_resolvers_are_refused_in_plain_dictionaries_and_lists_too():
    with pytest.raises(ConfigError, match=r"compare\[1\]"):
        validate({"compare": ["none", "${oc.env:HOME}"]})
    with pytest.raises(ConfigError, match="policy.name"):
        validate({"policy": {"name": "${oc.env:HOME}"}})


def test_a_plain_reference_to_another_key_is_allowed():
    assert load_settings(["population.name=${policy.name}"]).population.name == "none"


@pytest.mark.parametrize("key", ["_target_", "_partial_", "_recursive_", "_convert_", "_args_"])
def test_instantiation_keys_are_refused_anywhere(key):
    with pytest.raises(ConfigError, match=key):
        validate({"behaviour": {"nested": {key: "os.system"}}})


def test_the_command_line_never_prints_a_secret(tmp_path):
    env = {**os.environ, "SECRET_TOKEN": "hunter2"}
    done = subprocess.run([str(COPSIM), "population.name=${oc.env:SECRET_TOKEN}"], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert "hunter2" not in done.stdout + done.stderr
    assert not (tmp_path / "outputs").exists()


def hydra_node(run_dir: str):
    node = compose_config([], return_hydra_config=True).hydra
    node.run.dir = run_dir
    return node


@pytest.mark.parametrize("run_dir", ["../outside", "/etc/copsim", "outputs/../../outside"])
def test_config_files_cannot_send_outputs_outside_the_working_folder(run_dir, tmp_path,
                                                                     monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="hydra.run.dir"):
        check_output_dirs(hydra_node(run_dir))


def test_a_link_that_leads_outside_counts_as_outside(tmp_path, monkeypatch):
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    monkeypatch.chdir(tmp_path / "work")
    with pytest.raises(ConfigError, match="hydra.run.dir"):
        check_output_dirs(hydra_node("link/results"))


def test_folders_inside_or_named_on_the_command_line_are_fine(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check_output_dirs(hydra_node("outputs/today"))
    check_output_dirs(hydra_node("/elsewhere"), explicit={"hydra.run.dir"})


def test_an_experiment_file_cannot_write_outside(tmp_path):
    experiment = CONFIG_DIR / "experiment" / "zz_test_escape.yaml"
    experiment.write_text("# @package _global_\nhydra:\n  run:\n    dir: ../../escaped\n")
    try:
        done = subprocess.run([str(COPSIM), "experiment=zz_test_escape"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
    finally:
        experiment.unlink()
    assert done.returncode == 2
    assert "may only write inside the working folder" in done.stderr
    assert not (tmp_path.parent.parent / "escaped").exists()


@pytest.mark.parametrize("typed", ["../elsewhere/dataset", "/etc", "sweeps/../../x", "link/dataset"])
def test_the_dashboard_opens_datasets_only_inside_its_working_folder(typed, tmp_path):
    from simulation.dashboard.sweeps import dataset_path

    root = tmp_path / "work"
    root.mkdir()
    (root / "link").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(ValueError, match="only datasets inside"):
        dataset_path(typed, root)
    assert dataset_path("sweeps/group_size/dataset", root) == root / "sweeps/group_size/dataset"


def test_a_malformed_dataset_is_an_error_not_a_crash(tmp_path):
    from simulation.collect import load_dataset

    (tmp_path / "runs.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(ValueError):
        load_dataset(tmp_path)
