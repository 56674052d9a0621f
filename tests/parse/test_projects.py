"""The project library: golden values read from the text, the derivation rules, and bad input.

Line numbers in comments are 1-based lines of data/raw/xianning_civil_affairs_14th_fyp_draft.txt.
附件1 (summary) runs from line 805 to 957, 附件2 (detail) from line 959 to 4403.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xnplan import PlanParseError
from xnplan.parse.projects import facility_units, implementer_type, parse_projects, project_county
from xnplan.parse.source import Source
from xnplan.paths import DEFAULT_RAW_TEXT
from xnplan.schema import PROJECT_CATEGORIES, PROJECTS

RAW = DEFAULT_RAW_TEXT.read_text(encoding="utf-8")
LINES = RAW.split("\n")


@pytest.fixture(scope="module")
def parsed(raw_source):
    return parse_projects(raw_source)


@pytest.fixture(scope="module")
def projects(parsed):
    return parsed[0]


@pytest.fixture(scope="module")
def categories(parsed):
    return parsed[1]


def damaged(replace: dict[int, str | None] | None = None, stop: int | None = None) -> Source:
    """The plan with lines replaced (None deletes the line) and/or cut after line ``stop``."""
    lines = list(LINES[:stop] if stop else LINES)
    for number, text in sorted((replace or {}).items(), reverse=True):
        if text is None:
            del lines[number - 1]
        else:
            lines[number - 1] = text
    return Source.from_text("\n".join(lines), DEFAULT_RAW_TEXT)


# --- golden values ---------------------------------------------------------------------------------


def test_tables_satisfy_their_schemas(projects, categories):
    PROJECTS.validate(projects)
    PROJECT_CATEGORIES.validate(categories)
    assert list(projects.columns) == list(PROJECTS.columns)
    assert list(categories.columns) == list(PROJECT_CATEGORIES.columns)


def test_row_count_units_and_grand_total(projects):
    # 附件2 numbers its rows per subcategory: 64+40+6+46+8 (公办养老), 21, 5+16, 5, 10, 5+19+4, 4, 76, 2.
    assert len(projects) == 331
    assert projects["project_id"].is_unique
    # The rows add up exactly to 附件1's grand total 884933.66 (line 823).
    assert round(projects["investment_wan"].sum(), 2) == 884933.66
    # 1628 printed (line 821) + 13: 附件1 counts the 福利院 subcategory by lines (check/test_library.py).
    assert projects["units"].sum() == 1641


# (category_no, rows, units, investment) — rows and units counted in 附件2, sums of the rows.
CATEGORY_GOLDEN = [
    (1, 164, 673, 141940.2),  # 公办养老: 500 + 53 + 6 + 106 + 8 units
    (2, 21, 21, 423356.55),  # 普惠养老, lines 2663-2871; 300000 of it in one line (2769)
    (3, 21, 224, 26195.0),  # 儿童福利: 5 + (1 + 187 + 18 + 1 + 12)
    (4, 5, 5, 2945.0),  # 流浪乞讨: 200 + 750 + 1350 + 195 + 450 (附件1 prints 3455)
    (5, 10, 10, 14224.14),  # 殡葬: 1824.14 + 150 + 2250 + 3400 + 400 + 4 × 1100 + 1800
    (6, 28, 351, 169933.77),  # 公墓: 24033.77 + 142300 + 3600 (附件1 194733.77, 附件2 294733.77)
    (7, 4, 21, 15640.0),  # 精神卫生: 3600 + 3240 + 1800 + 7000; units 1 + 18 + 1 + 1
    (8, 76, 334, 89999.0),  # 社区综合
    (9, 2, 2, 700.0),  # 婚姻登记: 300 + 400; 3A级 (line 4387) is not a count
]


@pytest.mark.parametrize(("category_no", "rows", "units", "investment"), CATEGORY_GOLDEN)
def test_per_category(projects, category_no, rows, units, investment):
    lines = projects[projects["category_no"] == category_no]
    assert (len(lines), lines["units"].sum(), round(lines["investment_wan"].sum(), 2)) == (
        rows,
        units,
        investment,
    )


# (county, rows, units, investment). 嘉鱼县 by hand: 630 (1449) + 5000 (1805) + 1200 (2091) + 1600
# (2357) + 6000 (2779) + 1800 (3301) + 24000 (3357) + 1200 (3563) + 2000 (4185) + 7500 (4195);
# units 7+7+1+8+1+1+7+1+14+14. 市本级: 1242 (2117) + 5000 (2891) + 7000 (3609) + 3000 (3625) + 520
# (3635). 通山县: 23 lines, units 187+8+4+11+1 | 1+1 | 187+18+1 | 1 | 1 | 1+187+12 | 1+18 | 150+13+12.
COUNTY_GOLDEN = [
    ("咸安区", 78, 213, 77964.66),
    ("赤壁市", 80, 156, 371825.0),
    ("嘉鱼县", 10, 61, 50930.0),
    ("通山县", 23, 815, 206885.0),
    ("通城县", 31, 274, 79590.0),
    ("崇阳县", 104, 117, 80977.0),
    ("市本级", 5, 5, 16762.0),
]


@pytest.mark.parametrize(("county", "rows", "units", "investment"), COUNTY_GOLDEN)
def test_per_county(projects, county, rows, units, investment):
    lines = projects[projects["county"] == county]
    assert (len(lines), lines["units"].sum(), round(lines["investment_wan"].sum(), 2)) == (
        rows,
        units,
        investment,
    )


def test_every_line_has_a_county(projects):
    assert sum(rows for _, rows, _, _ in COUNTY_GOLDEN) == len(projects)
    assert set(projects["county"]) == {c for c, *_ in COUNTY_GOLDEN}


def test_ids_follow_document_order(projects):
    assert list(projects["source_line"]) == sorted(projects["source_line"])
    first = projects.iloc[0]
    assert (first["project_id"], first["source_line"], first["name"]) == (
        "P1.1.001",
        993,
        "咸安区61个村级日间照料中心项目",
    )
    # A category without subcategories gets subcategory 0 (普惠养老 row 21, line 2863).
    assert projects.loc[projects["project_id"] == "P2.0.021", "name"].item() == "崇阳县老年健康城"
    assert projects["project_id"].iloc[-1] == "P9.0.002"


def row(projects, project_id):
    return projects.set_index("project_id").loc[project_id]


def test_cells_kept_as_printed(projects):
    # Lines 1003-1011: the location holds the 办事处 and the implementer the village; kept as printed.
    r = row(projects, "P1.1.002")
    assert (r["location"], r["implementer"], r["investment_wan"]) == ("赤壁市赤马港办事处", "八蛇村", 150.0)
    assert (r["county"], r["township"], r["implementer_type"]) == ("赤壁市", "赤马港街道", "村/社区")
    # Line 1467: the copy lost 处 after 185; the location stays as printed, units come from the name.
    r = row(projects, "P1.1.048")
    assert (r["location"], r["units"], r["units_source"]) == ("通城全县185", 185, "name")
    # Line 2099: 沿河大道384 (lost 号) is an address, not a count.
    r = row(projects, "P1.3.006")
    assert (r["location"], r["units"], r["units_source"]) == ("崇阳县天城镇沿河大道384", 1, "default")


@pytest.mark.parametrize(
    ("project_id", "units", "source"),
    [
        ("P1.1.001", 61, "name"),  # 咸安区61个村级日间照料中心项目, line 995
        ("P1.1.046", 7, "name"),  # 嘉鱼县7个镇日间照料中心项目, line 1445
        ("P1.1.047", 187, "name"),  # 通山县187个老年人日间照料中心项目, line 1455
        ("P1.2.017", 7, "name"),  # 嘉鱼县7个镇农村福利院项目, line 1801
        ("P1.2.018", 8, "name"),  # 通山县8个乡镇农村福利院项目, line 1811
        ("P6.2.009", 2, "name"),  # 崇阳县白霓镇公益性公墓2 (lost 处), line 3413
        ("P6.2.012", 1, "default"),  # 崇阳县沙坪镇公益性公墓, line 3443
        ("P8.0.062", 11, "name"),  # 崇阳县11个“智慧社区”建设, line 4231
        ("P9.0.001", 1, "default"),  # 咸安区民政局婚姻登记处3A级颁证服务大厅, line 4387
    ],
)
def test_units_per_line(projects, project_id, units, source):
    r = row(projects, project_id)
    assert (r["units"], r["units_source"]) == (units, source)


def test_repeated_line_is_marked(projects):
    # 通城县城区福利中心 / 通城县隽水镇 / 1500 / 通城县民政局 at lines 2597-2605 (seq 3) and 2637-2645
    # (seq 7) of subcategory 5.
    assert projects.loc[projects["duplicate_of"] != "", ["project_id", "duplicate_of"]].values.tolist() == [
        ["P1.5.007", "P1.5.003"]
    ]


def test_categories_record_both_names(categories):
    by_key = categories.set_index(["category_no", "subcategory_no"])
    assert len(categories) == 1 + 9 + 10
    assert by_key.loc[(4, 0), "name_summary"] == "流浪乞讨人员救助管理站新建与升改造项目"  # line 899
    assert by_key.loc[(4, 0), "name_detail"] == "流浪乞讨人员救助管理站"  # line 3101
    assert by_key.loc[(5, 0), "name_summary"] == "殡仪馆、殡葬服务站新建与改造升级项目"  # line 905
    assert by_key.loc[(5, 0), "name_detail"] == "殡葬服务设施(新建或改扩建殡仪馆、火化设备更新)"  # 3157
    assert by_key.loc[(1, 2), "name_detail"] == "福利院项目"  # line 1633, printed "2.福利院项目"
    assert categories["code"].is_unique


def test_categories_keep_printed_figures(categories):
    by_key = categories.set_index(["category_no", "subcategory_no"])
    # Grand totals: 附件1 1628 / 884933.66 (lines 821-823), 附件2 1628 / 884933 (lines 977-979).
    grand = by_key.loc[(0, 0)]
    assert (grand["level"], grand["summary_count"], grand["summary_total_wan"]) == ("grand", 1628, 884933.66)
    assert (grand["detail_count"], grand["detail_total_wan"]) == (1628, 884933)
    # 公办养老: 附件1 660 / 141940.2 (827-829), 附件2 660 / 152090 (983-985).
    assert tuple(by_key.loc[(1, 0), ["summary_total_wan", "detail_total_wan", "investment_wan"]]) == (
        141940.2,
        152090,
        141940.2,
    )
    # 公墓: 附件1 351 / 194733.77 (913-915), 附件2 228 / 294733.77 (3265-3267).
    assert tuple(by_key.loc[(6, 0), ["summary_count", "detail_count", "units", "rows"]]) == (
        351,
        228,
        351,
        28,
    )
    # Sub 1.5: 附件1 28659 (869), 附件2 20209.2 (2575), rows 20209.2 (one line repeated).
    assert tuple(by_key.loc[(1, 5), ["summary_total_wan", "detail_total_wan", "investment_wan"]]) == (
        28659,
        20209.2,
        20209.2,
    )
    assert (by_key.loc[(1, 2), "summary_line"], by_key.loc[(1, 2), "detail_line"]) == (841, 1633)


# --- rules -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("咸安区61个村级日间照料中心项目", (61, "name")),
        ("通城县185处(社区)日间照料中心", (185, "name")),
        ("某县1所儿童福利院", (1, "name")),
        ("崇阳县白霓镇公益性公墓2", (2, "name")),
        ("咸安区民政局婚姻登记处3A级颁证服务大厅", (1, "default")),
        ("2021年度养老服务中心", (1, "default")),
        ("咸安区殡仪馆改扩建工程(一期)", (1, "default")),
        ("赤壁市三留守人员活动中心", (1, "default")),
    ],
)
def test_facility_units_rule(name, expected):
    assert facility_units(name) == expected


@pytest.mark.parametrize(
    ("name", "location", "implementer", "expected"),
    [
        # 1. a county in the name, short forms included; 咸宁市咸安区… names 咸安区 (line 3641)
        ("咸宁市咸安区所有村(社区)建立社工服务站(室)", "咸宁市咸安区", "咸安区民政局", ("咸安区", "name")),
        ("赤壁都好车埠颐养中心", "赤壁市城区", "赤壁市都好养老服务有限公司", ("赤壁市", "name")),
        # 2. a city body implements: before the location (line 3631: location names 咸安区)
        ("咸宁市智慧社区信息服务系统", "咸安区咸宁大道35", "市民政局", ("市本级", "implementer_city")),
        # 3. the location (line 2765)
        (
            "华中同济蒲纺康养基地项目",
            "赤壁市城区",
            "赤壁市爱康医养园区开发有限责任公司",
            ("赤壁市", "location"),
        ),
        # 4. the implementer
        ("某康养中心", "城区", "通城县民政局", ("通城县", "implementer")),
        # 5. a name starting with 咸宁市
        ("咸宁市某中心", "高新区", "某公司", ("市本级", "name_city")),
        # 6. nothing: unresolved
        ("某中心", "城区", "某公司", ("", "unresolved")),
    ],
)
def test_county_rule(name, location, implementer, expected):
    assert project_county(name, location, implementer) == expected


@pytest.mark.parametrize(
    ("implementer", "expected"),
    [
        ("市民政局", "民政部门"),
        ("咸安区民政局婚姻登记处", "民政部门"),
        ("健康九九医养融合管理(湖北)有限公司", "企业"),
        ("八蛇村", "村/社区"),
        ("汀泗桥镇各社区", "村/社区"),
        ("通城县全县各村(社区)", "村/社区"),
        ("咸安区各村委会", "村/社区"),
        ("天城镇人民政府", "乡镇政府/街道"),
        ("白霓镇人民镇府", "乡镇政府/街道"),
        ("嘉鱼县各镇", "乡镇政府/街道"),
        ("咸安区温泉街道办事处", "乡镇政府/街道"),
        ("赤马港街道", "乡镇政府/街道"),
        ("嘉鱼县各镇福利院", "事业单位/机构"),
        ("咸安区殡葬管理所", "事业单位/机构"),
        ("崇阳颐和医院", "事业单位/机构"),
        ("蒲纺工业园区", "其他"),
    ],
)
def test_implementer_type_rule(implementer, expected):
    assert implementer_type(implementer) == expected


def test_implementer_types_match_the_schema(projects):
    allowed = PROJECTS.columns["implementer_type"].checks[0].statistics["allowed_values"]
    assert set(projects["implementer_type"]) <= set(allowed)


# --- bad input ---------------------------------------------------------------------------------------


def test_non_numeric_investment_names_the_line():
    with pytest.raises(PlanParseError) as err:
        parse_projects(damaged({999: "3965万"}))  # row 1's investment
    assert err.value.line == 999
    assert "investment" in str(err.value) and "3965万" in str(err.value)
    assert any(line == 995 for line, _ in err.value.context)  # the cells around are shown


def test_negative_investment_is_refused():
    with pytest.raises(PlanParseError, match="non-negative investment") as err:
        parse_projects(damaged({999: "-3965"}))
    assert err.value.line == 999


def test_missing_cell_is_reported_not_shifted():
    with pytest.raises(PlanParseError, match="location of project 1") as err:
        parse_projects(damaged({997: None}))  # row 1's location deleted
    assert err.value.line == 998  # the investment cell moved up one line


def test_table_cut_short_inside_a_row():
    with pytest.raises(
        PlanParseError, match="附件2: table ends early; expected the location of project 2"
    ) as err:
        parse_projects(damaged(stop=1005))  # ends after row 2's seq and name
    assert err.value.line == 1005  # row 2's name, the last cell left


def test_table_cut_short_between_rows_is_a_missing_section():
    with pytest.raises(PlanParseError, match="9 categories but 附件2 has 1"):
        parse_projects(damaged(stop=1002))


@pytest.mark.parametrize(("line", "what"), [(805, "附件1"), (959, "附件2")])
def test_missing_section(line, what):
    with pytest.raises(PlanParseError, match=f"{what} .* not found"):
        parse_projects(damaged({line: "(删除)"}))


def test_repeated_row_breaks_the_sequence():
    extra = LINES[992:1002]  # row 1 (lines 993-1002) printed twice
    text = "\n".join(LINES[:1002] + extra + LINES[1002:])
    with pytest.raises(PlanParseError, match="expected project row 2") as err:
        parse_projects(Source.from_text(text))
    assert err.value.line == 1003


def test_fractional_count_in_a_header():
    with pytest.raises(PlanParseError, match="whole-number count"):
        parse_projects(damaged({989: "500.5"}))


def test_unresolved_county_is_an_error_naming_the_line():
    # Row P2.0.011 (line 2763): take the county out of its location and implementer.
    with pytest.raises(PlanParseError, match="no county for project P2.0.011") as err:
        parse_projects(damaged({2767: "城区", 2771: "爱康医养园区开发有限责任公司"}))
    assert err.value.line == 2763


PROJECT_LINES = list(range(805, 4405))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["drop", "duplicate", "text", "digit"]),
            st.sampled_from(PROJECT_LINES),
            st.text(max_size=6),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_damaged_tables_give_tables_or_a_parse_error(edits):
    lines = list(LINES)
    for op, number, text in sorted(edits, key=lambda e: -e[1]):
        i = number - 1
        if op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "text":
            lines[i] = text
        else:
            lines[i] = lines[i].replace("0", "7").replace("5", "").replace("1", "1.")
    try:
        result, categories = parse_projects(Source.from_text("\n".join(lines)))
    except PlanParseError:
        return
    PROJECTS.validate(result)
    PROJECT_CATEGORIES.validate(categories)


def test_a_township_read_from_the_location_is_flagged(projects):
    # 通山县187个村级留守儿童活动中心 (line 2953) is a county-wide package whose location is
    # 通山县通羊镇, the county seat: its 187 facilities count in 通羊镇 only because of the location.
    row = projects.set_index("name").loc["通山县187个村级留守儿童活动中心"]
    assert (row["township"], row["units"], bool(row["placed_by_location"])) == ("通羊镇", 187, True)
    # 赤壁市赤马港办事处八蛇村日间照料项目 names its 办事处 in the name itself.
    assert not projects.set_index("project_id").loc["P1.1.002", "placed_by_location"]
    # 通羊镇's 14 lines: 13 name no township and are placed at 通山县通羊镇… by their location; their
    # facilities are 187 + 187 + 18 + 18 + 12 (the five counted packages) + 8 single ones = 430, and
    # the one line naming 通羊镇 itself adds 1: the 431 the township shows.
    tongyang = projects[projects["township"] == "通羊镇"]
    assert len(tongyang) == 14 and tongyang["units"].sum() == 431
    assert tongyang.groupby("placed_by_location")["units"].sum().to_dict() == {False: 1, True: 430}
