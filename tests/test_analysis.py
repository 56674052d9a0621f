"""xnplan.analysis on a small hand-made projects frame (validated against the PROJECTS schema).

The frame mimics 附件2: a category with subcategories (公办养老, two subcategories), one without
(普惠养老, holding one huge enterprise line like 华中同济蒲纺康养基地项目), and a 市本级 line.
Expected figures are worked out by hand in the comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan import analysis
from xnplan.schema import COUNTIES, PROJECTS

COLUMNS = ["project_id", "category_no", "category", "subcategory_no", "subcategory", "name", "county",
           "township", "units", "investment_wan", "implementer_type"]
ROWS = [
    ("P1.1.001", 1, "公办养老", 1, "日间照料", "咸安区61个村级日照中心", "咸安区", "", 61, 3965.0, "村/社区"),
    ("P1.1.002", 1, "公办养老", 1, "日间照料", "八蛇村日照", "赤壁市", "赤马港街道", 1, 150.0, "村/社区"),
    ("P1.2.001", 1, "公办养老", 2, "福利院", "通山县福利院项目", "通山县", "通羊镇", 1, 500.0, "民政部门"),
    ("P2.0.001", 2, "普惠养老", 0, "", "华中同济蒲纺康养基地项目", "赤壁市", "", 1, 300000.0, "企业"),
    ("P2.0.002", 2, "普惠养老", 0, "", "通山县医养结合二期", "通山县", "通羊镇", 1, 26000.0, "民政部门"),
    ("P3.0.001", 3, "婚姻登记", 0, "", "咸宁市婚姻登记中心项目", "市本级", "", 1, 200.0, "民政部门"),
]
TOTAL = 3965 + 150 + 500 + 300000 + 26000 + 200  # 330815


def make_projects(rows=ROWS) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    codes = {1: "elderly_public", 2: "elderly_inclusive", 3: "marriage"}
    frame = frame.assign(
        category_code=frame["category_no"].map(codes),
        subcategory_code=[f"s{n}" if n else "" for n in frame["subcategory_no"]],
        seq=frame["project_id"].str[-3:].astype(int),
        location=frame["county"], implementer=frame["county"] + "民政局",
        units_source=["name" if u > 1 else "default" for u in frame["units"]], duplicate_of="",
        source_line=range(100, 100 + len(frame)))
    return PROJECTS.validate(frame[list(PROJECTS.columns)])


@pytest.fixture
def projects() -> pd.DataFrame:
    return make_projects()


def test_totals(projects):
    assert analysis.totals(projects) == {"lines": 6, "units": 66, "investment_wan": TOTAL}


def test_by_category_in_document_order_with_shares(projects):
    table = analysis.by_category(projects)
    assert table["category"].tolist() == ["公办养老", "普惠养老", "婚姻登记"]
    assert table["investment_wan"].tolist() == [4615.0, 326000.0, 200.0]
    assert table["units"].tolist() == [63, 2, 1]
    assert table["share_pct"].sum() == pytest.approx(100)
    assert table.loc[1, "share_pct"] == pytest.approx(326000 / TOTAL * 100)


def test_by_subcategory_marks_categories_without_subcategories(projects):
    table = analysis.by_subcategory(projects)
    assert table["subcategory"].tolist() == ["日间照料", "福利院", analysis.NO_SUBCATEGORY,
                                             analysis.NO_SUBCATEGORY]
    assert table["investment_wan"].tolist() == [4115.0, 500.0, 326000.0, 200.0]


def test_by_county_keeps_all_seven_units_in_fixed_order(projects):
    table = analysis.by_county(projects)
    assert table["county"].tolist() == list(COUNTIES)
    amounts = dict(zip(table["county"], table["investment_wan"], strict=True))
    assert amounts == {"咸安区": 3965, "赤壁市": 300150, "嘉鱼县": 0, "通山县": 26500, "通城县": 0,
                       "崇阳县": 0, "市本级": 200}
    assert table.set_index("county").loc["嘉鱼县", "lines"] == 0


def test_matrix_sums_to_category_and_county_totals(projects):
    matrix = analysis.county_category_matrix(projects)
    assert matrix.index.tolist() == ["公办养老", "普惠养老", "婚姻登记"]
    assert matrix.columns.tolist() == list(COUNTIES)
    assert matrix.loc["普惠养老", "赤壁市"] == 300000
    assert matrix.to_numpy().sum() == TOTAL
    by_county = analysis.by_county(projects).set_index("county")["investment_wan"]
    assert matrix.sum().to_dict() == by_county.to_dict()


def test_township_groups_unnamed_last(projects):
    table = analysis.by_township(projects)
    assert table["township"].tolist() == ["通羊镇", "赤马港街道", analysis.NO_TOWNSHIP]
    assert table["investment_wan"].tolist() == [26500.0, 150.0, 304165.0]


def test_largest_lines_and_concentration_without_the_largest(projects):
    top = analysis.largest_lines(projects, 2)
    assert top["project_id"].tolist() == ["P2.0.001", "P2.0.002"]
    assert top.loc[1, "cumulative_pct"] == pytest.approx(326000 / TOTAL * 100)
    assert analysis.without_largest(projects)["investment_wan"].sum() == TOTAL - 300000
    table = analysis.concentration(projects, tops=(1,), reach=(50, 95)).set_index("measure")
    assert table.loc["最大1行占比", "all_lines"] == pytest.approx(300000 / TOTAL * 100)
    # Without the 300000 line the rest is 30815, of which 26000 is the new largest.
    assert table.loc["最大1行占比", "without_largest"] == pytest.approx(26000 / 30815 * 100)
    assert table.loc["达到总投资50%所需最大行数", "all_lines"] == 1
    # 95% of 330815 is 314274.25: 300000 + 26000 reaches it, so two lines.
    assert table.loc["达到总投资95%所需最大行数", "all_lines"] == 2
    # 95% of 30815 is 29274.25: 26000 + 3965 = 29965 reaches it, so two lines.
    assert table.loc["达到总投资95%所需最大行数", "without_largest"] == 2


def test_compare_without_largest_by_county(projects):
    table = analysis.compare_without_largest(projects).set_index("county")
    assert table.loc["赤壁市", "investment_wan"] == 300150
    assert table.loc["赤壁市", "investment_wan_without_largest"] == 150
    assert table.loc["通山县", "share_pct_without_largest"] == pytest.approx(26500 / 30815 * 100)


def test_per_capita_and_city_level():
    projects = make_projects()
    population = pd.Series({"全市": 2_658_316, "咸安区": 657_600, "赤壁市": 470_400, "嘉鱼县": 285_600,
                            "通山县": 391_300, "通城县": 426_300, "崇阳县": 427_130})
    table = analysis.per_capita(projects, population).set_index("county")
    assert "市本级" not in table.index
    # 通山县: 26500万元 = 265,000,000元 over 391,300 residents.
    assert table.loc["通山县", "yuan_per_resident"] == pytest.approx(265_000_000 / 391_300)
    city = analysis.city_level_summary(projects, population)
    assert city["city_level_wan"] == 200
    assert city["yuan_per_resident_all"] == pytest.approx(TOTAL * 10_000 / 2_658_316)
    with pytest.raises(KeyError, match="嘉鱼县"):
        analysis.per_capita(projects, population.drop("嘉鱼县"))


def test_residents_reads_the_census_table():
    census = pd.DataFrame({"geography": ["全市", "通山县"], "resident_population": [2658316, 391300]})
    assert analysis.residents(census).to_dict() == {"全市": 2658316, "通山县": 391300}


def test_sectors(projects):
    table = analysis.by_implementer_type(projects)
    assert table["sector"].tolist() == [analysis.PUBLIC, analysis.PUBLIC, analysis.ENTERPRISE]
    assert table.set_index("implementer_type")["investment_wan"].to_dict() == {
        "民政部门": 26700, "村/社区": 4115, "企业": 300000}
    matrix = analysis.sector_by_county(projects)
    assert matrix.columns.tolist() == [analysis.PUBLIC, analysis.ENTERPRISE]
    assert matrix.loc["赤壁市", analysis.ENTERPRISE] == 300000
    assert matrix.loc["赤壁市", analysis.PUBLIC] == 150
    with pytest.raises(KeyError, match="社会组织"):
        analysis.by_implementer_type(projects.assign(implementer_type="社会组织"))


def test_every_schema_implementer_type_has_a_sector():
    allowed = PROJECTS.columns["implementer_type"].checks[0].statistics["allowed_values"]
    assert set(allowed) == set(analysis.SECTORS)


def test_county_detail(projects):
    detail = analysis.county_detail(projects, "通山县")
    assert (detail.lines, detail.units, detail.investment_wan) == (2, 2, 26500)
    assert detail.share_pct == pytest.approx(26500 / TOTAL * 100)
    assert detail.rank == 2  # after 赤壁市 (300150), before 咸安区 (3965)
    assert detail.all_lines["project_id"].tolist() == ["P1.2.001", "P2.0.002"]
    assert detail.by_township["township"].tolist() == ["通羊镇"]
    figures = detail.key_figures()
    assert figures["by_category_wan"] == {"公办养老": 500.0, "普惠养老": 26000.0}
    empty = analysis.county_detail(projects, "嘉鱼县")
    assert (empty.lines, empty.investment_wan, empty.all_lines.empty) == (0, 0, True)
    with pytest.raises(KeyError, match="通山县"):
        analysis.county_detail(projects, "Tongshan")


def test_document_order_of_ids_is_numeric():
    ids = pd.Series(["P10.0.001", "P9.1.002", "P9.1.010"])
    assert ids.iloc[analysis._id_order(ids).argsort()].tolist() == ["P9.1.002", "P9.1.010", "P10.0.001"]


def test_findings_sentence_names_figures_and_lines():
    checks = pd.DataFrame([
        {"check_id": "C1", "level": "category", "item": "公办养老机构服务能力提升项目 估算总投资(万元)",
         "stated_source": "附件2", "stated": 152090.0, "computed": 141940.2, "difference": 10149.8,
         "status": "mismatch", "explanation": "…", "source_line": 970, "evidence_lines": "815, 970"},
        {"check_id": "C2", "level": "grand", "item": "合计", "stated_source": "附件1", "stated": 1.0,
         "computed": 1.0, "difference": 0.0, "status": "ok", "explanation": "", "source_line": None,
         "evidence_lines": ""},
    ])
    found = analysis.findings(checks)
    assert found["check_id"].tolist() == ["C1"]
    assert found.loc[0, "lines_text"] == "第970、815行"
    sentence = found.loc[0, "sentence"]
    for part in ("152,090", "141,940.2", "10,149.8", "附件2"):
        assert part in sentence
    counts = analysis.status_counts(checks).set_index("level")
    assert counts.loc["category", "mismatch"] == 1 and counts.loc["grand", "ok"] == 1


def test_present_uses_chinese_headers_with_units(projects):
    table = analysis.present(analysis.by_county(projects))
    assert table.columns.tolist() == ["县市区", "明细行数(行)", "设施数(个)", "估算总投资(万元)",
                                      "占全市比重(%)"]
    assert table.iloc[1]["估算总投资(万元)"] == "300,150.00"
    with pytest.raises(KeyError, match="mystery"):
        analysis.present(projects.assign(mystery=1), ["mystery"])
