# Two commands matter: `make run` (set up, then the main comparison) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test dashboard ray-check slurm-check clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/make_venv.sh scripts/install_solara_assets.sh
	@scripts/make_venv.sh $(VENV)
	$(PY) -m pip install --quiet -e ".[test,dashboard,calibrate]"
	scripts/install_solara_assets.sh $(VENV)
	@touch $@

## Set up, then compare policy=none with policy=dime_recommended for Tanzania (20 replicates each).
run: $(STAMP)
	$(VENV)/bin/copsim experiment=tanzania_comparison

## Set up, then run the whole test suite.
test: $(STAMP)
	scripts/install_chromium.sh
	$(PY) -m pytest

## Set up, then serve the dashboard on http://127.0.0.1:8765/ and open it in the browser.
dashboard: $(STAMP)
	$(VENV)/bin/copsim-dashboard

## Set up .venv-ray, run a small sweep on a local Ray and check it equals the joblib one.
ray-check: $(STAMP)
	scripts/ray_check.sh

## Run a small sweep on SLURM (3 points per job) and check it equals the joblib one. Uses the
## cluster sinfo reaches; else, as root with CI set only, installs and starts a one-node SLURM here.
slurm-check: $(STAMP)
	scripts/slurm_check.sh

clean:
	rm -rf $(VENV) .venv-ray outputs sweeps
