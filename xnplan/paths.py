"""Where xnplan finds its files: in a checkout of the project, or in the installed package.

A checkout is a folder holding ``data/raw/`` and ``xnplan/``. It is found, in this order:

1. the ``XNPLAN_ROOT`` environment variable, if set (the report runner sets it for its kernels,
   which run in the notebooks/ folder);
2. the working directory or one of its parents, so the CLI works from any subfolder;
3. the source tree the package was imported from (an editable install, or ``python -m xnplan``).

Everything is then relative to that root: ``data/raw/`` (the plan text and the curated files),
``data/processed/`` (the tables), ``notebooks/`` and ``reports/``.

Without a checkout (a wheel installed anywhere), the package carries the same ``data/raw/`` and
``notebooks/`` as package data in ``xnplan/_project/`` (added when the wheel is built, see
setup.py); the tables are built from that plan text on first use into the user's cache folder
(:data:`DEFAULT_PROCESSED`, one per version), and reports and assessments go to ``reports/`` under
the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# The installed package's copy of the checkout's data/raw/ and notebooks/ (same layout).
PACKAGE_PROJECT = PACKAGE / "_project"


def _is_checkout(folder: Path) -> bool:
    return (folder / "data" / "raw").is_dir() and (folder / "xnplan").is_dir()


def checkout_root() -> Path | None:
    """The project folder in use, or None when the package runs from its own package data."""
    env = os.environ.get("XNPLAN_ROOT")
    if env and Path(env).resolve() != PACKAGE_PROJECT:
        return Path(env).resolve()
    if env:  # the runner passes an installed package's root on to its kernels
        return None
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if _is_checkout(folder):
            return folder
    return PACKAGE.parent if _is_checkout(PACKAGE.parent) else None


def _user_cache() -> Path:
    """The tables' folder of an installed package: per user, per version (a new version rebuilds)."""
    from importlib.metadata import version

    import platformdirs

    return Path(platformdirs.user_cache_dir("xnplan", appauthor=False)) / version("xnplan") / "processed"


_CHECKOUT = checkout_root()
# True when the tables are not part of a checkout and are built on first use (see xnplan.store.files.load).
INSTALLED = _CHECKOUT is None
ROOT = _CHECKOUT or PACKAGE_PROJECT
RAW_DIR = ROOT / "data" / "raw"
DEFAULT_RAW_TEXT = RAW_DIR / "xianning_civil_affairs_14th_fyp_draft.txt"
NOTEBOOKS_DIR = ROOT / "notebooks"


def _report_set_file(name: str = "reports.toml") -> Path:
    """The project's report set (xnplan.runner.reportset); a project folder without one (an
    ``XNPLAN_ROOT`` holding data and notebooks only) runs the package's: the source tree's, or the
    copy an installed wheel carries. When there is none at all, the missing project file is named."""
    package_own = PACKAGE.parent if _is_checkout(PACKAGE.parent) else PACKAGE_PROJECT
    for folder in (ROOT, package_own):
        if (folder / name).is_file():
            return folder / name
    return ROOT / name


REPORT_SET_FILE = _report_set_file()
DEFAULT_PROCESSED = _user_cache() if INSTALLED else ROOT / "data" / "processed"
REPORTS_DIR = (Path.cwd() if INSTALLED else ROOT) / "reports"
# A report's downloads folder lists its files here; the notebook writes it last, the runner and the
# landing page read it (xnplan.report.exhibits).
DOWNLOADS_MANIFEST = "manifest.json"
