"""Issue 12, case 9: operating-system faults and hostile arguments end in one message, never a
traceback, and leave the previous output as it was."""

from __future__ import annotations

import errno
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from xnplan.cli import main
from xnplan.paths import DEFAULT_PROCESSED, DEFAULT_RAW_TEXT

RAW_LINES = DEFAULT_RAW_TEXT.read_text(encoding="utf-8").split("\n")
assert RAW_LINES[998] == "3965"  # line 999: investment of project 1 of 附件2 (万元)


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _fails_cleanly(capsys, argv: list[str], *expected: str) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.startswith(f"xnplan {argv[0]}：错误："), err
    assert "Traceback" not in err
    for text in expected:
        assert text in err, err
    return err


@pytest.mark.parametrize(
    ("errno_", "words"), [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")]
)
def test_full_disk_or_read_only_folder_during_build(build_copy, monkeypatch, capsys, errno_, words) -> None:
    """The audit's full disk and read-only data/processed/ (simulated: root ignores permission bits)."""
    before = _snapshot(build_copy)
    real = Path.write_bytes

    def failing(self, data):
        if self.suffix == ".parquet":
            raise OSError(errno_, words, str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    _fails_cleanly(
        capsys,
        ["build", "--out", str(build_copy)],
        words,
        "projects.parquet",
        f"{build_copy} is left as it was",
    )
    assert _snapshot(build_copy) == before
    assert sorted(p.name for p in build_copy.parent.iterdir()) == [".processed.lock", "processed"]


def test_read_only_reports_folder(tmp_path, monkeypatch, capsys) -> None:
    out = tmp_path / "reports"
    real = Path.mkdir

    def read_only(self, *args, **kwargs):
        if self == out:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    _fails_cleanly(capsys, ["reports", "--out", str(out), "--no-progress"], str(out), "Permission denied")


def test_reports_out_is_a_file(tmp_path, capsys) -> None:
    target = tmp_path / "index.html"
    target.write_text("not a folder", encoding="utf-8")
    _fails_cleanly(capsys, ["reports", "--out", str(target), "--no-progress"], f"--out {target} 是一个文件")
    assert target.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("where", ["folder", "missing_parent"])
def test_template_out_to_a_folder_or_missing_parent(tmp_path, capsys, where) -> None:
    out = tmp_path if where == "folder" else tmp_path / "no" / "such" / "dir" / "obs.csv"
    _fails_cleanly(
        capsys,
        ["template", "observations", "--year", "2023", "--out", str(out), "--dir", str(DEFAULT_PROCESSED)],
        str(out),
    )


def test_reports_list_into_a_closed_pipe() -> None:
    """`xnplan reports --list | head`: the reader goes away before the list is written."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "xnplan.cli", "reports", "--list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # as head does once it has its lines
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipeError" not in err, err.decode()
    assert err == b""
    assert proc.returncode == 141


def test_build_from_an_endless_device_is_refused(build_copy, capsys) -> None:
    before = _snapshot(build_copy)
    _fails_cleanly(
        capsys,
        ["build", "--raw", "/dev/zero", "--out", str(build_copy)],
        "/dev/zero: 不是普通文件（设备、管道等），应为规划文本",
    )
    assert _snapshot(build_copy) == before


def test_build_from_a_huge_file_is_refused_without_reading_it_all(tmp_path, capsys) -> None:
    huge = tmp_path / "plan.txt"
    with huge.open("wb") as handle:
        handle.truncate(4 * 1024**3)  # sparse: 4 GiB that would not fit the memory budget of a parse
    _fails_cleanly(
        capsys, ["build", "--raw", str(huge), "--out", str(tmp_path / "out")], f"{huge}: 文件超过 16 MiB"
    )
    assert not (tmp_path / "out").exists()


def test_a_400_digit_amount_is_refused_with_its_line(tmp_path, capsys) -> None:
    lines = list(RAW_LINES)
    lines[998] = "9" * 400
    raw = tmp_path / "plan.txt"
    raw.write_text("\n".join(lines), encoding="utf-8")
    _fails_cleanly(
        capsys, ["build", "--raw", str(raw), "--out", str(tmp_path / "out")], f"{raw}:999:", "数字有 400 位"
    )
    assert not (tmp_path / "out").exists()
