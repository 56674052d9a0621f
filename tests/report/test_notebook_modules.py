"""The report modules behind the notebooks (plan_overview, county_investment, baseline_review,
target_gap; data_quality has test_data_quality.py) and the one present(), on small hand-made frames
with hand-worked figures.

The projects frame mimics 附件2 (the same shape as tests/report/test_analysis.py's): 通山县 has a package of
187 cemeteries placed in 通羊镇 by its location, and a line naming no township.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.report import (
    baseline_review,
    county_investment,
    investment,
    plan_overview,
    present,
    target_gap,
)

ROWS = [
    ("P1.1.001", 1, "公办养老", 1, "日间照料", "咸安区61个村级日照中心", "咸安区", "", 61, 3965.0, "村/社区"),
    ("P1.2.001", 1, "公办养老", 2, "福利院", "通山县福利院项目", "通山县", "通羊镇", 1, 500.0, "民政部门"),
    ("P2.0.001", 2, "普惠养老", 0, "", "华中同济蒲纺康养基地项目", "赤壁市", "", 1, 300000.0, "企业"),
    ("P2.0.002", 2, "普惠养老", 0, "", "通山县医养结合二期", "通山县", "", 1, 26000.0, "企业"),
    ("P3.0.001", 3, "殡葬", 0, "", "通山县187个农村公益性公墓", "通山县", "通羊镇", 187, 9350.0, "民政部门"),
    ("P4.0.001", 4, "婚姻登记", 0, "", "咸宁市婚姻登记中心项目", "市本级", "", 1, 200.0, "民政部门"),
]
# 3965 + 500 + 300000 + 26000 + 9350 + 200
TOTAL = 340015.0


@pytest.fixture
def projects(make_projects) -> pd.DataFrame:
    return make_projects(ROWS)


# --- investment: the aggregates the notebooks now call instead of adding up in cells -------------

def test_ranked_is_largest_first_and_keeps_ties_in_order():
    table = pd.DataFrame({"county": ["甲", "乙", "丙", "丁"], "investment_wan": [5.0, 9.0, 5.0, 1.0]})
    assert investment.ranked(table)["county"].tolist() == ["乙", "甲", "丙", "丁"]
    per_capita = pd.DataFrame({"county": ["甲", "乙"], "yuan_per_resident": [10.0, 20.0]})
    assert investment.ranked(per_capita, "yuan_per_resident")["county"].tolist() == ["乙", "甲"]


def test_named_units(projects):
    # two lines state a count in the name (61 centres, 187 cemeteries): 248 facilities; 4 others
    assert investment.named_units(projects) == {"lines": 2, "units": 248, "other_lines": 4}
    assert investment.named_units(projects.iloc[0:0]) == {"lines": 0, "units": 0, "other_lines": 0}


def test_by_sector(projects):
    table = investment.by_sector(projects).set_index("sector")
    assert table.index.tolist() == [investment.PUBLIC, investment.ENTERPRISE, investment.OTHER]
    # public: 3965 (村/社区) + 500 + 9350 + 200 (民政部门) = 14015 in four lines
    public = table.loc[investment.PUBLIC]
    assert (public["lines"], public["investment_wan"]) == (4, 14015)
    # enterprises: 300000 + 26000 in two lines
    assert table.loc[investment.ENTERPRISE, "lines"] == 2
    assert table.loc[investment.ENTERPRISE, "investment_wan"] == 326000
    assert table.loc[investment.ENTERPRISE, "share_pct"] == pytest.approx(326000 / TOTAL * 100)
    assert (table.loc[investment.OTHER, "lines"], table.loc[investment.OTHER, "investment_wan"]) == (0, 0)


# --- plan_overview ------------------------------------------------------------------------------

def test_printed_totals_is_the_grand_row():
    categories = pd.DataFrame({"level": ["grand", "category"], "summary_total_wan": [884933.0, 152090.0],
                               "summary_count": [1063.0, 40.0]})
    assert plan_overview.printed_totals(categories)["summary_total_wan"] == 884933.0
    with pytest.raises(ValueError, match="one grand"):
        plan_overview.printed_totals(categories[categories["level"] == "category"])


def test_share_chart(projects):
    chart = plan_overview.share_chart(investment.compare_without_largest(projects))
    assert chart.columns.tolist() == [plan_overview.ALL_LINES, plan_overview.WITHOUT_LARGEST]
    # 通山县 500 + 26000 + 9350 = 35850 of 340015, and of the 40015 left without the 300000 line
    assert chart.loc["通山县", plan_overview.ALL_LINES] == pytest.approx(35850 / TOTAL * 100)
    assert chart.loc["通山县", plan_overview.WITHOUT_LARGEST] == pytest.approx(35850 / 40015 * 100)


# --- county_investment --------------------------------------------------------------------------

def test_townships_of_a_county(projects):
    places = county_investment.townships(projects, "通山县")
    # 通羊镇 holds the 福利院 (500) and the 187 cemeteries (9350); the 26000 line names no township
    assert places.named[["township", "lines", "units", "investment_wan"]].values.tolist() == [
        ["通羊镇", 2, 188, 9850.0]]
    assert (places.unnamed["lines"], places.unnamed["investment_wan"]) == (1, 26000)
    # the cemeteries' name says 通山县, not 通羊镇: placed there by the location
    assert places.packages["project_id"].tolist() == ["P3.0.001"]
    assert places.packaged == {"lines": 1, "units": 187, "investment_wan": 9350.0}


def test_townships_of_a_county_without_packages(projects):
    places = county_investment.townships(projects, "赤壁市")
    assert places.named.empty and places.unnamed["lines"] == 1
    assert places.packaged == {"lines": 0, "units": 0, "investment_wan": 0.0}


def test_lines_with_named_units_and_top_share(projects):
    assert county_investment.lines_with_named_units(projects, "通山县")["units"].tolist() == [187]
    assert county_investment.lines_with_named_units(projects, "市本级").empty
    top = investment.county_detail(projects, "通山县", top=2).top_lines
    # 26000 + 9350 of 35850
    assert county_investment.top_share_pct(top) == pytest.approx(35350 / 35850 * 100)


# --- baseline_review ----------------------------------------------------------------------------

@pytest.fixture
def review() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator_id": ["I13-01", "I13-02", "I13-03"], "name": ["城市低保", "农村低保", "特困供养"],
        "holds": ["成立", "不成立", "无法核对"], "attainment_pct": [103.8, 90.0, None]})


def test_verdict_counts_and_attainment(review):
    assert baseline_review.verdict_counts(review) == {"indicators": 3, "held": 1, "not_held": 1,
                                                      "unverifiable": 1}
    series = baseline_review.attainment(review)
    assert series.index.tolist() == ["I13-01 城市低保", "I13-02 农村低保", "I13-03 特困供养"]
    assert series.iloc[0] == 103.8


def test_status_counts():
    checks = pd.DataFrame({"status": ["ok", "mismatch", "mismatch", "ambiguous"]})
    assert baseline_review.status_counts(checks) == {"checks": 4, "mismatch": 2, "ambiguous": 1}


# --- target_gap ---------------------------------------------------------------------------------

def test_sections_keep_city_and_counties_apart():
    results = pd.DataFrame(
        [("全市", "I14-01", "约束性", "无法评估"), ("全市", "I13-01", "", "无目标"),
         ("咸安区", "I13-01", "", "无目标"), ("通山县", "I13-01", "", "无目标"),
         ("崇阳县", "I14-04", "预期性", "已完成"), ("咸安区", "I13-03", "", "无目标"),
         ("通山县", "I14-02", "约束性", "滞后")], columns=["geography", "item_id", "attribute", "klass"])
    parts = target_gap.sections(results)
    assert parts.city["item_id"].tolist() == ["I14-01", "I13-01"]
    assert len(parts.county) == 5
    assert (parts.binding["geography"] + parts.binding["item_id"]).tolist() == ["全市I14-01", "通山县I14-02"]
    assert parts.county_with_target["item_id"].tolist() == ["I14-04", "I14-02"]
    assert parts.county_without_target["geography"].tolist() == ["咸安区", "通山县", "咸安区"]
    assert parts.items_without_target == ["I13-01", "I13-03"]


def test_text_columns_and_gap_headers():
    # 崇阳县 I14-04: 83.36% (2024) against 32% (2020): +51.36 points, P = 1.834, τ = 0.8, R = 2.293.
    # 咸安区 I13-01: 720 元/月 (2023) against 623: +97, 97/623 = +15.6%, annual growth 4.94%, flagged.
    # 通城县 I14-01: nothing observed, no baseline.
    nan = float("nan")
    keys = ["item_id", "unit", "baseline", "baseline_year", "baseline_origin", "observed", "observed_year",
            "value_as_given", "unit_as_given", "share", "tau", "ratio", "annual_growth", "flagged", "source"]
    results = pd.DataFrame([
        ("I14-04", "%", 32.0, 2020, "plan", 83.36, 2024, 83.36, "%", 1.834, 0.8, 2.293, nan, False, "民政局"),
        ("I13-01", "元/月", 623.0, 2020, "plan", 720.0, 2023, nan, "", nan, nan, nan, 0.0494, True, None),
        ("I14-01", "%", nan, nan, "", nan, nan, nan, "", nan, nan, nan, nan, False, "")], columns=keys)
    columns = ["item_id", "baseline_text", "observed_text", "as_published", "share_pct", "expected_pct",
               "ratio", "change_text", "annual_growth_pct", "flag_text", "source"]
    text = target_gap.text_columns(results, columns)
    assert text.columns.tolist() == columns
    assert text.values.tolist() == [
        ["I14-04", "32.00%(2020年,全市)", "83.36%(2024年)", "83.36%", "183.4", "80.0", "2.29",
         "+51.36个百分点", "—", "", "民政局"],
        ["I13-01", "623元/月(2020年,全市)", "720元/月(2023年)", "—", "—", "—", "—", "+97元/月,+15.6%",
         "4.94", "⚠ 预警", ""],
        ["I14-01", "规划未给出", target_gap.NO_DATA, "—", "—", "—", "—", "—", "—", "", ""]]
    shown = present.present(text, labels=present.GAP)
    assert shown.columns.tolist() == ["编号", "基线值(年份)", "观测值(年份)", "公布值(原单位)",
                                      "完成进度P(%)", "时间进度τ(%)", "进度比R", "较基线变化", "年均增长(%)",
                                      "约束性预警", "数据来源"]
    assert shown.values.tolist() == text.values.tolist()


def test_progress(projects):
    status = pd.DataFrame({"project_id": ["P1.1.001", "P2.0.002", "P3.0.001"],
                           "status": ["completed", "in_progress", "planned"],
                           "invested_wan": [3965.0, 10000.0, None], "as_of": "2023-12-31"})
    progress = target_gap.progress(projects, status)
    assert len(progress.lines) == 6  # every line, reported or not
    by_status = progress.by_status
    assert by_status["status_label"].tolist() == ["已建成", "在建", "未开工", "未报告"]
    assert by_status["lines"].tolist() == [1, 1, 1, 3]
    assert by_status["units"].tolist() == [61, 1, 187, 3]
    # not reported: 500 (福利院) + 300000 + 200
    assert by_status["investment_wan"].tolist() == [3965, 26000, 9350, 300700]
    assert by_status["invested_wan"].tolist() == [3965, 10000, 0, 0]
    shown = present.present(by_status, labels=present.PROGRESS)
    assert shown.columns.tolist() == ["实施状态", "项目行数(行)", "设施数(个)", "估算总投资(万元)",
                                      "已报告完成投资(万元)"]
    assert shown.iloc[3].tolist() == ["未报告", "3", "3", "300,700.0", "0.0"]
    county = progress.by_county.set_index("county")
    assert county.index.tolist() == ["咸安区", "通山县", "赤壁市", "市本级"]
    assert county.loc["咸安区", "completed_lines_pct"] == 100
    # 通山县: 3 lines, 2 reported (in progress, planned), none completed
    assert county.loc["通山县", ["lines", "completed_lines", "completed_lines_pct"]].tolist() == [3, 0, 0]
    assert county.loc["通山县", "reported_pct"] == pytest.approx(200 / 3)
    category = progress.by_category.set_index("category").loc["公办养老"]
    # 公办养老: the 61 centres (3965) completed, the 福利院 (1 unit, 500) not reported
    assert category["completed_lines_pct"] == 50
    assert category["completed_units_pct"] == pytest.approx(61 / 62 * 100)
    assert category["completed_investment_pct"] == pytest.approx(3965 / 4465 * 100)
    # 3965/4465 = 88.80%, 61/62 = 98.39%
    shown = present.present(progress.by_category, labels=present.PROGRESS).iloc[0]
    headers = ["大类", "已建成(行)", "按行数完成率(%)", "按设施数完成率(%)", "按估算投资完成率(%)"]
    assert shown[headers].tolist() == ["公办养老", "1", "50.0", "98.4", "88.8"]


# --- present ------------------------------------------------------------------------------------

def test_present_review13_vocabulary():
    row = pd.DataFrame([{"indicator_id": "I13-03", "name": "农村特困供养标准", "value_2015": None,
                         "actual_2020": 11020.0, "share_pct": 56.25, "cells_missing": "value_2015"}])
    shown = present.present(row, labels=present.REVIEW13).iloc[0]
    assert shown.to_dict() == {"编号": "I13-03", "指标名称": "农村特困供养标准", "2015年实际值": "—",
                               "2020年实际值": "11,020", "完成进度P(%)": "56.2", "缺失单元格": "2015年实际值"}


def test_present_checks():
    check = pd.DataFrame([{"check_id": "grand-total", "stated": 884933.0, "computed": 884933.66,
                           "difference": -0.66, "status": "mismatch", "source_line": 979,
                           "evidence_lines": "985,990"}])
    shown = present.present(check).iloc[0].to_dict()
    assert shown == {"核对编号": "grand-total", "印刷值": "884,933", "对照值": "884,933.66", "差额": "-0.66",
                     "状态": "不一致", "原文行号": "979", "相关行号": "985,990"}
    # the typed checks hold the line numbers as a list
    assert present.present(check.assign(evidence_lines=[[985, 990]]))["相关行号"].item() == "985,990"


def test_present_share_of_a_county(projects):
    table = investment.county_detail(projects, "通山县").by_category
    shown = present.present(table, ["category", "share_pct"], labels=present.share_of("通山县"))
    assert shown.columns.tolist() == ["大类", "占通山县合计比重(%)"]
    # 殡葬 9350 of 通山县's 35850 = 26.08%
    assert shown.set_index("大类").loc["殡葬", "占通山县合计比重(%)"] == "26.1"
