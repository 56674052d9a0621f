"""What the data_quality notebook shows: the checks that are not ok, grouped by kind of finding, each
once, as a plain Chinese sentence with its figures and the place in the published document (page and
heading, from the 目录) where the figure is printed; the printed figures per category; repeated lines.

The notebook selects and formats what these functions return; it counts and adds up nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from xnplan.numbers import number_text
from xnplan.parse.outline import NUMERALS
from xnplan.parse.places import place
from xnplan.report.present import CHECK_STATUS_LABELS, PRINTED_CATEGORIES
from xnplan.schema import chinese_labels


@dataclass(frozen=True)
class Kind:
    key: str
    title: str  # the section heading: what the findings of this kind say
    checked: str  # what its checks compare, whatever they found (the summary table's rows)
    about: str  # one sentence under the heading


# In the order the page shows them: the attachments' own arithmetic first, then the two attachments
# against each other, the counting of projects, repeated lines, and the text against its tables.
KINDS: tuple[Kind, ...] = (
    Kind(
        "sums",
        "合计与明细不符",
        "合计、大类、小类的估算总投资与明细",
        "附件1或附件2印出的合计、大类或小类估算总投资，与附件2明细行逐行相加的结果"
        "或本表各部分印出数之和不同。",
    ),
    Kind(
        "attachments",
        "附件1与附件2不一致",
        "附件1与附件2的同一数字",
        "同一个合计、大类或小类，附件1（简表）和附件2（明细表）印出的数字不同。",
    ),
    Kind(
        "counts",
        "项目个数的计法",
        "项目个数",
        "印出的项目个数与明细的设施数（名称写明个数的行按所写个数计）或本表各部分之和不同，"
        "多数是因为有的类按明细行数计、有的按设施数计。",
    ),
    Kind("repeats", "重复的项目行", "重复的项目行", "附件2中内容完全相同的两行。"),
    Kind(
        "prose_tables",
        "正文与指标表不一致",
        "正文与指标表",
        "正文中的数字与“十三五”主要指标完成情况表或“十四五”主要指标表中的同一指标不符，"
        "或正文中的增长率与其起止数不符。",
    ),
    Kind(
        "table_cells",
        "指标表缺印的数字",
        "指标表各行的数字个数",
        "指标表的一行印出的数字比表的列少，无法确定缺的是哪一列。",
    ),
    Kind(
        "prose_library",
        "正文与项目库不一致",
        "正文、专栏与项目库",
        "正文或专栏提出的建设项目、个数，在附件2项目库中找不到对应的明细行，或个数不同。",
    ),
)
KIND_TITLES = {kind.key: kind.title for kind in KINDS}
_CHECKED = {kind.key: kind.checked for kind in KINDS}

# Checks whose compared figure is printed somewhere else (not worked out): 出处 cites both places.
_TWO_PLACES = {"prose", "prose-table"}


def kind_of(check) -> str:
    """The kind of finding a reconciliation row (a namedtuple or Series) belongs to."""
    compares = check.compares
    if compares == "library":
        if not check.unit:
            return "repeats"
        if check.level == "cross-table":
            return "attachments"
        return "counts" if check.unit == "个" else "sums"
    by_compares = {
        "prose": "prose_tables",
        "prose-table": "prose_tables",
        "table-cell": "table_cells",
        "prose-library": "prose_library",
    }
    if compares not in by_compares:
        raise ValueError(f"核对项 {check.check_id}：未知的核对类型 compares={compares!r}")
    return by_compares[compares]


def _place_list(lines: Iterable[int], outline: pd.DataFrame, categories: pd.DataFrame) -> str:
    return "；".join(dict.fromkeys(place(int(n), outline, categories) for n in lines))


# --- the findings --------------------------------------------------------------------------------

_FIGURES = re.compile(
    r"^(?P<subject>.+?) (?P<measure>估算总投资|项目个数)\((?P<unit>[^)]+)\)(?: 对(?P<against>.+))?$"
)
_PAIR = re.compile(r"^附件1(?P<a>.+?) / 附件2(?P<b>.+)$")
# The first sentence of a library check's explanation restates the figures the table shows.
_RESTATES = ("（印刷值多", "（印刷值少", "（附件1比附件2")
_PARTS_LISTED = "本表中与明细行之和不符的"


def sentence(check, *same) -> str:
    """A plain Chinese sentence saying what the check found: for checks of the project library, the
    figure, what it is compared with and which way it differs, followed by the explanation's reasons;
    for the others (text against tables, repeated lines) the explanation as it stands.

    ``same``: further checks of the same figures (see :func:`findings`), said in the same sentence:
    the other attachment printing it too, or the same print against another sum equal to the first.
    """
    if check.compares != "library" or not check.unit:
        return str(check.explanation)
    match = _FIGURES.match(str(check.item))
    if match is None:
        return str(check.explanation)
    subject, measure = match["subject"], match["measure"]
    # The appendix shows the checks that agree too: their difference is no direction.
    more = "多" if check.difference > 0 else "少"
    gap = f"{more}{number_text(abs(check.difference))}{check.unit}" if check.difference else "相等"
    if check.computed_source:
        pair = _PAIR.match(subject)
        if pair:
            a, b_name = pair["a"], pair["b"].partition("「")[2]
            subject = a if a.partition("「")[2] == b_name else f"{a}（附件2作「{b_name}）"
        head = f"{subject}的{measure}，附件1印出的数{'与' if gap == '相等' else '比'}附件2{gap}。"
    else:
        checks = [check, *same]
        sources = "、".join(dict.fromkeys(c.stated_source for c in checks))
        against = "、".join(dict.fromkeys(_against(c) for c in checks))
        names = list(dict.fromkeys(_FIGURES.match(str(c.item))["subject"] for c in checks))
        if len(names) > 1:  # 附件2 names the same 小类 differently
            subject += f"（{checks[-1].stated_source}作「{names[-1].partition('「')[2]}）"
        # 都 goes with what is plural: the prints (附件1、附件2印出的数都比…) or the sums (比…、…都多).
        than = "与" if gap == "相等" else "比"
        both = f"都{than}{against}" if "、" in sources else f"{than}{against}{'都' if same else ''}"
        head = f"{sources}{subject}的{measure}，印出的数{both}{gap}。"
    first, _, rest = str(check.explanation).partition("。")
    reasons = rest if any(mark in first for mark in _RESTATES) else f"{first}。{rest}"
    # The parts that differ from their rows are findings of their own, each in its own row.
    return head + reasons.partition(_PARTS_LISTED)[0]


def _against(check) -> str:
    against = _FIGURES.match(str(check.item))["against"] or ""
    if against == "明细行":
        return "全部明细行之和" if check.level == "grand" else "本类明细行之和"
    return against


def _same_figures(check) -> tuple:
    """Checks of a total or count with equal keys say one thing: 附件1 and 附件2 print the same
    wrong figure for the same 合计/大类/小类, or one print differs equally from its rows and from its
    parts (which add up to the rows). Any other check is a key of its own."""
    match = _FIGURES.match(str(check.item))
    if check.compares != "library" or not check.unit or check.computed_source or match is None:
        return (check.check_id,)
    return (check.status, match["subject"].partition("「")[0], match["measure"], check.stated, check.computed)


# A line of our text file, which a reader of the published document cannot find: shown as a place,
# first where it stands in brackets after what it locates ("（第1799行，7个设施）"), then anywhere.
_LINE_REF = re.compile(r"第(\d+)行起?")
_BRACKETED_LINE_REF = re.compile(r"（第(\d+)行起?(）|，)")


def _short_place(line: int, outline: pd.DataFrame, categories: pd.DataFrame) -> str:
    """A place inside a sentence, which names its 专栏 or row already: the pages of the text; in the
    attachments (one page number for hundreds of rows, each row named in the sentence) the attachment."""
    pages, _, where = place(line, outline, categories).partition(" ")
    return where[:3] if where.startswith("附件") else pages


def _bracketed_place(ref: re.Match, outline: pd.DataFrame, categories: pd.DataFrame) -> str:
    """A bracketed line after a row or figure of an attachment says nothing the name does not: dropped."""
    short = _short_place(int(ref[1]), outline, categories)
    if short.startswith("附件"):
        return "" if ref[2] == "）" else "（"
    return f"（{short}{ref[2]}"


# A check referred to by its id in another's explanation: the reader finds it by its section.
_CHECK_REF = re.compile(r"核对项([A-Za-z0-9][A-Za-z0-9.\-]*[A-Za-z0-9])")


def _readable(text: str, kinds: dict[str, str], outline: pd.DataFrame, categories: pd.DataFrame) -> str:
    """A sentence without our ids: text lines as the document's places, checks (``kinds``: check id →
    kind) by their section."""
    text = _BRACKETED_LINE_REF.sub(lambda m: _bracketed_place(m, outline, categories), text)
    text = _LINE_REF.sub(lambda m: _short_place(int(m[1]), outline, categories), text)
    return _CHECK_REF.sub(lambda m: f"“{KIND_TITLES[kinds[m[1]]]}”一节", text)


def findings(
    reconciliation: pd.DataFrame,
    outline: pd.DataFrame,
    categories: pd.DataFrame,
    statuses: Iterable[str] = ("mismatch", "ambiguous"),
) -> pd.DataFrame:
    """The checks whose status is in ``statuses``, in the order of :data:`KINDS` (within a kind,
    不一致 before 存疑, then as the reconciliation lists them), each with ``kind`` (a :data:`KINDS`
    key), ``finding`` (the sentence, its line references turned into pages and headings) and
    ``place`` (出处: where the printed figure stands, and the compared figure when that is printed
    elsewhere too).

    Checks of the same figures (:func:`_same_figures`) are one finding, one row: its ``check_id``,
    ``item``, ``source_line`` (then text) join theirs, ``explanation`` and ``evidence_lines`` hold
    all of theirs, and ``checks`` counts them (1 for every other row).

    For checks that compare no amount (unit '') the figures are set to missing: 1 against 0 lines
    found is what the sentence says in words.
    """
    kinds = {c.check_id: kind_of(c) for c in reconciliation.itertuples()}
    wanted = reconciliation[reconciliation["status"].isin(list(statuses))].copy()
    wanted["kind"] = wanted["check_id"].map(kinds)
    order = {kind.key: i for i, kind in enumerate(KINDS)}
    statuses_order = {status: i for i, status in enumerate(CHECK_STATUS_LABELS)}
    # Within a kind the reconciliation's own order stands: the document's, total before categories.
    wanted = wanted.assign(_k=wanted["kind"].map(order), _s=wanted["status"].map(statuses_order))
    wanted = wanted.sort_values(["_k", "_s"], kind="stable").drop(columns=["_k", "_s"])
    groups: dict[tuple, list] = {}
    for check in wanted.itertuples(index=False):
        groups.setdefault(_same_figures(check), []).append(check)
    rows = []
    for first, *same in groups.values():
        checks = [first, *same]
        lines = [n for c in checks for n in _cited_lines(c)]
        rows.append(
            {
                **first._asdict(),
                "check_id": "、".join(c.check_id for c in checks),
                "item": "；".join(dict.fromkeys(c.item for c in checks)),
                "explanation": "".join(c.explanation for c in checks) if same else first.explanation,
                "source_line": (
                    "、".join(dict.fromkeys(str(c.source_line) for c in checks))
                    if same
                    else first.source_line
                ),
                "evidence_lines": sorted({int(n) for c in checks for n in c.evidence_lines}),
                "checks": len(checks),
                "finding": _readable(sentence(first, *same), kinds, outline, categories),
                "place": _place_list(lines, outline, categories),
            }
        )
    found = pd.DataFrame(rows, columns=[*wanted.columns, "checks", "finding", "place"])
    found["status_label"] = found["status"].map(CHECK_STATUS_LABELS)  # the downloads' 状态 too
    no_amount = found["unit"] == ""
    found.loc[no_amount, ["stated", "computed", "difference"]] = float("nan")
    return found


def _cited_lines(check) -> list[int]:
    lines = [] if pd.isna(check.source_line) else [int(check.source_line)]
    evidence = list(check.evidence_lines)
    two_places = check.compares in _TWO_PLACES or (check.compares == "library" and check.computed_source)
    if (two_places or not lines) and evidence:
        lines.append(int(evidence[0]))
    return lines


def by_kind(found: pd.DataFrame) -> list[tuple[Kind, pd.DataFrame]]:
    """The findings (from :func:`findings`) of each kind that has any, in the order of :data:`KINDS`."""
    return [
        (kind, found[found["kind"] == kind.key].reset_index(drop=True))
        for kind in KINDS
        if (found["kind"] == kind.key).any()
    ]


# Shown on the page; the downloads add the ids, the explanation as stored and the raw text lines.
FINDING_COLUMNS = ["finding", "stated", "computed", "difference", "unit", "place", "status_label"]
FINDING_DOWNLOAD = [*FINDING_COLUMNS, "check_id", "item", "explanation", "source_line", "evidence_lines"]


def conclusion(counts: dict[str, int]) -> str:
    """The landing page's line (``counts`` is :func:`status_summary`): "核对193项：不一致35项，存疑16项"."""
    return (
        f"核对{counts['checks']}项：{CHECK_STATUS_LABELS['mismatch']}{counts['mismatch']}项，"
        f"{CHECK_STATUS_LABELS['ambiguous']}{counts['ambiguous']}项"
    )


def summary(counts: dict[str, int], found: pd.DataFrame) -> str:
    """The page's opening sentence: every check by status (``counts`` is :func:`status_summary`), and
    how the checks that did not agree make the findings (``found`` is :func:`findings`)."""
    return (
        f"共核对{counts['checks']}项：一致{counts['ok']}项，{CHECK_STATUS_LABELS['mismatch']}"
        f"{counts['mismatch']}项，{CHECK_STATUS_LABELS['ambiguous']}{counts['ambiguous']}项。"
        f"不一致和存疑的{found['checks'].sum()}项核对合为{len(found)}项发现，按类别列在下面各节，每项只列一次。"
    )


def section_heading(position: int, kind: Kind, rows: pd.DataFrame) -> str:
    """Markdown heading and lead of the ``position``-th section (0 → 一、): the findings it lists and,
    where some of them merge several checks of one printed figure, how many checks they are."""
    checks = int(rows["checks"].sum())
    merged = "" if checks == len(rows) else f"，合{checks}项核对"
    return f"## {NUMERALS[position]}、{kind.title}（{len(rows)}项{merged}）\n\n{kind.about}"


def status_summary(reconciliation: pd.DataFrame) -> dict[str, int]:
    """How many checks there are (``checks``) and how many have each status (0 where none)."""
    counts = reconciliation["status"].value_counts()
    return {
        "checks": len(reconciliation),
        **{status: int(counts.get(status, 0)) for status in CHECK_STATUS_LABELS},
    }


def kind_counts(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """Checks per kind (rows in :data:`KINDS` order, kinds without checks left out) and status, with
    their total (``checks``) and a last row ``合计``."""
    kinds = pd.Series([kind_of(c) for c in reconciliation.itertuples()], index=reconciliation.index)
    table = pd.crosstab(kinds, reconciliation["status"])
    table = table.reindex(
        index=[k.key for k in KINDS if k.key in table.index], columns=list(CHECK_STATUS_LABELS), fill_value=0
    )
    table["checks"] = table.sum(axis=1)
    table.loc["合计"] = table.sum()
    table.index = [_CHECKED.get(key, key) for key in table.index]
    return table.rename_axis(index="kind", columns=None).reset_index()


# --- printed figures per category, repeated lines --------------------------------------------------


def printed_categories(categories: pd.DataFrame) -> pd.DataFrame:
    """``project_categories`` for the table of printed figures: subcategories indented under their
    category."""
    indented = [
        ("\u3000" if level == "subcategory" else "") + str(name)
        for level, name in zip(categories["level"], categories["name_detail"], strict=True)
    ]
    return categories.assign(name_detail=indented)


PRINTED_COLUMNS = list(PRINTED_CATEGORIES)
PRINTED_DOWNLOAD = [*PRINTED_COLUMNS, "summary_line", "detail_line"]
PRINTED_LABELS = {
    **PRINTED_CATEGORIES,
    **{c: (chinese_labels("project_categories")[c], number_text) for c in ("summary_line", "detail_line")},
}


@dataclass(frozen=True)
class Repeats:
    """Lines of 附件2 identical to an earlier line (name, location, investment, implementer)."""

    lines: pd.DataFrame  # the repeated lines, each with ``original_line``: the line of the one it repeats
    investment_wan: float  # their investment, which every total of the project counts as printed


REPEAT_COLUMNS = ["project_id", "name", "location", "implementer", "investment_wan", "place", "duplicate_of"]
REPEAT_DOWNLOAD = [*REPEAT_COLUMNS, "source_line", "original_line"]


def repeated_lines(projects: pd.DataFrame, outline: pd.DataFrame, categories: pd.DataFrame) -> Repeats:
    """The lines whose ``duplicate_of`` names an earlier line, with that line's source line and the
    repeated line's place in the document."""
    repeats = projects[projects["duplicate_of"] != ""]
    originals = projects.set_index("project_id").loc[repeats["duplicate_of"], "source_line"].to_numpy()
    lines = repeats.assign(original_line=originals).reset_index(drop=True)
    lines["place"] = [place(int(n), outline, categories) for n in lines["source_line"]]
    return Repeats(lines=lines, investment_wan=float(lines["investment_wan"].sum()))
