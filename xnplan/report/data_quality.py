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
from xnplan.parse.places import place
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
    lines["place"] = [place(int(n), outline, categories) for n in lines["source_line"]]
    return Repeats(lines=lines, investment_wan=float(lines["investment_wan"].sum()))
