"""What the county_investment notebook shows beyond :func:`xnplan.report.investment.county_detail`.

The notebook selects rows of what these functions return and formats them; it adds nothing up.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xnplan.report import investment
from xnplan.report.plots import fmt_pct, fmt_yi


@dataclass(frozen=True)
class Townships:
    """The county's lines by township, and the packages whose township comes from the location."""

    named: pd.DataFrame  # one row per township named, largest investment first
    unnamed: pd.Series | None  # lines naming no township, if any (lines, units, investment_wan)
    packages: pd.DataFrame  # lines of several facilities placed in a township by their location
    packaged: investment.Totals  # totals of those packages (lines, units, investment_wan)


def townships(projects: pd.DataFrame, county: str) -> Townships:
    """Lines of ``county`` by township (see :func:`investment.by_township`)."""
    mine = lines_of(projects, county)
    table = investment.by_township(mine)
    is_named = table["township"] != investment.NO_TOWNSHIP
    unnamed = table[~is_named]
    packages = investment.packages_placed_by_location(mine)
    return Townships(
        named=table[is_named].reset_index(drop=True),
        unnamed=unnamed.iloc[0] if len(unnamed) else None,
        packages=packages.reset_index(drop=True),
        packaged=investment.totals(packages),
    )


def lines_of(projects: pd.DataFrame, county: str) -> pd.DataFrame:
    return projects[projects["county"] == county]


def lines_with_named_units(projects: pd.DataFrame, county: str) -> pd.DataFrame:
    """The county's lines whose name states how many facilities they hold."""
    mine = lines_of(projects, county)
    return mine[mine["units_source"] == "name"].reset_index(drop=True)


def township_chart_title(county: str, named: int, *, shown: int) -> str:
    """The township chart's title: it says 前N位 only when the chart leaves townships out."""
    if named > shown:
        return f"{county}估算总投资最多的{shown}个乡镇（街道）"
    return f"{county}各乡镇（街道）估算总投资"


def conclusion(detail: investment.CountyDetail) -> str:
    """The landing page's line: "通山县：23行项目，20.69亿元，占全市23.4%"."""
    if not detail.lines:
        return f"{detail.county}：项目库中没有归属{detail.county}的项目"
    return (
        f"{detail.county}：{detail.lines}行项目，{fmt_yi(detail.investment_wan)}，"
        f"占全市{fmt_pct(detail.share_pct)}"
    )
