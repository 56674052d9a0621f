"""Evaluators' input files (docs/target_gap.md#input-files): observations and project status.

Both are CSV files an evaluator fills in by hand or in Excel, so reading is strict and complete:
every problem in the file is collected (with its row and file line) and reported at once as an
InputValidationError; a file with any problem yields no data at all, never half of it.

- observations: ``indicator_id, geography, year, value, unit, as_of, source, reliability, note``.
  A blank ``value`` means "not observed" (a filled-in template keeps its empty rows).
- project status: ``project_id, status, invested_wan, as_of, note``. A blank ``status`` means
  "not reported".

Columns whose name starts with ``ref_`` are reference columns written by the templates (indicator
name, project name …) and are ignored on reading.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from xnplan.atomicfile import write_atomic
from xnplan.errors import InputValidationError, ParameterError, XnplanError
from xnplan.geo import WHOLE_CITY as CITY

OBSERVATION_COLUMNS = ("indicator_id", "geography", "year", "value", "unit", "as_of", "source",
                       "reliability", "note")
STATUS_COLUMNS = ("project_id", "status", "invested_wan", "as_of", "note")
REF_PREFIX = "ref_"
YEARS = range(2021, 2026)  # the 14th plan's years: observations outside it are not this plan's
CITY_ALIASES = ("全市", "咸宁市", "咸宁", "全市合计", "city-wide", "citywide", "xianning")
STATUSES = ("planned", "in_progress", "completed", "cancelled")
STATUS_ALIASES = {
    "planned": "planned", "未开工": "planned", "计划": "planned", "拟建": "planned",
    "in_progress": "in_progress", "in progress": "in_progress", "在建": "in_progress",
    "实施中": "in_progress", "completed": "completed", "已完成": "completed", "完工": "completed",
    "建成": "completed", "cancelled": "cancelled", "canceled": "cancelled", "取消": "cancelled",
    "已取消": "cancelled",
}
STATUS_LABELS = {"planned": "未开工", "in_progress": "在建", "completed": "已建成", "cancelled": "已取消",
                 "": "未报告"}

# ---------------------------------------------------------------------------------------------
# Units

# Written forms of each unit; the plan's own copy lost "/" (元月), Excel users write 元/人·月 …
_UNIT_FORMS = {
    "元/月": ("元/月", "元月", "元/人/月", "元/人·月", "元/人.月", "元每月", "yuan/month"),
    "元/年": ("元/年", "元年", "元/人/年", "元/人·年", "元/人.年", "元每年", "yuan/year"),
    "%": ("%", "percent", "百分比"),
    "‰": ("‰", "permille"),
    "fraction": ("fraction", "ratio", "小数", "比值", "比例(小数)"),
}
_CANONICAL = {form.lower(): unit for unit, forms in _UNIT_FORMS.items() for form in forms}
# (from, to) → factor: the same quantity in another unit. Anything else is refused.
_FACTORS = {
    ("元/月", "元/年"): 12.0, ("元/年", "元/月"): 1 / 12,
    ("fraction", "%"): 100.0, ("%", "fraction"): 0.01,
    ("‰", "%"): 0.1, ("%", "‰"): 10.0,
    ("fraction", "‰"): 1000.0, ("‰", "fraction"): 0.001,
}


class UnitError(XnplanError):
    """Two units that are not the same quantity."""


def canonical_unit(unit: str) -> str:
    """The unit's canonical spelling (``元月`` → ``元/月``); unknown units are kept as written."""
    text = unicodedata.normalize("NFKC", unit).strip().replace(" ", "")
    return _CANONICAL.get(text.lower(), text)


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit``; UnitError unless they are one quantity."""
    src, dst = canonical_unit(from_unit), canonical_unit(to_unit)
    if src == dst:
        return value
    if (src, dst) not in _FACTORS:
        raise UnitError(f"unit {from_unit!r} cannot be converted to {to_unit!r}")
    return value * _FACTORS[src, dst]


# ---------------------------------------------------------------------------------------------
# Reading CSV with row numbers


@dataclass(frozen=True)
class Row:
    number: int  # 1-based data row (the header is not counted)
    line: int  # 1-based file line where the row starts (the header is line 1)
    cells: dict[str, str]

    @property
    def where(self) -> str:
        return f"row {self.number} (file line {self.line})"


def _read_rows(path: Path, problems: list[str]) -> tuple[list[str], list[Row]]:
    """Header and non-blank rows, NFKC-normalised and stripped; problems appended, never raised."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(f"cannot read the file: {exc.strerror or exc}")
        return [], []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(f"not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8' (Excel) and retry")
        return [], []
    reader = csv.reader(io.StringIO(unicodedata.normalize("NFKC", text), newline=""))
    header: list[str] | None = None
    rows: list[Row] = []
    start = 1
    for cells in reader:
        cells = [c.strip() for c in cells]
        if header is None:
            if any(cells):
                header = cells
        elif any(cells):
            if len(cells) > len(header):
                problems.append(f"row {len(rows) + 1} (file line {start}): {len(cells)} cells but the "
                                f"header has {len(header)}")
            cells += [""] * (len(header) - len(cells))
            rows.append(Row(len(rows) + 1, start, dict(zip(header, cells, strict=False))))
        start = reader.line_num + 1
    if header is None:
        problems.append("the file is empty; expected a header line and data rows")
        return [], []
    return header, rows


def _check_header(header: list[str], expected: tuple[str, ...], problems: list[str]) -> bool:
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected and not c.startswith(REF_PREFIX)]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(f"header: missing column(s) {', '.join(missing)}; expected {', '.join(expected)}")
    if unknown:
        problems.append(f"header: unknown column(s) {', '.join(unknown)}; expected {', '.join(expected)} "
                        f"(columns starting with '{REF_PREFIX}' are ignored)")
    if duplicated:
        problems.append(f"header: column(s) given twice: {', '.join(duplicated)}")
    return not (missing or duplicated)


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _number(text: str) -> float | None:
    text = text.replace(",", "").replace(" ", "")
    return float(text) if _NUMBER.match(text) else None


def _check_date(row: Row, problems: list[str]) -> str:
    text = row.cells.get("as_of", "")
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        problems.append(f"{row.where}: as_of {text!r} is not a date; write YYYY-MM-DD")
        return ""


def file_kind(path: Path | str) -> str:
    """'observations' or 'project_status', told by the header; InputValidationError otherwise."""
    problems: list[str] = []
    header, _ = _read_rows(Path(path), problems)
    if problems:
        raise InputValidationError(path, problems)
    if "indicator_id" in header:
        return "observations"
    if "project_id" in header:
        return "project_status"
    raise InputValidationError(path, [
        f"header {','.join(header)!r} is neither an observations file (starts {OBSERVATION_COLUMNS[0]}, "
        f"...) nor a project-status file (starts {STATUS_COLUMNS[0]}, ...)"])


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


def read_observations(path: Path | str, units: Mapping[str, str]) -> pd.DataFrame:
    """Validated observations, values converted to the indicator's unit.

    ``units`` maps every known indicator_id to its unit (the catalogue's). Returns one row per
    observed value (blank values are skipped) with the value as given kept beside the converted one.
    """
    path = Path(path)
    problems: list[str] = []
    header, rows = _read_rows(path, problems)
    records: list[dict] = []
    if header and _check_header(header, OBSERVATION_COLUMNS, problems):
        records = _observation_records(rows, units, problems)
    if problems:
        raise InputValidationError(path, problems)
    return pd.DataFrame(records, columns=[
        "indicator_id", "geography", "year", "value", "unit", "value_as_given", "unit_as_given",
        "as_of", "source", "reliability", "note", "row"])


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
        year_ok = year is not None and year == int(year) and int(year) in YEARS
        if not year_ok:
            problems.append(f"{row.where}: year {c['year']!r} must be a whole year from "
                            f"{YEARS.start} to {YEARS.stop - 1}")
        as_of = _check_date(row, problems)
        if not c["value"]:  # not observed: nothing else to check
            continue
        if indicator in units and geography and year_ok:
            key = (indicator, geography, int(year))
            if key in seen:
                problems.append(
                    f"{row.where}: duplicate of row {seen[key]} ({indicator} {geography} {int(year)})")
            seen.setdefault(key, row.number)
        value = _number(c["value"])
        if value is None:
            problems.append(f"{row.where}: value {c['value']!r} is not a number")
        if not c["unit"]:
            problems.append(f"{row.where}: unit is empty; write the unit of the value "
                            f"(the indicator's unit is {units.get(indicator, '?')!r})")
        if not c["source"]:
            problems.append(f"{row.where}: source is empty; say where the value was published")
        converted = None
        if value is not None and c["unit"] and indicator in units:
            converted = _convert_observation(row, value, units[indicator], problems)
        if len(problems) > before:
            continue
        records.append({
            "indicator_id": indicator, "geography": geography, "year": int(year), "value": converted,
            "unit": units[indicator], "value_as_given": value, "unit_as_given": c["unit"],
            "as_of": as_of, "source": c["source"], "reliability": c["reliability"], "note": c["note"],
            "row": row.number})
    return records


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
    # can pass 100%.
    if converted < 0 or (canonical_unit(unit) == "%" and converted > 100):
        problems.append(f"{row.where}: value {row.cells['value']} {row.cells['unit']} is outside the "
                        f"possible range" + (" 0–100%" if canonical_unit(unit) == "%" else " (negative)"))
        return None
    return converted


def observations_template(catalogue: pd.DataFrame, year: int) -> pd.DataFrame:
    """One blank city-wide row for ``year`` per id an observation can be filed under.

    ``ref_targets`` lists the catalogue items judged by that observation, so an evaluator sees what
    the number is for; ``ref_`` columns are ignored when the file is read back.
    """
    if year not in YEARS:
        raise ParameterError(f"year must be from {YEARS.start} to {YEARS.stop - 1}, not {year}")
    rows = []
    for obs_id, items in catalogue.groupby("observation_id", sort=False):
        rows.append({
            "indicator_id": obs_id, "geography": CITY, "year": year, "value": "",
            "unit": items["unit"].iloc[0], "as_of": "", "source": "", "reliability": "", "note": "",
            "ref_name": items["observation_name"].iloc[0],
            "ref_targets": "; ".join(f"{i} {t}" for i, t in zip(items["item_id"], items["target_text"],
                                                                   strict=True))})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Project status


def read_project_status(path: Path | str, project_ids: Collection[str]) -> pd.DataFrame:
    """Validated project status rows; a blank status means "not reported" and is skipped."""
    path = Path(path)
    problems: list[str] = []
    header, rows = _read_rows(path, problems)
    known = set(project_ids)
    records: list[dict] = []
    if header and _check_header(header, STATUS_COLUMNS, problems):
        seen: dict[str, int] = {}
        for row in rows:
            record = _status_record(row, known, seen, problems)
            if record is not None:
                records.append(record)
    if problems:
        raise InputValidationError(path, problems)
    return pd.DataFrame(records, columns=["project_id", "status", "invested_wan", "as_of", "note", "row"])


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
        invested = _number(c["invested_wan"])
        if invested is None:
            problems.append(f"{row.where}: invested_wan {c['invested_wan']!r} is not a number (万元)")
        elif invested < 0:
            problems.append(f"{row.where}: invested_wan {c['invested_wan']} is negative")
        elif status == "":
            problems.append(f"{row.where}: invested_wan given but status is empty")
    as_of = _check_date(row, problems)
    if len(problems) > before or status == "":
        return None
    return {"project_id": pid, "status": status, "invested_wan": invested, "as_of": as_of,
            "note": c["note"], "row": row.number}


def project_status_template(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project of 附件2, status blank (= not reported), with reference columns."""
    frame = pd.DataFrame({
        "project_id": projects["project_id"], "status": "", "invested_wan": "", "as_of": "", "note": "",
        "ref_county": projects["county"], "ref_category": projects["category"],
        "ref_name": projects["name"], "ref_investment_wan": projects["investment_wan"]})
    return frame.reset_index(drop=True)


def write_csv(frame: pd.DataFrame, path: Path | str) -> Path:
    """Write a template atomically, UTF-8 with BOM so that Excel opens the Chinese text correctly."""
    return write_atomic(path, "\ufeff" + frame.to_csv(index=False, lineterminator="\n"))


def check_file(path: Path | str, units: Mapping[str, str],
               project_ids: Collection[str]) -> tuple[str, pd.DataFrame]:
    """Tell the file's kind by its header and read it; InputValidationError lists every problem."""
    kind = file_kind(path)
    if kind == "observations":
        return kind, read_observations(path, units)
    return kind, read_project_status(path, project_ids)
