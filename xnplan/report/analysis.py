"""Investment analyses of the project library (附件2), as pure pandas functions the notebooks call.

Every function takes the ``projects`` table (schema ``xnplan.schema.PROJECTS``) or the
``reconciliation`` table and returns a new frame with English snake_case columns; :func:`present`
turns a result into a display table with Chinese headers that carry units. Nothing here reads
files or draws, so all of it is tested on small frames.

Column vocabulary of the results:
``lines`` project lines of 附件2 (行), ``units`` facilities (个), ``investment_wan`` 万元,
``share_pct`` share of the total of the frame passed in (%), ``population`` residents (人),
``yuan_per_resident`` 元/人.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from xnplan.errors import ParameterError
from xnplan.schema import COUNTIES

CITY_LEVEL = "市本级"
COUNTY_LEVEL = tuple(c for c in COUNTIES if c != CITY_LEVEL)
NO_TOWNSHIP = "(未写明乡镇)"
NO_SUBCATEGORY = "(不分小类)"

# Sector of each implementer_type the parser writes (schema PROJECTS). Every value must be listed,
# so that a new kind cannot silently fall on the wrong side. Village and community committees are
# grassroots self-governing bodies, not enterprises: they count with the public side.
PUBLIC = "公共机构"
ENTERPRISE = "企业"
OTHER = "其他"
SECTORS: dict[str, str] = {"民政部门": PUBLIC, "乡镇政府/街道": PUBLIC, "事业单位/机构": PUBLIC,
                           "村/社区": PUBLIC, "企业": ENTERPRISE, "其他": OTHER}


def check_whole_number(name: str, value: object, low: int, high: int) -> int:
    """A notebook parameter that must be a whole number in [low, high]; ParameterError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ParameterError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return value


def check_flag(name: str, value: object) -> bool:
    """A notebook parameter that must be True or False; ParameterError otherwise."""
    if not isinstance(value, bool):
        raise ParameterError(f"{name} must be True or False, got {value!r}")
    return value


def _measures(frame: pd.DataFrame, keys: list[str], total_wan: float) -> pd.DataFrame:
    grouped = frame.groupby(keys, sort=False, dropna=False).agg(
        lines=("project_id", "size"), units=("units", "sum"), investment_wan=("investment_wan", "sum"))
    grouped["share_pct"] = grouped["investment_wan"] / total_wan * 100 if total_wan else 0.0
    return grouped.reset_index()


def totals(projects: pd.DataFrame) -> dict[str, float]:
    """Lines, units and investment of the whole frame."""
    return {"lines": int(len(projects)), "units": int(projects["units"].sum()),
            "investment_wan": float(projects["investment_wan"].sum())}


def by_category(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per category (document order): lines, units, investment and share."""
    out = _measures(projects, ["category_no", "category"], projects["investment_wan"].sum())
    return out.sort_values("category_no", ignore_index=True)


def by_subcategory(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per category × subcategory (document order); a category without subcategories is one row."""
    frame = projects.assign(subcategory=projects["subcategory"].where(projects["subcategory"] != "",
                                                                      NO_SUBCATEGORY))
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
    named = out[out["township"] != NO_TOWNSHIP].sort_values(["investment_wan", "township"],
                                                          ascending=[False, True])
    return pd.concat([named, out[out["township"] == NO_TOWNSHIP]], ignore_index=True)


def packages_placed_by_location(projects: pd.DataFrame) -> pd.DataFrame:
    """Lines with several facilities whose township comes from the location, not from the name.

    ``通山县187个农村公益性公墓`` at ``通山县通羊镇`` counts 187 cemeteries in 通羊镇, the county seat,
    though the name speaks of the whole county; ``赤壁市神山镇5个农村社区建设项目`` names its town
    and is not listed. The test is whether the name contains the township's first two characters
    (the gazetteer's variants differ in their suffix: 赤马港街道/赤马港办事处).
    """
    several = projects[(projects["units_source"] == "name") & (projects["township"] != "")]
    from_name = [township[:2] in name for name, township in zip(several["name"], several["township"],
                                                                   strict=True)]
    return several[[not found for found in from_name]]


def county_category_matrix(projects: pd.DataFrame, value: str = "investment_wan") -> pd.DataFrame:
    """Categories (rows, document order) × counties (columns, ``COUNTIES`` order), summed ``value``."""
    categories = projects.drop_duplicates("category_no").sort_values("category_no")["category"]
    matrix = projects.pivot_table(index="category", columns="county", values=value, aggfunc="sum",
                                  fill_value=0)
    return matrix.reindex(index=list(categories), columns=list(COUNTIES), fill_value=0).rename_axis(
        index="category", columns="county")


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
    return pd.DataFrame([{"top_n": n, "share_pct": largest_lines(projects, n)["share_pct"].sum(),
                          "share_pct_without_largest": largest_lines(rest, n)["share_pct"].sum()}
                         for n in tops])


def lines_needed(projects: pd.DataFrame, reach: Iterable[float] = (50, 80)) -> pd.DataFrame:
    """How many of the largest lines reach each share of the total, with and without the largest line."""
    rest = without_largest(projects)
    return pd.DataFrame([{"target_pct": pct, "lines_needed": lines_to_reach(projects, pct),
                          "lines_needed_without_largest": lines_to_reach(rest, pct)} for pct in reach])


def compare_without_largest(projects: pd.DataFrame, by: str = "county") -> pd.DataFrame:
    """Investment and share per county (or category) with all lines and without the largest line."""
    summarize = by_county if by == "county" else by_category
    key = "county" if by == "county" else "category"
    full = summarize(projects).set_index(key)[["investment_wan", "share_pct"]]
    rest = summarize(without_largest(projects)).set_index(key)[["investment_wan", "share_pct"]]
    out = full.join(rest, suffixes=("", "_without_largest")).fillna(0.0)
    return out.reset_index()


# --- per resident ----------------------------------------------------------------------------------

WHOLE_CITY = "全市"


def residents(census: pd.DataFrame) -> pd.Series:
    """geography → residents from the census table of ``xnplan.geo.population()``."""
    return census.set_index("geography")["resident_population"].astype(int)


def per_capita(projects: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Investment per resident (元/人) for the six counties, from 2020 census residents.

    ``population`` maps county → residents (see :func:`residents`). 市本级 lines serve the whole city
    and have no population of their own, so they are not spread over the counties here (see
    :func:`city_level_summary`).
    """
    missing = [c for c in COUNTY_LEVEL if c not in population.index]
    if missing:
        raise KeyError(f"population has no figure for {', '.join(missing)}")
    out = by_county(projects).set_index("county").loc[list(COUNTY_LEVEL), ["lines", "investment_wan"]]
    out["population"] = population.reindex(list(COUNTY_LEVEL)).astype(int)
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
    city_residents = int(population[WHOLE_CITY]) if WHOLE_CITY in population.index else int(
        population.reindex(list(COUNTY_LEVEL)).sum())
    is_city = projects["county"] == CITY_LEVEL
    city = float(projects.loc[is_city, "investment_wan"].sum())
    total = float(projects["investment_wan"].sum())
    return {"city_level_wan": city, "city_level_lines": int(is_city.sum()),
            "city_level_share_pct": city / total * 100 if total else 0.0,
            "population": city_residents,
            "yuan_per_resident_city_level": city * 10_000 / city_residents,
            "yuan_per_resident_all": total * 10_000 / city_residents,
            "yuan_per_resident_without_city_level": (total - city) * 10_000 / city_residents}


# --- implementing bodies ---------------------------------------------------------------------------

def sector_of(implementer_type: str, sectors: dict[str, str]) -> str:
    try:
        return sectors[implementer_type]
    except KeyError:
        raise KeyError(f"implementer_type {implementer_type!r} has no sector; known: "
                       f"{', '.join(sorted(sectors))}") from None


def by_implementer_type(projects: pd.DataFrame, sectors: dict[str, str] = SECTORS) -> pd.DataFrame:
    """Lines, units and investment per implementer_type, with its sector (公共机构, 企业 or 其他)."""
    out = _measures(projects, ["implementer_type"], projects["investment_wan"].sum())
    out.insert(0, "sector", out["implementer_type"].map(lambda t: sector_of(t, sectors)))
    order = {PUBLIC: 0, ENTERPRISE: 1, OTHER: 2}
    return out.sort_values(["sector", "investment_wan"], key=lambda c: c.map(order) if c.name == "sector"
                           else -c, ignore_index=True)


def sector_by_county(projects: pd.DataFrame, sectors: dict[str, str] = SECTORS) -> pd.DataFrame:
    """Counties (rows, ``COUNTIES`` order) × sectors (columns), investment in 万元."""
    frame = projects.assign(sector=projects["implementer_type"].map(lambda t: sector_of(t, sectors)))
    matrix = frame.pivot_table(index="county", columns="sector", values="investment_wan", aggfunc="sum",
                               fill_value=0.0)
    columns = [s for s in (PUBLIC, ENTERPRISE, OTHER) if s in matrix.columns]
    return matrix.reindex(index=list(COUNTIES), columns=columns, fill_value=0.0).rename_axis(
        index="county", columns="sector")


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
        return {"county": self.county, "lines": self.lines, "units": self.units,
                "investment_wan": round(self.investment_wan, 2), "share_pct": round(self.share_pct, 4),
                "rank": self.rank,
                "by_category_wan": {row.category: round(row.investment_wan, 2)
                                    for row in self.by_category.itertuples()}}


LINE_COLUMNS = ["project_id", "category", "subcategory", "item_class", "name", "location", "township",
                "implementer", "implementer_type", "units", "investment_wan", "source_line"]


def county_detail(projects: pd.DataFrame, county: str, top: int = 10) -> CountyDetail:
    """Totals, breakdowns and every line of one county (``county`` must be a value of COUNTIES)."""
    if county not in COUNTIES:
        raise KeyError(f"{county!r} is not one of {', '.join(COUNTIES)}")
    mine = projects[projects["county"] == county]
    city_total = float(projects["investment_wan"].sum())
    counties = by_county(projects)
    ranked = counties.sort_values("investment_wan", ascending=False, kind="stable")["county"].tolist()
    figures = totals(mine)
    lines = mine.assign(item_class=mine["subcategory"].where(mine["subcategory"] != "", mine["category"]))
    return CountyDetail(
        county=county, lines=figures["lines"], units=figures["units"],
        investment_wan=figures["investment_wan"], city_investment_wan=city_total,
        share_pct=figures["investment_wan"] / city_total * 100 if city_total else 0.0,
        rank=ranked.index(county) + 1,
        by_category=by_category(mine), by_subcategory=by_subcategory(mine), by_township=by_township(mine),
        top_lines=largest_lines(mine, top),
        all_lines=lines[LINE_COLUMNS].sort_values("project_id", key=_id_order, ignore_index=True))


def _id_order(ids: pd.Series) -> pd.Series:
    """Sort key for project IDs in document order (P10 after P9)."""
    parts = ids.str.extract(r"^P(\d+)\.(\d+)\.(\d+)$").astype(int)
    return parts[0] * 1_000_000 + parts[1] * 1_000 + parts[2]


# --- data-quality findings -------------------------------------------------------------------------

STATUS_LABELS = {"ok": "一致", "mismatch": "不一致", "ambiguous": "存疑"}
LEVEL_LABELS = {"grand": "总计", "category": "大类", "subcategory": "小类", "cross-table": "表间",
                "narrative": "正文"}


def number_text(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def unit_of(item: str) -> str:
    """The unit a check compares: the last parenthesis of its item text outside 「names」.

    ``大类3「儿童福利院(未保中心)项目」 估算总投资(万元) 对明细行`` → 万元; ``…:2015年(元/月)`` → 元/月;
    an item without one (a repeated line) → "".
    """
    found = re.findall(r"\(([^()]*)\)", re.sub(r"「[^」]*」", "", item))
    return found[-1] if found else ""


def _digits(value: float) -> str:
    return number_text(value).replace(",", "").replace("-", "")


def hint(stated: float | None, computed: float | None) -> str:
    """A Chinese reading of how two differing figures relate, when a simple pattern explains it."""
    if stated is None or computed is None or pd.isna(stated) or pd.isna(computed) or stated == computed:
        return ""
    a, b = _digits(stated), _digits(computed)
    # Only for figures of three digits or more: 2 against 3 "differing in one digit" says nothing.
    one_digit_apart = len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if one_digit_apart and len(a.replace(".", "")) >= 3:
        return "两数只有一位数字不同，可能是笔误。"
    if float(stated).is_integer() and not float(computed).is_integer() and stated == int(computed):
        return "印刷值是计算值去掉小数后的整数。"
    if abs(stated - computed) < 10 ** -len(a.partition(".")[2]):
        return "两数在印刷的最后一位上不同，可能是舍入或截断有误。"
    return ""


def _lines_text(source_line: object, evidence: str) -> str:
    lines = [] if source_line is None or pd.isna(source_line) else [str(int(source_line))]
    lines += [part.strip() for part in str(evidence or "").split(",") if part.strip()]
    unique = list(dict.fromkeys(lines))
    return "第" + "、".join(unique) + "行" if unique else "(无行号)"


def _sentence(row) -> str:
    """Figures and lines only: why they differ (a typo, no decimals …) is the row's explanation."""
    printed_at = "" if pd.isna(row.source_line) else f"（原文第{int(row.source_line)}行）"
    others = [part.strip() for part in str(row.evidence_lines or "").split(",") if part.strip()]
    related = f"相关行：第{'、'.join(others)}行。" if others else ""
    if not row.unit:  # not a printed amount or count (e.g. a repeated line): the explanation says it
        return f"{row.stated_source}{printed_at}。{related}"
    unit = row.unit
    first, against, second = row.stated_source.partition("对")
    # A cross-table check compares two printed figures ("附件1对附件2"), not a printed and a computed one.
    other = f"{second}印刷" if row.level == "cross-table" and against else "计算值"
    return (f"{first}印刷 {number_text(row.stated)}{unit}{printed_at}，"
            f"{other} {number_text(row.computed)}{unit}，差额 {number_text(row.difference)}{unit}。{related}")


def findings(reconciliation: pd.DataFrame,
             statuses: Iterable[str] = ("mismatch", "ambiguous")) -> pd.DataFrame:
    """The checks whose status is in ``statuses`` (grand, category, subcategory, cross-table order),
    each with a one-sentence Chinese summary of its printed and computed figures and lines (the
    ``explanation`` column, also Chinese, says why they differ).

    Adds ``unit`` (万元/个, from the item), ``status_label``, ``level_label``, ``lines_text``
    (原文第…行: the printed figure's line first, then the evidence lines) and ``sentence``.
    """
    wanted = reconciliation[reconciliation["status"].isin(list(statuses))].copy()
    order = {level: i for i, level in enumerate(LEVEL_LABELS)}
    wanted = wanted.sort_values("level", key=lambda c: c.map(order), kind="stable")
    wanted["unit"] = wanted["item"].map(unit_of)
    wanted["status_label"] = wanted["status"].map(STATUS_LABELS)
    wanted["level_label"] = wanted["level"].map(LEVEL_LABELS)
    wanted["lines_text"] = [_lines_text(s, e) for s, e in zip(wanted["source_line"], wanted["evidence_lines"],
                                                                strict=True)]
    wanted["sentence"] = [_sentence(r) for r in wanted.itertuples()]
    return wanted.reset_index(drop=True)


def finding_markdown(row) -> str:
    """One finding (a row of :func:`findings`) as a Markdown paragraph of the data-quality report:
    the item with its status and check ID, the figures and lines, then the check's explanation."""
    return (f"**{row.item}**（{row.status_label}，核对编号 `{row.check_id}`）\n\n{row.sentence}\n\n"
            f"说明：{row.explanation}")


def printed_vs_rows(categories: pd.DataFrame) -> pd.DataFrame:
    """Every printed total or count (附件1, 附件2 headers) that differs from what its rows add up to.

    ``categories`` is the project_categories table. Totals are compared with the rows' investment,
    counts with their facility units; a count equal to the number of lines instead is said so.
    Columns: ``table``, ``level``, ``name``, ``measure``, ``unit``, ``printed``, ``from_rows``,
    ``difference`` (printed − rows), ``line`` (the row's first line in the text), ``note`` and
    ``sentence`` (Chinese).
    """
    found = []
    for r in categories.itertuples():
        children = _children(categories, r)
        for table, name, count, total, line in (
                ("附件1", r.name_summary, r.summary_count, r.summary_total_wan, r.summary_line),
                ("附件2", r.name_detail, r.detail_count, r.detail_total_wan, r.detail_line)):
            base = {"table": table, "level": r.level, "name": str(name or r.name_detail or r.name_summary),
                    "line": line}
            prefix = "summary" if table == "附件1" else "detail"
            if pd.notna(total) and abs(total - r.investment_wan) > 0.005:
                note = hint(total, r.investment_wan) + _parts_note(children, f"{prefix}_total_wan", total,
                                                                   "万元")
                found.append({**base, "measure": "估算总投资", "unit": "万元", "printed": total,
                              "from_rows": r.investment_wan, "note": note})
            if pd.notna(count) and count != r.units:
                note = ("等于明细行数，即按行而不是按设施计数。" if count == r.rows
                        else f"既不等于设施数，也不等于明细行数（{r.rows}行）。")
                found.append({**base, "measure": "项目个数", "unit": "个", "printed": count,
                              "from_rows": float(r.units),
                              "note": note + _parts_note(children, f"{prefix}_count", count, "个")})
    out = pd.DataFrame(found, columns=["table", "level", "name", "measure", "unit", "printed", "from_rows",
                                       "line", "note"])
    out.insert(out.columns.get_loc("line"), "difference", out["printed"] - out["from_rows"])
    out["sentence"] = [_printed_vs_rows_sentence(row) for row in out.to_dict("records")]
    return out


def _children(categories: pd.DataFrame, row) -> pd.DataFrame:
    """The rows whose printed figures add up to ``row``'s: categories of the grand total,
    subcategories of a category (none for a subcategory or a category without subcategories)."""
    if row.level == "grand":
        return categories[categories["level"] == "category"]
    if row.level == "category":
        mine = categories["category_no"] == row.category_no
        return categories[(categories["level"] == "subcategory") & mine]
    return categories.iloc[0:0]


def _parts_note(children: pd.DataFrame, column: str, printed: float, unit: str) -> str:
    """Says whether a printed figure equals the sum of its printed parts in the same table."""
    if children.empty or children[column].isna().any():
        return ""
    parts = float(children[column].sum())
    kind = "大类" if children["level"].iloc[0] == "category" else "小类"
    if abs(parts - printed) <= 0.005:
        return f"它等于本表各{kind}印刷值之和。"
    return f"本表各{kind}印刷值之和为 {number_text(parts)}{unit}。"


def _printed_vs_rows_sentence(row: dict) -> str:
    more = "多" if row["difference"] > 0 else "少"
    what = "明细合计" if row["measure"] == "估算总投资" else "明细设施数"
    where = "" if pd.isna(row["line"]) else f"（原文第{int(row['line'])}行起）"
    name, unit = row["name"].replace(" ", ""), row["unit"]
    gap = number_text(abs(row["difference"]))
    return (f"{row['table']}「{name}」{where}{row['measure']}印刷 {number_text(row['printed'])}{unit}，"
            f"{what} {number_text(row['from_rows'])}{unit}，印刷值{more} {gap}{unit}。{row['note']}")


def findings_table(found: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Display table of the findings (from :func:`findings`) in one unit; headers carry the unit.

    With ``unit=""`` (checks that compare no amount, such as repeated lines) the figures are left
    out and the explanation is shown instead.
    """
    rows = found[found["unit"] == unit]
    table = {"核对编号": rows["check_id"], "核对项": rows["item"], "印刷来源": rows["stated_source"]}
    if unit:
        table |= {f"印刷值({unit})": rows["stated"].map(number_text),
                  f"计算值({unit})": rows["computed"].map(number_text),
                  f"差额({unit})": rows["difference"].map(number_text)}
    table |= {"状态": rows["status_label"], "原文行号": rows["lines_text"]}
    if not unit:
        table["说明"] = rows["explanation"]
    return pd.DataFrame(table).reset_index(drop=True)


def status_counts(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """Checks per level (rows, in LEVEL_LABELS order) and status, with Chinese headers (项)."""
    table = pd.crosstab(reconciliation["level"], reconciliation["status"])
    table = table.reindex(index=[lv for lv in LEVEL_LABELS if lv in table.index],
                          columns=list(STATUS_LABELS), fill_value=0)
    table["total"] = table.sum(axis=1)
    out = pd.DataFrame({"核对层级": table.index.map(LEVEL_LABELS)})
    for status, label in (*STATUS_LABELS.items(), ("total", "合计")):
        out[f"{label}(项)"] = table[status].to_numpy()
    return out


# --- display ---------------------------------------------------------------------------------------

Formatter = Callable[[object], str]


def _fmt(pattern: str) -> Formatter:
    return lambda v: "—" if pd.isna(v) else pattern.format(v)


# English column → (Chinese header with unit, formatter). Text columns carry no unit.
LABELS: dict[str, tuple[str, Formatter]] = {
    "project_id": ("项目编号", str),
    "category": ("大类", str),
    "subcategory": ("小类", str),
    "item_class": ("类别(小类,无小类时为大类)", str),
    "county": ("县市区", str),
    "township": ("乡镇街道", str),
    "name": ("项目名称", str),
    "location": ("拟建地点", str),
    "implementer": ("实施主体", str),
    "implementer_type": ("实施主体类型", str),
    "sector": ("性质", str),
    "lines": ("明细行数(行)", _fmt("{:,.0f}")),
    "units": ("设施数(个)", _fmt("{:,.0f}")),
    "investment_wan": ("估算总投资(万元)", _fmt("{:,.2f}")),
    "investment_yi": ("估算总投资(亿元)", _fmt("{:,.2f}")),
    "share_pct": ("占全市比重(%)", _fmt("{:.1f}")),
    "cumulative_pct": ("累计占比(%)", _fmt("{:.1f}")),
    "investment_wan_without_largest": ("不含最大一行投资(万元)", _fmt("{:,.2f}")),
    "lines_needed": ("所需最大项目行数(行)", _fmt("{:,.0f}")),
    "lines_needed_without_largest": ("不含最大一行时所需行数(行)", _fmt("{:,.0f}")),
    "top_n": ("范围", _fmt("投资额最大的前{:d}行")),
    "target_pct": ("累计达到的投资占比(%)", _fmt("{:g}")),
    "share_pct_without_largest": ("不含最大一行占比(%)", _fmt("{:.1f}")),
    "population": ("2020年常住人口(人)", _fmt("{:,.0f}")),
    "yuan_per_resident": ("人均投资(元/人)", _fmt("{:,.0f}")),
    "source_line": ("原文行号", _fmt("{:.0f}")),
}


def present(frame: pd.DataFrame, columns: list[str] | None = None,
            labels: dict[str, tuple[str, Formatter]] | None = None) -> pd.DataFrame:
    """Formatted copy for display: values as text, Chinese headers with units, default index.

    ``labels`` adds or overrides entries of :data:`LABELS` (e.g. a share of a county instead of the
    city). Every shown column must have a label, so no header goes out without its unit.
    """
    chosen = {**LABELS, **(labels or {})}
    columns = list(frame.columns) if columns is None else columns
    unknown = [c for c in columns if c not in chosen]
    if unknown:
        raise KeyError(f"no display label for column(s) {', '.join(unknown)}")
    return pd.DataFrame({chosen[c][0]: frame[c].map(chosen[c][1]) for c in columns}).reset_index(drop=True)
