"""Narrative cross-checks: rows of the reconciliation table with level ``narrative``.

1. ``narr-growth-*``: a printed growth percentage against the growth its own two numbers give,
   at the printed precision (baselines.rounds_to).
2. ``narr-table-*``: a prose figure against the 13th-plan table for the same measure (curated
   baseline links), converted to the table's unit (元/年 ÷ 12 → 元/月; a count ÷ the resident
   population → per 10000 residents) and rounded to the table's printed decimals.
3. ``narr-parts-*``: a stated total against its 其中 parts.
4. ``narr-below2020-*``: a 2025 target (prose, or the 14th-plan table) against the 2020 value the plan
   reports for the same measure: a ``>=`` target below it is a mismatch.
5. ``narr-table14-*``: a prose target against the 14th-plan table row for the same measure: value
   and deadline.

``stated`` is always the figure printed where ``stated_source`` says; ``computed`` is what the other
figure implies in the same unit.
"""

from __future__ import annotations

import math

import pandas as pd

from .baselines import rounds_to
from .reconcile import check_row, checks_frame

PER_YEAR, PER_MONTH = "元/年", "元/月"
# 34.7万 volunteers are 13.09% of residents (line 209): the prose's own resident population.
POPULATION_SHARE = "占常住居民人口"


def _row(check_id: str, item: str, stated_source: str, stated: float | None, computed: float | None,
         status: str, explanation: str, source_line: int, evidence: list[int]) -> dict:
    return check_row(check_id, "narrative", item, stated_source, stated, computed, status, explanation,
                     source_line=source_line, evidence_lines=[n for n in evidence if n != source_line])


def _by_id(table: pd.DataFrame) -> dict[str, dict]:
    return {row["indicator_id"]: row for row in table.to_dict("records")}


def _decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.partition(".")[2])


def _same_at_precision(computed: float, printed: float) -> bool:
    return rounds_to(computed, f"{printed:.{_decimals(printed)}f}")


def growth_checks(baselines: pd.DataFrame) -> list[dict]:
    rows = []
    for b in baselines.itertuples(index=False):
        if b.kind != "growth" or pd.isna(b.computed_growth_pct):
            continue
        ok = bool(b.consistent)
        explanation = (
            f"{b.metric} from {b.value_from:g} to {b.value_to:g} {b.unit} is a growth of "
            f"{b.computed_growth_pct:.3f}%, which rounds to the printed {b.stated_growth_pct:g}%."
            if ok else
            f"{b.metric} from {b.value_from:g} to {b.value_to:g} {b.unit} is a growth of "
            f"{b.computed_growth_pct:.3f}%; at the printed precision that is "
            f"{round(b.computed_growth_pct, _decimals(b.stated_growth_pct)):g}%, not the printed "
            f"{b.stated_growth_pct:g}% (rounded wrongly or truncated).")
        rows.append(_row(f"narr-growth-{b.baseline_id}", f"{b.metric}:增长率(%)", "正文",
                         b.stated_growth_pct, round(b.computed_growth_pct, 6), "ok" if ok else "mismatch",
                         explanation, b.source_line, []))
    return rows


def _population_wan(baselines: pd.DataFrame) -> tuple[float, list[int]] | None:
    """Resident population (万人) implied by a count stated with its share of residents."""
    for i, b in enumerate(baselines.itertuples(index=False)):
        if POPULATION_SHARE in b.metric and b.unit == "%" and i > 0:
            count = baselines.iloc[i - 1]
            if count["unit"] == "万人" and b.value_to:
                return float(count["value_to"]) / (b.value_to / 100), [int(count["source_line"])]
    return None


def _convert(value: float, unit: str, table_unit: str, table_name: str,
             population: tuple[float, list[int]] | None) -> tuple[float | None, str]:
    """``value`` in ``unit`` expressed in the table's unit, and how; None when not convertible."""
    if unit == table_unit:
        return value, ""
    if unit == PER_YEAR and table_unit == PER_MONTH:
        return value / 12, f"{value:g} 元/年 ÷ 12 = {value / 12:.2f} 元/月"
    if unit == PER_MONTH and table_unit == PER_YEAR:
        return value * 12, f"{value:g} 元/月 × 12 = {value * 12:g} 元/年"
    if table_name.startswith("每万人") and population is not None and unit in ("家", "个"):
        per = value / population[0]
        return per, (f"{value:g}{unit} ÷ {population[0]:.2f}万 residents = {per:.2f} per 10000 residents "
                     "(population implied by the volunteers and their share of residents)")
    return None, ""


def table_checks(baselines: pd.DataFrame, ind13: pd.DataFrame) -> list[dict]:
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
            converted, how = _convert(float(prose), b.unit, ind["unit"], ind["name"], population)
            if converted is None:
                continue
            ok = _same_at_precision(converted, float(printed))
            which = "starting" if year == "2015" else "2020"
            evidence = [int(ind["source_line"])] + (population[1] if population and "resident" in how else [])
            explanation = (
                f"The prose's {which} figure for {b.metric} is {prose:g} {b.unit}"
                f"{' (' + how + ')' if how else ''}; the 13th-plan table prints {printed:g} {ind['unit']} "
                f"for {ind['name']} ({'2015 actual' if year == '2015' else '2020 actual'}). "
                + ("They agree at the table's printed precision." if ok else
                   "They differ beyond rounding" + (
                       "; the prose's starting value may be a later year's standard than 2015."
                       if year == "2015" else "; the prose and the table report different figures."))
                + (" The table row prints no unit; 元/年 was inferred from this very figure."
                   if ind["unit_source"] == "inferred" and year == "2020" else "")
                + (f" The table row prints only two numbers; see ind13-{b.linked_indicator_id}-missing-cell."
                   if ind["cells_missing"] else ""))
            rows.append(_row(f"narr-table-{b.baseline_id}-{year}", f"{ind['name']}:{year}年({ind['unit']})",
                             "十三五主要指标完成情况表", float(printed), round(converted, 6),
                             "ok" if ok else "mismatch", explanation, int(ind["source_line"]),
                             evidence + [int(b.source_line)]))
    return rows


def parts_checks(baselines: pd.DataFrame) -> list[dict]:
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
        status = "ok" if computed == total["value_to"] else ("ambiguous" if computed < total["value_to"]
                                                            else "mismatch")
        listing = " + ".join(f"{p['metric']} {p['value_to']:g}" for p in parts)
        rows.append(_row(f"narr-parts-{total['baseline_id']}", f"{total['metric']}:合计({total['unit']})",
                         "正文", total["value_to"], computed, status,
                         f"{total['metric']} {total['value_to']:g}{total['unit']} against its 其中 parts "
                         f"{listing} = {computed:g}" + ("." if status == "ok" else
                                                        " (parts need not be exhaustive)." if status ==
                                                        "ambiguous" else "; the parts exceed the total."),
                         int(total["source_line"]), []))
    return rows


def _below_row(check_id: str, name: str, stated_source: str, where: str, target: float, comparator: str,
               deadline: int, ind: dict, line: int) -> dict | None:
    actual = ind["actual_2020"]
    if pd.isna(actual) or comparator != ">=":
        return None
    lower = target < actual
    explanation = (
        f"{where} (line {line}) sets {name} to {target:g}{ind['unit']} by {deadline}; the 13th-plan "
        f"table reports {actual:g}{ind['unit']} already reached in 2020 ({ind['name']}). "
        + ("The target is lower than the level the plan says was reached: either the 2020 figure or the "
           "target measures something else, or the target asks for less than was achieved."
           if lower else "The target is above the 2020 level."))
    return _row(check_id, f"{name}:目标值与2020年实际值({ind['unit']})", stated_source, target, float(actual),
                "mismatch" if lower else "ok", explanation, line, [int(ind["source_line"])])


def below_2020_checks(targets: pd.DataFrame, ind13: pd.DataFrame, ind14: pd.DataFrame) -> list[dict]:
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
        row = _below_row(f"narr-below2020-{t.target_id}", t.metric, "正文", "The prose", t.value,
                         t.comparator, t.deadline_year, ind, int(t.source_line))
        if row:
            rows.append(row)
    for ind in ind14.itertuples(index=False):
        base = pairs14.get(ind.indicator_id)
        if base is None or ind.unit != table13[base]["unit"]:
            continue
        row = _below_row(f"narr-below2020-{ind.indicator_id}", ind.name, "十四五主要指标表",
                         "The 14th-plan table", ind.target_2025, ">=", ind.deadline_year, table13[base],
                         int(ind.source_line))
        if row:
            rows.append(row)
    return rows


def table14_checks(targets: pd.DataFrame, ind14: pd.DataFrame) -> list[dict]:
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
            f"The prose sets {t.metric} to {t.value:g}{t.unit} by {t.deadline_year}; the 14th-plan table "
            f"row {t.linked_indicator_id} ({ind['name']}) sets {ind['target_2025']:g}{ind['unit']} by "
            f"{ind['deadline_year']}. "
            + ("They agree." if status == "ok" else
               "The levels differ." if status == "mismatch" else
               "Same level, different deadline: an evaluator must pick which year to judge by."))
        rows.append(_row(f"narr-table14-{t.target_id}", f"{t.metric}:目标值({t.unit})", "十四五主要指标表",
                         float(ind["target_2025"]), float(t.value), status, explanation,
                         int(ind["source_line"]), [int(t.source_line)]))
    return rows


def narrative_checks(targets: pd.DataFrame, baselines: pd.DataFrame, ind13: pd.DataFrame,
                     ind14: pd.DataFrame) -> pd.DataFrame:
    """Every narrative cross-check as reconciliation rows."""
    rows = (growth_checks(baselines) + table_checks(baselines, ind13) + parts_checks(baselines)
            + below_2020_checks(targets, ind13, ind14) + table14_checks(targets, ind14))
    return checks_frame(rows)
