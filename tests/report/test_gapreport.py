"""The target-gap report on the real plan and the published observations; the 13th plan's own review.

Numbers worked by hand from data/raw/observations/observations_public.csv and the plan text:
- 崇阳县 I14-04 护理型床位占比 83.36% (2024) against the city-wide 2020 baseline 32% (line 297) and
  the 60% target (line 447): met (83.36 ≥ 60). P = (83.36 − 32)/(60 − 32) = 51.36/28 = 1.834;
  τ = (2024 − 2020)/(2025 − 2020) = 0.8; R = 1.834/0.8 = 2.293.
- 咸安区 I13-01 城市低保 720 元/月 (2023) against 623 元/月 (line 243): +97 元/月; the plan sets no
  14th-plan level, so 无目标 with annual growth (720/623)^(1/3) − 1 = 4.94%.
- 咸安区 I13-03 特困 1147 元/月 × 12 = 13764 元/年 against 11020 元/年 (line 271).
"""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.assess import catalogue, gap, review13
from xnplan.errors import InputValidationError
from xnplan.paths import DEFAULT_RAW_TEXT, RAW_DIR
from xnplan.report import target_gap as gapreport
from xnplan.store.assemble import parse_plan

PUBLISHED = RAW_DIR / "observations" / "observations_public.csv"


@pytest.fixture(scope="module")
def plan():
    return parse_plan(DEFAULT_RAW_TEXT)


@pytest.fixture(scope="module")
def items(plan):
    return catalogue.build_catalogue(plan)


@pytest.fixture(scope="module")
def published(plan, items):
    units = catalogue.observation_units(items)
    return gapreport.read_inputs(PUBLISHED, "", units, plan.projects["project_id"])


def one(frame: pd.DataFrame, geography: str, item_id: str) -> pd.Series:
    rows = frame[(frame["geography"] == geography) & (frame["item_id"] == item_id)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_mid_term_with_published_observations(items, published):
    results = gapreport.assess(items, published.observations, 2023)
    city = results[results["geography"] == "全市"]
    # every item once city-wide; nothing observed city-wide, so nothing filled in
    assert len(city) == len(items) and city["observed"].isna().all()
    assert set(city["klass"]) == {gap.NO_ASSESSMENT, gap.NO_TARGET}
    in_counties = results[results["geography"] != "全市"]
    standards = in_counties[in_counties["item_id"].isin(["I13-01", "I13-02", "I13-03"])]
    assert len(standards) == 18 and (standards["klass"] == gap.NO_TARGET).all()
    xianan = one(results, "咸安区", "I13-01")
    assert (xianan["observed"], xianan["observed_year"], xianan["baseline"]) == (720, 2023, 623)
    assert xianan["annual_growth"] == pytest.approx(0.0494, abs=1e-4)
    assert one(results, "咸安区", "I13-03")["observed"] == pytest.approx(13764)
    # 崇阳县's 2024 value says nothing about end-2023
    chongyang = one(results, "崇阳县", "I14-04")
    assert chongyang["klass"] == gap.NO_ASSESSMENT and "2024" in chongyang["note"]


def test_final_with_published_observations(items, published):
    results = gapreport.assess(items, published.observations, 2025)
    for item_id in ("I14-04", "T29"):  # T29 is the prose form of I14-04, observed under it
        row = one(results, "崇阳县", item_id)
        assert row["klass"] == gap.COMPLETED and row["met"]
        assert row["share"] == pytest.approx(1.834, abs=1e-3)
        assert row["tau"] == pytest.approx(0.8)
        assert row["ratio"] == pytest.approx(2.293, abs=1e-3)
        assert not row["flagged"]
    assert one(results, "全市", "I14-04")["klass"] == gap.NO_ASSESSMENT
    assert one(results, "通山县", "I13-01")["observed"] == 735


def test_display_says_no_data(items, published):
    results = gapreport.assess(items, published.observations, 2023)
    city = results[results["geography"] == "全市"]
    shown = gapreport.display_table(city, ["item_id", "unit", "observed_value", "observed_year",
                                           "baseline_value", "baseline_year"])
    # nothing observed city-wide: no year column; every baseline is the 2020 one
    assert shown.columns.tolist() == ["编号", "单位", "观测值", "基线值(2020年)"]
    assert (shown["观测值"] == gapreport.NO_DATA).all()
    i14_04 = shown.loc[shown["编号"] == "I14-04", ["单位", "基线值(2020年)"]]
    assert i14_04.values.tolist() == [["%", "32.00"]]
    assert shown.loc[shown["编号"] == "I14-11", "基线值(2020年)"].item() == "100.00(评估人提供)"
    assert shown.loc[shown["编号"] == "I14-01", "基线值(2020年)"].item() == "规划未给出"


def test_both_input_files_are_checked_at_once(plan, items, tmp_path):
    obs = tmp_path / "obs.csv"
    obs.write_text("indicator_id,geography,year,value,unit,as_of,source,reliability,note\n"
                   "I14-04,全市,2023,0.6,%,,src,,\n", encoding="utf-8")
    status = tmp_path / "status.csv"
    status.write_text("project_id,status,invested_wan,as_of,note\nP1.1.001,done,,,\n", encoding="utf-8")
    with pytest.raises(InputValidationError) as info:
        gapreport.read_inputs(obs, status, catalogue.observation_units(items), plan.projects["project_id"])
    assert [p.split(":")[0] for p in info.value.problems] == ["obs.csv", "status.csv"]


def test_project_progress(plan, items, tmp_path):
    status = tmp_path / "status.csv"
    first, second = plan.projects.iloc[0], plan.projects.iloc[1]
    status.write_text("project_id,status,invested_wan,as_of,note\n"
                      f"{first['project_id']},completed,{first['investment_wan']},2023-12-31,\n"
                      f"{second['project_id']},in_progress,10,2023-12-31,\n", encoding="utf-8")
    data = gapreport.read_inputs("", status, catalogue.observation_units(items), plan.projects["project_id"])
    progress = gapreport.project_progress(plan.projects, data.project_status)
    assert len(progress) == 331  # every line of 附件2, reported or not
    by_status = gapreport.progress_by(progress).set_index("status_label")
    assert by_status.at["已建成", "lines"] == 1
    assert by_status.at["未报告", "lines"] == 329
    shares = gapreport.completion_shares(progress).iloc[0]
    assert shares["completed_lines_pct"] == pytest.approx(100 / 331)
    # P1.1.001 (line 993) costs 3965 万元 of the library's 884933.66 (line 823)
    assert shares["completed_investment_pct"] == pytest.approx(3965 / 884933.66 * 100)
    by_county = gapreport.completion_shares(progress, "county")
    assert by_county["lines"].sum() == 331


def test_thirteenth_plan_review(plan):
    review = review13.review(plan.indicators_13th).set_index("indicator_id")
    # every printed 完成 holds: 2020 actual ≥ 2020 target in each row (lines 235-353)
    assert (review["holds"] == "成立").all()
    # I13-01: P = (623 − 345)/(440 − 345) = 278/95 = 2.926
    assert review.at["I13-01", "share_pct"] == pytest.approx(292.6, abs=0.1)
    # I13-08 志愿服务参与率 prints 20, 20: target 20 met exactly, met test only (no 2015 value)
    assert review.at["I13-08", "klass"] == gap.COMPLETED and pd.isna(review.at["I13-08", "share_pct"])
    assert review.at["I13-04", "attainment_pct"] == pytest.approx(36.4 / 35 * 100)
