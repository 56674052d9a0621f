"""Target-gap arithmetic and classification (docs/target_gap.md#method), as pure functions.

Notation: baseline ``x0`` in year ``t0`` (2020, or the year of the first observation where no
baseline is known), observed ``xt`` in year ``t``, target ``T`` due in ``tT``, direction ``d`` (+1
when higher is better, -1 when lower is better).

- met: ``d·(xt − T) ≥ −tol`` (tol 0; 1 point for 100% coverage targets);
- share of the distance covered ``P = (xt − x0)/(T − x0)``; share of time elapsed
  ``τ = (t − t0)/(tT − t0)``, at most 1; pace ratio ``R = P/τ`` — 时间过半、任务过半 made numeric;
- growth-rate ratio, a secondary measure, when all values are positive and the target is no ceiling;
- a target whose deadline has not come is judged by its pace (快于预期 … 倒退) and projected to the
  deadline by the least-squares line through the values known (预计可完成 / 预计难以完成);
- a target whose deadline has come is judged at the deadline and then followed: 已完成 (or 提前完成
  when reached before the deadline year), 逾期完成 when reached after it, else 未完成 with the
  shortfall. No projection is made for it.

Nothing here reads files or tables, so every rule can be tested with numbers worked by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from xnplan import facts
from xnplan.errors import ParameterError

BASE_YEAR = facts.BASE_YEAR
FINAL_YEAR = facts.FINAL_YEAR
ASSESSMENT_YEARS = facts.ASSESSMENT_YEARS

COMPLETED, COMPLETED_EARLY, COMPLETED_LATE = facts.COMPLETED, facts.COMPLETED_EARLY, facts.COMPLETED_LATE
KEPT, AHEAD, ON_TRACK = facts.KEPT, facts.AHEAD, facts.ON_TRACK
SPEED_UP, LAGGING, REGRESSING = facts.SPEED_UP, facts.LAGGING, facts.REGRESSING
NOT_YET_MET, NOT_COMPLETED = facts.NOT_YET_MET, facts.NOT_COMPLETED
NO_ASSESSMENT, NO_TARGET = facts.NO_ASSESSMENT, facts.NO_TARGET
CLASSES = facts.CLASSES

# Projection to the deadline (see :func:`projection`), for targets whose deadline has not come.
EXPECT_MET = "预计可完成"
EXPECT_NOT_MET = "预计难以完成"
CANNOT_PROJECT = "无法预计"

# Classes behind schedule: a binding (约束性) indicator in one of them is flagged (预警).
BEHIND = frozenset({SPEED_UP, LAGGING, REGRESSING, NOT_COMPLETED})
MET_CLASSES = frozenset({COMPLETED, COMPLETED_EARLY, COMPLETED_LATE, KEPT})

# Why a result has its class; the wording of each is in xnplan.assess.wording.
NO_DATA = "no_data"  # nothing observed up to the assessment year
ONLY_LATER = "only_later"  # observed only after the assessment year
ONE_VALUE = "one_value"  # a single observation and no baseline: met test only
BASELINE_MET = "baseline_met"  # the baseline already met the target: met test only
PACE = "pace"  # judged by the pace ratio R
NO_PACE = "no_pace"  # not met and R cannot be computed
REACHED = "reached"  # the target is met
FELL_BACK = "fell_back"  # met at the first observation, below the target since
DEADLINE_NO_DATA = "deadline_no_data"  # nothing observed by the deadline; a later value is used
CHANGE_ONLY = "change_only"  # no target: the change since the baseline only

# Float noise from unit conversion (×12, ÷100) must not flip a met test that holds exactly.
_EPS = 1e-9


@dataclass(frozen=True)
class Thresholds:
    """Bounds of the pace ratio R: above ``ahead`` 快于预期; from ``on_track`` to ``ahead`` (both
    included) 基本符合预期, a band around schedule; then 需加快 from ``speed_up``, 滞后 from ``lagging``,
    and 倒退 below it."""

    ahead: float = 1.05
    on_track: float = 0.95
    speed_up: float = 0.6
    lagging: float = 0.0

    def __post_init__(self) -> None:
        if not self.ahead >= self.on_track >= self.speed_up >= self.lagging:
            raise ParameterError(f"thresholds must not increase from ahead to lagging: {self}")


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Measure:
    """What the method needs to know of one target (or of a measure without one: ``target`` None)."""

    target: float | None
    baseline: float | None = None
    baseline_year: int = BASE_YEAR
    baseline_origin: str = "plan"  # "plan" | "evaluator" (a base-year value where the plan has none)
    deadline_year: int = FINAL_YEAR
    direction: int = 1
    unit: str = ""
    attribute: str = ""
    tol: float | None = None  # None: default_tolerance

    def __post_init__(self) -> None:
        if self.direction not in (1, -1):
            raise ParameterError(f"direction must be 1 or -1, not {self.direction!r}")


@dataclass(frozen=True)
class Observation:
    year: int
    value: float


@dataclass(frozen=True)
class Gap:
    """One measure at one geography in one assessment."""

    verdict: str  # one of CLASSES
    reason: str  # why (NO_DATA, PACE …); xnplan.assess.wording says it in Chinese
    assessment_year: int
    deadline_passed: bool = False  # the deadline is not after the assessment year
    met: bool | None = None  # the latest value meets the target
    x0: float | None = None
    t0: int | None = None
    baseline_origin: str = ""  # "plan" | "evaluator" | "first_observation" | ""
    xt: float | None = None  # the latest value up to the assessment year
    t: int | None = None
    share: float | None = None  # P
    tau: float | None = None  # τ
    ratio: float | None = None  # R
    growth_ratio: float | None = None
    annual_growth: float | None = None  # of the observed value since the baseline
    met_year: int | None = None  # the year the target was reached (提前完成, 逾期完成)
    shortfall: float | None = None  # d·(T − xt) of a target not met once its deadline has passed
    declined: bool = False  # moved against its direction since the baseline
    flagged: bool = False  # binding and behind (BEHIND)
    projection: str = ""  # EXPECT_MET … for a target whose deadline has not come
    projected: float | None = None  # the trend line's value at the deadline
    later_year: int | None = None  # the first observation after the assessment year, not used


# A coverage target of FULL_COVERAGE_PCT % or more is met within COVERAGE_TOLERANCE_POINTS percentage
# points: a count of sites rounds (one village of 120 missing is 99.2%). The method text reads these.
FULL_COVERAGE_PCT = 100.0
COVERAGE_TOLERANCE_POINTS = 1.0


def is_full_coverage(target: float, unit: str) -> bool:
    return unit == "%" and target >= FULL_COVERAGE_PCT


def default_tolerance(target: float, unit: str) -> float:
    """COVERAGE_TOLERANCE_POINTS for a full coverage target (rounding of a count of sites), else 0."""
    return COVERAGE_TOLERANCE_POINTS if is_full_coverage(target, unit) else 0.0


def is_ceiling(target: float, unit: str, direction: int) -> bool:
    """A target that caps the scale (100% coverage) or caps the value (lower is better).

    Compound growth towards a cap says nothing about pace, so the growth-rate ratio is skipped.
    """
    return direction < 0 or is_full_coverage(target, unit)


def is_met(value: float, target: float, direction: int = 1, tol: float = 0.0) -> bool:
    """``d·(x − T) ≥ −tol``."""
    return direction * (value - target) >= -tol - _EPS


def share_covered(x0: float, xt: float, target: float) -> float | None:
    """``P = (xt − x0)/(T − x0)``; None when the target equals the baseline (no distance)."""
    if target == x0:
        return None
    return (xt - x0) / (target - x0)


def time_elapsed(t: int, t0: int = BASE_YEAR, t_target: int = FINAL_YEAR) -> float:
    """``τ = (t − t0)/(tT − t0)``, at most 1; year-end data, so 2023 against 2020–2025 is 0.6."""
    if t_target <= t0:
        raise ParameterError(f"target year {t_target} must be after the baseline year {t0}")
    return min(1.0, (t - t0) / (t_target - t0))


def pace_ratio(share: float | None, tau: float) -> float | None:
    """``R = P/τ``; None when either is missing or no time has elapsed."""
    if share is None or tau <= 0:
        return None
    return share / tau


def annual_growth(x0: float, xt: float, years: int) -> float | None:
    """Compound annual growth rate from x0 to xt over ``years``; None unless both positive."""
    if x0 <= 0 or xt <= 0 or years <= 0:
        return None
    return (xt / x0) ** (1 / years) - 1


def growth_rate_ratio(x0: float, t0: int, xt: float, t: int, target: float, t_target: int) -> float | None:
    """Achieved annual growth over the annual growth the target requires; None when undefined."""
    achieved = annual_growth(x0, xt, t - t0)
    required = annual_growth(x0, target, t_target - t0)
    if achieved is None or required is None or required == 0:
        return None
    return achieved / required


def classify_pace(ratio: float, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """The class of a pace ratio R for a target not yet met whose deadline has not come.

    A ratio within float noise of a bound is on the bound (12.6/20/0.6 is 1.0500000000000003).
    """
    if ratio > thresholds.ahead + _EPS:
        return AHEAD
    if ratio >= thresholds.on_track - _EPS:
        return ON_TRACK
    if ratio >= thresholds.speed_up - _EPS:
        return SPEED_UP
    if ratio >= thresholds.lagging - _EPS:
        return LAGGING
    return REGRESSING


def linear_trend(points: Iterable[tuple[int, float]], year: int) -> float | None:
    """The least-squares line through ``(year, value)`` points, evaluated at ``year``.

    None with fewer than two distinct years. With two points it is the line through both.
    """
    pts = sorted(dict(points).items())
    if len(pts) < 2:
        return None
    mean_t = sum(t for t, _ in pts) / len(pts)
    mean_x = sum(x for _, x in pts) / len(pts)
    slope = sum((t - mean_t) * (x - mean_x) for t, x in pts) / sum((t - mean_t) ** 2 for t, _ in pts)
    return mean_x + slope * (year - mean_t)


def projection(
    points: Iterable[tuple[int, float]],
    *,
    target: float,
    deadline_year: int,
    met: bool,
    direction: int = 1,
    tol: float = 0.0,
) -> tuple[str, float | None]:
    """What the values known say about the deadline, and the projected value.

    - target already met: 预计可完成;
    - two or more values (the baseline counts): the least-squares line at the deadline, put to the
      met test: 预计可完成 or 预计难以完成;
    - otherwise 无法预计.
    """
    projected = linear_trend(points, deadline_year)
    if met:
        return EXPECT_MET, projected
    if projected is None:
        return CANNOT_PROJECT, None
    return (EXPECT_MET if is_met(projected, target, direction, tol) else EXPECT_NOT_MET), projected


@dataclass(frozen=True)
class _Known:
    """The observations usable at the assessment year, and the baseline they are measured from."""

    values: tuple[Observation, ...]  # up to the assessment year, by year
    base: Observation | None  # the baseline: its year and value
    origin: str

    @property
    def last(self) -> Observation:
        return self.values[-1]

    @property
    def x0(self) -> float | None:
        return None if self.base is None else self.base.value

    @property
    def t0(self) -> int | None:
        return None if self.base is None else self.base.year


def _known(measure: Measure, observations: list[Observation], assessment_year: int) -> _Known:
    values = tuple(sorted((o for o in observations if o.year <= assessment_year), key=lambda o: o.year))
    if measure.baseline is not None:
        return _Known(values, Observation(measure.baseline_year, measure.baseline), measure.baseline_origin)
    # The first observation stands in for the missing baseline when it leaves time to measure pace.
    if len(values) > 1 and values[0].year < measure.deadline_year:
        return _Known(values, values[0], "first_observation")
    return _Known(values, None, "")


def assess(
    measure: Measure,
    observations: Iterable[Observation],
    assessment_year: int,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Gap:
    """Judge one measure against the observations known at the end of ``assessment_year``.

    A value observed after the assessment year says nothing about it and is not used (its year is
    kept in ``later_year``).
    """
    observations = list(observations)
    later = sorted(o.year for o in observations if o.year > assessment_year)
    known = _known(measure, observations, assessment_year)
    passed = measure.target is not None and measure.deadline_year <= assessment_year
    if not known.values:
        verdict = NO_TARGET if measure.target is None else NO_ASSESSMENT
        return Gap(
            verdict,
            ONLY_LATER if later else NO_DATA,
            assessment_year,
            deadline_passed=passed,
            x0=measure.baseline,
            t0=measure.baseline_year if measure.baseline is not None else None,
            baseline_origin=measure.baseline_origin if measure.baseline is not None else "",
            later_year=later[0] if later else None,
        )
    common = _common(measure, known, assessment_year, later)
    if measure.target is None:
        declined = known.x0 is not None and measure.direction * (known.last.value - known.x0) < 0
        return Gap(NO_TARGET, CHANGE_ONLY, declined=declined, **common)
    pace = _pace(measure, known)
    if passed:
        gap = _after_deadline(measure, known, **common, **pace)
    else:
        gap = _before_deadline(measure, known, thresholds, **common, **pace)
    flagged = measure.attribute == facts.BINDING and gap.verdict in BEHIND
    return replace(gap, flagged=flagged)


def _tolerance(measure: Measure) -> float:
    assert measure.target is not None
    return default_tolerance(measure.target, measure.unit) if measure.tol is None else measure.tol


def _met(measure: Measure, value: float) -> bool:
    assert measure.target is not None
    return is_met(value, measure.target, measure.direction, _tolerance(measure))


def _common(measure: Measure, known: _Known, assessment_year: int, later: list[int]) -> dict:
    last, base = known.last, known.base
    return dict(
        assessment_year=assessment_year,
        deadline_passed=measure.target is not None and measure.deadline_year <= assessment_year,
        x0=known.x0,
        t0=known.t0,
        baseline_origin=known.origin if base is not None else "",
        xt=last.value,
        t=last.year,
        annual_growth=None if base is None else annual_growth(base.value, last.value, last.year - base.year),
        later_year=later[0] if later else None,
    )


def _pace(measure: Measure, known: _Known) -> dict:
    """P, τ, R and the growth-rate ratio of the latest value; empty without a usable baseline."""
    base, target = known.base, measure.target
    if base is None or target is None or _met(measure, base.value):
        return {}
    if base.year >= measure.deadline_year:  # a first observation made at or after the deadline
        return {}
    last = known.last
    share = share_covered(base.value, last.value, target)
    tau = time_elapsed(last.year, base.year, measure.deadline_year)
    growth = (
        None
        if is_ceiling(target, measure.unit, measure.direction)
        else growth_rate_ratio(base.value, base.year, last.value, last.year, target, measure.deadline_year)
    )
    return dict(share=share, tau=tau, ratio=pace_ratio(share, tau), growth_ratio=growth)


def _before_deadline(measure: Measure, known: _Known, thresholds: Thresholds, **fields) -> Gap:
    """A target still ahead of its deadline: met, or judged by its pace, and projected."""
    assert measure.target is not None
    met = _met(measure, known.last.value)
    base = [known.base] if known.base is not None else []
    points = [(o.year, o.value) for o in (*base, *known.values)]
    outlook, projected = projection(
        points,
        target=measure.target,
        deadline_year=measure.deadline_year,
        met=met,
        direction=measure.direction,
        tol=_tolerance(measure),
    )
    fields.update(met=met, projection=outlook, projected=projected)
    if known.x0 is None:
        return Gap(COMPLETED if met else NOT_YET_MET, ONE_VALUE, **fields)
    if _met(measure, known.x0) and known.origin == "first_observation":
        return Gap(COMPLETED, REACHED, **fields) if met else Gap(REGRESSING, FELL_BACK, **fields)
    if _met(measure, known.x0):
        return Gap(KEPT if met else REGRESSING, BASELINE_MET, **fields)
    if met:
        return Gap(COMPLETED, REACHED, **fields)
    if fields.get("ratio") is None:
        return Gap(NOT_YET_MET, NO_PACE, **fields)
    return Gap(classify_pace(fields["ratio"], thresholds), PACE, **fields)


def _after_deadline(measure: Measure, known: _Known, **fields) -> Gap:
    """A target whose deadline has come: judged at the deadline, then followed to the assessment year."""
    deadline = measure.deadline_year
    by_deadline = [o for o in known.values if o.year <= deadline]
    after = [o for o in known.values if o.year > deadline]
    fields.update(met=_met(measure, known.last.value))
    if not by_deadline:
        return _judged_after_deadline(measure, known, after, **fields)
    # met before the plan began (a first observation standing in for the baseline does not count)
    baseline_met = known.origin in ("plan", "evaluator") and known.x0 is not None and _met(measure, known.x0)
    if _met(measure, by_deadline[-1].value):
        return _met_at_deadline(measure, known, by_deadline, baseline_met, **fields)
    late = next((o.year for o in after if _met(measure, o.value)), None)
    if late is not None and fields["met"]:
        return Gap(COMPLETED_LATE, REACHED, met_year=late, **fields)
    return Gap(
        NOT_COMPLETED,
        BASELINE_MET if baseline_met else REACHED,
        shortfall=_shortfall(measure, known.last.value),
        **fields,
    )


def _judged_after_deadline(measure: Measure, known: _Known, after: list[Observation], **fields) -> Gap:
    """Only values observed after the deadline: whether the target was reached in time is unknown."""
    if fields["met"]:
        reached = next((o.year for o in after if _met(measure, o.value)), None)
        return Gap(COMPLETED, DEADLINE_NO_DATA, met_year=reached, **fields)
    return Gap(NOT_COMPLETED, DEADLINE_NO_DATA, shortfall=_shortfall(measure, known.last.value), **fields)


def _met_at_deadline(
    measure: Measure, known: _Known, by_deadline: list[Observation], baseline_met: bool, **fields
) -> Gap:
    """The last value by the deadline met the target: completed (early, if so), or fallen back since."""
    since = _reached_since(measure, by_deadline)
    if not fields["met"]:  # reached by the deadline, below the target again since
        return Gap(
            NOT_COMPLETED,
            FELL_BACK,
            met_year=since,
            shortfall=_shortfall(measure, known.last.value),
            **fields,
        )
    early = since < measure.deadline_year and not baseline_met
    reason = BASELINE_MET if baseline_met else REACHED
    return Gap(COMPLETED_EARLY if early else COMPLETED, reason, met_year=since, **fields)


def _reached_since(measure: Measure, values: list[Observation]) -> int:
    """The first year from which every value up to the last one meets the target."""
    since = values[-1].year
    for obs in reversed(values):
        if not _met(measure, obs.value):
            break
        since = obs.year
    return since


def _shortfall(measure: Measure, value: float) -> float:
    assert measure.target is not None
    return measure.direction * (measure.target - value)


def valid_assessment_year(year: object) -> int:
    """The assessment year as an int, or ParameterError naming the valid values."""
    if (
        isinstance(year, bool)
        or not isinstance(year, int | str)
        or str(year).strip() not in map(str, ASSESSMENT_YEARS)
    ):
        valid = "或".join(map(str, ASSESSMENT_YEARS))
        raise ParameterError(
            f"评估年份应为{valid}（中期评估或总结评估），而不是 {year!r} "
            f"(assessment_year must be 2023 or 2025)"
        )
    return int(str(year).strip())
