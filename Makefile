# Two entry points: `make reports` (build the tables and every report) and `make test`.
# Both create the environment in .venv/ on first use, so a fresh machine needs only Python and make:
# pip installs uv (pinned below), and uv installs the exact versions and hashes of requirements.lock.
# `make lock` re-resolves requirements.lock from pyproject.toml's lower bounds (newest releases).
PYTHON ?= python3
VENV := .venv
# An environment you manage yourself (an active conda environment, a virtualenv) instead of .venv/:
#   make test ENV_PREFIX="$CONDA_PREFIX"      (or ENV_PREFIX="$VIRTUAL_ENV")
# make then runs the programs of its bin/ and installs nothing into it (`uv pip sync` would remove
# whatever the lock does not list); set it up as README's conda section says. uv, for `make lock`
# and `make test-lowest`, still lives in .venv/tools/.
ENV_PREFIX ?=
ifeq ($(ENV_PREFIX),)
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
else
BIN := $(ENV_PREFIX)/bin
STAMP := env-prefix-check
endif
LOCK := requirements.lock
UV_VERSION := 0.13.9
# uv lives beside the environment, not in it: `uv pip sync` removes whatever the lock does not list.
# --compile-bytecode: uv writes .pyc files in parallel at install, as pip does; without them the
# first reports compile every imported module in every worker and kernel.
UV := $(VENV)/tools/bin/uv
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# Python's bytecode cache on for what make runs, even where the environment turns it off: without it
# every test worker rewrites and compiles each test module again (pytest's assertion rewriting, about
# 2 s a worker) and every report worker and kernel compiles xnplan. The caches are git-ignored.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: reports build test test-fast test-lowest test-deep lint lab bench lock clean-reports bundle test-bundle

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --target $(VENV)/tools uv==$(UV_VERSION)

ifeq ($(ENV_PREFIX),)
$(STAMP): $(LOCK) pyproject.toml | $(UV)
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes --compile-bytecode $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name xnplan --display-name "Python (xnplan)" >/dev/null
	touch $(STAMP)
else
# Only a check: the environment is the user's.
.PHONY: $(STAMP)
$(STAMP):
	@$(BIN)/python -c "import importlib.metadata as m; m.version('xnplan'); import xnplan.store.files" 2>/dev/null || { echo "ENV_PREFIX=$(ENV_PREFIX): xnplan or its dependencies are not installed for $(BIN)/python; install them first (README: conda users)" >&2; exit 1; }
	@$(BIN)/python -c "from jupyter_client.kernelspec import KernelSpecManager as K; K().get_kernel_spec('xnplan')" 2>/dev/null || { echo "ENV_PREFIX=$(ENV_PREFIX): no Jupyter kernel named xnplan; run $(BIN)/python -m ipykernel install --sys-prefix --name xnplan" >&2; exit 1; }
endif

# Universal resolution: one file for every Python >= 3.11 and platform, with the hash of every file.
lock: | $(UV)
	$(UV) pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes \
		--upgrade --quiet --custom-compile-command "make lock" -o $(LOCK)
	$(PYTHON) tools/environment_yml.py

# conda's environment.yml pins what the lock pins (tools/environment_yml.py).
environment.yml: $(LOCK) pyproject.toml tools/environment_yml.py
	$(PYTHON) tools/environment_yml.py

build: $(STAMP)
	$(BIN)/xnplan build

reports: build
	$(BIN)/xnplan reports --jobs $(JOBS)

# xdist hands out whole modules in the order tests/conftest.py sorts them (slowest kinds first);
# its own reordering (by number of tests) would leave the long modules to the end.
PYTEST := $(BIN)/python -m pytest -n $(JOBS) --dist loadscope --no-loadscope-reorder -q
SLOW_KINDS := site or batch or property or notebook or bundle

test: lint
	$(PYTEST)

# The inner loop: everything but the report batches, the site, the hypothesis tests and the notebook runs.
# It runs no nbval cell, so it does without the plugin: that spares each process its import (about
# a second) and the notebooks' collection. The other options of pyproject's addopts stay.
test-fast: $(STAMP)
	$(PYTEST) -p no:nbval -o addopts="-p no:cacheprovider --strict-markers" -m "not ($(SLOW_KINDS))"

# The declared lower bounds work: the lowest version of every direct dependency pyproject.toml allows
# (uv's lowest-direct resolution; their own dependencies are the newest that fit), installed into a
# scratch environment, passes the fast tests. CI runs it once after `make test`. Two tests are left
# out: datapackage.json records the sha256 of the Parquet files, whose bytes name the pyarrow that
# wrote them, so only the lock's pyarrow rebuilds the committed datapackage.json byte for byte; and
# the check that the running environment has the versions environment.yml pins (the lock's).
LOWEST := .venv-lowest
test-lowest: | $(UV)
	rm -rf $(LOWEST)
	$(UV) venv --quiet --python $(BIN)/python $(LOWEST)
	$(UV) pip install --quiet --python $(LOWEST)/bin/python --resolution lowest-direct --compile-bytecode -e ".[test]"
	$(LOWEST)/bin/python -m ipykernel install --sys-prefix --name xnplan --display-name "Python (xnplan)" >/dev/null
	$(LOWEST)/bin/python -m pytest -n $(JOBS) --dist loadscope --no-loadscope-reorder -q \
		-p no:nbval -o addopts="-p no:cacheprovider --strict-markers" -m "not ($(SLOW_KINDS))" \
		--deselect "tests/store/test_processed_data.py::test_csv_and_datapackage_are_byte_identical[datapackage.json]" \
		--deselect "tests/test_environment_yml.py::test_this_environment_has_the_versions_environment_yml_pins"
# The offline bundle for intranet PCs (tools/bundle.py; runs without make too): dist/bundle/, one
# folder and archive per platform, and availability.md. test-bundle builds the linux x86_64 one,
# installs it without network and runs the evaluator's commands (tests/test_bundle.py).
bundle: $(STAMP)
	$(BIN)/python tools/bundle.py

# The property tests again, each costly one drawing ten times the examples `make test` draws
# (tests/examples.py); CI runs it once after `make test`.
test-deep: $(STAMP)
	XNPLAN_EXAMPLES_SCALE=10 $(PYTEST) -p no:nbval -o addopts="-p no:cacheprovider --strict-markers" -m property

test-bundle: $(STAMP)
	XNPLAN_TEST_BUNDLE=1 $(BIN)/python -m pytest -q -p no:nbval -o addopts="-p no:cacheprovider --strict-markers" \
		tests/test_bundle.py

lint: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy

# JupyterLab on the project folder; a new notebook starts on the xnplan kernel (this environment).
# LAB_ARGS passes options through, e.g. `make lab LAB_ARGS="--no-browser --port 8899"`.
LAB_ARGS ?=
lab: $(STAMP)
	$(BIN)/jupyter lab --MappingKernelManager.default_kernel_name=xnplan $(LAB_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_reports.py

clean-reports:
	rm -rf reports/* reports-build
