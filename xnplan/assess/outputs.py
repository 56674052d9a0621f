"""An assessment's output folder: what ``xnplan assess`` owns in it, and how a new set goes in.

The folder belongs to the evaluator. The tool writes only its own files (the Word report, the
workbook, the HTML page and the page's downloads folder) and records what it wrote, with each
file's sha256, in ``.xnplan-assess.json``. A later run

- refuses to replace a file that changed since it was written (a hand edit) or that it did not write,
  naming the file, unless told to (``force``);
- never deletes or changes anything else in the folder;
- refuses a folder that belongs to another tool (the report set's folder, a tables folder);
- holds a lock on the folder, so two runs cannot mix their files;
- stages the whole set in a folder of its own inside the output folder and then moves it in under
  a journal: a run killed during the moves is finished by the next run, and one killed before
  leaves the previous set as it was. Staging folders of killed runs are removed by the next run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from xnplan import facts, lock
from xnplan.atomicfile import TEMP_PREFIX, write_atomic
from xnplan.errors import OutputFolderError
from xnplan.htmlpage import LANDING_PAGE
from xnplan.paths import DEFAULT_PROCESSED, NOTEBOOKS_DIR, RAW_DIR, REPORTS_DIR, ROOT

RECORD = facts.ASSESSMENT_RECORD
JOURNAL = ".xnplan-assess.pending.json"
LOCK = ".xnplan-assess.lock"
STAGING_PREFIX = ".xnplan-staging-"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder_digests(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


@dataclass(frozen=True)
class Record:
    """What the tool wrote last: file name → sha256, and the downloads folder's files the same way."""

    files: dict[str, str]
    folders: dict[str, dict[str, str]]

    @classmethod
    def read(cls, out: Path) -> Record:
        path = out / RECORD
        if not path.exists():
            return cls({}, {})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(dict(data["files"]), {k: dict(v) for k, v in data["folders"].items()})
        except (ValueError, KeyError, TypeError, AttributeError):
            return cls({}, {})  # unreadable: nothing is known to be ours

    def write(self, out: Path) -> None:
        record = {"files": self.files, "folders": self.folders}
        write_atomic(out / RECORD, json.dumps(record, ensure_ascii=False, indent=1))


def foreign_owner(out: Path) -> str | None:
    """Which other tool the folder belongs to, or None."""
    resolved = out.resolve()
    owned = {
        REPORTS_DIR.resolve(): "报告集（xnplan reports）的输出文件夹",
        DEFAULT_PROCESSED.resolve(): "数据表文件夹（xnplan build）",
        NOTEBOOKS_DIR.resolve(): "notebooks 文件夹",
        RAW_DIR.resolve(): "原始数据文件夹",
        ROOT.resolve(): "项目根目录",
    }
    if resolved in owned:
        return owned[resolved]
    if (out / facts.DATAPACKAGE_NAME).exists():
        return f"数据表文件夹（含 {facts.DATAPACKAGE_NAME}）"
    if (out / facts.REPORT_SET_MARK).exists() or (
        (out / facts.BUILD_PAGE).exists() and (out / LANDING_PAGE).exists()
    ):
        # the mark tells from the moment a batch claims the folder; a set older than the mark by its pages
        return "报告集（xnplan reports）的输出文件夹"
    return None


def changed_by_hand(out: Path, names: list[str], folders: list[str], record: Record) -> list[str]:
    """Our files that exist but differ from what was recorded (or were never recorded)."""
    found = []
    for name in names:
        path = out / name
        if path.exists() and record.files.get(name) != (digest(path) if path.is_file() else None):
            found.append(name)
    for name in folders:
        path = out / name
        if not path.exists():
            continue
        if not path.is_dir():
            found.append(name)
            continue
        recorded = record.folders.get(name, {})
        found += [
            f"{name}/{file}" for file, sha in _folder_digests(path).items() if recorded.get(file) != sha
        ]
        found += [f"{name}/{p.name}" for p in path.iterdir() if not p.is_file()]
    return found


def clean_leftovers(out: Path) -> None:
    """Finish a commit a killed run left half done (journal), remove staging folders and temporary files."""
    journal = out / JOURNAL
    if journal.exists():
        with contextlib.suppress(ValueError, KeyError, OSError, TypeError):
            pending = json.loads(journal.read_text(encoding="utf-8"))
            _move_in(out, out / pending["staging"], pending["files"], pending["folders"])
            Record(pending["record"]["files"], pending["record"]["folders"]).write(out)
        journal.unlink(missing_ok=True)
    for leftover in out.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.glob(f"{TEMP_PREFIX}*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _move_in(out: Path, staging: Path, files: list[str], folders: list[str]) -> None:
    for name in files:
        if (staging / name).exists():
            os.replace(staging / name, out / name)
    for name in folders:
        if (staging / name).exists():
            old = out / f"{TEMP_PREFIX}{name}.old"
            if (out / name).exists():
                shutil.rmtree(old, ignore_errors=True)
                (out / name).rename(old)
            (staging / name).rename(out / name)
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def staged(out: Path, files: list[str], folders: list[str], *, force: bool) -> Iterator[Path]:
    """A staging folder to write the new set into; on leaving the block without error the set is moved in.

    Checks first (under the folder's lock): not another tool's folder, no hand-edited file of ours.
    """
    out.mkdir(parents=True, exist_ok=True)
    owner = foreign_owner(out)
    if owner:
        raise OutputFolderError(f"{out}：这是{owner}，评估结果不写入这里；请用 --out 指定另一个文件夹")
    with lock.hold_file(
        out / LOCK,
        exclusive=True,
        busy=(f"{out}：另一个 xnplan assess 正在写入这个文件夹，请等它结束后再运行"),
    ):
        clean_leftovers(out)
        record = Record.read(out)
        edited = changed_by_hand(out, files, folders, record)
        if edited and not force:
            raise OutputFolderError(
                f"{out}：以下文件在上次生成后被修改过，或不是 xnplan assess 生成的，"
                f"未覆盖：{'、'.join(edited)}。"
                "请先另存修改过的文件，或改用另一个 --out 文件夹；确需覆盖时加 --force"
            )
        staging = out / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
        staging.mkdir()
        try:
            yield staging
            _commit(out, staging, files, folders)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _commit(out: Path, staging: Path, files: list[str], folders: list[str]) -> None:
    record = Record(
        {name: digest(staging / name) for name in files},
        {name: _folder_digests(staging / name) for name in folders},
    )
    journal = {
        "staging": staging.name,
        "files": files,
        "folders": folders,
        "record": {"files": record.files, "folders": record.folders},
    }
    write_atomic(out / JOURNAL, json.dumps(journal, ensure_ascii=False))
    _move_in(out, staging, files, folders)
    record.write(out)
    (out / JOURNAL).unlink(missing_ok=True)
