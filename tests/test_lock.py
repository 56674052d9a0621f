"""xnplan.lock: `xnplan build` and `xnplan reports` exclude each other through the lock beside the
tables; a batch refused while build holds it is tested with the batch (tests/runner/test_batch.py)."""

from __future__ import annotations

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


def test_a_second_exclusive_holder_is_refused_with_the_busy_message(tmp_path) -> None:
    # Two holders in one process take two open file descriptions, so flock sees them conflict.
    path = tmp_path / "x.lock"
    with (
        hold_file(path, exclusive=False, busy="busy"),
        pytest.raises(LockHeldError, match="^在用$"),
        hold_file(path, exclusive=True, busy="在用"),
    ):
        pass
