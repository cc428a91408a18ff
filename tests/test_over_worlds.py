"""A comparison over plausible worlds (simulation/over_worlds.py, `copsim ... worlds=N`)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from simulation import over_worlds
from simulation.config import load_settings
from simulation.indicators import INDICATOR
from simulation.run import run_many
from simulation.worlds import in_world

COPSIM = Path(sys.executable).parent / "copsim"
SMALL = ["replicates=3", "weeks=6", "progress=false"]


def test_a_world_s_difference_is_the_one_its_scenarios_give_alone():
    """Worlds run side by side in one model; world 2's difference equals that of the two
    scenarios run alone with world 2's assumptions, and the baseline against itself is 0."""
    none, dime = load_settings(["policy=none", *SMALL]), load_settings(["policy=dime_recommended", *SMALL])
    found = over_worlds.compare({"none": none, "dime": dime, "none again": none}, 4, seed=1)
    world = found.draws.iloc[2]
    alone = run_many([in_world(none, world), in_world(dime, world)])
    column = "retention_w4"
    expected = (alone[1].summary.groupby("replicate")[column].mean()
                - alone[0].summary.groupby("replicate")[column].mean()).mean()
    assert np.isclose(found.differences.loc[(2, "dime"), column], expected)
    assert (found.differences.xs("none again", level="scenario")[column] == 0).all()
    shipped = run_many([none, dime])
    assert np.isclose(found.shipped.loc["dime"][column].mean(),
                      (shipped[1].summary.retention_w4 - shipped[0].summary.retention_w4).mean())


def _made(differences: list[float]) -> over_worlds.Worlds:
    """A comparison over hand-made worlds: `differences` of the week-12 active share."""
    index = pd.MultiIndex.from_tuples([(w, "pkg") for w in range(len(differences))],
                                      names=["world", "scenario"])
    shipped = pd.DataFrame({"retention_w12": [0.1, 0.2]},
                           index=pd.MultiIndex.from_tuples([("pkg", 0), ("pkg", 1)]))
    return over_worlds.Worlds("none", pd.DataFrame(), pd.DataFrame({"retention_w12": differences},
                                                              index=index), shipped,
                              pd.DataFrame())


def test_the_sentence_says_first_when_the_sign_changes():
    share = INDICATOR["retention_w12"]
    steady = over_worlds.sentence(_made([0.08, 0.31, 0.2, 0.15]), "pkg", share)
    assert steady.startswith("pkg keeps more teachers active at week 12 than none in 100% of 4 "
                             "plausible worlds")
    assert "from +8 to +31 pts" in steady
    mixed = over_worlds.sentence(_made([0.08, -0.02, 0.2, 0.15]), "pkg", share)
    assert mixed.startswith("The sign changes across worlds: pkg keeps more teachers active at "
                            "week 12 than none in 75% of 4 plausible worlds and fewer in 25%")
    worse = over_worlds.sentence(_made([-0.08, -0.02]), "pkg", share)
    assert worse.startswith("pkg keeps fewer teachers active at week 12 than none in 100%")


def test_copsim_prints_the_comparison_over_worlds(tmp_path):
    done = subprocess.run([str(COPSIM), "policy=dime_recommended", "worlds=4", *SMALL],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Over 4 plausible worlds" in done.stdout and "worlds > 0" in done.stdout
    assert "On the cost-participation frontier in: none " in done.stdout
    assert "Most teachers active at week " in done.stdout  # how often each does best
    assert "of the 4 worlds." in done.stdout
    assert "dime_recommended keeps" in done.stdout or "The sign changes" in done.stdout
    refused = subprocess.run([str(COPSIM), "worlds=4"], cwd=tmp_path, capture_output=True,
                             text=True, timeout=300)
    assert refused.returncode == 2 and "worlds=4: needs a policy" in refused.stderr


def test_each_scenario_wins_the_share_of_worlds_where_it_alone_does_best():
    """Four worlds, three scenarios: B leads in worlds 0 and 1, C in world 2, and world 3 is a
    tie between B and C (a win for neither); the baseline never leads."""
    levels = {"none": [0.1, 0.1, 0.1, 0.1], "B": [0.4, 0.3, 0.2, 0.3], "C": [0.2, 0.2, 0.5, 0.3]}
    index = pd.MultiIndex.from_tuples([(w, s) for w in range(4) for s in levels],
                                      names=["world", "scenario"])
    rows = [levels[s][w] for w in range(4) for s in levels]
    differences = pd.DataFrame({"retention_w12": [0.0] * 8}, index=pd.MultiIndex.from_tuples(
        [(w, s) for w in range(4) for s in ("B", "C")], names=["world", "scenario"]))
    found = over_worlds.Worlds("none", pd.DataFrame(index=range(4)), differences, pd.DataFrame(),
                               pd.DataFrame({"retention_w12": rows}, index=index))
    share = INDICATOR["retention_w12"]
    assert over_worlds.wins(found, share).to_dict() == {"none": 0.0, "B": 0.5, "C": 0.25}
    assert over_worlds.wins_sentence(found, share) == (
        "Most teachers active at week 12 in: none 0%; B 50%; C 25% of the 4 worlds.")
