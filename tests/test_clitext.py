"""The command line's own words (xnplan.clitext): argparse's messages reworded in Chinese, text wrapped
and padded by the columns a terminal gives it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xnplan.clitext import NO_LINE_START, ArgumentParser, pad, reword, wrap
from xnplan.textwidth import display_width


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog="demo")
    parser.add_argument("--year", type=int, choices=[2023, 2025], required=True)
    parser.add_argument("--rate", type=float)
    parser.add_argument("--pair", nargs=2)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quiet", action="store_true")
    group.add_argument("--loud", action="store_true")
    return parser


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        ([], "demo：错误：缺少必需的参数：--year"),
        (["--year", "2024"], "demo：错误：--year：无效的值 2024（可选：2023, 2025）"),
        (["--year", "x"], "demo：错误：--year：'x' 不是整数"),
        (["--year", "2023", "--rate", "fast"], "demo：错误：--rate：'fast' 不是数字"),
        (["--year"], "demo：错误：--year：需要一个值"),
        (["--year", "2023", "--pair", "a"], "demo：错误：--pair：需要 2 个值"),
        (["--year", "2023", "--quiet", "--loud"], "demo：错误：--loud：不能与参数 --quiet 同时使用"),
        (["--year", "2023", "extra"], "demo：错误：无法识别的参数：extra"),
    ],
)
def test_argparse_errors_are_chinese_with_usage_and_exit_2(capsys, argv, line) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _parser().parse_args(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：demo [-h] --year {2023,2025}")
    assert err.endswith(f"\n{line}\n")


def test_a_message_argparse_words_otherwise_is_kept() -> None:
    assert (
        reword("something argparse says in a later version") == "something argparse says in a later version"
    )
    # a type without Chinese words keeps its name
    assert reword("argument --out: invalid Path value: 'x'") == "--out：'x' 不是 Path 类型的值"


def test_help_sections_and_help_option_are_chinese(capsys) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：demo")
    assert "\n选项:\n  -h, --help " in out and "显示本帮助并退出" in out
    assert "options" not in out and "usage" not in out


def test_display_width_and_pad_count_a_chinese_character_as_two_columns() -> None:
    assert display_width("通山县 ok") == 9  # 3 × 2 + 1 space + 2
    assert pad("通山县", 8) == "通山县  " and pad("7.5", 5, ">") == "  7.5"
    assert pad("最新（未重跑）", 4) == "最新（未重跑）"  # wider than asked: nothing cut


def test_wrap_breaks_between_chinese_characters_not_inside_words() -> None:
    assert wrap("检查评估人填写的文件 check an evaluator's file", 12) == [
        "检查评估人填",
        "写的文件",
        "check an",
        "evaluator's",
        "file",
    ]
    assert wrap("一二三四五，六", 10) == ["一二三四五，", "六"]  # a comma never starts a line
    assert wrap("aa 咸））", 6) == ["aa 咸））"]  # nor does either bracket: the line runs 3 columns over


@given(st.text(alphabet=st.sampled_from(list("咸宁市民政ab c，（）d-x")), max_size=60), st.integers(6, 40))
def test_wrap_keeps_every_character_and_the_width(text, width) -> None:
    lines = wrap(text, width)
    assert "".join("".join(lines).split()) == "".join(text.split())
    for line in lines:
        words = line.split()
        # over the width only by the closing punctuation marks at its end (none may begin a line: "咸））"
        # keeps both), or a single word longer than the width
        fitting = line.rstrip("".join(NO_LINE_START) + " ")  # "咸咸咸 ）" too: its space came before
        assert display_width(fitting) <= width or len(words) == 1, (line, width)
