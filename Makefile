# Two commands for a newcomer: `make run` and `make test` (see README.md).
# `make run PORT=5002 HOST=0.0.0.0` serves elsewhere (defaults 127.0.0.1 and 5001).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 5001

.PHONY: run test lint bench install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

run: $(STAMP)
	$(BIN)/nexus db upgrade
	$(BIN)/nexus demo --if-empty
	$(BIN)/nexus catalog demo --size small --if-empty
	$(BIN)/nexus serve --host $(HOST) --port $(PORT)

lint: $(DEV_STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q -n 2 $(PYTEST_ARGS)

# make bench BENCH="sqlite json" runs a subset (see bench/__main__.py)
BENCH ?=
bench: $(DEV_STAMP)
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
