"""Evaluators' input files (docs/target_gap.md#input-files): observations and project status.

Evaluators keep them as they have them: CSV in UTF-8 (with or without BOM) or GBK/GB18030 (what
Excel on Chinese Windows writes), or ``.xlsx`` (the template's named sheet, else the first sheet).
Headers are the column ids below or the templates' Chinese labels. Reading is strict and complete:
every problem in the file is collected (with its row and file line or sheet row) and reported at
once as an InputValidationError; a file with any problem yields no data at all, never half of it.

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
name, project name …) and are ignored on reading. Numbers must be unambiguous (see
:func:`parse_number`).
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from xnplan import facts
from xnplan.atomicfile import write_atomic
from xnplan.errors import InputValidationError, ParameterError
from xnplan.geo import WHOLE_CITY as CITY
from xnplan.units import UnitError, canonical_unit, convert

OBSERVATION_COLUMNS = ("indicator_id", "geography", "year", "value", "unit", "as_of", "source",
                       "reliability", "note")
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
JUDGEMENTS = tuple(c for c in facts.CLASSES if c not in (facts.NO_ASSESSMENT, facts.NO_TARGET))
FINAL_JUDGEMENTS = tuple(c for c in facts.FINAL_CLASSES if c in JUDGEMENTS)
JUDGEMENT_ALIASES = {"未达标": facts.NOT_COMPLETED, "按期完成": facts.COMPLETED}
# Chinese labels the templates write; either a label or the id is accepted as a header.
LABELS = {
    "indicator_id": "指标编号", "geography": "地域", "year": "年份", "value": "数值", "unit": "单位",
    "as_of": "数据日期", "source": "数据来源", "reliability": "可靠性", "note": "备注",
    "judgement": "评估人判断", "judgement_reason": "判断理由", "responsible": "责任单位",
    "explanation": "说明",
    "project_id": "项目编号", "status": "实施状态", "invested_wan": "已完成投资(万元)",
    "planned_start": "计划开工年份", "planned_finish": "计划完工年份",
    "ref_name": "(参考)名称", "ref_targets": "(参考)目标", "ref_county": "(参考)县市区",
    "ref_category": "(参考)大类", "ref_investment_wan": "(参考)估算总投资(万元)",
}
_BY_LABEL = {label: column for column, label in LABELS.items()}
REF_LABEL_PREFIX = "(参考)"
# The sheet an .xlsx template keeps its rows in; other files are read from their first sheet.
SHEETS = {"observations": "观测值", "project_status": "项目进展"}
# Plausible magnitudes of a value: a 15th significant digit is already past what a float keeps.
MAX_DIGITS = 15
CITY_ALIASES = ("全市", "咸宁市", "咸宁", "全市合计", "city-wide", "citywide", "xianning")
STATUSES = ("planned", "in_progress", "completed", "cancelled")
STATUS_ALIASES = {
    "planned": "planned", "未开工": "planned", "计划": "planned", "拟建": "planned",
    "in_progress": "in_progress", "in progress": "in_progress", "在建": "in_progress",
    "实施中": "in_progress", "completed": "completed", "已完成": "completed", "完工": "completed",
    "建成": "completed", "已建成": "completed", "cancelled": "cancelled", "canceled": "cancelled",
    "取消": "cancelled", "已取消": "cancelled",
}
PROJECT_STATUS_LABELS = {"planned": "未开工", "in_progress": "在建", "completed": "已建成",
                         "cancelled": "已取消", "": "未报告"}

# ---------------------------------------------------------------------------------------------
# Reading CSV with row numbers


@dataclass(frozen=True)
class Row:
    number: int  # 1-based data row (the header is not counted)
    line: int  # 1-based file line (CSV) or sheet row (xlsx) where the row starts
    cells: dict[str, str]
    place: str = "file line"

    @property
    def where(self) -> str:
        return f"row {self.number} ({self.place} {self.line})"


@dataclass(frozen=True)
class Table:
    """What a file held: its header (column ids), its rows, and how it was read."""

    header: list[str]
    rows: list[Row]
    encoding: str  # "UTF-8", "UTF-8 (BOM)", "GB18030/GBK" or "xlsx (sheet NAME)"


def _decode(raw: bytes, problems: list[str]) -> tuple[str, str] | None:
    """Text and the encoding it was read in: UTF-8 first, then GB18030 (a superset of GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        encodings = [("utf-8-sig", "UTF-8 (BOM)")]
    else:
        encodings = [("utf-8", "UTF-8"), ("gb18030", "GB18030/GBK")]
    for codec, name in encodings:
        try:
            return raw.decode(codec), name
        except UnicodeDecodeError as exc:
            error = exc
    problems.append(f"neither UTF-8 nor GBK/GB18030 text (byte {error.start}); save it as 'CSV UTF-8' "
                    f"or .xlsx (Excel) and retry")
    return None


def _csv_rows(raw: bytes, problems: list[str]) -> tuple[list[list[str]], list[int], str] | None:
    decoded = _decode(raw, problems)
    if decoded is None:
        return None
    text, encoding = decoded
    reader = csv.reader(io.StringIO(text, newline=""))
    cells_list, lines = [], []
    start = 1
    for cells in reader:
        cells_list.append(cells)
        lines.append(start)
        start = reader.line_num + 1
    return cells_list, lines, encoding


def _xlsx_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # repr keeps every digit a typed-in decimal has (0.1 stays 0.1, not 0.1000000000000000055)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _xlsx_rows(path: Path, kind: str | None,
               problems: list[str]) -> tuple[list[list[str]], list[int], str] | None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError … for a damaged file
        problems.append(f"cannot read it as an Excel .xlsx workbook ({type(exc).__name__}: {exc})")
        return None
    try:
        names = [SHEETS[kind]] if kind else list(SHEETS.values())
        name = next((n for n in names if n in book.sheetnames), book.sheetnames[0])
        sheet = book[name]
        cells_list, lines = [], []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells_list.append([_xlsx_cell(v) for v in values])
            lines.append(number)
    finally:
        book.close()
    return cells_list, lines, f"xlsx (sheet {name})"


def read_table(path: Path | str, kind: str | None = None, problems: list[str] | None = None) -> Table:
    """Header (as column ids) and non-blank rows, NFKC-normalised and stripped.

    Problems are appended to ``problems`` when given (and an empty Table returned), else raised.
    """
    path = Path(path)
    own = problems is None
    problems = [] if own else problems
    table = _read_table(path, kind, problems)
    if own and problems:
        raise InputValidationError(path, problems)
    return table


def _read_table(path: Path, kind: str | None, problems: list[str]) -> Table:
    empty = Table([], [], "")
    try:
        if path.is_dir():
            problems.append("is a folder, not a file")
            return empty
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(f"cannot read the file: {exc.strerror or exc}")
        return empty
    is_xlsx = raw[:4] == b"PK\x03\x04"
    if path.suffix.lower() in (".xls", ".xlsm", ".ods") or (path.suffix.lower() == ".xlsx" and not is_xlsx):
        problems.append(f"{path.suffix} files are not read; save it as .xlsx (Excel workbook) or CSV")
        return empty
    read = _xlsx_rows(path, kind, problems) if is_xlsx else _csv_rows(raw, problems)
    if read is None:
        return empty
    cells_list, lines, encoding = read
    place = "sheet row" if is_xlsx else "file line"
    header: list[str] | None = None
    rows: list[Row] = []
    for cells, line in zip(cells_list, lines, strict=True):
        cells = [unicodedata.normalize("NFKC", c).strip() for c in cells]
        while cells and not cells[-1] and (header is None or len(cells) > len(header)):
            cells.pop()  # Excel keeps formatted empty cells to the right
        if header is None:
            if any(cells):
                header = [_column_id(c) for c in cells]
        elif any(cells):
            if len(cells) > len(header):
                problems.append(f"row {len(rows) + 1} ({place} {line}): {len(cells)} cells but the "
                                f"header has {len(header)}")
            cells += [""] * (len(header) - len(cells))
            rows.append(Row(len(rows) + 1, line, dict(zip(header, cells, strict=False)), place))
    if header is None:
        problems.append("the file is empty; expected a header line and data rows")
        return empty
    return Table(header, rows, encoding)


def _column_id(cell: str) -> str:
    """A header cell as a column id: the id itself, or the template's Chinese label of it."""
    if cell in _BY_LABEL:
        return _BY_LABEL[cell]
    if cell.startswith(REF_LABEL_PREFIX):
        return REF_PREFIX + cell[len(REF_LABEL_PREFIX):]
    return cell


def _check_header(header: list[str], expected: tuple[str, ...], problems: list[str],
                  optional: tuple[str, ...] = ()) -> bool:
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected + optional and not c.startswith(REF_PREFIX)]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(f"header: missing column(s) {', '.join(missing)}; expected {', '.join(expected)}")
    if unknown:
        problems.append(f"header: unknown column(s) {', '.join(unknown)}; expected "
                        f"{', '.join(expected + optional)} "
                        f"(columns starting with '{REF_PREFIX}' are ignored)")
    if duplicated:
        problems.append(f"header: column(s) given twice: {', '.join(duplicated)}")
    return not (missing or duplicated)


_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234.5: commas group thousands only


def parse_number(text: str) -> float:
    """A number written unambiguously; ValueError saying why otherwise.

    ``1234.5`` and ``1,234.5`` are read; ``720,5`` and ``1.234,5`` (a decimal comma) are refused
    rather than guessed, since 720,5 could be 720.5 or 7205. So are ``inf``, ``nan``, exponents
    and more than 15 significant digits, which a float cannot keep.
    """
    compact = text.replace(" ", "").replace("\u00a0", "")
    if _GROUPED.match(compact):
        compact = compact.replace(",", "")
    elif "," in compact:
        raise ValueError("有歧义 (ambiguous): a comma may be a decimal or a thousands separator; write the "
                         "number with a decimal point and no grouping, e.g. 720.5 or 1234.5")
    if not _PLAIN.match(compact):
        raise ValueError("is not a number")
    digits = compact.lstrip("+-").replace(".", "").lstrip("0")
    if len(digits.rstrip("0") if "." in compact else digits) > MAX_DIGITS:
        raise ValueError(f"has more than {MAX_DIGITS} significant digits, beyond what can be stored exactly")
    value = float(compact)
    if not math.isfinite(value):
        raise ValueError("is not a finite number")
    return value


def _number(text: str) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def _number_problem(row: Row, column: str, problems: list[str], unit: str = "") -> float | None:
    text = row.cells[column]
    try:
        return parse_number(text)
    except ValueError as exc:
        shown = repr(text) if len(text) <= 40 else f"'{text[:20]}…' ({len(text)} characters)"
        problems.append(f"{row.where}: {column} {shown} {exc}" + (f" ({unit})" if unit else ""))
        return None


def _check_date(row: Row, problems: list[str]) -> str:
    text = row.cells.get("as_of", "")
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        problems.append(f"{row.where}: as_of {text!r} is not a date; write YYYY-MM-DD")
        return ""


INPUT_SUFFIXES = (".csv", ".xlsx")


def check_suffix(path: Path) -> None:
    """Only CSV and .xlsx files are evaluators' inputs: any other file is refused by name before it is
    opened, so none of its content can reach a report or an error message."""
    if path.suffix.lower() not in INPUT_SUFFIXES:
        raise InputValidationError(path, [
            "不是 CSV 或 .xlsx 文件，不读取；观测值和项目进展文件须为 .csv 或 .xlsx"
            "（not a .csv or .xlsx file; not read）"])


def file_kind(path: Path | str) -> str:
    """'observations' or 'project_status', told by the header; InputValidationError otherwise."""
    table = read_table(path)
    if "indicator_id" in table.header:
        return "observations"
    if "project_id" in table.header:
        return "project_status"
    raise InputValidationError(path, [
        f"header {','.join(table.header)!r} is neither an observations file (starts "
        f"{OBSERVATION_COLUMNS[0]}/{LABELS[OBSERVATION_COLUMNS[0]]}, ...) nor a project-status file "
        f"(starts {STATUS_COLUMNS[0]}/{LABELS[STATUS_COLUMNS[0]]}, ...)"])


# ---------------------------------------------------------------------------------------------
# Observations


def resolve_geography(text: str) -> str:
    """全市 or a county's official name; ParameterError naming the valid values otherwise."""
    from xnplan.geo import CITY_LEVEL, resolve_county

    if text.strip().lower() in CITY_ALIASES:
        return CITY
    county = resolve_county(text)
    if county == CITY_LEVEL:
        raise ParameterError(f"{text!r} means the city's own bodies (市本级), not a territory; "
                             f"write {CITY} for a city-wide value")
    return county


OBSERVATION_FRAME_COLUMNS = [
    "indicator_id", "geography", "year", "value", "unit", "value_as_given", "unit_as_given", "as_of",
    "source", "reliability", "note", "judgement", "judgement_reason", "responsible", "explanation", "row"]


def read_observations(path: Path | str, units: Mapping[str, str]) -> pd.DataFrame:
    """Validated observations, values converted to the indicator's unit.

    ``units`` maps every known indicator_id to its unit (the catalogue's). Returns one row per
    observed value or evaluator judgement (blank rows are skipped) with the value as given kept
    beside the converted one; a judgement-only row has no value. ``frame.attrs["encoding"]`` says
    how the file was read.
    """
    path = Path(path)
    problems: list[str] = []
    table = read_table(path, "observations", problems)
    records: list[dict] = []
    if table.header and _check_header(table.header, OBSERVATION_COLUMNS, problems, OBSERVATION_OPTIONAL):
        records = _observation_records(table.rows, units, problems)
    if problems:
        raise InputValidationError(path, problems)
    frame = pd.DataFrame(records, columns=OBSERVATION_FRAME_COLUMNS).astype(
        {"value": "float64", "value_as_given": "float64"})
    frame.attrs["encoding"] = table.encoding
    return frame


def _observation_records(rows: list[Row], units: Mapping[str, str], problems: list[str]) -> list[dict]:
    records: list[dict] = []
    seen: dict[tuple[str, str, int], int] = {}
    for row in rows:
        c = row.cells
        before = len(problems)
        indicator = c["indicator_id"]
        if indicator not in units:
            problems.append(f"{row.where}: unknown indicator_id {indicator!r}; see the template "
                            f"(xnplan template observations) for the valid ids")
        try:
            geography = resolve_geography(c["geography"])
        except ParameterError as exc:
            problems.append(f"{row.where}: geography: {exc}")
            geography = ""
        year = _number(c["year"])
        year_ok = year is not None and year == int(year) and int(year) in OBSERVATION_YEARS
        if not year_ok:
            problems.append(f"{row.where}: year {c['year']!r} must be a whole year from "
                            f"{OBSERVATION_YEARS.start} (base year) to {OBSERVATION_YEARS.stop - 1}")
        as_of = _check_date(row, problems)
        judgement, reason = c.get("judgement", ""), c.get("judgement_reason", "")
        judgement = JUDGEMENT_ALIASES.get(judgement, judgement)
        texts = {k: c.get(k, "") for k in ("responsible", "explanation")}
        if not c["value"] and not judgement and not any(texts.values()):  # not observed: nothing to check
            if reason:
                problems.append(f"{row.where}: judgement_reason given but judgement is empty")
            continue
        if indicator in units and geography and year_ok:
            key = (indicator, geography, int(year))
            if key in seen:
                problems.append(
                    f"{row.where}: duplicate of row {seen[key]} ({indicator} {geography} {int(year)})")
            seen.setdefault(key, row.number)
        _check_judgement(row, judgement, reason, year if year_ok else None, problems)
        value = converted = None
        if c["value"]:
            value = _number_problem(row, "value", problems)
            if not c["unit"]:
                problems.append(f"{row.where}: unit is empty; write the unit of the value "
                                f"(the indicator's unit is {units.get(indicator, '?')!r})")
            if value is not None and c["unit"] and indicator in units:
                converted = _convert_observation(row, value, units[indicator], problems)
        if not c["source"] and (c["value"] or judgement):
            what = "value" if c["value"] else "judgement"
            problems.append(f"{row.where}: source is empty; say where the {what} comes from")
        if len(problems) > before:
            continue
        records.append({
            "indicator_id": indicator, "geography": geography, "year": int(year), "value": converted,
            "unit": units[indicator], "value_as_given": value, "unit_as_given": c["unit"],
            "as_of": as_of, "source": c["source"], "reliability": c["reliability"], "note": c["note"],
            "judgement": judgement, "judgement_reason": reason, **texts, "row": row.number})
    return records


def _check_judgement(row: Row, judgement: str, reason: str, year: float | None, problems: list[str]) -> None:
    if not judgement:
        if reason:
            problems.append(f"{row.where}: judgement_reason given but judgement is empty")
        return
    if judgement not in JUDGEMENTS:
        problems.append(f"{row.where}: judgement {judgement!r} must be one of {'、'.join(JUDGEMENTS)}")
    elif year == facts.FINAL_YEAR and judgement not in FINAL_JUDGEMENTS:
        problems.append(f"{row.where}: 评估人判断“{judgement}”不适用于{facts.FINAL_YEAR}年（规划期末）：期末应为"
                        f"{'、'.join(FINAL_JUDGEMENTS)}之一 (a final-year judgement is one of these)")
    if not reason:
        problems.append(f"{row.where}: judgement {judgement!r} needs a judgement_reason")
    if year == BASE_YEAR:
        problems.append(f"{row.where}: a judgement belongs to an assessment year, not the base year "
                        f"{BASE_YEAR}")


def _convert_observation(row: Row, value: float, unit: str, problems: list[str]) -> float | None:
    given = canonical_unit(row.cells["unit"])
    # A share written as a fraction under a % unit (0.83 for 83%) would be read as 0.83%.
    if given == "%" and canonical_unit(unit) == "%" and 0 < value <= 1:
        problems.append(f"{row.where}: value {row.cells['value']} with unit % looks like a fraction; "
                        f"write {value * 100:g} with unit %, or set the unit to 'fraction' to convert")
        return None
    try:
        converted = convert(value, given, unit)
    except UnitError:
        problems.append(f"{row.where}: unit {row.cells['unit']!r} cannot be converted to {unit!r}, "
                        f"the unit of {row.cells['indicator_id']}")
        return None
    # Every indicator of the plan is a count, a standard or a share: none can be negative, no share
    # can pass 100%, and no count or standard reaches a 1 with 15 zeros.
    if converted < 0 or (canonical_unit(unit) == "%" and converted > 100) or converted >= 1e15:
        problems.append(f"{row.where}: value {row.cells['value']} {row.cells['unit']} is outside the "
                        f"possible range" + (" 0–100%" if canonical_unit(unit) == "%" else ""))
        return None
    return converted


def observations_template(catalogue: pd.DataFrame, year: int) -> pd.DataFrame:
    """One blank city-wide row for ``year`` per id an observation can be filed under.

    ``ref_targets`` lists the catalogue items judged by that observation, so an evaluator sees what
    the number is for; ``ref_`` columns are ignored when the file is read back.
    """
    if year not in OBSERVATION_YEARS:
        raise ParameterError(f"year must be from {OBSERVATION_YEARS.start} to {OBSERVATION_YEARS.stop - 1}, "
                             f"not {year}")
    rows = []
    for obs_id, items in catalogue.groupby("observation_id", sort=False):
        rows.append({
            "indicator_id": obs_id, "geography": CITY, "year": year, "value": "",
            "unit": items["unit"].iloc[0], "as_of": "", "source": "", "reliability": "", "note": "",
            "judgement": "", "judgement_reason": "", "responsible": "", "explanation": "",
            "ref_name": items["observation_name"].iloc[0],
            "ref_targets": "; ".join(f"{i} {t}" for i, t in zip(items["item_id"], items["target_text"],
                                                                   strict=True))})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Project status


STATUS_FRAME_COLUMNS = ["project_id", "status", "invested_wan", "as_of", "note", "planned_start",
                        "planned_finish", "responsible", "row"]


def read_project_status(path: Path | str, project_ids: Collection[str]) -> pd.DataFrame:
    """Validated project status rows; a blank status means "not reported" and is skipped."""
    path = Path(path)
    problems: list[str] = []
    table = read_table(path, "project_status", problems)
    known = set(project_ids)
    records: list[dict] = []
    if table.header and _check_header(table.header, STATUS_COLUMNS, problems, STATUS_OPTIONAL):
        seen: dict[str, int] = {}
        for row in table.rows:
            record = _status_record(row, known, seen, problems)
            if record is not None:
                records.append(record)
    if problems:
        raise InputValidationError(path, problems)
    frame = pd.DataFrame(records, columns=STATUS_FRAME_COLUMNS).astype(
        {"planned_start": "Int64", "planned_finish": "Int64"})
    frame.attrs["encoding"] = table.encoding
    return frame


def _status_record(row: Row, known: set[str], seen: dict[str, int], problems: list[str]) -> dict | None:
    c = row.cells
    before = len(problems)
    pid = c["project_id"]
    if pid not in known:
        problems.append(f"{row.where}: unknown project_id {pid!r}; ids look like P1.1.001 "
                        f"(see xnplan template project-status)")
    elif pid in seen:
        problems.append(f"{row.where}: duplicate of row {seen[pid]} (project {pid})")
    else:
        seen[pid] = row.number
    status = STATUS_ALIASES.get(c["status"].lower()) if c["status"] else ""
    if status is None:
        problems.append(f"{row.where}: status {c['status']!r} must be one of {', '.join(STATUSES)}")
    invested = None
    if c["invested_wan"]:
        invested = _number_problem(row, "invested_wan", problems, "万元")
        if invested is None:
            pass
        elif invested < 0:
            problems.append(f"{row.where}: invested_wan {c['invested_wan']} is negative")
        elif status == "":
            problems.append(f"{row.where}: invested_wan given but status is empty")
    as_of = _check_date(row, problems)
    start, finish = (_project_year(row, column, problems) for column in ("planned_start", "planned_finish"))
    if start is not None and finish is not None and start > finish:
        problems.append(f"{row.where}: 计划开工年份{start}晚于计划完工年份{finish} "
                        f"(planned_start is after planned_finish)")
    if len(problems) > before or status == "":
        return None
    return {"project_id": pid, "status": status, "invested_wan": invested, "as_of": as_of,
            "note": c["note"], "planned_start": start, "planned_finish": finish,
            "responsible": c.get("responsible", ""), "row": row.number}


def _project_year(row: Row, column: str, problems: list[str]) -> int | None:
    text = row.cells.get(column, "")
    if not text:
        return None
    year = _number(text)
    if year is None or year != int(year) or int(year) not in PROJECT_YEARS:
        problems.append(f"{row.where}: {LABELS[column]} {text!r} 应为{PROJECT_YEARS.start}–"
                        f"{PROJECT_YEARS.stop - 1}年之间的整年 ({column} must be a whole year)")
        return None
    return int(year)


def project_status_template(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project of 附件2, status blank (= not reported), with reference columns."""
    frame = pd.DataFrame({
        "project_id": projects["project_id"], "status": "", "invested_wan": "", "as_of": "", "note": "",
        "planned_start": "", "planned_finish": "", "responsible": "", "ref_county": projects["county"], "ref_category": projects["category"],
        "ref_name": projects["name"], "ref_investment_wan": projects["investment_wan"]})
    return frame.reset_index(drop=True)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with ' (OWASP, CSV injection).

    Numbers are left alone: -5 is a number, not a formula. The raw text is kept in Parquet and in
    the evaluator's own file; strip the one leading ' to get it back.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: Path | str) -> Path:
    """Write a template atomically, UTF-8 with BOM so that Excel opens the Chinese text correctly.

    Text cells that start like a formula are neutralised (:func:`neutralise`).
    """
    safe = frame.apply(lambda column: column.map(neutralise)) if len(frame) else frame
    return write_atomic(path, "\ufeff" + safe.to_csv(index=False, lineterminator="\n"))


def check_file(path: Path | str, units: Mapping[str, str],
               project_ids: Collection[str]) -> tuple[str, pd.DataFrame]:
    """Tell the file's kind by its header and read it; InputValidationError lists every problem.

    The frame's ``attrs["encoding"]`` says how the file was read (UTF-8, GB18030/GBK or xlsx).
    """
    kind = file_kind(path)
    if kind == "observations":
        return kind, read_observations(path, units)
    return kind, read_project_status(path, project_ids)
