"""A table's printed cells against its columns: rows of ``compares`` ``table-cell``.

``ind13-{indicator_id}-missing-cell``: a 13th-plan row printed with two numbers for three value
columns. Which cell is missing is the parser's one rule (:func:`xnplan.parse.indicators._place_values`,
recorded in ``cells_missing``); the check says it is a reading, not a printed fact, so it is
``ambiguous``. Its level stays ``cross-table``: the row is read against the table's header.
"""

from __future__ import annotations

import pandas as pd

from xnplan.check.rows import TABLE_13TH, Check
from xnplan.check.wording.table_cells import MissingCellNote

COMPARES = "table-cell"


def missing_cell_id(indicator_id: str) -> str:
    """The id of the check of a row's missing cell, which the prose's checks of that row cite."""
    return f"ind13-{indicator_id}-missing-cell"


def missing_cell_checks(indicators_13th: pd.DataFrame) -> list[Check]:
    """One ``ambiguous`` check per 13th-plan row printed with a value cell missing."""
    rows = []
    for row in indicators_13th.itertuples(index=False):
        if not row.cells_missing:
            continue
        note = MissingCellNote(
            row.indicator_id,
            row.name,
            row.target_2020,
            row.actual_2020,
            row.reported_status,
            met=bool(row.actual_2020 >= row.target_2020),
        )
        rows.append(
            Check(
                missing_cell_id(row.indicator_id),
                "cross-table",
                COMPARES,
                TABLE_13TH,
                2.0,
                3.0,
                "个",
                "ambiguous",
                note,
                source_line=row.source_line,
            )
        )
    return rows
