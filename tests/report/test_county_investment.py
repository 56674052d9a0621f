"""xnplan.report.county_investment: a county's townships, packages and lines with named units, on
tests/report/hand_made.py's WITH_PACKAGE (通山县 has a package of 187 cemeteries placed in 通羊镇 by
its location, and a line naming no township).
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.report.hand_made import WITH_PACKAGE
from xnplan.report import county_investment, investment


@pytest.fixture
def projects(make_projects) -> pd.DataFrame:
    return make_projects(WITH_PACKAGE)


def test_townships_of_a_county(projects):
    places = county_investment.townships(investment.county_detail(projects, "通山县"), projects)
    # 通羊镇 holds the 福利院 (500) and the 187 cemeteries (9350); the 26000 line names no township
    assert places.named[["township", "lines", "units", "investment_wan"]].values.tolist() == [
        ["通羊镇", 2, 188, 9850.0]
    ]
    assert (places.unnamed["lines"], places.unnamed["investment_wan"]) == (1, 26000)
    # the cemeteries' name says 通山县, not 通羊镇: placed there by the location
    assert places.packages["project_id"].tolist() == ["P3.0.001"]
    assert places.packaged == {"lines": 1, "units": 187, "investment_wan": 9350.0}


def test_townships_of_a_county_without_packages(projects):
    places = county_investment.townships(investment.county_detail(projects, "赤壁市"), projects)
    assert places.named.empty and places.unnamed["lines"] == 1
    assert places.packaged == {"lines": 0, "units": 0, "investment_wan": 0.0}


def test_lines_with_named_units_and_top_share(projects):
    assert county_investment.lines_with_named_units(projects, "通山县")["units"].tolist() == [187]
    assert county_investment.lines_with_named_units(projects, "市本级").empty
    top = investment.county_detail(projects, "通山县", top=2).top_lines
    # 26000 + 9350 of 35850: the page reads the top lines' share off their cumulative column
    assert top["cumulative_pct"].iloc[-1] == pytest.approx(35350 / 35850 * 100)


# --- the page's paragraphs. 通山县 in WITH_PACKAGE: 500 (福利院, 通羊镇) + 26000 (医养结合, no township)
# + 9350 (187 公墓, 通羊镇 by location) = 35850万元 in 3 lines, of the library's 340015 ----------------


def test_summary(projects):
    detail = investment.county_detail(projects, "通山县")
    # facilities 1 + 1 + 187 = 189; 35850/340015 = 10.54%; second after 赤壁市's 300000
    # (35850万 = 3.585亿, rounded half-up: 3.59)
    assert county_investment.summary(detail) == (
        "通山县共有 **3 行**项目、**189 个**设施，估算总投资 **35,850.00万元**（3.59亿元），"
        "占全市项目库（34.00亿元）的 **10.5%**，在六个县市区和市本级中居第 2 位。"
        "六个县市区的并列比较见[县市区对比](county_comparison.html)。"
    )
    assert (
        county_investment.summary(investment.county_detail(projects, "嘉鱼县"))
        == "项目库中没有归属嘉鱼县的项目行。"
    )


def test_townships_sentence(projects):
    assert county_investment.townships_sentence(
        county_investment.townships(investment.county_detail(projects, "通山县"), projects)
    ) == (
        "1 个乡镇（街道）在项目名称或拟建地点中被点名。另有 1 行（26,000万元）没有写明乡镇。"
        "注意：有 1 行写明多个设施的打包项目（共 187 个设施，9,350万元）名称中没有乡镇，"
        "是按拟建地点计入乡镇的，"
        "例如“通山县187个农村公益性公墓”（拟建地点“通山县通羊镇”）。这些设施可能分布在全县各地，按乡镇的合计因此可能偏向这些镇。"
    )
    # 赤壁市's one line (300000) names no township, and there is no package
    assert county_investment.townships_sentence(
        county_investment.townships(investment.county_detail(projects, "赤壁市"), projects)
    ) == ("没有项目点名到乡镇（街道）。另有 1 行（300,000万元）没有写明乡镇。")


def test_units_sentence(projects):
    def sentence(county: str) -> str:
        named = investment.named_units(county_investment.lines_of(projects, county))
        return county_investment.units_sentence(investment.county_detail(projects, county), named)

    # 通山县: the 187 公墓 name their count; the other 2 lines count 1 each, 189 in all
    assert sentence("通山县") == (
        "通山县的 3 行项目合计 189 个设施：其中 1 行在名称中写明了个数，合计 187 个（见下表）；"
        "其余 2 行各按1个计。"
        "各小类的设施数见上面的分类表。"
    )
    assert (
        sentence("赤壁市")
        == "赤壁市的 1 行项目都没有在名称中写明设施个数，各按1个计，合计 1 个。各小类的设施数见上面的分类表。"
    )


def test_top_lines_sentence(projects):
    # 26000/35850 = 72.52%; the two largest, 26000 + 9350 = 35350, are 98.61%
    assert county_investment.top_lines_sentence(investment.county_detail(projects, "通山县", top=2)) == (
        "投资额最大的一行是“通山县医养结合二期”，26,000万元，占通山县合计的 72.5%；前 2 行合计占 98.6%。"
    )


def test_per_capita_sentence(projects, hand_residents):
    # 通山县 35850万 × 10000 / 358500 = 1000元/人, after 赤壁市's 300000万 × 10000 / 500000 = 6000
    assert county_investment.per_capita_sentence("通山县", projects, hand_residents, "[1]") == (
        "按2020年第七次人口普查常住人口 358,500 人计算，通山县人均项目投资 **1,000 元/人**，"
        "在六个县市区中居第 2 位"
        "（资料来源：[1]）。市本级项目服务全市，不分摊到各县。六个县市区的比较见[县市区对比](county_comparison.html)。"
    )
    # 市本级's 200万 × 10000 / 2500000 = 0.8, which prints as 1
    assert county_investment.per_capita_sentence("市本级", projects, hand_residents, "[1]") == (
        "市本级项目由市直单位实施、服务全市，没有单独的常住人口，因此不计算人均。"
        "若按全市2020年常住人口 2,500,000 人（资料来源：[1]）计，市本级项目合计相当于每人 1 元。"
        "六个县市区的人均投资比较见[县市区对比](county_comparison.html)。"
    )
