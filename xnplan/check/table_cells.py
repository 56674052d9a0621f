"""A table's printed cells against its columns: rows of ``compares`` ``table-cell``.

``ind13-{indicator_id}-missing-cell``: a 13th-plan row printed with two numbers for three value
columns. Which cell is missing is the parser's one rule (:func:`xnplan.parse.indicators._place_values`,
recorded in ``cells_missing``); the check says it is a reading, not a printed fact, so it is
``ambiguous``. Its level stays ``cross-table``: the row is read against the table's header.
"""

from __future__ import annotations

import pandas as pd

from xnplan.check.rows import TABLE_13TH, Check, checks_frame

COMPARES = "table-cell"


def missing_cell_checks(indicators_13th: pd.DataFrame) -> pd.DataFrame:
    """One ``ambiguous`` reconciliation row per 13th-plan row printed with a value cell missing."""
    rows = []
    for row in indicators_13th.itertuples(index=False):
        if not row.cells_missing:
            continue
        met = row.actual_2020 >= row.target_2020
        rows.append(
            Check(
                check_id=f"ind13-{row.indicator_id}-missing-cell",
                level="cross-table",
                compares=COMPARES,
                item=f"{row.name}:数值单元格个数(个)",
                stated_source=TABLE_13TH,
                stated=2.0,
                computed=3.0,
                unit="个",
                status="ambiguous",
                explanation=(
                    f"{row.indicator_id}行只印了两个数（{row.target_2020:g}、{row.actual_2020:g}），而表有三列"
                    "（2015年实际、2020年目标、2020年实际）。这里按缺少2015年实际值理解：“完成”是对照2020年"
                    "目标判断的，所以完成情况表必然印出目标；判断“完成”也需要2020年实际值；以这种方式印出的"
                    "指标都是2015年以后才有的（特困人员始于2016年，志愿者实名注册统计始于2017年《志愿服务条例》），"
                    f"因此没有2015年值。照此理解，2020年实际值{row.actual_2020:g}"
                    f"{'达到' if met else '未达到'}目标{row.target_2020:g}，与印出的“{row.reported_status}”"
                    f"{'一致' if met else '不一致'}。其他读法（2015年为{row.target_2020:g}、目标为"
                    f"{row.actual_2020:g}而缺实际值，或缺目标值）仅凭此表无法排除。"
                ),
                source_line=row.source_line,
            )
        )
    return checks_frame(rows)
