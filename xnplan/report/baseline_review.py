"""What the baseline_review notebook shows: the 13th-plan review and the prose-vs-table checks."""

from __future__ import annotations

import pandas as pd

from xnplan.assess.review13 import CELL_NAMES
from xnplan.check.rows import TABLE_13TH
from xnplan.numbers import number_text
from xnplan.report.present import STATUS_LABELS

LABELS = {
    "indicator_id": "编号", "name": "指标名称", "unit": "单位", "value_2015": "2015年实际值",
    "target_2020": "2020年目标值", "actual_2020": "2020年实际值", "attribute": "属性",
    "reported_status": "规划所列完成情况", "klass": "按方法核对", "holds": "“完成”是否成立",
    "attainment_pct": "实际值/目标值(%)", "share_pct": "完成进度P(%)", "cells_missing": "缺失单元格",
    "note": "说明",
}


def present(frame: pd.DataFrame) -> pd.DataFrame:
    """Display copy with Chinese headers; missing figures as —."""
    shown = frame[list(LABELS)].copy()
    for column in ("value_2015", "target_2020", "actual_2020"):
        shown[column] = shown[column].map(number_text)
    shown["cells_missing"] = shown["cells_missing"].map(lambda c: CELL_NAMES.get(c, c))
    for column in ("attainment_pct", "share_pct"):
        shown[column] = shown[column].map(lambda v: "—" if v is None or pd.isna(v) else f"{v:.1f}")
    return shown.rename(columns=LABELS).reset_index(drop=True)


def _of_13th_table(reconciliation: pd.DataFrame) -> pd.Series:
    """Checks of a figure printed in the 13th-plan table: against the prose, or its missing cells."""
    return (reconciliation["compares"].isin(["prose-table", "table-cell"])
            & (reconciliation["stated_source"] == TABLE_13TH))


def prose_vs_table(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """Narrative cross-checks of prose figures against the 13th-plan table, and of its missing cells."""
    return reconciliation[_of_13th_table(reconciliation)].reset_index(drop=True)


def other_narrative_findings(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """The remaining prose checks that did not come out ok (growth rounding, targets vs 2020, targets
    vs the 14th-plan table).

    The prose-against-project-library checks are about the 14th plan's projects, not the 13th plan's
    record: the data-quality report shows them.
    """
    prose = reconciliation["compares"].isin(["prose", "prose-table"]) & ~_of_13th_table(reconciliation)
    return reconciliation[prose & (reconciliation["status"] != "ok")].reset_index(drop=True)


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
    shown["evidence_lines"] = shown["evidence_lines"].map(lambda lines: ",".join(map(str, lines)))
    return shown.rename(columns=CHECK_LABELS)
