"""The forms of the tables people open in a spreadsheet: one CSV file per table, and plan.xlsx.

Both are written by :mod:`xnplan.spreadsheet`, the one writer of such files: CSV in UTF-8 with a
byte-order mark and CRLF, a text cell that a spreadsheet would run as a formula behind a leading
apostrophe; plan.xlsx with numbers as numbers, such text as string cells, and a 说明 sheet. Neither
holds lists, so a list column is written as its items joined by :data:`LIST_DELIMITER`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from xnplan.facts import PLAN_CITATION, PLAN_TITLE
from xnplan.plan import Plan
from xnplan.schema import TABLES, chinese_description
from xnplan.spreadsheet import Column, Sheet, csv_bytes, workbook_bytes
from xnplan.store.datapackage import LIST_DELIMITER
from xnplan.store.parquet import is_list


def table_to_csv(table: pd.DataFrame) -> bytes:
    """The table in the one CSV form (:func:`xnplan.spreadsheet.csv_bytes`), a list column as its
    items joined by :data:`LIST_DELIMITER` (an empty list: an empty cell)."""
    return csv_bytes(_lists_joined(table))


def _lists_joined(table: pd.DataFrame) -> pd.DataFrame:
    """A copy with every list column as text (CSV and xlsx cells hold no lists)."""
    lists = [c for c in table.columns if is_list(table[c].dtype)]
    return table.assign(**{c: [LIST_DELIMITER.join(map(str, items)) for items in table[c]] for c in lists})


def plan_workbook(plan: Plan, raw: Path) -> bytes:
    """plan.xlsx: one sheet per table, named after it, under the schema's Chinese labels; then 说明,
    which names each table and describes each column in Chinese (the schema's twins of its English
    descriptions, :func:`xnplan.schema.chinese_description`; :func:`xnplan.spreadsheet.workbook_bytes`)."""
    sheets = [_table_sheet(name, table) for name, table in plan.tables().items()]
    return workbook_bytes(
        sheets,
        title=f"{PLAN_TITLE} 整理数据表",
        notes=(f"来源：{PLAN_CITATION}；{raw.name}",),
    )


def _table_sheet(name: str, table: pd.DataFrame) -> Sheet:
    """The table as a sheet: the first column (its key) kept in view, lists joined as in the CSV."""
    schema = TABLES[name]
    columns = {
        col: Column(spec.title or col, description=chinese_description(name, col))
        for col, spec in schema.columns.items()
    }
    return Sheet(
        name,
        _lists_joined(table),
        columns,
        title=schema.title or name,
        notes=(chinese_description(name),),
        frozen_columns=1,
    )
