"""How a sentence refers to a line of the plan text and to another check: by line, or by place.

The reconciliation's explanations cite the lines of the text file (第795行) and other checks by id
(核对项G-S-count), so that a reviewer can open the file at the line. A reader of the published
document has pages, not lines: a finding cites the page (第45–46页) and another check by the title of
its kind (“项目个数的计法”一节). The wording (:mod:`xnplan.check.wording`) is the same for both; it
asks a :class:`Cite` for each reference.

A line cited in brackets after what it locates ("（第1799行，7个设施）") is a place in the prose; in
an attachment, whose rows are named in the sentence already, the bracket says nothing more and goes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from xnplan.parse.places import Places


class Cite(Protocol):
    def at(self, line: int, onward: bool = False) -> str:
        """A line in the running sentence: 第795行, 第819行起 (``onward``: the row starting there)."""
        ...

    def aside(self, line: int, onward: bool = False) -> str:
        """A line in brackets after what it locates: （第2637行）."""
        ...

    def lead(self, line: int, onward: bool = False) -> str:
        """A bracket that starts with a line and goes on: （第1799行，"""
        ...

    def check(self, check_id: str) -> str:
        """Another check: 核对项G-S-count."""
        ...

    def quoted(self, text: str) -> str:
        """A curated text (a link's reason), which cites lines as 第N行, cited the same way."""
        ...


class ByLine:
    """Lines by their number in the text file, checks by id: the reconciliation's explanations."""

    def at(self, line: int, onward: bool = False) -> str:
        return f"第{line}行" + ("起" if onward else "")

    def aside(self, line: int, onward: bool = False) -> str:
        return f"（{self.at(line, onward)}）"

    def lead(self, line: int, onward: bool = False) -> str:
        return f"（{self.at(line, onward)}，"

    def check(self, check_id: str) -> str:
        return f"核对项{check_id}"

    def quoted(self, text: str) -> str:
        return text


BY_LINE = ByLine()

# How a curated text writes a line: alone in brackets or opening them, then anywhere.
_BRACKETED_LINE = re.compile(r"（第(\d+)行起?(）|，)")
_LINE = re.compile(r"第(\d+)行起?")


@dataclass
class ByPlace:
    """Lines as pages and headings of the published document, checks by the title of their kind.

    ``outline`` and ``categories`` are the plan's tables (:class:`xnplan.parse.places.Places`);
    ``titles`` maps a check id to the title of its kind."""

    outline: pd.DataFrame
    categories: pd.DataFrame
    titles: Mapping[str, str]
    _places: Places = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._places = Places(self.outline, self.categories)

    def place(self, line: int) -> str:
        """Pages and headings of a line: "第30–32页 第五章 一、 (三) 专栏9"."""
        return self._places.of(line)

    def at(self, line: int, onward: bool = False) -> str:
        """Inside a sentence, which names its 专栏 or row already: the pages of the text; in the
        attachments (one page number for hundreds of rows) the attachment."""
        pages, _, where = self.place(line).partition(" ")
        return where[:3] if where.startswith("附件") else pages

    def aside(self, line: int, onward: bool = False) -> str:
        return "" if self._in_attachment(line) else f"（{self.at(line)}）"

    def lead(self, line: int, onward: bool = False) -> str:
        return "（" if self._in_attachment(line) else f"（{self.at(line)}，"

    def check(self, check_id: str) -> str:
        return f"“{self.titles[check_id]}”一节"

    def quoted(self, text: str) -> str:
        def bracketed(found: re.Match[str]) -> str:
            line = int(found[1])
            return self.aside(line) if found[2] == "）" else self.lead(line)

        text = _BRACKETED_LINE.sub(bracketed, text)
        return _LINE.sub(lambda found: self.at(int(found[1])), text)

    def _in_attachment(self, line: int) -> bool:
        return self.at(line).startswith("附件")
