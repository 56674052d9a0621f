"""xnplan.lock: `xnplan build` and `xnplan reports` exclude each other through the lock beside the
tables; a batch refused while build holds it is tested with the batch (tests/runner/test_batch.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from xnplan import cli
from xnplan.errors import LockHeldError
from xnplan.lock import hold, hold_file


def test_build_is_refused_while_a_batch_reads_the_tables(tmp_path, capsys) -> None:
    processed = tmp_path / "processed"
    assert cli.main(["build", "--out", str(processed)]) == 0
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    with hold(processed, exclusive=False):  # what a running `xnplan reports` holds
        assert cli.main(["build", "--out", str(processed)]) == 1
    err = capsys.readouterr().err
    assert "另一个 xnplan build 或 reports 正在使用" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in processed.iterdir()} == before


def _taken(path: Path, *, exclusive: bool) -> bool:
    """Whether a new holder can take the lock on ``path`` now (it lets it go at once)."""
    try:
        with hold_file(path, exclusive=exclusive, busy="busy"):
            return True
    except LockHeldError:
        return False


def test_shared_holders_share_and_an_exclusive_holder_excludes_everyone(tmp_path) -> None:
    # Holders in one process conflict as holders in two processes do: each has its own connection.
    path = tmp_path / "x.lock"
    with hold_file(path, exclusive=False, busy="busy"):
        assert _taken(path, exclusive=False)  # two readers at once
        assert not _taken(path, exclusive=True)
    with hold_file(path, exclusive=True, busy="busy"):
        assert not _taken(path, exclusive=False)
        assert not _taken(path, exclusive=True)
    assert _taken(path, exclusive=True)  # released at the end of the block


def test_a_conflicting_holder_is_refused_with_the_busy_message(tmp_path) -> None:
    path = tmp_path / "x.lock"
    with (
        hold_file(path, exclusive=False, busy="busy"),
        pytest.raises(LockHeldError, match="^在用$"),
        hold_file(path, exclusive=True, busy="在用"),
    ):
        pass


def test_the_lock_is_released_when_the_block_raises(tmp_path) -> None:
    path = tmp_path / "x.lock"
    with pytest.raises(RuntimeError, match="boom"), hold_file(path, exclusive=True, busy="busy"):
        raise RuntimeError("boom")
    assert _taken(path, exclusive=True)


_HOLD_UNTIL_KILLED = """
import sys, time
from pathlib import Path
from xnplan.lock import hold_file
with hold_file(Path(sys.argv[1]), exclusive=True, busy="busy"):
    print("held", flush=True)
    time.sleep(600)
"""


def test_another_process_s_lock_is_released_when_it_is_killed(tmp_path) -> None:
    path = tmp_path / "x.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_UNTIL_KILLED, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert not _taken(path, exclusive=False)
    finally:
        holder.kill()  # SIGKILL: no handler runs, only the operating system releases the lock
        holder.wait()
    assert _taken(path, exclusive=True)


# Without fcntl (as on Windows) the same helper works: filelock's lock is an SQLite transaction.
_WITHOUT_FCNTL = """
import sys
sys.modules["fcntl"] = None  # `import fcntl` now raises ImportError, as on a non-POSIX system
from pathlib import Path
from xnplan.errors import LockHeldError
from xnplan.lock import hold_file
path = Path(sys.argv[1])
def taken(exclusive):
    try:
        with hold_file(path, exclusive=exclusive, busy="busy"):
            return True
    except LockHeldError:
        return False
with hold_file(path, exclusive=False, busy="busy"):
    print(taken(False), taken(True))
with hold_file(path, exclusive=True, busy="busy"):
    print(taken(False), taken(True))
print(taken(True), "fcntl" in sys.modules and sys.modules["fcntl"] is not None)
"""


def test_the_lock_works_where_there_is_no_fcntl(tmp_path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", _WITHOUT_FCNTL, str(tmp_path / "x.lock")],
        capture_output=True,
        text=True,
        check=True,
    )
    # shared: another reader gets in, a writer does not; exclusive: nobody; afterwards: free, and
    # nothing imported fcntl.
    assert run.stdout.split("\n") == ["True False", "False False", "True False", ""]
