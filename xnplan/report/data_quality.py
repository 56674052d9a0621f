"""What the data_quality notebook shows: the findings that are not ok, grouped by kind, each once, as
a plain Chinese sentence with its figures and the place in the published document (page and heading,
from the 目录) where the figure is printed; the printed figures per category; repeated lines.

The findings are the stored ``findings`` table (:mod:`xnplan.check.findings` gathers and words them);
the notebook selects and formats what these functions return; it counts and adds up nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from xnplan.check.kinds import KINDS, Kind
from xnplan.numbers import number_text
from xnplan.parse.outline import NUMERALS
from xnplan.parse.places import Places
from xnplan.report.present import CHECK_STATUS_LABELS, PRINTED_CATEGORIES
from xnplan.schema import chinese_labels

_CHECKED = {kind.key: kind.checked for kind in KINDS}


def findings(
    found: pd.DataFrame,
    reconciliation: pd.DataFrame,
    statuses: Iterable[str] = ("mismatch", "ambiguous"),
) -> pd.DataFrame:
    """The findings (the ``findings`` table) whose status is in ``statuses``, in its order, with what
    the downloads add from the checks each gathers (``reconciliation``): ``check_id`` (their ids,
    joined by 、) and ``item`` (their items, each once, joined by ；); and ``status_label``."""
    shown = found[found["status"].isin(list(statuses))].reset_index(drop=True)
    of_finding = reconciliation.groupby("finding_id", sort=False)
    ids = of_finding["check_id"].agg("、".join)
    items = of_finding["item"].agg(lambda items: "；".join(dict.fromkeys(items)))
    return shown.assign(
        check_id=shown["finding_id"].map(ids),
        item=shown["finding_id"].map(items),
        status_label=shown["status"].map(CHECK_STATUS_LABELS),  # the downloads' 状态 too
    )


def by_kind(found: pd.DataFrame) -> list[tuple[Kind, pd.DataFrame]]:
    """The findings (from :func:`findings`) of each kind that has any, in the order of :data:`KINDS`."""
    return [
        (kind, found[found["kind"] == kind.key].reset_index(drop=True))
        for kind in KINDS
        if (found["kind"] == kind.key).any()
    ]


# Shown on the page; the downloads add the ids, the items, the explanations as stored and the raw text
# lines.
FINDING_COLUMNS = ["finding", "stated", "computed", "difference", "unit", "place", "status_label"]
FINDING_DOWNLOAD = [*FINDING_COLUMNS, "check_id", "item", "explanation", "source_lines", "evidence_lines"]


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
    table = pd.crosstab(reconciliation["kind"], reconciliation["status"])
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
    places = Places(outline, categories)
    lines["place"] = [places.of(int(n)) for n in lines["source_line"]]
    return Repeats(lines=lines, investment_wan=float(lines["investment_wan"].sum()))


def repeats_note(repeats: Repeats) -> str:
    """The repeated lines table's note: what they add to every printed total."""
    return f"这些行合计{repeats.investment_wan:,.2f}万元；规划的所有合计都照印刷计入了它们。"


# --- the printing errors the page leads with -------------------------------------------------------

# A check of a printed 合计/大类/小类 figure against its own detail lines (附件1 S, 附件2 D); the checks
# against the printed parts (-sum-) and between the attachments say the same errors again.
_AGAINST_ROWS = r"-[SD]-(?:total|count)$"
_AGAINST = {"sums": "明细行之和", "counts": "明细写明的设施数"}


@dataclass(frozen=True)
class PrintingError:
    """One printed row (合计, a 大类 or a 小类) whose figures disagree with its detail lines, or a line
    printed twice: what was printed where, what the lines give, and what to use instead."""

    subject: str
    printed: str  # where each figure is printed and what it says
    lines: str  # what the detail lines give
    use: str  # what a reader should use instead
    doubtful: bool  # 存疑: the print can be read as right under another way of counting
    size: float = 0.0  # the largest difference in 万元 (0 for counts and repeated lines): the order
    money: str = ""  # the printed investment in a few words: "附件1印194,733.77万元、附件2印294,733.77万元"
    rows_sum: str = ""  # the detail lines' sum in 万元

    def sentence(self) -> str:
        doubt = "（存疑）" if self.doubtful else ""
        return f"**{self.subject}**{doubt}：{self.printed}；{self.lines}。{self.use}"


def printing_errors(found: pd.DataFrame, repeats: Repeats) -> list[PrintingError]:
    """The distinct printing errors of the ``findings`` table: each printed figure that differs from
    its own detail lines, one entry per printed row and status (a 大类 printed wrong in both
    attachments, or wrong in its total and its count, is one entry), largest difference in 万元 first,
    then those in doubt (存疑) and each repeated line.

    A difference in a 小类 that the 大类 and the 合计 carry unchanged (the same difference of the same
    kind) is one error, named by the first finding that has it: the widest row, whose sentence in the
    detail below names the 小类 it comes from."""
    against_rows = found[
        found["kind"].isin(list(_AGAINST))
        & found["status"].isin(["mismatch", "ambiguous"])
        & found["finding_id"].str.contains(_AGAINST_ROWS)
    ]
    distinct = against_rows.drop_duplicates(["kind", "difference"])
    errors = [
        _row_error(str(key[0]), rows) for key, rows in distinct.groupby(["subject", "status"], sort=False)
    ]
    for line in repeats.lines.itertuples():
        errors.append(
            PrintingError(
                subject=f"「{line.name}」列了两次",
                printed=f"{line.place}序号{line.seq}一行与本类前面一行的名称、地点、投资和实施主体完全相同",
                lines=f"每行{number_text(line.investment_wan)}万元，印刷的个数和合计两行都计入了",
                use=f"如是同一项目，合计应减去{number_text(line.investment_wan)}万元、个数减去1个。",
                doubtful=True,
            )
        )
    return sorted(errors, key=lambda e: (e.doubtful, -e.size))


def _row_error(subject: str, rows: pd.DataFrame) -> PrintingError:
    by_place: dict[str, list[str]] = {}
    lines, use = [], []
    for row in rows.itertuples():
        by_place.setdefault(str(row.place), []).append(f"{number_text(row.stated)}{row.unit}")
        lines.append(f"{_AGAINST[str(row.kind)]}为{number_text(row.computed)}{row.unit}")
        use.append(f"{number_text(row.computed)}{row.unit}")
    money_rows = rows[rows["unit"] == "万元"]
    sums = money_rows["difference"].abs()
    money = "、".join(
        "、".join(a for a in ("附件1", "附件2") if a in str(row.place)) + f"印{number_text(row.stated)}万元"
        for row in money_rows.itertuples()
    )
    doubtful = bool((rows["status"] == "ambiguous").all())
    figures = "、".join(dict.fromkeys(use))
    return PrintingError(
        subject="项目库合计" if subject == "合计" else subject,
        printed="；".join(
            f"{place}印" + "、".join(dict.fromkeys(figures)) for place, figures in by_place.items()
        ),
        lines="，".join(dict.fromkeys(lines)),
        # 存疑: the print holds under another way of counting (lines, not facilities), see the detail.
        use=f"两种计法都说得通，引用时写明按哪一种（明细计为{figures}）。"
        if doubtful
        else f"应以明细为准：{figures}。",
        doubtful=doubtful,
        size=float(sums.max()) if len(sums) else 0.0,
        money=money,
        rows_sum=f"{number_text(money_rows['computed'].iloc[0])}万元" if len(money_rows) else "",
    )


def printing_errors_markdown(errors: list[PrintingError]) -> str:
    """The numbered list the page opens with."""
    return "\n".join(f"{i}. {error.sentence()}" for i, error in enumerate(errors, start=1))


def answer(errors: list[PrintingError]) -> str:
    """The landing page's sentence on what is wrong in the plan: how many errors, the largest."""
    firm = [e for e in errors if not e.doubtful]
    first = firm[0] if firm else None
    largest = (
        f"最大的一处是{first.subject}：{first.money}，明细行之和为{first.rows_sum}"
        if first and first.money
        else ""
    )
    return f"规划项目库的印刷数字有{len(firm)}处与明细行对不上，另有{len(errors) - len(firm)}处存疑" + (
        f"；{largest}。" if largest else "。"
    )
