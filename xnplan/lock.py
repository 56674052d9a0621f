"""The one lock helper: a shared or exclusive lock on a file, refused at once when taken.

``xnplan build`` replaces data/processed/ while ``xnplan reports`` reads it: a report whose kernel
reads half the old tables and half the new ones would be stored as built from inputs it never saw
as a whole. Build takes the lock exclusively, a report batch takes it shared, and whoever comes
second is refused at once with a message rather than left waiting. The same helper keeps two
report batches or two assessments out of one output folder.

The lock is filelock's reader/writer lock, an SQLite transaction on the lock file: the same on
every platform, held per holder (two holders in one process conflict as two processes do), and
released by the operating system when the holder dies, however it dies. The processed-tables lock
is a file beside the folder, because the folder itself is renamed away by every build.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import filelock

from xnplan.errors import LockHeldError


def lock_path(processed: Path) -> Path:
    return processed.parent / f".{processed.name}.lock"


@contextlib.contextmanager
def hold_file(path: Path, *, exclusive: bool, busy: str) -> Iterator[None]:
    """Hold a lock on ``path`` for the block: ``exclusive`` (one holder) or shared (any number of
    shared holders); LockHeldError(``busy``) at once if a conflicting holder has it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not a singleton: each holder has its own SQLite connection, so holders conflict even in one process.
    lock = filelock.ReadWriteLock(path, is_singleton=False)
    try:
        try:
            (lock.acquire_write if exclusive else lock.acquire_read)(blocking=False)
        except filelock.Timeout:
            raise LockHeldError(busy) from None
        yield
    finally:
        lock.close()  # releases the lock and closes the connection


@contextlib.contextmanager
def hold(processed: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold the lock of ``processed`` for the block; LockHeldError if a conflicting holder has it."""
    with hold_file(
        lock_path(Path(processed)),
        exclusive=exclusive,
        busy=(
            f"另一个 xnplan build 或 reports 正在使用 {processed}，请等它结束后再运行"
            f"（another `xnplan build` or `xnplan reports` is using {processed}; wait for it to finish）"
        ),
    ):
        yield
