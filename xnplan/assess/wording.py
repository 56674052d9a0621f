"""How the assessment says things: every class defined, every judged row worded, in one place.

The judgement (:mod:`xnplan.assess.gap`, :mod:`xnplan.assess.evaluate`) is data: a class, a reason
code and figures. This module turns it into the Chinese a report prints, so the HTML page, the Word
document and the Excel table say the same thing in the same words. Thresholds are read from
:class:`xnplan.assess.gap.Thresholds`, never restated.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from xnplan import facts
from xnplan.assess import gap
from xnplan.facts import WHOLE_CITY
from xnplan.numbers import fixed_text, has_value, number_text
from xnplan.parse.places import place
from xnplan.schema import CATALOGUE_KINDS

MAIN, PROSE, WITHOUT_TARGET = CATALOGUE_KINDS

PERCENT_POINTS = "个百分点"


def difference_unit(unit: str) -> str:
    """The unit of a difference of two values in ``unit``: a difference of shares is in points."""
    return PERCENT_POINTS if unit == "%" else ("个千分点" if unit == "‰" else unit)


def figure(value: float | None, unit: str = "") -> str:
    """A value with its unit as a sentence writes it (60%, 720元/月, 3所); — when missing."""
    if not has_value(value):
        return facts.DASH
    return f"{number_text(value)}{unit}"


def definitions(final: bool, thresholds: gap.Thresholds = gap.DEFAULT_THRESHOLDS) -> dict[str, str]:
    """Every class an assessment of its kind may use, with what it means (for the method section)."""
    t = thresholds
    done = {
        gap.COMPLETED: "现状值达到目标值（到期目标：到期时已达到）",
        gap.COMPLETED_EARLY: "在目标年份之前已达到目标，并保持到目标年份",
        gap.COMPLETED_LATE: "目标年份已过，到期时未达到，此后达到，括号内为达到的年份",
        gap.NOT_COMPLETED: "目标年份已过，至评估时仍未达到目标，括号内为最新值与目标的差距",
    }
    pace = {
        gap.KEPT: "规划基期（2020年）已达到目标，评估时仍达到",
        gap.AHEAD: f"目标年份未到、尚未达到目标，进度比R大于{t.ahead:g}",
        gap.ON_TRACK: f"目标年份未到、尚未达到目标，进度比R在{t.on_track:g}至{t.ahead:g}之间（含两端），"
        "即完成进度与时间进度大体相当",
        gap.SPEED_UP: f"目标年份未到，进度比R不低于{t.speed_up:g}、低于{t.on_track:g}",
        gap.LAGGING: f"目标年份未到，进度比R不低于{t.lagging:g}、低于{t.speed_up:g}",
        gap.REGRESSING: "目标年份未到，现状值比基期值更远离目标（R小于0），或基期已达到目标而现状值低于目标",
        gap.NOT_YET_MET: "目标年份未到、尚未达到目标，因缺少基期值无法测算进度",
    }
    rest = {
        gap.NO_ASSESSMENT: "没有可用于本次评估的观测值，也没有评估人判断；不作推算",
        gap.NO_TARGET: "“十四五”规划未设定目标值的指标，只列出较基期的变化，不作评价",
    }
    if final:
        return {**done, **rest}
    return {**{k: v for k, v in done.items() if k != gap.COMPLETED_EARLY}, **pace, **rest}


def where(item: Mapping, outline, categories) -> str:
    """Where an item is in the published plan: 主要指标第N项, the page and section of a prose target,
    or the 13th plan's table; never an id or a line of the text file."""
    if item["kind"] == MAIN:
        return f"主要指标第{int(str(item['item_id']).split('-')[1])}项"
    if item["kind"] == WITHOUT_TARGET:
        return "“十三五”主要指标完成情况表"
    return citation(place(int(item["source_line"]), outline, categories))


def citation(found: str) -> str:
    """A place as a sentence cites it:
    "第30–32页 第五章 一、 (三) 专栏9" → "第五章一、（三）专栏9（第30–32页）"."""
    pages, _, headings = found.partition(" ")
    headings = headings.replace(" ", "").replace("(", "（").replace(")", "）")
    return f"{headings}（{pages}）" if headings else pages


def subject(row: Mapping) -> str:
    """How a sentence names an item: “name”, with the place of a prose target before it."""
    if row.get("kind") == PROSE and row.get("place"):
        return f"{row['place']}的“{row['name']}”"
    return f"“{row['name']}”"


def target_text(row: Mapping, unit: bool = True, sep: str = "") -> str:
    """≥60%（2025年）: comparator, value, unit and deadline (``sep`` before the year, as in
    :func:`observed_cell`); 未设目标 without a target."""
    if not has_value(row.get("target")):
        return "未设目标"
    sign = {">=": "≥", "<=": "≤"}.get(row.get("comparator", ""), "")
    value = f"{sign}{number_text(row['target'])}{row['unit'] if unit else ''}"
    return f"{value}{sep}（{int(row['deadline_year'])}年）"


def same_verdict(a: str, b: str) -> bool:
    """Two classes that say the same: equal, or both a way of having met the target."""
    return a == b or (a in gap.MET_CLASSES and b in gap.MET_CLASSES)


def verdict_label(row: Mapping) -> str:
    """The 评价 cell: the class, with its year or shortfall, and whose judgement it is.

    提前完成（2023年）; 逾期完成（2023年达到）; 未完成（差距10个百分点）; 已完成（评估人判断）.
    """
    verdict = row["verdict"]
    if row.get("basis") == facts.BASIS_EVALUATOR:
        return f"{verdict}（评估人判断）"
    if verdict == gap.COMPLETED_EARLY and has_value(row.get("met_year")):
        return f"{verdict}（{int(row['met_year'])}年）"
    if verdict == gap.COMPLETED_LATE and has_value(row.get("met_year")):
        return f"{verdict}（{int(row['met_year'])}年达到）"
    if verdict == gap.NOT_COMPLETED and has_value(row.get("shortfall")):
        return f"{verdict}（差距{number_text(row['shortfall'])}{difference_unit(row['unit'])}）"
    return verdict


def nothing_observed(row: Mapping) -> bool:
    """No value at the row's scope and no county reporting one: the 现状值 cell says 无数据."""
    return not has_value(row.get("observed")) and not row.get("counties_reported")


def observed_cell(row: Mapping, sep: str = "") -> str:
    """The 现状值 cell: the value and its year (``sep`` between them: a line break in a narrow table
    keeps a figure whole); 无数据, or how many counties reported instead."""
    if nothing_observed(row):
        return facts.NO_DATA
    if has_value(row.get("observed")):
        return f"{number_text(row['observed'])}{sep}（{int(row['observed_year'])}年）"
    return f"仅{int(row['counties_reported'])}个县市区报送"


def baseline_cell(row: Mapping) -> str:
    """The 基期值 cell: the value, and its year and origin where it is not the plan's 2020 value."""
    if not has_value(row.get("baseline")):
        return "规划未给出"
    text = number_text(row["baseline"])
    origin = row.get("baseline_origin")
    if origin == "evaluator":
        return f"{text}（评估人提供）"
    if origin == "first_observation":
        return f"{text}（{int(row['baseline_year'])}年首个观测值）"
    return text


def reason_note(row: Mapping) -> str:
    """Why the row has its class, in a short clause for the 说明 column ('' when the class says it)."""
    reason, year = row["reason"], row["assessment_year"]
    if reason == gap.ONLY_LATER and has_value(row.get("later_year")):
        return f"{year}年及以前无观测值（有{int(row['later_year'])}年数据，晚于评估年份，不采用）"
    if reason == gap.ONE_VALUE:
        return "仅有一个观测值且无基期值，只作是否达标的判断"
    if reason == gap.BASELINE_MET:
        return "基期已达到目标，只作是否达标的判断"
    if reason == gap.FELL_BACK and has_value(row.get("met_year")):
        return f"{int(row['met_year'])}年曾达到目标，此后低于目标"
    if reason == gap.DEADLINE_NO_DATA:
        return f"目标年份{int(row['deadline_year'])}年无数据，按其后的最新值判断"
    if reason == gap.NO_PACE:
        return "无法测算进度"
    return ""


BASELINE_MET = "基期已达标"
BEYOND_TARGET = "已超过目标"


def pace_words(row: Mapping) -> str:
    """Words for a 完成进度 that measures nothing, '' otherwise.

    - the base value already met the target: there was no distance to cover (农村社区综合服务设施覆盖率:
      100% in 2020 against 70%) → 基期已达标;
    - the target is met and P passes 100%: how far depends on how short the planned distance was, not on
      pace (P = 207% for 90% against 32% → 60%) → 已超过目标.
    """
    met, share = row.get("met"), row.get("share")
    if (
        has_value(row.get("baseline"))
        and has_value(row.get("target"))
        and has_value(row.get("observed"))
        and not has_value(share)
        and row.get("reason") == gap.BASELINE_MET
    ):
        return BASELINE_MET
    if met is True and share is not None and has_value(share) and share > 1:
        return BEYOND_TARGET
    return ""


def pace_note(row: Mapping) -> str:
    """The figures :func:`pace_words` replaces, for the 说明 column ('' when none is replaced)."""
    words = pace_words(row)
    if words == BEYOND_TARGET:
        parts = [f"完成进度{one_decimal(row['share'] * 100)}%"] + (
            [f"进度比R={fixed_text(row['ratio'], 2, grouping=False)}"] if has_value(row.get("ratio")) else []
        )
        return "、".join(parts) + "（已达到目标，超过100%的部分不表示进度）"
    if words == BASELINE_MET:
        return f"基期值{number_text(row['baseline'])}已达到目标{number_text(row['target'])}"
    return ""


def one_decimal(value: float) -> str:
    """A percentage or percentage points in a sentence: one decimal, rounded half-up as the plan
    rounds (:func:`xnplan.numbers.fixed_text`), never grouped: 33.9, 1200.5."""
    return fixed_text(value, 1, grouping=False)


def class_counts(verdicts: pd.Series, judged: pd.Series | None = None) -> str:
    """'已完成2项、无法评估9项': how many of each class, in the order of the classes; with ``judged``
    (the verdicts the evaluator gave), how many of a class are theirs: '已完成2项（其中评估人判断1项）'."""
    counts = verdicts.value_counts()
    own = judged.value_counts() if judged is not None else pd.Series(dtype=int)
    return "、".join(
        f"{k}{int(counts[k])}项" + (f"（其中评估人判断{int(own[k])}项）" if own.get(k) else "")
        for k in facts.CLASSES
        if counts.get(k)
    )


def stale_note(year: int) -> str:
    """Said of a figure judged on a value older than the assessment year."""
    return f"最新为{year}年数"


def notes(row: Mapping) -> str:
    """Everything the 说明 column says about a row, in order; '' when there is nothing to add."""
    parts = [reason_note(row)]
    if row.get("stale") and has_value(row.get("observed_year")):
        parts.append(stale_note(int(row["observed_year"])))
    if row.get("declined"):
        parts.append("较基期下降")
    if row.get("geography") != WHOLE_CITY and row.get("baseline_origin") == "plan":
        parts.append("对照全市基期值" + ("" if row["verdict"] == gap.NO_TARGET else "和全市目标"))
    if has_value(row.get("baseline_conflict")):
        parts.append(
            f"评估人提供的2020年值为{number_text(row['baseline_conflict'])}，与规划基期值不同，采用规划值"
        )
    if (
        row.get("judgement")
        and row.get("basis") != facts.BASIS_EVALUATOR
        and not same_verdict(row["judgement"], row["verdict"])
    ):
        parts.append(f"评估人判断为{row['judgement']}，与计算结论不同")
    if row.get("explanation"):
        parts.append(str(row["explanation"]))
    return "；".join(p for p in parts if p)
