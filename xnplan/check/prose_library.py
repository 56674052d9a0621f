"""The prose against the project library (附件1/附件2): rows of level ``narrative``, ``compares``
``prose-library``.

The prose states figures about the project library and announces facilities by name; these checks
put each next to what the library's rows imply:

- ``narr-library-795-categories`` / ``-795-count`` / ``-795-total``: 第七章's summary sentence
  (「…等9大类型重大项目共1628个,计划总投资88.49亿元」) against 附件1's categories, the rows' facility
  units and the rows' investment (the 亿元 figure compared at its printed precision);
- ``narr-library-679-county-care``: 专栏9's "at least one county-level facility for disabled
  特困 people in every county" against the counties with a line in the library's subcategory for
  exactly that facility;
- ``narr-library-755-funeral-homes`` / ``-755-cemeteries`` / ``-755-county-coverage``: 专栏12's
  殡仪馆 3-4所, 公益性公墓 198个 and 覆盖所有县(市、区) against the funeral and cemetery lines;
- ``narr-library-{link_id}``: a facility the prose names, against its line in the library, through
  the curated file ``data/raw/prose_project_links.csv`` (a reader's judgement with its reason, not
  string similarity).

Every sentence is found by its wording, not by its line number; so is every curated link
(xnplan.parse.links.project_links), and a link whose phrase is gone stops the build. Statements
whose figure is a 2020 stock or a coverage rate of existing facilities are left out on purpose (see
docs/narrative.md): planned lines cannot be compared with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

import pandas as pd

from xnplan.check.rows import PROSE, Check, checks_frame, fmt
from xnplan.geo import CITY_LEVEL
from xnplan.numbers import round_half_up, rounds_to
from xnplan.parse.links import project_links
from xnplan.parse.source import Source
from xnplan.schema import COUNTIES

MATCH_STATUS = {"same": "ok", "uncertain": "ambiguous", "none": "mismatch"}
COUNTY_UNITS = tuple(c for c in COUNTIES if c != CITY_LEVEL)  # 所有县(市、区): the six county-level units

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
    check_id: str,
    item: str,
    stated: float | None,
    computed: float | None,
    unit: str,
    status: str,
    explanation: str,
    line: int,
    evidence: list[object],
) -> Check:
    lines = [int(n) for n in evidence if not pd.isna(n) and n != line]  # a header line may be missing
    return Check(
        f"narr-library-{check_id}",
        "narrative",
        COMPARES,
        item,
        PROSE,
        stated,
        computed,
        unit,
        status,
        explanation,
        source_line=line,
        evidence_lines=lines,
    )


def _find(source: Source, pattern: re.Pattern[str]) -> tuple[int, re.Match[str]] | None:
    for number, text in enumerate(source.lines, start=1):
        if found := pattern.search(text):
            return number, found
    return None


def _label(project: dict) -> str:
    return f"{project['project_id']}「{project['name']}」（第{project['source_line']}行）"


def _described(project: dict) -> str:
    """A project line with where it is filed, where it is built, its investment and implementer."""
    return (
        f"{project['project_id']}「{project['name']}」（第{project['source_line']}行，"
        f"大类{project['category_no']}「{project['category']}」，拟建地点{project['location']}，"
        f"估算总投资{fmt(project['investment_wan'])}万元，实施主体{project['implementer']}）"
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


def _group_label(group: dict) -> str:
    name = group["name_summary"] if isinstance(group["name_summary"], str) else group["name_detail"]
    if group["level"] == "category":
        return f"大类{group['category_no']}「{name}」"
    return f"小类{group['category_no']}.{group['subcategory_no']}「{name}」"


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
    kinds, names = int(m["kinds"]), m["names"].split("、")
    named, unknown = [], []
    for name in names:
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
            named.append(match)
    ok = kinds == len(categories) and not unknown
    text = (
        f"正文第{line}行说全市确定“{m['names']}等{kinds}大类型重大项目”；"
        f"附件1（第{grand['summary_line']}行起）分{len(categories)}个大类。"
    )
    if named:
        text += (
            "正文点名的"
            + "、".join(f"「{n}」" for n in names if n not in unknown)
            + "依次是附件1的"
            + "、".join(_group_label(c) for c in named)
            + "。"
        )
    if unknown:
        text += "正文点名的" + "、".join(f"「{n}」" for n in unknown) + "在附件1中没有同名大类。"
    text += "两者一致。" if ok else ("大类数不同。" if kinds != len(categories) else "")
    return _row(
        "795-categories",
        "重大项目:大类数(个)",
        float(kinds),
        float(len(categories)),
        "个",
        "ok" if ok else "mismatch",
        text,
        line,
        [grand["summary_line"]],
    )


def _count_check(line: int, m: re.Match[str], grand: dict) -> Check:
    count, rows, units = int(m["count"]), int(grand["rows"]), int(grand["units"])
    printed = {
        "附件1": (grand["summary_count"], grand["summary_line"]),
        "附件2": (grand["detail_count"], grand["detail_line"]),
    }
    text = (
        f"正文第{line}行印“重大项目共{count}个”。附件2明细共{rows}行、{units}个设施"
        "（名称写明个数的行按所写个数计）。"
    )
    same_as = [
        f"{table}合计行印的项目个数（第{at}行起，{fmt(value)}个）"
        for table, (value, at) in printed.items()
        if value == count
    ]
    if count == units:
        status, text = "ok", text + f"正文的{count}个等于设施数，两者一致。"
    elif same_as:
        status = "ambiguous"
        text += (
            f"正文的{count}个既不等于明细行数，也不等于设施数，而与" + "、".join(same_as) + "相同。"
            f"合计行的{count}个比设施数少{units - count}个，原因见核对项G-S-count。"
        )
    elif count == rows:
        status, text = "ambiguous", text + f"正文的{count}个等于明细行数，而非设施数：正文按行计数。"
    else:
        status = "mismatch"
        text += (
            f"正文的{count}个既不等于明细行数，也不等于设施数，也不等于附件1"
            f"（{fmt(printed['附件1'][0])}个）或附件2（{fmt(printed['附件2'][0])}个）合计行印的个数，"
            "原因不明。"
        )
    return _row(
        "795-count",
        "重大项目:项目个数(个)",
        float(count),
        float(units),
        "个",
        status,
        text,
        line,
        [grand["summary_line"], grand["detail_line"]],
    )


def _total_check(line: int, m: re.Match[str], library: _Library, grand: dict) -> Check:
    printed_yi, rows_wan = m["total"], float(grand["investment_wan"])
    decimals = len(printed_yi.partition(".")[2])
    stated_wan = float(Decimal(printed_yi) * 10000)
    half = float(Decimal(5).scaleb(-decimals - 1) * 10000)  # half a unit of the last printed digit, in 万元
    ok = rounds_to(rows_wan / 10000, printed_yi)
    text = (
        f"正文第{line}行印“计划总投资{printed_yi}亿元”，即{fmt(stated_wan)}万元；"
        f"它只印到亿元的小数点后{decimals}位，"
        f"{fmt(stated_wan - half)}万元至{fmt(stated_wan + half)}万元之间的数都印作{printed_yi}亿元。"
        f"附件2全部明细行之和为{fmt(rows_wan)}万元，"
        f"四舍五入为{round_half_up(rows_wan / 10000, decimals)}亿元，"
        + ("与正文一致。" if ok else f"而非正文的{printed_yi}亿元。")
    )
    for table, column in (("附件1", "summary_total_wan"), ("附件2", "detail_total_wan")):
        value = float(grand[column])
        rounded = round_half_up(value / 10000, decimals)
        agrees = rounds_to(value / 10000, printed_yi)
        text += f"{table}合计行印{fmt(value)}万元，" + (
            "同样一致。" if agrees else f"四舍五入为{rounded}亿元，与正文不符。"
        )
    parts = round(
        sum(float(c["summary_total_wan"]) for c in library.categories if c["level"] == "category"), 2
    )
    if not rounds_to(parts / 10000, printed_yi):
        text += (
            f"附件1各大类印刷值之和则为{fmt(parts)}万元"
            f"（约{round_half_up(parts / 10000, decimals)}亿元），"
            "与正文不符（见核对项G-S-sum-total）：正文的总投资与合计行和明细相符，而非各大类印刷值之和。"
        )
    return _row(
        "795-total",
        "重大项目:计划总投资(万元)",
        stated_wan,
        rows_wan,
        "万元",
        "ok" if ok else "mismatch",
        text,
        line,
        [grand["summary_line"], grand["detail_line"]],
    )


# --- 专栏9: a county-level care facility in every county -------------------------------------------


def _county_care_check(source: Source, library: _Library) -> Iterator[Check]:
    found, group = _find(source, COUNTY_CARE), library.group("disabled_care_centres")
    if found is None or group is None:
        return
    line, m = found
    lines = library.lines("disabled_care_centres")
    per_county = {c: [p for p in lines if p["county"] == c] for c in COUNTY_UNITS}
    having = [c for c in COUNTY_UNITS if per_county[c]]
    lacking = [c for c in COUNTY_UNITS if not per_county[c]]
    text = (
        f"专栏9（第{line}行）要求到2022年底前每个县(市、区)至少建设{m['count']}处"
        "以失能、部分失能特困人员专业照护为主的县级供养服务设施(福利院)，"
        f"即{len(COUNTY_UNITS)}个县(市、区)都要有。项目库中正是这类设施的{_group_label(group)}"
        f"共{len(lines)}行，分布在" + "、".join(f"{c}（{len(per_county[c])}行）" for c in having) + "。"
    )
    if lacking:
        text += (
            "、".join(lacking) + "在这个小类中没有明细行。专栏9说这些设施可以“新建一批、改扩建一批、"
            "提档升级一批、转型发展一批”，改造已有的县级福利院不一定单列为失能照护项目，"
            "也可能列在别的小类或不列入项目库；"
            f"因此项目库只能确认{len(having)}个县(市、区)，其余{len(lacking)}个无法判断。"
        )
    else:
        text += "每个县(市、区)都有，两者一致。"
    yield _row(
        "679-county-care",
        "专栏9 县级失能特困供养服务设施:有明细行的县(市、区)数(个)",
        float(len(COUNTY_UNITS)),
        float(len(having)),
        "个",
        "ambiguous" if lacking else "ok",
        text,
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


def _funeral_home_check(source: Source, library: _Library) -> Iterator[Check]:
    found, group = _find(source, FUNERAL_HOMES), library.group("funeral_services")
    if found is None or group is None:
        return
    line, m = found
    low, high = int(m["low"]), int(m["high"])
    category = library.lines("funeral_services")
    lines = [p for p in category if FUNERAL_HOME in p["name"]]
    homes: dict[str, list[dict]] = {}
    for p in lines:
        homes.setdefault(_home_key(p["name"]), []).append(p)
    kinds = {key: _home_kind(home) for key, home in homes.items()}
    build, upgrade, unsaid = (
        [key for key, value in kinds.items() if value == kind] for kind in ("build", "upgrade", "unsaid")
    )
    fewest, most = len(build), len(homes)  # every reading of the names gives a count between these
    status = (
        "ok" if low <= fewest and most <= high else "mismatch" if most < low or fewest > high else "ambiguous"
    )
    text = (
        f"专栏12（第{line}行）要求“新建、改扩建殡仪馆{low}-{high}所”。项目库{_group_label(group)}中"
        f"名称写有殡仪馆的明细行有{len(lines)}行，涉及{len(homes)}所殡仪馆："
        + "；".join(f"{key}有" + "、".join(_label(p) for p in home) for key, home in homes.items())
        + "。"
    )
    text += "".join(
        f"{key}的{len(home)}行是同一所殡仪馆，计为1所。" for key, home in homes.items() if len(home) > 1
    )
    if most > high:
        text += f"按所计为{most}所，多于专栏的上限{high}所。"
    elif most < low:
        text += f"按所计为{most}所，少于专栏的下限{low}所。"
    else:
        text += f"按所计为{most}所，在专栏的范围内。"
    words = [f"名称写明新建或扩建的只有{'、'.join(build)}" if build else "没有一行的名称写明新建或扩建"]
    if upgrade:
        words.append(f"{'、'.join(upgrade)}写的是改造或提档升级，是否算改扩建规划没有说")
    if unsaid:
        words.append(f"{'、'.join(unsaid)}的名称没有说明是新建还是改造")
    text += "但" + "；".join(words) + "。"
    if status == "ambiguous":
        text += (
            f"只算写明新建、扩建的和未说明的，为{fewest}至{fewest + len(unsaid)}所；"
            f"把改造、提档升级也算上，为{most}所。专栏的{low}-{high}所只与其中一部分读法相符，"
            "无法断定是否一致。"
        )
    if missing := [c for c in COUNTY_UNITS if not any(p["county"] == c for p in lines)]:
        text += f"{'、'.join(missing)}没有殡仪馆明细行。"
    if others := [p for p in category if FUNERAL_HOME not in p["name"]]:
        text += f"本类其余{len(others)}行不是殡仪馆，如{_label(others[0])}。"
    ids = {p["project_id"] for p in category}
    text += "".join(
        f"另有{_label(p)}列在大类{p['category_no']}「{p['category']}」，是殡仪馆的附属设施，"
        "不计为殡仪馆工程。"
        for p in library.projects
        if FUNERAL_HOME in p["name"] and p["project_id"] not in ids
    )
    yield _row(
        "755-funeral-homes",
        "专栏12 殡仪馆:新建、改扩建所数(所)",
        float(high),
        float(most),
        "所",
        status,
        text,
        line,
        [p["source_line"] for p in lines],
    )


def _cemetery_checks(source: Source, library: _Library) -> Iterator[Check]:
    found = _find(source, CEMETERIES)
    groups = tuple(
        library.group(code) for code in ("urban_cemeteries", "rural_cemeteries", "columbaria", "cemeteries")
    )
    if found is None or any(g is None for g in groups):
        return
    urban, rural, columbaria, category = groups
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
    others = [
        ("公墓的明细行数", len(cemetery_lines), "行"),
        ("连同骨灰堂的设施数", units + halls, "个"),
        (f"附件1{_group_label(category)}印的个数", category["summary_count"], "个"),
        (f"附件2{_group_label(category)}表头印的个数", category["detail_count"], "个"),
    ]
    text = (
        f"专栏12（第{line}行）要求“规划建设城乡公益性公墓{stated}个”。项目库的公墓明细在两个小类："
        + "，".join(f"{_group_label(g)}{int(g['rows'])}行{int(g['units'])}个" for g in (urban, rural))
        + f"（名称写明个数的行按所写个数计，最大的是{_label(largest)}，{int(largest['units'])}个），"
        f"合计{units}个公墓。{_group_label(columbaria)}的{halls}个骨灰堂没有计入："
        "专栏12只说公墓，项目库把骨灰堂单列为一个小类"
        + (f"，第{county_level_line}行也把两者并列（公益性公墓(骨灰堂)）" if county_level_line else "")
        + f"；计入则为{units + halls}个。"
    )
    equal = [f"{label}（{fmt(value)}{unit}）" for label, value, unit in others if value == stated]
    if stated == units:
        status, text = "ok", text + "两者一致。"
    elif equal:
        status = "ambiguous"
        text += f"专栏的{stated}个不等于公墓数{units}个，而等于" + "、".join(equal) + "。"
    else:
        status = "mismatch"
        fewer = "少" if stated < units else "多"
        text += (
            f"专栏的{stated}个比项目库的{units}个{fewer}{abs(units - stated)}个，"
            "也不等于"
            + "、".join(f"{label}（{fmt(value)}{unit}）" for label, value, unit in others)
            + "，原因不明。"
        )
    return _row(
        "755-cemeteries",
        "专栏12 城乡公益性公墓:个数(个)",
        float(stated),
        float(units),
        "个",
        status,
        text,
        line,
        [urban["detail_line"], rural["detail_line"], columbaria["detail_line"]],
    )


def _coverage_check(
    line: int, library: _Library, urban: dict, columbaria: dict, county_level_line: int | None
) -> Check:
    urban_lines, halls = library.lines(urban["code"]), library.lines(columbaria["code"])
    with_urban = [c for c in COUNTY_UNITS if any(p["county"] == c for p in urban_lines)]
    # Line 751 asks for 县以上公益性公墓(骨灰堂): a county-level columbarium covers its county too.
    by_hall = {
        c: next(p for p in halls if p["county"] == c)
        for c in COUNTY_UNITS
        if c not in with_urban and any(p["county"] == c for p in halls)
    }
    lacking = [c for c in COUNTY_UNITS if c not in with_urban and c not in by_hall]
    text = (
        f"专栏12（第{line}行）说规划建设的城乡公益性公墓“覆盖所有县(市、区)”，"
        f"即{len(COUNTY_UNITS)}个县(市、区)"
        + (
            f"；第{county_level_line}行要求“县以上公益性公墓(骨灰堂)实现全覆盖”，骨灰堂也算"
            if county_level_line
            else ""
        )
        + f"。项目库{_group_label(urban)}有"
        + "、".join(with_urban)
        + f"{len(with_urban)}个县(市、区)的明细行"
    )
    text += "".join(
        f"；{c}没有城市公益性公墓行，但有{_group_label(columbaria)}的{_label(p)}" for c, p in by_hall.items()
    )
    if lacking:
        text += (
            f"；{'、'.join(lacking)}两者都没有。它们可能在“十四五”以前已有县级公益性公墓，"
            "项目库无法判断是否覆盖。"
        )
    else:
        text += f"。{len(COUNTY_UNITS)}个县(市、区)都有，两者一致。"
    evidence = [p["source_line"] for p in urban_lines] + [p["source_line"] for p in by_hall.values()]
    return _row(
        "755-county-coverage",
        "专栏12 城乡公益性公墓:覆盖的县(市、区)数(个)",
        float(len(COUNTY_UNITS)),
        float(len(with_urban) + len(by_hall)),
        "个",
        "ambiguous" if lacking else "ok",
        text,
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
    return next((str(label) for first, last, label in boxes if first <= line <= last), "正文")


def _link_checks(library: _Library, boxes: Boxes, links: list[dict]) -> Iterator[Check]:
    by_id = {p["project_id"]: p for p in library.projects}
    for link in links:
        line, phrase, match = link["source_line"], link["phrase"], link["match"]
        project = by_id.get(link["project_id"]) if link["project_id"] else None
        place = _place(line, boxes)
        text = f"{place}（第{line}行）提出「{phrase}」；"
        if project is None:
            text += "项目库没有对应的明细行" + ("，但不能断定是缺漏。" if match == "uncertain" else "。")
        elif match == "same":
            text += f"项目库中对应的明细行是{_described(project)}。"
        else:
            text += f"项目库中最接近的是{_described(project)}，但不能确定是同一项目。"
        yield _row(
            link["link_id"],
            f"{place}「{phrase}」:项目库明细行",
            1.0,
            0.0 if project is None else 1.0,
            "",
            MATCH_STATUS[match],
            text + link["reason"],
            line,
            [] if project is None else [project["source_line"]],
        )


def prose_library_checks(
    source: Source,
    projects: pd.DataFrame,
    categories: pd.DataFrame,
    outline: pd.DataFrame,
    links: list[dict] | None = None,
) -> pd.DataFrame:
    """Every prose-against-library check as reconciliation rows, in the order of their prose lines."""
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
    rows = sorted(
        (replace(row, stated_source=_place(row.source_line, boxes)) for row in rows),
        key=lambda r: r.source_line,
    )
    return checks_frame(rows)
