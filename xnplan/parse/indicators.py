"""The two indicator tables: 13th-plan completion (第一章 八) and 14th-plan main indicators (第二章 四).

Both tables reach us flattened to one cell per line. A 13th-plan row is
``seq, name, value_2015, target_2020, actual_2020, attribute, status`` (the 其中 sub-row has no seq);
a 14th-plan row is ``seq, name, target, attribute``. The copy lost characters in units, so a name such
as ``农村社区综合服务设施覆盖率(`` ends in a bare ``(`` that was ``(%)``; ``(元月)`` was ``(元/月)``.

Two 13th-plan rows print two numbers for three value columns. Which cell is missing is decided by
one rule (:func:`_place_values`), recorded in ``cells_missing`` and reported as ``ambiguous`` in the
reconciliation by :func:`xnplan.check.table_cells.missing_cell_checks`.
"""

from __future__ import annotations

import re

import pandas as pd

from xnplan.facts import ATTRIBUTES, FINAL_YEAR
from xnplan.parse.cursor import Cursor
from xnplan.parse.source import Cell, Source, is_number, parse_number
from xnplan.schema import INDICATORS_13TH, INDICATORS_14TH

TITLE_13TH = r"^八、.*主要指标完成情况$"
TITLE_14TH = r"“?十四五”时期.*主要指标$"
HEADER_13TH = ("序号", "指标名称", "2015年实际值", "2020年目标值", "2020年实际值", "属性", "完成情况")
HEADER_14TH = ("序号", "指标名称", "2025年目标值", "属性")
VALUE_COLUMNS_13TH = ("value_2015", "target_2020", "actual_2020")

# Units that may stand in the trailing parentheses of a name. The copy dropped '/' and '%':
# what is printed (key) → the unit it stands for. Anything else in trailing parentheses stays in the name.
_PRINTED_UNITS = {
    "元月": "元/月",
    "元年": "元/年",
    "": "%",
    **{u: u for u in ("%", "‰", "张", "个", "元", "人", "名", "所", "处", "元/月", "元/年")},
}
_TRAILING_UNIT = re.compile(r"\(([^()]*)\)?$")
_DEADLINE_IN_NAME = re.compile(r"^(20\d\d)年底?前")
# A heading or a prose paragraph ends a table: a chapter/section heading, or a sentence.
_TABLE_END = re.compile(r"^(第[一二三四五六七八九十]+章|[一二三四五六七八九十]+、)|。")


def split_unit(source: Source, cell: Cell) -> tuple[str, str, str]:
    """(name, unit, unit_source) from a name cell; unit_source is printed, restored or missing.

    ``restored`` means the copy lost a character of the unit (``(元月)`` → 元/月, a bare ``(`` → %).
    """
    text = cell.text
    match = _TRAILING_UNIT.search(text)
    if match is None or match.group(1) not in _PRINTED_UNITS:
        return text, "", "missing"
    printed = match.group(1)
    unit = _PRINTED_UNITS[printed]
    closed = match.group(0).endswith(")")
    lost = (not closed) or unit != printed
    name = text[: match.start()].strip()
    if not name:
        raise source.error(f"expected an indicator name before the unit, found {text!r}", cell.line)
    return name, unit, "restored" if lost else "printed"


def _name(source: Source, cell: Cell, what: str) -> tuple[str, str, str]:
    if is_number(cell.text) or cell.text in ATTRIBUTES:
        raise source.error(f"{what}: expected an indicator name, found {cell.text!r}", cell.line)
    return split_unit(source, cell)


def _table_cells(
    source: Source, title_pattern: str, header: tuple[str, ...], what: str, start: int = 1
) -> tuple[int, list[Cell]]:
    """The title line and the body cells of a flattened table (after its header, up to the next heading)."""
    title = source.find(title_pattern, start, what=f"{what} title")
    cells: list[Cell] = []
    for cell in source.cells(title + 1):
        if _TABLE_END.search(cell.text):
            break
        cells.append(cell)
    printed = tuple(c.text for c in cells[: len(header)])
    if printed != header:
        line = cells[0].line if cells else title
        raise source.error(
            f"{what}: expected header cells {'/'.join(header)}, found {'/'.join(printed)}", line
        )
    body = cells[len(header) :]
    if not body:
        raise source.error(f"{what}: no rows after the header", title)
    return title, body


def _attribute(cur: Cursor) -> str:
    cell = cur.take("属性 (约束性/预期性)")
    if cell.text not in ATTRIBUTES:
        raise cur.error(f"expected 约束性 or 预期性, found {cell.text!r}", cell.line)
    return cell.text


def _place_values(values: list[float]) -> tuple[dict[str, float | None], str]:
    """Put the printed numbers into the three value columns; returns (values, cells_missing).

    When only two numbers are printed the missing one is the 2015 actual: the 2020 target is what
    完成 is judged against, so a completion table always prints it, and 完成 needs a 2020 actual. Both
    affected rows are measures introduced after 2015 (特困人员 replaced 五保/三无 in 2016; volunteer
    registration statistics date from the 2017 志愿服务条例), and read as target/actual their numbers
    agree with the printed 完成 (56 ≥ 50, 20 ≥ 20). :mod:`xnplan.check.table_cells` reports each such row.
    """
    if len(values) == 3:
        return dict(zip(VALUE_COLUMNS_13TH, values, strict=True)), ""
    return {"value_2015": None, "target_2020": values[0], "actual_2020": values[1]}, "value_2015"


def _parse_13th(source: Source) -> pd.DataFrame:
    what = "13th-plan indicator table"
    _, cells = _table_cells(source, TITLE_13TH, HEADER_13TH, what)
    cur = Cursor(source, cells, what)
    rows: list[dict] = []
    seq, parent, sub = 0, "", 0
    while cur:
        first = cur.peek()
        assert first is not None
        if first.text.startswith("其中"):
            if not parent:
                raise cur.error("a 其中 sub-row before any numbered row", first.line)
            sub += 1
            name_cell = cur.take("a sub-row name")
            indicator_id, parent_id = f"{parent}{'abcdefghij'[min(sub, 10) - 1]}", parent
            name_cell = Cell(name_cell.line, re.sub(r"^其中[::]?", "", name_cell.text))
            start = first.line
        else:
            seq += 1
            start = cur.seq(seq).line
            name_cell = cur.take("an indicator name")
            parent = indicator_id = f"I13-{seq:02d}"
            parent_id, sub = "", 0
        row = _row_13th(cur, indicator_id, name_cell)
        rows.append({"indicator_id": indicator_id, "parent_id": parent_id, "source_line": start, **row})
    frame = pd.DataFrame(rows, columns=list(INDICATORS_13TH.columns))
    return _infer_missing_units(source, frame)


def _row_13th(cur: Cursor, indicator_id: str, name_cell: Cell) -> dict:
    """What a 13th-plan row prints after its number: the name with its unit, two or three values,
    属性 and 完成情况."""
    name, unit, unit_source = _name(cur.source, name_cell, cur.what)
    printed = cur.numbers("a value")
    if len(printed) not in (2, 3):
        raise cur.error(
            f"row {indicator_id} has {len(printed)} value(s); expected 3 "
            "(2015 actual, 2020 target, 2020 actual) or 2 with one cell missing",
            name_cell.line,
        )
    values, missing = _place_values([v for _, v in printed])
    attribute = _attribute(cur)
    status = cur.take("完成情况")
    if is_number(status.text) or status.text in ATTRIBUTES:
        raise cur.error(f"expected 完成情况 for {indicator_id}, found {status.text!r}", status.line)
    return {
        "name": name,
        "unit": unit,
        "unit_source": unit_source,
        "unit_evidence_line": None,
        **values,
        "attribute": attribute,
        "reported_status": status.text,
        "cells_missing": missing,
    }


def _infer_missing_units(source: Source, frame: pd.DataFrame) -> pd.DataFrame:
    """A row printed without a unit takes it from the prose that states its 2020 figure.

    农村特困供养标准 prints no unit; line 193 says 农村特困年人均保障标准 … 增长到11020元, the
    table's 2020 actual, so the unit is 元/年. The rule: the first prose clause (outside the table) that
    states the row's 2020 actual followed by 元; 年 in that clause → 元/年, 月 → 元/月.
    """
    frame = frame.copy()
    table_lines = set(frame["source_line"])
    for i, row in frame.iterrows():
        if row["unit"] or pd.isna(row["actual_2020"]):
            continue
        figure = f"{row['actual_2020']:g}"
        pattern = re.compile(rf"(?<![\d.]){re.escape(figure)}元")
        for line, text in source.iter_lines():
            if line in table_lines or len(text) < 40:
                continue
            for match in pattern.finditer(text):
                clause = re.split(r"[,;。]", text[: match.start()])[-1]
                if "年" in clause or "月" in clause:
                    frame.at[i, "unit"] = "元/年" if "年" in clause else "元/月"
                    frame.at[i, "unit_source"] = "inferred"
                    frame.at[i, "unit_evidence_line"] = line
                    break
            if frame.at[i, "unit_source"] == "inferred":
                break
    return frame


def _parse_14th(source: Source) -> pd.DataFrame:
    what = "14th-plan indicator table"
    _, cells = _table_cells(source, TITLE_14TH, HEADER_14TH, what)
    cur = Cursor(source, cells, what)
    rows: list[dict] = []
    seq = 0
    while cur:
        seq += 1
        start = cur.seq(seq).line
        name_cell = cur.take("an indicator name")
        name, unit, unit_source = _name(source, name_cell, what)
        value_cell = cur.take("the 2025 target")
        target = parse_number(source, value_cell, what=f"{what}: the 2025 target")
        attribute = _attribute(cur)
        deadline = _DEADLINE_IN_NAME.match(name)
        rows.append(
            {
                "indicator_id": f"I14-{seq:02d}",
                "name": name,
                "unit": unit,
                "unit_source": unit_source,
                "target_2025": target,
                "deadline_year": int(deadline.group(1)) if deadline else FINAL_YEAR,
                "attribute": attribute,
                "source_line": start,
            }
        )
    return pd.DataFrame(rows, columns=list(INDICATORS_14TH.columns))


def table_lines(source: Source) -> set[int]:
    """Every line of both indicator tables (title to last cell), which the prose readers skip."""
    lines: set[int] = set()
    for pattern, header, what in (
        (TITLE_13TH, HEADER_13TH, "13th-plan indicator table"),
        (TITLE_14TH, HEADER_14TH, "14th-plan indicator table"),
    ):
        title, cells = _table_cells(source, pattern, header, what)
        lines.update(range(title, cells[-1].line + 1))
    return lines


def parse_indicators(source: Source) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(indicators_13th, indicators_14th) with the columns of their schemas."""
    return _parse_13th(source), _parse_14th(source)
