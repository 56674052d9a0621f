"""xnplan.geo: gazetteer, county resolution, township lookup, and the census population as read and
as stored."""

from __future__ import annotations

import re

import pandera.errors
import pytest

from xnplan import ParameterError, geo
from xnplan.errors import CuratedFileError
from xnplan.schema import COUNTIES, POPULATION


def test_counties_are_the_schema_counties_and_the_gazetteer_counties():
    table = geo.gazetteer()
    assert geo.COUNTIES == COUNTIES
    assert tuple(table.loc[table["level"] == "county", "name"]) == COUNTIES


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("赤壁市", "赤壁市"),
        ("赤壁", "赤壁市"),
        ("Chibi", "赤壁市"),
        ("chibi city", "赤壁市"),
        ("CHIBI", "赤壁市"),
        ("咸安区", "咸安区"),
        ("咸安", "咸安区"),
        ("Xian'an", "咸安区"),
        ("xianan", "咸安区"),
        ("Xian’an District", "咸安区"),
        ("Xiánān Qū", "咸安区"),
        ("嘉鱼", "嘉鱼县"),
        ("Jiayu County", "嘉鱼县"),
        ("jiayuxian", "嘉鱼县"),
        ("通山", "通山县"),
        ("Tongshan", "通山县"),
        ("通城", "通城县"),
        ("Tongcheng", "通城县"),
        ("崇阳县", "崇阳县"),
        ("Chongyang", "崇阳县"),
        ("市本级", "市本级"),
        ("city", "市本级"),
        ("City level", "市本级"),
        ("咸宁市", "市本级"),
        ("  赤壁 ", "赤壁市"),
    ],
)
def test_resolve_county_accepts_names_short_forms_and_aliases(given, expected):
    assert geo.resolve_county(given) == expected


@pytest.mark.parametrize("given", ["武汉", "Tong", "", "全市", "Xianning", None, 3])
def test_resolve_county_rejects_unknown_input_listing_valid_values(given):
    with pytest.raises(ParameterError) as err:
        geo.resolve_county(given)
    message = str(err.value)
    assert all(county in message for county in COUNTIES)
    assert "Chibi" in message
    if given == "武汉":
        assert message.startswith("县市区“武汉”无法识别；可填：咸安区、赤壁市、嘉鱼县")
    assert err.value.name == given


def test_townships_per_county():
    # 咸安区 3 街道 9 镇 1 乡; 赤壁市 3+10+1 (the plan: 14个所有乡镇(街道), line 4171); 嘉鱼县 8 镇;
    # 通山县 8 镇 4 乡 (the plan: 12个乡镇级公墓, line 3373); 通城县 9 镇 2 乡 (11个乡镇, line 4361);
    # 崇阳县 8 镇 4 乡 (twelve per-township rows, e.g. lines 4239-4357).
    counts = geo.townships().groupby("county").size().to_dict()
    assert counts == {"咸安区": 13, "赤壁市": 14, "嘉鱼县": 8, "通山县": 12, "通城县": 11, "崇阳县": 12}
    assert list(geo.townships("Chongyang")["name"])[:2] == ["天城镇", "沙坪镇"]


@pytest.mark.parametrize(
    ("text", "county", "expected"),
    [
        ("赤壁市赤马港办事处八蛇村日间照料项目", "赤壁市", "赤马港街道"),  # line 1005: 办事处 form
        ("咸安区永安街道办事处人民政府", "咸安区", "永安街道"),
        ("赤壁市官塘镇各村委会", "赤壁市", "官塘驿镇"),  # line 4083: short form of 官塘驿镇
        ("崇阳县港口乡镇公益性公墓", "崇阳县", "港口乡"),  # line 3503
        ("通城隽水镇", "通城县", "隽水镇"),  # line 4373: county written without 县
        ("通山县各乡镇", "通山县", None),  # generic, no township
        ("嘉鱼县各镇", "嘉鱼县", None),
        ("咸安区桂花镇农村福利院", "崇阳县", None),  # a town of another county is not read in
        ("崇阳县桂花泉镇", "崇阳县", "桂花泉镇"),
        ("咸安区桂花镇", "市本级", "桂花镇"),  # 市本级 lines may name any township
    ],
)
def test_township_in_text(text, county, expected):
    assert geo.township_in_text(text, county) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("咸宁市咸安区所有村(社区)建立社工服务站(室)", "咸安区"),  # line 3641: 咸宁市 is not a county
        ("咸宁市智慧社区信息服务系统", None),
        ("赤壁都好车埠颐养中心", "赤壁市"),  # short form, line 2745
        ("崇阳颐和养老院", "崇阳县"),
        ("通城全县185", "通城县"),
        ("华中同济蒲纺康养基地项目", None),
    ],
)
def test_county_in_text(text, expected):
    assert geo.county_in_text(text) == expected


def test_every_township_written_in_the_detail_table_is_in_the_gazetteer(parsed_plan):
    """A 镇/乡/街道/办事处 left unresolved would be a gap in the gazetteer; only generic phrases
    (各镇, 乡镇, 城乡, 7个镇, (街道)) may remain after the lookup."""
    projects = parsed_plan.projects
    generic = re.compile(r"各乡镇|乡镇|各镇|个镇|城乡|\(街道\)")
    named = re.compile(r"镇|乡|街道|办事处")
    unresolved = projects[projects["township"] == ""]
    leftovers = [
        (r.project_id, text)
        for r in unresolved.itertuples()
        for text in (r.name, r.location)
        if named.search(generic.sub("", text))
    ]
    assert leftovers == []


def test_population_keeps_its_source_columns():
    table = geo.population()
    assert list(table.columns) == [
        "geography",
        "resident_population",
        "precision",
        "share_of_city_pct",
        "age60plus_share_pct",
        "source",
        "reliability",
    ]
    # the census bulletin's figures as data/raw/population_2020.csv quotes them
    assert dict(zip(table["geography"], table["resident_population"], strict=True)) == {
        "全市": 2658316,
        "咸安区": 657600,
        "赤壁市": 470400,
        "崇阳县": 427130,
        "通城县": 426300,
        "通山县": 391300,
        "嘉鱼县": 285600,
    }


def test_population_names_a_missing_county(tmp_path):
    path = tmp_path / "population.csv"
    lines = geo.POPULATION_PATH.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("嘉鱼县")), encoding="utf-8")
    with pytest.raises(CuratedFileError, match="嘉鱼县"):
        geo.population(path)
    path.write_text("\n".join(lines).replace("赤壁市,470400", "赤壁市,47.04万"), encoding="utf-8")
    with pytest.raises(CuratedFileError, match=r"第 4 行：resident_population = '47.04万'，应为整数"):
        geo.population(path)


def test_the_census_is_a_stored_table(plan):
    population = plan.population.set_index("geography")
    # data/raw/population_2020.csv: 全市 2,658,316 (exact); 咸安区 65.76万, 崇阳县 427,130 (exact)
    assert population.at["全市", "resident_population"] == 2_658_316
    assert population.at["咸安区", "resident_population"] == 657_600
    assert population.at["崇阳县", "age60plus_share_pct"] == 17.23
    # six counties rounded to 100 add up to 14 more than the exact city figure (docs/notebooks.md)
    assert population.drop("全市")["resident_population"].sum() == 2_658_316 + 14
    assert "市本级" not in population.index


def test_a_census_row_for_a_non_territory_is_refused(plan):
    # 市本级 is the city's own bodies, not a territory: it has no residents
    census = plan.population
    with pytest.raises(pandera.errors.SchemaError, match="市本级"):
        POPULATION.validate(census.assign(geography=census["geography"].replace("嘉鱼县", "市本级")))
