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
figure implies in the same unit. Each check keeps what it found as a note of
:mod:`xnplan.check.wording.prose_tables`, which words it.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from xnplan.check.rows import PROSE, TABLE_13TH, TABLE_14TH, Check, Note
from xnplan.check.table_cells import missing_cell_id
from xnplan.check.wording.prose_tables import (
    BelowNote,
    Conversion,
    GrowthNote,
    PartsNote,
    Table14Note,
    TableNote,
    printed_decimals,
)
from xnplan.errors import UnitError
from xnplan.numbers import rounds_to
from xnplan.units import convert, factor

# 34.7万 volunteers are 13.09% of residents (line 209): the prose's own resident population.
POPULATION_SHARE = "占常住居民人口"


def _row(
    check_id: str,
    compares: str,
    stated_source: str,
    stated: float | None,
    computed: float | None,
    unit: str,
    status: str,
    note: Note,
    source_line: int,
    evidence: list[int],
) -> Check:
    return Check(
        check_id,
        "narrative",
        compares,
        stated_source,
        stated,
        computed,
        unit,
        status,
        note,
        source_line=source_line,
        evidence_lines=[n for n in evidence if n != source_line],
    )


def _by_id(table: pd.DataFrame) -> dict[str, dict]:
    return {row["indicator_id"]: row for row in table.to_dict("records")}


def _same_at_precision(computed: float, printed: float) -> bool:
    return rounds_to(computed, f"{printed:.{printed_decimals(printed)}f}")


def growth_checks(baselines: pd.DataFrame) -> list[Check]:
    rows = []
    for b in baselines.itertuples(index=False):
        if b.kind != "growth" or pd.isna(b.computed_growth_pct):
            continue
        ok = bool(b.consistent)
        note = GrowthNote(
            b.metric, b.value_from, b.value_to, b.unit, b.computed_growth_pct, b.stated_growth, ok
        )
        rows.append(
            _row(
                f"narr-growth-{b.baseline_id}",
                "prose",
                PROSE,
                b.stated_growth,
                round(b.computed_growth_pct, 6),
                "%",
                "ok" if ok else "mismatch",
                note,
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
) -> tuple[float | None, Conversion | None]:
    """``value`` in ``unit`` expressed in the table's unit, and how (None when the unit is the
    table's); (None, None) when not convertible."""
    try:
        by = factor(unit, table_unit)
    except UnitError:
        by = None
    if by == 1:
        return value, None
    if by is not None:
        converted = convert(value, unit, table_unit)
        return converted, Conversion(value, unit, table_unit, converted, by=by)
    if table_name.startswith("每万人") and population is not None and unit in ("家", "个"):
        per = value / population[0]
        return per, Conversion(value, unit, table_unit, per, population=population[0])
    return None, None


def _stated_years(b: Any, ind: dict) -> list[tuple[str, float, float]]:
    """(year, prose figure, printed figure) of a linked baseline: 2020, and 2015 first for a growth;
    only the years where both figures are given."""
    pairs = [("2020", b.value_to, ind["actual_2020"])]
    if b.kind == "growth":
        pairs.insert(0, ("2015", b.value_from, ind["value_2015"]))
    return [
        (year, prose, printed) for year, prose, printed in pairs if not (pd.isna(printed) or pd.isna(prose))
    ]


def _table_check(
    b: Any, ind: dict, year: str, prose: float, printed: float, population: tuple[float, list[int]] | None
) -> Check | None:
    """One prose figure against the table's cell for its year, in the table's unit; None when the
    prose unit cannot be converted to it."""
    converted, conversion = _convert(float(prose), b.unit, ind["unit"], ind["name"], population)
    if converted is None:
        return None
    ok = _same_at_precision(converted, float(printed))
    by_population = conversion is not None and conversion.population is not None
    evidence = [int(ind["source_line"])] + (population[1] if population and by_population else [])
    note = TableNote(
        b.metric,
        year,
        prose,
        b.unit,
        conversion,
        ind["name"],
        printed,
        ind["unit"],
        agrees=ok,
        unit_inferred=ind["unit_source"] == "inferred",
        missing_cell=missing_cell_id(b.linked_indicator_id) if ind["cells_missing"] else "",
    )
    return _row(
        f"narr-table-{b.baseline_id}-{year}",
        "prose-table",
        TABLE_13TH,
        float(printed),
        round(converted, 6),
        ind["unit"],
        "ok" if ok else "mismatch",
        note,
        int(ind["source_line"]),
        evidence + [int(b.source_line)],
    )


def table_checks(baselines: pd.DataFrame, ind13: pd.DataFrame) -> list[Check]:
    """Prose figures against the 13th-plan table (linked baselines only)."""
    table = _by_id(ind13)
    population = _population_wan(baselines)
    linked = [
        (b, table[b.linked_indicator_id])
        for b in baselines.itertuples(index=False)
        if b.linked_indicator_id in table
    ]
    checks = (
        _table_check(b, ind, year, prose, printed, population)
        for b, ind in linked
        for year, prose, printed in _stated_years(b, ind)
    )
    return [check for check in checks if check is not None]


def _parts_after(records: list[dict], i: int) -> list[dict]:
    """The 其中 parts from ``records[i]`` on: the rows of the total's line in the total's unit."""
    total = records[i - 1]
    parts = []
    for later in records[i:]:
        if later["source_line"] != total["source_line"] or later["unit"] != total["unit"]:
            break
        parts.append(later)
    return parts


def _parts_status(computed: float, stated: float) -> str:
    """ok when the parts make the total, ambiguous when they fall short (parts may be left unsaid),
    mismatch when they exceed it."""
    if computed == stated:
        return "ok"
    return "ambiguous" if computed < stated else "mismatch"


def _parts_check(total: dict, parts: list[dict]) -> Check:
    computed = math.fsum(p["value_to"] for p in parts)
    status = _parts_status(computed, total["value_to"])
    unit = total["unit"]
    note = PartsNote(
        total["metric"],
        total["value_to"],
        unit,
        tuple((p["metric"], p["value_to"]) for p in parts),
        computed,
        status,
    )
    return _row(
        f"narr-parts-{total['baseline_id']}",
        "prose",
        PROSE,
        total["value_to"],
        computed,
        unit,
        status,
        note,
        int(total["source_line"]),
        [],
    )


def parts_checks(baselines: pd.DataFrame) -> list[Check]:
    """A stated total followed by 其中 parts in the same paragraph and unit."""
    records = baselines.to_dict("records")
    return [
        _parts_check(records[i - 1], _parts_after(records, i))
        for i, part in enumerate(records)
        if i > 0 and part["text"].startswith("其中")
    ]


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
    note = BelowNote(stated_source, line, name, deadline, target, unit, ind["name"], actual, lower)
    return _row(
        check_id,
        "prose-table",
        stated_source,
        target,
        float(actual),
        unit,
        "mismatch" if lower else "ok",
        note,
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
        note = Table14Note(
            t.metric,
            int(t.source_line),
            t.deadline_year,
            t.value,
            t.unit,
            t.linked_indicator_id,
            ind["name"],
            ind["deadline_year"],
            ind["target_2025"],
            ind["unit"],
            status,
        )
        rows.append(
            _row(
                f"narr-table14-{t.target_id}",
                "prose-table",
                TABLE_14TH,
                float(ind["target_2025"]),
                float(t.value),
                t.unit,
                status,
                note,
                int(ind["source_line"]),
                [int(t.source_line)],
            )
        )
    return rows


def narrative_checks(
    targets: pd.DataFrame, baselines: pd.DataFrame, ind13: pd.DataFrame, ind14: pd.DataFrame
) -> list[Check]:
    """Every narrative cross-check."""
    return (
        growth_checks(baselines)
        + table_checks(baselines, ind13)
        + parts_checks(baselines)
        + below_2020_checks(targets, ind13, ind14)
        + table14_checks(targets, ind14)
    )
