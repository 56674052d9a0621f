"""Target-gap arithmetic: every class with numbers worked by hand (arithmetic in the comments).

Unless a test says otherwise: baseline x0 in 2020, target T due 2025, higher is better, and the
mid-term assessment (2023) with year-end data, so τ = (2023 − 2020)/(2025 − 2020) = 3/5 = 0.6.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xnplan.assess import gap
from xnplan.assess.gap import Measure
from xnplan.assess.gap import Observation as Obs
from xnplan.errors import ParameterError


def judge(target: float | None, observations: list[Obs], year: int = 2023, **measure) -> gap.Gap:
    return gap.assess(Measure(target=target, **measure), observations, year)


def mid(
    value: float, *, x0: float | None = 40.0, target: float | None = 60.0, thresholds=None, **measure
) -> gap.Gap:
    return gap.assess(
        Measure(target=target, baseline=x0, **measure),
        [Obs(2023, value)],
        2023,
        thresholds or gap.DEFAULT_THRESHOLDS,
    )


def test_time_elapsed_mid_term_is_six_tenths():
    # (2023 − 2020)/(2025 − 2020) = 3/5; a value after the deadline counts the whole period: at most 1
    assert gap.time_elapsed(2023) == pytest.approx(0.6)
    assert gap.time_elapsed(2025) == 1.0
    assert gap.time_elapsed(2023, 2020, 2022) == 1.0
    with pytest.raises(ParameterError):
        gap.time_elapsed(2023, 2020, 2020)


def test_completed_when_target_reached():
    # 61 ≥ 60 → d·(xt − T) = 1 ≥ 0; the pace is still shown: P = (61 − 40)/20 = 1.05, R = 1.05/0.6 = 1.75
    result = mid(61)
    assert result.verdict == gap.COMPLETED and result.met
    assert result.share == pytest.approx(1.05) and result.ratio == pytest.approx(1.75)
    assert result.projection == gap.EXPECT_MET


@pytest.mark.parametrize(
    ("observed", "ratio", "verdict"),
    [
        (53, 1.0833, gap.AHEAD),  # P = 13/20 = 0.65; R = 0.65/0.6 = 1.083 > 1.05
        (52.6, 1.05, gap.ON_TRACK),  # P = 12.6/20 = 0.63; R = 1.05: the band's upper edge is on schedule
        (52, 1.0, gap.ON_TRACK),  # P = 12/20 = 0.6 = τ: exactly on schedule
        (51.6, 0.9667, gap.ON_TRACK),  # P = 11.6/20 = 0.58; R = 0.967, in [0.95, 1.05]
        (50, 0.8333, gap.SPEED_UP),  # P = 10/20 = 0.5; R = 0.833, in [0.6, 0.95)
        (44, 0.3333, gap.LAGGING),  # P = 4/20 = 0.2; R = 0.333, in [0, 0.6)
        (38, -0.1667, gap.REGRESSING),  # P = −2/20 = −0.1; R = −0.167 < 0
    ],
)
def test_pace_classes(observed, ratio, verdict):
    result = mid(observed)  # P = (observed − 40)/(60 − 40)
    assert result.ratio == pytest.approx(ratio, abs=1e-4)
    assert result.verdict == verdict
    assert result.reason == gap.PACE and not result.deadline_passed


def test_class_boundaries():
    # the band [0.95, 1.05] around schedule is 基本符合预期; 快于预期 is clearly ahead
    assert gap.classify_pace(1.0501) == gap.AHEAD
    assert gap.classify_pace(1.05) == gap.ON_TRACK
    assert gap.classify_pace(1.0) == gap.ON_TRACK
    assert gap.classify_pace(0.95) == gap.ON_TRACK
    assert gap.classify_pace(0.9499) == gap.SPEED_UP
    assert gap.classify_pace(0.6) == gap.SPEED_UP
    assert gap.classify_pace(0.0) == gap.LAGGING
    assert gap.classify_pace(-0.01) == gap.REGRESSING


def test_thresholds_are_configurable():
    # R = 0.833 with the on-track bound lowered to 0.8 → 基本符合预期
    assert mid(50, thresholds=gap.Thresholds(on_track=0.8)).verdict == gap.ON_TRACK
    with pytest.raises(ParameterError):
        gap.Thresholds(ahead=0.9, on_track=0.95)


def test_met_at_baseline_gets_the_met_test_only():
    # x0 = 100 already meets T = 100 %; tol = 1 point for a 100% coverage target
    # 99.5: 99.5 − 100 = −0.5 ≥ −1 → still met → 保持;  98: −2 < −1 → 倒退
    kept = mid(99.5, x0=100, target=100, unit="%")
    assert kept.verdict == gap.KEPT and kept.ratio is None and kept.reason == gap.BASELINE_MET
    assert mid(98, x0=100, target=100, unit="%").verdict == gap.REGRESSING


def test_full_coverage_target_has_one_point_tolerance():
    # 99 − 100 = −1 ≥ −1 → met; 98.9 − 100 = −1.1 < −1 → not met
    assert mid(99, x0=50, target=100, unit="%").verdict == gap.COMPLETED
    assert mid(98.9, x0=50, target=100, unit="%").met is False
    assert mid(59.9, unit="%").met is False  # a 60% target has no tolerance


def test_missing_baseline_uses_the_earliest_observation_and_counts_time_from_it():
    # x0 = 30 observed 2021; xt = 42 in 2023; P = (42 − 30)/(60 − 30) = 12/30 = 0.4
    # τ = (2023 − 2021)/(2025 − 2021) = 2/4 = 0.5 (from the year of the base value shown); R = 0.8 → 需加快
    result = judge(60, [Obs(2023, 42), Obs(2021, 30)], baseline=None)
    assert (result.x0, result.t0, result.baseline_origin) == (30, 2021, "first_observation")
    assert result.share == pytest.approx(0.4)
    assert result.tau == pytest.approx(0.5)
    assert result.ratio == pytest.approx(0.8)
    assert result.verdict == gap.SPEED_UP


def test_single_observation_without_baseline_at_mid_term():
    # 50 < 60 with the deadline ahead: 尚未达标 (no pace, and not 未完成: the deadline has not come)
    below = judge(60, [Obs(2022, 50)], baseline=None)
    assert below.verdict == gap.NOT_YET_MET and below.ratio is None and below.reason == gap.ONE_VALUE
    assert judge(60, [Obs(2022, 65)], baseline=None).verdict == gap.COMPLETED


def test_no_observation_cannot_be_assessed():
    none = judge(60, [], baseline=40)
    assert none.verdict == gap.NO_ASSESSMENT and none.reason == gap.NO_DATA
    # a 2024 value says nothing about the end of 2023
    later = judge(60, [Obs(2024, 83.36)], baseline=40)
    assert later.verdict == gap.NO_ASSESSMENT and later.reason == gap.ONLY_LATER and later.later_year == 2024


def test_deadline_passed_and_reached_a_year_late():
    # I14-01-like: 100% due 2022. 2022: 83.3 (not met: 83.3 − 100 = −16.7 < −1); 2023: 100 (met)
    # → judged at the deadline (not met), then followed: 逾期完成, reached in 2023
    result = judge(
        100,
        [Obs(2022, 83.3), Obs(2023, 100)],
        baseline=None,
        deadline_year=2022,
        unit="%",
        attribute="约束性",
    )
    assert result.deadline_passed
    assert result.verdict == gap.COMPLETED_LATE and result.met_year == 2023
    assert (result.t, result.xt) == (2023, 100)
    assert not result.flagged and result.projection == ""


def test_deadline_passed_and_missed():
    # 100% due 2022, baseline 50: 2022 80, 2023 90 → never reached; shortfall 100 − 90 = 10 points
    # P = (90 − 50)/(100 − 50) = 0.8 at the latest value; τ = 1 (the deadline has passed)
    result = judge(
        100, [Obs(2022, 80), Obs(2023, 90)], baseline=50, deadline_year=2022, unit="%", attribute="约束性"
    )
    assert result.verdict == gap.NOT_COMPLETED and result.shortfall == pytest.approx(10)
    assert result.share == pytest.approx(0.8) and result.tau == 1.0
    assert result.flagged


def test_final_assessment_vocabulary():
    # 2025 final, target 60 due 2025, baseline 40:
    # reached in 2023 and still met in 2025 → 提前完成 (2023)
    early = judge(60, [Obs(2023, 61), Obs(2024, 62), Obs(2025, 63)], 2025, baseline=40)
    assert early.verdict == gap.COMPLETED_EARLY and early.met_year == 2023
    # reached only in 2025 → 已完成
    on_time = judge(60, [Obs(2023, 50), Obs(2025, 60)], 2025, baseline=40)
    assert on_time.verdict == gap.COMPLETED and on_time.met_year == 2025
    # dipped below in 2024: reached "since" 2025 only → 已完成, not 提前完成
    dipped = judge(60, [Obs(2023, 61), Obs(2024, 59), Obs(2025, 61)], 2025, baseline=40)
    assert dipped.verdict == gap.COMPLETED and dipped.met_year == 2025
    # 57 in 2025: shortfall 60 − 57 = 3; no projection, no pace class
    missed = judge(60, [Obs(2025, 57)], 2025, baseline=40)
    assert missed.verdict == gap.NOT_COMPLETED and missed.shortfall == pytest.approx(3)
    assert missed.projection == ""


def test_final_with_a_stale_value():
    # the latest value is from 2024 (57 < 60): still judged, 未完成 with shortfall 3, latest year 2024
    result = judge(60, [Obs(2024, 57)], 2025, baseline=40, attribute="约束性")
    assert result.verdict == gap.NOT_COMPLETED and result.t == 2024 and result.flagged


def test_baseline_met_at_the_final_is_completed_not_early():
    # T12-like: 农村社区综合服务设施覆盖率 ≥70%, 2020 already 100%; 2025 100% → 已完成 (met before the plan)
    result = judge(70, [Obs(2025, 100)], 2025, baseline=100, unit="%")
    assert result.verdict == gap.COMPLETED and result.reason == gap.BASELINE_MET


def test_lower_is_better():
    # d = −1, x0 = 10, T = 6: 8 → −(8 − 6) = −2 < 0 not met; P = (8 − 10)/(6 − 10) = 0.5; R = 0.833
    result = mid(8, x0=10, target=6, direction=-1)
    assert result.met is False and result.share == pytest.approx(0.5)
    assert result.verdict == gap.SPEED_UP
    assert result.growth_ratio is None  # a ceiling: no growth-rate ratio
    assert mid(5.5, x0=10, target=6, direction=-1).verdict == gap.COMPLETED  # −(5.5 − 6) = 0.5 ≥ 0


def test_growth_rate_ratio():
    # achieved (50/40)^(1/3) − 1 = 0.07722; required (60/40)^(1/5) − 1 = 0.08447; ratio 0.9141
    assert mid(50, unit="%").growth_ratio == pytest.approx(0.9141, abs=1e-4)
    assert mid(90, x0=50, target=100, unit="%").growth_ratio is None  # 100% coverage is a ceiling
    assert gap.growth_rate_ratio(0, 2020, 5, 2023, 10, 2025) is None


def test_binding_flag():
    # mid-term: 需加快 (R = 0.833) flagged, 基本符合预期 (R = 0.967) not, 预期性 never
    assert mid(50, attribute="约束性").flagged
    assert not mid(51.6, attribute="约束性").flagged
    assert not mid(50, attribute="预期性").flagged
    # 尚未达标 (pace unknown) is not called behind
    assert not judge(60, [Obs(2023, 50)], baseline=None, attribute="约束性").flagged


def test_no_target_shows_the_change_and_flags_a_decline():
    # 城市低保 2020 623 元/月, 2023 720: annual growth (720/623)^(1/3) − 1 = 4.94%
    result = mid(720, x0=623, target=None)
    assert result.verdict == gap.NO_TARGET and result.met is None and result.ratio is None
    assert result.annual_growth == pytest.approx(0.04942, abs=1e-5) and not result.declined
    # 每千名老年人口床位 36.4 (2020) → 34.8 (2023): a decline, though there is no target
    assert mid(34.8, x0=36.4, target=None).declined
    empty = judge(None, [], baseline=623)
    assert empty.verdict == gap.NO_TARGET and empty.reason == gap.NO_DATA


def test_projection_worked_by_hand():
    # 护理型床位占比 32% (2020), 50% (2023): 6 points a year → 62% in 2025 ≥ 60 → 预计可完成
    up = mid(50, x0=32)
    assert up.projected == pytest.approx(62) and up.projection == gap.EXPECT_MET
    # 集中供养率 56 → 57: 1/3 point a year → 57.67 in 2025 < 60 → 预计难以完成
    slow = mid(57, x0=56)
    assert slow.projected == pytest.approx(57.6667, abs=1e-4) and slow.projection == gap.EXPECT_NOT_MET
    assert judge(60, [Obs(2023, 50)], baseline=None).projection == gap.CANNOT_PROJECT


def test_assessment_year_parameter():
    assert gap.valid_assessment_year(2023) == 2023
    assert gap.valid_assessment_year("2025") == 2025
    for bad in (2024, "mid", True, None, 2023.0):
        with pytest.raises(ParameterError, match="2023或2025"):
            gap.valid_assessment_year(bad)


def test_a_bad_direction_is_refused():
    with pytest.raises(ParameterError, match="direction"):
        Measure(target=1, direction=0)


@given(
    x0=st.floats(0, 1000) | st.none(),
    values=st.lists(
        st.tuples(st.integers(2021, 2025), st.floats(0, 1000)), max_size=4, unique_by=lambda v: v[0]
    ),
    target=st.floats(0, 1000) | st.none(),
    deadline=st.sampled_from([2022, 2025]),
    direction=st.sampled_from([1, -1]),
    year=st.sampled_from([2023, 2025]),
)
def test_always_one_class_of_its_assessment(x0, values, target, deadline, direction, year):
    result = gap.assess(
        Measure(target=target, baseline=x0, deadline_year=deadline, direction=direction, unit="%"),
        [Obs(t, v) for t, v in values],
        year,
    )
    allowed = gap.facts.FINAL_CLASSES if year == 2025 else gap.facts.MIDTERM_CLASSES
    assert result.verdict in allowed
    if result.deadline_passed:  # no pace class and no projection once the deadline has come
        assert result.verdict not in (gap.AHEAD, gap.ON_TRACK, gap.SPEED_UP, gap.LAGGING, gap.NOT_YET_MET)
        assert result.projection == ""
    if result.met is False and result.verdict in gap.MET_CLASSES:
        pytest.fail(f"{result.verdict} for a latest value that does not meet the target")


def test_a_first_observation_that_met_the_target_is_no_baseline_met_before_the_plan():
    # no plan baseline; 2021: 65 ≥ 60 (met), 2023: 66 → 已完成 (not 保持, which means met in 2020)
    assert judge(60, [Obs(2021, 65), Obs(2023, 66)], baseline=None).verdict == gap.COMPLETED
    # 2021: 65, 2023: 55 → fell back below the target: 倒退
    fell = judge(60, [Obs(2021, 65), Obs(2023, 55)], baseline=None)
    assert fell.verdict == gap.REGRESSING and fell.reason == gap.FELL_BACK


def test_reached_by_the_deadline_and_below_it_since():
    # 100% due 2022: 2022 100 (met), 2023 95 (95 − 100 = −5 < −1) → 未完成 at 2023, reached in 2022
    result = judge(100, [Obs(2022, 100), Obs(2023, 95)], baseline=None, deadline_year=2022, unit="%")
    assert result.verdict == gap.NOT_COMPLETED and result.reason == gap.FELL_BACK
    assert result.met_year == 2022 and result.shortfall == pytest.approx(5)


def test_least_squares_line():
    # Through (2020, 10), (2021, 12), (2023, 17): with t counted from 2020, mean t = 4/3, mean x = 13,
    # Σ(t − t̄)(x − x̄) = 4 + 1/3 + 20/3 = 11, Σ(t − t̄)² = 42/9, slope = 33/14;
    # at 2025: 13 + 33/14 · 11/3 = 303/14
    assert gap.linear_trend([(2020, 10), (2021, 12), (2023, 17)], 2025) == pytest.approx(303 / 14)
    assert gap.linear_trend([(2020, 10)], 2025) is None
    assert gap.projection([(2020, 10)], target=20, deadline_year=2025, met=False) == ("无法预计", None)
    outlook, _ = gap.projection([(2020, 10), (2023, 22)], target=20, deadline_year=2025, met=True)
    assert outlook == "预计可完成"
