"""The report modules behind the notebooks (plan_overview, county_investment, baseline_review; data_quality
has test_data_quality.py, the target_gap page test_gapreport.py), how the target_gap page words the
sources it cites (xnplan.assess.sources) and the one present(), on small hand-made frames with
hand-worked figures.

The projects frame mimics 附件2 (the same shape as tests/report/test_analysis.py's): 通山县 has a package of
187 cemeteries placed in 通羊镇 by its location, and a line naming no township.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.assess import sources
from xnplan.paths import ROOT
from xnplan.report import (
    baseline_review,
    county_investment,
    investment,
    plan_overview,
    present,
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
    categories = pd.DataFrame(
        {
            "level": ["grand", "category"],
            "summary_total_wan": [884933.0, 152090.0],
            "summary_count": [1628.0, 40.0],
        }
    )  # 附件1 prints 1628 projects in all
    assert plan_overview.printed_totals(categories)["summary_total_wan"] == 884933.0
    with pytest.raises(ValueError, match="one grand"):
        plan_overview.printed_totals(categories[categories["level"] == "category"])


def test_table_13_source_cites_the_section_and_its_page(plan):
    # The plan's 目录: "八、“十三五”时期咸宁民政事业发展主要指标完成情况 7", under 第一章.
    outline = plan.outline
    assert baseline_review.table_13_source(outline, "规划") == (
        "规划，第一章八、“十三五”时期咸宁民政事业发展主要指标完成情况（第7页）"
    )
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
        ["通羊镇", 2, 188, 9850.0]
    ]
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
    return pd.DataFrame(
        {
            "indicator_id": ["I13-01", "I13-02", "I13-03"],
            "name": ["城市低保", "农村低保", "特困供养"],
            "holds": ["成立", "不成立", "无法核对"],
            "attainment_pct": [103.8, 90.0, None],
        }
    )


def test_verdict_counts_and_attainment(review):
    assert baseline_review.verdict_counts(review) == {
        "indicators": 3,
        "held": 1,
        "not_held": 1,
        "unverifiable": 1,
    }
    series = baseline_review.attainment(review)
    assert series.index.tolist() == ["I13-01 城市低保", "I13-02 农村低保", "I13-03 特困供养"]
    assert series.iloc[0] == 103.8


# --- what the target_gap page shows from xnplan.assess: the sources it cites ------------------------


def test_reliability_labels_in_chinese_unknown_shown_as_is():
    published = pd.read_csv(ROOT / "data/raw/observations/observations_public.csv")
    labels = {value: sources.reliability_label(value) for value in published["reliability"].unique()}
    assert labels == {
        "mirror of municipal news": "市级新闻（镜像网页转载）",
        "third-party reproduction of the city notice": "市政府通知（第三方网站转载）",
        "mirror of the municipal government notice": "市政府通知（镜像网页转载）",
        "official county site": "县级政府网站",
        "county civil-affairs site": "县级民政部门网站",
        "municipal news (咸宁网)": "市级新闻（咸宁网）",
    }
    assert sources.reliability_label("统计公报") == "统计公报"  # the template's list is Chinese
    assert sources.reliability_label(" blog post ") == "blog post"
    assert sources.reliability_label(float("nan")) == ""


def test_source_parts_split_title_and_address():
    assert sources.source_parts(
        "咸宁市调整2023年社会救助标准 (咸宁网, 2023-04-06), mirrored at http://m.czhtech.com/gd/1.html"
    ) == ("咸宁市调整2023年社会救助标准 (咸宁网, 2023-04-06)", "http://m.czhtech.com/gd/1.html")
    assert sources.source_parts("赤壁市民政局工作总结, http://chibi.gov.cn/a.shtml") == (
        "赤壁市民政局工作总结",
        "http://chibi.gov.cn/a.shtml",
    )
    assert sources.source_parts("民政局统计年报") == ("民政局统计年报", None)


# --- present ------------------------------------------------------------------------------------


def test_present_review13_vocabulary():
    row = pd.DataFrame(
        [
            {
                "indicator_id": "I13-03",
                "name": "农村特困供养标准",
                "value_2015": None,
                "actual_2020": 11020.0,
                "progress": "56.2",
                "cells_missing": "value_2015",
            }
        ]
    )
    shown = present.present(row, labels=present.REVIEW13).iloc[0]
    assert shown.to_dict() == {
        "编号": "I13-03",
        "指标名称": "农村特困供养标准",
        "2015年实际值": "—",
        "2020年实际值": "11,020",
        "完成进度P(%)": "56.2",
        "缺失单元格": "2015年实际值",
    }


def test_progress_beyond_a_met_target_is_shown_in_words_with_the_figure_in_the_note():
    # 农村特困供养标准: 2015 6,886, target 7,090, 2020 11,020 → P = 4134/204 = 2026.47%.
    review = pd.DataFrame(
        {
            "holds": ["成立", "不成立", "成立"],
            "share_pct": [4134 / 204 * 100, 56.25, None],
            "note": ["已达到目标", "", "仅有一个观测值"],
        }
    )
    shown = baseline_review.progress_in_words(review)
    assert shown["progress"].tolist() == ["已超过目标", "56.2", "—"]
    assert shown["note"].tolist() == [
        "已达到目标；完成进度P=2026.5%（超过100%的部分不表示进度）",
        "",
        "仅有一个观测值",
    ]


def test_present_checks():
    check = pd.DataFrame(
        [
            {
                "check_id": "grand-total",
                "stated": 884933.0,
                "computed": 884933.66,
                "difference": -0.66,
                "status": "mismatch",
                "source_line": 979,
                "evidence_lines": "985,990",
            }
        ]
    )
    shown = present.present(check).iloc[0].to_dict()
    assert shown == {
        "核对编号": "grand-total",
        "印刷值": "884,933",
        "对照值": "884,933.66",
        "差额": "-0.66",
        "状态": "不一致",
        "原文行号": "979",
        "相关行号": "985,990",
    }
    # the typed checks hold the line numbers as a list
    assert present.present(check.assign(evidence_lines=[[985, 990]]))["相关行号"].item() == "985,990"


def test_present_share_of_a_county(projects):
    table = investment.county_detail(projects, "通山县").by_category
    shown = present.present(table, ["category", "share_pct"], labels=present.share_of("通山县"))
    assert shown.columns.tolist() == ["大类", "占通山县合计比重(%)"]
    # 殡葬 9350 of 通山县's 35850 = 26.08%
    assert shown.set_index("大类").loc["殡葬", "占通山县合计比重(%)"] == "26.1"
