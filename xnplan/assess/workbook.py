"""主要指标完成情况表.xlsx: the assessment's tables as data (:mod:`xnplan.spreadsheet`).

The same rows as the Word document's attachments (:mod:`xnplan.assess.tables`), every figure a number
with its format, plus the list of every project line with its reported status. 责任单位 and 说明 are
the evaluator's columns (filled from their observations file where given).
"""

from __future__ import annotations

from xnplan import spreadsheet
from xnplan.assess import compose, tables
from xnplan.assess.assessment import Assessment

XLSX_NAME = "主要指标完成情况表.xlsx"


def workbook_tables(a: Assessment) -> list[tables.DataTable]:
    """The report's attachments as data (:func:`xnplan.assess.compose.attachment_tables`), and the list
    of every project line with its reported status."""
    out = [table for part in compose.attachment_tables(a) for table in part.tables]
    if a.projects is not None:
        out.append(
            tables.lines_table(
                a.projects.lines,
                "项目清单",
                "项目库各行的实施状态",
                "实施状态为评估人报送；未报送的不推定为未开工。",
            )
        )
    return out


def xlsx_bytes(a: Assessment) -> bytes:
    return spreadsheet.workbook_bytes([tables.sheet(t) for t in workbook_tables(a)], title=a.edition.title)
