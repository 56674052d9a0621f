"""The words of the project library's checks (:mod:`xnplan.check.library`).

Four kinds: a printed total against the rows or its printed parts (:class:`TotalNote`, sums); a
printed count against the facilities or its printed parts (the ``*CountNote`` classes, counts); 附件1
against 附件2 (:class:`PairTotalNote`, :class:`PairCountNote`, attachments); a line that repeats an
earlier one (:class:`RepeatNote`, repeats). An explanation says the printed figure, what it is
compared with and, when it equals something, what it equals instead (the other table, the sum of the
parts, one digit off, no decimals).

A finding of the printed figures opens with a sentence of its own (:func:`printed_sentence`,
:func:`pair_sentence`): the figure, what it is compared with and which way it differs; then the
note's :meth:`reasons`, the explanation without what that sentence already says.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from xnplan.check.cite import Cite
from xnplan.check.kinds import ATTACHMENTS, COUNTS, REPEATS, SUMS
from xnplan.check.wording import fmt
from xnplan.numbers import digit_place, number_text
from xnplan.schema import STATED_IN_ATTACHMENTS

if TYPE_CHECKING:
    from xnplan.check.rows import Check

# The two attachments: 附件1 is the summary table, 附件2 the detail table with its headers.
ATTACHMENT_OF = dict(zip(("summary", "detail"), STATED_IN_ATTACHMENTS, strict=True))
OTHER = {"summary": "detail", "detail": "summary"}
TOTAL, COUNT = "估算总投资", "项目个数"

# What a printed count counts (xnplan.check.library.count_basis).
BASIS_WORDS = {
    "units": "等于设施数",
    "lines": "等于明细行数，而非设施数",
    "neither": "既不等于明细行数，也不等于设施数",
}


def more_or_less(difference: float, unit: str, *, grouping: bool = False) -> str:
    """A difference in words: 多1700万元, 少0.66万元 (多1,700万元 with ``grouping``, as a finding's
    head sentence says it)."""
    return ("多" if difference > 0 else "少") + number_text(abs(difference), grouping=grouping) + unit


@dataclass(frozen=True)
class Group:
    """The grand total, a category or a subcategory, as 附件1 and 附件2 name it."""

    level: str  # grand, category, subcategory
    category_no: int
    subcategory_no: int
    name_summary: object
    name_detail: object

    def name(self, table: str) -> object:
        return self.name_summary if table == "summary" else self.name_detail

    def label(self, table: str) -> str:
        if self.level == "grand":
            return "合计"
        cat, sub = self.category_no, self.subcategory_no
        number = f"大类{cat}" if self.level == "category" else f"小类{cat}.{sub}"
        return f"{number}「{self.name(table)}」"

    @property
    def parts_label(self) -> str:
        return "大类" if self.level == "grand" else "小类"

    @property
    def rows_label(self) -> str:
        return "全部明细行之和" if self.level == "grand" else "本类明细行之和"

    @property
    def leaves_label(self) -> str:
        """The finest printed parts: subcategories, or the category itself where it has none."""
        return "各小类（不分小类的大类按大类计）" if self.level == "grand" else "各小类"


# --- what a printed total equals ------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A figure a printed total of ``table`` may equal: ``rows`` (the rows' sum), ``other`` (the other
    table's print), ``parts`` (this table's printed parts) or ``other_parts`` (the other table's)."""

    what: str
    value: float

    def label(self, group: Group, table: str) -> str:
        other = ATTACHMENT_OF[OTHER[table]]
        return {
            "rows": group.rows_label,
            "other": f"{other}的印刷值",
            "parts": f"本表各{group.parts_label}印刷值之和",
            "other_parts": f"{other}各{group.parts_label}印刷值之和",
        }[self.what]


@dataclass(frozen=True)
class Clue:
    """A printed figure against a :class:`Reference`: ``equal``, ``digit`` (one digit apart, the two
    digits in ``digits``) or ``integer`` (the reference without its decimals)."""

    reference: Reference
    relation: str
    digits: tuple[str, str] | None = None

    def predicate(self, value: float, group: Group, table: str) -> str:
        """What ``value`` is, following a subject: 等于…, 与…只在…上不同, 是…去掉小数后的整数."""
        label, ref = self.reference.label(group, table), self.reference.value
        if self.relation == "equal":
            return f"等于{label}（{fmt(ref)}万元）"
        if self.relation == "digit" and self.digits:
            return (
                f"与{label}（{fmt(ref)}万元）只在{digit_place(value, ref)}上不同"
                f"（{self.digits[0]}与{self.digits[1]}）"
            )
        return f"是{label}（{fmt(ref)}万元）去掉小数后的整数"


def clue_sentence(subject: str, value: float, clues: Sequence[Clue], group: Group, table: str) -> str:
    """``subject`` followed by its clues: 该数等于A，也是B；a one-digit difference reads as a typo."""
    said = [c.predicate(value, group, table) for c in clues]
    text = subject + "，".join(p if i == 0 else "也" + p for i, p in enumerate(said))
    return text + ("，可能是笔误" if any(c.relation == "digit" for c in clues) else "")


@dataclass(frozen=True)
class Deviation:
    """A part whose printed total differs from its rows."""

    part: Group
    total: float
    rows: float

    def text(self, table: str) -> str:
        return (
            f"{self.part.label(table)}印刷{fmt(self.total)}万元，本类明细行之和{fmt(self.rows)}万元"
            f"（印刷值{more_or_less(self.total - self.rows, '万元')}）"
        )


# --- sums ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TotalNote:
    """A printed total of ``table`` against its rows' sum (``against`` ``rows``) or the sum of its
    printed parts (``parts``); ``deviating``: the parts that explain a difference."""

    kind: ClassVar[str] = SUMS
    measure: ClassVar[str] = TOTAL
    group: Group
    table: str
    against: str
    stated: float
    value: float
    agrees: bool
    clues: tuple[Clue, ...] = ()
    deviating: tuple[Deviation, ...] = ()

    @property
    def subject(self) -> str:
        return self.group.label(self.table)

    @property
    def against_words(self) -> str:
        return self.group.rows_label if self.against == "rows" else f"本表各{self.group.parts_label}之和"

    @property
    def item(self) -> str:
        than = "明细行" if self.against == "rows" else f"本表各{self.group.parts_label}之和"
        return f"{self.subject} {TOTAL}(万元) 对{than}"

    def text(self, cite: Cite) -> str:
        name, stated = ATTACHMENT_OF[self.table], fmt(self.stated)
        reference = Reference(self.against, self.value).label(self.group, self.table)
        if self.agrees:
            return f"{name}印刷值为{stated}万元，等于{reference}。"
        restated = (
            f"{name}印刷值为{stated}万元，{reference}为{fmt(self.value)}万元"
            f"（印刷值{more_or_less(self.stated - self.value, '万元')}）"
        )
        parts = "；".join(d.text(self.table) for d in self.deviating)
        listed = [f"本表中与明细行之和不符的{self.group.parts_label}：{parts}"] if parts else []
        return "。".join([restated, *self._clues(), *listed]) + "。"

    def reasons(self, cite: Cite) -> str:
        """What a finding adds to its opening sentence: why the figure differs; the parts that differ
        from their rows are findings of their own."""
        return self.text(cite) if self.agrees else "".join(f"{c}。" for c in self._clues())

    def _clues(self) -> list[str]:
        if not self.clues:
            return []
        return [clue_sentence("该数", self.stated, self.clues, self.group, self.table)]


# --- counts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineRef:
    """A line of 附件2 as a count cites it: name, line, facilities."""

    name: str
    line: int
    units: int


@dataclass(frozen=True)
class Repeat:
    """A line that repeats an earlier one (``duplicate_of``, at ``duplicate_line``)."""

    project_id: str
    line: int
    duplicate_of: str
    duplicate_line: int


def _repeats_text(repeats: Sequence[Repeat], cite: Cite) -> str:
    """A sentence per repeated line in a group: both lines count as facilities."""
    return "".join(
        f"{r.project_id}{cite.aside(r.line)}与{r.duplicate_of}{cite.aside(r.duplicate_line)}"
        "完全相同，两行都计入设施数。"
        for r in repeats
    )


@dataclass(frozen=True)
class _CountNote(ABC):
    """A printed count of ``table`` against the facilities of its rows."""

    kind: ClassVar[str] = COUNTS
    measure: ClassVar[str] = COUNT
    against_words: ClassVar[str] = "设施数"
    group: Group
    table: str
    count: float
    rows: int
    units: int

    @property
    def subject(self) -> str:
        return self.group.label(self.table)

    @property
    def item(self) -> str:
        return f"{self.subject} {COUNT}(个) 对设施数"

    @property
    def opening(self) -> str:
        return f"{ATTACHMENT_OF[self.table]}印刷值为{fmt(self.count)}个"

    def reasons(self, cite: Cite) -> str:
        return self.text(cite)

    @abstractmethod
    def text(self, cite: Cite) -> str: ...


@dataclass(frozen=True)
class UnitsCountNote(_CountNote):
    """The count equals the facilities; ``multi``: how many lines name several, ``largest`` the first
    of the largest of them."""

    multi: int = 0
    largest: LineRef | None = None
    repeats: tuple[Repeat, ...] = ()

    def text(self, cite: Cite) -> str:
        more = ""
        if self.largest:
            more = (
                f"，其中{self.multi}行的名称写明多个设施（如{cite.at(self.largest.line)}"
                f"「{self.largest.name}」计为{self.largest.units}个），即项目个数按设施数计，而非按明细行数计"
            )
        return (
            f"{self.opening}，等于设施数：{self.rows}行明细共{self.units}个设施{more}。"
            f"{_repeats_text(self.repeats, cite)}"
        )


@dataclass(frozen=True)
class LinesCountNote(_CountNote):
    """The count equals the lines: the lines naming several facilities (``multi``) count as one."""

    multi: tuple[LineRef, ...] = ()
    repeats: tuple[Repeat, ...] = ()

    def text(self, cite: Cite) -> str:
        listing = "、".join(f"「{m.name}」{cite.lead(m.line)}{m.units}个设施）" for m in self.multi)
        return (
            f"{self.opening}，等于明细行数（{self.rows}行），而非设施数（{self.units}个）："
            f"{listing}各按1个计，因此比设施数少{self.units - self.rows}个。"
            + _repeats_text(self.repeats, cite)
        )


@dataclass(frozen=True)
class LeafCount:
    """A finest printed part counted by its lines: its print, lines and facilities."""

    group: Group
    count: float
    rows: int
    units: int


@dataclass(frozen=True)
class LeavesCountNote(_CountNote):
    """The count equals the sum of the finest printed parts, of which ``by_lines`` count lines."""

    by_lines: tuple[LeafCount, ...] = ()

    def text(self, cite: Cite) -> str:
        listing = "、".join(
            f"{leaf.group.label(self.table)}（印刷{fmt(leaf.count)}个：{leaf.rows}行明细，{leaf.units}个设施）"
            for leaf in self.by_lines
        )
        return (
            f"{self.opening}，等于本表{self.group.leaves_label}印刷个数之和。"
            f"其中只有{listing}按明细行数计，其余都按设施数计，因此比{self.units}个设施少"
            f"{fmt(self.units - self.count)}个。"
        )


@dataclass(frozen=True)
class UnexplainedCountNote(_CountNote):
    """The count equals neither lines nor facilities; ``parts``: its printed parts' sum (a group
    with parts), ``other``: the other table's different print."""

    parts: float | None = None
    other: float | None = None
    repeats: tuple[Repeat, ...] = ()

    def text(self, cite: Cite) -> str:
        parts = (
            f"；本表各{self.group.parts_label}印刷个数之和为{fmt(self.parts)}个"
            if self.parts is not None
            else ""
        )
        other = (
            f"；{ATTACHMENT_OF[OTHER[self.table]]}印刷值为{fmt(self.other)}个"
            if self.other is not None
            else ""
        )
        return (
            f"{self.opening}，既不等于明细行数（{self.rows}行），也不等于设施数（{self.units}个）"
            f"{parts}{other}。原因不明。{_repeats_text(self.repeats, cite)}"
        )


@dataclass(frozen=True)
class LeavesClue:
    """A count that equals its finest parts' prints (``leaves``) but not its own parts' because some
    parts print a figure that is not the sum of theirs (``wrong``: part, print, sum of its parts)."""

    leaves: float
    wrong: tuple[tuple[Group, float, float], ...]


@dataclass(frozen=True)
class PartsCountNote:
    """A printed count of ``table`` against the sum of its printed parts; ``clue``: why they differ
    (a :class:`LeavesClue`, or what the count equals: a key of :data:`BASIS_WORDS`; None when they
    agree)."""

    kind: ClassVar[str] = COUNTS
    measure: ClassVar[str] = COUNT
    group: Group
    table: str
    stated: float
    parts: float
    rows: int
    units: int
    agrees: bool
    clue: LeavesClue | str | None = None

    @property
    def subject(self) -> str:
        return self.group.label(self.table)

    @property
    def against_words(self) -> str:
        return f"本表各{self.group.parts_label}之和"

    @property
    def item(self) -> str:
        return f"{self.subject} {COUNT}(个) 对{self.against_words}"

    def text(self, cite: Cite) -> str:
        head = f"{ATTACHMENT_OF[self.table]}各{self.group.parts_label}印刷个数之和为{fmt(self.parts)}个"
        if self.agrees:
            return head + "，等于印刷值。"
        gap = more_or_less(self.stated - self.parts, "个")
        return head + f"；{self.subject}印刷值为{fmt(self.stated)}个（印刷值{gap}）。" + self.reasons(cite)

    def reasons(self, cite: Cite) -> str:
        if self.agrees:
            return self.text(cite)
        return self._clue() + f"（共{self.rows}行明细，{self.units}个设施）。"

    def _clue(self) -> str:
        if not isinstance(self.clue, LeavesClue):
            return f"印刷值{BASIS_WORDS[str(self.clue)]}"
        wrong = "；".join(
            f"{part.label(self.table)}：它印刷{fmt(count)}个，而其各小类印刷个数之和为{fmt(parts)}个"
            for part, count, parts in self.clue.wrong
        )
        leaves = f"本表{self.group.leaves_label}印刷个数之和（{fmt(self.clue.leaves)}个）"
        return f"印刷值等于{leaves}；差额来自{wrong}"


# --- attachments -----------------------------------------------------------------------------------


def _pair_names(group: Group) -> str:
    if group.level == "grand":
        return group.label("summary")
    return f"附件1{group.label('summary')} / 附件2{group.label('detail')}"


@dataclass(frozen=True)
class PairTotalNote:
    """附件1's printed total against 附件2's; the clues say what each equals instead, ``rows`` is the
    rows' sum and ``digits`` the two digits when the prints are one digit apart."""

    kind: ClassVar[str] = ATTACHMENTS
    measure: ClassVar[str] = TOTAL
    group: Group
    summary: float
    detail: float
    rows: float
    agrees: bool
    summary_clues: tuple[Clue, ...] = ()
    detail_clues: tuple[Clue, ...] = ()
    digits: tuple[str, str] | None = None

    @property
    def subject(self) -> str:
        return self.group.label("summary")

    @property
    def item(self) -> str:
        return f"{_pair_names(self.group)} {TOTAL}(万元)"

    def text(self, cite: Cite) -> str:
        if self.agrees:
            return f"两表均印为{fmt(self.summary)}万元。"
        restated = (
            f"附件1印刷值为{fmt(self.summary)}万元，附件2印刷值为{fmt(self.detail)}万元"
            f"（附件1比附件2{more_or_less(self.summary - self.detail, '万元')}）"
        )
        return "。".join([restated, *self._reasons()]) + "。"

    def reasons(self, cite: Cite) -> str:
        return self.text(cite) if self.agrees else "。".join(self._reasons()) + "。"

    def _reasons(self) -> list[str]:
        notes = []
        for table, value, clues in (
            ("summary", self.summary, self.summary_clues),
            ("detail", self.detail, self.detail_clues),
        ):
            subject = f"{ATTACHMENT_OF[table]}的印刷值"
            notes.append(
                clue_sentence(subject, value, clues, self.group, table)
                if clues
                else f"{subject}与{self.group.rows_label}（{fmt(self.rows)}万元）不符"
            )
        if self.digits:
            place = digit_place(self.summary, self.detail)
            notes.append(f"两表的数字只在{place}上不同（附件1为{self.digits[0]}，附件2为{self.digits[1]}）")
        return notes


@dataclass(frozen=True)
class PairCountNote:
    """附件1's printed count against 附件2's, with what each equals (keys of :data:`BASIS_WORDS`)."""

    kind: ClassVar[str] = ATTACHMENTS
    measure: ClassVar[str] = COUNT
    group: Group
    summary: float
    detail: float
    summary_basis: str
    detail_basis: str
    rows: int
    units: int
    agrees: bool

    @property
    def subject(self) -> str:
        return self.group.label("summary")

    @property
    def item(self) -> str:
        return f"{_pair_names(self.group)} {COUNT}(个)"

    def text(self, cite: Cite) -> str:
        if self.agrees:
            return f"两表均印为{fmt(self.summary)}个。"
        return (
            f"附件1印刷值为{fmt(self.summary)}个（{BASIS_WORDS[self.summary_basis]}），"
            f"附件2印刷值为{fmt(self.detail)}个（{BASIS_WORDS[self.detail_basis]}）；"
            f"共{self.rows}行明细，{self.units}个设施。"
        )

    def reasons(self, cite: Cite) -> str:
        return self.text(cite)


# --- repeats ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Included:
    """A printed figure of a leaf group that counts a repeated line: ``what`` is total or count."""

    table: str
    what: str
    value: float

    def text(self) -> str:
        if self.what == "total":
            return f"{ATTACHMENT_OF[self.table]}的合计{fmt(self.value)}万元"
        return f"{ATTACHMENT_OF[self.table]}的个数{fmt(self.value)}个"


@dataclass(frozen=True)
class RepeatNote:
    """A line of 附件2 identical to an earlier one; ``included``: the printed figures of its group
    that count both lines (None when the line stands in no printed group)."""

    kind: ClassVar[str] = REPEATS
    project_id: str
    name: str
    line: int
    seq: int
    duplicate_of: str
    first_line: int
    investment: float
    in_subcategory: bool
    included: tuple[Included, ...] | None

    @property
    def subject(self) -> str:
        return self.name

    @property
    def item(self) -> str:
        return f"重复行「{self.name}」"

    def text(self, cite: Cite) -> str:
        why = "无法判断印刷时是否两行都已计入。"
        if self.included:
            printed = "、".join(i.text() for i in self.included)
            why = f"{printed}都等于两行都计入时的明细之和，可见印刷时两行都已计入。"
        elif self.included is not None:
            why = "印刷的合计和个数都不等于两行都计入时的明细之和，" + why
        return (
            f"{self.project_id}{cite.lead(self.line)}序号{self.seq}）与{self.duplicate_of}"
            f"{cite.aside(self.first_line)}的名称、拟建地点、投资（{fmt(self.investment)}万元）和实施主体完全相同，"
            "可能是同一项目重复列示，也可能是两个同名项目。"
            f"核对时两行都计入{'本小类' if self.in_subcategory else '本大类'}的个数和合计；{why}"
        )


# --- the sentence of a finding ---------------------------------------------------------------------

# The notes of a printed total or count against the rows or parts (sums, counts), and of a pair.
FigureNote = TotalNote | PartsCountNote | _CountNote
PairNote = PairTotalNote | PairCountNote


def _gap(check: Check) -> str:
    """Which way the figures differ (相等 for the appendix's checks that agree)."""
    if not check.difference:
        return "相等"
    return more_or_less(check.difference, check.unit, grouping=True)


def printed_sentence(checks: Sequence[Check], cite: Cite) -> str:
    """A finding of one printed total or count (sums, counts): the figure, what it is compared with
    and which way it differs, then the first check's reasons.

    ``checks`` of the same figures are said in one sentence: the other attachment printing it too
    (附件1、附件2印出的数都比…), or the same print against another sum equal to the first (比…、…都多).
    """
    first, last = checks[0], checks[-1]
    notes = [cast(FigureNote, c.note) for c in checks]
    sources = list(dict.fromkeys(c.stated_source for c in checks))
    against = "、".join(dict.fromkeys(note.against_words for note in notes))
    subject = first.subject
    if len({c.subject for c in checks}) > 1:  # 附件2 names the same 小类 differently
        subject += f"（{last.stated_source}作「{notes[-1].group.name(notes[-1].table)}」）"
    gap = _gap(first)
    than = "与" if gap == "相等" else "比"
    # 都 goes with what is plural: the prints (附件1、附件2印出的数都比…) or the sums (比…、…都多).
    plural_sums = "都" if len(checks) > 1 else ""
    both = f"都{than}{against}" if len(sources) > 1 else f"{than}{against}{plural_sums}"
    head = f"{'、'.join(sources)}{subject}的{notes[0].measure}，印出的数{both}{gap}。"
    return head + notes[0].reasons(cite)


def pair_sentence(checks: Sequence[Check], cite: Cite) -> str:
    """A finding of 附件1 against 附件2: the figure and which way 附件1 differs, then the reasons."""
    check = checks[0]
    note = cast(PairNote, check.note)
    group, subject = note.group, check.subject
    if group.level != "grand" and str(group.name("summary")) != str(group.name("detail")):
        subject += f"（附件2作「{group.name('detail')}」）"
    gap = _gap(check)
    head = f"{subject}的{note.measure}，附件1印出的数{'与' if gap == '相等' else '比'}附件2{gap}。"
    return head + note.reasons(cite)
