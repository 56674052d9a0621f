"""The plan's outline: chapters, sections, subsections, 专栏 boxes and the two attachments.

A heading is a short line on its own: ``第三章 …`` (chapter), ``二、…`` (section), ``(三)…``
(subsection), ``专栏9 …`` (box), ``附件1:…`` (attachment). The table of contents (目 录, lines 23–183)
repeats every heading with a page number at the end; those lines are read as the table of contents,
never as the body, and their page numbers are kept in ``toc_page``.

A heading's span runs to the last non-blank line before the next heading of the same or a higher
level; a box ends at the next heading of any kind. Every target and baseline row points into this
outline through :class:`Locator`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from xnplan.parse.source import Source
from xnplan.schema import OUTLINE

NUMERALS = "一二三四五六七八九十"
_RANK = {"chapter": 0, "attachment": 0, "section": 1, "subsection": 2, "box": 3}
_HEADINGS = (
    ("chapter", re.compile(rf"^第([{NUMERALS}]+)章\s*(\S.*)$")),
    ("section", re.compile(rf"^([{NUMERALS}]+)、(\S.*)$")),
    ("subsection", re.compile(rf"^\(([{NUMERALS}]+)\)\s*(\S.*)$")),
    ("box", re.compile(r"^专栏(\d+)\s*(\S.*)$")),
    ("attachment", re.compile(r"^附件(\d+)[::]\s*(\S.*)$")),
)
_HEADING_START = set(NUMERALS + "第(专附")
_PAGE = re.compile(r"\s+(\d+)$")
MAX_HEADING = 40  # characters; body paragraphs are far longer
# Web-page furniture after the plan: the attachments end before it.
_FURNITURE = re.compile(r"^(附件:|收起|局长信箱|政务微信|返回顶部)$")


def chinese_numeral(text: str) -> int:
    """一 … 九十九 as an int (headings never go higher)."""
    digits = {c: i + 1 for i, c in enumerate(NUMERALS[:9])}
    if "十" not in text:
        return digits[text] if len(text) == 1 and text in digits else 0
    tens, _, ones = text.partition("十")
    return (digits.get(tens, 0) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


@dataclass(frozen=True)
class Heading:
    level: str
    number: int
    label: str  # as printed: 第三章, 二、, (三), 专栏9, 附件1
    title: str
    line: int
    toc_page: int | None = None


def match_heading(text: str) -> tuple[str, int, str, str, int | None] | None:
    """(level, number, label, title, page) when ``text`` is a heading line; page only in the TOC."""
    text = text.strip()
    if not text or len(text) > MAX_HEADING + 4 or "。" in text:
        return None
    for level, pattern in _HEADINGS:
        match = pattern.match(text)
        if match is None:
            continue
        number = int(match.group(1)) if match.group(1).isdigit() else chinese_numeral(match.group(1))
        if number == 0:
            return None
        title = match.group(2).strip()
        page = _PAGE.search(title)
        if page:
            title = title[: page.start()].strip()
        label = re.sub(r"[::]$", "", match.group(0)[: match.start(2)].strip())
        return level, number, label, title, int(page.group(1)) if page else None
    return None


def find_headings(source: Source) -> tuple[list[Heading], dict[tuple[str, str], int]]:
    """Body headings in order, and the TOC as {(label, title): page}."""
    headings: list[Heading] = []
    toc: dict[tuple[str, str], int] = {}
    for line, text in source.iter_lines():
        if len(text) > 2 * MAX_HEADING or text.lstrip()[:1] not in _HEADING_START:
            continue  # cheap pre-filter: paragraphs and table cells are not headings
        found = match_heading(text)
        if found is None:
            continue
        level, number, label, title, page = found
        if page is not None:
            toc.setdefault((label, title), page)
            continue
        headings.append(Heading(level, number, label, title, line))
    return headings, toc


def _check_chapters(source: Source, headings: list[Heading]) -> None:
    """Chapters must run 第一章, 第二章 … in order: a dropped or doubled chapter heading would put every
    later row in the wrong chapter, so it is an error rather than a silent misfiling."""
    chapters = [h for h in headings if h.level == "chapter"]
    if not chapters:
        raise source.error("outline: no chapter heading (第一章 …) found in the body", 1)
    for expected, heading in enumerate(chapters, start=1):
        if heading.number != expected:
            raise source.error(
                f"outline: expected chapter {expected} here, found {heading.label}", heading.line
            )


def _plan_end(source: Source, start: int) -> int:
    """Last line of the plan: the line before the page furniture that follows the attachments."""
    for line, text in source.iter_lines(start):
        if _FURNITURE.match(text.strip()):
            return line - 1
    return len(source.lines)


def _last_text_line(source: Source, start: int, stop: int) -> int:
    """The last non-blank line in [start, stop]; ``start`` when all are blank."""
    for line in range(stop, start, -1):
        if source.line(line).strip():
            return line
    return start


_PREFIXES = {"attachment": "A", "box": "B", "chapter": "C"}  # levels numbered on their own


def parse_outline(source: Source) -> pd.DataFrame:
    """One row per heading of the body, with its span, parent and TOC page."""
    headings, toc = find_headings(source)
    _check_chapters(source, headings)
    first_chapter = next(h for h in headings if h.level == "chapter")
    headings = [h for h in headings if h.line >= first_chapter.line]
    end_of_plan = _plan_end(source, headings[-1].line)
    rows: list[dict] = []
    stack: list[tuple[str, dict]] = []  # open headings, outermost first
    chapter_no = 0
    for i, heading in enumerate(headings):
        stack = _open_parents(stack, heading.level)
        if heading.level == "chapter":
            chapter_no = heading.number
        parent = stack[-1][1] if stack else None
        row = {
            "outline_id": _outline_id(heading, parent, chapter_no),
            "level": heading.level,
            "label": heading.label,
            "number": heading.number,
            "title": heading.title,
            "parent_id": parent["outline_id"] if parent else "",
            "toc_page": toc.get((heading.label, heading.title)),
            "source_line": heading.line,
            "line_end": _last_text_line(source, heading.line, _stop(headings, i, end_of_plan)),
        }
        rows.append(row)
        if heading.level != "box":
            stack.append((heading.level, row))
    frame = pd.DataFrame(rows, columns=list(OUTLINE.columns))
    _check_unique_ids(source, frame)
    return frame


def _open_parents(stack: list[tuple[str, dict]], level: str) -> list[tuple[str, dict]]:
    """The headings still open at a heading of ``level``: those of a higher rank (none for a chapter
    or an attachment, which start afresh)."""
    if level in ("chapter", "attachment"):
        return []
    rank = _RANK[level]
    while stack and _RANK[stack[-1][0]] >= rank:
        stack = stack[:-1]
    return stack


def _stop(headings: list[Heading], i: int, end_of_plan: int) -> int:
    """The line before the next heading of the same or a higher rank (any next heading ends a box)."""
    heading = headings[i]
    rank = _RANK[heading.level]
    nxt = next((h for h in headings[i + 1 :] if heading.level == "box" or _RANK[h.level] <= rank), None)
    return (nxt.line - 1) if nxt else end_of_plan


def _outline_id(heading: Heading, parent: dict | None, chapter_no: int) -> str:
    """A1, B9, C3; a section or subsection its parent's id and its number (C3.2, C3.2.1)."""
    if heading.level in _PREFIXES:
        return f"{_PREFIXES[heading.level]}{heading.number}"
    return f"{parent['outline_id'] if parent else f'C{chapter_no}'}.{heading.number}"


def _check_unique_ids(source: Source, frame: pd.DataFrame) -> None:
    duplicated = frame[frame["outline_id"].duplicated()]
    if not duplicated.empty:
        line = int(duplicated["source_line"].iloc[0])
        raise source.error(
            f"outline: heading {duplicated['label'].iloc[0]} appears twice in the same place", line
        )


def heading_text(row: dict) -> str:
    """The heading as a reader would write it: 第三章 着力…, 二、打造…, (三)提升…, 专栏9 特困…"""
    sep = "" if row["level"] in ("section", "subsection") else " "
    return f"{row['label']}{sep}{row['title']}"


@dataclass(frozen=True)
class Place:
    """Where a line sits: the printed headings around it and the innermost outline row."""

    outline_id: str
    chapter: str
    section: str
    subsection: str
    box: str


class Locator:
    """Maps a line number to its :class:`Place` in the outline."""

    def __init__(self, outline: pd.DataFrame) -> None:
        self._rows = outline.sort_values("source_line").to_dict("records")

    def place(self, line: int) -> Place:
        found: dict[str, dict] = {}
        for row in self._rows:
            if row["source_line"] <= line <= row["line_end"]:
                found[row["level"]] = row
        inner = next(
            (found[lvl] for lvl in ("box", "subsection", "section", "chapter", "attachment") if lvl in found),
            None,
        )

        def name(level: str) -> str:
            row = found.get(level)
            return heading_text(row) if row else ""

        return Place(
            inner["outline_id"] if inner else "",
            name("chapter") or name("attachment"),
            name("section"),
            name("subsection"),
            name("box"),
        )
