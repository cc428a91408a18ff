# Two commands matter: `make run` (set up, then the main comparison) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test clean

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

clean:
	rm -rf $(VENV) outputs multirun
