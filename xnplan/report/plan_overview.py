"""What the plan_overview notebook shows beyond the aggregates of :mod:`xnplan.report.investment`.

The notebook selects rows of what these functions return and formats them; it adds nothing up.
"""

from __future__ import annotations

import pandas as pd

from xnplan.errors import TableContentError
from xnplan.report import investment
from xnplan.report.plots import fmt_pct, fmt_yi

ALL_LINES = "全部项目"
WITHOUT_LARGEST = "不含最大一行"


def printed_totals(categories: pd.DataFrame) -> pd.Series:
    """The 合计 row of ``project_categories``: the count and totals 附件1 and 附件2's header print."""
    grand = categories[categories["level"] == "grand"]
    if len(grand) != 1:
        raise TableContentError(f"project_categories should have one grand (合计) row, has {len(grand)}")
    return grand.iloc[0]


def share_chart(compare: pd.DataFrame) -> pd.DataFrame:
    """Each county's share of the city's investment with and without the largest line, for the
    grouped bar chart (``compare`` is :func:`xnplan.report.investment.compare_without_largest`)."""
    return compare.set_index("county")[["share_pct", "share_pct_without_largest"]].set_axis(
        [ALL_LINES, WITHOUT_LARGEST], axis=1
    )


def conclusion(total: dict[str, float], by_county: pd.DataFrame) -> str:
    """The landing page's line: lines and investment of the library and the county with the most
    (``total`` is :func:`investment.totals`, ``by_county`` :func:`investment.by_county`)."""
    text = f"项目库{total['lines']}行项目，估算总投资{fmt_yi(total['investment_wan'])}"
    if not total["lines"]:
        return text
    first = investment.ranked(by_county).iloc[0]
    return (
        f"{text}；最多的是{first['county']}，{fmt_yi(first['investment_wan'])}，"
        f"占{fmt_pct(first['share_pct'])}"
    )


def answer(total: dict[str, float], by_county: pd.DataFrame, by_category: pd.DataFrame) -> str:
    """The landing page's sentence on where the investment concentrates: the county and the category
    with the largest share, and the largest single line."""
    if not total["lines"]:
        return "项目库中没有项目行。"
    county = investment.ranked(by_county).iloc[0]
    category = investment.ranked(by_category).iloc[0]
    return (
        f"项目库估算总投资{fmt_yi(total['investment_wan'])}，最集中的是{county['county']}"
        f"（{fmt_yi(county['investment_wan'])}，占{fmt_pct(county['share_pct'])}）"
        f"和“{category['category']}”一类（占{fmt_pct(category['share_pct'])}）。"
    )
