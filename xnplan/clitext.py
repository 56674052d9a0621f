"""The command line's own words in Chinese: argparse's usage, section titles, -h and error lines, and
columns padded to the width a terminal gives Chinese characters.

argparse words its text through the process-wide gettext ``_()``; a translation installed there would
change every parser in the process. So the words are set per parser instead: the usage prefix is a
formatter argument, the section titles and ``-h`` belong to each parser, and an error message that
argparse has already composed is matched against argparse's own English templates and reworded
(an unknown one is shown as it is, never lost).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from xnplan.textwidth import display_width

USAGE = "用法："
POSITIONALS = "位置参数"
OPTIONS = "选项"
HELP = "显示本帮助并退出"

# argparse's messages (Lib/argparse.py, 3.11 to 3.13) → the same in Chinese. ``{message}`` of
# "argument …" is itself reworded; ``{type}`` goes through TYPE_WORDS.
ARGPARSE_MESSAGES = {
    "argument %(argument_name)s: %(message)s": "{argument_name}：{message}",
    "the following arguments are required: %s": "缺少必需的参数：{0}",
    "unrecognized arguments: %s": "无法识别的参数：{0}",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的值 {value}（可选：{choices}）",
    "invalid %(type)s value: %(value)r": "{value} 不是{type}",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多接受一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 {0} 个值",
    "expected %s arguments": "需要 {0} 个值",
    "not allowed with argument %s": "不能与参数 {0} 同时使用",
    "one of the arguments %s is required": "参数 {0} 必须给出一个",
    "ambiguous option: %(option)s could match %(matches)s": "选项 {option} 不明确，可能是 {matches}",
    "ignored explicit argument %r": "不接受值 {0}",
}
TYPE_WORDS = {"int": "整数", "float": "数字"}


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching what ``template % values`` printed."""
    parts = re.split(r"(%\(\w+\)[sr]|%[sr])", template)  # text, placeholder, text, …
    return re.compile(
        "".join(_group(part) if i % 2 else re.escape(part) for i, part in enumerate(parts)), re.DOTALL
    )


def _group(placeholder: str) -> str:
    """``%(name)s`` → the group ``name``; a bare ``%s``/``%r`` → ``_0`` (a group name cannot be a digit)."""
    name = placeholder[2:-2] if placeholder.startswith("%(") else "_0"
    return f"(?P<{name}>.+?)"


_MESSAGES = [(_pattern(english), chinese) for english, chinese in ARGPARSE_MESSAGES.items()]


def reword(message: str) -> str:
    """An argparse error message in Chinese; a message argparse words otherwise is returned as is."""
    for pattern, chinese in _MESSAGES:
        match = pattern.fullmatch(message)
        if match is None:
            continue
        values = match.groupdict()
        positional = values.pop("_0", None)
        if "message" in values:
            values["message"] = reword(values["message"])
        if "type" in values:
            values["type"] = TYPE_WORDS.get(values["type"], f" {values['type']} 类型的值")
        return chinese.format(positional, **values)
    return message


def error_line(prog: str, message: str) -> str:
    """The line every failure of the command ends with: ``xnplan build：错误：…``."""
    return f"{prog}：错误：{message}"


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the Chinese usage prefix, wrapping text to the terminal's columns
    (a Chinese character takes two). Descriptions and epilogs keep the line breaks they are written
    with; a longer line is wrapped, its later lines indented as its first."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for paragraph in text.splitlines() for line in _hang(paragraph, width))


class ArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Chinese; its subparsers are of this class too."""

    def __init__(self, *, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(add_help=False, **kwargs)
        # argparse names these two groups through gettext; they are attributes of each parser.
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def error(self, message: str) -> NoReturn:
        """The usage, then one Chinese line; exit status 2, as argparse's own."""
        self.print_usage(sys.stderr)
        self.exit(2, error_line(self.prog, reword(message)) + "\n")


# A run of ASCII letters, digits and signs is a word (never split); any other character stands alone.
_TOKEN = re.compile(r"[!-~]+|\s+|.")
# Chinese punctuation that may not begin a line: it stays at the end of the line before.
NO_LINE_START = set("，。、；：！？）》”’")


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns, but for a word longer than that (it
    gets a line of its own) and Chinese punctuation that may not begin a line (it stays on the line
    before); an empty text is one empty line, so a blank line of an epilog stays."""
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text):
        fits = display_width(line + token.rstrip()) <= width or token[0] in NO_LINE_START
        if line.strip() and not fits:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    lines.append(line.rstrip())
    return lines


def _hang(paragraph: str, width: int) -> list[str]:
    """``paragraph`` wrapped, its later lines indented as far as its first."""
    body = paragraph.lstrip()
    margin = paragraph[: len(paragraph) - len(body)]
    return [margin + line for line in wrap(body, width - len(margin))]


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` terminal columns, on the right (``<``) or left (``>``)."""
    fill = " " * max(0, width - display_width(text))
    return text + fill if align == "<" else fill + text
