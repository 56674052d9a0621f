"""xnplan.report (investment, data_quality, present, params) on a small hand-made projects frame

The frame mimics 附件2: a category with subcategories (公办养老, two subcategories), one without
(普惠养老, holding one huge enterprise line like 华中同济蒲纺康养基地项目), and a 市本级 line.
Expected figures are worked out by hand in the comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.check.rows import Check, checks_frame
from xnplan.errors import ParameterError
from xnplan.report import data_quality, investment, params, present
from xnplan.schema import COUNTIES, PROJECTS, RECONCILIATION

ROWS = [
    ("P1.1.001", 1, "公办养老", 1, "日间照料", "咸安区61个村级日照中心", "咸安区", "", 61, 3965.0, "村/社区"),
    ("P1.1.002", 1, "公办养老", 1, "日间照料", "八蛇村日照", "赤壁市", "赤马港街道", 1, 150.0, "村/社区"),
    ("P1.2.001", 1, "公办养老", 2, "福利院", "通山县福利院项目", "通山县", "通羊镇", 1, 500.0, "民政部门"),
    ("P2.0.001", 2, "普惠养老", 0, "", "华中同济蒲纺康养基地项目", "赤壁市", "", 1, 300000.0, "企业"),
    ("P2.0.002", 2, "普惠养老", 0, "", "通山县医养结合二期", "通山县", "通羊镇", 1, 26000.0, "民政部门"),
    ("P3.0.001", 3, "婚姻登记", 0, "", "咸宁市婚姻登记中心项目", "市本级", "", 1, 200.0, "民政部门"),
]
TOTAL = 3965 + 150 + 500 + 300000 + 26000 + 200  # 330815


@pytest.fixture
def projects(make_projects) -> pd.DataFrame:
    return make_projects(ROWS)


def test_totals(projects):
    assert investment.totals(projects) == {"lines": 6, "units": 66, "investment_wan": TOTAL}


def test_by_category_in_document_order_with_shares(projects):
    table = investment.by_category(projects)
    assert table["category"].tolist() == ["公办养老", "普惠养老", "婚姻登记"]
    assert table["investment_wan"].tolist() == [4615.0, 326000.0, 200.0]
    assert table["units"].tolist() == [63, 2, 1]
    assert table["share_pct"].sum() == pytest.approx(100)
    assert table.loc[1, "share_pct"] == pytest.approx(326000 / TOTAL * 100)


def test_by_subcategory_marks_categories_without_subcategories(projects):
    table = investment.by_subcategory(projects)
    assert table["subcategory"].tolist() == ["日间照料", "福利院", investment.NO_SUBCATEGORY,
                                             investment.NO_SUBCATEGORY]
    assert table["investment_wan"].tolist() == [4115.0, 500.0, 326000.0, 200.0]


def test_by_county_keeps_all_seven_units_in_fixed_order(projects):
    table = investment.by_county(projects)
    assert table["county"].tolist() == list(COUNTIES)
    amounts = dict(zip(table["county"], table["investment_wan"], strict=True))
    assert amounts == {"咸安区": 3965, "赤壁市": 300150, "嘉鱼县": 0, "通山县": 26500, "通城县": 0,
                       "崇阳县": 0, "市本级": 200}
    assert table.set_index("county").loc["嘉鱼县", "lines"] == 0


def test_matrix_sums_to_category_and_county_totals(projects):
    matrix = investment.county_category_matrix(projects)
    assert matrix.index.tolist() == ["公办养老", "普惠养老", "婚姻登记"]
    assert matrix.columns.tolist() == list(COUNTIES)
    assert matrix.loc["普惠养老", "赤壁市"] == 300000
    assert matrix.to_numpy().sum() == TOTAL
    # column sums are the county totals worked out in test_by_county_keeps_all_seven_units_in_fixed_order
    assert matrix.sum().to_dict() == {"咸安区": 3965, "赤壁市": 300150, "嘉鱼县": 0, "通山县": 26500,
                                      "通城县": 0, "崇阳县": 0, "市本级": 200}


def test_township_groups_unnamed_last(projects):
    table = investment.by_township(projects)
    assert table["township"].tolist() == ["通羊镇", "赤马港街道", investment.NO_TOWNSHIP]
    assert table["investment_wan"].tolist() == [26500.0, 150.0, 304165.0]


def test_packages_placed_by_location(projects):
    frame = projects.assign(
        name=["咸安区61个村级日照中心", "八蛇村日照", "通山县福利院项目", "华中同济蒲纺康养基地项目",
              "通山县187个农村公益性公墓", "赤壁市神山镇5个农村社区建设项目"],
        township=["", "赤马港街道", "通羊镇", "", "通羊镇", "神山镇"],
        units=[61, 1, 1, 1, 187, 5])
    frame["units_source"] = ["name" if u > 1 else "default" for u in frame["units"]]
    placed = investment.packages_placed_by_location(frame)
    # Only the 187 cemeteries: 咸安区's 61 centres name no town, 神山镇's 5 name theirs.
    assert placed["name"].tolist() == ["通山县187个农村公益性公墓"]


def test_largest_lines_and_concentration_without_the_largest(projects):
    top = investment.largest_lines(projects, 2)
    assert top["project_id"].tolist() == ["P2.0.001", "P2.0.002"]
    assert top.loc[1, "cumulative_pct"] == pytest.approx(326000 / TOTAL * 100)
    assert investment.without_largest(projects)["investment_wan"].sum() == TOTAL - 300000
    shares = investment.top_shares(projects, tops=(1,)).iloc[0]
    assert shares["share_pct"] == pytest.approx(300000 / TOTAL * 100)
    # Without the 300000 line the rest is 30815, of which 26000 is the new largest.
    assert shares["share_pct_without_largest"] == pytest.approx(26000 / 30815 * 100)
    needed = investment.lines_needed(projects, reach=(50, 95)).set_index("target_pct")
    assert needed.loc[50, "lines_needed"] == 1
    # 95% of 330815 is 314274.25: 300000 + 26000 reaches it, so two lines.
    assert needed.loc[95, "lines_needed"] == 2
    # 95% of 30815 is 29274.25: 26000 + 3965 = 29965 reaches it, so two lines.
    assert needed.loc[95, "lines_needed_without_largest"] == 2


def test_compare_without_largest_by_county(projects):
    table = investment.compare_without_largest(projects).set_index("county")
    assert table.loc["赤壁市", "investment_wan"] == 300150
    assert table.loc["赤壁市", "investment_wan_without_largest"] == 150
    assert table.loc["通山县", "share_pct_without_largest"] == pytest.approx(26500 / 30815 * 100)


def test_per_capita_and_city_level(projects):
    population = pd.Series({"全市": 2_658_316, "咸安区": 657_600, "赤壁市": 470_400, "嘉鱼县": 285_600,
                            "通山县": 391_300, "通城县": 426_300, "崇阳县": 427_130})
    table = investment.per_capita(projects, population).set_index("county")
    assert "市本级" not in table.index
    # 通山县: 26500万元 = 265,000,000元 over 391,300 residents.
    assert table.loc["通山县", "yuan_per_resident"] == pytest.approx(265_000_000 / 391_300)
    # 赤壁市 3,001,500,000元 / 470,400 ≈ 6,381 > 通山县 ≈ 677 > 咸安区 39,650,000元 / 657,600 ≈ 60 > 0
    assert investment.per_capita_rank(table.reset_index(), "赤壁市") == 1
    assert investment.per_capita_rank(table.reset_index(), "通山县") == 2
    assert investment.per_capita_rank(table.reset_index(), "嘉鱼县") == 4  # the three at 0 share rank 4
    city = investment.city_level_summary(projects, population)
    assert city["city_level_wan"] == 200
    assert city["yuan_per_resident_city_level"] == pytest.approx(200 * 10_000 / 2_658_316)
    assert city["yuan_per_resident_all"] == pytest.approx(TOTAL * 10_000 / 2_658_316)
    with pytest.raises(KeyError, match="嘉鱼县"):
        investment.per_capita(projects, population.drop("嘉鱼县"))


def test_residents_reads_the_census_table():
    census = pd.DataFrame({"geography": ["全市", "通山县"], "resident_population": [2658316, 391300]})
    assert investment.residents(census).to_dict() == {"全市": 2658316, "通山县": 391300}


def test_sectors(projects):
    table = investment.by_implementer_type(projects)
    assert table["sector"].tolist() == [investment.PUBLIC, investment.PUBLIC, investment.ENTERPRISE]
    assert table.set_index("implementer_type")["investment_wan"].to_dict() == {
        "民政部门": 26700, "村/社区": 4115, "企业": 300000}
    matrix = investment.sector_by_county(projects)
    assert matrix.columns.tolist() == [investment.PUBLIC, investment.ENTERPRISE]
    assert matrix.loc["赤壁市", investment.ENTERPRISE] == 300000
    assert matrix.loc["赤壁市", investment.PUBLIC] == 150
    with pytest.raises(KeyError, match="社会组织"):
        investment.by_implementer_type(projects.assign(implementer_type="社会组织"))


def test_every_schema_implementer_type_has_a_sector():
    allowed = PROJECTS.columns["implementer_type"].checks[0].statistics["allowed_values"]
    assert set(allowed) == set(investment.SECTORS)


def test_county_detail(projects):
    detail = investment.county_detail(projects, "通山县")
    assert (detail.lines, detail.units, detail.investment_wan) == (2, 2, 26500)
    assert detail.share_pct == pytest.approx(26500 / TOTAL * 100)
    assert detail.rank == 2  # after 赤壁市 (300150), before 咸安区 (3965)
    assert detail.all_lines["project_id"].tolist() == ["P1.2.001", "P2.0.002"]
    assert detail.all_lines["item_class"].tolist() == ["福利院", "普惠养老"]
    assert detail.by_township["township"].tolist() == ["通羊镇"]
    figures = detail.key_figures()
    assert figures["by_category_wan"] == {"公办养老": 500.0, "普惠养老": 26000.0}
    empty = investment.county_detail(projects, "嘉鱼县")
    assert (empty.lines, empty.investment_wan, empty.all_lines.empty) == (0, 0, True)
    with pytest.raises(KeyError, match="通山县"):
        investment.county_detail(projects, "Tongshan")


def test_document_order_of_ids_is_numeric():
    ids = pd.Series(["P10.0.001", "P9.1.002", "P9.1.010"])
    assert ids.iloc[investment._id_order(ids).argsort()].tolist() == ["P9.1.002", "P9.1.010", "P10.0.001"]


def test_findings_sentence_names_figures_units_and_lines():
    # Modelled on the 附件2 header of 公办养老机构服务能力提升项目: 152090 printed (raw line 985)
    # against 141940.2 summed from its lines.
    def check(check_id, level, item, source, stated, computed, unit, status, line, evidence=(), against=""):
        return Check(check_id, level, "library", item, source, stated, computed, unit, status, "…",
                     source_line=line, evidence_lines=evidence, computed_source=against)

    checks = RECONCILIATION.validate(checks_frame([
        check("C1-D-total", "category", "大类1「公办养老机构服务能力提升项目」 估算总投资(万元) 对明细行",
              "附件2", 152090.0, 141940.2, "万元", "mismatch", 985, [985, 981]),
        check("G-S-count", "grand", "合计 项目个数(个) 对设施数", "附件1", 1628.0, 1641.0, "个", "ambiguous",
              821),
        check("DUP-P1.5.007", "subcategory", "重复行「通城县城区福利中心」", "附件2", 2.0, 1.0, "",
              "ambiguous", 2637, [2597]),
        check("C9-S-total", "category", "合计", "附件1", 1.0, 1.0, "万元", "ok", None),
        check("C4-X-total", "cross-table", "附件1大类4 / 附件2大类4 估算总投资(万元)", "附件1", 3455.0,
              2945.0, "万元", "mismatch", 903, [3105], against="附件2"),
    ]))
    found = data_quality.findings(checks)
    # Grand checks come first, then category, subcategory, cross-table.
    assert found["check_id"].tolist() == ["G-S-count", "C1-D-total", "DUP-P1.5.007", "C4-X-total"]
    # Raw lines 903 (附件1, 3455) and 3105 (附件2, 2945): two printed figures, not a computed one.
    assert found.loc[3, "sentence"] == ("附件1印刷 3,455万元（原文第903行），附件2印刷 2,945万元，"
                                        "差额 510万元。相关行：第3105行。")
    found = found.set_index(found["check_id"].map({"C1-D-total": 0, "G-S-count": 1, "DUP-P1.5.007": 2,
                                                   "C4-X-total": 3}))
    found = found.sort_index()
    assert found["unit"].tolist() == ["万元", "个", "", "万元"]
    assert found.loc[0, "lines_text"] == "第985、981行"
    assert found.loc[0, "sentence"] == ("附件2印刷 152,090万元（原文第985行），计算值 141,940.2万元，"
                                        "差额 10,149.8万元。相关行：第981、985行。")
    assert found.loc[1, "sentence"].endswith("差额 -13个。")
    assert found.loc[2, "sentence"] == "附件2（原文第2637行）。相关行：第2597行。"
    first = next(found.itertuples())
    assert data_quality.finding_markdown(first) == (
        "**大类1「公办养老机构服务能力提升项目」 估算总投资(万元) 对明细行**"
        "（不一致，核对编号 `C1-D-total`）\n\n"
        "附件2印刷 152,090万元（原文第985行），计算值 141,940.2万元，差额 10,149.8万元。"
        "相关行：第981、985行。\n\n说明：…")
    money = data_quality.findings_table(found, "万元")
    assert money.columns.tolist() == ["核对编号", "核对项", "印刷来源", "印刷值(万元)", "计算值(万元)",
                                      "差额(万元)", "状态", "原文行号"]
    assert money["差额(万元)"].tolist() == ["10,149.8", "510"]
    assert money["印刷来源"].tolist() == ["附件2", "附件1对附件2"]
    assert data_quality.findings_table(found, "")["说明"].tolist() == ["…"]
    counts = data_quality.status_counts(checks)
    assert counts.set_index("level").loc["category"].tolist() == [1, 1, 0, 2]
    shown = present.present(counts, labels=present.CHECK_COUNTS)
    assert shown.columns.tolist() == ["核对层级", "一致(项)", "不一致(项)", "存疑(项)", "合计(项)"]
    assert shown.set_index("核对层级").loc["大类"].tolist() == ["1", "1", "0", "2"]
    assert shown["核对层级"].tolist() == ["总计", "大类", "小类", "表间"]


def test_printed_vs_rows_lists_only_differences():
    # Modelled on 附件1/附件2 for 公办养老 (raw lines 825-829, 981-985) and 福利院 (841-845, 1633-1637).
    def row(level, name_summary, name_detail, counts, totals, rows, units, investment, lines):
        return {"category_no": 1, "level": level, "name_summary": name_summary, "name_detail": name_detail,
                "summary_count": counts[0], "summary_total_wan": totals[0], "detail_count": counts[1],
                "detail_total_wan": totals[1], "rows": rows, "units": units, "investment_wan": investment,
                "summary_line": lines[0], "detail_line": lines[1]}

    elderly = "公办养老机构服务能力提升项目"
    categories = pd.DataFrame([
        row("grand", "合 计", "合计", (660.0, None), (141940.2, None), 164, 673, 141940.2, (819, 975)),
        row("category", elderly, elderly, (660.0, 660.0), (141940.2, 152090.0), 164, 673, 141940.2,
            (825, 981)),
        row("subcategory", "农村福利院新建与升改造项目", "福利院项目", (40.0, 40.0), (40419.0, 38719.0), 40,
            53, 38719.0, (841, 1633)),
    ])
    found = data_quality.printed_vs_rows(categories)
    # The grand count 660 equals the one category's printed 660; 附件2 prints no grand figures here.
    assert found.loc[0, "note"] == "既不等于设施数，也不等于明细行数（164行）。它等于本表各大类印刷值之和。"
    found = found.iloc[1:].reset_index(drop=True)
    assert list(zip(found["table"], found["name"], found["measure"], strict=True)) == [
        ("附件1", elderly, "项目个数"), ("附件2", elderly, "估算总投资"), ("附件2", elderly, "项目个数"),
        ("附件1", "农村福利院新建与升改造项目", "估算总投资"),
        ("附件1", "农村福利院新建与升改造项目", "项目个数"), ("附件2", "福利院项目", "项目个数")]
    assert found["difference"].tolist() == pytest.approx([-13.0, 10149.8, -13.0, 1700.0, -13.0, -13.0])
    assert found.loc[4, "note"] == "等于明细行数，即按行而不是按设施计数。"
    # The category's 660 is the sum of its printed subcategory counts (here only 福利院's 40).
    assert found.loc[0, "note"] == "既不等于设施数，也不等于明细行数（164行）。本表各小类印刷值之和为 40个。"
    assert found.loc[1, "note"] == "本表各小类印刷值之和为 38,719万元。"
    assert found.loc[1, "sentence"] == (
        "附件2「公办养老机构服务能力提升项目」（原文第981行起）估算总投资印刷 152,090万元，"
        "明细合计 141,940.2万元，印刷值多 10,149.8万元。本表各小类印刷值之和为 38,719万元。")


def test_hints_for_common_misprints():
    # 附件1 194733.77 against 附件2 294733.77 for 城乡公益性公墓 (raw lines 915, 3267).
    assert data_quality.hint(194733.77, 294733.77) == "两数只有一位数字不同，可能是笔误。"
    # 附件2's grand total 884933 (line 979) against the rows' 884933.66.
    assert data_quality.hint(884933.0, 884933.66) == "印刷值是计算值去掉小数后的整数。"
    # 散居孤儿养育标准 growth printed 102.5% (line 193); 7200 → 14584 is 102.556%.
    assert data_quality.hint(102.5, 102.5556) == "两数在印刷的最后一位上不同，可能是舍入或截断有误。"
    assert data_quality.hint(345.0, 365.0) == "两数只有一位数字不同，可能是笔误。"
    assert data_quality.hint(345.5, 345.54) == "两数在印刷的最后一位上不同，可能是舍入或截断有误。"
    assert data_quality.hint(1628.0, 1505.0) == ""
    assert data_quality.hint(11.9, 6.081) == ""
    assert data_quality.hint(5.0, 5.0) == ""
    assert data_quality.hint(2.0, 3.0) == ""  # one-digit figures: no typo reading


def test_present_uses_chinese_headers_with_units(projects):
    table = present.present(investment.by_county(projects))
    assert table.columns.tolist() == ["县市区", "明细行数(行)", "设施数(个)", "估算总投资(万元)",
                                      "占全市比重(%)"]
    assert table.iloc[1]["估算总投资(万元)"] == "300,150.00"
    with pytest.raises(KeyError, match="mystery"):
        present.present(projects.assign(mystery=1), ["mystery"])


def test_parameter_checks_name_the_valid_range():
    assert params.check_whole_number("top_n", 10, 1, 50) == 10
    for bad in (0, 51, "10", True, 2.5):
        with pytest.raises(ParameterError, match="top_n must be a whole number from 1 to 50"):
            params.check_whole_number("top_n", bad, 1, 50)
    assert params.check_flag("include_ok", False) is False
    with pytest.raises(ParameterError, match="include_ok must be True or False, got 'no'"):
        params.check_flag("include_ok", "no")


def test_census_sources_name_each_quoted_page_once() -> None:
    # data/raw/population_2020.csv: 全市 and four counties cite one page ("same", "same as 咸安区"),
    # 崇阳县 another; the figures are the bulletin's as those pages quote them.
    census = pd.DataFrame({"source": [
        "咸宁市第七次全国人口普查公报 (2020), as quoted at http://www.mddtxt.net/list/a.html", "same",
        "咸宁市第七次全国人口普查公报 page 2, as quoted at https://www.hongheiku.com/sjrk/8424.html",
        "same as 咸安区"]})
    assert investment.census_sources(census) == [
        (investment.CENSUS_SOURCE, "http://www.mddtxt.net/list/a.html"),
        (investment.CENSUS_SOURCE, "https://www.hongheiku.com/sjrk/8424.html")]
