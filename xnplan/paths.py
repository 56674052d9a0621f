"""Default locations, relative to the project root (the folder holding data/ and notebooks/).

The root is found from the working directory upwards, so the CLI works from any subfolder; the
XNPLAN_ROOT environment variable overrides it (papermill kernels run in the notebooks/ folder).
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    env = os.environ.get("XNPLAN_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "raw").is_dir() and (folder / "xnplan").is_dir():
            return folder
    # Installed package used outside the checkout: fall back to the source tree it came from.
    return Path(__file__).resolve().parent.parent


ROOT = project_root()
DEFAULT_RAW_TEXT = ROOT / "data" / "raw" / "xianning_civil_affairs_14th_fyp_draft.txt"
DEFAULT_PROCESSED = ROOT / "data" / "processed"
REPORTS_DIR = ROOT / "reports"
NOTEBOOKS_DIR = ROOT / "notebooks"
RAW_DIR = ROOT / "data" / "raw"
# A report's downloads folder lists its files here; the notebook writes it last, the runner and the
# landing page read it (xnplan.report.exhibits).
DOWNLOADS_MANIFEST = "manifest.json"
