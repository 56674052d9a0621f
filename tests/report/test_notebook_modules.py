"""The report modules behind the notebooks (plan_overview, county_investment, baseline_review,
target_gap; data_quality has test_data_quality.py) and the one present(), on small hand-made frames
with hand-worked figures.

The projects frame mimics 附件2 (the same shape as tests/report/test_analysis.py's): 通山县 has a package of
187 cemeteries placed in 通羊镇 by its location, and a line naming no township.
"""

from __future__ import annotations

import pandas as pd
import pytest

import xnplan
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
                               "summary_count": [1628.0, 40.0]})  # 附件1 prints 1628 projects in all
    assert plan_overview.printed_totals(categories)["summary_total_wan"] == 884933.0
    with pytest.raises(ValueError, match="one grand"):
        plan_overview.printed_totals(categories[categories["level"] == "category"])


def test_table_13_source_cites_the_section_and_its_page():
    # The plan's 目录: "八、“十三五”时期咸宁民政事业发展主要指标完成情况 7", under 第一章.
    outline = xnplan.load().outline
    assert baseline_review.table_13_source(outline, "规划") == (
        "规划，第一章八、“十三五”时期咸宁民政事业发展主要指标完成情况（第7页）")
    with pytest.raises(ValueError, match="expected one"):
        baseline_review.table_13_source(outline[outline["level"] != "section"], "规划")


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
    # 26000 + 9350 of 35850: the page reads the top lines' share off their cumulative column
    assert top["cumulative_pct"].iloc[-1] == pytest.approx(35350 / 35850 * 100)


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


def _gap_rows(rows: list[dict]) -> pd.DataFrame:
    """Result rows with every column text_columns may read; unset ones are missing (NaN, '')."""
    nan = float("nan")
    blank = {"item_id": "", "unit": "%", "target": nan, "target_text": "", "deadline_year": nan,
             "baseline": nan, "baseline_year": nan, "baseline_origin": "", "observed": nan,
             "observed_year": nan, "value_as_given": nan, "unit_as_given": "", "met": None, "share": nan,
             "tau": nan, "ratio": nan, "growth_ratio": nan, "annual_growth": nan, "flagged": False,
             "note": "", "source": "", "reliability": ""}
    return pd.DataFrame([{**blank, **row} for row in rows])


# 崇阳县 I14-04: 83.36% (2024) against 32% (2020) and ≥60% (2025): met; P = 51.36/28 = 1.834, τ = 0.8,
# R = 2.293. 咸安区 I13-01: 720 元/月 (2023) against 623: +97 = +15.6%, annual growth 4.94%, flagged
# (for the test). 通城县 I14-01: nothing observed, no baseline, target ≥100% by 2022.
GAP_ROWS = [
    {"item_id": "I14-04", "target": 60.0, "target_text": "≥60%(2025年)", "deadline_year": 2025,
     "baseline": 32.0, "baseline_year": 2020, "baseline_origin": "plan", "observed": 83.36,
     "observed_year": 2024, "value_as_given": 83.36, "unit_as_given": "%", "met": True, "share": 1.834,
     "tau": 0.8, "ratio": 2.293, "note": "已达到目标", "source": "民政局, http://mzj.example.cn/1"},
    {"item_id": "I13-01", "unit": "元/月", "target_text": "未设目标", "baseline": 623.0,
     "baseline_year": 2020, "baseline_origin": "plan", "observed": 720.0, "observed_year": 2023,
     "annual_growth": 0.0494, "flagged": True},
    {"item_id": "I14-01", "target": 100.0, "target_text": "≥100%(2022年)", "deadline_year": 2022,
     "note": "无数据"}]


def test_text_columns_split_value_unit_and_year():
    columns = ["item_id", "unit", "target_value", "target_year", "baseline_value", "baseline_year",
               "observed_value", "observed_year", "as_published", "expected_pct", "change", "change_pct",
               "annual_growth_pct", "flag_text"]
    text = target_gap.text_columns(_gap_rows(GAP_ROWS), columns)
    assert text.values.tolist() == [
        ["I14-04", "%", "≥60", "2025", "32.00", "2020", "83.36", "2024", "83.36%", "80.0", "+51.36", "+160.5",
         "—", ""],
        ["I13-01", "元/月", "未设目标", "—", "623", "2020", "720", "2023", "—", "—", "+97", "+15.6", "4.94",
         "⚠ 预警"],
        ["I14-01", "%", "≥100", "2022", "规划未给出", "—", target_gap.NO_DATA, "—", "—", "—", "—", "—", "—",
         ""]]


def test_display_table_moves_a_shared_year_or_unit_into_the_header():
    rows = _gap_rows(GAP_ROWS)
    columns = ["item_id", "unit", "baseline_value", "baseline_year", "observed_value", "observed_year"]
    shown = target_gap.display_table(rows, columns)
    # baselines all from 2020 (none for I14-01): the year goes into the header; observations differ
    assert shown.columns.tolist() == ["编号", "单位", "基线值(2020年)", "观测值", "观测年份"]
    # only the two % rows: one unit, so no 单位 column; the one observation's year goes up too
    percent = target_gap.display_table(rows.iloc[[0, 2]], columns)
    assert percent.columns.tolist() == ["编号", "基线值(%,2020年)", "观测值(%,2024年)"]
    assert percent["观测值(%,2024年)"].tolist() == ["83.36", target_gap.NO_DATA]
    # nothing observed: no year column at all
    nothing = target_gap.display_table(rows.iloc[[2]], columns)
    assert nothing.columns.tolist() == ["编号", "基线值(%)", "观测值(%)"]
    cited = target_gap.display_table(rows, ["item_id", "source"], cite=lambda text, url: f"[{text}|{url}]")
    assert cited["来源"].tolist() == ["[民政局|http://mzj.example.cn/1]", "", ""]


def test_pace_cells_words_where_the_ratio_means_nothing():
    met_beyond, no_target, no_data = GAP_ROWS
    # met, P = 183.4% > 100%: words, the numbers in the note
    cells = target_gap.pace_cells(met_beyond)
    assert (cells.share, cells.ratio, cells.growth_ratio) == ("已超过目标", "不适用", "不适用")
    assert cells.note == "完成进度P=183.4%、进度比R=2.29(已达到目标,超过100%的部分不表示进度)"
    # T12-like: 100% in 2020 already meets ≥70%; 95% observed. Formula: (95 − 100)/(70 − 100) = 16.7%.
    kept = {"unit": "%", "target": 70.0, "baseline": 100.0, "observed": 95.0, "met": True, "share": None,
            "ratio": None, "growth_ratio": None}
    cells = target_gap.pace_cells(kept)
    assert (cells.share, cells.ratio, cells.growth_ratio) == ("基线已达标", "不适用", "不适用")
    assert cells.note == "基线100.00已达到目标70.00,按公式完成进度P为16.7%,无意义"
    # baseline equal to the target: no formula value to give
    assert target_gap.pace_cells({**kept, "target": 100.0}).note == "基线100.00已达到目标100.00"
    # behind (P = 30%, R = 0.5) and regressing (P = −10%): numbers as they are
    behind = {"unit": "%", "target": 60.0, "baseline": 32.0, "observed": 40.4, "met": False, "share": 0.3,
              "ratio": 0.5, "growth_ratio": 0.61}
    assert target_gap.pace_cells(behind) == target_gap.PaceCells("30.0", "0.50", "0.61", "")
    assert target_gap.pace_cells({**behind, "share": -0.1, "ratio": -0.17}).share == "-10.0"
    # met exactly at P = 100%: a number still
    assert target_gap.pace_cells({**behind, "met": True, "share": 1.0, "ratio": 1.25}).share == "100.0"
    # nothing observed, or no target
    assert target_gap.pace_cells(no_data) == target_gap.PaceCells("—", "—", "—", "")
    assert target_gap.pace_cells({**no_target, "share": None}).share == "—"
    # the text columns and the note column use the same rule
    text = target_gap.text_columns(_gap_rows([met_beyond]), ["share_pct", "ratio", "note"])
    assert text.values.tolist() == [["已超过目标", "不适用", "已达到目标;完成进度P=183.4%、进度比R=2.29"
                                     "(已达到目标,超过100%的部分不表示进度)"]]


def test_reliability_labels_in_chinese_unknown_shown_as_is():
    published = pd.read_csv(target_gap.ROOT / "data/raw/observations/observations_public.csv")
    labels = {value: target_gap.reliability_label(value) for value in published["reliability"].unique()}
    assert labels == {"mirror of municipal news": "市级新闻(镜像网页转载)",
                      "third-party reproduction of the city notice": "市政府通知(第三方网站转载)",
                      "official county site": "县级政府网站", "county civil-affairs site": "县级民政部门网站",
                      "municipal news (咸宁网)": "市级新闻(咸宁网)"}
    assert target_gap.reliability_label("统计公报") == "统计公报"  # the template's list is Chinese
    assert target_gap.reliability_label(" blog post ") == "blog post"
    assert target_gap.reliability_label(float("nan")) == ""


def test_source_parts_split_title_and_address():
    assert target_gap.source_parts(
        "咸宁市调整2023年社会救助标准 (咸宁网, 2023-04-06), mirrored at http://m.czhtech.com/gd/1.html") == (
        "咸宁市调整2023年社会救助标准 (咸宁网, 2023-04-06)", "http://m.czhtech.com/gd/1.html")
    assert target_gap.source_parts("赤壁市民政局工作总结, http://chibi.gov.cn/a.shtml") == (
        "赤壁市民政局工作总结", "http://chibi.gov.cn/a.shtml")
    assert target_gap.source_parts("民政局统计年报") == ("民政局统计年报", None)


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
                         "actual_2020": 11020.0, "progress": "56.2", "cells_missing": "value_2015"}])
    shown = present.present(row, labels=present.REVIEW13).iloc[0]
    assert shown.to_dict() == {"编号": "I13-03", "指标名称": "农村特困供养标准", "2015年实际值": "—",
                               "2020年实际值": "11,020", "完成进度P(%)": "56.2", "缺失单元格": "2015年实际值"}


def test_progress_beyond_a_met_target_is_shown_in_words_with_the_figure_in_the_note():
    # 农村特困供养标准: 2015 6,886, target 7,090, 2020 11,020 → P = 4134/204 = 2026.47%.
    review = pd.DataFrame({"holds": ["成立", "不成立", "成立"], "share_pct": [4134 / 204 * 100, 56.25, None],
                           "note": ["已达到目标", "", "仅有一个观测值"]})
    shown = baseline_review.progress_in_words(review)
    assert shown["progress"].tolist() == ["已超过目标", "56.2", "—"]
    assert shown["note"].tolist() == ["已达到目标；完成进度P=2026.5%（超过100%的部分不表示进度）", "",
                                      "仅有一个观测值"]


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


def test_pace_notes_name_the_rows_whose_figures_are_words():
    rows = _gap_rows(GAP_ROWS).assign(geography=["崇阳县", "咸安区", "全市"])
    assert target_gap.pace_notes(rows) == (
        "崇阳县 I14-04：完成进度P=183.4%、进度比R=2.29(已达到目标,超过100%的部分不表示进度)")
    assert target_gap.pace_notes(rows.iloc[1:]) == ""


def test_trajectory_panels_keep_their_headings_when_titles_are_left_out():
    # The page draws charts without axes titles (exhibits: the caption carries the title); each panel
    # still names its standard. 咸安区 720 元/月 (2023) against the city-wide 623 (2020).
    catalogue = pd.DataFrame({"item_id": ["I13-01"], "observation_id": ["I13-01"],
                              "name": ["城市居民最低生活保障平均标准"], "unit": ["元/月"],
                              "baseline": [623.0]})
    obs = pd.DataFrame({"indicator_id": ["I13-01"], "geography": ["咸安区"], "year": [2023],
                        "value": [720.0]})
    fig = target_gap.trajectory_chart(catalogue, obs, ["I13-01"], 2023, "标准")
    ax = fig.axes[0]
    assert ax.get_title() == ""
    texts = [t.get_text() for t in ax.texts]
    assert "I13-01\n城市居民最低生活保障平均标准" in texts and "全市2020年 623" in texts


def test_note_leaves_out_a_bare_no_data_but_keeps_its_reason():
    late = "无数据:2023年及以前无观测值(有2024年观测值,晚于评估年份,不采用)"
    rows = _gap_rows([{"item_id": "I14-01", "note": "无数据"},
                      {"item_id": "I13-01", "note": "规划未设定目标值;无数据"},
                      {"item_id": "I14-04", "note": late}])
    assert target_gap.text_columns(rows, ["note"])["note"].tolist() == ["", "规划未设定目标值", late]
