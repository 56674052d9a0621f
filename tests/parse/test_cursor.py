"""xnplan.parse.cursor: reading a flattened table cell by cell, each failure naming the table, what
was expected and the line."""

from __future__ import annotations

import pytest

from xnplan.errors import PlanParseError
from xnplan.parse.cursor import Cursor
from xnplan.parse.source import Source


def _cursor(*cells: str) -> Cursor:
    # One cell per line with a blank line between, as the copied page prints a table: cell k is on
    # line 2k - 1.
    source = Source.from_text("\n\n".join(cells))
    return Cursor(source, source.cells(), "测试表")


def test_reads_cells_in_order_by_what_they_hold() -> None:
    cur = _cursor("1", "日间照料中心", "1,200", "3965", "-2.5", "约束性")
    assert cur.seq(1).line == 1
    assert cur.text("a name").text == "日间照料中心"
    assert cur.integer("a count") == 1200  # the comma the page leaves inside a number is dropped
    # a run of numbers stops at the first text cell
    assert [(cell.line, value) for cell, value in cur.numbers("a value")] == [(7, 3965.0), (9, -2.5)]
    assert cur.peek() is not None and cur.take("属性").text == "约束性"
    assert not cur and cur.peek() is None


@pytest.mark.parametrize(
    ("cells", "read", "message", "line"),
    [
        (("3",), lambda c: c.seq(2), "测试表: expected row number 2, found '3'", 1),
        (("12",), lambda c: c.text("a name"), "测试表: expected a name, found the number '12'", 1),
        (("-1",), lambda c: c.number("an amount"), "测试表: expected a non-negative an amount", 1),
        (("2.5",), lambda c: c.integer("a count"), "测试表: expected whole-number a count, found '2.5'", 1),
        (("名称", "x"), lambda c: c.text("a name") and c.number("an amount"), "expected 测试表 an amount", 3),
        (("名称",), lambda c: c.text("a name") and c.take("an amount"), "测试表: table ends early", 1),
    ],
)
def test_a_cell_of_the_wrong_kind_names_the_table_what_was_expected_and_the_line(
    cells, read, message, line
) -> None:
    with pytest.raises(PlanParseError, match=message) as caught:
        read(_cursor(*cells))
    assert caught.value.line == line


def test_a_table_ending_early_says_after_which_line() -> None:
    cur = _cursor("1", "名称")
    cur.take("the row number")
    cur.take("the name")
    with pytest.raises(PlanParseError, match="expected the location after line 3\n") as caught:
        cur.take("the location")
    assert caught.value.line == 3
