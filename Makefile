# Two commands matter: `make run` (set up, then the main comparison) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test ray-check clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/make_venv.sh
	@scripts/make_venv.sh $(VENV)
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

## Set up, then compare policy=none with policy=dime_recommended for Tanzania (20 replicates each).
run: $(STAMP)
	$(VENV)/bin/copsim experiment=tanzania_comparison

## Set up, then run the whole test suite.
test: $(STAMP)
	$(PY) -m pytest

## Set up .venv-ray, run a small sweep on a local Ray and check it equals the joblib one.
ray-check: $(STAMP)
	scripts/ray_check.sh

clean:
	rm -rf $(VENV) .venv-ray outputs sweeps
