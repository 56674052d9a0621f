"""Where a report's files live under the output directory, and the records beside them.

Layout for a report with slug ``s``::

    s.html            the report without code (what readers open)
    s_files/          its tables (CSV, xlsx) and charts (PNG, SVG) to download, and manifest.json
    s.ipynb           the executed notebook
    s.key.json        cache key and build metadata of s.html / s.ipynb (written last)
    s.failed.ipynb    the executed notebook with papermill's error banner, when the last attempt failed
    s.failed.json     why the last attempt failed (removed by the next successful build)
    logs/s.log        the notebook's output and, on failure, the traceback
    .tmp/             staging area for a running batch (same file system, so renames are atomic)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from xnplan.paths import DOWNLOADS_MANIFEST

STAGING = ".tmp"
DOWNLOADS_SUFFIX = "_files"


@dataclass(frozen=True)
class ReportFiles:
    out_dir: Path
    slug: str

    @property
    def html(self) -> Path:
        return self.out_dir / f"{self.slug}.html"

    @property
    def ipynb(self) -> Path:
        return self.out_dir / f"{self.slug}.ipynb"

    @property
    def downloads(self) -> Path:
        return self.out_dir / f"{self.slug}{DOWNLOADS_SUFFIX}"

    @property
    def key(self) -> Path:
        return self.out_dir / f"{self.slug}.key.json"

    @property
    def failed_ipynb(self) -> Path:
        return self.out_dir / f"{self.slug}.failed.ipynb"

    @property
    def failed_record(self) -> Path:
        return self.out_dir / f"{self.slug}.failed.json"

    @property
    def log(self) -> Path:
        return self.out_dir / "logs" / f"{self.slug}.log"

    @property
    def staging(self) -> Path:
        return self.out_dir / STAGING

    def read_key(self) -> dict | None:
        return read_json(self.key)

    def read_failure(self) -> dict | None:
        return read_json(self.failed_record)

    def outputs_exist(self) -> bool:
        return all(path.is_file() for path in (self.html, self.ipynb, self.downloads / DOWNLOADS_MANIFEST))


def read_json(path: Path) -> dict | None:
    """A record, or None when it is absent or unreadable (an unreadable record just forces a rebuild)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None
