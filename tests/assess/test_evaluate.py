"""Every item judged at its geographies (xnplan.assess.evaluate.judge): the evaluator's rules, with
numbers worked by hand, and the frame judge returns checked against schema.GAP_RESULTS.

The catalogue is the plan's (data/processed/catalogue.csv). Mid-term 2023 unless a test says
otherwise: τ = (2023 − 2020)/(2025 − 2020) = 0.6 for a target due 2025 with a 2020 baseline.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest

from xnplan.assess import evaluate, gap, inputs, wording
from xnplan.assess.catalogue import observation_units
from xnplan.assess.evidence import EMPTY_OBSERVATIONS
from xnplan.schema import CATALOGUE, GAP_CLASSES, GAP_REASONS, GAP_RESULTS

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
    # counties reported: the row is not one that says only 无数据 (a sparse page keeps it)
    assert not wording.nothing_observed(city)
    # I14-01 has no row in the file, at any geography: 无数据, and nothing observed
    empty = row(results, "I14-01")
    assert wording.observed_cell(empty) == "无数据" and wording.nothing_observed(empty)
    assert not wording.nothing_observed(row(results, "I14-08", "崇阳县"))  # 62 observed
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


# --- the results frame against schema.GAP_RESULTS ------------------------------------------------
# Its vocabularies are gap's, every row judge writes passes it, and a value outside them is refused.
# One made-up measure, I14-99: baseline 50% in 2020, target ≥100% by 2025, 80% observed in 2023.
# P = (80 − 50)/(100 − 50) = 0.6 of the distance after τ = (2023 − 2020)/(2025 − 2020) = 0.6 of the
# time: R = 1.0, inside the band 0.95 ≤ R ≤ 1.05 → 基本符合预期. The line through (2020, 50) and
# (2023, 80) rises 10 a year: 100 in 2025, which meets ≥100 → 预计可完成. T99 restates it
# (measure_id I14-99).

ITEM = {
    "item_id": "I14-99",
    "kind": "十四五主要指标",
    "name": "测试覆盖率",
    "unit": "%",
    "direction": 1,
    "comparator": ">=",
    "target": 100.0,
    "deadline_year": 2025,
    "attribute": "约束性",
    "target_text": "≥100%(2025年)",
    "baseline": 50.0,
    "baseline_year": 2020,
    "baseline_source": "test",
    "observation_id": "I14-99",
    "observation_name": "测试覆盖率",
    "linked_indicator_id": "",
    "measure_id": "I14-99",
    "reason": "test",
    "reason_zh": "测试",
    "source_line": 1,
    "source_page": "第1页",
}


def test_the_schema_knows_every_class_and_reason() -> None:
    assert GAP_CLASSES == gap.CLASSES
    assert set(GAP_REASONS) == {
        gap.NO_DATA,
        gap.ONLY_LATER,
        gap.ONE_VALUE,
        gap.BASELINE_MET,
        gap.PACE,
        gap.NO_PACE,
        gap.REACHED,
        gap.FELL_BACK,
        gap.DEADLINE_NO_DATA,
        gap.CHANGE_ONLY,
    }


@pytest.fixture()
def catalogue() -> pd.DataFrame:
    restated = {
        **ITEM,
        "item_id": "T99",
        "kind": "正文目标",
        "name": "测试覆盖率（正文）",
        "attribute": "",
        "source_line": 2,
    }
    return CATALOGUE.validate(pd.DataFrame([ITEM, restated]))


def observations(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    """Observations of I14-99 as the reader returns them: (geography, year, value in %)."""
    frame = pd.DataFrame(
        [
            {
                **dict.fromkeys(EMPTY_OBSERVATIONS.columns, ""),
                "indicator_id": "I14-99",
                "geography": g,
                "year": y,
                "value": v,
                "unit": "%",
                "value_as_given": v,
                "unit_as_given": "%",
                "source": "s",
                "reliability": "部门统计",
                "row": n,
            }
            for n, (g, y, v) in enumerate(rows, start=1)
        ],
        columns=EMPTY_OBSERVATIONS.columns,
    )
    return frame.astype(EMPTY_OBSERVATIONS.dtypes.to_dict())


def test_judge_returns_a_valid_frame(catalogue) -> None:
    results = evaluate.judge(catalogue, observations([("全市", 2023, 80.0), ("通山县", 2023, 40.0)]), 2023)
    GAP_RESULTS.validate(results)  # judge validates its frame; the schema accepts it as it is
    city = results[results["geography"] == "全市"].set_index("item_id")
    row = city.loc["I14-99"]
    assert (row["share"], row["tau"], row["ratio"]) == pytest.approx((0.6, 0.6, 1.0))
    assert (row["verdict"], row["computed"], row["basis"], row["reason"]) == (
        gap.ON_TRACK,
        gap.ON_TRACK,
        "计算",
        gap.PACE,
    )
    assert (row["observed_year"], row["met"], row["projection"]) == (2023, False, gap.EXPECT_MET)
    assert row["counties_reported"] == 1  # 通山县 gave a value
    # T99 shares I14-99's judgement under its own id, kind and name.
    copy = city.loc["T99"]
    assert (copy["measure_id"], copy["kind"], copy["name"], copy["verdict"], copy["share"]) == (
        "I14-99",
        "正文目标",
        "测试覆盖率（正文）",
        gap.ON_TRACK,
        pytest.approx(0.6),
    )
    # 通山县 40 < 50: further from the target than in 2020, P = −0.2, R < 0 → 倒退, flagged (约束性).
    county = results[(results["geography"] == "通山县") & (results["item_id"] == "I14-99")].iloc[0]
    assert (county["verdict"], county["flagged"], county["counties_reported"]) == (gap.REGRESSING, True, 0)
    assert len(evaluate.measures(results)) == 2  # I14-99 city-wide and in 通山县; T99 counted with it


def test_nothing_observed_is_no_assessment(catalogue) -> None:
    results = evaluate.judge(catalogue, EMPTY_OBSERVATIONS, 2023)
    assert results["geography"].tolist() == ["全市", "全市"]
    assert results["verdict"].tolist() == [gap.NO_ASSESSMENT] * 2 and (results["basis"] == "").all()
    assert results["observed"].isna().all() and results["met"].isna().all()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("verdict", "很好"),
        ("computed", "未达标"),
        ("basis", "估计"),
        ("reason", "late"),
        ("geography", "咸宁市"),
        ("baseline_origin", "guess"),
    ],
)
def test_a_value_outside_the_vocabulary_is_refused(catalogue, column, value) -> None:
    results = evaluate.judge(catalogue, EMPTY_OBSERVATIONS, 2023)
    with pytest.raises(pandera.errors.SchemaError, match=column):
        GAP_RESULTS.validate(results.assign(**{column: value}))


def test_the_assessment_may_add_columns_of_its_own(catalogue) -> None:
    results = evaluate.judge(catalogue, EMPTY_OBSERVATIONS, 2023).assign(place="主要指标第99项")
    assert "place" in GAP_RESULTS.validate(results).columns
