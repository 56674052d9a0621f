"""Where a report's files live: what readers open in the output directory (the published folder),
how it was built in the build folder beside it.

Layout for a report with slug ``s``, output directory ``reports/``::

    reports/s.html              the report without code (what readers open)
    reports/s_files/            its tables (CSV, xlsx) and charts (PNG, SVG) to download, and manifest.json
    reports/.tmp/               staging area for a running batch (same file system, so renames are atomic)
    reports/.xnplan-reports     the mark of a folder the batch owns (see :func:`claim`)
    reports-build/s.ipynb       the executed notebook
    reports-build/s.key.json    cache key and build metadata of s.html / s.ipynb (written last)
    reports-build/s.failed.ipynb  the executed notebook with papermill's error banner, after a failure
    reports-build/s.failed.json   why the last attempt failed (removed by the next successful build)
    reports-build/logs/s.log    the notebook's output and, on failure, the traceback
    reports-build/.lock         one batch at a time per output directory

The published folder can be handed over on its own: nothing in it names the build machine's paths.
build.html (in the published folder) links the build folder's notebooks and logs.
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
BUILD_SUFFIX = "-build"


def build_folder(out_dir: Path) -> Path:
    """The folder beside ``out_dir`` holding how its reports were built: ``reports`` → ``reports-build``."""
    absolute = out_dir.absolute()
    return absolute.parent / f"{absolute.name}{BUILD_SUFFIX}"


def claim(out_dir: Path) -> None:
    """Make ``out_dir`` the batch's, or refuse it: a folder is the batch's when it is new or empty
    (hidden files aside), carries the mark, or holds a report set an earlier batch wrote (reports'
    records, ``*.key.json``). Any other folder holds files of someone else where the
    batch would write: OutputFolderError naming them. Another tool's folder is refused the same way."""
    if (out_dir / facts.REPORT_SET_MARK).exists():
        return
    present = [p for p in out_dir.iterdir() if not p.name.startswith(".")] if out_dir.is_dir() else []
    earlier = any(out_dir.glob("*.key.json")) or any(build_folder(out_dir).glob("*.key.json"))
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
    def build(self) -> Path:
        return build_folder(self.out_dir)

    @property
    def ipynb(self) -> Path:
        return self.build / f"{self.slug}.ipynb"

    @property
    def downloads(self) -> Path:
        return self.out_dir / f"{self.slug}{DOWNLOADS_SUFFIX}"

    @property
    def key(self) -> Path:
        return self.build / f"{self.slug}.key.json"

    @property
    def failed_ipynb(self) -> Path:
        return self.build / f"{self.slug}.failed.ipynb"

    @property
    def failed_record(self) -> Path:
        return self.build / f"{self.slug}.failed.json"

    @property
    def log(self) -> Path:
        return self.build / "logs" / f"{self.slug}.log"

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


def retire_old_layout(out_dir: Path, slugs: list[str]) -> None:
    """Remove what earlier versions wrote into the published folder and now belongs in the build folder
    (notebooks, keys, failure records, logs), for the reports of ``slugs``: a reader never sees them, and
    the reports they describe are rebuilt once, into the new layout."""
    for slug in slugs:
        for suffix in (".ipynb", ".key.json", ".failed.ipynb", ".failed.json"):
            (out_dir / f"{slug}{suffix}").unlink(missing_ok=True)
        (out_dir / "logs" / f"{slug}.log").unlink(missing_ok=True)
    logs = out_dir / "logs"
    if logs.is_dir() and not any(logs.iterdir()):
        logs.rmdir()
