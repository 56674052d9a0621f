# Two entry points: `make reports` (build the tables and every report) and `make test`.
# Both create the environment in .venv/ on first use, so a fresh machine needs only Python and make:
# pip installs uv (pinned below), and uv installs the exact versions and hashes of requirements.lock.
# `make lock` re-resolves requirements.lock from pyproject.toml's lower bounds (newest releases).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCK := requirements.lock
UV_VERSION := 0.13.9
# uv lives beside the environment, not in it: `uv pip sync` removes whatever the lock does not list.
# --compile-bytecode: uv writes .pyc files in parallel at install, as pip does; without them the
# first reports compile every imported module in every worker and kernel.
UV := $(VENV)/tools/bin/uv
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: reports build test test-fast lint bench lock clean-reports

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --target $(VENV)/tools uv==$(UV_VERSION)

$(STAMP): $(LOCK) pyproject.toml | $(UV)
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes --compile-bytecode $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name xnplan --display-name "Python (xnplan)" >/dev/null
	touch $(STAMP)

# Universal resolution: one file for every Python >= 3.11 and platform, with the hash of every file.
lock: | $(UV)
	$(UV) pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes \
		--upgrade --quiet --custom-compile-command "make lock" -o $(LOCK)

build: $(STAMP)
	$(BIN)/xnplan build

reports: build
	$(BIN)/xnplan reports --jobs $(JOBS)

# xdist hands out whole modules in the order tests/conftest.py sorts them (slowest kinds first);
# its own reordering (by number of tests) would leave the long modules to the end.
PYTEST := $(BIN)/python -m pytest -n $(JOBS) --dist loadscope --no-loadscope-reorder -q
SLOW_KINDS := site or batch or property or notebook

test: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(PYTEST)

# The inner loop: everything but the report batches, the site, the hypothesis tests and the notebook runs.
# It runs no nbval cell, so it does without the plugin: that spares each process its import (about
# a second) and the notebooks' collection. The other options of pyproject's addopts stay.
test-fast: $(STAMP)
	$(PYTEST) -p no:nbval -o addopts="-p no:cacheprovider --strict-markers" -m "not ($(SLOW_KINDS))"

lint: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_reports.py

clean-reports:
	rm -rf reports/* reports-build
