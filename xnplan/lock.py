"""One writer or any number of readers of a processed-tables folder at a time.

``xnplan build`` replaces data/processed/ while ``xnplan reports`` reads it: a report whose kernel
reads half the old tables and half the new ones would be stored as built from inputs it never saw
as a whole. Build takes the lock exclusively, a report batch takes it shared, and whoever comes
second is refused at once with a message rather than left waiting. The lock is an advisory flock
on a file beside the folder, because the folder itself is renamed away by every build; the kernel
releases it when the holder dies, however it dies.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from xnplan.errors import LockHeldError


def lock_path(processed: Path) -> Path:
    return processed.parent / f".{processed.name}.lock"


@contextlib.contextmanager
def hold_file(path: Path, *, exclusive: bool, busy: str) -> Iterator[None]:
    """Hold an advisory lock on ``path`` for the block; LockHeldError(``busy``) if a conflicting
    holder has it. The holder's death releases it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeldError(busy) from None
        yield


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
