"""Target-gap arithmetic: every class with numbers worked by hand (arithmetic in the comments).

Unless a test says otherwise: baseline x0 in 2020, target T due 2025, higher is better, and the
mid-term assessment (2023) with year-end data, so τ = (2023 − 2020)/(2025 − 2020) = 3/5 = 0.6.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xnplan.assess import gap
from xnplan.assess.gap import Observation as Obs
from xnplan.errors import ParameterError


def mid(value: float, *, x0: float | None = 40.0, target: float | None = 60.0, **kw) -> gap.Gap:
    return gap.assess(target=target, baseline=x0, observations=[Obs(2023, value)], assessment_year=2023, **kw)


def test_time_elapsed_mid_term_is_six_tenths():
    # (2023 − 2020)/(2025 − 2020) = 3/5
    assert gap.time_elapsed(2023) == pytest.approx(0.6)
    assert gap.time_elapsed(2025) == 1.0
    with pytest.raises(ValueError):
        gap.time_elapsed(2023, 2020, 2020)


def test_completed_when_target_reached():
    # 61 ≥ 60 → d·(xt − T) = 1 ≥ 0; the pace is still shown: P = (61 − 40)/20 = 1.05, R = 1.05/0.6 = 1.75
    result = mid(61)
    assert result.klass == gap.COMPLETED and result.met
    assert result.share == pytest.approx(1.05) and result.ratio == pytest.approx(1.75)


def test_ahead_of_schedule():
    # P = (53 − 40)/(60 − 40) = 13/20 = 0.65; R = 0.65/0.6 = 1.083 ≥ 1
    result = mid(53)
    assert result.share == pytest.approx(0.65)
    assert result.tau == pytest.approx(0.6)
    assert result.ratio == pytest.approx(1.0833, abs=1e-4)
    assert result.klass == gap.AHEAD and result.met is False


@pytest.mark.parametrize(("observed", "ratio", "klass"), [
    (51.6, 0.9667, gap.ON_TRACK),  # P = 11.6/20 = 0.58; R = 0.58/0.6 = 0.967, in [0.95, 1)
    (50, 0.8333, gap.SPEED_UP),  # P = 10/20 = 0.5; R = 0.5/0.6 = 0.833, in [0.6, 0.95)
    (44, 0.3333, gap.LAGGING),  # P = 4/20 = 0.2; R = 0.2/0.6 = 0.333, in [0, 0.6)
    (38, -0.1667, gap.REGRESSING),  # P = −2/20 = −0.1; R = −0.1/0.6 = −0.167 < 0
])
def test_pace_classes_below_schedule(observed, ratio, klass):
    result = mid(observed)  # P = (observed − 40)/(60 − 40)
    assert result.ratio == pytest.approx(ratio, abs=1e-4)
    assert result.klass == klass


def test_class_boundaries_belong_to_the_upper_class():
    # R exactly 1, 0.95, 0.6, 0 → the class whose lower bound it is
    assert gap.classify_pace(1.0) == gap.AHEAD
    assert gap.classify_pace(0.95) == gap.ON_TRACK
    assert gap.classify_pace(0.6) == gap.SPEED_UP
    assert gap.classify_pace(0.0) == gap.LAGGING
    assert gap.classify_pace(-0.01) == gap.REGRESSING


def test_thresholds_are_configurable():
    # R = 0.833 (see test_needs_to_speed_up) with the on-track bound lowered to 0.8 → 基本符合预期
    assert mid(50, thresholds=gap.Thresholds(on_track=0.8)).klass == gap.ON_TRACK
    with pytest.raises(ValueError):
        gap.Thresholds(ahead=0.9, on_track=0.95)


def test_met_at_baseline_gets_the_met_test_only():
    # x0 = 100 already meets T = 100 %; tol = 1 point for a 100% coverage target
    # 99.5: 99.5 − 100 = −0.5 ≥ −1 → still met → 保持;  98: 98 − 100 = −2 < −1 → 倒退
    kept = mid(99.5, x0=100, target=100, unit="%")
    assert kept.klass == gap.KEPT and kept.ratio is None
    assert mid(98, x0=100, target=100, unit="%").klass == gap.REGRESSING


def test_full_coverage_target_has_one_point_tolerance():
    # 99 − 100 = −1 ≥ −1 → met; 98.9 − 100 = −1.1 < −1 → not met
    assert mid(99, x0=50, target=100, unit="%").klass == gap.COMPLETED
    assert mid(98.9, x0=50, target=100, unit="%").met is False
    # a 60% target has no tolerance: 59.9 < 60
    assert mid(59.9, unit="%").met is False


def test_missing_baseline_uses_the_earliest_later_observation():
    # x0 = 30 observed 2021; xt = 42 in 2023; P = (42 − 30)/(60 − 30) = 12/30 = 0.4
    # τ = (2023 − 2021)/(2025 − 2021) = 2/4 = 0.5; R = 0.4/0.5 = 0.8 → 需加快
    result = gap.assess(target=60, baseline=None, observations=[Obs(2023, 42), Obs(2021, 30)],
                        assessment_year=2023)
    assert (result.x0, result.t0, result.baseline_origin) == (30, 2021, "first_observation")
    assert result.share == pytest.approx(0.4)
    assert result.tau == pytest.approx(0.5)
    assert result.ratio == pytest.approx(0.8)
    assert result.klass == gap.SPEED_UP


def test_single_observation_without_baseline_gets_the_met_test_only():
    # 50 < 60 → 未达标 (no pace); 65 ≥ 60 → 已完成
    alone = dict(target=60, baseline=None, assessment_year=2023)
    below = gap.assess(observations=[Obs(2022, 50)], **alone)
    assert below.klass == gap.NOT_MET and below.ratio is None
    assert gap.assess(observations=[Obs(2022, 65)], **alone).klass == gap.COMPLETED


def test_no_observation_cannot_be_assessed():
    none = gap.assess(target=60, baseline=40, observations=[], assessment_year=2023)
    assert none.klass == gap.NO_ASSESSMENT and none.note == "无数据"
    # a 2024 value says nothing about the end of 2023
    later = gap.assess(target=60, baseline=40, observations=[Obs(2024, 83.36)], assessment_year=2023)
    assert later.klass == gap.NO_ASSESSMENT and "2024" in later.note


def test_deadline_before_assessment_is_judged_at_the_deadline():
    # I14-01-like: 100% due 2022, binding. At the 2023 review only data up to 2022 count: xt = 80.
    # met? 80 − 100 = −20 < −1 → no. P = (80 − 50)/(100 − 50) = 0.6; τ = (2022 − 2020)/(2022 − 2020) = 1
    # R = 0.6 → 需加快; the deadline has passed and it is not met → flagged
    result = gap.assess(target=100, baseline=50, observations=[Obs(2022, 80), Obs(2023, 100)],
                        assessment_year=2023, deadline_year=2022, unit="%", attribute="约束性")
    assert (result.eval_year, result.t, result.xt) == (2022, 2022, 80)
    assert result.tau == 1.0 and result.ratio == pytest.approx(0.6)
    assert result.klass == gap.SPEED_UP and result.flagged


def test_lower_is_better():
    # d = −1, x0 = 10, T = 6: 8 → −(8 − 6) = −2 < 0 not met; P = (8 − 10)/(6 − 10) = 0.5; R = 0.5/0.6 = 0.833
    result = mid(8, x0=10, target=6, direction=-1)
    assert result.met is False and result.share == pytest.approx(0.5)
    assert result.klass == gap.SPEED_UP
    assert result.growth_ratio is None  # a ceiling: no growth-rate ratio
    # 5.5 → −(5.5 − 6) = 0.5 ≥ 0 → met
    assert mid(5.5, x0=10, target=6, direction=-1).klass == gap.COMPLETED


def test_growth_rate_ratio():
    # achieved (50/40)^(1/3) − 1 = 1.25^(1/3) − 1 = 0.07722
    # required (60/40)^(1/5) − 1 = 1.5^0.2 − 1 = 0.08447
    # ratio 0.07722/0.08447 = 0.9141
    assert mid(50, unit="%").growth_ratio == pytest.approx(0.9141, abs=1e-4)
    # 100% coverage is a ceiling: none
    assert mid(90, x0=50, target=100, unit="%").growth_ratio is None
    assert gap.growth_rate_ratio(0, 2020, 5, 2023, 10, 2025) is None


def test_binding_flag_mid_term_and_final():
    # mid-term: 需加快 (R = 0.833) flagged, 基本符合预期 (R = 0.967) not
    assert mid(50, attribute="约束性").flagged
    assert not mid(51.6, attribute="约束性").flagged
    assert not mid(50, attribute="预期性").flagged
    # final with 2024 data: P = (57 − 40)/20 = 0.85, τ = 4/5 = 0.8, R = 1.0625 → 快于预期,
    # yet not met at the final review → flagged
    final = gap.assess(target=60, baseline=40, observations=[Obs(2024, 57)], assessment_year=2025,
                       attribute="约束性")
    assert final.ratio == pytest.approx(1.0625)
    assert final.klass == gap.AHEAD and final.flagged


def test_no_target_shows_the_change_only():
    # 城市低保 2020 623 元/月 (plan), 2023 720 元/月:
    # annual growth (720/623)^(1/3) − 1 = 1.1557^(1/3) − 1 = 4.94%
    result = mid(720, x0=623, target=None)
    assert result.klass == gap.NO_TARGET and result.met is None and result.ratio is None
    assert result.annual_growth == pytest.approx(0.04942, abs=1e-5)
    # no target and nothing observed: still 无目标 (the missing data is said in the note)
    empty = gap.assess(target=None, baseline=623, observations=[], assessment_year=2023)
    assert empty.klass == gap.NO_TARGET and "无数据" in empty.note


def test_assessment_year_parameter():
    assert gap.valid_assessment_year(2023) == 2023
    assert gap.valid_assessment_year("2025") == 2025
    for bad in (2024, "mid", True, None, 2023.0):
        with pytest.raises(ParameterError, match="2023 or 2025"):
            gap.valid_assessment_year(bad)


@given(x0=st.floats(0, 1000), xt=st.floats(0, 1000), target=st.floats(0, 1000) | st.none(),
       year=st.integers(2021, 2025), direction=st.sampled_from([1, -1]),
       assessment=st.sampled_from([2023, 2025]))
def test_always_one_of_the_classes(x0, xt, target, year, direction, assessment):
    result = gap.assess(target=target, baseline=x0, observations=[Obs(year, xt)],
                        assessment_year=assessment, direction=direction, unit="%")
    assert result.klass in gap.CLASSES
    if result.met:
        assert result.klass in (gap.COMPLETED, gap.KEPT)
