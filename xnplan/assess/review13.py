"""The 13th plan's own target gap: each indicator's 2020 actual against its 2020 target.

The same method as the 14th-plan assessment (:mod:`xnplan.assess.gap`), with 2015 as the baseline year and
2020 as both the deadline and the year judged, so "is the printed 完成 borne out?" is answered by
the met test and not by reading the status column.
"""

from __future__ import annotations

import pandas as pd

from xnplan import facts
from xnplan.assess import gap
from xnplan.numbers import has_value

BASE_YEAR_13 = 2015
END_YEAR_13 = facts.BASE_YEAR  # the 13th plan ends where the 14th begins
COMPLETED_AS_PRINTED = "完成"

# The cell a 13th-plan row leaves empty, in the words of the table's column headers.
CELL_NAMES = {"value_2015": "2015年实际值", "target_2020": "2020年目标值", "actual_2020": "2020年实际值"}


def review(indicators_13th: pd.DataFrame) -> pd.DataFrame:
    """One row per 13th-plan indicator with the method's verdict next to the printed status."""
    rows = []
    for ind in indicators_13th.itertuples(index=False):
        baseline = float(ind.value_2015) if has_value(ind.value_2015) else None
        if not (has_value(ind.target_2020) and has_value(ind.actual_2020)):
            result = gap.Gap(gap.NO_ASSESSMENT, gap.NO_DATA, END_YEAR_13)
        else:
            measure = gap.Measure(
                target=float(ind.target_2020),
                baseline=baseline,
                baseline_year=BASE_YEAR_13,
                deadline_year=END_YEAR_13,
                unit=ind.unit,
                attribute=ind.attribute,
            )
            result = gap.assess(measure, [gap.Observation(END_YEAR_13, float(ind.actual_2020))], END_YEAR_13)
        printed_done = ind.reported_status == COMPLETED_AS_PRINTED
        holds = "无法核对" if result.met is None else "成立" if result.met == printed_done else "不成立"
        rows.append(
            {
                "indicator_id": ind.indicator_id,
                "name": ind.name,
                "unit": ind.unit,
                "value_2015": ind.value_2015,
                "target_2020": ind.target_2020,
                "actual_2020": ind.actual_2020,
                "attribute": ind.attribute,
                "reported_status": ind.reported_status,
                "verdict": result.verdict,
                "met": result.met,
                "holds": holds,
                "attainment_pct": (
                    ind.actual_2020 / ind.target_2020 * 100
                    if has_value(ind.actual_2020) and ind.target_2020
                    else None
                ),
                "share_pct": None if result.share is None else result.share * 100,
                "cells_missing": ind.cells_missing,
                "note": _note(ind, result),
            }
        )
    return pd.DataFrame(rows)


NOTES = {
    gap.NO_DATA: "目标值或实际值缺失",
    gap.BASELINE_MET: "2015年已达到2020年目标,只作是否达标的判断",
    gap.ONE_VALUE: "没有2015年值,只作是否达标的判断",
    gap.REACHED: "已达到目标",
}


def _note(ind, result: gap.Gap) -> str:
    note = NOTES.get(result.reason, "")
    if result.verdict == gap.NOT_COMPLETED:
        note = "未达到目标"
    elif result.x0 is None and result.verdict != gap.NO_ASSESSMENT:
        note = NOTES[gap.ONE_VALUE]
    if ind.cells_missing:
        missing = CELL_NAMES.get(ind.cells_missing, ind.cells_missing)
        return f"表中本行只印两个数,按{missing}缺失读取;{note}"
    return note
