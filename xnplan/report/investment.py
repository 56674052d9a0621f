"""Investment analyses of the project library (附件2), as pure pandas functions the notebooks call.

Every function takes the ``projects`` table (schema ``xnplan.schema.PROJECTS``) and returns a new
frame with English snake_case columns; :func:`xnplan.report.present.present` turns a result into a
display table with Chinese headers that carry units. Nothing here reads files or draws, so all of it
is tested on small frames.

Column vocabulary of the results:
``lines`` project lines of 附件2 (行), ``units`` facilities (个), ``investment_wan`` 万元,
``share_pct`` share of the total of the frame passed in (%), ``population`` residents (人),
``yuan_per_resident`` 元/人.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

import pandas as pd

from xnplan.errors import ParameterError, TableContentError
from xnplan.facts import CITY_LEVEL, COUNTIES, TERRITORIES, WHOLE_CITY

NO_TOWNSHIP = "(未写明乡镇)"
NO_SUBCATEGORY = "(不分小类)"

# Sector of each implementer_type the parser writes (schema PROJECTS). Every value must be listed,
# so that a new kind cannot silently fall on the wrong side. Village and community committees are
# grassroots self-governing bodies, not enterprises: they count with the public side.
PUBLIC = "公共机构"
ENTERPRISE = "企业"
OTHER = "其他"
SECTORS: dict[str, str] = {
    "民政部门": PUBLIC,
    "乡镇政府/街道": PUBLIC,
    "事业单位/机构": PUBLIC,
    "村/社区": PUBLIC,
    "企业": ENTERPRISE,
    "其他": OTHER,
}


def _measures(frame: pd.DataFrame, keys: list[str], total_wan: float) -> pd.DataFrame:
    grouped = frame.groupby(keys, sort=False, dropna=False).agg(
        lines=("project_id", "size"), units=("units", "sum"), investment_wan=("investment_wan", "sum")
    )
    grouped["share_pct"] = grouped["investment_wan"] / total_wan * 100 if total_wan else 0.0
    return grouped.reset_index()


class Totals(TypedDict):
    lines: int
    units: int
    investment_wan: float


def totals(projects: pd.DataFrame) -> Totals:
    """Lines, units and investment of the whole frame."""
    return {
        "lines": int(len(projects)),
        "units": int(projects["units"].sum()),
        "investment_wan": float(projects["investment_wan"].sum()),
    }


def by_category(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per category (document order): lines, units, investment and share."""
    out = _measures(projects, ["category_no", "category"], projects["investment_wan"].sum())
    return out.sort_values("category_no", ignore_index=True)


def by_subcategory(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per category × subcategory (document order); a category without subcategories is one row."""
    frame = projects.assign(
        subcategory=projects["subcategory"].where(projects["subcategory"] != "", NO_SUBCATEGORY)
    )
    keys = ["category_no", "category", "subcategory_no", "subcategory"]
    out = _measures(frame, keys, projects["investment_wan"].sum())
    return out.sort_values(["category_no", "subcategory_no"], ignore_index=True)


def by_county(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per county-level unit in the fixed order of ``COUNTIES`` (zero rows kept)."""
    out = _measures(projects, ["county"], projects["investment_wan"].sum()).set_index("county")
    out = out.reindex(list(COUNTIES), fill_value=0)
    out["lines"] = out["lines"].astype(int)
    out["units"] = out["units"].astype(int)
    return out.rename_axis("county").reset_index()


def by_township(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per township (largest investment first); lines naming none are grouped last."""
    frame = projects.assign(township=projects["township"].where(projects["township"] != "", NO_TOWNSHIP))
    out = _measures(frame, ["township"], projects["investment_wan"].sum())
    named = out[out["township"] != NO_TOWNSHIP].sort_values(
        ["investment_wan", "township"], ascending=[False, True]
    )
    return pd.concat([named, out[out["township"] == NO_TOWNSHIP]], ignore_index=True)


def packages_placed_by_location(projects: pd.DataFrame) -> pd.DataFrame:
    """Lines with several facilities whose township comes from the location, not from the name.

    ``通山县187个农村公益性公墓`` at ``通山县通羊镇`` counts 187 cemeteries in 通羊镇, the county seat,
    though the name speaks of the whole county; ``赤壁市神山镇5个农村社区建设项目`` names its town
    and is not listed. The test is whether the name contains the township's first two characters
    (the gazetteer's variants differ in their suffix: 赤马港街道/赤马港办事处).
    """
    several = projects[(projects["units_source"] == "name") & (projects["township"] != "")]
    pairs = zip(several["name"], several["township"], strict=True)
    from_name = pd.Series([township[:2] in name for name, township in pairs], index=several.index, dtype=bool)
    return several[~from_name]


def ranked(table: pd.DataFrame, by: str = "investment_wan") -> pd.DataFrame:
    """Rows of an aggregate table, largest ``by`` first; ties keep the table's order."""
    return table.sort_values(by, ascending=False, kind="stable", ignore_index=True)


def named_units(projects: pd.DataFrame) -> dict[str, int]:
    """Lines whose name states how many facilities they hold, those facilities, and the other lines
    (each counted as one facility)."""
    named = projects["units_source"] == "name"
    return {
        "lines": int(named.sum()),
        "units": int(projects.loc[named, "units"].sum()),
        "other_lines": int((~named).sum()),
    }


def county_category_matrix(projects: pd.DataFrame, value: str = "investment_wan") -> pd.DataFrame:
    """Categories (rows, document order) × counties (columns, ``COUNTIES`` order), summed ``value``."""
    categories = projects.drop_duplicates("category_no").sort_values("category_no")["category"]
    matrix = projects.pivot_table(
        index="category", columns="county", values=value, aggfunc="sum", fill_value=0
    )
    return matrix.reindex(index=list(categories), columns=list(COUNTIES), fill_value=0).rename_axis(
        index="category", columns="county"
    )


# --- concentration ---------------------------------------------------------------------------------


def largest_lines(projects: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` largest lines with their share and the cumulative share of the frame's total."""
    total = projects["investment_wan"].sum()
    # Stable sort: among equal amounts the earlier line in the document comes first.
    top = projects.sort_values("investment_wan", ascending=False, kind="stable").head(n)
    out = top[["project_id", "name", "county", "category", "implementer", "investment_wan"]].copy()
    out["share_pct"] = out["investment_wan"] / total * 100
    out["cumulative_pct"] = out["share_pct"].cumsum()
    return out.reset_index(drop=True)


def largest_line(projects: pd.DataFrame) -> pd.Series:
    return largest_lines(projects, 1).iloc[0]


def without_largest(projects: pd.DataFrame) -> pd.DataFrame:
    """The frame minus its single largest line."""
    return projects[projects["project_id"] != largest_line(projects)["project_id"]]


def lines_to_reach(projects: pd.DataFrame, share_pct: float) -> int:
    """How many of the largest lines together reach ``share_pct`` of the total."""
    ordered = projects["investment_wan"].sort_values(ascending=False)
    cumulative = ordered.cumsum() / ordered.sum() * 100
    return int((cumulative < share_pct - 1e-9).sum() + 1)


def top_shares(projects: pd.DataFrame, tops: Iterable[int] = (1, 5, 10)) -> pd.DataFrame:
    """Share (%) of the largest ``n`` lines, with all lines and without the single largest line."""
    rest = without_largest(projects)
    return pd.DataFrame(
        [
            {
                "top_n": n,
                "share_pct": largest_lines(projects, n)["share_pct"].sum(),
                "share_pct_without_largest": largest_lines(rest, n)["share_pct"].sum(),
            }
            for n in tops
        ]
    )


def lines_needed(projects: pd.DataFrame, reach: Iterable[float] = (50, 80)) -> pd.DataFrame:
    """How many of the largest lines reach each share of the total, with and without the largest line."""
    rest = without_largest(projects)
    return pd.DataFrame(
        [
            {
                "target_pct": pct,
                "lines_needed": lines_to_reach(projects, pct),
                "lines_needed_without_largest": lines_to_reach(rest, pct),
            }
            for pct in reach
        ]
    )


def compare_without_largest(projects: pd.DataFrame, by: str = "county") -> pd.DataFrame:
    """Investment and share per county (or category) with all lines and without the largest line."""
    summarize = by_county if by == "county" else by_category
    key = "county" if by == "county" else "category"
    full = summarize(projects).set_index(key)[["investment_wan", "share_pct"]]
    rest = summarize(without_largest(projects)).set_index(key)[["investment_wan", "share_pct"]]
    out = full.join(rest, suffixes=("", "_without_largest")).fillna(0.0)
    return out.reset_index()


# --- per resident ----------------------------------------------------------------------------------


def residents(census: pd.DataFrame) -> pd.Series:
    """geography → residents from the census table of ``xnplan.geo.population()``."""
    return census.set_index("geography")["resident_population"].astype(int)


CENSUS_SOURCE = "咸宁市第七次全国人口普查公报（2020年），经第三方网页转引"
_URL = re.compile(r"https?://\S+")


def census_sources(census: pd.DataFrame) -> list[tuple[str, str]]:
    """The census table's sources as (text, URL), each page once: the figures are the bulletin's as
    quoted by third-party pages, and the page quoted is the source a reader can open."""
    found = (_URL.search(text) for text in census["source"])
    urls = dict.fromkeys(m.group(0).rstrip("。.,，)") for m in found if m)
    return [(CENSUS_SOURCE, url) for url in urls]


def per_capita(projects: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Investment per resident (元/人) for the six counties, from 2020 census residents.

    ``population`` maps county → residents (see :func:`residents`). 市本级 lines serve the whole city
    and have no population of their own, so they are not spread over the counties here (see
    :func:`city_level_summary`).
    """
    missing = [c for c in TERRITORIES if c not in population.index]
    if missing:
        raise TableContentError(f"population has no figure for {', '.join(missing)}")
    out = by_county(projects).set_index("county").loc[list(TERRITORIES), ["lines", "investment_wan"]]
    out["population"] = population.reindex(list(TERRITORIES)).astype(int)
    out["yuan_per_resident"] = out["investment_wan"] * 10_000 / out["population"]
    return out.rename_axis("county").reset_index()


def per_capita_rank(per_capita_table: pd.DataFrame, county: str) -> int:
    """Rank of ``county`` by investment per resident in a :func:`per_capita` table (1 = highest)."""
    ranks = per_capita_table.set_index("county")["yuan_per_resident"].rank(ascending=False, method="min")
    return int(ranks.loc[county])


def city_level_summary(projects: pd.DataFrame, population: pd.Series) -> dict[str, float]:
    """市本级 investment, and investment per resident of the whole city: of 市本级 alone, of all lines
    and of all lines without 市本级.

    The city's residents are the 全市 census figure when given (county figures are rounded to 100,
    so their sum differs slightly), else the sum of the six counties.
    """
    city_residents = (
        int(population[WHOLE_CITY])
        if WHOLE_CITY in population.index
        else int(population.reindex(list(TERRITORIES)).sum())
    )
    is_city = projects["county"] == CITY_LEVEL
    city = float(projects.loc[is_city, "investment_wan"].sum())
    total = float(projects["investment_wan"].sum())
    return {
        "city_level_wan": city,
        "city_level_lines": int(is_city.sum()),
        "city_level_share_pct": city / total * 100 if total else 0.0,
        "population": city_residents,
        "yuan_per_resident_city_level": city * 10_000 / city_residents,
        "yuan_per_resident_all": total * 10_000 / city_residents,
        "yuan_per_resident_without_city_level": (total - city) * 10_000 / city_residents,
    }


# --- implementing bodies ---------------------------------------------------------------------------


def sector_of(implementer_type: str, sectors: dict[str, str]) -> str:
    try:
        return sectors[implementer_type]
    except KeyError:
        raise TableContentError(
            f"implementer_type {implementer_type!r} has no sector; known: {', '.join(sorted(sectors))}"
        ) from None


def by_implementer_type(projects: pd.DataFrame, sectors: dict[str, str] = SECTORS) -> pd.DataFrame:
    """Lines, units and investment per implementer_type, with its sector (公共机构, 企业 or 其他)."""
    out = _measures(projects, ["implementer_type"], projects["investment_wan"].sum())
    out.insert(0, "sector", out["implementer_type"].map(lambda t: sector_of(t, sectors)))
    order = {PUBLIC: 0, ENTERPRISE: 1, OTHER: 2}
    return out.sort_values(
        ["sector", "investment_wan"],
        key=lambda c: c.map(order) if c.name == "sector" else -c,
        ignore_index=True,
    )


def by_sector(projects: pd.DataFrame, sectors: dict[str, str] = SECTORS) -> pd.DataFrame:
    """Lines, units and investment per sector (公共机构, 企业, 其他, in that order; zero rows kept)."""
    frame = projects.assign(sector=projects["implementer_type"].map(lambda t: sector_of(t, sectors)))
    out = _measures(frame, ["sector"], projects["investment_wan"].sum()).set_index("sector")
    out = out.reindex([PUBLIC, ENTERPRISE, OTHER], fill_value=0)
    out["lines"] = out["lines"].astype(int)
    out["units"] = out["units"].astype(int)
    return out.rename_axis("sector").reset_index()


def sector_by_county(projects: pd.DataFrame, sectors: dict[str, str] = SECTORS) -> pd.DataFrame:
    """Counties (rows, ``COUNTIES`` order) × sectors (columns), investment in 万元."""
    frame = projects.assign(sector=projects["implementer_type"].map(lambda t: sector_of(t, sectors)))
    matrix = frame.pivot_table(
        index="county", columns="sector", values="investment_wan", aggfunc="sum", fill_value=0.0
    )
    columns = [s for s in (PUBLIC, ENTERPRISE, OTHER) if s in matrix.columns]
    return matrix.reindex(index=list(COUNTIES), columns=columns, fill_value=0.0).rename_axis(
        index="county", columns="sector"
    )


# --- one county ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyDetail:
    """Everything the county notebook shows about one county-level unit."""

    county: str
    lines: int
    units: int
    investment_wan: float
    city_investment_wan: float
    share_pct: float
    rank: int  # by investment among the seven county-level units, 1 = largest
    by_category: pd.DataFrame
    by_subcategory: pd.DataFrame
    by_township: pd.DataFrame
    top_lines: pd.DataFrame
    all_lines: pd.DataFrame

    def key_figures(self) -> dict[str, object]:
        """Plain figures for machine checks (the notebook prints them as JSON)."""
        return {
            "county": self.county,
            "lines": self.lines,
            "units": self.units,
            "investment_wan": round(self.investment_wan, 2),
            "share_pct": round(self.share_pct, 4),
            "rank": self.rank,
            "by_category_wan": {
                row.category: round(row.investment_wan, 2) for row in self.by_category.itertuples()
            },
        }


LINE_COLUMNS = [
    "project_id",
    "category",
    "subcategory",
    "item_class",
    "name",
    "location",
    "township",
    "implementer",
    "implementer_type",
    "units",
    "investment_wan",
    "source_line",
]


def county_detail(projects: pd.DataFrame, county: str, top: int = 10) -> CountyDetail:
    """Totals, breakdowns and every line of one county (``county`` must be a value of COUNTIES)."""
    if county not in COUNTIES:
        raise ParameterError(f"{county!r} is not one of {', '.join(COUNTIES)}")
    mine = projects[projects["county"] == county]
    city_total = float(projects["investment_wan"].sum())
    counties = by_county(projects)
    ranked = counties.sort_values("investment_wan", ascending=False, kind="stable")["county"].tolist()
    figures = totals(mine)
    lines = mine.assign(item_class=mine["subcategory"].where(mine["subcategory"] != "", mine["category"]))
    return CountyDetail(
        county=county,
        lines=figures["lines"],
        units=figures["units"],
        investment_wan=figures["investment_wan"],
        city_investment_wan=city_total,
        share_pct=figures["investment_wan"] / city_total * 100 if city_total else 0.0,
        rank=ranked.index(county) + 1,
        by_category=by_category(mine),
        by_subcategory=by_subcategory(mine),
        by_township=by_township(mine),
        top_lines=largest_lines(mine, top),
        all_lines=lines[LINE_COLUMNS].sort_values("project_id", key=_id_order, ignore_index=True),
    )


def _id_order(ids: pd.Series) -> pd.Series:
    """Sort key for project IDs in document order (P10 after P9)."""
    parts = ids.str.extract(r"^P(\d+)\.(\d+)\.(\d+)$").astype(int)
    return parts[0] * 1_000_000 + parts[1] * 1_000 + parts[2]
