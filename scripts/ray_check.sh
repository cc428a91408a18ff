#!/usr/bin/env bash
# Run a small sweep on a local Ray (in its own environment, .venv-ray), its points batched 3 to a
# job, and on the default joblib launcher, one point per job; check that the two datasets are
# identical. The Ray launcher needs cloudpickle<3, which is why it does not share the main
# environment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/make_venv.sh .venv-ray
if [ ! -f .venv-ray/.installed ] || [ pyproject.toml -nt .venv-ray/.installed ]; then
    .venv-ray/bin/python -m pip install --quiet -e ".[ray]"
    touch .venv-ray/.installed
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=(policy.group_size=5,12 policy.moderator.mode=none,rotating policy.moderator.rotation_weeks=2
      policy.closed_membership=true weeks=8 replicates=3)
export RAY_AUTH_MODE=disabled RAY_DEDUP_LOGS=0 RAY_USAGE_STATS_ENABLED=0
echo "== sweep on a local Ray, 3 points per job"
.venv-ray/bin/copsim -m "${args[@]}" hydra.sweep.dir="$out/ray" hydra/launcher=ray_cluster \
    +hydra.launcher.ray.init.include_dashboard=false hydra.sweeper.points_per_job=3
echo "== the same sweep with joblib, one point per job"
.venv/bin/copsim -m "${args[@]}" hydra.sweep.dir="$out/joblib" hydra.sweeper.points_per_job=1
.venv/bin/copsim-collect "$out/joblib" --out "$out/joblib_dataset"
.venv/bin/copsim-collect "$out/ray" --out "$out/ray_dataset" --same-as "$out/joblib_dataset"
