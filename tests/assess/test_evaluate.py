"""Every item judged at its geographies: the evaluator's rules, with numbers worked by hand.

The catalogue is the plan's (data/processed/catalogue.csv). Mid-term 2023 unless a test says
otherwise: τ = (2023 − 2020)/(2025 − 2020) = 0.6 for a target due 2025 with a 2020 baseline.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest

from xnplan.assess import evaluate, gap, inputs, wording
from xnplan.assess.catalogue import observation_units

HEADER = (
    "indicator_id,geography,year,value,unit,as_of,source,reliability,note,judgement,judgement_reason,"
    "responsible,explanation\n"
)


def _read(plan, text: str) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "obs.csv"
        path.write_text(text, encoding="utf-8")
        return inputs.read_observations(path, observation_units(plan.catalogue))


def judged(plan, rows: str, year: int = 2023, scope: str = "全市") -> pd.DataFrame:
    return evaluate.judge(plan.catalogue, _read(plan, HEADER + rows), year, scope)


def row(results: pd.DataFrame, item: str, geography: str = "全市") -> dict:
    found = results[(results["item_id"] == item) & (results["geography"] == geography)]
    assert len(found) == 1, (item, geography)
    return found.iloc[0].to_dict()


def test_late_completion_uses_the_latest_value(plan):
    # I14-01 (100% due 2022): 83.3 in 2022 (not met), 100 in 2023 → 逾期完成, reached in 2023; the
    # evaluator's 已完成 agrees (both say the target was met), so 说明 raises no disagreement.
    results = judged(
        plan,
        "I14-01,全市,2022,83.3,%,2022-12-31,年报,部门统计,,,,,\n"
        "I14-01,全市,2023,100,%,2023-12-31,年报,部门统计,,已完成,六县均已建成,市民政局,\n",
    )
    r = row(results, "I14-01")
    assert (r["verdict"], r["met_year"], r["observed"], r["observed_year"]) == ("逾期完成", 2023, 100, 2023)
    assert wording.verdict_label(r) == "逾期完成（2023年达到）"
    # the 2022 value is at the deadline: no base value stands in for the missing 2020 one
    assert pd.isna(r["baseline"]) and wording.baseline_cell(r) == "规划未给出"
    assert "与计算结论不同" not in wording.notes(r)
    assert r["responsible"] == "市民政局"


def test_a_judgement_without_a_value_is_the_assessment(plan):
    results = judged(plan, "I14-09,全市,2023,,,,工作总结,部门工作总结,,基本符合预期,儿童福利院主体完工,,\n")
    r = row(results, "I14-09")
    assert (r["computed"], r["verdict"], r["basis"]) == ("无法评估", "基本符合预期", "评估人判断")
    assert wording.verdict_label(r) == "基本符合预期（评估人判断）"
    # the restating prose target T07 (same measure) carries the same judgement
    assert row(results, "T07")["verdict"] == "基本符合预期"


def test_county_values_say_how_many_counties_reported(plan):
    results = judged(
        plan,
        "I14-08,通山县,2023,45,%,,县民政局,部门统计,,,,,\nI14-08,崇阳县,2023,62,%,,县民政局,部门统计,,,,,\n",
    )
    city = row(results, "I14-08")
    assert city["verdict"] == "无法评估" and city["counties_reported"] == 2
    assert wording.observed_cell(city) == "仅2个县市区报送"
    # each county against the city's target ≥60% (2025), no baseline: one value, met test only
    assert row(results, "I14-08", "崇阳县")["verdict"] == "已完成"  # 62 ≥ 60
    assert row(results, "I14-08", "通山县")["verdict"] == "尚未达标"  # 45 < 60, deadline ahead
    assert "对照全市基期值" not in wording.notes(row(results, "I14-08", "通山县"))  # no baseline to compare


def test_exactly_on_schedule_is_on_track(plan):
    # I14-04: 32% (2020, the plan) → target 60% in 2025. P = τ = 0.6 needs 32 + 0.6 × 28 = 48.8 → R = 1
    r = row(judged(plan, "I14-04,全市,2023,48.8,%,,年报,部门统计,,,,,\n"), "I14-04")
    assert r["share"] == pytest.approx(0.6) and r["ratio"] == pytest.approx(1.0)
    assert r["verdict"] == "基本符合预期"


def test_a_restated_target_is_one_measure(plan):
    # T29 restates I14-04 (≥60% by 2025, observed under I14-04): one judgement, counted once
    results = judged(
        plan, "I14-04,全市,2023,50,%,,年报,部门统计,,,,,\nI14-05,全市,2023,57,%,,年报,部门统计,,,,,\n"
    )
    assert row(results, "T29")["verdict"] == row(results, "I14-04")["verdict"] == "快于预期"  # R = 0.643/0.6
    city = evaluate.measures(results[results["geography"] == "全市"])
    assert "T29" not in set(city["item_id"]) and "I14-04" in set(city["item_id"])
    # 73 items, 15 restating another: 58 measures
    assert len(results[results["geography"] == "全市"]) == 73 and len(city) == 58
    # T31 states I14-05's measure due 2022: its own measure. Nothing was observed by 2022, and the
    # 2023 value 57 is below 60: 未完成, 3 points short, judged by the later value
    t31 = row(results, "T31")
    assert t31["measure_id"] == "T31" and t31["deadline_passed"]
    assert (t31["verdict"], t31["reason"], t31["shortfall"]) == ("未完成", "deadline_no_data", 3)
    assert "目标年份2022年无数据，按其后的最新值判断" in wording.notes(t31)


def test_a_first_observation_as_base_value_prints_its_year(plan):
    # T48 (198 公墓 by 2025, no 2020 value): 60 (2022), 120 (2023) → base 60 in 2022;
    # P = (120 − 60)/(198 − 60) = 0.4348; τ = (2023 − 2022)/(2025 − 2022) = 0.3333; R = 1.304 → 快于预期
    r = row(
        judged(
            plan,
            "T48,全市,2022,60,个,,工作总结,部门工作总结,,,,,\n"
            "T48,全市,2023,120,个,,工作总结,部门工作总结,,,,,\n",
        ),
        "T48",
    )
    assert (r["baseline"], r["baseline_year"], r["baseline_origin"]) == (60, 2022, "first_observation")
    assert r["share"] == pytest.approx(0.4348, abs=1e-4) and r["tau"] == pytest.approx(1 / 3)
    assert r["verdict"] == "快于预期"
    assert wording.baseline_cell(r) == "60（2022年首个观测值）"


def test_a_decline_without_a_target_is_flagged(plan):
    # I13-04 每千名老年人口床位: 36.4 (2020, the plan) → 34.8 (2023): no target, a decline
    r = row(judged(plan, "I13-04,全市,2023,34.8,张,,年报,部门统计,,,,,\n"), "I13-04")
    assert r["verdict"] == "无目标" and r["declined"]
    assert "较基期下降" in wording.notes(r)


def test_values_after_the_assessment_year_are_listed_not_used(plan):
    obs = _read(plan, HEADER + "I14-04,崇阳县,2024,83.36,%,2024-08-06,县民政局,部门统计,,,,,\n")
    r = row(evaluate.judge(plan.catalogue, obs, 2023), "I14-04", "崇阳县")
    assert r["verdict"] == "无法评估" and r["later_year"] == 2024
    assert "有2024年数据，晚于评估年份，不采用" in wording.notes(r)
    later = evaluate.later_observations(obs, 2023)
    assert later[["indicator_id", "year"]].values.tolist() == [["I14-04", 2024]]


def test_the_final_assessment_speaks_of_the_period(plan):
    # 2025: I14-04 reached 61% in 2024 and 62% in 2025 → 提前完成 (2024); I14-05 57% in 2025 →
    # 未完成, 3 points short; I14-12 64% (2023) only → stale, 未完成 by 100 − 64 = 36 points (tol 1)
    results = judged(
        plan,
        "I14-04,全市,2024,61,%,,年报,部门统计,,,,,\n"
        "I14-04,全市,2025,62,%,,年报,部门统计,,,,,\n"
        "I14-05,全市,2025,57,%,,年报,部门统计,,,,,\n"
        "I14-12,全市,2023,64,%,,年报,部门统计,,,,,\n",
        year=2025,
    )
    assert wording.verdict_label(row(results, "I14-04")) == "提前完成（2024年）"
    assert wording.verdict_label(row(results, "I14-05")) == "未完成（差距3个百分点）"
    stale = row(results, "I14-12")
    assert wording.verdict_label(stale) == "未完成（差距36个百分点）" and stale["stale"]
    assert "最新为2023年数" in wording.notes(stale)
    assert set(results["verdict"]) <= set(gap.facts.FINAL_CLASSES)
    assert (results["projection"] == "").all()


def test_a_county_edition_judges_the_county_only(plan):
    results = judged(
        plan,
        "I14-04,通山县,2023,50,%,,县民政局,部门统计,,,,,\nI14-04,全市,2023,40,%,,年报,部门统计,,,,,\n",
        scope="通山县",
    )
    assert set(results["geography"]) == {"通山县"}
    assert row(results, "I14-04", "通山县")["verdict"] == "快于预期"  # (50 − 32)/28 / 0.6 = 1.071
