"""The curated reference files of data/raw/: one reader, one pandera schema per file.

These files hold a reader's judgements (which prose phrase means which indicator or project line,
which county a township belongs to, the census figures); they are edited by hand, so reading them is
strict and complete: every problem of a file is collected and reported at once, each naming the file
line it stands on and what was expected. Lines starting with ``#`` are comments (the files explain
themselves in a header) and blank lines are skipped; the first other line is the header, which must
list exactly the schema's columns in its order.

Every cell is read as text (empty stays ``""``, never NaN) and then coerced to the schema's type, so
an id like ``I13-04a`` or a count like ``0427`` is never guessed at by a CSV sniffer.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from xnplan.errors import CuratedFileError
from xnplan.facts import COUNTIES, TERRITORIES, WHOLE_CITY
from xnplan.paths import RAW_DIR

# --- checks with a Chinese statement of what was expected ------------------------------------------


def _required() -> pa.Check:
    return pa.Check.str_length(min_value=1, error="不能为空 (required)")


def _pattern(regex: str, example: str, *, allow_empty: bool = False) -> pa.Check:
    full = f"^(?:{regex})?$" if allow_empty else f"^(?:{regex})$"
    return pa.Check.str_matches(full, error=f"应形如 {example}" + ("（或留空）" if allow_empty else ""))


def _one_of(values: tuple[str, ...]) -> pa.Check:
    return pa.Check.isin(list(values), error="应为 " + "、".join(values) + " 之一")


def _text(*checks: pa.Check, unique: bool = False) -> pa.Column:
    return pa.Column(str, checks=list(checks), unique=unique)


def _rule(message: str, holds) -> pa.Check:
    """A check across the columns of one row; ``holds(frame)`` is True where a row is fine."""
    return pa.Check(holds, error=message)


def _schema(name: str, columns: dict[str, pa.Column], rules: tuple[pa.Check, ...] = ()) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, name=name, checks=list(rules), strict=True, ordered=True, coerce=True)


IND14 = r"I14-\d{2}"
IND13 = r"I13-\d{2}[a-z]?"
OUTLINE_ID = r"[ABC]\d+(?:\.\d+)*"
LINK_MATCHES = ("same", "uncertain", "none")
# role of a catalogue row: an item assessed against a target; a 13th-plan measure kept without target;
# a 13th-plan row that only serves as a baseline (or observation key) of another item.
CATALOGUE_ROLES = ("assess", "no_target", "baseline_only")

TARGET_LINKS = _schema(
    "target_indicator_links.csv",
    {
        "phrase": _text(_required()),
        "outline_id": _text(_pattern(OUTLINE_ID, "C4.2 或 B9", allow_empty=True)),
        "indicator_id": _text(_pattern(IND14, "I14-05", allow_empty=True)),
        "baseline_indicator_id": _text(_pattern(IND13, "I13-04a", allow_empty=True)),
        "reason": _text(_required()),
    },
    (
        _rule(
            "indicator_id 与 baseline_indicator_id 至少填一个 (a link needs an indicator)",
            lambda f: (f["indicator_id"] != "") | (f["baseline_indicator_id"] != ""),
        ),
    ),
)

BASELINE_LINKS = _schema(
    "baseline_indicator_links.csv",
    {
        "phrase": _text(_required()),
        "outline_id": _text(_pattern(OUTLINE_ID, "C1.2", allow_empty=True)),
        "indicator_id": _text(_pattern(IND13, "I13-01")),
        "reason": _text(_required()),
    },
)

PROSE_PROJECT_LINKS = _schema(
    "prose_project_links.csv",
    {
        "link_id": _text(_pattern(r"[a-z0-9][a-z0-9\-]*", "box9-city-welfare-centre"), unique=True),
        "phrase": _text(_required()),
        "outline_id": _text(_pattern(OUTLINE_ID, "C4.2 或 B9", allow_empty=True)),
        "project_id": _text(_pattern(r"P\d+\.\d+\.\d{3}", "P1.4.001", allow_empty=True)),
        "match": _text(_one_of(LINK_MATCHES)),
        "reason": _text(_required()),
    },
    (
        _rule(
            "match 为 same 时必须填 project_id (match 'same' needs a project_id)",
            lambda f: (f["match"] != "same") | (f["project_id"] != ""),
        ),
        _rule(
            "match 为 none 时 project_id 必须留空 (match 'none' must have no project_id)",
            lambda f: (f["match"] != "none") | (f["project_id"] == ""),
        ),
    ),
)

INDICATOR_CATALOGUE = _schema(
    "indicator_catalogue.csv",
    {
        "item_id": _text(_pattern(rf"{IND14}|{IND13}|T\d{{2}}", "I14-01、I13-04a 或 T12"), unique=True),
        "text_contains": _text(_required()),
        "role": _text(_one_of(CATALOGUE_ROLES)),
        "direction": _text(_one_of(("1", "-1"))),
        "unit": pa.Column(str),
        "baseline_ref": _text(_pattern(rf"{IND13}|B\d{{2}}|none", "I13-04a、B16 或 none")),
        "observation_id": _text(_pattern(rf"{IND14}|{IND13}|T\d{{2}}", "I13-06 或 T11", allow_empty=True)),
        "reason": _text(_required()),
        "reason_zh": _text(_required()),
    },
)

GAZETTEER = _schema(
    "gazetteer.csv",
    {
        "level": _text(_one_of(("county", "township"))),
        "name": _text(_required(), unique=True),
        "county": _text(_one_of(COUNTIES)),
        "aliases": pa.Column(str),
        "pinyin": _text(_required()),
        "english": _text(_required()),
        "note": pa.Column(str),
    },
    (
        _rule(
            "county 行的 county 应与 name 相同 (a county belongs to itself)",
            lambda f: (f["level"] != "county") | (f["county"] == f["name"]),
        ),
    ),
)

GEOGRAPHIES = (WHOLE_CITY, *TERRITORIES)  # 市本级 is no territory: no census
POPULATION = _schema(
    "population_2020.csv",
    {
        "geography": _text(_one_of(GEOGRAPHIES), unique=True),
        "resident_population": pa.Column("int64", checks=pa.Check.gt(0, error="应为正整数 (persons)")),
        "precision": _text(_required()),
        "share_of_city_pct": pa.Column(float, checks=pa.Check.in_range(0, 100, error="应在 0 到 100 之间")),
        "age60plus_share_pct": pa.Column(
            float, nullable=True, checks=pa.Check.in_range(0, 100, error="应在 0 到 100 之间（或留空）")
        ),
        "source": _text(_required()),
        "reliability": _text(_required()),
    },
    (
        _rule(
            "应有 " + "、".join(GEOGRAPHIES) + " 各一行 (a row for the city and each county)",
            lambda f: set(GEOGRAPHIES) <= set(f["geography"]),
        ),
    ),
)

SCHEMAS = {
    s.name: s
    for s in (TARGET_LINKS, BASELINE_LINKS, PROSE_PROJECT_LINKS, INDICATOR_CATALOGUE, GAZETTEER, POPULATION)
}
_NUMERIC = {"int64": "整数 (a whole number)", "float64": "数字 (a number)"}


@dataclass(frozen=True)
class _Rows:
    header: list[str]
    header_line: int
    records: list[list[str]]
    lines: list[int]  # the file line of each record


def _rows(path: Path) -> _Rows:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CuratedFileError(path, ["找不到文件 (file not found)"]) from None
    except UnicodeDecodeError as exc:
        raise CuratedFileError(path, [f"不是 UTF-8 文本（第 {exc.start} 字节）(not UTF-8)"]) from None
    except OSError as exc:
        raise CuratedFileError(path, [f"无法读取 (cannot read): {exc.strerror or exc}"]) from None
    kept = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    reader = csv.reader(line for _, line in kept)
    starts, records, consumed = [], [], 0
    for record in reader:
        starts.append(kept[consumed][0])  # a quoted cell may span lines: the record starts here
        records.append([cell.strip() for cell in record])
        consumed = reader.line_num
    if not records:
        raise CuratedFileError(path, ["文件为空，应有表头行和数据行 (empty; expected a header and rows)"])
    return _Rows(records[0], starts[0], records[1:], starts[1:])


def _frame(path: Path, schema: pa.DataFrameSchema, rows: _Rows) -> pd.DataFrame:
    expected = list(schema.columns)
    if rows.header != expected:
        raise CuratedFileError(
            path,
            [
                f"第 {rows.header_line} 行（表头）：列应为 {', '.join(expected)}，"
                f"实为 {', '.join(rows.header)} (header)"
            ],
        )
    short = [
        f"第 {line} 行：有 {len(record)} 个单元格，表头有 {len(expected)} 列 (cells vs header)"
        for record, line in zip(rows.records, rows.lines, strict=True)
        if len(record) != len(expected)
    ]
    if short:
        raise CuratedFileError(path, short)
    frame = pd.DataFrame(rows.records, columns=expected, dtype=object)
    for name, column in schema.columns.items():
        if column.nullable and str(column.dtype) in _NUMERIC:  # an empty numeric cell is a missing value
            frame[name] = frame[name].replace("", None)
    return frame


def _expected(check: str, column: pa.Column) -> str:
    if check.startswith("coerce_dtype"):
        return "应为" + _NUMERIC.get(str(column.dtype), str(column.dtype))
    return {
        "field_uniqueness": "与另一行重复，应唯一 (must be unique)",
        "not_nullable": "不能为空 (required)",
    }.get(check, check)


def _problems(
    errors: SchemaErrors, schema: pa.DataFrameSchema, frame: pd.DataFrame, lines: list[int]
) -> list[str]:
    """One message a failing cell (or row, for a check across columns), in file order."""
    cases = errors.failure_cases
    cases = cases[~cases["check"].astype(str).str.startswith("dtype(")]  # the coerce failure says it
    uncoerced = set(cases.loc[cases["check"].astype(str).str.startswith("coerce_dtype"), "column"])
    found: dict[tuple[int, str], str] = {}
    for case in cases.to_dict("records"):
        check, column = str(case["check"]), case["column"]
        if pd.isna(case["index"]):
            if case["schema_context"] == "DataFrameSchema" and case["failure_case"] is False:
                found[(0, check)] = f"全表：{check}"  # a rule on the whole file
            continue
        if column in uncoerced and not check.startswith("coerce"):
            continue  # a check that could not run on a column whose cells are not numbers
        line = lines[int(case["index"])]
        if case["schema_context"] == "DataFrameSchema":  # a rule across the row's columns
            found[(line, check)] = f"第 {line} 行：{check}"
        else:
            cell = frame.at[int(case["index"]), column]
            found[(line, column + check)] = (
                f"第 {line} 行：{column} = {cell!r}，{_expected(check, schema.columns[column])}"
            )
    return [found[key] for key in sorted(found, key=lambda k: k[0])]


def read(name: str, path: Path | str | None = None) -> pd.DataFrame:
    """The curated file ``name`` (a key of SCHEMAS), read from ``path`` (default data/raw/NAME).

    ``frame.attrs`` holds the path and the file line of each row, so that a later check (a link
    that no longer resolves) can name them too. CuratedFileError lists every problem, each with its
    file line and what was expected.
    """
    path = RAW_DIR / name if path is None else Path(path)
    try:
        stat = path.stat()
    except OSError:
        return _validated(name, path, None)  # reports the missing file
    # Every parse reads the link files; validating them once per version of the file saves a
    # sixth of a parse. The caller gets its own copy.
    return _validated(name, path, (stat.st_mtime_ns, stat.st_size)).copy()


@lru_cache(maxsize=32)
def _validated(name: str, path: Path, version: tuple[int, int] | None) -> pd.DataFrame:
    schema = SCHEMAS[name]
    rows = _rows(path)
    frame = _frame(path, schema, rows)
    try:
        valid = schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        raise CuratedFileError(path, _problems(exc, schema, frame, rows.lines)) from None
    valid.attrs["path"] = path
    valid.attrs["file_lines"] = rows.lines
    return valid
