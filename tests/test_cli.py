"""`xnplan build` and `xnplan info` from the command line: bad input gives one readable message and
exit code 1, never a traceback, and never touches the previous output."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from xnplan.cli import main
from xnplan.paths import DEFAULT_RAW_TEXT

RAW_LINES = DEFAULT_RAW_TEXT.read_text(encoding="utf-8").split("\n")
# Raw lines 993-1001 hold the first project row of 附件2: seq "1", name
# "咸安区61个村级日间照料中心项目", location, investment "3965" (line 999), implementer.
assert RAW_LINES[998] == "3965"


def _write(tmp_path: Path, lines: list[str], name: str = "plan.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name → (raw file, what the message must say)."""
    non_numeric = list(RAW_LINES)
    non_numeric[998] = "39x5"
    not_plan = tmp_path / "notes.txt"
    not_plan.write_text("会议纪要\n\n一、出席人员\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    return {
        "missing": (tmp_path / "no_such_plan.txt", "no_such_plan.txt: file not found"),
        "empty": (empty, "empty.txt: file is empty"),
        "not_plan": (not_plan, "notes.txt: title"),
        "truncated_table": (_write(tmp_path, RAW_LINES[:997], "truncated.txt"), "truncated.txt:"),
        "non_numeric": (_write(tmp_path, non_numeric, "non_numeric.txt"), "non_numeric.txt:999:"),
        "binary": (binary, "image.png: not UTF-8 text"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "not_plan", "truncated_table", "non_numeric", "binary"])
def test_bad_input_is_one_message_and_exit_1(build_copy, tmp_path, capsys, case) -> None:
    raw, expected = _bad_inputs(tmp_path)[case]
    before = _snapshot(build_copy)
    code = main(["build", "--raw", str(raw), "--out", str(build_copy)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("xnplan build: error: "), err
    assert expected in err, err
    assert "Traceback" not in err
    assert _snapshot(build_copy) == before


def test_parse_error_shows_the_cells_around_the_line(tmp_path, capsys) -> None:
    lines = list(RAW_LINES)
    lines[998] = "39x5"
    code = main(["build", "--raw", str(_write(tmp_path, lines)), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert "999 | 39x5" in err  # the offending cell, with its line number
    assert "997 | 咸安区各村委会" in err  # and its neighbours
    assert not (tmp_path / "out").exists()


def test_console_script_exit_code_and_message(tmp_path) -> None:
    """The installed `xnplan` command, in a real process: no traceback on bad input."""
    exe = Path(sys.executable).with_name("xnplan")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    env = {**os.environ, "XNPLAN_ROOT": str(DEFAULT_RAW_TEXT.parents[2])}
    result = subprocess.run(
        [str(exe), "build", "--raw", str(empty), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"xnplan build: error: {empty}: file is empty")
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [empty]


def test_interrupted_build_exits_130_and_keeps_output(build_copy, monkeypatch, capsys) -> None:
    from xnplan.store import files as store

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    before = _snapshot(build_copy)
    monkeypatch.setattr(store, "_verify", interrupted)
    assert main(["build", "--out", str(build_copy)]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert _snapshot(build_copy) == before
    assert sorted(p.name for p in build_copy.parent.iterdir()) == [".processed.lock", "processed"]


def test_info_lists_tables(build_copy, capsys) -> None:
    assert main(["info", "--dir", str(build_copy)]) == 0
    out = capsys.readouterr().out
    assert "projects" in out and "reconciliation" in out


def test_info_without_build_says_to_build(tmp_path, capsys) -> None:
    assert main(["info", "--dir", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("xnplan info: error: ") and "run `xnplan build`" in err


def test_check_says_it_checks_the_evaluators_files(capsys) -> None:
    # `xnplan check` reads an evaluator's file; the plan's own checks run in `xnplan build`.
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--help"])
    assert exit_info.value.code == 0
    assert "检查评估人填写的观测值文件或项目进展文件" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "check an evaluator's observations" in " ".join(capsys.readouterr().out.split())  # rewrapped
