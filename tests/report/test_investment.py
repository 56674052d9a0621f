"""xnplan.report.investment on small hand-made projects frames (tests/report/hand_made.py): LIBRARY
mimics 附件2 (a category with subcategories, one without holding one huge enterprise line, and a 市本级
line); WITH_PACKAGE adds a package of 187 cemeteries. Expected figures are worked out by hand in the
comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.report.hand_made import LIBRARY_TOTAL as TOTAL
from tests.report.hand_made import WITH_PACKAGE_TOTAL
from xnplan.errors import ParameterError, TableContentError
from xnplan.facts import COUNTIES
from xnplan.report import investment
from xnplan.schema import PROJECTS

# LIBRARY by county: 咸安区 3965; 赤壁市 150 + 300000; 通山县 500 + 26000; 市本级 200; the others none.
COUNTY_TOTALS = {
    "咸安区": 3965,
    "赤壁市": 300150,
    "嘉鱼县": 0,
    "通山县": 26500,
    "通城县": 0,
    "崇阳县": 0,
    "市本级": 200,
}


def test_totals(library_projects):
    assert investment.totals(library_projects) == {"lines": 6, "units": 66, "investment_wan": TOTAL}


def test_by_category_in_document_order_with_shares(library_projects):
    table = investment.by_category(library_projects)
    assert table["category"].tolist() == ["公办养老", "普惠养老", "婚姻登记"]
    assert table["investment_wan"].tolist() == [4615.0, 326000.0, 200.0]
    assert table["units"].tolist() == [63, 2, 1]
    assert table["share_pct"].sum() == pytest.approx(100)
    assert table.loc[1, "share_pct"] == pytest.approx(326000 / TOTAL * 100)


def test_by_subcategory_marks_categories_without_subcategories(library_projects):
    table = investment.by_subcategory(library_projects)
    assert table["subcategory"].tolist() == [
        "日间照料",
        "福利院",
        investment.NO_SUBCATEGORY,
        investment.NO_SUBCATEGORY,
    ]
    assert table["investment_wan"].tolist() == [4115.0, 500.0, 326000.0, 200.0]


def test_by_county_keeps_all_seven_units_in_fixed_order(library_projects):
    table = investment.by_county(library_projects)
    assert table["county"].tolist() == list(COUNTIES)
    amounts = dict(zip(table["county"], table["investment_wan"], strict=True))
    assert amounts == COUNTY_TOTALS
    assert table.set_index("county").loc["嘉鱼县", "lines"] == 0


def test_matrix_sums_to_category_and_county_totals(library_projects):
    matrix = investment.county_category_matrix(library_projects)
    assert matrix.index.tolist() == ["公办养老", "普惠养老", "婚姻登记"]
    assert matrix.columns.tolist() == list(COUNTIES)
    assert matrix.loc["普惠养老", "赤壁市"] == 300000
    assert matrix.to_numpy().sum() == TOTAL
    # its column sums are the county totals
    assert matrix.sum().to_dict() == COUNTY_TOTALS


def test_township_groups_unnamed_last(library_projects):
    table = investment.by_township(library_projects)
    assert table["township"].tolist() == ["通羊镇", "赤马港街道", investment.NO_TOWNSHIP]
    assert table["investment_wan"].tolist() == [26500.0, 150.0, 304165.0]


def test_packages_placed_by_location(library_projects):
    frame = library_projects.assign(
        name=[
            "咸安区61个村级日照中心",
            "八蛇村日照",
            "通山县福利院项目",
            "华中同济蒲纺康养基地项目",
            "通山县187个农村公益性公墓",
            "赤壁市神山镇5个农村社区建设项目",
        ],
        township=["", "赤马港街道", "通羊镇", "", "通羊镇", "神山镇"],
        units=[61, 1, 1, 1, 187, 5],
    )
    frame["units_source"] = ["name" if u > 1 else "default" for u in frame["units"]]
    placed = investment.packages_placed_by_location(frame)
    # Only the 187 cemeteries: 咸安区's 61 centres name no town, 神山镇's 5 name theirs.
    assert placed["name"].tolist() == ["通山县187个农村公益性公墓"]


def test_largest_lines_and_concentration_without_the_largest(library_projects):
    top = investment.largest_lines(library_projects, 2)
    assert top["project_id"].tolist() == ["P2.0.001", "P2.0.002"]
    assert top.loc[1, "cumulative_pct"] == pytest.approx(326000 / TOTAL * 100)
    assert investment.without_largest(library_projects)["investment_wan"].sum() == TOTAL - 300000
    shares = investment.top_shares(library_projects, tops=(1,)).iloc[0]
    assert shares["share_pct"] == pytest.approx(300000 / TOTAL * 100)
    # Without the 300000 line the rest is 30815, of which 26000 is the new largest.
    assert shares["share_pct_without_largest"] == pytest.approx(26000 / 30815 * 100)
    needed = investment.lines_needed(library_projects, reach=(50, 95)).set_index("target_pct")
    assert needed.loc[50, "lines_needed"] == 1
    # 95% of 330815 is 314274.25: 300000 + 26000 reaches it, so two lines.
    assert needed.loc[95, "lines_needed"] == 2
    # 95% of 30815 is 29274.25: 26000 + 3965 = 29965 reaches it, so two lines.
    assert needed.loc[95, "lines_needed_without_largest"] == 2


def test_compare_without_largest_by_county(library_projects):
    table = investment.compare_without_largest(library_projects).set_index("county")
    assert table.loc["赤壁市", "investment_wan"] == 300150
    assert table.loc["赤壁市", "investment_wan_without_largest"] == 150
    assert table.loc["通山县", "share_pct_without_largest"] == pytest.approx(26500 / 30815 * 100)


def test_per_capita_and_city_level(library_projects):
    population = pd.Series(
        {
            "全市": 2_658_316,
            "咸安区": 657_600,
            "赤壁市": 470_400,
            "嘉鱼县": 285_600,
            "通山县": 391_300,
            "通城县": 426_300,
            "崇阳县": 427_130,
        }
    )
    table = investment.per_capita(library_projects, population).set_index("county")
    assert "市本级" not in table.index
    # 通山县: 26500万元 = 265,000,000元 over 391,300 residents.
    assert table.loc["通山县", "yuan_per_resident"] == pytest.approx(265_000_000 / 391_300)
    # 赤壁市 3,001,500,000元 / 470,400 ≈ 6,381 > 通山县 ≈ 677 > 咸安区 39,650,000元 / 657,600 ≈ 60 > 0
    assert investment.per_capita_rank(table.reset_index(), "赤壁市") == 1
    assert investment.per_capita_rank(table.reset_index(), "通山县") == 2
    assert investment.per_capita_rank(table.reset_index(), "嘉鱼县") == 4  # the three at 0 share rank 4
    city = investment.city_level_summary(library_projects, population)
    assert city["city_level_wan"] == 200
    assert city["yuan_per_resident_city_level"] == pytest.approx(200 * 10_000 / 2_658_316)
    assert city["yuan_per_resident_all"] == pytest.approx(TOTAL * 10_000 / 2_658_316)
    with pytest.raises(TableContentError, match="嘉鱼县"):
        investment.per_capita(library_projects, population.drop("嘉鱼县"))


def test_residents_reads_the_census_table():
    census = pd.DataFrame({"geography": ["全市", "通山县"], "resident_population": [2658316, 391300]})
    assert investment.residents(census).to_dict() == {"全市": 2658316, "通山县": 391300}


def test_sectors(library_projects):
    table = investment.by_implementer_type(library_projects)
    assert table["sector"].tolist() == [investment.PUBLIC, investment.PUBLIC, investment.ENTERPRISE]
    assert table.set_index("implementer_type")["investment_wan"].to_dict() == {
        "民政部门": 26700,
        "村/社区": 4115,
        "企业": 300000,
    }
    matrix = investment.sector_by_county(library_projects)
    assert matrix.columns.tolist() == [investment.PUBLIC, investment.ENTERPRISE]
    assert matrix.loc["赤壁市", investment.ENTERPRISE] == 300000
    assert matrix.loc["赤壁市", investment.PUBLIC] == 150
    with pytest.raises(TableContentError, match="社会组织"):
        investment.by_implementer_type(library_projects.assign(implementer_type="社会组织"))


def test_every_schema_implementer_type_has_a_sector():
    allowed = PROJECTS.columns["implementer_type"].checks[0].statistics["allowed_values"]
    assert set(allowed) == set(investment.SECTORS)


def test_county_detail(library_projects):
    detail = investment.county_detail(library_projects, "通山县")
    assert (detail.lines, detail.units, detail.investment_wan) == (2, 2, 26500)
    assert detail.share_pct == pytest.approx(26500 / TOTAL * 100)
    assert detail.rank == 2  # after 赤壁市 (300150), before 咸安区 (3965)
    assert detail.all_lines["project_id"].tolist() == ["P1.2.001", "P2.0.002"]
    assert detail.all_lines["item_class"].tolist() == ["福利院", "普惠养老"]
    assert detail.by_township["township"].tolist() == ["通羊镇"]
    figures = detail.key_figures()
    assert figures["by_category_wan"] == {"公办养老": 500.0, "普惠养老": 26000.0}
    empty = investment.county_detail(library_projects, "嘉鱼县")
    assert (empty.lines, empty.investment_wan, empty.all_lines.empty) == (0, 0, True)
    with pytest.raises(ParameterError, match="通山县"):
        investment.county_detail(library_projects, "Tongshan")


def test_document_order_of_ids_is_numeric():
    ids = pd.Series(["P10.0.001", "P9.1.002", "P9.1.010"])
    assert ids.iloc[investment._id_order(ids).argsort()].tolist() == ["P9.1.002", "P9.1.010", "P10.0.001"]


def test_census_sources_name_each_quoted_page_once() -> None:
    # data/raw/population_2020.csv: 全市 and four counties cite one page ("same", "same as 咸安区"),
    # 崇阳县 another; the figures are the bulletin's as those pages quote them.
    census = pd.DataFrame(
        {
            "source": [
                "咸宁市第七次全国人口普查公报 (2020), as quoted at http://www.mddtxt.net/list/a.html",
                "same",
                "咸宁市第七次全国人口普查公报 page 2, as quoted at https://www.hongheiku.com/sjrk/8424.html",
                "same as 咸安区",
            ]
        }
    )
    assert investment.census_sources(census) == [
        (investment.CENSUS_SOURCE, "http://www.mddtxt.net/list/a.html"),
        (investment.CENSUS_SOURCE, "https://www.hongheiku.com/sjrk/8424.html"),
    ]


# --- the aggregates the notebooks call instead of adding up in cells -----------------------------


def test_ranked_is_largest_first_and_keeps_ties_in_order():
    table = pd.DataFrame({"county": ["甲", "乙", "丙", "丁"], "investment_wan": [5.0, 9.0, 5.0, 1.0]})
    assert investment.ranked(table)["county"].tolist() == ["乙", "甲", "丙", "丁"]
    per_capita = pd.DataFrame({"county": ["甲", "乙"], "yuan_per_resident": [10.0, 20.0]})
    assert investment.ranked(per_capita, "yuan_per_resident")["county"].tolist() == ["乙", "甲"]


def test_named_units(packaged_projects):
    # two lines state a count in the name (61 centres, 187 cemeteries): 248 facilities; 4 others
    assert investment.named_units(packaged_projects) == {"lines": 2, "units": 248, "other_lines": 4}
    assert investment.named_units(packaged_projects.iloc[0:0]) == {"lines": 0, "units": 0, "other_lines": 0}


def test_by_sector(packaged_projects):
    table = investment.by_sector(packaged_projects).set_index("sector")
    assert table.index.tolist() == [investment.PUBLIC, investment.ENTERPRISE, investment.OTHER]
    # public: 3965 (村/社区) + 500 + 9350 + 200 (民政部门) = 14015 in four lines
    public = table.loc[investment.PUBLIC]
    assert (public["lines"], public["investment_wan"]) == (4, 14015)
    # enterprises: 300000 + 26000 in two lines
    assert table.loc[investment.ENTERPRISE, "lines"] == 2
    assert table.loc[investment.ENTERPRISE, "investment_wan"] == 326000
    assert table.loc[investment.ENTERPRISE, "share_pct"] == pytest.approx(326000 / WITH_PACKAGE_TOTAL * 100)
    assert (table.loc[investment.OTHER, "lines"], table.loc[investment.OTHER, "investment_wan"]) == (0, 0)
