"""What the county_investment notebook shows beyond :func:`xnplan.report.investment.county_detail`,
and the paragraphs it writes about them.

The notebook selects rows of what these functions return and displays them; it adds nothing up and
writes no sentence itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xnplan.facts import PLAN_TITLE
from xnplan.report import investment
from xnplan.report.plots import fmt_pct, fmt_wan, fmt_yi


@dataclass(frozen=True)
class Townships:
    """The county's lines by township, and the packages whose township comes from the location."""

    named: pd.DataFrame  # one row per township named, largest investment first
    unnamed: pd.Series | None  # lines naming no township, if any (lines, units, investment_wan)
    packages: pd.DataFrame  # lines of several facilities placed in a township by their location
    packaged: investment.Totals  # totals of those packages (lines, units, investment_wan)


def townships(detail: investment.CountyDetail, projects: pd.DataFrame) -> Townships:
    """The county's lines by township, as ``detail.by_township`` adds them up
    (:func:`investment.by_township`), and its packages placed by location among ``projects``."""
    table = detail.by_township
    is_named = table["township"] != investment.NO_TOWNSHIP
    unnamed = table[~is_named]
    packages = investment.packages_placed_by_location(lines_of(projects, detail.county))
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


TOWNSHIPS_CHARTED = 15  # bars of the township chart; the table above it lists every township


def township_chart(named: pd.DataFrame, county: str):
    """(chart, title) of the named townships' investment (``townships(...).named``, largest first), the
    :data:`TOWNSHIPS_CHARTED` largest; (None, title) for fewer than two, where a chart compares nothing
    (the table has the one)."""
    from xnplan.report import plots

    title = township_chart_title(county, len(named), shown=TOWNSHIPS_CHARTED)
    if len(named) < 2:
        return None, title
    values = named.set_index("township")["investment_wan"].head(TOWNSHIPS_CHARTED)
    return plots.hbar(values, title=title, xlabel="估算总投资", unit=plots.WAN), title


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


# --- the page's paragraphs -------------------------------------------------------------------------

COMPARISON_PAGE = "county_comparison.html"


def title(county: str) -> str:
    return f"# {county}民政“十四五”项目投资分析"


def introduction(county: str) -> str:
    """What the page is drawn from."""
    return (
        f"本报告取自《{PLAN_TITLE}》附件2项目库明细表中归属{county}的全部项目行。"
        "金额为规划印刷的估算总投资（万元、亿元）；设施数取自项目名称中写明的个数，未写明的按每行1个计。"
    )


def summary(detail: investment.CountyDetail) -> str:
    """The county's lines, facilities and investment, its share of the city and its rank."""
    if not detail.lines:
        return f"项目库中没有归属{detail.county}的项目行。"
    return (
        f"{detail.county}共有 **{detail.lines} 行**项目、**{detail.units:,} 个**设施，估算总投资 "
        f"**{fmt_wan(detail.investment_wan, 2)}**（{fmt_yi(detail.investment_wan)}），"
        f"占全市项目库（{fmt_yi(detail.city_investment_wan)}）的 **{fmt_pct(detail.share_pct)}**，"
        f"在六个县市区和市本级中居第 {detail.rank} 位。"
        f"六个县市区的并列比较见[县市区对比]({COMPARISON_PAGE})。"
    )


def townships_sentence(places: Townships) -> str:
    """How many townships are named, the lines naming none, and the packages placed by location."""
    named = len(places.named)
    text = (
        f"{named} 个乡镇（街道）在项目名称或拟建地点中被点名。" if named else "没有项目点名到乡镇（街道）。"
    )
    if places.unnamed is not None:
        text += (
            f"另有 {places.unnamed['lines']} 行（{fmt_wan(places.unnamed['investment_wan'])}）没有写明乡镇。"
        )
    if places.packaged["lines"]:
        example = places.packages.iloc[0]
        text += (
            f"注意：有 {places.packaged['lines']} 行写明多个设施的打包项目"
            f"（共 {places.packaged['units']:,} 个设施，"
            f"{fmt_wan(places.packaged['investment_wan'])}）名称中没有乡镇，是按拟建地点计入乡镇的，"
            f"例如“{example['name']}”（拟建地点“{example['location']}”）。"
            "这些设施可能分布在全县各地，按乡镇的合计因此可能偏向这些镇。"
        )
    return text


def units_sentence(detail: investment.CountyDetail, named: dict[str, int]) -> str:
    """The county's facilities: how many lines name their count (``named`` is
    :func:`investment.named_units` of the county's lines)."""
    county = detail.county
    if named["lines"]:
        text = (
            f"{county}的 {detail.lines} 行项目合计 {detail.units:,} 个设施："
            f"其中 {named['lines']} 行在名称中写明了个数，"
            f"合计 {named['units']:,} 个（见下表）；其余 {named['other_lines']} 行各按1个计。"
        )
    else:
        text = (
            f"{county}的 {detail.lines} 行项目都没有在名称中写明设施个数，"
            f"各按1个计，合计 {detail.units:,} 个。"
        )
    return text + "各小类的设施数见上面的分类表。"


def top_lines_sentence(detail: investment.CountyDetail) -> str:
    """The county's largest line and what its largest lines make together (the county has lines)."""
    top = detail.top_lines
    return (
        f"投资额最大的一行是“{top.loc[0, 'name']}”，{fmt_wan(top.loc[0, 'investment_wan'])}，"
        f"占{detail.county}合计的 {fmt_pct(top.loc[0, 'share_pct'])}；"
        f"前 {len(top)} 行合计占 {fmt_pct(top['cumulative_pct'].iloc[-1])}。"
    )


def per_capita_sentence(county: str, projects: pd.DataFrame, residents: pd.Series, census_refs: str) -> str:
    """The county's investment per resident and its rank among the six; for 市本级, which has no
    residents of its own, its investment per resident of the whole city. ``census_refs`` is the
    census sources' markup, as the page cites them."""
    if county == investment.CITY_LEVEL:
        city = investment.city_level_summary(projects, residents)
        return (
            f"市本级项目由市直单位实施、服务全市，没有单独的常住人口，因此不计算人均。"
            f"若按全市2020年常住人口 {city['population']:,} 人（资料来源：{census_refs}）计，"
            "市本级项目合计相当于每人 "
            f"{city['yuan_per_resident_city_level']:,.0f} 元。"
            f"六个县市区的人均投资比较见[县市区对比]({COMPARISON_PAGE})。"
        )
    per_capita = investment.per_capita(projects, residents)
    mine = per_capita.set_index("county").loc[county]
    return (
        f"按2020年第七次人口普查常住人口 {mine['population']:,.0f} 人计算，{county}人均项目投资 "
        f"**{mine['yuan_per_resident']:,.0f} 元/人**，"
        f"在六个县市区中居第 {investment.per_capita_rank(per_capita, county)} 位"
        f"（资料来源：{census_refs}）。市本级项目服务全市，不分摊到各县。"
        f"六个县市区的比较见[县市区对比]({COMPARISON_PAGE})。"
    )


def all_lines_sentence(detail: investment.CountyDetail) -> str:
    return f"{detail.county}全部 {detail.lines} 行项目，按附件2中的顺序排列。"
