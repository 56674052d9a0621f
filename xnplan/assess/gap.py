"""Target-gap arithmetic and classification (docs/target_gap.md#method-xnplanassessgappy), as pure functions.

Notation: baseline ``x0`` in year ``t0`` (2020), observed ``xt`` in year ``t``, target ``T`` due in
``tT``, direction ``d`` (+1 when higher is better, -1 when lower is better).

- met: ``d·(xt − T) ≥ −tol`` (tol 0; 1 point for 100% coverage targets);
- share of the distance covered ``P = (xt − x0)/(T − x0)``; share of time elapsed
  ``τ = (t − t0)/(tT − t0)``; pace ratio ``R = P/τ`` — 时间过半、任务过半 made numeric;
- growth-rate ratio, a secondary measure, when all values are positive and the target is no ceiling;
- projection to the deadline: the least-squares line through every value known by the year judged
  (the baseline counts), evaluated at ``tT`` and put to the met test: 预计可完成 / 预计难以完成, or
  无法预计 with fewer than two values.

Nothing here reads files or tables: the notebook and the catalogue feed numbers in, so every rule
can be tested with numbers worked by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from xnplan.errors import ParameterError

BASE_YEAR = 2020
FINAL_YEAR = 2025
ASSESSMENT_YEARS = (2023, 2025)
ASSESSMENT_LABELS = {2023: "中期评估", 2025: "终期评估"}  # how reports and files name each assessment

# Classes, best to worst; the last three are not judgements of pace.
COMPLETED = "已完成"
AHEAD = "快于预期"
ON_TRACK = "基本符合预期"
SPEED_UP = "需加快"
LAGGING = "滞后"
REGRESSING = "倒退"
KEPT = "保持"  # target already met at baseline and still met
NOT_MET = "未达标"  # met test failed and pace cannot be measured (a single observation, no baseline)
NO_ASSESSMENT = "无法评估"  # no observation usable for this assessment
NO_TARGET = "无目标"  # the plan sets no number: the change is shown, no class is given
CLASSES = (COMPLETED, KEPT, AHEAD, ON_TRACK, SPEED_UP, LAGGING, REGRESSING, NOT_MET, NO_ASSESSMENT,
           NO_TARGET)

# Projection to the deadline (see :func:`projection`).
EXPECT_MET = "预计可完成"
EXPECT_NOT_MET = "预计难以完成"
CANNOT_PROJECT = "无法预计"
DUE_MET = "已到期，已达标"
DUE_NOT_MET = "已到期，未达标"

# A binding (约束性) indicator in one of these classes at mid-term is flagged.
BELOW_ON_TRACK = frozenset({SPEED_UP, LAGGING, REGRESSING, NOT_MET})
BINDING = "约束性"

# Float noise from unit conversion (×12, ÷100) must not flip a met test that holds exactly.
_EPS = 1e-9


@dataclass(frozen=True)
class Thresholds:
    """Lower bounds of the pace ratio R for each class; R below ``lagging`` is 倒退."""

    ahead: float = 1.0
    on_track: float = 0.95
    speed_up: float = 0.6
    lagging: float = 0.0

    def __post_init__(self) -> None:
        if not self.ahead >= self.on_track >= self.speed_up >= self.lagging:
            raise ValueError(f"thresholds must not increase from ahead to lagging: {self}")


DEFAULT_THRESHOLDS = Thresholds()


def default_tolerance(target: float, unit: str) -> float:
    """1 percentage point for a 100% coverage target (rounding of a count of sites), else 0."""
    return 1.0 if unit == "%" and target >= 100 else 0.0


def is_ceiling(target: float, unit: str, direction: int) -> bool:
    """A target that caps the scale (100% coverage) or caps the value (lower is better).

    Compound growth towards a cap says nothing about pace, so the growth-rate ratio is skipped.
    """
    return direction < 0 or (unit == "%" and target >= 100)


def is_met(value: float, target: float, direction: int = 1, tol: float = 0.0) -> bool:
    """``d·(x − T) ≥ −tol``."""
    return direction * (value - target) >= -tol - _EPS


def share_covered(x0: float, xt: float, target: float) -> float | None:
    """``P = (xt − x0)/(T − x0)``; None when the target equals the baseline (no distance)."""
    if target == x0:
        return None
    return (xt - x0) / (target - x0)


def time_elapsed(t: int, t0: int = BASE_YEAR, t_target: int = FINAL_YEAR) -> float:
    """``τ = (t − t0)/(tT − t0)``; year-end data, so 2023 against 2020–2025 is 0.6."""
    if t_target <= t0:
        raise ValueError(f"target year {t_target} must be after the baseline year {t0}")
    return (t - t0) / (t_target - t0)


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
    """The class of a pace ratio R for a target not yet met."""
    if ratio >= thresholds.ahead:
        return AHEAD
    if ratio >= thresholds.on_track:
        return ON_TRACK
    if ratio >= thresholds.speed_up:
        return SPEED_UP
    if ratio >= thresholds.lagging:
        return LAGGING
    return REGRESSING


@dataclass(frozen=True)
class Observation:
    year: int
    value: float


@dataclass(frozen=True)
class Gap:
    """One indicator (or target) at one geography in one assessment."""

    klass: str
    note: str  # why this class, in Chinese, for the report
    eval_year: int  # the year judged: the assessment year, or the deadline when it came first
    met: bool | None = None
    x0: float | None = None
    t0: int | None = None
    baseline_origin: str = ""  # "plan" | "first_observation" | ""
    xt: float | None = None
    t: int | None = None
    share: float | None = None  # P
    tau: float | None = None  # τ
    ratio: float | None = None  # R
    growth_ratio: float | None = None
    annual_growth: float | None = None  # of the observed value since the baseline
    flagged: bool = False  # binding indicator behind (mid-term) or not met (final)
    projection: str = ""  # EXPECT_MET … (see :func:`projection`); "" without a target
    projected: float | None = None  # the line's value at the deadline


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


def projection(points: Iterable[tuple[int, float]], *, target: float, deadline_year: int, eval_year: int,
               met: bool, direction: int = 1, tol: float = 0.0) -> tuple[str, float | None]:
    """What the values known by ``eval_year`` say about the deadline, and the projected value.

    - deadline reached (``eval_year ≥ deadline``): 已到期，已达标 / 已到期，未达标, the met test itself;
    - target already met: 预计可完成;
    - two or more values (the baseline counts): the least-squares line at the deadline, put to the
      met test: 预计可完成 or 预计难以完成;
    - otherwise 无法预计.
    """
    if eval_year >= deadline_year:
        return (DUE_MET if met else DUE_NOT_MET), None
    projected = linear_trend(points, deadline_year)
    if met:
        return EXPECT_MET, projected
    if projected is None:
        return CANNOT_PROJECT, None
    return (EXPECT_MET if is_met(projected, target, direction, tol) else EXPECT_NOT_MET), projected


def assess(*, target: float | None, observations: Iterable[Observation], assessment_year: int,
           baseline: float | None = None, baseline_year: int = BASE_YEAR, deadline_year: int = FINAL_YEAR,
           direction: int = 1, unit: str = "", attribute: str = "", tol: float | None = None,
           thresholds: Thresholds = DEFAULT_THRESHOLDS, baseline_origin: str = "plan") -> Gap:
    """Judge one target against the observations available at ``assessment_year``.

    Only observations up to the year judged are used: a deadline before the assessment year is
    judged at its deadline, and a value observed after the assessment year says nothing about it.
    ``baseline_origin`` says where a given baseline comes from ("plan", or "evaluator" for a
    base-year value the evaluator supplied where the plan states none).
    """
    if direction not in (1, -1):
        raise ValueError(f"direction must be 1 or -1, not {direction!r}")
    eval_year = min(assessment_year, deadline_year)
    usable = sorted((o for o in observations if o.year <= eval_year), key=lambda o: o.year)
    later = [o.year for o in observations if o.year > eval_year]
    if not usable:
        note = "无数据" if not later else (
            f"无数据:{eval_year}年及以前无观测值(有{min(later)}年观测值,晚于评估年份,不采用)")
        if target is None:  # no target is the finding whether or not anything was observed
            return Gap(NO_TARGET, "规划未设定目标值;" + note, eval_year)
        return Gap(NO_ASSESSMENT, note, eval_year, projection=CANNOT_PROJECT)
    last = usable[-1]
    x0, t0, origin = baseline, baseline_year, baseline_origin
    if x0 is None and len(usable) > 1:
        x0, t0, origin = usable[0].value, usable[0].year, "first_observation"
    growth = None if x0 is None else annual_growth(x0, last.value, last.year - t0)
    common = dict(eval_year=eval_year, x0=x0, t0=t0 if x0 is not None else None,
                  baseline_origin=origin if x0 is not None else "", xt=last.value, t=last.year,
                  annual_growth=growth)
    if target is None:
        return Gap(NO_TARGET, "规划未设定目标值,仅列变化", **common)
    tol = default_tolerance(target, unit) if tol is None else tol
    met = is_met(last.value, target, direction, tol)
    final = assessment_year >= deadline_year
    binding = attribute == BINDING

    points = ([(t0, x0)] if x0 is not None else []) + [(o.year, o.value) for o in usable]
    outlook, projected = projection(points, target=target, deadline_year=deadline_year, eval_year=eval_year,
                                    met=met, direction=direction, tol=tol)

    def done(klass: str, note: str, **pace) -> Gap:
        flagged = binding and ((final and not met) or (not final and klass in BELOW_ON_TRACK))
        return Gap(klass, note, met=met, flagged=flagged, projection=outlook, projected=projected,
                   **common, **pace)

    if x0 is None:
        return done(COMPLETED if met else NOT_MET, "仅有一个观测值且无基线,只作达标判断")
    if is_met(x0, target, direction, tol):
        return done(KEPT if met else REGRESSING, "基线已达到目标,只作达标判断")
    share = share_covered(x0, last.value, target)
    tau = time_elapsed(last.year, t0, deadline_year)
    ratio = pace_ratio(share, tau)
    grr = None if is_ceiling(target, unit, direction) else growth_rate_ratio(
        x0, t0, last.value, last.year, target, deadline_year)
    pace = dict(share=share, tau=tau, ratio=ratio, growth_ratio=grr)
    if met:
        return done(COMPLETED, "已达到目标", **pace)
    if ratio is None:  # share is never None here: x0 not met and xt not met means T ≠ x0
        return done(NOT_MET, "无法计算进度", **pace)
    return done(classify_pace(ratio, thresholds), f"进度比 R = {ratio:.2f}", **pace)


def valid_assessment_year(year: object) -> int:
    """The assessment year as an int, or ParameterError naming the valid values."""
    if isinstance(year, bool) or not isinstance(year, int | str) or str(year).strip() not in map(
            str, ASSESSMENT_YEARS):
        valid = " or ".join(map(str, ASSESSMENT_YEARS))
        raise ParameterError(
            f"assessment_year must be {valid} (mid-term or final review), not {year!r}")
    return int(str(year).strip())
