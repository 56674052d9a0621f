"""The one writer of the tables people open in Excel, WPS or LibreOffice: xlsx workbooks and CSV files.

A table is described, not formatted by hand: a :class:`Sheet` holds a frame and, per column, a
:class:`Column` (header with its unit, kind of value, whether the reader fills it in).
:func:`workbook_bytes` lays every sheet out the same way:

- row 1 is the header and row 2 on is data, nothing else, so ``pandas.read_excel``, filters and
  pivot tables read the sheet as it is; the sheet's title goes in the printed page header and, with
  its notes and the meaning of each column, in a last sheet named 说明;
- numbers are stored as numbers with a number format (``0``, ``#,##0``, ``0.0``, ``#,##0.00``), never
  as text; a missing value (None, NaN, NA, NaT) is an empty cell;
- a percentage is stored as the number its header's ``(%)`` announces (80.0 for 80 %), not as
  Excel's fraction 0.8 with a ``0.0%`` format: the cell then holds what the CSV, the Parquet file and
  the report page hold, ``pandas.read_excel`` reads the number the header's unit describes, and a
  pivot table's average is the average of the same numbers;
- text is stored as a string cell, which Excel, WPS and LibreOffice never run as a formula; text that
  would run as one when typed (:func:`formula_like`) also gets Excel's quote prefix (the ``'`` shown
  only in the formula bar), so that editing the cell keeps it text. The cell's value is the raw text;
- one width rule (:func:`column_width`), text wrapped in rows as tall as its lines
  (:func:`line_count`), thin borders, a bold header on a light fill, the header row frozen and
  printed on every page, A4 fitted to the page width, editable columns on a yellow fill and unlocked;
- a sheet to be filled in has drop-down lists (:class:`Choices`, kept in a hidden, protected sheet
  named 选项) that reach :attr:`Sheet.blank_rows` rows below its data; a sheet may be protected
  (read only), and a sheet of prose may go without a header row;
- the bytes are reproducible: fixed zip entry times and document dates.

:func:`csv_bytes` is the one CSV form: UTF-8 with a byte-order mark (Excel needs it to read Chinese),
CRLF line ends, floats to 15 significant digits, and :func:`csv_safe` on every text cell.

What a cell cannot hold is changed and said so in 说明 (when the workbook has one), never an
error: characters XML forbids (control characters other than tab, line feed and carriage return) are
removed, text beyond Excel's 32,767 characters is cut, an integer of more than 15 digits (beyond
Excel's precision, an identity-card number for example) is stored as its digits in a text cell, and
so is a number outside Excel's range (infinite, or beyond ±9.99999999999999E+307, or nearer zero
than 2.2251E-308).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from xnplan import textwidth
from xnplan.errors import SheetError

# --- the formula guard -----------------------------------------------------------------------------

# What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A signed number is read as that number, never run: "-92.5" needs no guard.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")


def formula_like(text: str) -> bool:
    """Would a spreadsheet run ``text`` as a formula when it reads it from a CSV file or it is typed?

    It starts with = + - @, a tab or a carriage return, after any leading apostrophes, and is more
    than that one character (a lone comparator ``=`` holds no formula) and not a signed number.
    """
    core = text.lstrip("'")
    return len(core) > 1 and core.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(core)


def csv_safe(text: str) -> str:
    """``text`` with a leading apostrophe when it is :func:`formula_like`, for a CSV cell.

    Text that already starts with apostrophes before such a character gets one more, so the raw value
    is always one step back: remove exactly one leading ``'`` from a cell that is formula_like after it.
    """
    return "'" + text if formula_like(text) else text


def csv_raw(cell: str) -> str:
    """The raw text of a CSV cell written by :func:`csv_safe`: one leading apostrophe removed when
    the rest is formula_like; ``csv_raw(csv_safe(text)) == text`` for every text."""
    return cell[1:] if cell.startswith("'") and formula_like(cell[1:]) else cell


# --- CSV -------------------------------------------------------------------------------------------

CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark
CSV_DELIMITER = ","
# A cell holding the delimiter, a quote or a line break is quoted, its quotes doubled (RFC 4180).
CSV_QUOTE = '"'
# CRLF (RFC 4180): with LF, Python's csv module does not quote a value holding a lone CR.
CSV_LINE_END = "\r\n"
# 15 significant digits: every printed figure survives, sums lose their binary noise
# (884933.6599999999 → 884933.66), and integral floats print without ".0".
CSV_FLOAT_FORMAT = "%.15g"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as the one CSV form: BOM, CRLF, 15 significant digits, missing values as empty
    cells, formula-like text (headers included) behind an apostrophe (:func:`csv_safe`)."""
    guarded = frame.rename(columns=lambda c: csv_safe(c) if isinstance(c, str) else c)
    for name in guarded.columns:
        if guarded[name].map(lambda v: isinstance(v, str) and formula_like(v)).any():
            guarded[name] = guarded[name].map(lambda v: csv_safe(v) if isinstance(v, str) else v)
    text = guarded.to_csv(
        index=False,
        sep=CSV_DELIMITER,
        quotechar=CSV_QUOTE,
        doublequote=True,
        lineterminator=CSV_LINE_END,
        float_format=CSV_FLOAT_FORMAT,
    )
    return text.encode(CSV_ENCODING)


# --- the description -------------------------------------------------------------------------------

# kind → what the 说明 sheet calls it. "auto" is resolved from the header's unit and the values.
KINDS = {
    "text": "文本",
    "integer": "整数",  # years, line numbers, sequence numbers: 2025, no thousands separator
    "count": "数量",  # 1,628 个
    "decimal": "数值",
    "money": "金额",
    "percent": "百分数",
    "date": "日期",
    "boolean": "是/否(TRUE/FALSE)",
    # A column the reader fills in with a number, a text or a formula: Excel's General format, so
    # that what is typed is read as Excel reads it (a text format would keep 720.5 and =A1 as text).
    "general": "常规（数字、文本或公式）",
}
NOTES_SHEET = "说明"
OPTIONS_SHEET = "选项"  # the hidden sheet holding the drop-down lists
# Excel's own limits.
MAX_SHEET_NAME = 31
SHEET_NAME_FORBIDDEN = "[]:*?/\\"
MAX_CELL_TEXT = 32_767
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
# Integers with more digits than a double holds exactly in Excel (15 significant digits).
MAX_EXACT_INTEGER = 10**15
# Excel's range: magnitudes from the smallest normal double to 9.99999999999999E+307.
MAX_NUMBER = 9.99999999999999e307
MIN_NUMBER = 2.2250738585072014e-308
# Decimals shown when a column does not fix them: as many as its values need, at most 2, as
# numbers.number_text prints figures (the plan prints none with more); the cell keeps every digit.
MAX_INFERRED_DECIMALS = 2


@dataclass(frozen=True)
class Column:
    """How one frame column is shown.

    ``header`` carries the unit ("完成投资(万元)", "开工率(%)"). ``kind`` is one of :data:`KINDS` or
    ``"auto"`` (see :func:`resolve`). ``decimals`` fixes the decimals shown in a decimal, money or
    percent column (default: money 2, the others as many as the values need, at most 2).
    ``editable``: the reader fills the column in (责任单位, 说明): its cells are unlocked and on a
    yellow fill. ``reference``: the column is shown for comparison and never read back: a grey header.
    ``description`` says what the column means, in the 说明 sheet.
    """

    header: str
    kind: str = "auto"
    decimals: int | None = None
    editable: bool = False
    description: str = ""
    reference: bool = False

    def __post_init__(self) -> None:
        if self.kind != "auto" and self.kind not in KINDS:
            raise SheetError(
                f"列“{self.header}”：类型 {self.kind!r} 不可用，可用 auto、{'、'.join(KINDS)}"
                f"（column {self.header!r}: unknown kind {self.kind!r}）"
            )
        if self.decimals is not None and not 0 <= self.decimals <= 10:
            raise SheetError(
                f"列“{self.header}”：小数位数须在 0 到 10 之间，现为 {self.decimals}"
                f"（column {self.header!r}: decimals must be 0–10）"
            )


@dataclass(frozen=True)
class Choices:
    """The drop-down list of a column: ``values``, kept in the hidden 选项 sheet. ``strict``: a value
    not in the list is refused; otherwise Excel warns and keeps it (a unit written another way)."""

    values: tuple[str, ...]
    strict: bool = True


@dataclass(frozen=True, eq=False)
class Sheet:
    """One table as one sheet.

    ``columns`` maps a frame column to its :class:`Column`; a frame column without one is shown under
    its own name with kind ``"auto"``. ``title`` (what the table is) goes in the printed page header
    and the 说明 sheet, ``notes`` (注, 资料来源) in the 说明 sheet. ``frozen_columns``: columns that stay
    in view, besides the header row, when scrolling right.

    For a sheet people fill in or only read: ``choices`` maps a frame column to its drop-down list,
    which reaches ``blank_rows`` rows below the data too (rows the reader adds); ``protected``: the
    sheet is read only. ``header_row=False``: a sheet of prose, its frame's values from row 1 and no
    header (its column names are not shown).
    """

    name: str
    frame: pd.DataFrame
    columns: Mapping[str, Column] = field(default_factory=dict)
    title: str = ""
    notes: tuple[str, ...] = ()
    landscape: bool = True
    frozen_columns: int = 0
    choices: Mapping[str, Choices] = field(default_factory=dict)
    blank_rows: int = 0
    protected: bool = False
    header_row: bool = True

    def __post_init__(self) -> None:
        check_sheet_name(self.name)
        unknown = [c for c in [*self.columns, *self.choices] if c not in self.frame.columns]
        if unknown:
            raise SheetError(f"工作表“{self.name}”：列 {unknown} 不在数据中（columns not in the frame）")
        if not 0 <= self.frozen_columns <= len(self.frame.columns):
            raise SheetError(
                f"工作表“{self.name}”：frozen_columns={self.frozen_columns}，"
                f"但只有 {len(self.frame.columns)} 列（more frozen columns than columns）"
            )
        if len(self.frame) + 1 > MAX_ROWS or len(self.frame.columns) > MAX_COLUMNS:
            raise SheetError(
                f"工作表“{self.name}”：{len(self.frame)} 行 × {len(self.frame.columns)} 列，"
                f"超出 Excel 的上限 {MAX_ROWS - 1} 行 × {MAX_COLUMNS} 列（too large for Excel）"
            )
        self._check_choices()

    def _check_choices(self) -> None:
        empty = [c for c, choice in self.choices.items() if not choice.values]
        if empty or not 0 <= self.blank_rows <= MAX_ROWS - 1 - len(self.frame):
            raise SheetError(
                f"工作表“{self.name}”：下拉列表 {empty} 为空，"
                f"或 blank_rows={self.blank_rows} 超出 Excel 的行数"
                f"（empty drop-down lists, or blank_rows beyond Excel's rows）"
            )


def check_sheet_name(name: str) -> str:
    """``name`` if Excel accepts it as a sheet name, else SheetError saying why."""
    problem = None
    if not isinstance(name, str) or not name.strip():
        problem = "名称为空（empty）"
    elif len(name) > MAX_SHEET_NAME:
        problem = (
            f"超过 {MAX_SHEET_NAME} 个字符，现有 {len(name)} 个（longer than {MAX_SHEET_NAME} characters）"
        )
    elif any(ch in SHEET_NAME_FORBIDDEN for ch in name):
        bad = "".join(dict.fromkeys(ch for ch in name if ch in SHEET_NAME_FORBIDDEN))
        problem = f"含有不可用的字符 {bad}（contains {bad}）"
    elif name.startswith("'") or name.endswith("'"):
        problem = "不能以 ' 开头或结尾（starts or ends with an apostrophe）"
    elif name.casefold() == "history":
        problem = "History 是 Excel 保留的名称（reserved by Excel）"
    if problem:
        raise SheetError(
            f"工作表名称“{name}”不可用：{problem}；Excel 的工作表名称为 "
            f"1–{MAX_SHEET_NAME} 个字符，不含 {' '.join(SHEET_NAME_FORBIDDEN)}"
            f"（bad sheet name {name!r}）"
        )
    return name


# --- resolving kinds and number formats ----------------------------------------------------------

_UNIT = re.compile(r"[(（]([^()（）]+)[)）]\s*$")


def header_unit(header: str) -> str:
    """The unit in brackets at the end of a header: "估算总投资(万元)" → "万元"; "" when none."""
    found = _UNIT.search(header)
    return found.group(1).strip() if found else ""


def _value_type(values: pd.Series) -> str:
    """ "boolean", "integer", "real", "date" or "text": what the column's non-missing values are."""
    return _dtype_value_type(values.dtype) or _objects_value_type([v for v in values if not _missing(v)])


_DTYPE_VALUE_TYPES = (
    ("boolean", pd.api.types.is_bool_dtype),
    ("integer", pd.api.types.is_integer_dtype),
    ("real", pd.api.types.is_float_dtype),
    ("date", pd.api.types.is_datetime64_any_dtype),
)


def _dtype_value_type(dtype: object) -> str | None:
    """The value type a typed column's dtype says; None for a column of Python objects."""
    return next((name for name, test in _DTYPE_VALUE_TYPES if test(dtype)), None)


def _objects_value_type(present: list[object]) -> str:
    """The value type shared by every one of ``present`` (a bool is no number); "text" when none is."""
    if not present:
        return "text"
    if all(isinstance(v, (bool, np.bool_)) for v in present):
        return "boolean"
    if any(isinstance(v, (bool, np.bool_)) for v in present):
        return "text"
    if all(isinstance(v, (int, np.integer)) for v in present):
        return "integer"
    if all(isinstance(v, (int, float, np.integer, np.floating)) for v in present):
        return "real"
    if all(isinstance(v, (date, datetime)) for v in present):
        return "date"
    return "text"


def resolve(column: Column, values: pd.Series) -> Column:
    """``column`` with a concrete kind and, for decimal and percent columns, concrete decimals.

    ``"auto"``: numbers by the header's unit: % → percent, a unit with 元 → money, another unit →
    count for integers (设施数(个)) and decimal for fractions, no unit → integer (年份, 原文行号) or
    decimal; text, dates and booleans as they are.
    """
    kind = column.kind
    if kind == "auto":
        kind = _auto_kind(column.header, _value_type(values))
    decimals = column.decimals
    if decimals is None and kind in ("decimal", "percent"):
        decimals = decimals_needed(values)
    if decimals is None and kind == "money":
        decimals = 2
    return replace(column, kind=kind, decimals=decimals)


def _auto_kind(header: str, value_type: str) -> str:
    if value_type not in ("integer", "real"):
        return value_type
    unit = header_unit(header)
    if unit == "%":
        return "percent"
    if "元" in unit:
        return "money"
    if value_type == "integer":
        return "count" if unit else "integer"
    return "decimal"


def decimals_needed(values: Iterable[object]) -> int:
    """The fewest decimals that show every number of ``values`` as the CSV writes it (15 significant
    digits), at most :data:`MAX_INFERRED_DECIMALS`: [20000.5, 5000] → 1, [102.5641] → 2."""
    needed = 0
    for value in values:
        if _missing(value) or isinstance(value, (bool, np.bool_)) or not _is_number(value):
            continue
        text = CSV_FLOAT_FORMAT % value
        mantissa, _, exponent = text.partition("e")
        places = len(mantissa.partition(".")[2]) - (int(exponent) if exponent else 0)
        needed = max(needed, min(max(places, 0), MAX_INFERRED_DECIMALS))
    return needed


def number_format(column: Column) -> str:
    """The Excel number format of a resolved column: of its numbers, or ``@`` (text) for a text
    column, so that what a reader types into an empty cell of it stays text."""
    places = "." + "0" * column.decimals if column.decimals else ""
    return {
        "integer": "0",
        "count": "#,##0",
        "decimal": "0" + places,
        "percent": "0" + places,
        "money": "#,##0" + places,
        "date": "yyyy-mm-dd",
        "text": "@",
    }.get(column.kind, "General")


# --- cell values ---------------------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating))


# Characters XML 1.0 cannot hold (tab, LF and CR it can), lone surrogates, and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_CHANGES = {
    "removed": "{n} 个单元格含有 xlsx 无法保存的控制字符，已删除这些字符",
    "cut": f"{{n}} 个单元格超过 Excel 的上限 {MAX_CELL_TEXT:,} 个字符，已截断",
    "digits": "{n} 个超过 15 位的整数（超出 Excel 的精度）按文本保存，数字不变",
    "range": "{n} 个数值超出 Excel 能保存的范围（绝对值 2.2251E-308 至 9.99999999999999E+307）或为无穷大，"
    "按文本保存",
}


def cell_value(value: object, changes: dict[str, int]) -> object:
    """What the cell holds for ``value``: None, str, bool, int, float or datetime.

    A value a cell cannot hold as it is is changed and counted in ``changes`` (see
    :data:`_CHANGES`): text it cannot hold is cleaned or cut, a number beyond Excel's precision or
    range becomes its text. SheetError for a value that is no cell's (a list, a time with a zone).
    """
    if isinstance(value, np.generic):
        value = value.item()
    if _missing(value):
        return None
    if isinstance(value, str):
        return _cell_text(value, changes) or None  # an empty text is an empty cell
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) < MAX_EXACT_INTEGER:
            return value
        changes["digits"] = changes.get("digits", 0) + 1
        return str(value)
    if isinstance(value, float):
        if value == 0 or MIN_NUMBER <= abs(value) <= MAX_NUMBER:
            return value
        changes["range"] = changes.get("range", 0) + 1
        return repr(value)
    if isinstance(value, (datetime, date)):
        return _naive_datetime(value)
    raise SheetError(
        f"{type(value).__name__} 类型的值不能写入单元格：{value!r}"
        f"（a {type(value).__name__} cannot be stored in a cell）"
    )


def _cell_text(text: str, changes: dict[str, int]) -> str:
    cleaned = _NOT_XML.sub("", text)
    if cleaned != text:
        changes["removed"] = changes.get("removed", 0) + 1
    if len(cleaned) > MAX_CELL_TEXT:
        changes["cut"] = changes.get("cut", 0) + 1
        cleaned = cleaned[:MAX_CELL_TEXT]
    return cleaned


def _naive_datetime(value: date) -> datetime:
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        raise SheetError(
            f"带时区的时间 {value} 不能写入 Excel，请先换算为北京时间并去掉时区"
            "（Excel cannot store a time zone）"
        )
    return stamp.to_pydatetime()


# --- widths --------------------------------------------------------------------------------------

MIN_WIDTH = 8
MAX_WIDTH = 60
PADDING = 2  # one character's width either side
HEADER_EXTRA = 2  # the bold header and the filter button beside it


@lru_cache(maxsize=8192)
def display_width(text: str) -> int:
    """Width in Excel's character units: a CJK (wide or full-width) character counts 2, others 1;
    of a text with several lines, its longest line. Remembered: a table repeats its texts (counties,
    categories), and each is measured for the column's width and again for the row's height."""
    return max((textwidth.display_width(line) for line in text.split("\n")), default=0)


def column_width(header: str, shown: Iterable[str]) -> int:
    """The one width rule: the widest of the header (+ :data:`HEADER_EXTRA`) and the cells as shown,
    plus :data:`PADDING`, at least :data:`MIN_WIDTH`, at most :data:`MAX_WIDTH` (longer text wraps,
    and its row is made as tall as :func:`line_count` says)."""
    widest = max([display_width(header) + HEADER_EXTRA, *(display_width(s) for s in shown)])
    return max(MIN_WIDTH, min(MAX_WIDTH, widest + PADDING))


def line_count(text: str, width: float) -> int:
    """The lines ``text`` takes in a wrapping cell ``width`` wide: each of its lines, at least one,
    split where it runs past the width less :data:`PADDING` (an estimate: Excel breaks English text
    at spaces, Chinese text anywhere)."""
    usable = max(width - PADDING, 1)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


def shown_text(value: object, column: Column) -> str:
    """How a spreadsheet shows ``value`` (a cell value) in a resolved column, for its width."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "FALSE" if not value else "TRUE"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    places = column.decimals or 0
    if column.kind in ("count", "money"):
        return f"{value:,.{places}f}"
    if column.kind in ("integer", "decimal", "percent"):
        return f"{value:.{places}f}"
    return f"{value:.10g}"  # General: Excel shows about 10 significant digits in a default column


# --- styles --------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")  # light blue
REFERENCE_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")  # grey: shown for comparison, not read
EDITABLE_HEADER_FILL = PatternFill("solid", fgColor="FFE699")  # yellow: the reader fills this column in
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow
BOLD = Font(bold=True)
UNLOCKED = Protection(locked=False)
# Text wraps at the column's width and at its line breaks; the width rule makes that happen only
# to text wider than MAX_WIDTH or holding line breaks.
WRAPPED = Alignment(vertical="top", wrap_text=True)
LINE_HEIGHT = 15  # points: Excel's default row height, one line of 11-point text
PAGE_FOOTER = "第 &P 页，共 &N 页"
MAX_PAGE_HEADER = 250  # Excel refuses a header or footer longer than 255 characters, codes included


def _cell_format(value: object, fmt: str) -> str:
    """A cell's number format: ``@`` for text; a number, date or boolean in its column's format
    ``fmt`` (General, or the date format, in a text column); an empty cell in the column's format."""
    if isinstance(value, str):
        return "@"
    if value is not None and fmt == "@":
        return "yyyy-mm-dd" if isinstance(value, datetime) else "General"
    return fmt


def put_value(cell: Any, value: object) -> Any:
    """Set an openpyxl ``cell`` to ``value`` so that text stays text: a string cell, never a formula,
    with Excel's quote prefix when it is :func:`formula_like` (editing the cell then keeps it text)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl takes text starting with = for a formula; it is text
        cell.quotePrefix = formula_like(value)
    return cell


def _write_cell(ws: Worksheet, row: int, col: int, value: object, fmt: str) -> Any:
    """One cell with its value, number format, quote prefix and border (other styles: the caller)."""
    cell = put_value(ws.cell(row=row, column=col), value)
    cell.number_format = _cell_format(value, fmt)
    cell.border = BORDER
    return cell


def _write_header(ws: Worksheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = _write_cell(ws, 1, index, column.header, "@")
        cell.font = BOLD
        cell.fill = _header_fill(column)
        cell.alignment = WRAPPED


def _header_fill(column: Column) -> PatternFill:
    if column.editable:
        return EDITABLE_HEADER_FILL
    return REFERENCE_HEADER_FILL if column.reference else HEADER_FILL


def _first_data_row(sheet: Sheet) -> int:
    return 2 if sheet.header_row else 1


def _cell_rows(sheet: Sheet, columns: Sequence[Column], changes: dict[str, int]) -> list[list[object]]:
    """The frame's values as cell values (:func:`cell_value`); SheetError names the cell."""
    rows = []
    for row, record in enumerate(
        sheet.frame.itertuples(index=False, name=None), start=_first_data_row(sheet)
    ):
        cells = []
        for value, column in zip(record, columns, strict=True):
            try:
                cells.append(cell_value(value, changes))
            except SheetError as exc:
                raise SheetError(
                    f"工作表“{sheet.name}”第 {row} 行、“{column.header}”列：{exc}"
                    f"（sheet {sheet.name!r}, row {row}, column {column.header!r}）"
                ) from None
        rows.append(cells)
    return rows


def _write_body(
    ws: Worksheet, rows: Sequence[Sequence[object]], columns: Sequence[Column], first_row: int
) -> None:
    """The data cells from ``first_row``. Styling a cell through openpyxl costs a lookup per attribute, so
    each column's first cell of each format is styled and the others copy its style."""
    formats = [number_format(c) for c in columns]
    styles: dict[tuple[int, str, bool], Any] = {}
    for row, values in enumerate(rows, start=first_row):
        for index, value in enumerate(values):
            key = (index, _cell_format(value, formats[index]), isinstance(value, str) and formula_like(value))
            if key in styles:
                cell = ws.cell(row=row, column=index + 1, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cell._style = copy(styles[key])
                continue
            cell = _write_cell(ws, row, index + 1, value, formats[index])
            cell.alignment = WRAPPED
            if columns[index].editable:
                cell.fill, cell.protection = EDITABLE_FILL, UNLOCKED
            styles[key] = copy(cell._style)


def _page_header(title: str) -> str:
    """``title`` as header text: & doubled (it starts Excel's codes), cut to Excel's limit."""
    text = title.replace("&", "&&")
    return text if len(text) <= MAX_PAGE_HEADER else text[: MAX_PAGE_HEADER - 1].rstrip("&") + "…"


def _page_setup(ws: Worksheet, title: str, landscape: bool, header_row: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)
    if header_row:
        ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = _page_header(title)
    ws.oddFooter.center.text = PAGE_FOOTER


def _layout(ws: Worksheet, sheet: Sheet, columns: Sequence[Column]) -> dict[str, int]:
    """Write ``sheet`` into ``ws``: header, data, widths, row heights, panes, filter, print layout,
    protection; returns the changes made to values no cell could hold (:func:`cell_value`)."""
    changes: dict[str, int] = {}
    rows = _cell_rows(sheet, columns, changes)
    headers: list[list[object]] = [[c.header for c in columns]] if sheet.header_row else []
    widths = [
        column_width(column.header if headers else "", (shown_text(values[i], column) for values in rows))
        for i, column in enumerate(columns)
    ]
    if headers:
        _write_header(ws, columns)
    _write_body(ws, rows, columns, _first_data_row(sheet))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _row_heights(ws, [*headers, *rows], widths)
    _panes_and_filter(ws, sheet, len(columns), len(rows))
    _page_setup(ws, sheet.title or sheet.name, sheet.landscape, sheet.header_row)
    ws.protection.sheet = sheet.protected
    return changes


def _row_heights(ws: Worksheet, rows: Sequence[Sequence[object]], widths: Sequence[int]) -> None:
    """Rows from row 1 as tall as their text wraps to (:func:`line_count`); one line keeps Excel's."""
    for row, values in enumerate(rows, start=1):
        lines = max(
            (line_count(v, w) for v, w in zip(values, widths, strict=True) if isinstance(v, str)), default=1
        )
        if lines > 1:
            ws.row_dimensions[row].height = lines * LINE_HEIGHT


def _panes_and_filter(ws: Worksheet, sheet: Sheet, columns: int, rows: int) -> None:
    """The header row (if any) and the frozen columns stay in view; the header row holds the filter."""
    first = _first_data_row(sheet)
    if sheet.header_row or sheet.frozen_columns:
        ws.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}{first}"
    if sheet.header_row and columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def _drop_downs(workbook: Workbook, sheets: Sequence[Sheet], resolved: Sequence[Sequence[Column]]) -> None:
    """Each column of a sheet's ``choices`` gets its list, kept in one column of the hidden, protected
    选项 sheet (headed by the column's header), placed after the first sheet with lists."""
    lists = [
        (sheet, list(sheet.frame.columns).index(name), choice)
        for sheet in sheets
        for name, choice in sheet.choices.items()
    ]
    if not lists:
        return
    options = workbook.create_sheet(OPTIONS_SHEET)
    for n, (sheet, index, choice) in enumerate(lists, start=1):
        header = resolved[sheets.index(sheet)][index].header
        for row, value in enumerate([header, *choice.values], start=1):
            put_value(options.cell(row=row, column=n), value)
        letter, target = get_column_letter(n), get_column_letter(index + 1)
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${len(choice.values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if choice.strict else "warning",
            errorTitle="请从列表中选择",
            error="该值不在列表中",
        )
        first = _first_data_row(sheet)
        validation.add(f"{target}{first}:{target}{first + len(sheet.frame) + sheet.blank_rows - 1}")
        workbook[sheet.name].add_data_validation(validation)
    options.sheet_state = "hidden"
    options.protection.sheet = True
    after = next(i for i, ws in enumerate(workbook.worksheets) if ws.title == lists[0][0].name)
    workbook.move_sheet(options, offset=after + 1 - workbook.index(options))


# --- the 说明 sheet --------------------------------------------------------------------------------

NOTES_COLUMNS = ("工作表", "列", "列名", "格式", "说明")


# A figure per kind, shown in its column's format in the 说明 sheet.
_EXAMPLES: dict[str, object] = {
    "integer": 2025,
    "count": 1628,
    "decimal": 1234.5,
    "money": 1234.5,
    "percent": 80,
    "date": datetime(2023, 6, 30),
}


def format_text(column: Column) -> str:
    """What the 说明 sheet says of a resolved column's values: "金额，如 1,234.50"."""
    text = KINDS[column.kind]
    if column.kind in _EXAMPLES:
        example = shown_text(_EXAMPLES[column.kind], column)
        text += f"，如 {example}" + (f" 表示 {example}%" if column.kind == "percent" else "")
    return text + ("；由填表人填写（黄色底纹）" if column.editable else "")


def notes_frame(
    sheets: Sequence[Sheet],
    resolved: Sequence[Sequence[Column]],
    changes: Sequence[Mapping[str, int]],
    title: str,
    notes: Sequence[str],
) -> pd.DataFrame:
    """The 说明 sheet as a table: the workbook's title and notes, then per sheet its title, notes,
    row count and what the cell writer changed, then one row per column (letter, header, format,
    meaning)."""
    rows: list[tuple[str, str, str, str, str]] = [("", "", "", "", line) for line in (title, *notes) if line]
    for sheet, columns, changed in zip(sheets, resolved, changes, strict=True):
        said = [
            sheet.title,
            *sheet.notes,
            f"共 {len(sheet.frame):,} 行数据（不含第 1 行列名）",
            *(f"注：{_CHANGES[key].format(n=n)}" for key, n in sorted(changed.items())),
        ]
        rows += [(sheet.name, "", "", "", line) for line in said if line]
        rows += [
            (sheet.name, get_column_letter(i), c.header, format_text(c), c.description)
            for i, c in enumerate(columns, start=1)
        ]
    return pd.DataFrame(rows, columns=list(NOTES_COLUMNS))


# --- the workbook --------------------------------------------------------------------------------

# Fixed timestamp inside every workbook (zip entries and document properties), so the same tables
# give the same bytes.
EPOCH = datetime(2022, 7, 4)


def resolved_columns(sheet: Sheet) -> list[Column]:
    """Every frame column's resolved :class:`Column`, in frame order; SheetError on a repeated name
    or header (``pandas.read_excel`` would rename the second one)."""
    names = [str(name) for name in sheet.frame.columns]
    headers = [sheet.columns.get(name, Column(str(name))).header for name in sheet.frame.columns]
    repeated = sorted({h for h in headers if headers.count(h) > 1} | {n for n in names if names.count(n) > 1})
    if repeated:
        raise SheetError(
            f"工作表“{sheet.name}”：列名 {'、'.join(repeated)} 重复；每列须有不同的列名"
            f"（repeated column names: {repeated}）"
        )
    return [
        resolve(sheet.columns.get(name, Column(str(name))), sheet.frame[name]) for name in sheet.frame.columns
    ]


def workbook_bytes(
    sheets: Sequence[Sheet],
    *,
    title: str = "",
    notes: Sequence[str] = (),
    notes_sheet: bool = True,
    creator: str | None = "xnplan",
) -> bytes:
    """The sheets, in order, then the 说明 sheet, as reproducible xlsx bytes (with a hidden 选项 sheet
    after the first sheet with drop-down lists, if any).

    ``title`` and ``notes`` describe the whole workbook (资料来源 of every sheet) at the top of 说明.
    ``notes_sheet=False``: no 说明 sheet, for a workbook that explains itself (a template with its own
    填写说明). ``creator``: the author the file's properties name (None: none, for a file handed to
    people who need not know the tool). SheetError names the sheet, row and column of anything that
    cannot be written.
    """
    _check_sheet_names(sheets, notes_sheet)
    resolved = [resolved_columns(sheet) for sheet in sheets]
    workbook = Workbook()
    workbook.remove(workbook.active)
    changes = [
        _layout(workbook.create_sheet(sheet.name), sheet, columns)
        for sheet, columns in zip(sheets, resolved, strict=True)
    ]
    _drop_downs(workbook, sheets, resolved)
    if notes_sheet:
        about = Sheet(
            NOTES_SHEET,
            notes_frame(sheets, resolved, changes, title, notes),
            title=f"{title}　{NOTES_SHEET}" if title else NOTES_SHEET,
            landscape=True,
        )
        _layout(workbook.create_sheet(NOTES_SHEET), about, resolved_columns(about))
    workbook.properties.creator = creator
    workbook.properties.created = EPOCH
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible(buffer.getvalue())


def _check_sheet_names(sheets: Sequence[Sheet], notes_sheet: bool) -> None:
    """SheetError when two names are one to Excel (it ignores case) or one takes a name the writer
    uses: 说明 (with ``notes_sheet``) or 选项 (when a sheet has drop-down lists)."""
    names = [s.name.casefold() for s in sheets]
    reserved = [NOTES_SHEET] * notes_sheet + [OPTIONS_SHEET] * any(s.choices for s in sheets)
    taken = [name for name in reserved if name in names]
    if taken or len(set(names)) != len(names):
        said = f"或为保留的“{'”“'.join(taken)}”" if taken else ""
        raise SheetError(
            f"工作表名称重复{said}：{[s.name for s in sheets]}"
            f"（sheet names repeat or use {reserved}; Excel ignores case）"
        )


def _reproducible(data: bytes) -> bytes:
    """Copy the xlsx archive with fixed entry times and document dates (openpyxl writes 'now')."""
    stamp = (EPOCH.isoformat() + "Z").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    lambda m: m.group(1) + stamp + m.group(2),
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=EPOCH.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            dst.writestr(info, content)
    return out.getvalue()
