"""Evaluators' input files (docs/输入文件要求.md, docs/target_gap.md#input-files): observations and
project status.

Evaluators keep them as they have them: CSV in UTF-8 (with or without BOM) or GBK/GB18030 (what
Excel on Chinese Windows writes), or ``.xlsx`` (the template's named sheet, else the first sheet);
:mod:`xnplan.assess.grid` reads the file within its limits. Headers are the column ids below
or the templates' Chinese labels. Reading is strict and complete: every problem in the file is
collected, in Chinese with English in brackets, naming its row and column (file line or sheet cell,
``观测值!D5``) and showing the value safely (:func:`xnplan.assess.grid.shown`); the first
:data:`MAX_LISTED` are reported at once as an InputValidationError. A file with any problem yields
no data at all, never half of it.

- observations: ``indicator_id, geography, year, value, unit, as_of, source, reliability, note``
  and, optionally, ``judgement, judgement_reason`` (the evaluator's own class: beside the computed
  one, or the assessment itself where nothing was computed) and ``responsible, explanation`` (责任单位
  and 说明 of the completion table, carried into every rerun). A blank ``value`` with no judgement
  means "not observed". Year 2020 is the base year: such a value serves as the baseline where the
  plan states none.
- project status: ``project_id, status, invested_wan, as_of, note`` and, optionally,
  ``planned_start, planned_finish`` (the years the project is planned to start and finish, for its
  own time progress) and ``responsible`` (责任单位). A blank ``status`` means "not reported".

Columns whose name starts with ``ref_`` are reference columns written by the templates (indicator
name, project name …) and are ignored on reading. A numeric .xlsx cell is a number as stored (a
percent-formatted cell in %); a number written as text must be unambiguous (:func:`parse_number`).
Text is kept as written; ids, units, places, statuses and judgements are matched after turning
full-width letters and digits into ASCII (:func:`narrow`). A cell holding a control character is
refused, since no report, terminal or Word file could show it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from xnplan import facts
from xnplan.assess import grid
from xnplan.assess.grid import Cell, shown
from xnplan.errors import InputValidationError, InputValueError, ParameterError, UnitError, UnknownCountyError
from xnplan.facts import TERRITORIES
from xnplan.facts import WHOLE_CITY as CITY
from xnplan.numbers import MAX_DIGITS, is_plain_decimal, significant_digits
from xnplan.units import canonical_unit, convert

OBSERVATION_COLUMNS = (
    "indicator_id",
    "geography",
    "year",
    "value",
    "unit",
    "as_of",
    "source",
    "reliability",
    "note",
)
# Optional columns: older files do not have them.
OBSERVATION_OPTIONAL = ("judgement", "judgement_reason", "responsible", "explanation")
STATUS_COLUMNS = ("project_id", "status", "invested_wan", "as_of", "note")
STATUS_OPTIONAL = ("planned_start", "planned_finish", "responsible")
REF_PREFIX = "ref_"
BASE_YEAR = facts.BASE_YEAR
OBSERVATION_YEARS = range(BASE_YEAR, facts.FINAL_YEAR + 1)  # plus the base year, for baselines the plan lacks
# A project may have started before the plan and run on after it.
PROJECT_YEARS = range(2016, 2036)
# An evaluator's judgement is one of the classes a computed result can have (xnplan.assess.gap); a
# judgement of the final year speaks of the whole period, so it is one of the final classes.
JUDGEMENTS = facts.JUDGED_CLASSES
FINAL_JUDGEMENTS = tuple(c for c in facts.FINAL_CLASSES if c in JUDGEMENTS)
JUDGEMENT_ALIASES = {"未达标": facts.NOT_COMPLETED, "按期完成": facts.COMPLETED}
# Chinese labels the templates write; either a label or the id is accepted as a header.
COLUMN_LABELS = {
    "indicator_id": "指标编号",
    "geography": "地域",
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "as_of": "数据日期",
    "source": "数据来源",
    "reliability": "可靠性",
    "note": "备注",
    "judgement": "评估人判断",
    "judgement_reason": "判断理由",
    "responsible": "责任单位",
    "explanation": "说明",
    "project_id": "项目编号",
    "status": "实施状态",
    "invested_wan": "已完成投资(万元)",
    "planned_start": "计划开工年份",
    "planned_finish": "计划完工年份",
    "ref_name": "(参考)名称",
    "ref_targets": "(参考)目标",
    "ref_county": "(参考)县市区",
    "ref_category": "(参考)大类",
    "ref_investment_wan": "(参考)估算总投资(万元)",
}
_BY_LABEL = {label: column for column, label in COLUMN_LABELS.items()}
REF_LABEL_PREFIX = "(参考)"
# The sheet an .xlsx template keeps its rows in; other files are read from their first sheet.
SHEETS = {"observations": "观测值", "project_status": "项目进展"}
# Plausible magnitudes of a value: a 15th significant digit is already past what a float keeps.
MAX_VALUE = 1e15  # no count or standard of the plan comes near
# Shares: the largest value each unit can take.
SHARE_LIMITS = {"%": 100, "‰": 1000}
# Completed investment above this multiple of the project's planned investment is refused: the
# likeliest cause is a figure in 元 typed into the 万元 column (×10000).
MAX_INVESTED_RATIO = 10
MAX_LISTED = 50  # problems listed in one error; the rest are counted
CITY_ALIASES = (CITY, "咸宁市", "咸宁", "全市合计", "city-wide", "citywide", "xianning")
PROJECT_STATUSES = ("planned", "in_progress", "completed", "cancelled")
STATUS_ALIASES = {
    "planned": "planned",
    "未开工": "planned",
    "计划": "planned",
    "拟建": "planned",
    "in_progress": "in_progress",
    "in progress": "in_progress",
    "在建": "in_progress",
    "实施中": "in_progress",
    "completed": "completed",
    "已完成": "completed",
    "完工": "completed",
    "建成": "completed",
    "已建成": "completed",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "取消": "cancelled",
    "已取消": "cancelled",
}
PROJECT_STATUS_LABELS = {
    "planned": "未开工",
    "in_progress": "在建",
    "completed": "已建成",
    "cancelled": "已取消",
}

# ---------------------------------------------------------------------------------------------
# Reading a file into rows, each cell named by its row and column


class Reason(NamedTuple):
    """Why a cell is refused (not a number, a control character …), in Chinese and in English."""

    zh: str
    en: str


@dataclass(frozen=True)
class Row:
    number: int  # 1-based data row (the header is not counted)
    line: int  # 1-based file line (CSV) or sheet row (xlsx) where the row starts
    cells: dict[str, str]  # column id → the text a person reads
    place: str = "file line"
    numbers: Mapping[str, Cell] = field(default_factory=dict)  # numeric .xlsx cells by column id
    sheet: str = ""  # the sheet of an .xlsx file
    letters: Mapping[str, str] = field(default_factory=dict)  # column id → column letter (.xlsx)

    @property
    def where(self) -> str:
        return f"row {self.number} ({self.place} {self.line})"

    def at(self, column: str | None = None) -> str:
        """Where a problem is, in Chinese: 第3行（文件第4行）数值, or 第3行（观测值!D5）数值 in a workbook."""
        if self.sheet and column is not None and column in self.letters:
            place = f"{shown(self.sheet)}!{self.letters[column]}{self.line}"
        elif self.sheet:
            place = f"工作表“{shown(self.sheet)}”第{self.line}行"
        else:
            place = f"文件第{self.line}行"
        return (
            f"第{self.number}行（{place}）{COLUMN_LABELS.get(column, column) if column is not None else ''}"
        )

    def problem(self, column: str | None, zh: str, en: str) -> str:
        """A problem of this row: Chinese first, then the English with the row in brackets."""
        return f"{self.at(column)}{zh} ({self.where}: {en})"


@dataclass(frozen=True)
class Table:
    """What a file held: its header (column ids), its rows, and how it was read."""

    header: list[str]
    rows: list[Row]
    encoding: str  # "UTF-8", "UTF-8 (BOM)", "GB18030/GBK" or "xlsx (sheet NAME)"
    sheet: str = ""  # the sheet read; "" for CSV


def read_table(path: Path | str, kind: str | None = None, problems: list[str] | None = None) -> Table:
    """Header (as column ids) and non-blank rows, each cell stripped.

    Problems are appended to ``problems`` when given (and an empty Table returned), else raised.
    """
    path = Path(path)
    own = problems is None
    found_problems: list[str] = [] if problems is None else problems
    sheets = [SHEETS[kind]] if kind else list(SHEETS.values())
    found = grid.read_grid(path, sheets, found_problems)
    table = _table(found, found_problems) if found is not None else Table([], [], "")
    if own and found_problems:
        raise refusal(path, found_problems)
    return table


def _accepted(
    path: Path,
    table: Table,
    problems: list[str],
    records: list[dict],
    columns: list[str],
    dtypes: Mapping[str, str],
) -> pd.DataFrame:
    """The checked records as a frame that says how the file was read (``attrs``: ``encoding``,
    ``sheet``, ``rows``), or, where any row had a problem, the refusal listing them."""
    if problems:
        raise refusal(path, problems)
    frame = pd.DataFrame(records, columns=columns).astype(dict(dtypes))
    frame.attrs.update(encoding=table.encoding, sheet=table.sheet, rows=len(table.rows))
    return frame


def name_problem(path: Path | str) -> str | None:
    """Why a file is not an input by its name (only .csv and .xlsx are), or None. ``xnplan check``,
    ``xnplan assess`` and the report notebooks decide by this one rule."""
    return grid.name_problem(path)


def refusal(path: Path | str, problems: list[str]) -> InputValidationError:
    """The error listing the first :data:`MAX_LISTED` problems, then how many there were in all."""
    listed = problems[:MAX_LISTED]
    if len(problems) > MAX_LISTED:
        listed.append(
            f"……共{len(problems)}个问题，以上只列出前{MAX_LISTED}个 "
            f"({len(problems)} problems in all; the first {MAX_LISTED} are listed)"
        )
    return InputValidationError(path, listed)


def _table(found: grid.Grid, problems: list[str]) -> Table:
    place = "sheet row" if found.sheet else "file line"
    header: list[str] | None = None
    letters: dict[str, str] = {}
    rows: list[Row] = []
    for line, cells in zip(found.lines, found.rows, strict=True):
        while cells and not cells[-1].text and (header is None or len(cells) > len(header)):
            cells = cells[:-1]  # Excel keeps formatted empty cells to the right
        if not any(c.text for c in cells):
            continue
        if header is None:
            header = [_column_id(c.text) for c in cells]
            letters = _letters(header) if found.sheet else {}
            problems.extend(_header_cell_problems(line, found.sheet, cells))
            continue
        row = _row(len(rows) + 1, line, header, cells, place, found.sheet, letters)
        if len(cells) > len(header):
            problems.append(
                row.problem(
                    None,
                    f"有 {len(cells)} 个单元格，表头只有 {len(header)} 列",
                    f"{len(cells)} cells but the header has {len(header)}",
                )
            )
        problems.extend(_cell_problems(row))
        rows.append(row)
    if header is None:
        problems.append(
            "文件为空：需要一行表头和数据行 (the file is empty; expected a header line and data rows)"
        )
        return Table([], [], "")
    return Table(header, rows, found.encoding, found.sheet)


def _letters(header: list[str]) -> dict[str, str]:
    from openpyxl.utils import get_column_letter

    return {column: get_column_letter(i) for i, column in enumerate(header, start=1)}


def _row(
    number: int,
    line: int,
    header: list[str],
    cells: list[Cell],
    place: str,
    sheet: str,
    letters: dict[str, str],
) -> Row:
    padded = cells + [Cell("")] * (len(header) - len(cells))
    texts = dict(zip(header, (c.text for c in padded), strict=False))
    numbers = {column: c for column, c in zip(header, padded, strict=False) if c.number is not None}
    return Row(number, line, texts, place, numbers, sheet, letters)


def _column_id(cell: str) -> str:
    """A header cell as a column id: the id itself, or the template's Chinese label of it."""
    text = narrow(cell)
    if text in _BY_LABEL:
        return _BY_LABEL[text]
    if text.startswith(REF_LABEL_PREFIX):
        return REF_PREFIX + text[len(REF_LABEL_PREFIX) :]
    return text


# Characters no report can show: C0 and C1 controls but tab and line breaks (a cell may hold
# several lines), surrogates and Unicode's non-characters (U+FDD0–U+FDEF, the last two code points of
# every plane). python-docx refuses them, and a terminal acts on some.
_NON_CHARACTERS = "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_UNSHOWABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_NON_CHARACTERS}]")


def _text_problem(text: str) -> Reason | None:
    """Why a cell's text is refused (a control character, too long), or None."""
    found = _UNSHOWABLE.search(text)
    if found:
        code = f"U+{ord(found.group()):04X}"
        return Reason(
            f"含有无法显示的控制字符 {code}（常由复制粘贴带入）；请删除后保存",
            f"holds the control character {code}",
        )
    if len(text) > grid.MAX_CELL_CHARS:
        return Reason(
            f"有 {len(text)} 个字符，超过 {grid.MAX_CELL_CHARS} 个字符的上限",
            f"longer than {grid.MAX_CELL_CHARS} characters",
        )
    return None


def _header_cell_problems(line: int, sheet: str, cells: list[Cell]) -> list[str]:
    from openpyxl.utils import get_column_letter

    found = []
    for i, cell in enumerate(cells, start=1):
        reason = _text_problem(cell.text)
        if reason:
            place = f"{shown(sheet)}!{get_column_letter(i)}{line}" if sheet else f"文件第{line}行第{i}列"
            found.append(f"表头（{place}）{reason.zh} (header, column {i}: {reason.en})")
    return found


def _cell_problems(row: Row) -> list[str]:
    found = []
    for column, text in row.cells.items():
        reason = _text_problem(text)
        if reason:
            found.append(row.problem(column, reason.zh, f"{shown(column)} {reason.en}"))
    return found


def narrow(text: str) -> str:
    """Full-width letters, digits and signs (Ｉ１４－０４, ，．) as ASCII, the ideographic space as a
    space; nothing else changes (unlike NFKC, which also turns ¹ and ⑤ into digits)."""
    return text.translate(_NARROW)


_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _check_header(
    header: list[str], expected: tuple[str, ...], problems: list[str], optional: tuple[str, ...] = ()
) -> bool:
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected + optional and not c.startswith(REF_PREFIX)]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(
            f"表头缺少列：{_labelled(missing)} (header: missing column(s) {', '.join(missing)}; "
            f"expected {', '.join(expected)})"
        )
    if unknown:
        problems.append(_unknown_columns(unknown, expected + optional))
    if duplicated:
        problems.append(
            f"表头中的列重复：{'、'.join(shown(c) for c in duplicated)} "
            f"(header: column(s) given twice: {', '.join(shown(c) for c in duplicated)})"
        )
    return not (missing or duplicated)


def _unknown_columns(unknown: list[str], known: tuple[str, ...]) -> str:
    return (
        f"表头有无法识别的列：{'、'.join(f'“{shown(c)}”' for c in unknown)}；"
        f"可用的列为{_labelled(known)}，"
        f"以“{REF_LABEL_PREFIX}”或 {REF_PREFIX} 开头的参考列不读取 "
        f"(header: unknown column(s) {', '.join(shown(c) for c in unknown)})"
    )


def _labelled(columns) -> str:
    return "、".join(f"{COLUMN_LABELS.get(c, c)}({c})" for c in columns)


# ---------------------------------------------------------------------------------------------
# Numbers


# Plain decimals only: digits, an optional point and decimals, and commas grouping thousands after a
# first group of 1–3 digits that does not start with 0 (0,500 may be 0.5 or 500).
_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$", re.ASCII)


def parse_number(text: str) -> float:
    """A number written unambiguously; InputValueError saying why (Chinese, then English) otherwise.

    ``1234.5``, ``1,234.5`` and the same in full-width digits (``１２３４．５``, ``１，２３４``) are read.
    Refused rather than guessed: ``720,5`` and ``1.234,5`` (a decimal comma?), ``0,500`` (0.5 or 500?),
    superscripts and circled digits (``120¹``, ``⑤``), spaces inside the number, ``inf``, ``nan``,
    exponents and more than 15 significant digits, which a float cannot keep.
    """
    value = _number_or_reason(text)
    if isinstance(value, Reason):
        raise InputValueError(f"{value.zh} ({value.en})")
    return value


def _number_or_reason(text: str) -> float | Reason:
    """The number ``text`` writes, or why it is not one (see :func:`parse_number`)."""
    compact = narrow(text).strip()
    if _GROUPED.match(compact):
        compact = compact.replace(",", "")
    elif "," in compact and is_plain_decimal(compact.replace(",", "")):
        return Reason(
            "有歧义：逗号可能是小数点也可能是千位分隔符；请写成不带逗号的数，如 720.5 或 1234.5",
            "is ambiguous: a comma may be a decimal or a thousands separator; write 720.5 or 1234.5",
        )
    if not is_plain_decimal(compact):
        return Reason(
            "不是数字；只填阿拉伯数字和小数点，单位写在“单位”列",
            "is not a number; write digits and a decimal point only, the unit in its own column",
        )
    if significant_digits(compact) > MAX_DIGITS:
        return Reason(
            f"有效数字超过 {MAX_DIGITS} 位，无法精确保存",
            f"has more than {MAX_DIGITS} significant digits, beyond what can be stored exactly",
        )
    value = float(compact)
    if not math.isfinite(value):
        return Reason("不是有限数", "is not a finite number")
    return value


def _cell_number(row: Row, column: str, problems: list[str]) -> float | None:
    """The number in ``column``: a numeric .xlsx cell as stored, text as :func:`parse_number` reads it.

    Only the value column may carry a unit in its format (a percent cell); elsewhere it is refused.
    """
    cell = row.numbers.get(column)
    text = row.cells[column]
    if cell is not None and cell.unit and column != "value":
        problems.append(
            row.problem(
                column,
                f"单元格显示为“{shown(text)}”，带有单位符号；请把单元格格式改为“常规”或“数值”",
                f"{column} cell shows '{shown(text)}' with a unit sign",
            )
        )
        return None
    if cell is not None:
        return cell.number
    value = _number_or_reason(text)
    if isinstance(value, Reason):
        quoted = shown(text)
        problems.append(row.problem(column, f"“{quoted}”{value.zh}", f"{column} '{quoted}' {value.en}"))
        return None
    return value


def _whole_year(row: Row, column: str, years: range, problems: list[str]) -> int | None:
    """The whole year in ``column`` within ``years``; a problem otherwise."""
    cell = row.numbers.get(column)
    value = cell.number if cell is not None and not cell.unit else _number_or_reason(row.cells[column])
    if isinstance(value, float | int) and value == int(value) and int(value) in years:
        return int(value)
    text = shown(row.cells[column])
    first, last = years.start, years.stop - 1
    problems.append(
        row.problem(
            column,
            f"“{text}”应为{first}–{last}年之间的整年",
            f"{column} '{text}' must be a whole year from {first} to {last}",
        )
    )
    return None


def _check_date(row: Row, problems: list[str]) -> str:
    text = narrow(row.cells.get("as_of", ""))
    if not text:
        return ""
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        shown_text = shown(text)
        problems.append(
            row.problem(
                "as_of",
                f"“{shown_text}”不是日期；请写成 2023-12-31 这样的格式",
                f"as_of '{shown_text}' is not a date; write YYYY-MM-DD",
            )
        )
        return ""


# ---------------------------------------------------------------------------------------------
# Which inputs a file holds


def file_kind(path: Path | str) -> str:
    """'observations' or 'project_status', told by the header; InputValidationError otherwise.

    A workbook is told by its template sheet (观测值 first), else by its first sheet's header.
    """
    table = read_table(path)
    if "indicator_id" in table.header:
        return "observations"
    if "project_id" in table.header:
        return "project_status"
    header = "，".join(shown(c) for c in table.header)
    raise refusal(
        path,
        [
            f"表头“{header}”既不是观测值文件（首列为{COLUMN_LABELS['indicator_id']}或 indicator_id）"
            f"也不是项目进展文件（首列为{COLUMN_LABELS['project_id']}或 project_id） "
            f"(the header is neither an observations file nor a "
            f"project-status file)"
        ],
    )


def file_kinds(path: Path | str) -> list[str]:
    """The inputs a file holds: both kinds for a workbook with both template sheets (观测值, 项目进展),
    else the one its header tells (:func:`file_kind`)."""
    names = grid.sheet_names(Path(path))
    return [kind for kind, sheet in SHEETS.items() if sheet in names] or [file_kind(path)]


def check_file(
    path: Path | str,
    units: Mapping[str, str],
    project_ids: Collection[str],
    planned_wan: Mapping[str, float] | None = None,
) -> list[tuple[str, pd.DataFrame]]:
    """Read every input the file holds (:func:`file_kinds`): (kind, frame) for each, in order;
    InputValidationError lists the problems of all of them.

    A frame's ``attrs["encoding"]`` says how the file was read (UTF-8, GB18030/GBK or xlsx (sheet
    NAME)), ``attrs["sheet"]`` which sheet ("" for CSV) and ``attrs["rows"]`` how many data rows it
    had, filled in or not.
    """
    kinds = file_kinds(path)
    read: list[tuple[str, pd.DataFrame]] = []
    problems: list[str] = []
    for kind in kinds:
        try:
            frame = (
                read_observations(path, units)
                if kind == "observations"
                else read_project_status(path, project_ids, planned_wan)
            )
            read.append((kind, frame))
        except InputValidationError as exc:
            prefix = f"工作表“{SHEETS[kind]}”：" if len(kinds) > 1 else ""
            problems.extend(prefix + p for p in exc.problems)
    if problems:
        raise refusal(path, problems)
    return read


def check_summary(kind: str, frame: pd.DataFrame) -> str:
    """What ``xnplan check`` says of an input that passed: how it was read and what it holds."""
    how, sheet = frame.attrs.get("encoding", "?"), frame.attrs.get("sheet", "")
    how_zh = f"Excel 工作表“{shown(sheet)}”" if sheet else f"{how} 编码的 CSV"
    rows = frame.attrs.get("rows", len(frame))
    if kind == "observations":
        values, judgements = int(frame["value"].notna().sum()), int((frame["judgement"] != "").sum())
        blank = rows - len(frame)
        return (
            f"观测值（{how_zh}）检查通过，无问题：共 {rows} 行，{values} 行有数值，"
            f"{judgements} 行有评估人判断，{blank} 行未填写（未观测） "
            f"(observations read as {how}: {values} value(s), "
            f"{judgements} judgement(s), {blank} blank row(s) of {rows}; no problems)"
        )
    reported = len(frame)
    return (
        f"项目进展（{how_zh}）检查通过，无问题：共 {rows} 行，{reported} 个项目报告了实施状态，"
        f"{rows - reported} 个未报告 (project status read as {how}: {reported} of {rows} row(s) "
        f"reported; no problems)"
    )


# ---------------------------------------------------------------------------------------------
# Observations


def resolve_geography(text: str) -> str:
    """全市 or a county's official name; ParameterError naming the valid values otherwise."""
    from xnplan.facts import CITY_LEVEL
    from xnplan.geo import resolve_county

    if narrow(text).strip().lower() in CITY_ALIASES:
        return CITY
    county = resolve_county(narrow(text))
    if county == CITY_LEVEL:
        raise ParameterError(
            f"{text!r} means the city's own bodies (市本级), not a territory; "
            f"write {CITY} for a city-wide value"
        )
    return county


OBSERVATION_FRAME_COLUMNS = [
    "indicator_id",
    "geography",
    "year",
    "value",
    "unit",
    "value_as_given",
    "unit_as_given",
    "as_of",
    "source",
    "reliability",
    "note",
    "judgement",
    "judgement_reason",
    "responsible",
    "explanation",
    "row",
]


def read_observations(path: Path | str, units: Mapping[str, str]) -> pd.DataFrame:
    """Validated observations, values converted to the indicator's unit.

    ``units`` maps every known indicator_id to its unit (the catalogue's). Returns one row per
    observed value or evaluator judgement (blank rows are skipped) with the value as given kept
    beside the converted one; a judgement-only row has no value. ``frame.attrs["encoding"]`` says
    how the file was read, ``frame.attrs["sheet"]`` which sheet and ``frame.attrs["rows"]`` how many
    data rows it had.
    """
    path = Path(path)
    problems: list[str] = []
    table = read_table(path, "observations", problems)
    records: list[dict] = []
    if table.header and _check_header(table.header, OBSERVATION_COLUMNS, problems, OBSERVATION_OPTIONAL):
        records = _observation_records(table.rows, units, problems)
    return _accepted(
        path,
        table,
        problems,
        records,
        OBSERVATION_FRAME_COLUMNS,
        {"value": "float64", "value_as_given": "float64"},
    )


@dataclass(frozen=True)
class _Keys:
    """What identifies an observation row; empty (the year None) where it is not valid."""

    indicator: str
    geography: str
    year: int | None


def _observation_keys(row: Row, units: Mapping[str, str], problems: list[str]) -> _Keys:
    indicator = narrow(row.cells["indicator_id"])
    if indicator not in units:
        text = shown(row.cells["indicator_id"])
        problems.append(
            row.problem(
                "indicator_id",
                f"“{text}”不在指标目录中；请使用模板中的编号",
                f"unknown indicator_id '{text}'; see the template for the valid ids",
            )
        )
    try:
        geography = resolve_geography(row.cells["geography"])
    except ParameterError as exc:
        places = "、".join([CITY, *TERRITORIES])
        english = f"unknown county {exc.name!r}" if isinstance(exc, UnknownCountyError) else str(exc)
        problems.append(
            row.problem(
                "geography",
                f"“{shown(row.cells['geography'])}”不是可用的地域；请填{places}之一",
                f"geography: {shown(english, 200)}",
            )
        )
        geography = ""
    year = _whole_year(row, "year", OBSERVATION_YEARS, problems)
    return _Keys(indicator if indicator in units else "", geography, year)


def _observation_records(rows: list[Row], units: Mapping[str, str], problems: list[str]) -> list[dict]:
    records: list[dict] = []
    seen: dict[tuple[str, str, int], int] = {}
    for row in rows:
        c = row.cells
        before = len(problems)
        keys = _observation_keys(row, units, problems)
        as_of = _check_date(row, problems)
        judgement, reason = narrow(c.get("judgement", "")).strip(), c.get("judgement_reason", "")
        judgement = JUDGEMENT_ALIASES.get(judgement, judgement)
        texts = {k: c.get(k, "") for k in ("responsible", "explanation")}
        if not c["value"] and not judgement and not any(texts.values()):  # not observed: nothing to check
            _check_judgement(row, "", reason, None, problems)
            continue
        _check_repeated(row, keys, seen, problems)
        _check_judgement(row, judgement, reason, keys.year, problems)
        value, unit_given, converted = _observation_value(row, keys.indicator, units, problems)
        _check_source(row, judgement, problems)
        if len(problems) > before:
            continue
        records.append(
            {
                "indicator_id": keys.indicator,
                "geography": keys.geography,
                "year": keys.year,
                "value": converted,
                "unit": units[keys.indicator],
                "value_as_given": value,
                "unit_as_given": unit_given,
                "as_of": as_of,
                "source": c["source"],
                "reliability": c["reliability"],
                "note": c["note"],
                "judgement": judgement,
                "judgement_reason": reason,
                **texts,
                "row": row.number,
            }
        )
    return records


def _check_repeated(
    row: Row, keys: _Keys, seen: dict[tuple[str, str, int], int], problems: list[str]
) -> None:
    """A second row for the same indicator, place and year; ``seen`` keeps the first row of each."""
    if not (keys.indicator and keys.geography and keys.year is not None):
        return
    key = (keys.indicator, keys.geography, keys.year)
    if key in seen:
        problems.append(
            row.problem(
                None,
                f"与第{seen[key]}行重复（{' '.join(map(str, key))}年）",
                f"duplicate of row {seen[key]} ({' '.join(map(str, key))})",
            )
        )
    seen.setdefault(key, row.number)


def _check_source(row: Row, judgement: str, problems: list[str]) -> None:
    """A value or a judgement says where it comes from."""
    value = row.cells["value"]
    if row.cells["source"] or not (value or judgement):
        return
    what_zh, what_en = ("数值", "value") if value else ("判断", "judgement")
    problems.append(
        row.problem(
            "source",
            f"为空；请写明{what_zh}的出处（文件名称、发布单位、日期或网址）",
            f"source is empty; say where the {what_en} comes from",
        )
    )


def _check_judgement(row: Row, judgement: str, reason: str, year: int | None, problems: list[str]) -> None:
    if not judgement:
        if reason:
            problems.append(
                row.problem(
                    "judgement_reason",
                    "已填写，但评估人判断为空",
                    "judgement_reason given but judgement is empty",
                )
            )
        return
    text = shown(judgement)
    if judgement not in JUDGEMENTS:
        problems.append(
            row.problem(
                "judgement",
                f"“{text}”应为{'、'.join(JUDGEMENTS)}之一",
                f"judgement '{text}' must be one of {'、'.join(JUDGEMENTS)}",
            )
        )
    elif year == facts.FINAL_YEAR and judgement not in FINAL_JUDGEMENTS:
        problems.append(
            row.problem(
                "judgement",
                f"“{judgement}”不适用于{facts.FINAL_YEAR}年（规划期末）："
                f"期末应为{'、'.join(FINAL_JUDGEMENTS)}之一",
                "a final-year judgement is one of these",
            )
        )
    if not reason:
        problems.append(
            row.problem(
                "judgement_reason",
                f"为空：评估人判断“{text}”需要填写判断理由",
                f"judgement '{text}' needs a judgement_reason",
            )
        )
    if year == BASE_YEAR:
        problems.append(
            row.problem(
                "judgement",
                f"属于评估年份，不适用于基期{BASE_YEAR}年",
                f"a judgement belongs to an assessment year, not the base year {BASE_YEAR}",
            )
        )


def _observation_value(
    row: Row, indicator: str, units: Mapping[str, str], problems: list[str]
) -> tuple[float | None, str, float | None]:
    """(value as given, its unit, value in the indicator's unit); Nones when blank or refused."""
    if not row.cells["value"]:
        return None, row.cells["unit"], None
    value = _cell_number(row, "value", problems)
    unit_given = _given_unit(row, problems)
    if value is None or unit_given is None or not indicator:
        return value, unit_given or "", None
    percent_cell = bool(row.numbers.get("value") and row.numbers["value"].unit)
    return (
        value,
        unit_given,
        _convert_observation(row, value, unit_given, units[indicator], percent_cell, problems),
    )


def _given_unit(row: Row, problems: list[str]) -> str | None:
    """The unit the value is in: the unit column, or the sign a percent-formatted cell shows."""
    written, cell = row.cells["unit"], row.numbers.get("value")
    shows = cell.unit if cell is not None else ""
    if cell is not None and shows and written and canonical_unit(written) != shows:
        cell_text, unit_text = shown(cell.text), shown(written)
        problems.append(
            row.problem(
                "value",
                f"单元格显示为“{cell_text}”（{shows}），单位却填“{unit_text}”；"
                f"请统一：按单元格所示填单位“{shows}”，或把单元格格式改为“常规”",
                f"the value cell shows '{cell_text}' but the unit is '{unit_text}'",
            )
        )
        return None
    if not written and not shows:
        problems.append(
            row.problem("unit", "为空；请填写数值的单位", "unit is empty; write the unit of the value")
        )
        return None
    return written or shows


def _convert_observation(
    row: Row, value: float, given_unit: str, unit: str, percent_cell: bool, problems: list[str]
) -> float | None:
    given, text = canonical_unit(given_unit), shown(row.cells["value"])
    # A share written as a fraction under a % unit (0.83 for 83%) would be read as 0.83%; a cell
    # formatted as a percentage shows which it is.
    if given == "%" and canonical_unit(unit) == "%" and 0 < value <= 1 and not percent_cell:
        problems.append(
            row.problem(
                "value",
                f"“{text}”单位为 %，像是小数形式的比例：若指 {value * 100:g}%，请填 {value * 100:g}；"
                f"若确为 {text}%，请填 {value * 10:g} 并把单位写成 ‰；若是小数，请把单位写成“小数”",
                f"value {text} with unit % looks like a fraction; write {value * 100:g} with unit %, or set "
                f"the unit to 'fraction' to convert",
            )
        )
        return None
    try:
        converted = convert(value, given, unit)
    except UnitError:
        shown_unit = shown(given_unit)
        problems.append(
            row.problem(
                "unit",
                f"“{shown_unit}”不能换算为该指标的单位“{unit}”",
                f"unit '{shown_unit}' cannot be converted to '{unit}', the unit of "
                f"{row.cells['indicator_id']}",
            )
        )
        return None
    limit = SHARE_LIMITS.get(canonical_unit(unit))
    if converted < 0 or converted >= MAX_VALUE or (limit is not None and converted > limit):
        span = f"0–{limit}{canonical_unit(unit)}" if limit is not None else f"0 至 {MAX_VALUE:.0e}"
        problems.append(
            row.problem(
                "value",
                f"“{text}”（{shown(given_unit)}）超出可能的范围 {span}",
                f"value {text} {shown(given_unit)} is outside the possible range {span.replace(' 至 ', '–')}",
            )
        )
        return None
    return converted


def observations_template(catalogue: pd.DataFrame, year: int) -> pd.DataFrame:
    """One blank city-wide row for ``year`` per id an observation can be filed under.

    ``ref_targets`` lists the catalogue items judged by that observation, so an evaluator sees what
    the number is for; ``ref_`` columns are ignored when the file is read back.
    """
    if year not in OBSERVATION_YEARS:
        raise ParameterError(
            f"观测年份应为 {OBSERVATION_YEARS.start}–{OBSERVATION_YEARS.stop - 1}，不能是 {year}"
            f"（year must be from {OBSERVATION_YEARS.start} to {OBSERVATION_YEARS.stop - 1}）"
        )
    rows = []
    for obs_id, items in catalogue.groupby("observation_id", sort=False):
        rows.append(
            {
                "indicator_id": obs_id,
                "geography": CITY,
                "year": year,
                "value": "",
                "unit": items["unit"].iloc[0],
                "as_of": "",
                "source": "",
                "reliability": "",
                "note": "",
                "judgement": "",
                "judgement_reason": "",
                "responsible": "",
                "explanation": "",
                "ref_name": items["observation_name"].iloc[0],
                "ref_targets": "; ".join(
                    f"{i} {t}" for i, t in zip(items["item_id"], items["target_text"], strict=True)
                ),
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Project status


STATUS_FRAME_COLUMNS = [
    "project_id",
    "status",
    "invested_wan",
    "as_of",
    "note",
    "planned_start",
    "planned_finish",
    "responsible",
    "row",
]


def read_project_status(
    path: Path | str, project_ids: Collection[str], planned_wan: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Validated project status rows; a blank status means "not reported" and is skipped.

    ``planned_wan`` maps project ids to their planned investment (附件2, 万元): a completed
    investment above :data:`MAX_INVESTED_RATIO` times it is refused as a probable slip of unit.
    ``frame.attrs`` holds ``encoding`` and ``rows`` as for :func:`read_observations`.
    """
    path = Path(path)
    problems: list[str] = []
    table = read_table(path, "project_status", problems)
    known = set(project_ids)
    records: list[dict] = []
    if table.header and _check_header(table.header, STATUS_COLUMNS, problems, STATUS_OPTIONAL):
        seen: dict[str, int] = {}
        for row in table.rows:
            record = _status_record(row, known, seen, planned_wan or {}, problems)
            if record is not None:
                records.append(record)
    return _accepted(
        path,
        table,
        problems,
        records,
        STATUS_FRAME_COLUMNS,
        {"planned_start": "Int64", "planned_finish": "Int64"},
    )


def _status_record(
    row: Row, known: set[str], seen: dict[str, int], planned_wan: Mapping[str, float], problems: list[str]
) -> dict | None:
    c = row.cells
    before = len(problems)
    pid = _project_id(row, known, seen, problems)
    status = _status(row, problems)
    invested = _invested(row, pid, status, planned_wan, problems)
    as_of = _check_date(row, problems)
    start, finish = (
        _whole_year(row, column, PROJECT_YEARS, problems) if c.get(column) else None
        for column in ("planned_start", "planned_finish")
    )
    if start is not None and finish is not None and start > finish:
        problems.append(
            row.problem(
                None, f"计划开工年份{start}晚于计划完工年份{finish}", "planned_start is after planned_finish"
            )
        )
    if len(problems) > before or status == "":
        return None
    return {
        "project_id": pid,
        "status": status,
        "invested_wan": invested,
        "as_of": as_of,
        "note": c["note"],
        "planned_start": start,
        "planned_finish": finish,
        "responsible": c.get("responsible", ""),
        "row": row.number,
    }


def _project_id(row: Row, known: set[str], seen: dict[str, int], problems: list[str]) -> str:
    pid = narrow(row.cells["project_id"])
    if pid not in known:
        text = shown(row.cells["project_id"])
        problems.append(
            row.problem(
                "project_id",
                f"“{text}”不是附件2中的项目编号；编号形如 P1.1.001，见项目进展模板",
                f"unknown project_id '{text}'; ids look like P1.1.001",
            )
        )
    elif pid in seen:
        problems.append(
            row.problem(
                None, f"与第{seen[pid]}行重复（项目 {pid}）", f"duplicate of row {seen[pid]} (project {pid})"
            )
        )
    else:
        seen[pid] = row.number
    return pid


def _status(row: Row, problems: list[str]) -> str | None:
    """The status id; "" when blank (not reported), None when it is not one of the statuses."""
    text = narrow(row.cells["status"]).strip()
    status = STATUS_ALIASES.get(text.lower()) if text else ""
    if status is None:
        labels = "、".join(PROJECT_STATUS_LABELS[s] for s in PROJECT_STATUSES)
        problems.append(
            row.problem(
                "status",
                f"“{shown(text)}”应为{labels}之一",
                f"status '{shown(text)}' must be one of {', '.join(PROJECT_STATUSES)}",
            )
        )
    return status


def _invested(
    row: Row, pid: str, status: str | None, planned_wan: Mapping[str, float], problems: list[str]
) -> float | None:
    if not row.cells["invested_wan"]:
        return None
    invested = _cell_number(row, "invested_wan", problems)
    planned = planned_wan.get(pid)
    text = shown(row.cells["invested_wan"])
    if invested is None:
        return None
    if invested < 0:
        problems.append(row.problem("invested_wan", f"“{text}”为负数", f"invested_wan {text} is negative"))
    elif planned is not None and invested > MAX_INVESTED_RATIO * planned:
        problems.append(
            row.problem(
                "invested_wan",
                f"“{text}”万元超过该项目估算总投资 {planned:g} 万元的 {MAX_INVESTED_RATIO} 倍；"
                f"请确认单位是万元（若填的是元，{text} 元 = {invested / 10000:g} 万元）",
                f"invested_wan {text} is more than {MAX_INVESTED_RATIO} times the planned {planned:g} 万元; "
                f"is it in 元?",
            )
        )
    elif status == "":
        problems.append(
            row.problem("invested_wan", "已填写，但实施状态为空", "invested_wan given but status is empty")
        )
    return invested


def project_status_template(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project of 附件2, status blank (= not reported), with reference columns."""
    frame = pd.DataFrame(
        {
            "project_id": projects["project_id"],
            "status": "",
            "invested_wan": "",
            "as_of": "",
            "note": "",
            "planned_start": "",
            "planned_finish": "",
            "responsible": "",
            "ref_county": projects["county"],
            "ref_category": projects["category"],
            "ref_name": projects["name"],
            "ref_investment_wan": projects["investment_wan"],
        }
    )
    return frame.reset_index(drop=True)
