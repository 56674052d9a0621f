"""The 13th plan's own target gap: each indicator's 2020 actual against its 2020 target.

The same method as the 14th-plan assessment (:mod:`xnplan.gap`), with 2015 as the baseline year and
2020 as both the deadline and the year judged, so "is the printed 完成 borne out?" is answered by
the met test and not by reading the status column.
"""

from __future__ import annotations

import pandas as pd

from . import gap
from .analysis import STATUS_LABELS, number_text

BASE_YEAR_13 = 2015
END_YEAR_13 = 2020
COMPLETED_AS_PRINTED = "完成"

LABELS = {
    "indicator_id": "编号", "name": "指标名称", "unit": "单位", "value_2015": "2015年实际值",
    "target_2020": "2020年目标值", "actual_2020": "2020年实际值", "attribute": "属性",
    "reported_status": "规划所列完成情况", "klass": "按方法核对", "holds": "“完成”是否成立",
    "attainment_pct": "实际值/目标值(%)", "share_pct": "完成进度P(%)", "cells_missing": "缺失单元格",
    "note": "说明",
}


def review(indicators_13th: pd.DataFrame) -> pd.DataFrame:
    """One row per 13th-plan indicator with the method's verdict next to the printed status."""
    rows = []
    for ind in indicators_13th.itertuples(index=False):
        baseline = None if pd.isna(ind.value_2015) else float(ind.value_2015)
        if pd.isna(ind.target_2020) or pd.isna(ind.actual_2020):
            result = gap.Gap(gap.NO_ASSESSMENT, "目标值或实际值缺失", END_YEAR_13)
        else:
            result = gap.assess(
                target=float(ind.target_2020), baseline=baseline, baseline_year=BASE_YEAR_13,
                observations=[gap.Observation(END_YEAR_13, float(ind.actual_2020))],
                assessment_year=END_YEAR_13, deadline_year=END_YEAR_13, unit=ind.unit,
                attribute=ind.attribute)
        printed_done = ind.reported_status == COMPLETED_AS_PRINTED
        holds = ("无法核对" if result.met is None else
                 "成立" if result.met == printed_done else "不成立")
        rows.append({
            "indicator_id": ind.indicator_id, "name": ind.name, "unit": ind.unit,
            "value_2015": ind.value_2015, "target_2020": ind.target_2020, "actual_2020": ind.actual_2020,
            "attribute": ind.attribute, "reported_status": ind.reported_status, "klass": result.klass,
            "met": result.met, "holds": holds,
            "attainment_pct": (ind.actual_2020 / ind.target_2020 * 100
                               if pd.notna(ind.actual_2020) and ind.target_2020 else None),
            "share_pct": None if result.share is None else result.share * 100,
            "cells_missing": ind.cells_missing,
            "note": _note(ind, result)})
    return pd.DataFrame(rows)


def _note(ind, result: gap.Gap) -> str:
    if ind.cells_missing:
        missing = LABELS.get(ind.cells_missing, ind.cells_missing)
        return f"表中本行只印两个数,按{missing}缺失读取;{result.note}"
    return result.note


def present(frame: pd.DataFrame) -> pd.DataFrame:
    """Display copy with Chinese headers; missing figures as —."""
    shown = frame[list(LABELS)].copy()
    for column in ("value_2015", "target_2020", "actual_2020"):
        shown[column] = shown[column].map(number_text)
    shown["cells_missing"] = shown["cells_missing"].map(lambda c: LABELS.get(c, c))
    for column in ("attainment_pct", "share_pct"):
        shown[column] = shown[column].map(lambda v: "—" if v is None or pd.isna(v) else f"{v:.1f}")
    return shown.rename(columns=LABELS).reset_index(drop=True)


def prose_vs_table(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """Narrative cross-checks of prose figures against the 13th-plan table, and of its missing cells."""
    mask = reconciliation["check_id"].str.startswith(("narr-table-", "ind13-"))
    return reconciliation[mask].reset_index(drop=True)


def other_narrative_findings(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """The remaining narrative checks that did not come out ok (growth rounding, targets vs 2020).

    The prose-against-project-library checks (``narr-library-``) are about the 14th plan's projects,
    not the 13th plan's record: the data-quality report shows them.
    """
    narrative = reconciliation[(reconciliation["level"] == "narrative")
                               & ~reconciliation["check_id"].str.startswith(("narr-table-", "narr-library-"))]
    return narrative[narrative["status"] != "ok"].reset_index(drop=True)


CHECK_LABELS = {
    "check_id": "核对编号", "item": "核对项", "stated_source": "印刷来源", "stated": "印刷值",
    "computed": "对照值", "difference": "差额", "status": "状态", "explanation": "说明",
    "source_line": "原文行号", "evidence_lines": "相关行号",
}


def present_checks(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame[list(CHECK_LABELS)].copy()
    for column in ("stated", "computed", "difference"):
        shown[column] = shown[column].map(number_text)
    shown["status"] = shown["status"].map(STATUS_LABELS)
    shown["source_line"] = shown["source_line"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    return shown.rename(columns=CHECK_LABELS)
