"""What the baseline_review notebook shows: the 13th-plan review and the prose-vs-table checks.

The notebook formats what these functions return; labels and formats are :mod:`xnplan.report.present`'s.
"""

from __future__ import annotations

import pandas as pd

from xnplan.assess.review13 import COMPLETED_AS_PRINTED
from xnplan.check.rows import TABLE_13TH
from xnplan.errors import TableContentError
from xnplan.report.present import fixed

HELD, NOT_HELD, UNVERIFIABLE = "成立", "不成立", "无法核对"  # review13's verdicts on a printed 完成
BEYOND_TARGET = "已超过目标"  # the progress cell of a target met with P above 100%

# The columns each table shows, in order (labels: xnplan.report.present.LABELS and REVIEW13).
REVIEW_COLUMNS = [
    "indicator_id",
    "name",
    "unit",
    "value_2015",
    "target_2020",
    "actual_2020",
    "attribute",
    "reported_status",
    "verdict",
    "holds",
    "attainment_pct",
    "progress",
    "cells_missing",
    "note",
]
# The page shows what a reader weighs; the downloads add the check ids and the text-line numbers, which
# point into the plan's text file for whoever re-checks (the page cites pages and sections instead).
CHECK_COLUMNS = [
    "item",
    "stated_source",
    "stated",
    "computed",
    "difference",
    "status",
    "explanation",
]
CHECK_DOWNLOAD = ["check_id", *CHECK_COLUMNS, "source_line", "evidence_lines"]


def table_13_source(outline: pd.DataFrame, plan: str) -> str:
    """The 13th-plan completion table as a 资料来源 line cites it: ``plan`` (the document), then the
    section that prints the table, with the page the document's 目录 gives it."""
    section = outline[(outline["level"] == "section") & outline["title"].str.contains("主要指标完成情况")]
    if len(section) != 1:
        raise TableContentError(
            f"the outline has {len(section)} sections titled …主要指标完成情况, expected one"
        )
    row = section.iloc[0]
    chapter = outline.set_index("outline_id").loc[row["parent_id"], "label"]
    return f"{plan}，{chapter}{row['label']}{row['title']}（第{row['toc_page']}页）"


def verdict_counts(review: pd.DataFrame) -> dict[str, int]:
    """How many indicators the review covers, and for how many the printed 完成 holds, fails or
    cannot be checked (``review`` is :func:`xnplan.assess.review13.review`)."""
    holds = review["holds"]
    return {
        "indicators": len(review),
        "held": int((holds == HELD).sum()),
        "not_held": int((holds == NOT_HELD).sum()),
        "unverifiable": int((holds == UNVERIFIABLE).sum()),
    }


def attainment(review: pd.DataFrame) -> pd.Series:
    """2020 actual as a share of the 2020 target (%), labelled "编号 名称" for the chart."""
    return review.set_index(review["indicator_id"] + " " + review["name"])["attainment_pct"]


ATTAINMENT_TITLE = "2020年实际值相当于目标值的百分比"
ATTAINMENT_NOTE = "虚线为100%，即恰好达到目标。"


def attainment_chart(review: pd.DataFrame):
    """The chart of :func:`attainment` with a dashed line at 100% (the target met exactly), and the note
    that says so."""
    from xnplan.report import plots

    figure = plots.hbar(
        attainment(review), title=ATTAINMENT_TITLE, xlabel="实际值/目标值", unit=plots.PCT, label_width=20
    )
    figure.axes[0].axvline(100, color=plots.ACCENT_COLOR, linestyle="--", linewidth=1.2)
    return figure, ATTAINMENT_NOTE


def _of_13th_table(reconciliation: pd.DataFrame) -> pd.Series:
    """Checks of a figure printed in the 13th-plan table: against the prose, or its missing cells."""
    return reconciliation["compares"].isin(["prose-table", "table-cell"]) & (
        reconciliation["stated_source"] == TABLE_13TH
    )


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


def progress_in_words(review: pd.DataFrame) -> pd.DataFrame:
    """``review`` with ``progress``: the completion progress P as the page shows it.

    Where the target was met and P is above 100% (农村特困供养标准: 6,886 → 7,090 planned, 11,020
    reached, P = 2026.5%), how far P goes beyond 100% measures how short the planned distance was,
    not the pace: the cell says 已超过目标 and the figure moves
    to the note. Other figures stay numbers; no P (one value only) is —.
    """
    out = review.copy()
    beyond = (out["holds"] == HELD) & (out["share_pct"] > 100)
    out["progress"] = out["share_pct"].map(fixed(1, grouping=False))
    out.loc[beyond, "progress"] = BEYOND_TARGET
    out.loc[beyond, "note"] = [
        "；".join(
            part
            for part in (note, f"完成进度P={p:.1f}%（超过100%的部分不表示进度）")
            if isinstance(part, str) and part
        )
        for note, p in zip(out.loc[beyond, "note"], out.loc[beyond, "share_pct"], strict=True)
    ]
    return out


def conclusion(verdicts: dict[str, int]) -> str:
    """The landing page's line: how many printed 完成 hold (``verdicts`` is :func:`verdict_counts`);
    verdicts nobody got are left out."""
    parts = [
        f"{verdicts[key]}项{word}"
        for key, word in (("held", HELD), ("not_held", NOT_HELD), ("unverifiable", UNVERIFIABLE))
        if verdicts[key]
    ]
    return f"“十三五”{verdicts['indicators']}项指标标为完成，核对后" + "、".join(parts)


def introduction(verdicts: dict[str, int]) -> str:
    """The page's opening: what the 13th plan's table claims, how it is checked, and the verdicts
    (``verdicts`` is :func:`verdict_counts`)."""
    return (
        "规划第一章第八节的“十三五”主要指标完成情况表列出 "
        f"{verdicts['indicators']} 项指标（含一个“其中”子项），"
        f"全部标为“{COMPLETED_AS_PRINTED}”。本报告用与“十四五”目标差距评估相同的方法核对：以2015年实际值为基线，"
        "2020年既是目标年份也是评估年份，达标即 2020年实际值 ≥ 2020年目标值。"
        f"核对结果：{verdicts['held']} 项的“完成”成立，"
        f"{verdicts['not_held']} 项不成立，{verdicts['unverifiable']} 项无法核对。"
    )


def checks_sentence(counts: dict[str, int]) -> str:
    """How many prose-vs-table checks there are and how many disagree (``counts`` is
    :func:`xnplan.report.data_quality.status_summary` of :func:`prose_vs_table`)."""
    return (
        f"共 {counts['checks']} 项核对，其中 {counts['mismatch']} 项不一致、"
        f"{counts['ambiguous']} 项存疑。达标判断只比较2020年目标值与实际值，"
        "2015年数字的出入不改变上表的结论。"
    )
