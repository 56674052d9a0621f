"""Narrative cross-checks: rows of the reconciliation table with level ``narrative``.

They compare the prose with itself (``compares`` ``prose``: 1 and 3) or with the indicator tables
(``prose-table``: 2, 4 and 5):

1. ``narr-growth-*``: a printed growth percentage against the growth its own two numbers give,
   at the printed precision (numbers.rounds_to).
2. ``narr-table-*``: a prose figure against the 13th-plan table for the same measure (curated
   baseline links), converted to the table's unit (units.convert: 元/年 ÷ 12 → 元/月; a count ÷ the
   resident population → per 10000 residents) and rounded to the table's printed decimals.
3. ``narr-parts-*``: a stated total against its 其中 parts.
4. ``narr-below2020-*``: a 2025 target (prose, or the 14th-plan table) against the 2020 value the plan
   reports for the same measure: a ``>=`` target below it is a mismatch.
5. ``narr-table14-*``: a prose target against the 14th-plan table row for the same measure: value
   and deadline.

``stated`` is always the figure printed where ``stated_source`` says; ``computed`` is what the other
figure implies in the same unit. Explanations are plain Chinese, like the project checks'.
"""

from __future__ import annotations

import math

import pandas as pd

from xnplan.check.rows import PROSE, TABLE_13TH, TABLE_14TH, Check, checks_frame
from xnplan.numbers import round_half_up, rounds_to
from xnplan.units import UnitError, canonical_unit, convert, factor

# 34.7万 volunteers are 13.09% of residents (line 209): the prose's own resident population.
POPULATION_SHARE = "占常住居民人口"


def _row(
    check_id: str,
    compares: str,
    item: str,
    stated_source: str,
    stated: float | None,
    computed: float | None,
    unit: str,
    status: str,
    explanation: str,
    source_line: int,
    evidence: list[int],
) -> Check:
    return Check(
        check_id,
        "narrative",
        compares,
        item,
        stated_source,
        stated,
        computed,
        unit,
        status,
        explanation,
        source_line=source_line,
        evidence_lines=[n for n in evidence if n != source_line],
    )


def _by_id(table: pd.DataFrame) -> dict[str, dict]:
    return {row["indicator_id"]: row for row in table.to_dict("records")}


def _decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.partition(".")[2])


def _same_at_precision(computed: float, printed: float) -> bool:
    return rounds_to(computed, f"{printed:.{_decimals(printed)}f}")


def growth_checks(baselines: pd.DataFrame) -> list[Check]:
    rows = []
    for b in baselines.itertuples(index=False):
        if b.kind != "growth" or pd.isna(b.computed_growth_pct):
            continue
        ok = bool(b.consistent)
        growth = (
            f"{b.metric}从{b.value_from:g}{b.unit}增长到{b.value_to:g}{b.unit}，"
            f"实际增长{b.computed_growth_pct:.3f}%"
        )
        explanation = (
            f"{growth}，按印刷的精度四舍五入即印刷的{b.stated_growth_pct:g}%。"
            if ok
            else f"{growth}；按印刷的精度四舍五入应为"
            f"{round_half_up(b.computed_growth_pct, _decimals(b.stated_growth_pct))}%，而非印刷的"
            f"{b.stated_growth_pct:g}%（舍入有误或被截断）。"
        )
        rows.append(
            _row(
                f"narr-growth-{b.baseline_id}",
                "prose",
                f"{b.metric}:增长率(%)",
                PROSE,
                b.stated_growth_pct,
                round(b.computed_growth_pct, 6),
                "%",
                "ok" if ok else "mismatch",
                explanation,
                b.source_line,
                [],
            )
        )
    return rows


def _population_wan(baselines: pd.DataFrame) -> tuple[float, list[int]] | None:
    """Resident population (万人) implied by a count stated with its share of residents."""
    for i, b in enumerate(baselines.itertuples(index=False)):
        if POPULATION_SHARE in b.metric and b.unit == "%" and i > 0:
            count = baselines.iloc[i - 1]
            if count["unit"] == "万人" and b.value_to:
                return float(count["value_to"]) / (b.value_to / 100), [int(count["source_line"])]
    return None


def _convert(
    value: float, unit: str, table_unit: str, table_name: str, population: tuple[float, list[int]] | None
) -> tuple[float | None, str, bool]:
    """``value`` in ``unit`` expressed in the table's unit, how, and whether the resident population
    was used; None when not convertible."""
    try:
        by = factor(unit, table_unit)
    except UnitError:
        by = None
    if by == 1:
        return value, "", False
    if by is not None:
        # A product of printed figures is exact and prints in full; a quotient prints to the fen.
        converted = convert(value, unit, table_unit)
        how = (
            f"× {by.numerator} = {converted:g}"
            if by.denominator == 1
            else f"÷ {by.denominator} = {converted:.2f}"
        )
        return converted, f"{value:g}{canonical_unit(unit)} {how}{canonical_unit(table_unit)}", False
    if table_name.startswith("每万人") and population is not None and unit in ("家", "个"):
        per = value / population[0]
        return (
            per,
            (
                f"{value:g}{unit} ÷ {population[0]:.2f}万常住人口 = 每万人{per:.2f}{unit}；"
                "常住人口由实名注册志愿者人数及其占常住人口的比例推算"
            ),
            True,
        )
    return None, "", False


def table_checks(baselines: pd.DataFrame, ind13: pd.DataFrame) -> list[Check]:
    """Prose figures against the 13th-plan table (linked baselines only)."""
    rows = []
    table = _by_id(ind13)
    population = _population_wan(baselines)
    for b in baselines.itertuples(index=False):
        ind = table.get(b.linked_indicator_id)
        if ind is None:
            continue
        pairs = [("2020", b.value_to, ind["actual_2020"])]
        if b.kind == "growth":
            pairs.insert(0, ("2015", b.value_from, ind["value_2015"]))
        for year, prose, printed in pairs:
            if pd.isna(printed) or pd.isna(prose):
                continue
            converted, how, by_population = _convert(
                float(prose), b.unit, ind["unit"], ind["name"], population
            )
            if converted is None:
                continue
            ok = _same_at_precision(converted, float(printed))
            which = "起始值" if year == "2015" else "2020年值"
            evidence = [int(ind["source_line"])] + (population[1] if population and by_population else [])
            explanation = (
                f"正文中{b.metric}的{which}为{prose:g}{b.unit}{'（' + how + '）' if how else ''}；"
                f"十三五主要指标完成情况表中{ind['name']}的{year}年实际值为{printed:g}{ind['unit']}。"
                + (
                    "按表中印刷的精度两者一致。"
                    if ok
                    else "两者相差超出舍入范围；"
                    + (
                        "正文的起始值可能是2015年以后某一年的标准。"
                        if year == "2015"
                        else "正文与表格报告的是不同的数字。"
                    )
                )
                + (
                    f"表中该行未印单位，{ind['unit']}是根据这一数字推断的。"
                    if ind["unit_source"] == "inferred" and year == "2020"
                    else ""
                )
                + (
                    f"表中该行只印了两个数，见核对项ind13-{b.linked_indicator_id}-missing-cell。"
                    if ind["cells_missing"]
                    else ""
                )
            )
            rows.append(
                _row(
                    f"narr-table-{b.baseline_id}-{year}",
                    "prose-table",
                    f"{ind['name']}:{year}年({ind['unit']})",
                    TABLE_13TH,
                    float(printed),
                    round(converted, 6),
                    ind["unit"],
                    "ok" if ok else "mismatch",
                    explanation,
                    int(ind["source_line"]),
                    evidence + [int(b.source_line)],
                )
            )
    return rows


def parts_checks(baselines: pd.DataFrame) -> list[Check]:
    """A stated total followed by 其中 parts in the same paragraph and unit."""
    rows = []
    records = baselines.to_dict("records")
    for i, part in enumerate(records):
        if not part["text"].startswith("其中") or i == 0:
            continue
        total = records[i - 1]
        parts = []
        for later in records[i:]:
            if later["source_line"] != total["source_line"] or later["unit"] != total["unit"]:
                break
            parts.append(later)
        computed = math.fsum(p["value_to"] for p in parts)
        status = (
            "ok"
            if computed == total["value_to"]
            else ("ambiguous" if computed < total["value_to"] else "mismatch")
        )
        unit = total["unit"]
        listing = " + ".join(f"{p['metric']}{p['value_to']:g}{unit}" for p in parts)
        ending = {
            "ok": "，与总数一致。",
            "ambiguous": "，少于总数（“其中”所列不一定是全部）。",
            "mismatch": "，超过总数。",
        }[status]
        rows.append(
            _row(
                f"narr-parts-{total['baseline_id']}",
                "prose",
                f"{total['metric']}:合计({unit})",
                PROSE,
                total["value_to"],
                computed,
                unit,
                status,
                f"正文中{total['metric']}共{total['value_to']:g}{unit}，“其中”所列各部分为{listing}"
                f" = {computed:g}{unit}{ending}",
                int(total["source_line"]),
                [],
            )
        )
    return rows


def _below_row(
    check_id: str,
    name: str,
    stated_source: str,
    target: float,
    comparator: str,
    deadline: int,
    ind: dict,
    line: int,
) -> Check | None:
    actual, unit = ind["actual_2020"], ind["unit"]
    if pd.isna(actual) or comparator != ">=":
        return None
    lower = target < actual
    explanation = (
        f"{stated_source}（第{line}行）把{name}的{deadline}年目标定为{target:g}{unit}；"
        f"十三五主要指标完成情况表报告2020年{ind['name']}已达到{actual:g}{unit}。"
        + (
            "目标低于规划所说已经达到的水平：要么2020年数字与目标衡量的不是同一事物，要么目标要求低于"
            "已取得的成绩。"
            if lower
            else "目标高于2020年水平。"
        )
    )
    return _row(
        check_id,
        "prose-table",
        f"{name}:目标值与2020年实际值({unit})",
        stated_source,
        target,
        float(actual),
        unit,
        "mismatch" if lower else "ok",
        explanation,
        line,
        [int(ind["source_line"])],
    )


def below_2020_checks(targets: pd.DataFrame, ind13: pd.DataFrame, ind14: pd.DataFrame) -> list[Check]:
    rows = []
    table13 = _by_id(ind13)
    pairs14: dict[str, str] = {}
    for t in targets.itertuples(index=False):
        ind = table13.get(t.baseline_indicator_id)
        if ind is None:
            continue
        if t.linked_indicator_id:
            pairs14.setdefault(t.linked_indicator_id, t.baseline_indicator_id)
        if t.unit != ind["unit"]:
            continue
        row = _below_row(
            f"narr-below2020-{t.target_id}",
            t.metric,
            PROSE,
            t.value,
            t.comparator,
            t.deadline_year,
            ind,
            int(t.source_line),
        )
        if row:
            rows.append(row)
    for ind in ind14.itertuples(index=False):
        base = pairs14.get(ind.indicator_id)
        if base is None or ind.unit != table13[base]["unit"]:
            continue
        row = _below_row(
            f"narr-below2020-{ind.indicator_id}",
            ind.name,
            TABLE_14TH,
            ind.target_2025,
            ">=",
            ind.deadline_year,
            table13[base],
            int(ind.source_line),
        )
        if row:
            rows.append(row)
    return rows


def table14_checks(targets: pd.DataFrame, ind14: pd.DataFrame) -> list[Check]:
    rows = []
    table = _by_id(ind14)
    for t in targets.itertuples(index=False):
        ind = table.get(t.linked_indicator_id)
        if ind is None:
            continue
        if t.unit != ind["unit"]:
            continue  # a count of facilities against a coverage rate: not comparable as numbers
        same_value = t.value == ind["target_2025"]
        same_year = t.deadline_year == ind["deadline_year"]
        status = "ok" if same_value and same_year else ("mismatch" if not same_value else "ambiguous")
        explanation = (
            f"正文（第{t.source_line}行）把{t.metric}的{t.deadline_year}年目标定为{t.value:g}{t.unit}；"
            f"十四五主要指标表{t.linked_indicator_id}（{ind['name']}）的目标为{ind['deadline_year']}年"
            f"{ind['target_2025']:g}{ind['unit']}。"
            + (
                "两者一致。"
                if status == "ok"
                else "两者的目标值不同。"
                if status == "mismatch"
                else "目标值相同而期限不同：评估时须选定按哪一年判断。"
            )
        )
        rows.append(
            _row(
                f"narr-table14-{t.target_id}",
                "prose-table",
                f"{t.metric}:目标值({t.unit})",
                TABLE_14TH,
                float(ind["target_2025"]),
                float(t.value),
                t.unit,
                status,
                explanation,
                int(ind["source_line"]),
                [int(t.source_line)],
            )
        )
    return rows


def narrative_checks(
    targets: pd.DataFrame, baselines: pd.DataFrame, ind13: pd.DataFrame, ind14: pd.DataFrame
) -> pd.DataFrame:
    """Every narrative cross-check as reconciliation rows."""
    rows = (
        growth_checks(baselines)
        + table_checks(baselines, ind13)
        + parts_checks(baselines)
        + below_2020_checks(targets, ind13, ind14)
        + table14_checks(targets, ind14)
    )
    return checks_frame(rows)
