# Two entry points: `make reports` (build the tables and every report) and `make test`.
# Both create the environment in .venv/ with pip on first use, so a fresh machine needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: reports build test lint bench clean-reports

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name xnplan --display-name "Python (xnplan)" >/dev/null
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/xnplan build

reports: build
	$(BIN)/xnplan reports --jobs $(JOBS)

test: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest -n $(JOBS) --dist loadscope -q

lint: $(STAMP)
	$(BIN)/python -m ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_reports.py

clean-reports:
	rm -rf reports/*
