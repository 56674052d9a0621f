"""The pieces of xnplan.assess.grid: what a cell's format shows, numbers as typed, text made safe to
print, and the file-name rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.assess.xlsx_parts import X, sheet_xml, workbook_bytes
from xnplan.assess import grid


@pytest.mark.parametrize(
    ("number_format", "value", "shown"),
    [
        ("General", 0.5, (1, "")),
        ("0.00%", 0.0014, (100, "%")),
        ("0%", 1, (100, "%")),
        ('0.0"‰"', 1.4, (1, "‰")),
        ("0.0‰", 1.4, (1, "‰")),
        ("0.0\\%", 14, (1, "%")),  # the sign as text
        ("#,##0.00", 1234.5, (1, "")),
        ("[Red]0.00%", 0.5, (100, "%")),
        ("0.00_)%", 0.5, (100, "%")),
        ('"a;b"0%', 0.5, (100, "%")),  # a quoted ; does not start a section
        ("0;0%", -0.5, (100, "%")),
        ("0%;0", -0.5, (1, "")),  # the second section formats negatives
        ("0.00E+00", 0.0014, (1, "")),
        ("@", 3, (1, "")),
        ("0%%", 0.5, (10000, "%")),
    ],
)
def test_the_unit_a_format_shows(number_format, value, shown):
    assert grid.shown_unit(number_format, value) == shown


@pytest.mark.parametrize("number_format", ["#,##0,", '0.0,,"百万"', "0,"])
def test_a_format_scaling_by_thousands_is_refused(number_format):
    assert grid.shown_unit(number_format, 39650000) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e-05, "0.00001"),
        (33.333333333333336, "33.333333333333336"),
        (2023.0, "2023"),
        (1e16, "10000000000000000"),
        (Decimal("0.0014") * 100, "0.14"),
        (120, "120"),
    ],
)
def test_numbers_are_written_as_typed(value, text):
    assert grid.plain_number(value) == text


def test_text_is_made_safe_to_print():
    assert grid.shown("咸宁\x1b[2J") == "咸宁\\x1b[2J"
    assert grid.shown("a\u202eb\U000e0001") == "a\\u202eb\\U000e0001"
    assert grid.shown("备" * 41) == "备" * 20 + "…（共41个字符）"
    assert grid.shown("备" * 40) == "备" * 40


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("obs.csv", False),
        ("OBS.XLSX", False),
        ("obs.txt", True),
        ("obs.xls", True),
        ("obs", True),
        ("obs.csv.bak", True),
    ],
)
def test_only_csv_and_xlsx_names_are_inputs(name, refused):
    assert (grid.name_problem(name) is not None) == refused


def test_sheet_names_list_the_worksheets(tmp_path):
    path = tmp_path / "two.xlsx"
    path.write_bytes(workbook_bytes({"说明": sheet_xml([["x"]]), "观测值": sheet_xml([[X(1)]])}))
    assert grid.sheet_names(path) == ["说明", "观测值"]
    assert grid.sheet_names(tmp_path / "missing.xlsx") == [] and grid.sheet_names(tmp_path / "a.csv") == []


def test_a_workbook_row_keeps_its_columns(tmp_path):
    # B2 empty and D2 beyond the stored cells of row 1: each cell stays in its own column.
    path = tmp_path / "gaps.xlsx"
    path.write_bytes(workbook_bytes({"观测值": sheet_xml([["a", "b", "c"], ["1", None, "3", "4"]])}))
    problems: list[str] = []
    read = grid.read_grid(path, ["观测值"], problems)
    assert problems == [] and read.lines == [1, 2] and read.sheet == "观测值"
    assert [[c.text for c in row] for row in read.rows] == [["a", "b", "c"], ["1", "", "3", "4"]]
