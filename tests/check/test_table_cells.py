"""A table's printed cells (xnplan.check.table_cells): the two 13th-plan rows printed with two numbers.

Lines of data/raw/xianning_civil_affairs_14th_fyp_draft.txt: row 5 生活不能自理特困人员集中供养率 at
303 prints 50, 56; row 8 志愿服务参与率 at 343 prints 20, 20; the table has three value columns.
"""

from __future__ import annotations

import pytest

from xnplan.check.table_cells import missing_cell_checks
from xnplan.parse.indicators import parse_indicators
from xnplan.parse.source import Source
from xnplan.paths import DEFAULT_RAW_TEXT


@pytest.fixture(scope="module")
def checks():
    ind13, _ = parse_indicators(Source.read(DEFAULT_RAW_TEXT))
    return missing_cell_checks(ind13)


def test_missing_cell_checks_are_ambiguous(checks):
    assert [c.check_id for c in checks] == ["ind13-I13-05-missing-cell", "ind13-I13-08-missing-cell"]
    assert {c.status for c in checks} == {"ambiguous"} and {c.level for c in checks} == {"cross-table"}
    assert [c.source_line for c in checks] == [303, 343]
    assert [(c.stated, c.computed, c.difference) for c in checks] == [(2, 3, -1), (2, 3, -1)]
    # Rows 5 (50, 56; line 303) and 8 (20, 20; line 343): read with the 2015 actual missing, both met.
    for check, (target, actual) in zip(checks, [(50, 56), (20, 20)], strict=True):
        text = check.explanation()
        assert f"只印了两个数（{target}、{actual}）" in text and "按缺少2015年实际值理解" in text
        assert f"2020年实际值{actual}达到目标{target}，与印出的“完成”一致" in text
        assert f"2015年为{target}、目标为{actual}而缺实际值" in text


def test_a_missing_cell_is_a_table_cell_check_counted_in_cells(checks):
    assert {c.compares for c in checks} == {"table-cell"} and {c.kind for c in checks} == {"table_cells"}
    assert {c.unit for c in checks} == {"个"}  # 2 cells printed against 3 columns
    assert {c.stated_source for c in checks} == {"十三五主要指标完成情况表"}
    assert [c.evidence_lines for c in checks] == [(), ()]
    assert [c.item for c in checks] == [
        "生活不能自理特困人员集中供养率:数值单元格个数(个)",
        "志愿服务参与率:数值单元格个数(个)",
    ]
