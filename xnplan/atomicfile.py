"""Atomic file writes: a reader (or an interrupted writer) never sees half a file.

The data goes to a temporary file in the target's own directory (so the rename stays on one file
system), is flushed to disk, and then replaces the target with ``os.replace``, which is atomic on
POSIX and Windows. On any error, including KeyboardInterrupt, the temporary file is removed and the
old target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

TEMP_PREFIX = ".xnplan-tmp-"


def write_atomic(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` (str is encoded as UTF-8) to ``path`` atomically; return the path."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.parent / f"{TEMP_PREFIX}{path.name}.{secrets.token_hex(4)}"
    # O_EXCL: never write through someone else's file; mode 0o666 less the umask, like open().
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # name the file the caller asked for, not the temporary one
            raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
        raise
    return path


def move_atomic(source: Path | str, target: Path | str) -> Path:
    """Move a finished file from a staging directory on the same file system into place."""
    os.replace(source, target)
    return Path(target)


def replace_folder(new: Path | str, target: Path | str, aside: Path | str | None = None) -> Path:
    """Put the finished folder ``new`` (on the same file system) in place of ``target``.

    A folder cannot be swapped in one step: the old one is renamed ``aside`` (by default a hidden
    sibling; callers with a staging area or a recovery scheme name it), the new one into place, then
    the old one is removed. ``target`` is missing only between the two renames, never half written,
    and if the second rename fails the old folder is put back.
    """
    new, target = Path(new), Path(target)
    if aside is None:
        aside = target.with_name(f"{TEMP_PREFIX}{target.name}.old.{secrets.token_hex(4)}")
    aside = Path(aside)
    try:
        if target.exists():
            target.rename(aside)
        new.rename(target)
    except BaseException:
        if aside.exists() and not target.exists():
            aside.rename(target)
        raise
    shutil.rmtree(aside, ignore_errors=True)
    return target
