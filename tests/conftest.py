"""What many test modules share, made once per session, and the tiers of the suite.

Shared inputs (read only; a test that changes one works on its own copy):
- ``plan``: the committed tables, ``xnplan.store.load()``, as every report and assessment reads them;
- ``parsed_plan``: the plan parsed from the raw text now, ``parse_plan(DEFAULT_RAW_TEXT)``;
- ``raw_source``: the raw text as the parsers read it, ``Source.read(DEFAULT_RAW_TEXT)``;
- ``built_tables``: a folder ``store.build`` wrote from the raw text; ``build_copy`` is a private copy;
- ``report_site``: every report of the default set, built by one real batch for all xdist workers.

A test that changed a shared plan would make the tests after it pass or fail by the order they run
in, so each plan is compared with a copy taken when it was made, and the session fails if it changed.

Tiers (markers registered in pyproject.toml): ``site`` (uses ``report_site``), ``batch`` (runs report
batches with kernels), ``property`` (hypothesis) and ``notebook`` (runs a notebook: nbval, papermill).
``make test-fast`` leaves these four out. Modules holding such tests are handed to the xdist workers
first, the slowest kinds first, so that no worker is left alone with a long module at the end.
"""

from __future__ import annotations

import copy
import io
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import filelock
import pytest

import xnplan
from xnplan.parse.source import Source
from xnplan.paths import DEFAULT_RAW_TEXT, ROOT

if TYPE_CHECKING:
    from xnplan.plan import Plan

# The order in which modules are handed out: a module ranks by its slowest kind of test.
SLOW_KINDS = ("site", "batch", "property", "notebook")


# --- tiers ---------------------------------------------------------------------------------------


def _kinds(item: pytest.Item) -> set[str]:
    """The slow kinds ``item`` belongs to, by what it runs (its markers, nbval, hypothesis, fixtures)."""
    kinds = {mark.name for mark in item.iter_markers() if mark.name in SLOW_KINDS}
    if item.path.suffix == ".ipynb":
        kinds.add("notebook")
    if _is_hypothesis_test(item):
        kinds.add("property")
    if "report_site" in getattr(item, "fixturenames", ()):
        kinds.add("site")
    return kinds


def _is_hypothesis_test(item: pytest.Item) -> bool:
    # Tests that never imported hypothesis hold no hypothesis test, and are spared its import (~1 s).
    if "hypothesis" not in sys.modules:
        return False
    from hypothesis import is_hypothesis_test

    return is_hypothesis_test(getattr(item, "obj", None))


def _rank(kinds: set[str]) -> int:
    return min((SLOW_KINDS.index(kind) for kind in kinds), default=len(SLOW_KINDS))


@pytest.hookimpl(tryfirst=True)  # before -m deselects by the markers added here
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    module_rank: dict[Path, float] = {}
    for item in items:
        kinds = _kinds(item)
        for kind in kinds:
            item.add_marker(kind)
        module_rank[item.path] = min(module_rank.get(item.path, len(SLOW_KINDS)), _rank(kinds))
    _after_the_first_site_module(module_rank)
    # Stable: the modules of one rank, and the tests of one module, keep their order.
    items.sort(key=lambda item: module_rank[item.path])


def _after_the_first_site_module(module_rank: dict[Path, float]) -> None:
    """One module of the site goes first: its worker builds ``report_site``. Another site module
    handed out at the start would only wait for that build, its worker idle; after the batch modules
    the build is done or nearly so when a worker reaches it."""
    site = SLOW_KINDS.index("site")
    later = SLOW_KINDS.index("batch") + 0.5
    for path in [path for path, rank in module_rank.items() if rank == site][1:]:
        module_rank[path] = later


# --- shared plans --------------------------------------------------------------------------------


def _unchanged(plan: Plan, name: str) -> Iterator[Plan]:
    before = copy.deepcopy(plan.tables())
    yield plan
    changed = [table for table, frame in plan.tables().items() if not frame.equals(before[table])]
    assert not changed, f"a test changed the shared {name}'s tables {changed}: change a copy instead"


@pytest.fixture(scope="session")
def plan() -> Iterator[Plan]:
    """The committed tables of data/processed/ (``xnplan.store.load()``, the stage form)."""
    yield from _unchanged(xnplan.store.load(), "plan")


@pytest.fixture(scope="session")
def parsed_plan() -> Iterator[Plan]:
    """The plan parsed from the raw text by the current code (``xnplan.parse_plan``)."""
    yield from _unchanged(xnplan.parse_plan(DEFAULT_RAW_TEXT), "parsed_plan")


@pytest.fixture(scope="session")
def raw_source() -> Source:
    """The raw plan text as the parsers read it."""
    return Source.read(DEFAULT_RAW_TEXT)


# --- shared folders ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/processed/ as ``store.build`` writes it from the raw text, in a folder of its own. Read it
    only: a test that writes beside it or into it takes ``build_copy``."""
    from xnplan.store import files  # here, not at the top: a run of one small test file needs none of it

    return files.build(DEFAULT_RAW_TEXT, tmp_path_factory.mktemp("built") / "processed")


@pytest.fixture
def build_copy(tmp_path: Path, built_tables: Path) -> Path:
    """A private copy of ``built_tables``: an earlier build output, alone in a fresh folder."""
    out = tmp_path / "processed"
    out.mkdir()
    for path in built_tables.iterdir():
        (out / path.name).write_bytes(path.read_bytes())
    return out


def _session_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every xdist worker of this session sees (each worker's base is one level below)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _build_site(out: Path) -> None:
    from tests.runner.package_reports import package_reports
    from xnplan.runner.batch import BatchSettings, run_reports  # as files above: imported when needed

    specs = package_reports()
    settings = BatchSettings(root=ROOT, out_dir=out, notebooks_dir=ROOT / "notebooks", jobs=2, progress=False)
    result = run_reports(specs, specs, settings, out=io.StringIO())
    assert [(s.slug, o.status, o.reason) for s, o in result.outcomes if o.status != "ok"] == []


@pytest.fixture(scope="session")
def report_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every report of the package as `xnplan reports` builds it from the committed tables: one
    real batch (about half a minute on two cores) for the whole session. The first worker to ask
    builds it under a lock; the others wait for it. Read only: copy it before changing anything."""
    shared = _session_folder(tmp_path_factory)
    site, done = shared / "report-site", shared / "report-site.done"
    # Waited for, on every platform (xnplan.lock refuses at once instead).
    with filelock.FileLock(shared / "report-site.lock"):
        if not done.exists():
            shutil.rmtree(site, ignore_errors=True)  # a build that failed in another worker
            _build_site(site)
            done.touch()
    return site
