"""Each report's one-line conclusion for the landing page (``conclusion`` of each report module).

First on small hand-made frames with the figures worked by hand, then on the real tables, with the
figures read from the plan (附件2's lines and amounts, the 十三五 table, the reconciliation's counts).
The target_gap line on the published observations is tested with the page (test_target_gap.py).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from xnplan.assess import review13
from xnplan.assess.assessment import Edition
from xnplan.report import (
    baseline_review,
    county_investment,
    data_quality,
    investment,
    plan_overview,
    target_gap,
)

ROWS = [
    ("P1.2.001", 1, "公办养老", 2, "福利院", "通山县福利院项目", "通山县", "通羊镇", 1, 500.0, "民政部门"),
    ("P2.0.001", 2, "普惠养老", 0, "", "赤壁市康养基地项目", "赤壁市", "", 1, 8000.0, "企业"),
    ("P3.0.001", 3, "殡葬", 0, "", "通山县12个农村公益性公墓", "通山县", "通羊镇", 12, 1300.0, "民政部门"),
    ("P4.0.001", 4, "婚姻登记", 0, "", "咸宁市婚姻登记中心项目", "市本级", "", 1, 200.0, "民政部门"),
]
# 500 + 8000 + 1300 + 200 = 10000 万元 = 1.00 亿元


@pytest.fixture
def projects(make_projects) -> pd.DataFrame:
    return make_projects(ROWS)


def test_county_conclusion(projects):
    # 通山县: 500 + 1300 = 1800 万元 = 0.18 亿元; 1800 / 10000 = 18.0 %
    detail = investment.county_detail(projects, "通山县")
    assert county_investment.conclusion(detail) == "通山县：2行项目，0.18亿元，占全市18.0%"
    # 市本级: 200 / 10000 = 2.0 %
    city = investment.county_detail(projects, "市本级")
    assert county_investment.conclusion(city) == "市本级：1行项目，0.02亿元，占全市2.0%"


def test_county_conclusion_without_lines(projects):
    detail = investment.county_detail(projects, "嘉鱼县")
    assert county_investment.conclusion(detail) == "嘉鱼县：项目库中没有归属嘉鱼县的项目"


def test_plan_overview_conclusion(projects):
    # 赤壁市 holds 8000 of 10000 万元 = 80.0 %
    text = plan_overview.conclusion(investment.totals(projects), investment.by_county(projects))
    assert text == "项目库4行项目，估算总投资1.00亿元；最多的是赤壁市，0.80亿元，占80.0%"


def test_data_quality_conclusion():
    counts = {"checks": 5, "ok": 1, "mismatch": 2, "ambiguous": 2}
    assert data_quality.conclusion(counts) == "核对5项：不一致2项，存疑2项"


def test_baseline_review_conclusion_lists_the_verdicts_given():
    mixed = {"indicators": 3, "held": 1, "not_held": 1, "unverifiable": 1}
    assert baseline_review.conclusion(mixed) == (
        "“十三五”3项指标标为完成，核对后1项成立、1项不成立、1项无法核对"
    )
    held = {"indicators": 2, "held": 2, "not_held": 0, "unverifiable": 0}
    assert baseline_review.conclusion(held) == "“十三五”2项指标标为完成，核对后2项成立"


def with_results(edition: Edition, rows: list[tuple[str, str, str, str, bool]]):
    """An assessment of the plan whose results are ``rows`` (geography, item_id, measure_id, verdict,
    flagged): all the landing-page line reads."""
    empty = target_gap.load(edition.year, "", county=edition.county or "")
    frame = pd.DataFrame(rows, columns=["geography", "item_id", "measure_id", "verdict", "flagged"])
    return dataclasses.replace(empty, results=frame)


def test_target_gap_conclusion_counts_city_wide_measures_in_class_order():
    a = with_results(
        Edition(2025),
        [
            ("全市", "I14-01", "I14-01", "无法评估", False),
            ("全市", "I14-05", "I14-05", "滞后", True),
            ("全市", "I13-01", "I13-01", "无目标", False),
            ("全市", "I14-04", "I14-04", "已完成", False),
            ("全市", "I14-02", "I14-02", "无法评估", False),
            # T29 restates I14-04: one measure, counted once
            ("全市", "T29", "I14-04", "已完成", False),
            # county rows are never counted into the city-wide line
            ("通山县", "I14-05", "I14-05", "滞后", True),
            ("崇阳县", "I14-04", "I14-04", "已完成", False),
        ],
    )
    assert target_gap.conclusion(a) == (
        "2025年总结评估：全市5项指标和目标中，已完成1项、滞后1项、无法评估2项、无目标1项；约束性指标预警1项"
    )


def test_target_gap_conclusion_of_a_county_counts_its_own_rows():
    a = with_results(
        Edition(2023, "通山县"),
        [("通山县", "I14-05", "I14-05", "倒退", True), ("通山县", "I13-01", "I13-01", "无目标", False)],
    )
    assert target_gap.conclusion(a) == (
        "2023年中期评估：通山县2项指标和目标中，倒退1项、无目标1项；约束性指标预警1项"
    )


def test_target_gap_conclusion_without_city_rows():
    a = with_results(Edition(2023), [("通山县", "I14-05", "I14-05", "滞后", True)])
    assert target_gap.conclusion(a) == "2023年中期评估：没有纳入评估的指标和目标"


# --- the real tables ----------------------------------------------------------------------------


def test_real_county_conclusions(plan):
    # 附件2: 通山县's 23 lines add up to 206885 万元 of 884933.66 (23.38 %);
    # 市本级's 5 lines to 16762 万元 (1.89 %)
    tongshan = investment.county_detail(plan.projects, "通山县")
    assert county_investment.conclusion(tongshan) == "通山县：23行项目，20.69亿元，占全市23.4%"
    city = investment.county_detail(plan.projects, "市本级")
    assert county_investment.conclusion(city) == "市本级：5行项目，1.68亿元，占全市1.9%"


def test_real_plan_overview_conclusion(plan):
    # 331 lines, 884933.66 万元; 赤壁市 371825 万元 (with the 300000 万元 蒲纺 line) = 42.02 %
    text = plan_overview.conclusion(investment.totals(plan.projects), investment.by_county(plan.projects))
    assert text == "项目库331行项目，估算总投资88.49亿元；最多的是赤壁市，37.18亿元，占42.0%"


def test_real_data_quality_conclusion(plan):
    counts = data_quality.status_summary(plan.reconciliation)
    assert data_quality.conclusion(counts) == "核对193项：不一致35项，存疑16项"


def test_real_baseline_review_conclusion(plan):
    # the 十三五 table (第一章 八) lists 9 indicators, every one printed 完成 and met in 2020
    verdicts = baseline_review.verdict_counts(review13.review(plan.indicators_13th))
    assert baseline_review.conclusion(verdicts) == "“十三五”9项指标标为完成，核对后9项成立"
