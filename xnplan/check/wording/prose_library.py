"""The words of the prose's checks against the project library (:mod:`xnplan.check.prose_library`):
第七章's summary sentence (categories, count, total), 专栏9's county care facilities, 专栏12's
funeral homes, cemeteries and county coverage, and each facility the prose names.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from xnplan.check.cite import Cite
from xnplan.check.kinds import PROSE_LIBRARY
from xnplan.check.wording import fmt
from xnplan.check.wording.library import Group
from xnplan.numbers import round_half_up


def group_label(group: Group) -> str:
    """A category or subcategory by 附件1's name, or 附件2's where 附件1 has none."""
    return group.label("summary" if isinstance(group.name_summary, str) else "detail")


@dataclass(frozen=True)
class ProjectRef:
    """A line of 附件2 as a sentence names it: P5.0.001「咸安区殡仪馆改扩建工程(一期)」（第3163行）."""

    project_id: str
    name: str
    line: int

    def text(self, cite: Cite) -> str:
        return f"{self.project_id}「{self.name}」{cite.aside(self.line)}"


@dataclass(frozen=True)
class _LibraryNote:
    """A figure of the prose about the library: what it counts (``subject``, in ``box`` when a 专栏
    states it) and its measure with the unit."""

    kind: ClassVar[str] = PROSE_LIBRARY
    subject: ClassVar[str]
    measure: ClassVar[str]
    box: ClassVar[str] = ""

    @property
    def item(self) -> str:
        return f"{self.box} {self.subject}:{self.measure}".lstrip()


# --- the summary sentence (第七章 四) -------------------------------------------------------------


@dataclass(frozen=True)
class CategoriesNote(_LibraryNote):
    """The kinds of project the summary sentence names (``names``, as printed) against 附件1's
    categories; ``matched``: each name found with its category, ``unknown``: names not found."""

    subject: ClassVar[str] = "重大项目"
    measure: ClassVar[str] = "大类数(个)"
    line: int
    names: str
    kinds: int
    summary_line: int
    categories: int
    matched: tuple[tuple[str, Group], ...]
    unknown: tuple[str, ...]
    agrees: bool

    def text(self, cite: Cite) -> str:
        text = (
            f"正文{cite.at(self.line)}说全市确定“{self.names}等{self.kinds}大类型重大项目”；"
            f"附件1{cite.aside(self.summary_line, onward=True)}分{self.categories}个大类。"
        )
        if self.matched:
            text += (
                "正文点名的"
                + "、".join(f"「{name}」" for name, _ in self.matched)
                + "依次是附件1的"
                + "、".join(group_label(group) for _, group in self.matched)
                + "。"
            )
        if self.unknown:
            text += "正文点名的" + "、".join(f"「{n}」" for n in self.unknown) + "在附件1中没有同名大类。"
        return text + (
            "两者一致。" if self.agrees else ("大类数不同。" if self.kinds != self.categories else "")
        )


@dataclass(frozen=True)
class PrintedCount:
    """The project count a 合计 row prints (``table`` 附件1 or 附件2, from ``line``)."""

    table: str
    value: float
    line: int


@dataclass(frozen=True)
class SummaryCountNote(_LibraryNote):
    """The summary sentence's project count against 附件2's lines and facilities; ``reading``: what it
    equals (``units``, ``printed`` the 合计 rows' count, ``lines``, ``neither``); ``explained_by``: the
    check that explains the 合计 rows' count."""

    subject: ClassVar[str] = "重大项目"
    measure: ClassVar[str] = "项目个数(个)"
    line: int
    count: int
    rows: int
    units: int
    printed: tuple[PrintedCount, ...]
    reading: str
    explained_by: str

    def text(self, cite: Cite) -> str:
        count = self.count
        text = (
            f"正文{cite.at(self.line)}印“重大项目共{count}个”。附件2明细共{self.rows}行、{self.units}个设施"
            "（名称写明个数的行按所写个数计）。"
        )
        if self.reading == "units":
            return text + f"正文的{count}个等于设施数，两者一致。"
        if self.reading == "printed":
            same_as = "、".join(
                f"{p.table}合计行印的项目个数{cite.lead(p.line, onward=True)}{fmt(p.value)}个）"
                for p in self.printed
                if p.value == count
            )
            return text + (
                f"正文的{count}个既不等于明细行数，也不等于设施数，而与{same_as}相同。"
                f"合计行的{count}个比设施数少{self.units - count}个，原因见{cite.check(self.explained_by)}。"
            )
        if self.reading == "lines":
            return text + f"正文的{count}个等于明细行数，而非设施数：正文按行计数。"
        summary, detail = self.printed
        return text + (
            f"正文的{count}个既不等于明细行数，也不等于设施数，也不等于附件1"
            f"（{fmt(summary.value)}个）或附件2（{fmt(detail.value)}个）合计行印的个数，原因不明。"
        )


@dataclass(frozen=True)
class PrintedTotal:
    """A 合计 row's printed total (万元) and whether it rounds to the prose's 亿元 figure."""

    table: str
    value: float
    agrees: bool


@dataclass(frozen=True)
class SummaryTotalNote(_LibraryNote):
    """The summary sentence's total (亿元, ``printed`` as printed) against the rows' sum and the 合计
    rows; ``parts``: 附件1's category totals added up, when they do not round to it (explained by the
    check ``explained_by``)."""

    subject: ClassVar[str] = "重大项目"
    measure: ClassVar[str] = "计划总投资(万元)"
    line: int
    printed: str
    stated_wan: float
    half_wan: float
    rows_wan: float
    agrees: bool
    totals: tuple[PrintedTotal, ...]
    parts: float | None
    explained_by: str

    def text(self, cite: Cite) -> str:
        printed, decimals = self.printed, len(self.printed.partition(".")[2])
        text = (
            f"正文{cite.at(self.line)}印“计划总投资{printed}亿元”，即{fmt(self.stated_wan)}万元；"
            f"它只印到亿元的小数点后{decimals}位，"
            f"{fmt(self.stated_wan - self.half_wan)}万元至{fmt(self.stated_wan + self.half_wan)}万元之间的数"
            f"都印作{printed}亿元。附件2全部明细行之和为{fmt(self.rows_wan)}万元，"
            f"四舍五入为{round_half_up(self.rows_wan / 10000, decimals)}亿元，"
            + ("与正文一致。" if self.agrees else f"而非正文的{printed}亿元。")
        )
        for total in self.totals:
            rounded = round_half_up(total.value / 10000, decimals)
            text += f"{total.table}合计行印{fmt(total.value)}万元，" + (
                "同样一致。" if total.agrees else f"四舍五入为{rounded}亿元，与正文不符。"
            )
        if self.parts is not None:
            text += (
                f"附件1各大类印刷值之和则为{fmt(self.parts)}万元"
                f"（约{round_half_up(self.parts / 10000, decimals)}亿元），"
                f"与正文不符（见{cite.check(self.explained_by)}）：正文的总投资与合计行和明细相符，而非各大类印刷值之和。"
            )
        return text


def half_of_last_digit(printed: str) -> float:
    """Half a unit of the last printed digit of an 亿元 figure, in 万元 (88.49 → 50)."""
    decimals = len(printed.partition(".")[2])
    return float(Decimal(5).scaleb(-decimals - 1) * 10000)


# --- 专栏9: a county-level care facility in every county -------------------------------------------


@dataclass(frozen=True)
class CountyCareNote(_LibraryNote):
    """专栏9's care facility in every county against the counties with a line in ``group``, the
    library's subcategory for it (``having``: county and its lines; ``lacking``: counties without)."""

    subject: ClassVar[str] = "县级失能特困供养服务设施"
    box: ClassVar[str] = "专栏9"
    measure: ClassVar[str] = "有明细行的县(市、区)数(个)"
    line: int
    count: str
    counties: int
    group: Group
    lines: int
    having: tuple[tuple[str, int], ...]
    lacking: tuple[str, ...]

    def text(self, cite: Cite) -> str:
        text = (
            f"专栏9{cite.aside(self.line)}要求到2022年底前每个县(市、区)至少建设{self.count}处"
            "以失能、部分失能特困人员专业照护为主的县级供养服务设施(福利院)，"
            f"即{self.counties}个县(市、区)都要有。项目库中正是这类设施的{group_label(self.group)}"
            f"共{self.lines}行，分布在" + "、".join(f"{c}（{n}行）" for c, n in self.having) + "。"
        )
        if not self.lacking:
            return text + "每个县(市、区)都有，两者一致。"
        return text + (
            "、".join(self.lacking) + "在这个小类中没有明细行。专栏9说这些设施可以“新建一批、改扩建一批、"
            "提档升级一批、转型发展一批”，改造已有的县级福利院不一定单列为失能照护项目，"
            "也可能列在别的小类或不列入项目库；"
            f"因此项目库只能确认{len(self.having)}个县(市、区)，其余{len(self.lacking)}个无法判断。"
        )


# --- 专栏12: funeral homes and cemeteries ------------------------------------------------------------


@dataclass(frozen=True)
class FuneralHome:
    """A funeral home (its name up to 殡仪馆), its lines, and what they say: ``build`` (新建/扩建),
    ``upgrade`` (改造/升级) or ``unsaid``."""

    key: str
    lines: tuple[ProjectRef, ...]
    says: str


@dataclass(frozen=True)
class OutsideLine:
    """A line naming a 殡仪馆 filed in another category: an annex, not a funeral home."""

    project: ProjectRef
    category_no: int
    category: str


@dataclass(frozen=True)
class FuneralHomesNote(_LibraryNote):
    """专栏12's 殡仪馆 low-high against the funeral homes the ``group``'s lines name; ``fewest`` and
    ``most``: the counts of the strictest and the broadest reading of the names."""

    subject: ClassVar[str] = "殡仪馆"
    box: ClassVar[str] = "专栏12"
    measure: ClassVar[str] = "新建、改扩建所数(所)"
    line: int
    low: int
    high: int
    group: Group
    lines: int
    homes: tuple[FuneralHome, ...]
    ambiguous: bool
    missing: tuple[str, ...]
    others: tuple[ProjectRef, ...]
    outside: tuple[OutsideLine, ...]

    def _said(self, says: str) -> list[str]:
        return [home.key for home in self.homes if home.says == says]

    def text(self, cite: Cite) -> str:
        return self._homes(cite) + self._readings() + self._rest(cite)

    def _homes(self, cite: Cite) -> str:
        most = len(self.homes)
        text = (
            f"专栏12{cite.aside(self.line)}要求“新建、改扩建殡仪馆{self.low}-{self.high}所”。"
            f"项目库{group_label(self.group)}中名称写有殡仪馆的明细行有{self.lines}行，涉及{most}所殡仪馆："
            + "；".join(f"{h.key}有" + "、".join(p.text(cite) for p in h.lines) for h in self.homes)
            + "。"
        )
        text += "".join(
            f"{h.key}的{len(h.lines)}行是同一所殡仪馆，计为1所。" for h in self.homes if len(h.lines) > 1
        )
        if most > self.high:
            return text + f"按所计为{most}所，多于专栏的上限{self.high}所。"
        if most < self.low:
            return text + f"按所计为{most}所，少于专栏的下限{self.low}所。"
        return text + f"按所计为{most}所，在专栏的范围内。"

    def _readings(self) -> str:
        build, upgrade, unsaid = self._said("build"), self._said("upgrade"), self._said("unsaid")
        words = [f"名称写明新建或扩建的只有{'、'.join(build)}" if build else "没有一行的名称写明新建或扩建"]
        if upgrade:
            words.append(f"{'、'.join(upgrade)}写的是改造或提档升级，是否算改扩建规划没有说")
        if unsaid:
            words.append(f"{'、'.join(unsaid)}的名称没有说明是新建还是改造")
        text = "但" + "；".join(words) + "。"
        if self.ambiguous:
            fewest = len(build)
            text += (
                f"只算写明新建、扩建的和未说明的，为{fewest}至{fewest + len(unsaid)}所；"
                f"把改造、提档升级也算上，为{len(self.homes)}所。专栏的{self.low}-{self.high}所只与其中一部分读法相符，"
                "无法断定是否一致。"
            )
        return text

    def _rest(self, cite: Cite) -> str:
        text = f"{'、'.join(self.missing)}没有殡仪馆明细行。" if self.missing else ""
        if self.others:
            text += f"本类其余{len(self.others)}行不是殡仪馆，如{self.others[0].text(cite)}。"
        return text + "".join(
            f"另有{o.project.text(cite)}列在大类{o.category_no}「{o.category}」，是殡仪馆的附属设施，"
            "不计为殡仪馆工程。"
            for o in self.outside
        )


@dataclass(frozen=True)
class GroupCount:
    """A subcategory's lines and facilities."""

    group: Group
    rows: int
    units: int


@dataclass(frozen=True)
class CemeteriesNote(_LibraryNote):
    """专栏12's 公益性公墓 count against the cemetery lines' facilities (``units``); the 骨灰堂 of
    ``columbaria`` (``halls``) left out. ``others``: what else the count is set against, of which
    ``matches`` equal it; ``county_level_line``: the line naming 公墓 and 骨灰堂 side by side."""

    subject: ClassVar[str] = "城乡公益性公墓"
    box: ClassVar[str] = "专栏12"
    measure: ClassVar[str] = "个数(个)"
    line: int
    stated: int
    urban: GroupCount
    rural: GroupCount
    largest: ProjectRef
    largest_units: int
    units: int
    columbaria: Group
    halls: int
    county_level_line: int | None
    category: Group
    others: tuple[float, ...]  # cemetery lines, facilities with the halls, 附件1's count, 附件2's count
    matches: tuple[bool, ...]
    reading: str  # ok: the count is the cemeteries; equal: one of the others; neither

    def _others(self) -> list[str]:
        label = group_label(self.category)
        names = (
            ("公墓的明细行数", "行"),
            ("连同骨灰堂的设施数", "个"),
            (f"附件1{label}印的个数", "个"),
            (f"附件2{label}表头印的个数", "个"),
        )
        return [
            f"{name}（{fmt(value)}{unit}）" for (name, unit), value in zip(names, self.others, strict=True)
        ]

    def text(self, cite: Cite) -> str:
        stated, units = self.stated, self.units
        side_by_side = (
            f"，{cite.at(self.county_level_line)}也把两者并列（公益性公墓(骨灰堂)）"
            if self.county_level_line
            else ""
        )
        text = (
            f"专栏12{cite.aside(self.line)}要求“规划建设城乡公益性公墓{stated}个”。项目库的公墓明细在两个小类："
            + "，".join(f"{group_label(g.group)}{g.rows}行{g.units}个" for g in (self.urban, self.rural))
            + f"（名称写明个数的行按所写个数计，最大的是{self.largest.text(cite)}，{self.largest_units}个），"
            f"合计{units}个公墓。{group_label(self.columbaria)}的{self.halls}个骨灰堂没有计入："
            f"专栏12只说公墓，项目库把骨灰堂单列为一个小类{side_by_side}；计入则为{units + self.halls}个。"
        )
        others = self._others()
        if self.reading == "ok":
            return text + "两者一致。"
        if self.reading == "equal":
            equal = [o for o, match in zip(others, self.matches, strict=True) if match]
            return text + f"专栏的{stated}个不等于公墓数{units}个，而等于" + "、".join(equal) + "。"
        fewer = "少" if stated < units else "多"
        return text + (
            f"专栏的{stated}个比项目库的{units}个{fewer}{abs(units - stated)}个，也不等于"
            + "、".join(others)
            + "，原因不明。"
        )


@dataclass(frozen=True)
class CoverageNote(_LibraryNote):
    """专栏12's cemeteries in every county against the counties with a city cemetery line
    (``with_urban``) or, where the plan counts 骨灰堂 too (``county_level_line``), a columbarium line."""

    subject: ClassVar[str] = "城乡公益性公墓"
    box: ClassVar[str] = "专栏12"
    measure: ClassVar[str] = "覆盖的县(市、区)数(个)"
    line: int
    counties: int
    county_level_line: int | None
    urban: Group
    with_urban: tuple[str, ...]
    columbaria: Group
    by_hall: tuple[tuple[str, ProjectRef], ...]
    lacking: tuple[str, ...]

    def text(self, cite: Cite) -> str:
        county_level = (
            f"；{cite.at(self.county_level_line)}要求“县以上公益性公墓(骨灰堂)实现全覆盖”，骨灰堂也算"
            if self.county_level_line
            else ""
        )
        text = (
            f"专栏12{cite.aside(self.line)}说规划建设的城乡公益性公墓“覆盖所有县(市、区)”，"
            f"即{self.counties}个县(市、区){county_level}。项目库{group_label(self.urban)}有"
            + "、".join(self.with_urban)
            + f"{len(self.with_urban)}个县(市、区)的明细行"
        )
        text += "".join(
            f"；{county}没有城市公益性公墓行，但有{group_label(self.columbaria)}的{hall.text(cite)}"
            for county, hall in self.by_hall
        )
        if self.lacking:
            return text + (
                f"；{'、'.join(self.lacking)}两者都没有。它们可能在“十四五”以前已有县级公益性公墓，"
                "项目库无法判断是否覆盖。"
            )
        return text + f"。{self.counties}个县(市、区)都有，两者一致。"


# --- named facilities (curated links) --------------------------------------------------------------


@dataclass(frozen=True)
class ProjectLine:
    """A line of 附件2 described in full: where it is filed and built, its investment, implementer."""

    project: ProjectRef
    category_no: int
    category: str
    location: str
    investment: float
    implementer: str

    def text(self, cite: Cite) -> str:
        p = self.project
        return (
            f"{p.project_id}「{p.name}」{cite.lead(p.line)}大类{self.category_no}「{self.category}」，"
            f"拟建地点{self.location}，估算总投资{fmt(self.investment)}万元，实施主体{self.implementer}）"
        )


@dataclass(frozen=True)
class LinkNote:
    """A facility the prose names (``phrase`` at ``line``, in ``place``: 专栏N or 正文) against the line
    of the library a reader linked it to (``match``: same, uncertain, none), with the reader's
    ``reason``."""

    kind: ClassVar[str] = PROSE_LIBRARY
    place: str
    line: int
    phrase: str
    project: ProjectLine | None
    match: str
    reason: str

    @property
    def subject(self) -> str:
        return self.phrase

    @property
    def item(self) -> str:
        return f"{self.place}「{self.phrase}」:项目库明细行"

    def text(self, cite: Cite) -> str:
        text = f"{self.place}{cite.aside(self.line)}提出「{self.phrase}」；"
        if self.project is None:
            text += "项目库没有对应的明细行" + ("，但不能断定是缺漏。" if self.match == "uncertain" else "。")
        elif self.match == "same":
            text += f"项目库中对应的明细行是{self.project.text(cite)}。"
        else:
            text += f"项目库中最接近的是{self.project.text(cite)}，但不能确定是同一项目。"
        return text + cite.quoted(self.reason)
