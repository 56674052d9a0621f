"""The five research questions of notebooks/explore.ipynb, answered with the same API calls and checked
against figures read from the plan text and its curated files (each test says how).

nbval re-runs the notebook and compares its outputs; these tests say the outputs are right.
"""

from __future__ import annotations

import pytest

import xnplan
from xnplan.facts import TERRITORIES


@pytest.fixture(scope="module")
def plan() -> xnplan.Plan:
    return xnplan.load()


# Investment (万元) per county: the hand counts of 附件2 in tests/parse/test_projects.py COUNTY_GOLDEN;
# residents: the 2020 census of data/raw/population_2020.csv.
INVESTMENT_WAN = {
    "咸安区": 77964.66,
    "赤壁市": 371825.0,
    "嘉鱼县": 50930.0,
    "通山县": 206885.0,
    "通城县": 79590.0,
    "崇阳县": 80977.0,
}
RESIDENTS = {
    "咸安区": 657600,
    "赤壁市": 470400,
    "嘉鱼县": 285600,
    "通山县": 391300,
    "通城县": 426300,
    "崇阳县": 427130,
}


def test_per_capita_investment_by_county(plan) -> None:
    projects, population = plan.projects, plan.population
    invest = projects.groupby("county", observed=True)["investment_wan"].sum()
    residents = population.set_index("geography")["resident_population"]
    per_capita = (invest * 10_000 / residents).dropna().sort_values(ascending=False)
    expected = {c: INVESTMENT_WAN[c] * 10_000 / RESIDENTS[c] for c in TERRITORIES}
    assert per_capita.to_dict() == pytest.approx(expected)
    # 赤壁市 3718250000 / 470400 = 7904.4 元; 咸安区 779646600 / 657600 = 1185.6 元.
    assert list(per_capita.index[[0, -1]]) == ["赤壁市", "咸安区"]
    assert round(per_capita["赤壁市"]) == 7904


def test_elderly_care_share_by_county(plan) -> None:
    projects = plan.projects
    invest = projects.groupby("county", observed=True)["investment_wan"].sum()
    elderly = projects["category_code"].str.endswith("elderly_care")
    share = projects[elderly].groupby("county", observed=True)["investment_wan"].sum() / invest * 100
    # 大类1 + 大类2 as added up in tests/report/test_county_notebook.py BY_CATEGORY:
    # 通山县 (41505 + 36000) / 206885; 赤壁市 (26425 + 314400) / 371825.
    assert share["通山县"] == pytest.approx(77505 / 206885 * 100)
    assert share["赤壁市"] == pytest.approx(340825 / 371825 * 100)
    assert list(share.index) == list(plan.projects["county"].cat.categories)  # in the plan's order


def test_binding_indicators_with_their_2020_baselines(plan) -> None:
    binding = plan.catalogue.query("kind == '十四五主要指标' and attribute == '约束性'")
    # The 14th-plan table (lines 415-517) prints 约束性 in all 12 rows; two have a 2020 figure in the
    # plan: I14-04 护理型床位占比 32% (I13-04a, line 291) and I14-05 集中供养率 56% (I13-05, line 303).
    assert list(binding["item_id"]) == [f"I14-{n:02d}" for n in range(1, 13)]
    baselines = binding.set_index("item_id")["baseline"].dropna().to_dict()
    assert baselines == {"I14-04": 32.0, "I14-05": 56.0}
    assert set(binding["source_page"]) == {"第13–14页"}  # 目录: 四、(三) page 13, 第三章 page 14


def test_money_mismatches(plan) -> None:
    money = plan.findings.query("status == 'mismatch' and unit == '万元'")
    by_id = money.set_index("finding_id")
    # 附件1 prints 合计 884933.66 (line 823); its nine category rows (lines 829-957) print 141940.2 +
    # 423356.55 + 26195 + 3455 + 14224.14 + 194733.77 + 15640 + 89999 + 700 = 910243.66 (added with bc);
    # 附件2 prints 884933 (line 979).
    assert (by_id.at["G-S-sum-total", "stated"], by_id.at["G-S-sum-total", "computed"]) == (
        884933.66,
        910243.66,
    )
    assert by_id.at["G-D-total", "stated"] == 884933.0
    assert by_id.at["G-S-sum-total", "place"] == "第48–49页 附件1“十四五”项目库简表"
    assert (money["difference"] - (money["stated"] - money["computed"])).abs().max() < 1e-6
    assert set(money["unit"]) == {"万元"}


def test_townships_with_the_most_projects(plan) -> None:
    counts = plan.projects.groupby("township").agg(
        项目行数=("units", "size"), 乡镇取自拟建地点=("placed_by_location", "sum"), 设施数=("units", "sum")
    )
    top = counts.nlargest(5, "项目行数")
    # 天城镇 (崇阳县's seat) has 37 lines in 附件2, 通羊镇 (通山县's) 14 with 431 facilities, 13 of the
    # lines placed there by their location (tests/parse/test_projects.py counts them).
    assert list(top.index[:2]) == ["天城镇", "通羊镇"]
    assert top.loc["通羊镇"].to_dict() == {"项目行数": 14, "乡镇取自拟建地点": 13, "设施数": 431}
    assert top.loc["天城镇", "项目行数"] == 37
