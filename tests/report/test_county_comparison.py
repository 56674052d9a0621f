"""xnplan.report.county_comparison: the six counties side by side, and the county that lags on each
measure, on the committed tables and on hand-made observations."""

from __future__ import annotations

import pandas as pd
import pytest

import xnplan
from xnplan.report import county_comparison as compare
from xnplan.report import investment

SIX = list(compare.COUNTIES)


@pytest.fixture(scope="module")
def table():
    plan = xnplan.store.load()
    return compare.overview(plan.projects, investment.residents(plan.population))


def test_counties_are_ranked_by_investment_per_resident(table):
    # By hand from the tables: 赤壁市 371,825万元 / 470,400人 = 7,904元; 咸安区 77,964.66万元 /
    # 657,600人 = 1,186元, the lowest of the six.
    assert table["county"].tolist() == ["赤壁市", "通山县", "崇阳县", "通城县", "嘉鱼县", "咸安区"]
    assert table["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert table.iloc[-1]["yuan_per_resident"] == pytest.approx(77964.66 * 10_000 / 657_600)
    assert table.iloc[0]["share_pct"] == pytest.approx(371825 / 884933.66 * 100)


def observations(rows):
    return pd.DataFrame(
        rows, columns=["indicator_id", "geography", "year", "value", "unit", "source", "reliability"]
    )


def standard_rows(year, low="通山县", skip=None):
    rows = []
    for i, (measure, unit) in enumerate((("I13-01", "元/月"), ("I13-02", "元/月"), ("I13-03", "元/年"))):
        for county in SIX:
            if (measure, county) == skip:
                continue
            value = 700.0 + 10 * i if county != low else 600.0
            rows.append(
                (measure, county, year, value, unit, "某通知, http://example.org/a", "official county site")
            )
    return rows


def test_standards_come_from_the_latest_year_in_which_all_six_have_all_three():
    # 2025 lacks 咸安区's 农村特困供养标准: 2023 is the latest complete year.
    given = observations(standard_rows(2023) + standard_rows(2025, skip=("I13-03", "咸安区")))
    year, levels = compare.standards(given)
    assert year == 2023
    assert levels.columns.tolist() == [
        "城市低保标准(元/月)",
        "农村低保标准(元/月)",
        "农村特困供养标准(元/年)",
    ]
    assert levels.index.tolist() == SIX
    assert levels.loc["通山县"].tolist() == [600.0, 600.0, 600.0]
    assert compare.standard_sources(given, 2023) == [("某通知", "http://example.org/a")]
    none, empty = compare.standards(observations(standard_rows(2025, skip=("I13-01", "通城县"))))
    assert none is None and empty.empty


def test_the_lagging_county_is_named_on_every_measure(table):
    year, levels = compare.standards(observations(standard_rows(2025, low="崇阳县")))
    said = compare.lagging_sentences(table, year, levels)
    assert said == [
        "人均项目投资最低的是咸安区（1,186元/人，六个县市区中第6位），最高的是赤壁市（7,904元/人）",
        "2025年城市低保标准最低的是崇阳县（600元/月，最高700元/月）",
        "2025年农村低保标准最低的是崇阳县（600元/月，最高710元/月）",
        "2025年农村特困供养标准最低的是崇阳县（600元/年，最高720元/年）",
    ]
    assert compare.answer(table, None, pd.DataFrame()) == said[0] + "。"


def test_status_counts_count_a_restated_target_once():
    # 崇阳县's I14-04 is judged as the indicator and again as a target restating it: one measure.
    results = pd.DataFrame(
        {
            "geography": ["崇阳县", "崇阳县", "通山县"],
            "item_id": ["I14-04", "T31", "I13-01"],
            "measure_id": ["I14-04", "I14-04", "I13-01"],
            "verdict": ["提前完成", "提前完成", "无目标"],
        }
    )
    counts = compare.status_counts(results, ("已完成", "提前完成", "无目标"))
    assert counts.columns.tolist() == ["提前完成", "无目标"]
    assert counts.loc["崇阳县"].tolist() == [1, 0] and counts.loc["通山县"].tolist() == [0, 1]
    assert counts.loc["咸安区"].tolist() == [0, 0]


def test_the_page_paragraphs():
    # one link per county, in TERRITORIES order, to its county_investment page by its slug
    intro = compare.introduction()
    assert (
        "各县市区的详细报告：[咸安区](county_investment-xianan.html)、[赤壁市](county_investment-chibi.html)、"
        in intro
    )
    assert intro.count("](county_investment-") == 6
    assert compare.standards_sentence(None) == "观测值中没有六个县市区同一年的城乡低保和特困供养标准。"
    assert compare.standards_sentence(2023).startswith("2023年各县市区执行的城乡低保标准和农村特困供养标准")
    nothing = pd.DataFrame({"完成": [0, 0]}, index=["咸安区", "赤壁市"])
    assert not compare.has_results(nothing) and not compare.has_results(nothing.iloc[:0])
    assert compare.results_sentence(nothing, 2025, "总结评估") == "观测值中没有按县市区评估的指标和目标。"
    one = pd.DataFrame({"完成": [1, 0]}, index=["咸安区", "赤壁市"])  # 咸安区 has one completed target
    assert compare.results_sentence(one, 2025, "总结评估").startswith(
        "2025年总结评估中，各县市区可评估的指标和目标按评估结果计数。"
    )


def test_lagging_list(table):
    # without standards only investment per resident is compared (the figures of the test above)
    assert compare.lagging_list(table, None, pd.DataFrame()) == (
        "- 人均项目投资最低的是咸安区（1,186元/人，六个县市区中第6位），最高的是赤壁市（7,904元/人）。"
    )
    year, levels = compare.standards(observations(standard_rows(2025, low="崇阳县")))
    assert compare.lagging_list(table, year, levels).split("\n")[1] == (
        "- 2025年城市低保标准最低的是崇阳县（600元/月，最高700元/月）。"
    )
