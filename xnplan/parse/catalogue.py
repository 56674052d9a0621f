"""The indicator catalogue: every target the plan sets, with its baseline, direction and unit.

It joins three sources into one row per assessable item:

- the 14th-plan main indicators (I14-01 … I14-12): target, deadline, 约束性/预期性;
- the quantified targets in the prose and 专栏 (T01 …): target, comparator, deadline;
- the 13th-plan indicators whose measure the 14th plan carries on without a number (the 低保 and
  特困 standards …): no target, so the reports show their change since 2020 and give no class.
  13th-plan rows that *are* the baseline of a 14th-plan measure (护理型床位比例 → I14-04) are not
  items of their own; they appear as that item's baseline.

Judgements that reading the text requires (which 2020 figure is the baseline of which measure,
the unit of a row whose unit was lost, which id an observation is filed under) live in the curated
file ``data/raw/indicator_catalogue.csv`` with a reason per row. Prose targets that are not curated
take defaults: direction from the comparator, baseline from the 13th-plan indicator the narrative
links (``baseline_indicator_id``) or else from the linked 14th-plan indicator's baseline, and they
are observed under the linked 14th-plan indicator's id, else under their own.

The catalogue is built with the other tables (``xnplan build``) and stored as the ``catalogue`` table
(schema ``xnplan.schema.CATALOGUE``); the reports read it from there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from xnplan import curated
from xnplan.errors import PlanParseError, UnitError
from xnplan.facts import BASE_YEAR
from xnplan.paths import RAW_DIR
from xnplan.schema import CATALOGUE_KINDS
from xnplan.units import convert

CURATED_PATH = RAW_DIR / "indicator_catalogue.csv"
NO_BASELINE = "none"

KIND_14, KIND_PROSE, KIND_13 = CATALOGUE_KINDS

COLUMNS = [
    "item_id",
    "kind",
    "name",
    "unit",
    "direction",
    "comparator",
    "target",
    "deadline_year",
    "attribute",
    "target_text",
    "baseline",
    "baseline_year",
    "baseline_source",
    "observation_id",
    "observation_name",
    "linked_indicator_id",
    "measure_id",
    "reason",
    "reason_zh",
    "source_line",
    "source_page",
]


def read_curated(path: Path | str = CURATED_PATH) -> pd.DataFrame:
    """The curated rows, indexed by item_id; CuratedFileError naming the file line of every problem."""
    return curated.read(curated.INDICATOR_CATALOGUE.name, path).set_index("item_id", drop=False)


def _target_text(comparator: str, value: float | None, unit: str, deadline: int | None) -> str:
    if value is None or deadline is None or (isinstance(value, float) and math.isnan(value)):
        return "未设目标"
    sign = {">=": "≥", "<=": "≤"}.get(comparator, "")
    return f"{sign}{value:g}{unit}({int(deadline)}年)"


def _baseline(ref: str, ind13: pd.DataFrame, baselines: pd.DataFrame, unit: str) -> tuple[float | None, str]:
    """Value of a baseline reference in ``unit`` and a description of where it stands."""
    if ref in ("", NO_BASELINE):
        return None, ""
    ind13 = ind13.set_index("indicator_id")
    if ref in ind13.index:
        row = ind13.loc[ref]
        value, from_unit = row["actual_2020"], row["unit"]
        where = f"十三五指标表 {ref} {row['name']} 2020年实际值(原文第{row['source_line']}行)"
    else:
        prose = baselines.set_index("baseline_id")
        if ref not in prose.index:
            raise PlanParseError(
                f"baseline_ref {ref!r} is neither a 13th-plan indicator nor a prose baseline"
            )
        row = prose.loc[ref]
        value, from_unit = row["value_to"], row["unit"]
        where = f"正文 {ref} {row['metric']}(原文第{row['source_line']}行)"
    if pd.isna(value):
        raise PlanParseError(f"baseline_ref {ref!r} has no 2020 value in the plan")
    try:
        return convert(float(value), from_unit, unit), where
    except UnitError as exc:
        raise PlanParseError(f"baseline_ref {ref!r}: {exc}") from exc


def _check_guard(curated: pd.DataFrame, item_id: str, text: str) -> pd.Series | None:
    """The curated row for ``item_id`` if its text_contains is in ``text``; error if it is not."""
    if item_id not in curated.index:
        return None
    row = curated.loc[item_id]
    if row["text_contains"] not in text:
        raise PlanParseError(
            f"{CURATED_PATH.name}: {item_id}: text {row['text_contains']!r} not found in "
            f"{text!r}; the ids have shifted, review the curated row"
        )
    return row


def _required_guard(curated: pd.DataFrame, item_id: str, text: str, plan_name: str) -> pd.Series:
    """The curated row of a table indicator, which must have one (see :func:`_check_guard`)."""
    row = _check_guard(curated, item_id, text)
    if row is None:
        raise PlanParseError(
            f"{CURATED_PATH.name}: no row for {plan_name} indicator {item_id}; "
            f"every table indicator needs a curated decision"
        )
    return row


def _measure_ids(frame: pd.DataFrame) -> list[str]:
    """The item each item is judged as: the first item (main indicators come first) with the same
    observation id, direction, target and deadline; an item restating it shares its judgement.
    The comparator is not compared: "100%" and "≥100%" of a coverage rate are one target.

    A target stated again with another value or deadline (T31: ≥60% by 2022 against I14-05's ≥60%
    by 2025) is a measure of its own. An item without a target is its own measure.
    """
    first: dict[tuple, str] = {}
    ids = []
    for item in frame.itertuples(index=False):
        if pd.isna(item.target):
            ids.append(item.item_id)
            continue
        key = (item.observation_id, int(item.direction), float(item.target), int(item.deadline_year))
        ids.append(first.setdefault(key, item.item_id))
    return ids


@dataclass(frozen=True)
class _Sources:
    """What every row is built from: the curated decisions and the tables baselines are read from."""

    curated: pd.DataFrame
    indicators_13th: pd.DataFrame
    baselines: pd.DataFrame

    def baseline(self, ref: str, unit: str) -> tuple[float | None, str]:
        return _baseline(ref, self.indicators_13th, self.baselines, unit)


def build_catalogue(
    indicators_13th: pd.DataFrame,
    indicators_14th: pd.DataFrame,
    targets: pd.DataFrame,
    baselines: pd.DataFrame,
    curated: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per assessable item (see the module docstring), in a stable order: I14, T, I13.

    Takes the parsed tables of the same names; ``curated`` defaults to :func:`read_curated`.
    """
    sources = _Sources(read_curated() if curated is None else curated, indicators_13th, baselines)
    main = [_main_indicator_row(sources, ind) for ind in indicators_14th.itertuples(index=False)]
    prose = [_prose_target_row(sources, t, main) for t in targets.itertuples(index=False)]
    carried = [_carried_indicator_row(sources, ind) for ind in indicators_13th.itertuples(index=False)]
    plan_ids = {*indicators_14th["indicator_id"], *targets["target_id"], *indicators_13th["indicator_id"]}
    _check_every_curated_row_used(sources.curated, plan_ids)
    rows = [*main, *prose, *(row for row in carried if row is not None)]
    return _with_derived_columns(pd.DataFrame(rows), indicators_13th)


def _main_indicator_row(sources: _Sources, ind) -> dict:
    """A 14th-plan main indicator: its target, deadline and attribute; the curated row is required."""
    cur = _required_guard(sources.curated, ind.indicator_id, ind.name, "14th-plan")
    return _table_indicator_row(
        sources,
        ind,
        cur,
        kind=KIND_14,
        comparator="<=" if cur["direction"] == "-1" else ">=",
        target=ind.target_2025,
        deadline_year=ind.deadline_year,
        attribute=ind.attribute,
    )


def _table_indicator_row(sources: _Sources, ind, cur: pd.Series, **commitment: object) -> dict:
    """The row of an indicator of either table: what its curated row decides (unit, direction,
    baseline, observation id), and the ``commitment`` of its own kind (target, deadline …)."""
    unit = cur["unit"] or ind.unit
    baseline, where = sources.baseline(cur["baseline_ref"], unit)
    return dict(
        item_id=ind.indicator_id,
        name=ind.name,
        unit=unit,
        direction=int(cur["direction"]),
        baseline=baseline,
        baseline_source=where,
        observation_id=cur["observation_id"] or ind.indicator_id,
        linked_indicator_id="",
        reason=cur["reason"],
        reason_zh=cur["reason_zh"],
        source_line=ind.source_line,
        **commitment,
    )


def _prose_target_row(sources: _Sources, t, main: list[dict]) -> dict:
    """A quantified target of the prose; without a curated row, the defaults of the module docstring."""
    cur = _check_guard(sources.curated, t.target_id, t.text)
    unit = (cur["unit"] if cur is not None else "") or t.unit
    linked = t.linked_indicator_id or ""
    linked_row = next((row for row in main if row["item_id"] == linked), None)
    # Filed under the linked indicator only when it is measured in the same unit: 新建1处 (a
    # count) is not an observation of a coverage rate (%).
    same_unit = linked_row is not None and linked_row["unit"] == unit
    baseline, where, reason, reason_zh = _prose_baseline(
        sources, t, cur, unit, linked_row if same_unit else None
    )
    observation = (cur["observation_id"] if cur is not None else "") or (linked if same_unit else t.target_id)
    return dict(
        item_id=t.target_id,
        kind=KIND_PROSE,
        name=t.metric,
        unit=unit,
        direction=int(cur["direction"]) if cur is not None else (-1 if t.comparator == "<=" else 1),
        comparator=t.comparator,
        target=t.value,
        deadline_year=t.deadline_year,
        attribute="",
        baseline=baseline,
        baseline_source=where,
        observation_id=observation,
        linked_indicator_id=linked,
        reason=reason,
        reason_zh=reason_zh,
        source_line=t.source_line,
    )


def _prose_baseline(
    sources: _Sources, t, cur: pd.Series | None, unit: str, same_measure: dict | None
) -> tuple[float | None, str, str, str]:
    """(baseline, where it stands, reason, the reason in Chinese) of a prose target: the curated
    reference, else the 13th-plan row the narrative links, else the baseline of the linked indicator
    measured in the same unit."""
    if cur is not None:
        return (*sources.baseline(cur["baseline_ref"], unit), cur["reason"], cur["reason_zh"])
    if t.baseline_indicator_id:
        return (
            *sources.baseline(t.baseline_indicator_id, unit),
            "default: baseline is the 2020 actual of the 13th-plan row the narrative links",
            "默认规则：基线为正文所关联的十三五指标行的2020年实际值",
        )
    if same_measure is not None and same_measure["baseline"] is not None:
        other = same_measure["item_id"]
        return (
            same_measure["baseline"],
            same_measure["baseline_source"],
            f"default: same measure and unit as {other}, so the same baseline",
            f"默认规则：与{other}指标和单位相同，基线也相同",
        )
    return (
        None,
        "",
        "default: the plan states no 2020 value for this measure",
        "默认规则：规划未给出该指标2020年的数值",
    )


def _carried_indicator_row(sources: _Sources, ind) -> dict | None:
    """A 13th-plan indicator: an item of its own only when the 14th plan carries its measure on
    without a target (role ``no_target``), else None; the curated row is required either way."""
    cur = _required_guard(sources.curated, ind.indicator_id, ind.name, "13th-plan")
    if cur["role"] != "no_target":
        return None  # a baseline of a 14th-plan measure, not an item
    # The attribute is the one the 13th-plan table prints (I13-04 约束性); the kind says whose it is,
    # and without a target the item is never judged, so never flagged as a binding item behind.
    return _table_indicator_row(
        sources,
        ind,
        cur,
        kind=KIND_13,
        comparator="",
        target=None,
        deadline_year=None,
        attribute=ind.attribute,
    )


def _check_every_curated_row_used(curated: pd.DataFrame, plan_ids: set[str]) -> None:
    """A curated row whose id the plan no longer has is a decision about nothing: refuse it."""
    unresolved = sorted(set(curated.index) - plan_ids)
    if unresolved:
        raise PlanParseError(f"{CURATED_PATH.name}: rows for ids not in the plan: {', '.join(unresolved)}")


def _with_derived_columns(frame: pd.DataFrame, indicators_13th: pd.DataFrame) -> pd.DataFrame:
    """The columns derived from the others (baseline year, target text, observation name, measure),
    the schema's dtypes and column order."""
    frame["baseline_year"] = [BASE_YEAR if pd.notna(b) else None for b in frame["baseline"]]
    frame["target_text"] = [
        _target_text(c, v, u, d)
        for c, v, u, d in zip(
            frame["comparator"], frame["target"], frame["unit"], frame["deadline_year"], strict=True
        )
    ]
    items = set(frame["item_id"])
    names = {
        **dict(zip(frame["item_id"], frame["name"], strict=True)),
        **{
            i: n
            for i, n in zip(indicators_13th["indicator_id"], indicators_13th["name"], strict=True)
            if i not in items
        },
    }
    frame["observation_name"] = frame["observation_id"].map(names)
    frame["measure_id"] = _measure_ids(frame)
    frame["source_page"] = None  # xnplan.store.assemble places every table's rows
    frame = frame.astype(
        {
            "target": "float64",
            "baseline": "float64",
            "deadline_year": "Int64",
            "baseline_year": "Int64",
            "source_line": "int64",
            "direction": "int64",
        }
    )
    return frame[COLUMNS].reset_index(drop=True)
