"""What the plan_overview notebook shows beyond the aggregates of :mod:`xnplan.report.investment`,
and the paragraphs it writes about them.

The notebook selects rows of what these functions return and displays them; it adds nothing up and
writes no sentence itself.
"""

from __future__ import annotations

import pandas as pd

from xnplan import numbers
from xnplan.errors import TableContentError
from xnplan.report import investment
from xnplan.report.plots import fmt_pct, fmt_wan, fmt_yi

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


# --- the page's paragraphs -------------------------------------------------------------------------


def opening(total: investment.Totals, grand: pd.Series) -> str:
    """The library's lines, facilities and investment, beside the totals 附件1 and 附件2 print
    (``grand`` is :func:`printed_totals`)."""
    return (
        f"项目库共有 **{total['lines']} 行**项目、**{total['units']:,} 个**设施，"
        f"估算总投资合计 **{fmt_wan(total['investment_wan'], 2)}**"
        f"（约 **{fmt_yi(total['investment_wan'])}**）。"
        f"附件1印刷的合计为 {numbers.number_text(grand['summary_total_wan'])}万元、"
        f"项目 {grand['summary_count']:,.0f} 个，"
        f"附件2表头印刷的合计为 {numbers.number_text(grand['detail_total_wan'])}万元；"
        "印刷的“项目个数”大多按设施计数，因此与明细行数不同（见数据质量报告）。"
    )


def leading_category(by_category: pd.DataFrame) -> str:
    """The category with the most investment (``by_category`` is :func:`investment.by_category`)."""
    first = investment.ranked(by_category).iloc[0]
    return (
        f"九个大类中投资最多的是“{first['category']}”，{fmt_yi(first['investment_wan'])}，"
        f"占全部的 {fmt_pct(first['share_pct'])}。"
    )


def leading_counties(by_county: pd.DataFrame) -> str:
    """The two units with the most investment, and 市本级's lines and investment."""
    leaders = investment.ranked(by_county).head(2)
    by_unit = by_county.set_index("county")  # cell by cell: a row of this frame would turn lines into floats
    return (
        "按县市区看，投资最多的是"
        + "、".join(
            f"{r.county}（{fmt_yi(r.investment_wan)}，{fmt_pct(r.share_pct)}）" for r in leaders.itertuples()
        )
        + f"；市本级项目 {by_unit.loc[investment.CITY_LEVEL, 'lines']} 行，"
        f"{fmt_yi(by_unit.loc[investment.CITY_LEVEL, 'investment_wan'])}。"
    )


def named_units_sentence(named: dict[str, int]) -> str:
    """How many lines name their facilities (``named`` is :func:`investment.named_units`)."""
    return (
        f"{named['lines']} 行项目在名称中写明了设施个数（如“187个农村公益性公墓”），"
        f"合计 {named['units']:,} 个设施；"
        f"其余 {named['other_lines']} 行按每行1个设施计。"
    )


def concentration(
    largest: pd.Series, total: investment.Totals, needed: pd.DataFrame, rest: investment.Totals
) -> str:
    """The largest line's share, how many of the largest lines make half, and the library without it
    (``largest`` is :func:`investment.largest_line`, ``needed`` :func:`investment.lines_needed` with
    50% first, ``rest`` the totals of :func:`investment.without_largest`)."""
    return (
        f"单独一行“{largest['name']}”（{largest['county']}，实施主体{largest['implementer']}）"
        f"估算投资 {fmt_wan(largest['investment_wan'])}，占全部的 **{fmt_pct(largest['share_pct'])}**。"
        f"全部 {total['lines']} 行中，投资额最大的 {needed.loc[0, 'lines_needed']} 行就占到总投资的一半。"
        f"不计这一行，项目库为 {fmt_yi(rest['investment_wan'])}。"
    )


def largest_line_shift(largest: pd.Series, compare: pd.DataFrame) -> str:
    """The largest line's county's share with and without it (``compare`` is
    :func:`investment.compare_without_largest`)."""
    shift = compare.set_index("county").loc[largest["county"]]
    return (
        f"这一行决定了县市区之间的比较：含这一行时{largest['county']}占全市 {fmt_pct(shift['share_pct'])}，"
        f"不含时为 {fmt_pct(shift['share_pct_without_largest'])}。"
    )


def per_capita_sentence(per_capita: pd.DataFrame, city: dict[str, float]) -> str:
    """The highest and lowest investment per resident of the six counties, and the city's figures
    with and without 市本级 (``city`` is :func:`investment.city_level_summary`)."""
    high, low = investment.ranked(per_capita, "yuan_per_resident").iloc[[0, -1]].itertuples()
    return (
        "按2020年第七次人口普查常住人口计算，六个县市区中人均项目投资最高的是"
        f"{high.county}（{high.yuan_per_resident:,.0f}元/人），最低的是{low.county}（{low.yuan_per_resident:,.0f}元/人）。"
        f"市本级项目（{city['city_level_lines']} 行，{fmt_wan(city['city_level_wan'])}）服务全市，"
        "没有单独的人口，"
        f"不分摊到各县；按全市常住人口 {city['population']:,} 人计，"
        f"全部项目人均 {city['yuan_per_resident_all']:,.0f} 元，"
        f"不含市本级人均 {city['yuan_per_resident_without_city_level']:,.0f} 元。"
        "县市区人口为普查公报数字（多数取整到百人）。"
    )


def city_level_note(city: dict[str, float]) -> str:
    """The per-capita map's note: 市本级's lines and investment, which no county carries."""
    return f"市本级项目 {city['city_level_lines']} 行、{fmt_wan(city['city_level_wan'])}，未分摊到各县市区。"


def sectors_sentence(sectors: pd.DataFrame, largest: pd.Series) -> str:
    """Public bodies' and enterprises' investment (``sectors`` is :func:`investment.by_sector`
    indexed by sector), and how much of the enterprises' is the largest line."""
    return (
        f"按实施主体的性质，公共机构（民政部门、乡镇政府和街道、事业单位、村和社区）实施的项目合计 "
        f"{fmt_yi(sectors.loc[investment.PUBLIC, 'investment_wan'])}，"
        f"企业实施的 {sectors.loc[investment.ENTERPRISE, 'lines']} 行合计 "
        f"{fmt_yi(sectors.loc[investment.ENTERPRISE, 'investment_wan'])}，"
        f"其中 {fmt_yi(largest['investment_wan'])} 是上面的最大一行。"
        "实施主体性质按主体名称归类（如“有限公司”为企业、“民政局”为民政部门）。"
    )


HEATMAP_NOTE = "每格为该县市区在该大类中的估算总投资（万元）；颜色按对数刻度，空白格表示没有项目。"
PER_CAPITA_NOTE = "市本级项目服务全市，没有单独的人口，不计入各县市区。"


def matrix_download(matrix: pd.DataFrame, row_label: str, unit_label: str) -> pd.DataFrame:
    """A chart's matrix (rows × columns of one measure) as a download: the row names under
    ``row_label``, each column headed with its unit, figures rounded half-up to two decimals, as the
    plan prints money (a sum such as 169933.77000000002 reads 169933.77)."""
    table = matrix.map(lambda v: float(numbers.round_half_up(float(v), 2)))
    table.columns = [f"{column}({unit_label})" for column in table.columns]
    return table.rename_axis(index=row_label).rename_axis(columns=None).reset_index()
