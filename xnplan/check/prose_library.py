"""The prose against the project library (附件1/附件2): rows of level ``narrative``, ``compares``
``prose-library``.

The prose states figures about the project library and announces facilities by name; these checks
put each next to what the library's rows imply:

- ``narr-library-major-projects-categories`` / ``-count`` / ``-total``: 第七章's summary sentence
  (「…等9大类型重大项目共1628个,计划总投资88.49亿元」) against 附件1's categories, the rows' facility
  units and the rows' investment (the 亿元 figure compared at its printed precision);
- ``narr-library-box9-county-care``: 专栏9's "at least one county-level facility for disabled
  特困 people in every county" against the counties with a line in the library's subcategory for
  exactly that facility;
- ``narr-library-box12-funeral-homes`` / ``-box12-cemeteries`` / ``-box12-county-coverage``: 专栏12's
  殡仪馆 3-4所, 公益性公墓 198个 and 覆盖所有县(市、区) against the funeral and cemetery lines;
- ``narr-library-{link_id}``: a facility the prose names, against its line in the library, through
  the curated file ``data/raw/prose_project_links.csv`` (a reader's judgement with its reason, not
  string similarity).

Every sentence is found by its wording, not by its line number, and so is every curated link
(xnplan.parse.links.project_links): a link whose phrase is gone stops the build, and the ids name
what is compared, so they stay when lines move. Statements whose figure is a 2020 stock or a
coverage rate of existing facilities are left out on purpose (see docs/narrative.md): planned lines
cannot be compared with them. Each check keeps what it found as a note of
:mod:`xnplan.check.wording.prose_library`, which words it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import SupportsInt, cast

import pandas as pd

from xnplan.check.library import check_id as library_check_id
from xnplan.check.rows import PROSE, Check, Note
from xnplan.check.wording.library import Group
from xnplan.check.wording.prose_library import (
    CategoriesNote,
    CemeteriesNote,
    CountyCareNote,
    CoverageNote,
    FuneralHome,
    FuneralHomesNote,
    GroupCount,
    LinkNote,
    OutsideLine,
    PrintedCount,
    PrintedTotal,
    ProjectLine,
    ProjectRef,
    SummaryCountNote,
    SummaryTotalNote,
    half_of_last_digit,
)
from xnplan.facts import TERRITORIES
from xnplan.numbers import rounds_to
from xnplan.parse.links import project_links
from xnplan.parse.source import Source

MATCH_STATUS = {"same": "ok", "uncertain": "ambiguous", "none": "mismatch"}
COUNTY_UNITS = TERRITORIES  # 所有县(市、区): the six county-level units

# Counts of at most six digits and amounts of at most nine: a damaged copy with longer digit runs
# loses the check instead of overflowing a float.
SUMMARY = re.compile(
    r"全市确定(?P<names>.+?)等(?P<kinds>\d{1,6})大类型重大项目共(?P<count>\d{1,6})个,"
    r"计划总投资(?P<total>\d{1,9}(?:\.\d{1,6})?)亿元"
)
COUNTY_CARE = re.compile(
    r"每个县\(市、区\)至少建设(?P<count>\d{1,6})处以失能、部分失能特困人员专业照护为主的"
    r"县级供养服务设施"
)
FUNERAL_HOMES = re.compile(r"新建、改扩建殡仪馆(?P<low>\d{1,6})-(?P<high>\d{1,6})所")
CEMETERIES = re.compile(r"规划建设城乡公益性公墓(?P<count>\d{1,6})个")
ALL_COUNTIES = re.compile(r"公益性公墓\d+个,覆盖所有县\(市、区\)")
COUNTY_LEVEL_COVERAGE = re.compile(r"县以上公益性公墓\(骨灰堂\)实现全覆盖")

# The project columns the checks read (only these are turned into records: this runs on every parse).
PROJECT_FIELDS = [
    "project_id",
    "category_no",
    "category",
    "category_code",
    "subcategory_code",
    "name",
    "location",
    "implementer",
    "investment_wan",
    "units",
    "county",
    "source_line",
]

FUNERAL_HOME = "殡仪馆"
BUILD_WORDS = ("新建", "扩建")  # 新建, 改扩建, 扩建: what 专栏12 asks for
UPGRADE_WORDS = ("改造", "升级")  # 改造, 提档升级: an upgrade the box may or may not count


COMPARES = "prose-library"


def _row(
    name: str,
    stated: float | None,
    computed: float | None,
    unit: str,
    status: str,
    note: Note,
    line: int,
    evidence: list[object],
) -> Check:
    # evidence holds line numbers, or NaN where a header line is missing
    lines = [int(cast(SupportsInt, n)) for n in evidence if not pd.isna(n) and n != line]
    return Check(
        f"narr-library-{name}",
        "narrative",
        COMPARES,
        PROSE,
        stated,
        computed,
        unit,
        status,
        note,
        source_line=line,
        evidence_lines=lines,
    )


def _find(source: Source, pattern: re.Pattern[str]) -> tuple[int, re.Match[str]] | None:
    for number, text in enumerate(source.lines, start=1):
        if found := pattern.search(text):
            return number, found
    return None


def _ref(project: dict) -> ProjectRef:
    return ProjectRef(project["project_id"], project["name"], int(project["source_line"]))


def _described(project: dict) -> ProjectLine:
    """A project line with where it is filed, where it is built, its investment and implementer."""
    return ProjectLine(
        _ref(project),
        int(project["category_no"]),
        project["category"],
        project["location"],
        float(project["investment_wan"]),
        project["implementer"],
    )


def _group(record: dict) -> Group:
    return Group(
        record["level"],
        int(record["category_no"]),
        int(record["subcategory_no"]),
        record["name_summary"],
        record["name_detail"],
    )


@dataclass(frozen=True)
class _Library:
    """The project rows and the printed category figures, as plain records."""

    projects: list[dict]
    categories: list[dict]

    def group(self, code: str) -> dict | None:
        return next((c for c in self.categories if c["code"] == code), None)

    def lines(self, code: str) -> list[dict]:
        """The lines of a category or subcategory, by its code."""
        return [p for p in self.projects if code in (p["category_code"], p["subcategory_code"])]

    @property
    def grand(self) -> dict | None:
        return next((c for c in self.categories if c["level"] == "grand"), None)


# --- the summary sentence (第七章 四) -------------------------------------------------------------


def _summary_checks(source: Source, library: _Library) -> Iterator[Check]:
    found, grand = _find(source, SUMMARY), library.grand
    if found is None or grand is None:
        return
    line, m = found
    yield _categories_check(line, m, library, grand)
    yield _count_check(line, m, grand)
    yield _total_check(line, m, library, grand)


def _categories_check(line: int, m: re.Match[str], library: _Library, grand: dict) -> Check:
    categories = [c for c in library.categories if c["level"] == "category"]
    kinds = int(m["kinds"])
    matched, unknown = [], []
    for name in m["names"].split("、"):
        # 附件1 names the same categories with 项目 at the end
        match = next(
            (
                c
                for c in categories
                if name in (c["name_summary"], f"{c['name_summary']}".removesuffix("项目"))
            ),
            None,
        )
        if match is None:
            unknown.append(name)
        else:
            matched.append((name, _group(match)))
    ok = kinds == len(categories) and not unknown
    note = CategoriesNote(
        line,
        m["names"],
        kinds,
        int(grand["summary_line"]),
        len(categories),
        tuple(matched),
        tuple(unknown),
        ok,
    )
    return _row(
        "major-projects-categories",
        float(kinds),
        float(len(categories)),
        "个",
        "ok" if ok else "mismatch",
        note,
        line,
        [grand["summary_line"]],
    )


def _count_check(line: int, m: re.Match[str], grand: dict) -> Check:
    count, rows, units = int(m["count"]), int(grand["rows"]), int(grand["units"])
    printed = (
        PrintedCount("附件1", grand["summary_count"], int(grand["summary_line"])),
        PrintedCount("附件2", grand["detail_count"], int(grand["detail_line"])),
    )
    if count == units:
        status, reading = "ok", "units"
    elif any(p.value == count for p in printed):
        status, reading = "ambiguous", "printed"
    elif count == rows:
        status, reading = "ambiguous", "lines"
    else:
        status, reading = "mismatch", "neither"
    note = SummaryCountNote(
        line, count, rows, units, printed, reading, library_check_id("G", "summary", "count")
    )
    return _row(
        "major-projects-count",
        float(count),
        float(units),
        "个",
        status,
        note,
        line,
        [grand["summary_line"], grand["detail_line"]],
    )


def _total_check(line: int, m: re.Match[str], library: _Library, grand: dict) -> Check:
    printed_yi, rows_wan = m["total"], float(grand["investment_wan"])
    stated_wan = float(Decimal(printed_yi) * 10000)
    ok = rounds_to(rows_wan / 10000, printed_yi)
    totals = tuple(
        PrintedTotal(table, float(grand[column]), rounds_to(float(grand[column]) / 10000, printed_yi))
        for table, column in (("附件1", "summary_total_wan"), ("附件2", "detail_total_wan"))
    )
    parts = round(
        sum(float(c["summary_total_wan"]) for c in library.categories if c["level"] == "category"), 2
    )
    note = SummaryTotalNote(
        line,
        printed_yi,
        stated_wan,
        half_of_last_digit(printed_yi),
        rows_wan,
        ok,
        totals,
        None if rounds_to(parts / 10000, printed_yi) else parts,
        library_check_id("G", "summary", "sum-total"),
    )
    return _row(
        "major-projects-total",
        stated_wan,
        rows_wan,
        "万元",
        "ok" if ok else "mismatch",
        note,
        line,
        [grand["summary_line"], grand["detail_line"]],
    )


def _in_county(lines: list[dict], county: str) -> bool:
    """Does one of ``lines`` lie in ``county``?"""
    return any(p["county"] == county for p in lines)


def _counties_without(lines: list[dict]) -> tuple[str, ...]:
    """The county-level units where none of ``lines`` lies."""
    return tuple(c for c in COUNTY_UNITS if not _in_county(lines, c))


# --- 专栏9: a county-level care facility in every county -------------------------------------------


def _county_counts(lines: list[dict]) -> tuple[tuple[tuple[str, int], ...], tuple[str, ...]]:
    """(county, lines) for each county with lines, and the counties without any."""
    counts = {c: sum(p["county"] == c for p in lines) for c in COUNTY_UNITS}
    return tuple((c, n) for c, n in counts.items() if n), tuple(c for c, n in counts.items() if not n)


def _county_care_check(source: Source, library: _Library) -> Iterator[Check]:
    found, group = _find(source, COUNTY_CARE), library.group("disabled_care_centres")
    if found is None or group is None:
        return
    line, m = found
    lines = library.lines("disabled_care_centres")
    having, lacking = _county_counts(lines)
    note = CountyCareNote(line, m["count"], len(COUNTY_UNITS), _group(group), len(lines), having, lacking)
    yield _row(
        "box9-county-care",
        float(len(COUNTY_UNITS)),
        float(len(having)),
        "个",
        "ambiguous" if lacking else "ok",
        note,
        line,
        [group["detail_line"]] + [p["source_line"] for p in lines],
    )


# --- 专栏12: funeral homes and cemeteries ------------------------------------------------------------


def _home_key(name: str) -> str:
    """The funeral home a line works on: its name up to 殡仪馆 (咸安区殡仪馆改扩建工程 → 咸安区殡仪馆)."""
    return name[: name.index(FUNERAL_HOME) + len(FUNERAL_HOME)]


def _home_kind(home: list[dict]) -> str:
    """What the lines on one funeral home say: build (新建/扩建), upgrade (改造/升级) or unsaid."""
    if any(w in p["name"] for p in home for w in BUILD_WORDS):
        return "build"
    return "upgrade" if any(w in p["name"] for p in home for w in UPGRADE_WORDS) else "unsaid"


def _homes(lines: list[dict]) -> tuple[FuneralHome, ...]:
    """The funeral homes that ``lines`` name, each with its lines and what they say."""
    homes: dict[str, list[dict]] = {}
    for p in lines:
        homes.setdefault(_home_key(p["name"]), []).append(p)
    return tuple(
        FuneralHome(key, tuple(_ref(p) for p in home), _home_kind(home)) for key, home in homes.items()
    )


def _range_status(low: int, high: int, fewest: int, most: int) -> str:
    """ok when every reading falls within low-high, mismatch when none does, else ambiguous."""
    if low <= fewest and most <= high:
        return "ok"
    return "mismatch" if most < low or fewest > high else "ambiguous"


def _outside_funeral_homes(library: _Library, category: list[dict]) -> tuple[OutsideLine, ...]:
    """The funeral home lines the library files under another category."""
    ids = {p["project_id"] for p in category}
    return tuple(
        OutsideLine(_ref(p), int(p["category_no"]), p["category"])
        for p in library.projects
        if FUNERAL_HOME in p["name"] and p["project_id"] not in ids
    )


def _funeral_home_check(source: Source, library: _Library) -> Iterator[Check]:
    found, group = _find(source, FUNERAL_HOMES), library.group("funeral_services")
    if found is None or group is None:
        return
    line, m = found
    low, high = int(m["low"]), int(m["high"])
    category = library.lines("funeral_services")
    lines = [p for p in category if FUNERAL_HOME in p["name"]]
    homes = _homes(lines)
    # every reading of the names gives a count between the homes said to be built and all of them
    fewest, most = sum(h.says == "build" for h in homes), len(homes)
    status = _range_status(low, high, fewest, most)
    note = FuneralHomesNote(
        line,
        low,
        high,
        _group(group),
        len(lines),
        homes,
        ambiguous=status == "ambiguous",
        missing=_counties_without(lines),
        others=tuple(_ref(p) for p in category if FUNERAL_HOME not in p["name"]),
        outside=_outside_funeral_homes(library, category),
    )
    yield _row(
        "box12-funeral-homes",
        float(high),
        float(most),
        "所",
        status,
        note,
        line,
        [p["source_line"] for p in lines],
    )


def _cemetery_checks(source: Source, library: _Library) -> Iterator[Check]:
    found = _find(source, CEMETERIES)
    groups = tuple(
        library.group(code) for code in ("urban_cemeteries", "rural_cemeteries", "columbaria", "cemeteries")
    )
    if found is None:
        return
    urban, rural, columbaria, category = groups
    if urban is None or rural is None or columbaria is None or category is None:
        return
    county_level = _find(source, COUNTY_LEVEL_COVERAGE)
    county_level_line = county_level[0] if county_level else None
    line, m = found
    if count_row := _cemetery_count_check(line, int(m["count"]), library, groups, county_level_line):
        yield count_row
    coverage = _find(source, ALL_COUNTIES)
    if coverage is not None:
        yield _coverage_check(coverage[0], library, urban, columbaria, county_level_line)


def _cemetery_count_check(
    line: int, stated: int, library: _Library, groups: tuple, county_level_line: int | None
) -> Check | None:
    urban, rural, columbaria, category = groups
    cemetery_lines = library.lines(urban["code"]) + library.lines(rural["code"])
    units = sum(int(p["units"]) for p in cemetery_lines)
    halls = int(columbaria["units"])
    if not cemetery_lines:
        return None
    largest = max(cemetery_lines, key=lambda p: int(p["units"]))
    others = (len(cemetery_lines), units + halls, category["summary_count"], category["detail_count"])
    matches = tuple(value == stated for value in others)
    if stated == units:
        status, reading = "ok", "ok"
    elif any(matches):
        status, reading = "ambiguous", "equal"
    else:
        status, reading = "mismatch", "neither"
    note = CemeteriesNote(
        line,
        stated,
        GroupCount(_group(urban), int(urban["rows"]), int(urban["units"])),
        GroupCount(_group(rural), int(rural["rows"]), int(rural["units"])),
        _ref(largest),
        int(largest["units"]),
        units,
        _group(columbaria),
        halls,
        county_level_line,
        _group(category),
        others,
        matches,
        reading,
    )
    return _row(
        "box12-cemeteries",
        float(stated),
        float(units),
        "个",
        status,
        note,
        line,
        [urban["detail_line"], rural["detail_line"], columbaria["detail_line"]],
    )


def _county_halls(halls: list[dict], covered: list[str]) -> dict[str, dict]:
    """For each county not yet ``covered``: its first columbarium line, where it has one. 专栏12 asks
    for 县以上公益性公墓(骨灰堂): a county-level columbarium covers its county too."""
    return {
        c: next(p for p in halls if p["county"] == c)
        for c in COUNTY_UNITS
        if c not in covered and _in_county(halls, c)
    }


def _coverage_check(
    line: int, library: _Library, urban: dict, columbaria: dict, county_level_line: int | None
) -> Check:
    urban_lines, halls = library.lines(urban["code"]), library.lines(columbaria["code"])
    with_urban = [c for c in COUNTY_UNITS if _in_county(urban_lines, c)]
    by_hall = _county_halls(halls, with_urban)
    lacking = tuple(c for c in COUNTY_UNITS if c not in with_urban and c not in by_hall)
    note = CoverageNote(
        line,
        len(COUNTY_UNITS),
        county_level_line,
        _group(urban),
        tuple(with_urban),
        _group(columbaria),
        tuple((c, _ref(p)) for c, p in by_hall.items()),
        lacking,
    )
    evidence = [p["source_line"] for p in urban_lines] + [p["source_line"] for p in by_hall.values()]
    return _row(
        "box12-county-coverage",
        float(len(COUNTY_UNITS)),
        float(len(with_urban) + len(by_hall)),
        "个",
        "ambiguous" if lacking else "ok",
        note,
        line,
        [*evidence, county_level_line],
    )


# --- named facilities (curated links) --------------------------------------------------------------

Boxes = list[tuple[int, int, str]]  # first line, last line, label (专栏N) of each 专栏


def _boxes(outline: pd.DataFrame) -> Boxes:
    boxes = outline[outline["level"] == "box"]
    return list(zip(boxes["source_line"], boxes["line_end"], boxes["label"], strict=True))


def _place(line: int, boxes: Boxes) -> str:
    """专栏N when the line is inside a box, else 正文."""
    return next((str(label) for first, last, label in boxes if first <= line <= last), PROSE)


def _link_checks(library: _Library, boxes: Boxes, links: list[dict]) -> Iterator[Check]:
    by_id = {p["project_id"]: p for p in library.projects}
    for link in links:
        line, match = link["source_line"], link["match"]
        project = by_id.get(link["project_id"]) if link["project_id"] else None
        described = None if project is None else _described(project)
        note = LinkNote(_place(line, boxes), line, link["phrase"], described, match, link["reason"])
        yield _row(
            link["link_id"],
            1.0,
            0.0 if project is None else 1.0,
            "",
            MATCH_STATUS[match],
            note,
            line,
            [] if project is None else [project["source_line"]],
        )


def prose_library_checks(
    source: Source,
    projects: pd.DataFrame,
    categories: pd.DataFrame,
    outline: pd.DataFrame,
    links: list[dict] | None = None,
) -> list[Check]:
    """Every prose-against-library check, in the order of their prose lines."""
    library = _Library(projects[PROJECT_FIELDS].to_dict("records"), categories.to_dict("records"))
    links = project_links(source, outline, set(projects["project_id"])) if links is None else links
    boxes = _boxes(outline)
    rows = [
        *_county_care_check(source, library),
        *_funeral_home_check(source, library),
        *_cemetery_checks(source, library),
        *_summary_checks(source, library),
        *_link_checks(library, boxes, links),
    ]
    # The figure stands in a 专栏 box or in the running text.
    return sorted(
        (replace(row, stated_source=_place(int(row.source_line or 0), boxes)) for row in rows),
        key=lambda r: int(r.source_line or 0),
    )
