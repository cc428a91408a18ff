"""What the benchmark measures, at which sizes, and the targets it judges: data only.

`run_benchmarks.py` runs these (`measure.py` does the measuring, `report.py` the table). Sizes
come in a full and a quick version; every figure is the median of `repeats` (or `rounds`)
measurements, and every target is a ratio against a reference run in the same process or the
same minute, on the heavy case users run (an active scenario), or a bound a user waits for.
"""

from __future__ import annotations

# The model's speed: an active scenario (dime_recommended as shipped, groups of 15), founders x
# days teacher-days, beside a plain Mesa model and a numpy update of the same teachers.
ACTIVE = ["policy=dime_recommended", "policy.closed_membership=true"]
MODEL_SIZES = {  # (teachers, weeks)
    "full": ((1_500, 52), (15_000, 52), (150_000, 8)),
    "quick": ((1_500, 8), (15_000, 52), (150_000, 4)),
}
MODEL_REPEATS = {"full": 5, "quick": 2}
REFERENCE_SIZE = (15_000, 52)  # the size the targets are judged at

# Sweep throughput: `copsim -m experiment=throughput` (1,000 points: group size x moderator mode
# x seed, 5 replicates, 52 weeks), start to exit, against one model holding the sweep's first
# points up to 15,000 teachers (the same policies) for 52 weeks, measured in the same round.
SWEEP_POINTS = {"full": 1_000, "quick": 100}  # the quick run takes the first seeds
SWEEP_ROUNDS = {"full": 3, "quick": 1}
SWEEP_GROUP_SIZES = (10, 15, 20, 25, 30)  # as configs/experiment/throughput.yaml
SWEEP_MODES = ("none", "fixed", "rotating", "facilitator")


def sweep_points() -> list[dict]:
    """The throughput experiment's points in Hydra's order (the last key varies fastest)."""
    return [{"policy.group_size": size, "policy.moderator.mode": mode, "seed": seed}
            for size in SWEEP_GROUP_SIZES for mode in SWEEP_MODES for seed in range(50)]

# A Sobol design's size through the sweep command: points x replicates x teachers x weeks.
DESIGN = {"full": 10_000, "quick": 200}
DESIGN_OVERRIDES = ["policy.group_size=38", "replicates=10", "weeks=52", "progress=false"]

# The dashboard: Explore runs its scenario and "no support" in one batch, Compare 2-4 scenarios.
DASHBOARD_RUN = ["population=tanzania_maths", "replicates=20", "weeks=52", "progress=false"]
EXPLORE = [["policy=dime_recommended"], ["policy=none"]]
COMPARE = [["policy=none"], ["policy=dime_recommended"], ["policy=kplay_blended"],
           ["policy=pilot_then_handover"]]
DASHBOARD_REPEATS = {"full": 5, "quick": 3}

# National scale: 500,000 teachers for a year in the active scenario, every table available.
NATIONAL = {"full": 500_000, "quick": 50_000}
NATIONAL_WEEKS = 52

GIB = 1024**3
TARGETS = {
    "model_vs_mesa": 10.0,          # model teacher-days/s over plain Mesa's, every run
    "sweep_vs_model": 1 / 3,        # 1-worker sweep teacher-days/s over one large model's
    "two_workers_vs_ceiling": 0.9,  # (2-worker speed-up) / (what two cores give right now)
    "design_seconds": 600.0,        # the Sobol-size design, 2 workers
    "design_gib": 4.0,
    "explore_seconds": 0.3,
    "compare_seconds": 0.5,
    "national_gib": 4.0,
}
