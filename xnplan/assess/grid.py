"""An evaluator's file as rows of cells, as a person sees them in Excel, WPS or a text editor.

:mod:`xnplan.assess.inputs` reads observations and project status through :func:`read_grid`. What a
person sees in the file is what is read, or the file is refused with the place named:

- Only a regular file whose name ends ``.csv`` or ``.xlsx`` (:func:`name_problem`), at most
  :data:`MAX_FILE_BYTES`. A folder, a pipe or a device is refused before a byte is read; the
  content must match the name (a workbook named ``.csv`` is refused, and so are a password-protected
  workbook and an old ``.xls`` file, each with what to do).
- CSV, in UTF-8 (with or without BOM) or GBK/GB18030, is parsed strictly: a quote that is not
  closed is an error naming the line where its row starts, never a row that swallows the next ones.
- An ``.xlsx`` file is checked as a zip before it is parsed: at most :data:`MAX_ZIP_ENTRIES`
  entries and :data:`MAX_UNCOMPRESSED` bytes unpacked, and a cap on the XML elements of each part
  (:data:`MAX_TAGS`), so a small file cannot expand into minutes of work. The size a sheet declares
  is never used: the sheet is read cell by cell, as stored. A numeric cell is a number already (not
  text to parse again); a percent-formatted cell is read as it shows, 0.14% as 0.14 with the unit
  %. A formula without a stored result, an error value (#DIV/0!) and a damaged cell are refused with
  the cell named (``观测值!D5``).
- At most :data:`MAX_ROWS` rows with content and :data:`MAX_COLUMNS` columns. A cell holds at most
  :data:`MAX_CELL_CHARS` characters, Excel's limit: the csv module stops far beyond it, at 131,072,
  and :mod:`xnplan.assess.inputs` names any longer cell by its row and column.

Text is shown in messages through :func:`shown`, which escapes what a terminal would act on.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import os
import stat
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

SUFFIXES = (".csv", ".xlsx")
MIB = 2**20
MAX_FILE_BYTES = 4 * MIB  # a filled-in template is 40–50 KB
MAX_UNCOMPRESSED = 32 * MIB  # the project-status template unpacks to 0.5 MiB
MAX_ZIP_ENTRIES = 1000
# XML elements per part of a workbook, counted by their '<' before anything is parsed: what openpyxl
# parses in a few seconds at most on one core (a style costs 60 µs, a shared string 30, a cell 15).
MAX_TAGS = {"worksheet": 1_000_000, "sharedStrings": 300_000, "other": 50_000}
MAX_ROWS = 5000  # rows with content, the header included: 56 indicators × 7 places × 6 years is 2352
MAX_COLUMNS = 30  # the observations template has 15
MAX_CELL_CHARS = 32_767  # what an Excel cell holds
SHOWN_CHARS = 40  # longer text is shown by its start in a message

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and Office files encrypted with a password
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Cell:
    """One cell: the text a person reads and, for a numeric .xlsx cell, its number.

    ``number`` is in the unit the cell's format shows (``unit``: "%" for a percent-formatted cell,
    "‰" or "%" for a format that writes the sign after the number, else "").
    """

    text: str
    number: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class Grid:
    """The rows of a file: each with the file line (CSV) or sheet row (.xlsx) where it starts."""

    lines: list[int]
    rows: list[list[Cell]]
    encoding: str  # "UTF-8", "UTF-8 (BOM)", "GB18030/GBK" or "xlsx (sheet NAME)"
    sheet: str = ""  # the sheet read; "" for CSV


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` safe to print: characters a terminal would act on (escape sequences, control
    characters, bidirectional overrides) written as ``\\x1b`` or ``\\u202e``, and a long text cut to its
    first ``limit`` characters with its length."""
    cut = text if len(text) <= limit else text[: limit // 2]
    safe = "".join(c if c.isprintable() else _escape(c) for c in cut)
    return safe if cut is text else f"{safe}…（共{len(text)}个字符）"


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def name_problem(path: Path | str) -> str | None:
    """Why a file is not read by its name alone, or None: only .csv and .xlsx files are inputs.

    ``xnplan check``, ``xnplan assess`` and the report notebooks all decide by this one rule.
    """
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return None
    advice = {
        ".xls": "请在 Excel 或 WPS 中“另存为” Excel 工作簿 (.xlsx)",
        ".txt": "若内容是逗号分隔的表格，请把扩展名改为 .csv",
    }.get(suffix, "请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV")
    return (
        f"不是 CSV 或 .xlsx 文件（扩展名“{shown(suffix) or '无'}”），不读取；{advice} "
        f"(not a .csv or .xlsx file; not read)"
    )


def read_grid(path: Path, sheets: Sequence[str], problems: list[str]) -> Grid | None:
    """The rows of ``path``; None with the reasons appended to ``problems`` when it cannot be read.

    An .xlsx file is read from the first of ``sheets`` it holds, else from its first worksheet.
    """
    problem = name_problem(path)
    if problem:
        problems.append(problem)
        return None
    raw = _read_bytes(path, problems)
    if raw is None:
        return None
    kind = _content_kind(raw)
    if path.suffix.lower() == ".csv":
        if kind != "text":
            problems.append(
                "这是 Excel 工作簿，扩展名却是 .csv；请把扩展名改为 .xlsx "
                "(an Excel workbook named .csv; rename it .xlsx)"
            )
            return None
        return _csv_grid(raw, problems)
    if kind != "zip":
        problems.append(_not_a_workbook(raw, kind))
        return None
    return _xlsx_grid(raw, sheets, problems)


def sheet_names(path: Path) -> list[str]:
    """The worksheets of an .xlsx file, in order; [] for any other file or one that cannot be read
    (:func:`read_grid` then says why)."""
    if path.suffix.lower() != ".xlsx":
        return []
    raw = _read_bytes(path, [])
    if raw is None or _content_kind(raw) != "zip" or _zip_problem(raw):
        return []
    book = _open_workbook(raw, [])
    if book is None:
        return []
    try:
        return [sheet.title for sheet in book.worksheets]
    finally:
        book.close()


# ---------------------------------------------------------------------------------------------
# The file itself


def _read_bytes(path: Path, problems: list[str]) -> bytes | None:
    """The file's bytes, if it is a regular file within the size limit.

    Opened without blocking and checked on the open descriptor: a pipe would wait for a writer, a
    device such as /dev/zero never ends.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        problems.append(f"无法打开文件 (cannot open the file: {exc.strerror or exc})")
        return None
    with os.fdopen(fd, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if stat.S_ISDIR(mode):
            problems.append("是文件夹，不是文件 (is a folder, not a file)")
            return None
        if not stat.S_ISREG(mode):
            problems.append(
                "不是普通文件（管道、设备等），不读取 (not a regular file: a pipe or a device; not read)"
            )
            return None
        try:
            raw = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            problems.append(f"无法读取文件 (cannot read the file: {exc.strerror or exc})")
            return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(
            f"文件超过 {MAX_FILE_BYTES // MIB} MiB 的上限，不读取；填好的模板通常不到 100 KB "
            f"(larger than {MAX_FILE_BYTES // MIB} MiB; not read)"
        )
        return None
    return raw


def _content_kind(raw: bytes) -> str:
    if raw.startswith(ZIP_MAGIC):
        return "zip"
    if raw.startswith(OLE_MAGIC):
        return "ole"
    return "text"


def _not_a_workbook(raw: bytes, kind: str) -> str:
    if kind == "ole" and "EncryptedPackage".encode("utf-16-le") in raw:
        return (
            "工作簿设有打开密码（加密的 OLE 复合文件），无法读取；"
            "请在 Excel 或 WPS 中取消密码后保存，再重试 "
            "(the workbook is password-protected; remove the password and save it again)"
        )
    if kind == "ole":
        return (
            "这是旧版 Excel 97–2003 (.xls) 格式的文件，扩展名却是 .xlsx；"
            "请在 Excel 或 WPS 中“另存为” Excel 工作簿 (.xlsx) "
            "(an old .xls file named .xlsx; save it as .xlsx)"
        )
    return (
        "不是 Excel 工作簿（内容是文本）；若是逗号分隔的表格，请把扩展名改为 .csv "
        "(not an Excel workbook: the file holds text; if it is CSV, rename it .csv)"
    )


# ---------------------------------------------------------------------------------------------
# CSV


def _decode(raw: bytes, problems: list[str]) -> tuple[str, str] | None:
    """Text and the encoding it was read in: UTF-8 first, then GB18030 (a superset of GBK)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            "文件是 UTF-16 编码（Excel 的“Unicode 文本”）；"
            "请另存为“CSV UTF-8（逗号分隔）”或 .xlsx "
            "(UTF-16 text; save it as 'CSV UTF-8' or .xlsx)"
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        encodings = [("utf-8-sig", "UTF-8 (BOM)")]
    else:
        encodings = [("utf-8", "UTF-8"), ("gb18030", "GB18030/GBK")]
    for codec, name in encodings:
        try:
            return raw.decode(codec), name
        except UnicodeDecodeError as exc:
            error = exc
    byte = error.start + 1  # counted from 1, as a person counts
    problems.append(
        f"既不是 UTF-8 也不是 GBK/GB18030 编码的文本（第 {byte} 字节）；"
        f"请另存为“CSV UTF-8（逗号分隔）”或 .xlsx "
        f"(neither UTF-8 nor GBK/GB18030 text, byte {byte})"
    )
    return None


def _csv_grid(raw: bytes, problems: list[str]) -> Grid | None:
    decoded = _decode(raw, problems)
    if decoded is None:
        return None
    text, encoding = decoded
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines: list[int] = []
    rows: list[list[Cell]] = []
    start, filled = 1, 0
    try:
        for cells in reader:
            rows.append([Cell(c.strip()) for c in cells])
            lines.append(start)
            start = reader.line_num + 1
            filled += any(c.text for c in rows[-1])
            if _too_many(filled, problems):
                return None
    except csv.Error as exc:
        problems.append(_csv_error(str(exc), start))
        return None
    return Grid(lines, rows, encoding)


def _too_many(filled: int, problems: list[str]) -> bool:
    if filled <= MAX_ROWS:
        return False
    problems.append(f"超过 {MAX_ROWS} 行（含表头），不读取 (more than {MAX_ROWS} rows with content)")
    return True


def _csv_error(message: str, line: int) -> str:
    """A csv.Error as a sentence naming the line where the row starts."""
    if "field larger than field limit" in message:
        return (
            f"文件第{line}行起：单元格超过 {MAX_CELL_CHARS} 个字符的上限 "
            f"(file line {line}: a cell longer than {MAX_CELL_CHARS} characters)"
        )
    if "unexpected end of data" in message:
        return (
            f"文件第{line}行起：引号未闭合，这一行之后的内容会被并入同一个单元格；"
            f"请检查该行的双引号是否成对 (file line {line}: a quote opened here is never closed)"
        )
    if "expected after" in message:
        return (
            f'文件第{line}行起：双引号之后应为逗号或行尾；单元格中的双引号须写成两个（""） '
            f"(file line {line}: a closing quote must be followed by a comma or the end of the line)"
        )
    return f"文件第{line}行起：CSV 格式错误 (file line {line}: {shown(message)})"


# ---------------------------------------------------------------------------------------------
# .xlsx


def _xlsx_grid(raw: bytes, sheets: Sequence[str], problems: list[str]) -> Grid | None:
    problem = _zip_problem(raw)
    if problem:
        problems.append(problem)
        return None
    book = _open_workbook(raw, problems)
    if book is None:
        return None
    try:
        worksheets = {sheet.title: sheet for sheet in book.worksheets}
        if not worksheets:
            problems.append("工作簿中没有工作表 (the workbook has no worksheet)")
            return None
        name = next((n for n in sheets if n in worksheets), next(iter(worksheets)))
        return _sheet_grid(book, worksheets[name], problems)
    finally:
        book.close()


def _zip_problem(raw: bytes) -> str | None:
    """Why the zip is refused before openpyxl parses it, or None.

    The sizes a zip declares bound what is read: Python's zipfile stops at an entry's declared size
    and refuses it when its checksum then fails.
    """
    damaged = (
        "不是完整的 .xlsx 文件（压缩包已损坏）；请在 Excel 或 WPS 中重新保存 (the .xlsx file is damaged)"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return (
                    f"工作簿包含 {len(entries)} 个部件，超过上限 {MAX_ZIP_ENTRIES} "
                    f"(too many parts in the workbook)"
                )
            unpacked = sum(entry.file_size for entry in entries)
            if unpacked > MAX_UNCOMPRESSED:
                return (
                    f"工作簿解压后超过 {MAX_UNCOMPRESSED // MIB} MiB 的上限，不读取 "
                    f"(unpacks to more than {MAX_UNCOMPRESSED // MIB} MiB; not read)"
                )
            return next((p for p in (_part_problem(archive, e) for e in entries) if p), None)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError, OSError):
        return damaged
    except Exception as exc:  # zlib.error and friends: a damaged entry, whatever the module
        if isinstance(exc, MemoryError):
            raise
        return damaged


def _part_problem(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> str | None:
    if not entry.filename.endswith((".xml", ".rels")):
        return None
    kind = (
        "worksheet"
        if "/worksheets/" in entry.filename
        else "sharedStrings"
        if entry.filename.endswith("/sharedStrings.xml")
        else "other"
    )
    tags = archive.read(entry).count(b"<")
    if tags <= MAX_TAGS[kind]:
        return None
    name = shown(entry.filename)
    return (
        f"工作簿部件 {name} 含 {tags} 个 XML 元素，超过上限 {MAX_TAGS[kind]}；"
        f"请把数据复制到新建的工作簿后再保存 (part {name} has more than {MAX_TAGS[kind]} XML elements)"
    )


def _open_workbook(raw: bytes, problems: list[str]):
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # about extensions openpyxl drops: nothing is read from them
            return load_workbook(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False)
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError, XML errors … for a damaged file
        problems.append(
            f"无法作为 Excel 工作簿读取；请在 Excel 或 WPS 中重新保存为 .xlsx "
            f"(cannot read it as an .xlsx workbook: {type(exc).__name__}: {shown(str(exc), 80)})"
        )
        return None


def _sheet_grid(book, sheet, problems: list[str]) -> Grid | None:
    lines: list[int] = []
    rows: list[list[Cell]] = []
    before = len(problems)
    reader = _SheetCells(sheet, problems)
    try:
        for number, parsed in _sheet_rows(book, sheet):
            if lines and number <= lines[-1]:
                problems.append(
                    f"工作表“{shown(sheet.title)}”已损坏：第{number}行出现在第{lines[-1]}行之后 "
                    f"(the sheet is damaged: row {number} after row {lines[-1]})"
                )
                return None
            cells = reader.row(parsed)
            if any(c.text for c in cells):
                lines.append(number)
                rows.append(cells)
                if _too_many(len(rows), problems):
                    return None
    except MemoryError:
        raise
    except Exception as exc:  # a damaged sheet: XML, zip or row attributes openpyxl cannot read
        problems.append(
            f"工作表“{shown(sheet.title)}”已损坏，无法读取；请在 Excel 或 WPS 中重新保存 "
            f"(the sheet is damaged: {type(exc).__name__}: {shown(str(exc), 80)})"
        )
        return None
    if len(problems) > before:
        return None
    return Grid(lines, rows, f"xlsx (sheet {sheet.title})", sheet.title)


def _sheet_rows(book, sheet) -> Iterator[tuple[int, list[dict]]]:
    """(sheet row, cells as stored) for every row element of the sheet, its declared size unused.

    openpyxl's own sheet parser, told to keep what its data-only mode drops: whether a cell holds a
    formula and whether a result is stored. It needs the read-only sheet's source and the book's
    date formats, which openpyxl keeps in private attributes (its read-only iterator reads the same).
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class StoredCellParser(WorkSheetParser):
        def parse_cell(self, element):
            try:
                cell = super().parse_cell(element)
            except (ValueError, TypeError, IndexError, KeyError, OverflowError) as exc:
                return {
                    "row": self.row_counter,
                    "column": self.col_counter,
                    "value": str(exc),
                    "data_type": "damaged",
                    "style_id": 0,
                    "coordinate": element.get("r") or "",
                    "formula": False,
                    "stored": True,
                }
            cell["formula"] = element.find(FORMULA_TAG) is not None
            cell["stored"] = cell["value"] is not None or element.find(VALUE_TAG) is not None
            cell["coordinate"] = element.get("r") or ""
            return cell

    with sheet._get_source() as source, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a date out of range is warned about and stored as #VALUE!
        parser = StoredCellParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()


class _SheetCells:
    """The stored cells of one sheet as a person sees them; a formula without a result, an error
    value or a damaged cell is a problem naming the cell (``观测值!D5``)."""

    def __init__(self, sheet, problems: list[str]) -> None:
        self.sheet = sheet
        self.problems = problems
        self.formats: dict[int, str] = {}  # number format by style id

    def row(self, parsed: list[dict]) -> list[Cell]:
        """The row's cells from column A, empty where nothing is stored."""
        cells: dict[int, Cell] = {}
        for stored in parsed:
            cell = self.cell(stored)
            if cell.text and stored["column"] > MAX_COLUMNS:
                ref = self.ref(stored)
                self.problems.append(
                    f"单元格 {ref} 超出第 {MAX_COLUMNS} 列，输入文件最多 {MAX_COLUMNS} 列 "
                    f"(cell {ref} is beyond column {MAX_COLUMNS})"
                )
            elif cell.text:
                cells[stored["column"]] = cell
        width = max(cells, default=0)
        return [cells.get(column, Cell("")) for column in range(1, width + 1)]

    def ref(self, stored: dict) -> str:
        from openpyxl.utils import get_column_letter

        # a damaged cell may have no coordinate and a column beyond openpyxl's last letters (ZZZ)
        column = get_column_letter(min(max(stored["column"], 1), 18278))
        coordinate = stored["coordinate"] or f"{column}{stored['row']}"
        return shown(f"{self.sheet.title}!{coordinate}")

    def cell(self, stored: dict) -> Cell:
        value, data_type = stored["value"], stored["data_type"]
        if data_type == "damaged":
            return self.refuse(stored, "已损坏，无法读取", f"is damaged: {shown(value, 80)}")
        if stored["formula"] and not stored["stored"]:
            return self.refuse(
                stored,
                "是公式，但文件中没有它的计算结果（由程序生成或未重新计算）；"
                "请在 Excel 或 WPS 中打开、确认结果后保存，或直接填写数值",
                "a formula without a stored result",
            )
        if data_type == "e":
            return self.refuse(
                stored,
                f"是错误值 {shown(str(value))}；请改正公式或填写数值",
                f"holds the error {shown(str(value))}",
            )
        if value is None:
            return Cell("")
        if data_type == "n":
            return self.number(stored)
        if isinstance(value, bool):
            return Cell("TRUE" if value else "FALSE")
        if isinstance(value, datetime):
            midnight = value.time() == datetime.min.time()
            return Cell(value.date().isoformat() if midnight else value.isoformat(" "))
        if isinstance(value, date):
            return Cell(value.isoformat())
        return Cell(str(value).strip())

    def number(self, stored: dict) -> Cell:
        """A numeric cell in the unit its format shows: 0.0014 formatted 0.00% is 0.14 (%)."""
        value = stored["value"]
        if not math.isfinite(value):
            return self.refuse(stored, f"的数值 {value} 不是有限数", f"{value} is not a finite number")
        number_format = self.number_format(stored)
        shows = shown_unit(number_format, value)
        if shows is None:
            return self.refuse(
                stored,
                f"的格式“{shown(number_format)}”按千位缩放显示数值，"
                f"看到的与存储的不同；请把单元格格式改为“常规”或“数值”",
                "its format scales the number by thousands",
            )
        factor, unit = shows
        exact = Decimal(repr(value)) * factor
        return Cell(plain_number(exact) + unit, float(exact), unit)

    def number_format(self, stored: dict) -> str:
        from openpyxl.cell.read_only import ReadOnlyCell

        style = stored["style_id"]
        if style not in self.formats:
            self.formats[style] = ReadOnlyCell(self.sheet, 1, 1, 0, "n", style).number_format
        return self.formats[style]

    def refuse(self, stored: dict, zh: str, en: str) -> Cell:
        ref = self.ref(stored)
        self.problems.append(f"单元格 {ref} {zh} (cell {ref}: {en})")
        return Cell("")


def plain_number(value: Decimal | float) -> str:
    """A number as a person would type it: every digit it has, no exponent (1e-05 → 0.00001)."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    return format(exact.normalize(), "f")


def shown_unit(number_format: str, value: float) -> tuple[int, str] | None:
    """(factor, unit sign) an Excel number format shows ``value`` with.

    A percent sign multiplies by 100 and shows %: ``0.00%`` gives (100, "%"). A sign written as text
    after the number (``0.0"‰"``, ``0.0‰``) shows the unit without multiplying: (1, "‰"). None for a
    format that divides by 1000 per trailing comma (``#,##0,``): what it shows is not what is stored,
    and a person would read the shown number.
    """
    return _section_unit(_format_section(number_format, (value > 0) - (value < 0)))


def _format_section(number_format: str, sign: int) -> str:
    """The part of ``positive;negative;zero;text`` that formats a number of this sign."""
    sections = [part for _, part in _tokens(number_format, split=True)]
    if sign < 0 and len(sections) > 1:
        return sections[1]
    if sign == 0 and len(sections) > 2:
        return sections[2]
    return sections[0]


@functools.lru_cache(maxsize=256)
def _section_unit(section: str) -> tuple[int, str] | None:
    factor, unit, after_placeholder = 1, "", False
    for kind, token in _tokens(section):
        if kind == "literal":
            unit = next((sign for sign in ("%", "‰") if sign in token), unit)
        elif token == "%":
            factor, unit = factor * 100, "%"
        elif token == "‰":
            unit = "‰"
        elif token.startswith(",") and after_placeholder and kind == "trailing":
            return None  # scales by thousands
        if kind != "literal":
            after_placeholder = token[:1] in ("0", "#", "?")
    return factor, unit


def _tokens(number_format: str, split: bool = False) -> list[tuple[str, str]]:
    """The format's tokens as (kind, text): ``literal`` for quoted text, an escaped character or a
    bracket, ``trailing`` for commas that follow a digit placeholder and end the number, ``char``
    for any other character. With ``split``, the format's ;-separated sections instead, as
    ("section", text) with quotes and escapes respected."""
    tokens: list[tuple[str, str]] = []
    sections, start, i = [], 0, 0
    while i < len(number_format):
        char = number_format[i]
        if char in '"[':
            end = number_format.find('"' if char == '"' else "]", i + 1)
            end = len(number_format) if end < 0 else end
            tokens.append(("literal", number_format[i + 1 : end]))
            i = end + 1
        elif char in "\\_*":  # an escaped character; a space as wide as it; it repeated
            tokens.append(("literal", number_format[i + 1 : i + 2] if char == "\\" else ""))
            i += 2
        elif char == ";" and split:
            sections.append(("section", number_format[start:i]))
            start, i = i + 1, i + 1
        elif char == ",":
            run = len(number_format[i:]) - len(number_format[i:].lstrip(","))
            follows = number_format[i + run : i + run + 1]
            tokens.append(("char" if follows in ("0", "#", "?") else "trailing", "," * run))
            i += run
        else:
            tokens.append(("char", char))
            i += 1
    return [*sections, ("section", number_format[start:])] if split else tokens
