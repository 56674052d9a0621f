"""Replacing a processed-tables folder whole, and recovering from a build killed while doing it.

Everything is written into a temporary sibling directory, which replaces the old folder only when
the block that fills it succeeds; a failed or interrupted build leaves the previous tables exactly
as they were. The swap itself is two renames (old folder aside, new folder in). A process killed
between them leaves no folder at all but both complete copies beside it; :func:`recover` (run by
the next ``build`` or ``load``) puts the new one in place, or, if it does not verify, the old one.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xnplan.atomicfile import replace_folder
from xnplan.errors import OutputFolderError
from xnplan.facts import DATAPACKAGE_NAME
from xnplan.store.integrity import damaged


def check_target(out: Path) -> None:
    """Refuse to replace anything that is not an earlier build output (never wipe a user's folder)."""
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"{out}：这是一个文件，不是文件夹，请换一个 --out（not a directory）")
    if out.is_dir() and any(out.iterdir()) and not (out / DATAPACKAGE_NAME).exists():
        raise OutputFolderError(
            f"{out}：文件夹里有文件却没有 {DATAPACKAGE_NAME}，不是 xnplan build 以前的输出，不会替换它；"
            "请给 --out 一个新的或空的文件夹（not an earlier `xnplan build` output）"
        )


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh sibling directory of ``out``; swapped into place if the block succeeds, else removed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out)
    tmp = out.parent / f".{out.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()  # os.mkdir honours the umask, unlike tempfile.mkdtemp's 0700
    try:
        yield tmp
        _swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap(new: Path, out: Path) -> None:
    """Rename ``out`` aside, ``new`` into place, then delete the old one; restore it on failure.
    The aside copy is named so that :func:`recover` finds it if the process dies in between."""
    replace_folder(new, out, aside=out.parent / f".{out.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def _leftovers(out: Path) -> Iterator[tuple[str, Path]]:
    """(kind, folder) of the staging and set-aside copies of ``out`` whose build process is gone."""
    for leftover in out.parent.glob(f".{out.name}.*-*-*"):
        kind, _, rest = leftover.name[len(out.name) + 2 :].partition("-")
        pid = rest.partition("-")[0]
        if kind in ("building", "old") and pid.isdigit() and not _pid_alive(int(pid)):
            yield kind, leftover


def _remove_stale(out: Path) -> None:
    """Delete leftovers of builds whose process no longer runs (killed with SIGKILL, power cut)."""
    for _, leftover in _leftovers(out):
        shutil.rmtree(leftover, ignore_errors=True)


def recover(out: Path) -> bool:
    """Put a complete copy back at ``out`` if a build was killed between the two renames of its swap.

    The staged copy was verified before the swap began, so it is preferred when its files still
    match their recorded hashes; otherwise the copy that was set aside. True if one was restored.
    """
    if out.exists():
        return False
    found = sorted(_leftovers(out), key=lambda item: (item[0] != "building", -item[1].stat().st_mtime))
    for _, candidate in found:
        if (candidate / DATAPACKAGE_NAME).is_file() and not damaged(candidate):
            try:
                candidate.rename(out)
            except OSError:  # another process recovered first
                return out.exists()
            return True
    return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
