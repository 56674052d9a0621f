"""`xnplan build` and `xnplan info` from the command line: bad input gives one readable message and
exit code 1, never a traceback, and never touches the previous output."""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from xnplan.cli import main, make_parser
from xnplan.paths import DEFAULT_RAW_TEXT
from xnplan.textwidth import display_width

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
        "missing": (tmp_path / "no_such_plan.txt", "no_such_plan.txt: 找不到文件，应为规划文本"),
        "empty": (empty, "empty.txt: 文件为空，应为规划文本"),
        "not_plan": (not_plan, "notes.txt: 前 200 行中没有标题“咸宁市民政事业“十四五”规划”"),
        "truncated_table": (_write(tmp_path, RAW_LINES[:997], "truncated.txt"), "truncated.txt:"),
        "non_numeric": (_write(tmp_path, non_numeric, "non_numeric.txt"), "non_numeric.txt:999:"),
        # 0x89, the first byte, cannot begin a UTF-8 character
        "binary": (binary, "image.png: 不是 UTF-8 编码的文本（第 1 字节）"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "not_plan", "truncated_table", "non_numeric", "binary"])
def test_bad_input_is_one_message_and_exit_1(build_copy, tmp_path, capsys, case) -> None:
    raw, expected = _bad_inputs(tmp_path)[case]
    before = _snapshot(build_copy)
    code = main(["build", "--raw", str(raw), "--out", str(build_copy)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("xnplan build：错误："), err
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
    assert result.stderr.startswith(f"xnplan build：错误：{empty}: 文件为空")
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [empty]


def test_interrupted_build_exits_130_and_keeps_output(build_copy, monkeypatch, capsys) -> None:
    from xnplan.store import files as store

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    before = _snapshot(build_copy)
    monkeypatch.setattr(store, "_verify", interrupted)
    assert main(["build", "--out", str(build_copy)]) == 130
    assert "xnplan build：已中断" in capsys.readouterr().err
    assert _snapshot(build_copy) == before
    assert sorted(p.name for p in build_copy.parent.iterdir()) == [".processed.lock", "processed"]


def test_info_lists_tables(build_copy, capsys) -> None:
    assert main(["info", "--dir", str(build_copy)]) == 0
    out = capsys.readouterr().out
    assert "projects" in out and "reconciliation" in out


def test_info_without_build_says_to_build(tmp_path, capsys) -> None:
    assert main(["info", "--dir", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("xnplan info：错误：") and "run `xnplan build`" in err


def test_check_says_it_checks_the_evaluators_files(capsys) -> None:
    # `xnplan check` reads an evaluator's file; the plan's own checks run in `xnplan build`.
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--help"])
    assert exit_info.value.code == 0
    assert "检查评估人填写的观测值文件或项目进展文件" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "检查评估人填写的观测值或项目进展文件" in "".join(capsys.readouterr().out.split())  # rewrapped


# --- the command speaks Chinese first ----------------------------------------------------------------

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# An option or subcommand alone on its line (too long for the column): its help is on the next line.
INVOCATION = re.compile(r"\s+(?:-[-\w]+(?: [A-Z_=]+)?(?:, --?[-\w]+(?: [A-Z_=]+)?)*|[a-z][-a-z]+)")


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command line that has its own --help: (), ("build",), ("template", "observations") …"""
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*path, name))
    return found


def test_every_help_line_has_chinese(capsys, monkeypatch) -> None:
    """Each line of every --help that has words has Chinese in it (English may follow in parentheses),
    but an example's command, under the line saying what it does; a wide terminal, so that each
    option's help is on its line."""
    monkeypatch.setenv("COLUMNS", "1000")
    commands = _commands(make_parser())
    assert len(commands) == 9  # xnplan, its six subcommands, and template's two kinds
    for command in commands:
        with pytest.raises(SystemExit) as exit_info:
            main([*command, "--help"])
        assert exit_info.value.code == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith(f"用法：xnplan {' '.join(command)}".rstrip())
        for before, line, after in zip(["", *lines], lines, [*lines[1:], ""], strict=False):
            if INVOCATION.fullmatch(line):
                line += after
            example = line.lstrip().startswith("xnplan ") and before.endswith("：")  # said on the line above
            if re.search("[A-Za-z]", line) and not example:
                assert CJK.search(line), f"xnplan {' '.join(command)} --help: {line!r}"


def test_a_wrong_argument_is_one_chinese_line_after_the_usage(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["reports", "--jobs", "two"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：xnplan reports [-h] [-j N]")
    assert err.endswith("\nxnplan reports：错误：-j/--jobs：'two' 不是整数\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["assess", "--year", "2024", "--observations", "a.xlsx"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.endswith(
        "\nxnplan assess：错误：--year：无效的值 2024（可选：2023, 2025）\n"
    )
    with pytest.raises(SystemExit):
        main([])
    assert capsys.readouterr().err.endswith("\nxnplan：错误：缺少必需的参数：子命令\n")


def test_jobs_below_one_is_a_chinese_error_with_exit_1(capsys) -> None:
    assert main(["reports", "--jobs", "0", "--only", "plan_overview"]) == 1
    assert (
        capsys.readouterr().err
        == "xnplan reports：错误：--jobs 至少为 1，不能是 0（--jobs must be at least 1）\n"
    )


def test_info_names_each_table_in_chinese(build_copy, capsys) -> None:
    assert main(["info", "--dir", str(build_copy)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # projects: the 331 project rows of 附件2 (docs/tables.md); the titles are padded to one width
    assert lines[0].split() == ["项目库明细", "331", "行", "projects"]
    assert len({display_width(line.split("行")[0]) for line in lines}) == 1  # the row counts line up
