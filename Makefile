# Broadsheet: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
RUNSTAMP := $(VENV)/.installed

.PHONY: run test stress lint typecheck imports pytest bench bench-large package package-test package-check wheel-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(RUNSTAMP)

run: $(RUNSTAMP)
	$(BIN)/broadsheet

test: $(STAMP) lint typecheck imports pytest package-check

# The packaged build and the wheel prove themselves (about 6 minutes here; see packaging/README.md).
package-check: package package-test wheel-test

lint: $(STAMP)
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Long reliability runs: 50+ kills, a minute of two writers, big fuzz budgets (docs/reliability.md).
stress: $(STAMP)
	QT_QPA_PLATFORM=offscreen BROADSHEET_HYPOTHESIS=stress $(BIN)/python -m pytest tests/stress $(wildcard tests/unit/test_fuzz_*.py) -s --timeout 3600 --hypothesis-show-statistics

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.run --size 100000

bench-large: $(STAMP)
	$(BIN)/python -m tests.benchmarks.run --size 1000000 --only scaling --out build/bench/large

PACKSTAMP := $(VENV)/.installed-packaging

$(PACKSTAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,packaging]'
	touch $@

package: $(PACKSTAMP)
	packaging/install-build-tools.sh
	PYTHON=$(BIN)/python packaging/build.sh

# Exits non-zero (3) when there is no build.
package-test: $(STAMP)
	$(BIN)/python packaging/smoke_test.py

wheel-test: $(STAMP)
	PYTHON=$(BIN)/python packaging/wheel_test.sh

clean:
	rm -rf build dist .mypy_cache .ruff_cache
