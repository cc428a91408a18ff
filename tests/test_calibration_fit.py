"""Calibration (simulation/calibration): the batched statistics are each simulation's own, the
observed groups become scenarios, a fit is the same on every run, the command works from an
import to a comparison, and the recovery study runs end to end (fast: few particles)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from joblib import Parallel

from simulation.calibration import cli, recovery
from simulation.calibration.fit import (CHUNK, DEFAULT_ASSUMPTIONS, fit, observed, prior_bounds,
                                        run_groups, simulate as simulate_stats,
                                        simulate_on_cores, statistics)
from simulation.chats import cli as import_cli
from simulation.config import load_settings
from simulation.observe import summary, weekly

SAMPLE = Path(__file__).parent.parent / "examples" / "chats" / "synthetic_whatsapp.txt"


def _parameters(n: int, seed: int = 0) -> list[dict]:
    bounds = prior_bounds(load_settings([]), DEFAULT_ASSUMPTIONS)
    rng = np.random.default_rng(seed)
    return [{k: rng.uniform(lo, hi) for k, (lo, hi) in bounds.items()} for _ in range(n)]


def test_a_batch_gives_each_simulation_its_own_statistics():
    settings = [load_settings(["weeks=12", "replicates=1", "policy.group_size=20"]),
                load_settings(["weeks=8", "replicates=1", "policy.group_size=9"])]
    parameters = _parameters(3)
    batched = simulate_stats(settings, parameters, first_seed=100)
    for k, values in enumerate(parameters):
        alone = [statistics(*run_groups([base], [values], first_seed=100 + k * 2 + g)[0][0])
                 for g, base in enumerate(settings)]
        # two groups: each statistic's mean over them, for the weeks both have
        assert set(batched[k]) == set(alone[1]) and "active_w9_12" in alone[0]
        for name, value in batched[k].items():
            assert value == pytest.approx((alone[0][name] + alone[1][name]) / 2), (k, name)
    assert batched[0] != batched[1]


def test_the_cores_share_a_batch_without_changing_a_number():
    settings = [load_settings(["weeks=6", "replicates=1", "policy.group_size=12"])]
    parameters = _parameters(2 * CHUNK + 5, seed=1)
    with Parallel(n_jobs=2) as pool:
        shared = simulate_on_cores(settings, parameters, 7, pool)
    assert shared == simulate_stats(settings, parameters, 7)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("import") / "sample"
    assert import_cli.main([str(SAMPLE), "--out", str(out)]) == 0
    return out


def test_imported_groups_become_scenarios_with_their_statistics(imported):
    from simulation.chats.tables import load  # the import's folder, read as copsim-calibrate does
    events, members, about = load(imported)
    target = observed(events, members, about, ["population=kenya_kplay"], weeks=20)
    founders = int((members["join_week"] == 0).sum())
    (settings,) = target.settings
    assert settings.weeks == 20 and settings.policy.group_size == founders
    assert settings.population.name == "kenya_kplay"
    table = weekly(events, members, 20)
    assert target.statistics["active_w1_2"] == pytest.approx(
        table["active_share"].iloc[:2].mean())
    found = summary(events, members, 20).iloc[0]
    for name in ("top10_share", "writers_share", "posts_per_member_week", "left_share"):
        assert target.statistics[name] == pytest.approx(found[name])
    writers = events.loc[events["day"] < 20 * 7, "author"].nunique()
    assert found["writers_share"] == pytest.approx(writers / (members["join_week"] <= 20).sum())
    assert "active_w20_20" in target.statistics and len(target.weekly) == 20  # cut at 20


def test_a_second_group_is_read_as_its_own(tmp_path):
    out = tmp_path / "twice"
    assert import_cli.main([str(SAMPLE), str(SAMPLE), "--out", str(out)]) == 0
    from simulation.chats.tables import load  # as above
    target = observed(*load(out), ["policy=none"])
    first, second = (target.weekly[target.weekly["group"] == g].drop(columns="group")
                     .reset_index(drop=True) for g in (0, 1))
    assert first["answered_share"].notna().any()
    pd.testing.assert_frame_equal(first, second)
    assert len(target.settings) == 2 and target.settings[1].policy.group_size == \
        target.settings[0].policy.group_size


def test_the_same_seed_gives_the_same_posterior(imported):
    from simulation.chats.tables import load  # as above
    target = observed(*load(imported), ["policy=none"], weeks=8)
    runs = [fit(target, DEFAULT_ASSUMPTIONS[:2], population=30, generations=2, seed=5)
            for _ in range(2)]
    pd.testing.assert_frame_equal(runs[0].posterior, runs[1].posterior)
    assert runs[0].evaluations >= 60
    other = fit(target, DEFAULT_ASSUMPTIONS[:2], population=30, generations=2, seed=6)
    assert not runs[0].posterior.equals(other.posterior)


def test_the_command_from_an_import_to_a_comparison(imported, tmp_path, capsys):
    out = tmp_path / "fit"
    code = cli.main([str(imported), "policy=none", "--assumptions", "population.motivation",
                     "behaviour.learning_rate", "--population", "40", "--generations", "2",
                     "--weeks", "12", "--out", str(out), "--compare",
                     "policy.moderator.mode=rotating", "--draws", "4", "--replicates", "3"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "fitted: median [90% credible interval]" in printed
    assert "For groups like yours (4 posterior draws x 3 replicate groups)" in printed
    assert "policy.moderator.mode=rotating keeps" in printed and "of 4 posterior draws" in printed
    for name in ("posterior.parquet", "generations.parquet", "predictive.png",
                 "predictive.parquet", "calibration.txt", "calibration.json", "abc.db"):
        assert (out / name).is_file(), name
    posterior = pd.read_parquet(out / "posterior.parquet")
    assert list(posterior.columns) == ["population.motivation", "behaviour.learning_rate",
                                       "weight"]
    assert posterior["weight"].sum() == pytest.approx(1)
    lo, hi = prior_bounds(load_settings([]), ["population.motivation"])["population.motivation"]
    assert posterior["population.motivation"].between(lo, hi).all()
    saved = json.loads((out / "calibration.json").read_text())
    assert saved["population"] == 40 and len(saved["fitted"]) == 2
    predictive = pd.read_parquet(out / "predictive.parquet")
    assert predictive["draw"].nunique() == cli.PREDICTIVE_DRAWS and predictive["week"].max() == 12


@pytest.mark.parametrize("argv, message", [
    (["--assumptions", "behaviour.nonsense"], "not an assumption with a plausible range"),
    (["policy.group_size=abc"], "policy.group_size"),
    (["--compare", "policy.kickoff=maybe"], "--compare"),
])
def test_the_command_names_what_is_wrong(imported, tmp_path, capsys, argv, message):
    small = ["--population", "20", "--generations", "1", "--weeks", "4", "--draws", "2",
             "--replicates", "2"]
    assert cli.main([str(imported), *argv, *small, "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("copsim-calibrate: error:") and message in err
    assert not (tmp_path / "x").exists()


def test_a_missing_import_is_named(tmp_path, capsys):
    assert cli.main([str(tmp_path / "nothing")]) == 2
    assert "not a copsim-import folder" in capsys.readouterr().err


def test_the_recovery_study_runs_end_to_end():
    """Fast version of `copsim-calibrate --recovery 20` (docs/calibration.md has the full one):
    two trials of two groups each, few particles. It checks the pipeline (simulate, export,
    import, fit), not the coverage, which needs the full study."""
    rows = recovery.run(2, ["policy=none"], list(DEFAULT_ASSUMPTIONS[:3]), population=30,
                        generations=2, seed=1, jobs=1, weeks=8, groups=2)
    assert len(rows) == 6 and set(rows["trial"]) == {0, 1}
    bounds = prior_bounds(load_settings([]), DEFAULT_ASSUMPTIONS[:3])
    for _, row in rows.iterrows():
        lo, hi = bounds[row["assumption"]]
        assert lo <= row["truth"] <= hi and lo <= row["low"] <= row["median"] <= row["high"] <= hi
        assert row["covered"] == (row["low"] <= row["truth"] <= row["high"])
    table = recovery.coverage(rows)
    assert list(table["trials"]) == [2, 2, 2]
