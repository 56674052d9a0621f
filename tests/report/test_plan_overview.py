"""xnplan.report.plan_overview: the printed totals and the share chart, on hand-made frames
(tests/report/hand_made.py's WITH_PACKAGE) with the figures worked by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.report.hand_made import WITH_PACKAGE
from tests.report.hand_made import WITH_PACKAGE_TOTAL as TOTAL
from xnplan.errors import TableContentError
from xnplan.report import investment, plan_overview


@pytest.fixture
def projects(make_projects) -> pd.DataFrame:
    return make_projects(WITH_PACKAGE)


def test_printed_totals_is_the_grand_row():
    categories = pd.DataFrame(
        {
            "level": ["grand", "category"],
            "summary_total_wan": [884933.66, 152090.0],
            "summary_count": [1628.0, 40.0],
        }
    )  # 附件1 prints 884933.66万元 and 1628 projects in all (the plan text's line 823)
    assert plan_overview.printed_totals(categories)["summary_total_wan"] == 884933.66
    with pytest.raises(TableContentError, match="one grand"):
        plan_overview.printed_totals(categories[categories["level"] == "category"])


def test_share_chart(projects):
    chart = plan_overview.share_chart(investment.compare_without_largest(projects))
    assert chart.columns.tolist() == [plan_overview.ALL_LINES, plan_overview.WITHOUT_LARGEST]
    # 通山县 500 + 26000 + 9350 = 35850 of 340015, and of the 40015 left without the 300000 line
    assert chart.loc["通山县", plan_overview.ALL_LINES] == pytest.approx(35850 / TOTAL * 100)
    assert chart.loc["通山县", plan_overview.WITHOUT_LARGEST] == pytest.approx(35850 / 40015 * 100)


# --- the page's paragraphs, on WITH_PACKAGE (340015万元 in 6 lines) ------------------------------------


def test_opening(projects):
    # 附件1 prints 884933.66 (line 823), 附件2's header 884933 (line 979): distinct, so a swap shows
    grand = pd.Series({"summary_total_wan": 884933.66, "summary_count": 1628.0, "detail_total_wan": 884933.0})
    text = plan_overview.opening(investment.totals(projects), grand)
    # 6 lines; facilities 61 + 1 + 1 + 1 + 187 + 1 = 252; 340015万元 = 34.00亿元
    assert text.startswith(
        "项目库共有 **6 行**项目、**252 个**设施，估算总投资合计 **340,015.00万元**（约 **34.00亿元**）。"
        "附件1印刷的合计为 884,933.66万元、项目 1,628 个，附件2表头印刷的合计为 884,933万元；"
    )


def test_leading_category(projects):
    # 普惠养老 300000 + 26000 = 326000 = 32.60亿元, 326000/340015 = 95.88%
    assert plan_overview.leading_category(investment.by_category(projects)) == (
        "九个大类中投资最多的是“普惠养老”，32.60亿元，占全部的 95.9%。"
    )


def test_leading_counties(projects):
    # 赤壁市 300000 (88.23% of 340015); 通山县 500 + 26000 + 9350 = 35850, 10.54% (3.585亿 rounds
    # half-up to 3.59); 市本级 one line of 200万元 = 0.02亿元
    assert plan_overview.leading_counties(investment.by_county(projects)) == (
        "按县市区看，投资最多的是赤壁市（30.00亿元，88.2%）、通山县（3.59亿元，10.5%）；市本级项目 1 行，"
        "0.02亿元。"
    )


def test_named_units_sentence(projects):
    # the 61 日照中心 and the 187 公墓 name their count: 2 lines, 248 facilities; the other 4 lines count 1
    assert plan_overview.named_units_sentence(investment.named_units(projects)).startswith(
        "2 行项目在名称中写明了设施个数（如“187个农村公益性公墓”），合计 248 个设施；"
        "其余 4 行按每行1个设施计。"
    )


def test_concentration_and_shift(projects):
    largest = investment.largest_line(projects)
    rest = investment.totals(investment.without_largest(projects))
    text = plan_overview.concentration(
        largest, investment.totals(projects), investment.lines_needed(projects), rest
    )
    # 300000 of 340015 = 88.23%, one line passes half; 340015 − 300000 = 40015 = 4.00亿元;
    # conftest's implementer is the county + 民政局
    assert text == (
        "单独一行“华中同济蒲纺康养基地项目”（赤壁市，实施主体赤壁市民政局）估算投资 300,000万元，"
        "占全部的 **88.2%**。"
        "全部 6 行中，投资额最大的 1 行就占到总投资的一半。不计这一行，项目库为 4.00亿元。"
    )
    # 赤壁市 has nothing but that line: 88.2% with it, 0 of 40015 without
    assert plan_overview.largest_line_shift(largest, investment.compare_without_largest(projects)) == (
        "这一行决定了县市区之间的比较：含这一行时赤壁市占全市 88.2%，不含时为 0.0%。"
    )


def test_per_capita_sentence_and_map_note(projects, hand_residents):
    city = investment.city_level_summary(projects, hand_residents)
    text = plan_overview.per_capita_sentence(investment.per_capita(projects, hand_residents), city)
    # 赤壁市 300000万 × 10000 / 500000 = 6000元/人, the highest; 嘉鱼、通城、崇阳 have nothing (0), and the
    # stable ranking leaves the last of them in TERRITORIES order, 崇阳县, at the bottom.
    # The city: 340015万 × 10000 / 2500000 = 1360.06 → 1,360; without 市本级's 200: 1359.26 → 1,359
    assert text.startswith(
        "按2020年第七次人口普查常住人口计算，六个县市区中人均项目投资最高的是赤壁市（6,000元/人），最低的是崇阳县（0元/人）。"
        "市本级项目（1 行，200万元）服务全市，没有单独的人口，不分摊到各县；按全市常住人口 2,500,000 人计，"
        "全部项目人均 1,360 元，不含市本级人均 1,359 元。"
    )
    assert plan_overview.city_level_note(city) == "市本级项目 1 行、200万元，未分摊到各县市区。"


def test_sectors_sentence(projects):
    sectors = investment.by_sector(projects).set_index("sector")
    text = plan_overview.sectors_sentence(sectors, investment.largest_line(projects))
    # public: 3965 (村/社区) + 500 + 9350 + 200 (民政部门) = 14015 = 1.40亿元; enterprises: 2 lines,
    # 300000 + 26000 = 32.60亿元, of which the largest line's 30.00亿元
    assert text.startswith(
        "按实施主体的性质，公共机构（民政部门、乡镇政府和街道、事业单位、村和社区）实施的项目合计 1.40亿元，"
        "企业实施的 2 行合计 32.60亿元，其中 30.00亿元 是上面的最大一行。"
    )
