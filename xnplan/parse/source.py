"""Reading the raw plan text: normalisation, cells with their line numbers, section lookup.

The copied web page flattens every table to one cell per line with blank lines between cells, so the
unit the rest of the parser works on is the *cell*: a non-blank line with its 1-based line number in
the raw file. Line numbers are kept exactly as in the raw file so every table row can be traced back.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from xnplan.errors import PlanParseError
from xnplan.facts import PLAN_NAME
from xnplan.numbers import MAX_DIGITS, is_plain_decimal, significant_digits

# The plan text is 115 kB; anything a hundred times larger is not it, and reading an endless file
# (/dev/zero) would exhaust memory before any check could run.
MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Cell:
    line: int  # 1-based line in the raw file
    text: str  # stripped, NFKC-normalised


def normalise(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII, NBSP to space), no BOM, LF line ends.

    The published text is already in NFKC form, so this changes nothing in it; it makes damaged or
    re-saved copies (Excel CSV export, Windows line ends, full-width digits) read the same.
    """
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class Source:
    """The plan text as lines; ``lines[0]`` is line 1."""

    path: Path
    lines: tuple[str, ...]

    @classmethod
    def from_text(cls, text: str, path: Path | str = "<text>") -> Source:
        return cls(Path(path), tuple(normalise(text).split("\n")))

    @classmethod
    def read(cls, path: Path | str) -> Source:
        path = Path(path)
        if not path.exists():
            raise PlanParseError("找不到文件，应为规划文本（UTF-8）(file not found)", path=path)
        if path.is_dir():
            raise PlanParseError("这是文件夹，应为规划文本文件 (is a directory)", path=path)
        if not path.is_file():
            raise PlanParseError("不是普通文件（设备、管道等），应为规划文本 (not a regular file)", path=path)
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise PlanParseError(
                f"文件超过 {MAX_BYTES // 2**20} MiB，不是规划原文 (larger than {MAX_BYTES // 2**20} MiB)",
                path=path,
            )
        if not raw.strip():
            raise PlanParseError("文件为空，应为规划文本 (file is empty)", path=path)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PlanParseError(
                f"不是 UTF-8 编码的文本（第 {exc.start + 1} 字节），规划文本应为 UTF-8 (not UTF-8 text)",
                path=path,
            ) from exc
        source = cls.from_text(text, path)
        # The title every copy of this plan carries; a file without it is not this plan.
        if not any(PLAN_NAME in line for line in source.lines[:200]):
            raise PlanParseError(
                f"前 200 行中没有标题“{PLAN_NAME}”，这不是规划文本 (title not found)", path=path
            )
        return source

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    @cached_property
    def _all_cells(self) -> tuple[Cell, ...]:
        # Built once: the parsers ask for cells ~100 times per parse, often up to the end of the file.
        return tuple(Cell(n, s) for n, line in enumerate(self.lines, start=1) if (s := line.strip()))

    @cached_property
    def _cell_lines(self) -> list[int]:
        return [cell.line for cell in self._all_cells]

    def cells(self, start: int = 1, stop: int | None = None) -> list[Cell]:
        """Non-blank lines from line ``start`` up to but not including line ``stop``."""
        stop = len(self.lines) + 1 if stop is None else stop
        lo, hi = bisect_left(self._cell_lines, start), bisect_left(self._cell_lines, stop)
        return list(self._all_cells[lo:hi])

    def iter_lines(self, start: int = 1, stop: int | None = None) -> Iterator[tuple[int, str]]:
        stop = len(self.lines) + 1 if stop is None else stop
        for n in range(start, stop):
            yield n, self.lines[n - 1]

    def find(self, pattern: str, start: int = 1, stop: int | None = None, *, what: str = "") -> int:
        """Line number of the first line (from ``start``) whose stripped text matches ``pattern``."""
        regex = re.compile(pattern)
        for n, text in self.iter_lines(start, stop):
            if regex.search(text.strip()):
                return n
        raise PlanParseError(
            f"{what or 'section'} not found: no line matches {pattern!r} after line {start - 1}",
            path=self.path,
            line=start,
            context=self.context(start),
        )

    def context(self, line: int, before: int = 3, after: int = 3) -> list[tuple[int, str]]:
        """The non-blank cells around ``line``, for error messages."""
        lo = max(1, line - 4 * before)
        hi = min(len(self.lines), line + 4 * after)
        cells = self.cells(lo, hi + 1)
        prior = [c for c in cells if c.line < line][-before:]
        rest = [c for c in cells if c.line >= line][: after + 1]
        return [(c.line, c.text) for c in prior + rest]

    def error(self, message: str, line: int) -> PlanParseError:
        return PlanParseError(message, path=self.path, line=line, context=self.context(line))


def _bare(text: str) -> str:
    """The text without the commas and spaces the copied page may leave inside a number."""
    return text.replace(",", "").replace(" ", "")


def parse_number(source: Source, cell: Cell, *, what: str = "number") -> float:
    """The cell as a float (:func:`xnplan.numbers.is_plain_decimal` once commas and spaces inside
    are dropped); an error if it is not one, or has more digits than a float keeps."""
    text = _bare(cell.text)
    if not is_plain_decimal(text):
        raise source.error(f"expected {what}, found {cell.text!r}", cell.line)
    digits = significant_digits(text)
    if digits > MAX_DIGITS:
        raise source.error(
            f"数字有 {digits} 位，超过 {MAX_DIGITS} 位无法精确计算；{what} has {digits} "
            f"digits, more than the {MAX_DIGITS} a float holds exactly",
            cell.line,
        )
    return float(text)


def is_number(text: str) -> bool:
    """A cell that :func:`parse_number` reads as a number (whatever its number of digits)."""
    return is_plain_decimal(_bare(text))
