"""A 公文 as data: the blocks of a Chinese government document, independent of any file format.

The assessment is composed as a :class:`Document`; ``docx_writer.docx_bytes`` lays it out after
GB/T 9704-2012. The model carries only content and numbering rules, never fonts or sizes:

- headings are written without their numbers; :func:`heading_label` gives 一、 （一） 1． （1） by
  level, counting restarts under each parent heading and in each attachment;
- tables are written without their numbers; they are counted through the whole document,
  attachments included ("表1", "表2", …);
- an :class:`Items` list is numbered 1．2．… and restarts with each list;
- a :class:`Text` marked ``placeholder`` is something the evaluator must fill in; it keeps the
  【待填写：…】 brackets the author writes, and :func:`placeholders` lists every one.

A malformed block (a heading level outside 1–4, a row with the wrong number of cells, an unknown
alignment) is the composer's mistake and raises :class:`xnplan.errors.DocumentModelError` when the
block is made.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from xnplan.errors import DocumentModelError

PARAGRAPH_ALIGNS = ("justify", "left", "center", "right")
COLUMN_ALIGNS = ("left", "center", "right")
HEADING_LEVELS = (1, 2, 3, 4)
DIGITS = "一二三四五六七八九"
NUMBER_DOT = "．"  # FULLWIDTH FULL STOP: "1．" as GB/T 9704 sets the third level and list numbers


@dataclass(frozen=True)
class Text:
    """One run of text; ``placeholder`` marks what the evaluator must fill in."""

    text: str
    placeholder: bool = False
    bold: bool = False


Inline: TypeAlias = str | Text
Content: TypeAlias = str | tuple[Inline, ...]
Cell: TypeAlias = str | Text  # a table cell: plain text, or a placeholder for the evaluator


@dataclass(frozen=True)
class Paragraph:
    """Body text: first-line indent of two characters and justified unless told otherwise."""

    content: Content
    indent: bool = True
    align: str = "justify"

    def __post_init__(self) -> None:
        object.__setattr__(self, "content", _content(self.content))
        _choice("Paragraph.align", self.align, PARAGRAPH_ALIGNS)


@dataclass(frozen=True)
class Heading:
    """A heading without its number; level 1 → 一、 2 → （一） 3 → 1． 4 → （1）."""

    text: str
    level: int

    def __post_init__(self) -> None:
        _choice("Heading.level", self.level, HEADING_LEVELS)


@dataclass(frozen=True)
class Items:
    """A numbered list in body text, one paragraph per entry: "1．…", "2．…"."""

    entries: tuple[Content, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(_content(entry) for entry in self.entries))


@dataclass(frozen=True)
class Table:
    """A table with its caption (without "表N"), header row, rows and an optional note under it."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths_mm: tuple[float, ...] | None = None
    align: tuple[str, ...] | None = None
    note: str = ""
    repeat_header: bool = True
    small: bool = False  # 小五 type, for a wide table in a landscape attachment

    def __post_init__(self) -> None:
        header = tuple(self.header)
        rows = tuple(tuple(row) for row in self.rows)
        columns = len(header)
        if columns == 0:
            raise DocumentModelError(f"表格“{self.caption}”没有列 (a table needs a header row)")
        for number, row in enumerate(rows, start=1):
            if len(row) != columns:
                raise DocumentModelError(
                    f"表格“{self.caption}”第{number}行有{len(row)}个单元格，表头有{columns}列 "
                    f"(row {number} has {len(row)} cells, the header {columns})"
                )
        object.__setattr__(self, "header", header)
        object.__setattr__(self, "rows", rows)
        if self.widths_mm is not None:
            widths = tuple(float(width) for width in self.widths_mm)
            if len(widths) != columns or min(widths) <= 0:
                raise DocumentModelError(
                    f"表格“{self.caption}”的列宽应为{columns}个正数：{widths} "
                    f"(widths_mm needs one positive width per column)"
                )
            object.__setattr__(self, "widths_mm", widths)
        if self.align is not None:
            aligns = tuple(self.align)
            if len(aligns) != columns:
                raise DocumentModelError(
                    f"表格“{self.caption}”的对齐方式应为{columns}个 (align needs one value per column)"
                )
            for value in aligns:
                _choice("Table.align", value, COLUMN_ALIGNS)
            object.__setattr__(self, "align", aligns)


Block: TypeAlias = Paragraph | Heading | Items | Table


@dataclass(frozen=True)
class Attachment:
    """An attachment (附件): its own pages after the body, landscape for a wide table."""

    title: str
    blocks: tuple[Block, ...]
    landscape: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "blocks", _blocks(self.blocks))


@dataclass(frozen=True)
class Document:
    """A 公文: title, body, attachments, and the 落款 (issuer and date)."""

    title: str
    blocks: tuple[Block, ...]
    attachments: tuple[Attachment, ...] = ()
    issuer: str | Text = Text("【待填写：评估单位】", placeholder=True)
    date: str | Text = Text("【待填写：成文日期】", placeholder=True)
    subject: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "blocks", _blocks(self.blocks))
        object.__setattr__(self, "attachments", tuple(self.attachments))


def _choice(name: str, value: object, allowed: tuple) -> None:
    if value not in allowed:
        raise DocumentModelError(f"{name} 应为 {' / '.join(map(str, allowed))} 之一，得到 {value!r}")


def _content(content: Content | Sequence[Inline]) -> Content:
    if isinstance(content, str):
        return content
    runs = tuple(content)
    for run in runs:
        if not isinstance(run, str | Text):
            raise DocumentModelError(f"段落内容应为 str 或 Text，得到 {type(run).__name__}")
    return runs


def _blocks(blocks: Sequence[Block]) -> tuple[Block, ...]:
    blocks = tuple(blocks)
    for block in blocks:
        if not isinstance(block, Paragraph | Heading | Items | Table):
            raise DocumentModelError(
                f"正文块应为 Paragraph、Heading、Items 或 Table，得到 {type(block).__name__}"
            )
    return blocks


# Numbering -------------------------------------------------------------------------------------


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九 (the numbers of level-1 and level-2 headings)."""
    if not 1 <= number <= 99:
        raise DocumentModelError(f"一级、二级标题序号应在1–99之间，得到 {number}")
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens - 1] + "十")
    return head + ("" if units == 0 else DIGITS[units - 1])


def heading_label(level: int, number: int) -> str:
    """The number written before a heading: 一、 （一） 1． （1）."""
    if level == 1:
        return f"{chinese_numeral(number)}、"
    if level == 2:
        return f"（{chinese_numeral(number)}）"
    if level == 3:
        return f"{number}{NUMBER_DOT}"
    if level == 4:
        return f"（{number}）"
    raise DocumentModelError(f"Heading.level 应为 1–4，得到 {level}")


def item_label(number: int) -> str:
    """The number of an entry of an :class:`Items` list: 1．"""
    return f"{number}{NUMBER_DOT}"


def table_label(number: int) -> str:
    return f"表{number}"


def labelled(blocks: Sequence[Block], tables_before: int = 0) -> Iterator[tuple[Block, str]]:
    """Each block with its label: a heading's number, a table's "表N", "" for the others.

    Heading counts restart under each parent heading (a new level-1 heading starts its level-2
    headings at （一） again); tables continue from ``tables_before``.
    """
    counts = dict.fromkeys(HEADING_LEVELS, 0)
    tables = tables_before
    for block in blocks:
        if isinstance(block, Heading):
            counts[block.level] += 1
            for deeper in HEADING_LEVELS[block.level :]:
                counts[deeper] = 0
            yield block, heading_label(block.level, counts[block.level])
        elif isinstance(block, Table):
            tables += 1
            yield block, table_label(tables)
        else:
            yield block, ""


def table_count(blocks: Sequence[Block]) -> int:
    return sum(isinstance(block, Table) for block in blocks)


def attachment_label(number: int, total: int) -> str:
    """ "附件" for a single attachment, "附件N" for one of several (GB/T 9704-2012, 7.3.4 and 8)."""
    return "附件" if total == 1 else f"附件{number}"


def attachment_note(attachments: Sequence[Attachment]) -> list[str]:
    """The 附件说明 lines: "附件：title" for one attachment; "附件：1．title", "2．title", … for several."""
    if len(attachments) == 1:
        return [f"附件：{attachments[0].title}"]
    lines = [f"{item_label(number)}{attachment.title}" for number, attachment in enumerate(attachments, 1)]
    return [f"附件：{lines[0]}", *lines[1:]] if lines else []


# Reading the document back ---------------------------------------------------------------------


def inlines(content: Content) -> tuple[Text, ...]:
    """A paragraph's content as runs: a plain str becomes one unmarked :class:`Text`."""
    if isinstance(content, str):
        return (Text(content),)
    return tuple(inline if isinstance(inline, Text) else Text(inline) for inline in content)


def as_text(value: str | Text) -> Text:
    return value if isinstance(value, Text) else Text(value)


def _block_runs(block: Block) -> Iterator[Text]:
    if isinstance(block, Paragraph):
        yield from inlines(block.content)
    elif isinstance(block, Items):
        for entry in block.entries:
            yield from inlines(entry)
    elif isinstance(block, Table):
        for row in block.rows:
            yield from map(as_text, row)


def _runs(document: Document) -> Iterator[Text]:
    """Every run of the document in reading order: body, 落款, then the attachments."""
    for block in document.blocks:
        yield from _block_runs(block)
    yield as_text(document.issuer)
    yield as_text(document.date)
    for attachment in document.attachments:
        for block in attachment.blocks:
            yield from _block_runs(block)


def placeholders(document: Document) -> list[str]:
    """The text of every placeholder, in reading order (body, 落款, attachments)."""
    return [run.text for run in _runs(document) if run.placeholder]


def _content_text(content: Content) -> str:
    return "".join(run.text for run in inlines(content))


def _cell_text(cell: Cell) -> str:
    return as_text(cell).text


def _block_lines(block: Block, label: str) -> list[str]:
    if isinstance(block, Heading):
        return [label + block.text]
    if isinstance(block, Paragraph):
        return [_content_text(block.content)]
    if isinstance(block, Items):
        return [item_label(n) + _content_text(entry) for n, entry in enumerate(block.entries, 1)]
    lines = [f"{label}　{block.caption}", "\t".join(block.header)]
    lines += ["\t".join(map(_cell_text, row)) for row in block.rows]
    return lines + ([block.note] if block.note else [])


def plain_text(document: Document) -> str:
    """The document as a reader sees it, one paragraph per line, numbers included.

    Headings carry their numbers, lists their 1．2．, tables their "表N　caption" line followed by
    the header and rows with cells separated by tabs. The 附件说明 and 落款 follow the body, then
    each attachment with its "附件N" line and title.
    """
    lines = [document.title, ""]
    lines += [line for block, label in labelled(document.blocks) for line in _block_lines(block, label)]
    if document.attachments:
        lines += ["", *attachment_note(document.attachments)]
    lines += ["", as_text(document.issuer).text, as_text(document.date).text]
    tables = table_count(document.blocks)
    for number, attachment in enumerate(document.attachments, 1):
        lines += ["", attachment_label(number, len(document.attachments)), "", attachment.title, ""]
        lines += [
            line
            for block, label in labelled(attachment.blocks, tables)
            for line in _block_lines(block, label)
        ]
        tables += table_count(attachment.blocks)
    return "\n".join(lines) + "\n"
