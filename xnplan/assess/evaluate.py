"""Every catalogue item judged at each geography of an assessment, from the evaluator's observations.

One row per item and geography: the scope of the assessment (全市, or one county for a county's own
edition) and, in the city's edition, each county that reported a value or a judgement for the item.
The plan gives city-wide baselines and targets only, so a county is judged against them (or against
a 2020 value the evaluator gives for the county); county values are never added up or averaged into
a city-wide figure.

- Items that restate another (``catalogue.measure_id``) take that measure's judgement: one measure,
  judged once and counted once (:func:`measures`).
- The latest observation up to the assessment year is used (:mod:`xnplan.assess.gap`); later ones
  are not, and :func:`later_observations` lists them.
- An evaluator's judgement stands beside the computed class; where nothing could be computed it is
  the assessment (``basis`` = 评估人判断).
- A city-wide item without a city-wide value but with county values says how many counties reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xnplan import facts
from xnplan.assess import gap
from xnplan.facts import TERRITORIES, WHOLE_CITY
from xnplan.numbers import has_value
from xnplan.schema import GAP_RESULTS

BASELINE_ORIGINS = ("plan", "evaluator", "first_observation", "")


@dataclass(frozen=True)
class Baseline:
    value: float | None
    origin: str  # "plan", "evaluator" or ""
    conflict: float | None  # an evaluator's 2020 value that differs from the plan's (the plan's is used)
    conflict_source: str = ""


def _of(obs: pd.DataFrame, obs_id: str, geography: str) -> pd.DataFrame:
    return obs[(obs["indicator_id"] == obs_id) & (obs["geography"] == geography)]


def _baseline(item, rows: pd.DataFrame) -> Baseline:
    """The plan's 2020 value; where the plan states none, the evaluator's for this geography.

    An evaluator's 2020 value that differs from the plan's is kept as a conflict to show; the plan's
    value is used.
    """
    plan_value = float(item.baseline) if has_value(item.baseline) else None
    given = rows[(rows["year"] == facts.BASE_YEAR) & rows["value"].notna()]
    if given.empty:
        return Baseline(plan_value, "plan" if plan_value is not None else "", None)
    value, source = float(given["value"].iloc[0]), str(given["source"].iloc[0])
    if plan_value is None:
        return Baseline(value, "evaluator", None)
    if abs(value - plan_value) > 1e-9 * max(1.0, abs(plan_value)):
        return Baseline(plan_value, "plan", value, source)
    return Baseline(plan_value, "plan", None)


def _latest_text(rows: pd.DataFrame, column: str, year: int) -> str:
    """The latest non-empty ``column`` up to ``year`` (judgements, 责任单位, 说明)."""
    known = rows[(rows["year"] <= year) & (rows[column].fillna("") != "")].sort_values("year")
    return "" if known.empty else str(known[column].iloc[-1])


def _judgement(rows: pd.DataFrame, year: int) -> dict:
    known = rows[(rows["year"] <= year) & (rows["judgement"].fillna("") != "")].sort_values("year")
    if known.empty:
        return {"judgement": "", "judgement_reason": "", "judgement_year": None, "judgement_source": ""}
    last = known.iloc[-1]
    return {
        "judgement": last["judgement"],
        "judgement_reason": last["judgement_reason"],
        "judgement_year": int(last["year"]),
        "judgement_source": last["source"],
    }


def _measure(item, base: Baseline) -> gap.Measure:
    return gap.Measure(
        target=float(item.target) if has_value(item.target) else None,
        baseline=base.value,
        baseline_origin=base.origin or "plan",
        deadline_year=int(item.deadline_year) if has_value(item.deadline_year) else facts.FINAL_YEAR,
        direction=int(item.direction),
        unit=item.unit,
        attribute=item.attribute,
    )


def _used_observation(rows: pd.DataFrame, year: int | None) -> dict:
    used = rows[(rows["year"] == year) & rows["value"].notna()] if year is not None else rows.iloc[0:0]
    first = used.iloc[0] if len(used) else None
    return {
        "value_as_given": None if first is None else first["value_as_given"],
        "unit_as_given": "" if first is None else first["unit_as_given"],
        "as_of": "" if first is None else first["as_of"],
        "source": "" if first is None else first["source"],
        "reliability": "" if first is None else first["reliability"],
    }


def _basis(result: gap.Gap, judgement: str) -> tuple[str, str]:
    """(verdict, basis): an evaluator's judgement is the assessment where nothing was computed."""
    if result.verdict == gap.NO_ASSESSMENT and judgement:
        return judgement, facts.BASIS_EVALUATOR
    if result.verdict in (gap.NO_ASSESSMENT, gap.NO_TARGET):
        return result.verdict, ""
    return result.verdict, facts.BASIS_COMPUTED


def judge_item(
    item,
    obs: pd.DataFrame,
    geography: str,
    assessment_year: int,
    thresholds: gap.Thresholds = gap.DEFAULT_THRESHOLDS,
) -> dict:
    """One item at one geography: the method's result, the evaluator's judgement and texts."""
    rows = _of(obs, item.observation_id, geography)
    base = _baseline(item, rows)
    result = _run_method(item, rows, base, assessment_year, thresholds)
    judgement = _judgement(rows, assessment_year)
    return {
        "geography": geography,
        **_item_columns(item),
        "assessment_year": assessment_year,
        **_result_columns(result, base, judgement["judgement"], assessment_year),
        **judgement,
        "responsible": _latest_text(rows, "responsible", assessment_year),
        "explanation": _latest_text(rows, "explanation", assessment_year),
        **_used_observation(rows, result.t),
    }


def _run_method(
    item, rows: pd.DataFrame, base: Baseline, assessment_year: int, thresholds: gap.Thresholds
) -> gap.Gap:
    """The gap method on the item's observations after the base year."""
    values = rows[(rows["year"] > facts.BASE_YEAR) & rows["value"].notna()]
    observations = [
        gap.Observation(int(y), float(v)) for y, v in zip(values["year"], values["value"], strict=True)
    ]
    return gap.assess(_measure(item, base), observations, assessment_year, thresholds)


def _item_columns(item) -> dict:
    """What the plan says of the item: its identity, target and deadline."""
    return {
        "item_id": item.item_id,
        "measure_id": item.measure_id,
        "kind": item.kind,
        "name": item.name,
        "unit": item.unit,
        "attribute": item.attribute,
        "target": float(item.target) if has_value(item.target) else None,
        "target_text": item.target_text,
        "comparator": item.comparator,
        "deadline_year": item.deadline_year,
        "observation_id": item.observation_id,
    }


def _result_columns(result: gap.Gap, base: Baseline, judgement: str, assessment_year: int) -> dict:
    """The method's result, with the verdict and its basis once the evaluator's judgement is weighed."""
    verdict, basis = _basis(result, judgement)
    return {
        "deadline_passed": result.deadline_passed,
        "baseline": result.x0,
        "baseline_year": result.t0,
        "baseline_origin": result.baseline_origin,
        "baseline_conflict": base.conflict,
        "baseline_conflict_source": base.conflict_source,
        "observed": result.xt,
        "observed_year": result.t,
        "met": result.met,
        "share": result.share,
        "tau": result.tau,
        "ratio": result.ratio,
        "growth_ratio": result.growth_ratio,
        "annual_growth": result.annual_growth,
        "computed": result.verdict,
        "verdict": verdict,
        "basis": basis,
        "reason": result.reason,
        "met_year": result.met_year,
        "shortfall": result.shortfall,
        "declined": result.declined,
        "flagged": result.flagged,
        "stale": result.t is not None and result.t < assessment_year,
        "projection": result.projection,
        "projected": result.projected,
        "later_year": result.later_year,
    }


def _geographies(catalogue: pd.DataFrame, obs: pd.DataFrame, scope: str) -> dict[str, list[str]]:
    """Observation id → the geographies it is judged at: the scope, then (city edition) every county
    that gave a value, a judgement or a text for it."""
    if scope != WHOLE_CITY:
        return {obs_id: [scope] for obs_id in catalogue["observation_id"]}
    county_rows = obs[obs["geography"] != WHOLE_CITY]
    reported = county_rows.groupby("indicator_id")["geography"].agg(set).to_dict()
    return {
        obs_id: [WHOLE_CITY] + [c for c in TERRITORIES if c in reported.get(obs_id, set())]
        for obs_id in catalogue["observation_id"]
    }


def judge(
    catalogue: pd.DataFrame,
    observations: pd.DataFrame,
    assessment_year: int,
    scope: str = WHOLE_CITY,
    thresholds: gap.Thresholds = gap.DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Every catalogue item at the scope (and, city-wide, at each county that reported it).

    Each measure is judged once per geography; an item restating it gets a copy of that judgement
    under its own id (see the module docstring).
    """
    where = _geographies(catalogue, observations, scope)
    items = {item.item_id: item for item in catalogue.itertuples(index=False)}
    judged: dict[tuple[str, str], dict] = {}
    rows = []
    for item in items.values():
        for geography in where[item.observation_id]:
            key = (item.measure_id, geography)
            if key not in judged:
                judged[key] = judge_item(
                    items[item.measure_id], observations, geography, assessment_year, thresholds
                )
            rows.append({**judged[key], **_identity(item)})
    frame = pd.DataFrame(rows)
    frame["counties_reported"] = _counties_reported(frame, observations, assessment_year)
    return GAP_RESULTS.validate(frame)


# The item columns that say which item a row is, as opposed to how its measure was judged.
_IDENTITY_COLUMNS = ("item_id", "measure_id", "kind", "name", "target_text")


def _identity(item) -> dict:
    """The item's identity columns: what a restating item puts over its measure's judgement."""
    return {k: v for k, v in _item_columns(item).items() if k in _IDENTITY_COLUMNS}


def _counties_reported(frame: pd.DataFrame, obs: pd.DataFrame, assessment_year: int) -> list[int]:
    """For a city-wide row: the counties with a value for its observation id up to the assessment year."""
    valued = obs[
        (obs["geography"] != WHOLE_CITY)
        & obs["value"].notna()
        & (obs["year"] > facts.BASE_YEAR)
        & (obs["year"] <= assessment_year)
    ]
    counts = valued.groupby("indicator_id")["geography"].nunique().to_dict()
    return [
        int(counts.get(o, 0)) if g == WHOLE_CITY else 0
        for o, g in zip(frame["observation_id"], frame["geography"], strict=True)
    ]


def measures(results: pd.DataFrame) -> pd.DataFrame:
    """The rows that count: one per measure and geography (an item restating another is left out)."""
    return results[results["item_id"] == results["measure_id"]]


def later_observations(observations: pd.DataFrame, assessment_year: int) -> pd.DataFrame:
    """Values and judgements dated after the assessment year: not used, listed so the reader knows."""
    late = observations[
        (observations["year"] > assessment_year)
        & (observations["value"].notna() | (observations["judgement"].fillna("") != ""))
    ]
    return late[["indicator_id", "geography", "year", "value", "unit", "source"]].reset_index(drop=True)
