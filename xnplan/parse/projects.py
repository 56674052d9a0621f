"""The project library: 附件1 (summary by category) and 附件2 (one line per project).

Both tables are flattened in the copied text, one cell per line:
- 附件1: ``合 计, count, total``; category rows ``name, count, total`` (un-numbered); subcategory
  rows ``seq, name, count, total``.
- 附件2: ``合计, count, total``; category headers ``name, count, total``; subcategory headers
  ``N.name, count, total``; project rows ``seq, name, location, investment, implementer``.

The parser keeps what is printed (names, counts, totals, cells as written) and derives per line the
facility units, county, township and implementer type by the rules of docs/projects.md. Anything
that does not have this shape raises PlanParseError naming the line and the cells around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd

from xnplan import geo
from xnplan.facts import CITY_LEVEL
from xnplan.parse.cursor import Cursor
from xnplan.parse.source import Cell, Source, is_number, parse_number
from xnplan.schema import PROJECT_CATEGORIES, PROJECTS

# Stable ASCII codes, found by a keyword in either printed name (附件1 and 附件2 word them
# differently). Checked in order: 儿童福利院 before 福利院.
CATEGORY_CODES = (
    ("公办养老", "public_elderly_care"),
    ("普惠养老", "inclusive_elderly_care"),
    ("儿童福利", "child_welfare"),
    ("流浪乞讨", "vagrant_assistance"),
    ("殡", "funeral_services"),
    ("公墓", "cemeteries"),
    ("精神卫生", "mental_health"),
    ("社区综合", "community_services"),
    ("婚姻登记", "marriage_registration"),
)
SUBCATEGORY_CODES = (
    ("日间照料", "day_care_centres"),
    ("儿童福利院", "child_welfare_homes"),
    ("福利院", "rural_welfare_homes"),
    ("失能", "disabled_care_centres"),
    ("居家养老", "home_community_care"),
    ("社会福利中心", "county_welfare_centres"),
    ("留守儿童", "left_behind_children_centres"),
    ("城市公益性公墓", "urban_cemeteries"),
    ("农村公益性公墓", "rural_cemeteries"),
    ("骨灰堂", "columbaria"),
)

# A count of facilities written in a project name: 61个, 185处, 1所. ``3A级`` (a rating) and years
# (2021年) never match because only these measure words count; five digits or more is no count.
_COUNT_IN_NAME = re.compile(r"(?<![\d.A-Za-z])(\d{1,4})\s*(?:个|处|所|座)")
# A bare number closing the name right after a facility noun: the copy lost 处 (公益性公墓2).
_TRAILING_COUNT = re.compile(r"(?:公墓|骨灰堂|中心|服务站|站|院|馆|室)(\d{1,3})$")
_SUBCATEGORY_HEADER = re.compile(r"^(\d+)\s*[.、]\s*(\S.*)$")
_GRAND_TOTAL = re.compile(r"^合\s*计$")
_TABLE_END = re.compile(r"^(附件[::]?|收起|局长信箱|返回顶部)$")

# Implementer types, first match wins; the order matters (汀泗桥镇各社区 is a community, not a
# town government; 嘉鱼县各镇福利院 is an institution). See docs/projects.md.
IMPLEMENTER_TYPES = (
    ("民政部门", re.compile(r"民政局")),
    ("企业", re.compile(r"公司")),
    ("村/社区", re.compile(r"(村|社区|村委会|居委会)(\))?$|各村|各社区|村委会")),
    ("乡镇政府/街道", re.compile(r"人民政府|人民镇府|街道办事处|街道$|各镇$|各乡镇$")),
    (
        "事业单位/机构",
        re.compile(r"福利院|福利中心|救助|殡|敬老院|托老|登记处|公墓|医院|护理院|养老中心|公寓|管理站"),
    ),
)
OTHER_IMPLEMENTER = "其他"


@dataclass
class Figures:
    """A printed row of a summary or header: name with its count and total."""

    name: str
    count: int
    total: float
    line: int


@dataclass
class Category:
    no: int
    figures: Figures
    subs: list[Figures] = field(default_factory=list)


@dataclass
class Row:
    category_no: int
    subcategory_no: int
    seq: int
    name: str
    location: str
    investment: float
    implementer: str
    line: int


@dataclass
class Table:
    grand: Figures
    categories: list[Category]
    rows: list[Row] = field(default_factory=list)


def _figures(cur: Cursor, name: Cell) -> Figures:
    """The count and total printed after ``name``."""
    return Figures(
        name.text, cur.integer(f"count of {name.text}"), cur.number(f"total of {name.text}"), name.line
    )


def _is_integer(source: Source, cell: Cell) -> bool:
    return is_number(cell.text) and parse_number(source, cell).is_integer()


def _table_cells(source: Source, start: int, stop: int, what: str) -> Cursor:
    """The cells after the ``合计`` cell of the table starting at ``start`` (column titles skipped)."""
    cells = source.cells(start + 1, stop)
    for i, cell in enumerate(cells):
        if _GRAND_TOTAL.match(cell.text):
            return Cursor(source, cells, what, at=i)
    raise source.error(f"{what}: no 合计 (grand total) row between lines {start} and {stop - 1}", start)


def parse_summary(source: Source, start: int, stop: int) -> Table:
    """附件1: grand total, categories (un-numbered) and their numbered subcategories."""
    cur = _table_cells(source, start, stop, "附件1")
    table = Table(_figures(cur, cur.take("合计")), [])
    while cur:
        cell = cur.take("a category or subcategory row")
        if _is_integer(source, cell):
            if not table.categories:
                raise cur.error(f"numbered row {cell.text!r} before any category", cell.line)
            category = table.categories[-1]
            seq = int(parse_number(source, cell))
            if seq != len(category.subs) + 1:
                raise cur.error(f"expected subcategory {len(category.subs) + 1}, found {seq}", cell.line)
            category.subs.append(_figures(cur, cur.text("subcategory name")))
        elif is_number(cell.text):
            raise cur.error(f"expected a category name or a row number, found {cell.text!r}", cell.line)
        else:
            table.categories.append(Category(len(table.categories) + 1, _figures(cur, cell)))
    if not table.categories:
        raise source.error("附件1 has no category rows", table.grand.line)
    return table


def parse_detail(source: Source, start: int, stop: int) -> Table:
    """附件2: grand total, category headers, ``N.name`` subcategory headers and project rows."""
    cur = _table_cells(source, start, stop, "附件2")
    table = Table(_figures(cur, cur.take("合计")), [])
    while cur:
        cell = cur.take("a header or project row")
        header = _SUBCATEGORY_HEADER.match(cell.text)
        if _is_integer(source, cell):
            table.rows.append(_project_row(cur, table, cell))
        elif header:
            _subcategory_header(cur, table, cell, int(header.group(1)), header.group(2))
        elif is_number(cell.text):
            raise cur.error(f"expected a header or a row number, found {cell.text!r}", cell.line)
        else:
            table.categories.append(Category(len(table.categories) + 1, _figures(cur, cell)))
    if not table.rows:
        raise source.error("附件2 has no project rows", table.grand.line)
    return table


def _subcategory_header(cur: Cursor, table: Table, cell: Cell, no: int, name: str) -> None:
    if not table.categories:
        raise cur.error(f"subcategory {cell.text!r} before any category", cell.line)
    category = table.categories[-1]
    if no != len(category.subs) + 1:
        raise cur.error(f"expected subcategory {len(category.subs) + 1}, found {no}", cell.line)
    if table.rows and (table.rows[-1].category_no, table.rows[-1].subcategory_no) == (category.no, 0):
        raise cur.error("subcategory header after project rows that have none", cell.line)
    figures = _figures(cur, Cell(cell.line, name))
    category.subs.append(figures)


def _project_row(cur: Cursor, table: Table, seq_cell: Cell) -> Row:
    if not table.categories:
        raise cur.error(f"project row {seq_cell.text!r} before any category header", seq_cell.line)
    category = table.categories[-1]
    sub_no = len(category.subs)
    seq = int(parse_number(cur.source, seq_cell))
    last = table.rows[-1] if table.rows else None
    expected = 1  # the first row of its subcategory, unless the last row was in it too
    if last is not None and (last.category_no, last.subcategory_no) == (category.no, sub_no):
        expected = last.seq + 1
    if seq != expected:
        raise cur.error(
            f"expected project row {expected} of {category.figures.name}, found {seq} "
            "(a row or cell is missing or repeated)",
            seq_cell.line,
        )
    name = cur.text(f"the name of project {seq}")
    location = cur.text(f"the location of project {seq}")
    investment = cur.number(f"investment (万元) of project {seq}")
    implementer = cur.text(f"the implementer of project {seq}")
    return Row(
        category.no, sub_no, seq, name.text, location.text, investment, implementer.text, seq_cell.line
    )


def _sections(source: Source) -> tuple[int, int, int]:
    """Lines of 附件1, 附件2 and the end of 附件2 (page furniture or end of file)."""
    # Anchored at the end: the table of contents repeats these titles followed by a page number.
    summary = source.find(r"^附件1.*简表$", what="附件1 (项目库简表)")
    detail = source.find(r"^附件2.*明细表$", summary + 1, what="附件2 (项目库明细表)")
    end = next(
        (n for n, text in source.iter_lines(detail + 1) if _TABLE_END.match(text.strip())),
        len(source.lines) + 1,
    )
    return summary, detail, end


def _code(names: tuple[str, ...], table: tuple[tuple[str, str], ...], fallback: str) -> str:
    return next((code for keyword, code in table if any(keyword in n for n in names)), fallback)


def facility_units(name: str) -> tuple[int, str]:
    """(units, source): a count written in the name, else 1 by default."""
    found = _COUNT_IN_NAME.search(name) or _TRAILING_COUNT.search(name)
    if found and int(found.group(1)) > 0:
        return int(found.group(1)), "name"
    return 1, "default"


def project_county(name: str, location: str, implementer: str) -> tuple[str, str]:
    """(county, rule) by the county rule (docs/projects.md#county); rule names the step that decided
    (``("", "unresolved")`` when none did)."""
    if county := geo.county_in_text(name):
        return county, "name"
    if implementer.startswith(("市", "咸宁市")):
        return CITY_LEVEL, "implementer_city"
    if county := geo.county_in_text(location):
        return county, "location"
    if county := geo.county_in_text(implementer):
        return county, "implementer"
    if name.startswith("咸宁市"):
        return CITY_LEVEL, "name_city"
    return "", "unresolved"


def implementer_type(implementer: str) -> str:
    return next(
        (kind for kind, pattern in IMPLEMENTER_TYPES if pattern.search(implementer)), OTHER_IMPLEMENTER
    )


def _match_categories(source: Source, summary: Table, detail: Table) -> None:
    """附件1 and 附件2 list the same categories in the same order, worded differently; a category
    or subcategory missing from either table is a damaged source, not a finding."""
    if len(summary.categories) != len(detail.categories):
        extra = (summary if len(summary.categories) > len(detail.categories) else detail).categories
        line = extra[min(len(summary.categories), len(detail.categories))].figures.line
        raise source.error(
            f"附件1 has {len(summary.categories)} categories but 附件2 has "
            f"{len(detail.categories)}; a section is missing",
            line,
        )
    for s, d in zip(summary.categories, detail.categories, strict=True):
        if len(s.subs) != len(d.subs):
            raise source.error(
                f"category {s.no} has {len(s.subs)} subcategories in 附件1 (line "
                f"{s.figures.line}) but {len(d.subs)} in 附件2",
                d.figures.line,
            )


def _project_records(table: Table, codes: dict[tuple[int, int], str]) -> Iterator[dict]:
    seen: dict[tuple[str, str, float, str], str] = {}
    for row in table.rows:
        category = table.categories[row.category_no - 1]
        sub = category.subs[row.subcategory_no - 1] if row.subcategory_no else None
        units, units_source = facility_units(row.name)
        county, _rule = project_county(row.name, row.location, row.implementer)
        project_id = f"P{row.category_no}.{row.subcategory_no}.{row.seq:03d}"
        first = seen.setdefault((row.name, row.location, row.investment, row.implementer), project_id)
        yield {
            "project_id": project_id,
            "category_no": row.category_no,
            "category": category.figures.name,
            "category_code": codes[(row.category_no, 0)],
            "subcategory_no": row.subcategory_no,
            "subcategory": sub.name if sub else "",
            "subcategory_code": codes[(row.category_no, row.subcategory_no)] if sub else "",
            "seq": row.seq,
            "name": row.name,
            "location": row.location,
            "implementer": row.implementer,
            "investment_wan": row.investment,
            "units": units,
            "units_source": units_source,
            "county": county,
            **_township(row.name, row.location, county),
            "implementer_type": implementer_type(row.implementer),
            "duplicate_of": "" if first == project_id else first,
            "source_line": row.line,
        }


def _township(name: str, location: str, county: str) -> dict:
    """The township named in the name, else in the location; ``placed_by_location`` says it came from
    the location, which for a package of many facilities (通山县187个村级…, at 通山县通羊镇) is the
    seat that runs it, not where its facilities stand."""
    in_name = geo.township_in_text(name, county)
    in_location = "" if in_name else geo.township_in_text(location, county)
    return {"township": in_name or in_location or "", "placed_by_location": bool(in_location)}


def _codes(summary: Table, detail: Table) -> dict[tuple[int, int], str]:
    codes: dict[tuple[int, int], str] = {}
    for s, d in zip(summary.categories, detail.categories, strict=True):
        codes[(s.no, 0)] = _code((s.figures.name, d.figures.name), CATEGORY_CODES, f"category_{s.no}")
        for i, (ss, ds) in enumerate(zip(s.subs, d.subs, strict=True), start=1):
            codes[(s.no, i)] = _code((ss.name, ds.name), SUBCATEGORY_CODES, f"{codes[(s.no, 0)]}_{i}")
    return codes


def _category_record(
    level: str, category_no: int, sub_no: int, code: str, s: Figures, d: Figures, lines: list[dict]
) -> dict:
    return {
        "category_no": category_no,
        "subcategory_no": sub_no,
        "level": level,
        "code": code,
        "name_summary": s.name,
        "name_detail": d.name,
        "summary_count": float(s.count),
        "summary_total_wan": s.total,
        "detail_count": float(d.count),
        "detail_total_wan": d.total,
        "rows": len(lines),
        "units": sum(r["units"] for r in lines),
        "investment_wan": round(sum(r["investment_wan"] for r in lines), 2),
        "summary_line": s.line,
        "detail_line": d.line,
    }


def parse_projects(source: Source) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(projects, project_categories) with the columns of schema.PROJECTS / PROJECT_CATEGORIES."""
    summary_line, detail_line, end = _sections(source)
    summary = parse_summary(source, summary_line, detail_line)
    detail = parse_detail(source, detail_line, end)
    _match_categories(source, summary, detail)
    codes = _codes(summary, detail)

    records = list(_project_records(detail, codes))
    if unresolved := [r for r in records if not r["county"]]:
        row = unresolved[0]
        raise source.error(
            f"附件2: no county for project {row['project_id']} {row['name']!r}: none named in the "
            "name, location or implementer, the implementer is not a city body and the name does "
            "not start with 咸宁市",
            row["source_line"],
        )

    groups = [_category_record("grand", 0, 0, "total", summary.grand, detail.grand, records)]
    for s, d in zip(summary.categories, detail.categories, strict=True):
        in_category = [r for r in records if r["category_no"] == s.no]
        groups.append(
            _category_record("category", s.no, 0, codes[(s.no, 0)], s.figures, d.figures, in_category)
        )
        for i, (ss, ds) in enumerate(zip(s.subs, d.subs, strict=True), start=1):
            groups.append(
                _category_record(
                    "subcategory",
                    s.no,
                    i,
                    codes[(s.no, i)],
                    ss,
                    ds,
                    [r for r in in_category if r["subcategory_no"] == i],
                )
            )
    return (
        pd.DataFrame(records, columns=list(PROJECTS.columns)),
        pd.DataFrame(groups, columns=list(PROJECT_CATEGORIES.columns)),
    )
