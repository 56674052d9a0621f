"""The 县市区对比 page: the six counties side by side on every measure published for them.

Investment of the project library (附件2) and investment per resident (2020 census) with the rank, the
social-assistance standards the evaluators' observations give for each county (the latest year in
which all six have one), and the assessment's results per county. Each measure names the county that
lags on it; the landing page opens with those sentences (:func:`answer`). Pure pandas on the tables the
notebook loads: nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xnplan import geo
from xnplan.facts import DASH, NOT_REPORTED, TERRITORIES
from xnplan.numbers import fixed_text, number_text
from xnplan.report import investment

COUNTIES = TERRITORIES  # the six with territory and residents; 市本级 serves them all
STANDARDS = {  # the 13th plan's social-assistance measures that the observations give by county
    "I13-01": "城市低保标准",
    "I13-02": "农村低保标准",
    "I13-03": "农村特困供养标准",
}


def overview(projects: pd.DataFrame, residents: pd.Series) -> pd.DataFrame:
    """One row per county: lines, investment, share of the library, residents, investment per resident
    and its rank (1 = highest), in the order of the rank."""
    table = investment.per_capita(projects, residents)
    shares = investment.by_county(projects).set_index("county")["share_pct"]
    table["share_pct"] = table["county"].map(shares)
    table["rank"] = table["yuan_per_resident"].rank(ascending=False, method="min").astype(int)
    return table.sort_values(["rank", "county"]).reset_index(drop=True)


def standards(observations: pd.DataFrame) -> tuple[int | None, pd.DataFrame]:
    """The latest year in which every county has all three standards, and the standards of that
    year: one row per county (in the order of :data:`COUNTIES`), one column per measure, headed by its
    name and unit as the observations give it ("农村特困供养标准(元/年)"). (None, empty frame) when no
    year has them all."""
    rows = observations[
        observations["indicator_id"].isin(list(STANDARDS)) & observations["geography"].isin(list(COUNTIES))
    ]
    pairs = rows[["year", "indicator_id", "geography"]].drop_duplicates()
    complete = pairs.groupby("year").size()
    years = complete[complete == len(STANDARDS) * len(COUNTIES)].index
    if not len(years):
        return None, pd.DataFrame()
    year = int(max(years))
    latest = rows[rows["year"] == year]
    units = latest.groupby("indicator_id")["unit"].first()
    table = latest.pivot_table(index="geography", columns="indicator_id", values="value", aggfunc="last")
    table = table.reindex(index=list(COUNTIES), columns=list(STANDARDS))
    table.columns = [f"{STANDARDS[i]}({units[i]})" for i in table.columns]
    return year, table.rename_axis(index="county", columns=None)


def status_counts(county_results: pd.DataFrame, classes: tuple[str, ...]) -> pd.DataFrame:
    """Measures per county and assessment class (``verdict``), the classes in ``classes`` order, those
    no county has left out; one row per county of :data:`COUNTIES`. A target that restates another
    is the same measure: counted once (:func:`xnplan.assess.evaluate.measures`)."""
    from xnplan.assess.evaluate import measures

    counted = measures(county_results)
    table = pd.crosstab(counted["geography"], counted["verdict"])
    shown = [c for c in classes if c in table.columns]
    return table.reindex(index=list(COUNTIES), columns=shown, fill_value=0).rename_axis(
        index="county", columns=None
    )


def lowest_per_capita(table: pd.DataFrame) -> str:
    """The county with the least investment per resident: the last of :func:`overview`'s ranking."""
    return str(table.loc[table["rank"].idxmax(), "county"])


def lowest(values: pd.Series) -> list[str]:
    """The counties with the lowest value (ties all named), in the series' order."""
    least = values.min()
    return [str(k) for k, v in values.items() if v == least]


@dataclass(frozen=True)
class StandardLow:
    """The county or counties lowest on one standard, with the lowest and highest value."""

    measure: str
    unit: str
    counties: list[str]
    lowest: float
    highest: float


def standard_lows(levels: pd.DataFrame) -> list[StandardLow]:
    """Each standard of ``levels`` (from :func:`standards`, whose columns are headed "name(unit)" in
    :data:`STANDARDS` order) with its lowest counties: the one reading of those headers."""
    lows = []
    for measure, column in zip(STANDARDS.values(), levels.columns, strict=True):
        counties = lowest(levels[column])
        unit = column.removeprefix(f"{measure}(").removesuffix(")")
        lows.append(
            StandardLow(measure, unit, counties, levels.loc[counties[0], column], levels[column].max())
        )
    return lows


def lagging_sentences(table: pd.DataFrame, year: int | None, levels: pd.DataFrame) -> list[str]:
    """Which county lags on each measure: investment per resident (``table`` from :func:`overview`),
    and each standard of ``year`` (``levels`` from :func:`standards`)."""
    last = table.iloc[-1]
    sentences = [
        f"人均项目投资最低的是{last['county']}（{number_text(round(last['yuan_per_resident']))}元/人，"
        f"六个县市区中第{int(last['rank'])}位），最高的是{table.iloc[0]['county']}"
        f"（{number_text(round(table.iloc[0]['yuan_per_resident']))}元/人）"
    ]
    if year is not None:
        sentences += [
            f"{year}年{low.measure}最低的是{'、'.join(low.counties)}"
            f"（{number_text(low.lowest)}{low.unit}，最高{number_text(low.highest)}{low.unit}）"
            for low in standard_lows(levels)
        ]
    return sentences


def answer(table: pd.DataFrame, year: int | None, levels: pd.DataFrame) -> str:
    """The landing page's sentence on which county lags."""
    return "；".join(lagging_sentences(table, year, levels)) + "。"


def conclusion(table: pd.DataFrame) -> str:
    """The landing page's line for the page."""
    last, first = table.iloc[-1], table.iloc[0]
    return (
        f"六个县市区人均项目投资从{last['county']}的{number_text(round(last['yuan_per_resident']))}元"
        f"到{first['county']}的{number_text(round(first['yuan_per_resident']))}元"
    )


def _whole(value: object) -> str:
    return DASH if pd.isna(value) else number_text(round(float(str(value))))


def labels(levels: pd.DataFrame, counts: pd.DataFrame) -> dict[str, tuple[str, object]]:
    """Display labels of this page's own columns: the rank, the standards (headed with their units) and
    the assessment classes (measures, 项)."""
    own: dict[str, tuple[str, object]] = {"rank": ("人均投资位次", lambda v: f"第{int(v)}位")}
    own.update({c: (c, _whole) for c in levels.columns})
    own.update({c: (f"{c}(项)", _whole) for c in counts.columns})
    return own


def standards_chart(levels: pd.DataFrame, year: int, *, stacked: bool = False):
    """Small multiples: one panel per standard, the counties in the same order in each, the lowest
    drawn in the accent colour and every bar labelled with its value (no legend to decode). Side by
    side, or ``stacked`` one under another (a phone's narrow column)."""
    from matplotlib.figure import Figure

    from xnplan.report import plots

    n = len(levels.columns)
    panel_height = 0.42 * len(levels) + 0.5
    size = (3.4, n * panel_height + 0.6) if stacked else (9.0, 0.42 * len(levels) + 1.6)
    fig = Figure(figsize=size, layout="constrained")
    axes = (
        fig.subplots(n, 1, squeeze=False) if stacked else fig.subplots(1, n, sharey=True, squeeze=False)
    ).ravel()
    ordered = levels.iloc[::-1]
    for ax, column in zip(axes, levels.columns, strict=True):
        values = ordered[column]
        least = set(lowest(values))
        colours = [plots.ACCENT_COLOR if k in least else plots.BAR_COLOR for k in values.index]
        bars = ax.barh(list(values.index), values.to_numpy(), color=colours)
        ax.bar_label(bars, labels=[number_text(v) for v in values], padding=2, fontsize=9)
        ax.set_xlim(0, float(values.to_numpy().max()) * 1.3)  # room for the value labels
        ax.set_title(column, fontsize=10)
        ax.xaxis.set_visible(False)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
    fig.suptitle(f"{year}年各县市区社会救助标准（橙色为最低）", fontsize=11)
    return fig


def standard_sources(observations: pd.DataFrame, year: int) -> list[tuple[str, str | None]]:
    """(title, URL) of the publications behind the standards of ``year``, each once."""
    from xnplan.assess.sources import cited

    rows = observations[
        observations["indicator_id"].isin(list(STANDARDS))
        & observations["geography"].isin(list(COUNTIES))
        & (observations["year"] == year)
    ]
    return [(s.title, s.url) for s in cited(rows)]


# --- the page's paragraphs -------------------------------------------------------------------------


def lagging_list(table: pd.DataFrame, year: int | None, levels: pd.DataFrame) -> str:
    """The page's opening: :func:`lagging_sentences` as a Markdown list."""
    return "\n".join(f"- {s}。" for s in lagging_sentences(table, year, levels))


def introduction() -> str:
    """What the page puts side by side, with a link to each county's own page."""
    pages = "、".join(f"[{c}](county_investment-{geo.COUNTY_SLUGS[c]}.html)" for c in COUNTIES)
    return (
        f"六个县市区的项目投资、人均投资、社会救助标准和评估结果并列在下面。各县市区的详细报告：{pages}。"
        "市本级项目由市直单位实施、服务全市，没有单独的常住人口，不参加人均比较。"
    )


def standards_sentence(year: int | None) -> str:
    """What the standards table holds (``year`` from :func:`standards`; None: no common year)."""
    if year is None:
        return "观测值中没有六个县市区同一年的城乡低保和特困供养标准。"
    return f"{year}年各县市区执行的城乡低保标准和农村特困供养标准，取自评估所用的观测值（公开发布的标准）。"


def has_results(counts: pd.DataFrame) -> bool:
    """Whether any county has an assessed indicator or target (``counts`` is :func:`status_counts`)."""
    return not counts.empty and bool(counts.to_numpy().sum())


def results_sentence(counts: pd.DataFrame, year: int, edition: str) -> str:
    """What the results table counts, or that there is nothing by county (``edition`` is the
    assessment's label, 中期评估 or 总结评估)."""
    if not has_results(counts):
        return "观测值中没有按县市区评估的指标和目标。"
    return (
        f"{year}年{edition}中，各县市区可评估的指标和目标按评估结果计数。"
        "大多数指标和目标只有全市数据，没有按县市区公布，因此不在此表中。"
    )


# --- project progress per county, when the evaluator gave a status file -----------------------------

RATE_COLUMNS = ("reported_pct", "start_pct", "complete_pct", "invest_pct", "time_pct")
PROGRESS_COLUMNS = ("county", "reported_pct", "reported", "lines", *RATE_COLUMNS[1:])


def project_rates(by_county: pd.DataFrame) -> pd.DataFrame:
    """The six counties' project progress (``ProjectProgress.by["county"]``), 报送率 first. A county
    that reported nothing has no rate at all, 报送率 included: it is 未报送, never 0%. Rates are
    rounded half-up to one decimal, as the page shows them."""
    rows = by_county[by_county["group"].isin(COUNTIES)].rename(columns={"group": "county"})
    rows = rows.set_index("county").reindex([c for c in COUNTIES if c in set(rows["county"])]).reset_index()
    silent = rows["not_reported"].astype(bool)
    rows.loc[silent, list(RATE_COLUMNS)] = float("nan")
    # rounded half-up to one decimal, as shown, so the download holds the figures the page shows
    for column in RATE_COLUMNS:
        rows[column] = rows[column].map(
            lambda v: float(fixed_text(v, 1, grouping=False)) if pd.notna(v) else v
        )
    return rows[list(PROGRESS_COLUMNS)]


def _rate_or(missing: str):
    return lambda v: missing if pd.isna(v) else fixed_text(v, 1)


def progress_labels() -> dict[str, tuple[str, object]]:
    """Headers of :func:`project_rates`: a county without a report reads 未报送 under 报送率 and — under
    the other rates."""
    return {
        "county": ("县市区", str),
        "reported_pct": ("报送率(%)", _rate_or(NOT_REPORTED)),
        "reported": ("报送(行)", lambda v: f"{int(v)}"),
        "lines": ("计划项目(行)", lambda v: f"{int(v)}"),
        "start_pct": ("开工率(%)", _rate_or(DASH)),
        "complete_pct": ("完工率(%)", _rate_or(DASH)),
        "invest_pct": ("投资完成率(%)", _rate_or(DASH)),
        "time_pct": ("时间进度(%)", _rate_or(DASH)),
    }


def progress_sentence(rates: pd.DataFrame) -> str:
    """Who reported, and, among them, the county whose investment completion is lowest."""
    reported = rates[rates["reported_pct"].notna()]
    silent = rates.loc[rates["reported_pct"].isna(), "county"].tolist()
    if reported.empty:
        return f"六个县市区都没有报送项目进展（{NOT_REPORTED}），不计算比率。"
    text = f"{len(reported)}个县市区报送了项目进展"
    ranked = reported[reported["invest_pct"].notna()]
    if len(ranked):
        low = ranked.loc[ranked["invest_pct"].idxmin()]
        text += (
            f"，其中投资完成率最低的是{low['county']}"
            f"（{fixed_text(low['invest_pct'], 1)}%，时间进度{fixed_text(low['time_pct'], 1)}%）"
        )
    if silent:
        text += f"；{'、'.join(silent)}{NOT_REPORTED}，不计算比率，也不排名"
    return text + "。"
