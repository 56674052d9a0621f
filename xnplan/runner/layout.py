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
    .xnplan-reports   the mark of a folder the batch owns (see :func:`claim`)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from xnplan import facts
from xnplan.atomicfile import write_atomic
from xnplan.errors import OutputFolderError
from xnplan.paths import DOWNLOADS_MANIFEST

STAGING = ".tmp"
BATCH_LOCK = ".lock"  # held by the batch writing the folder
DOWNLOADS_SUFFIX = "_files"
# What the batch writes at the top of its folder besides the reports' own files.
SITE_FILES = ("index.html", "build.html", "data", "logs")


def claim(out_dir: Path) -> None:
    """Make ``out_dir`` the batch's, or refuse it: a folder is the batch's when it is new or empty
    (hidden files aside), carries the mark, or holds a report set an earlier batch wrote (reports'
    records, ``*.key.json``). Any other folder holds files of someone else where the
    batch would write: OutputFolderError naming them. Another tool's folder is refused the same way."""
    if (out_dir / facts.REPORT_SET_MARK).exists():
        return
    present = [p for p in out_dir.iterdir() if not p.name.startswith(".")] if out_dir.is_dir() else []
    earlier = any(out_dir.glob("*.key.json"))
    foreign = [n for n in (facts.ASSESSMENT_RECORD, facts.DATAPACKAGE_NAME) if (out_dir / n).exists()]
    if foreign or (present and not earlier):
        clashes = foreign or [p.name for p in present]
        listed = "、".join(sorted(clashes)[:10])
        raise OutputFolderError(
            f"{out_dir}：文件夹中已有不是报告集生成的文件（{listed}），"
            "报告不写入这里；请用 --out 指定一个新的或空的文件夹 "
            "(the folder holds files the report set did not write; "
            "give an empty or new folder)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / facts.REPORT_SET_MARK, "xnplan reports\n")


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
