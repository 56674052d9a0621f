"""What the data_quality notebook shows: reconciliation rows and printed-vs-rows differences as Chinese
sentences, the checks counted by status and level, the printed figures per category, repeated lines.

The notebook selects and formats what these functions return; it counts and adds up nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from xnplan.numbers import number_text, one_digit_apart
from xnplan.report.present import CHECK_STATUS_LABELS, LEVEL_LABELS, PRINTED_CATEGORIES, checks_in, present


def hint(stated: float | None, computed: float | None) -> str:
    """A Chinese reading of how two differing figures relate, when a simple pattern explains it."""
    if stated is None or computed is None or pd.isna(stated) or pd.isna(computed) or stated == computed:
        return ""
    a = number_text(abs(stated), grouping=False)
    # Only for figures of three digits or more: 2 against 3 "differing in one digit" says nothing.
    if one_digit_apart(abs(stated), abs(computed)) and len(a.replace(".", "")) >= 3:
        return "两数只有一位数字不同，可能是笔误。"
    if float(stated).is_integer() and not float(computed).is_integer() and stated == int(computed):
        return "印刷值是计算值去掉小数后的整数。"
    if abs(stated - computed) < 10 ** -len(a.partition(".")[2]):
        return "两数在印刷的最后一位上不同，可能是舍入或截断有误。"
    return ""


def _lines_text(source_line: object, evidence: Sequence[int]) -> str:
    lines = [] if source_line is None or pd.isna(source_line) else [int(source_line)]
    unique = list(dict.fromkeys([*lines, *evidence]))
    return "第" + "、".join(map(str, unique)) + "行" if unique else "(无行号)"


def _sources(row) -> str:
    """Where the figures are printed: 附件1, or 附件1对附件2 when the computed figure is printed too."""
    return f"{row.stated_source}对{row.computed_source}" if row.computed_source else row.stated_source


def _sentence(row) -> str:
    """Figures and lines only: why they differ (a typo, no decimals …) is the row's explanation."""
    printed_at = "" if pd.isna(row.source_line) else f"（原文第{int(row.source_line)}行）"
    related = f"相关行：第{'、'.join(map(str, row.evidence_lines))}行。" if len(row.evidence_lines) else ""
    if not row.unit:  # not a printed amount or count (e.g. a repeated line): the explanation says it
        return f"{_sources(row)}{printed_at}。{related}"
    unit = row.unit
    # 附件1 against 附件2 sets two printed figures side by side, not a printed and a computed one.
    other = f"{row.computed_source}印刷" if row.computed_source else "计算值"
    return (f"{row.stated_source}印刷 {number_text(row.stated)}{unit}{printed_at}，"
            f"{other} {number_text(row.computed)}{unit}，差额 {number_text(row.difference)}{unit}。{related}")


def findings(reconciliation: pd.DataFrame,
             statuses: Iterable[str] = ("mismatch", "ambiguous")) -> pd.DataFrame:
    """The checks whose status is in ``statuses`` (grand, category, subcategory, cross-table order),
    each with a one-sentence Chinese summary of its printed and computed figures and lines (the
    ``explanation`` column, also Chinese, says why they differ).

    Adds ``status_label``, ``level_label``, ``sources`` (印刷来源: 附件1对附件2 when both figures are
    printed), ``lines_text`` (原文第…行: the printed figure's line first, then the evidence lines) and
    ``sentence``.
    """
    wanted = reconciliation[reconciliation["status"].isin(list(statuses))].copy()
    order = {level: i for i, level in enumerate(LEVEL_LABELS)}
    wanted = wanted.sort_values("level", key=lambda c: c.map(order), kind="stable")
    wanted["sources"] = [_sources(r) for r in wanted.itertuples()]
    wanted["status_label"] = wanted["status"].map(CHECK_STATUS_LABELS)
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
    figures = ["stated", "computed", "difference"] if unit else []
    explained = [] if unit else ["explanation"]
    columns = ["check_id", "item", "sources", *figures, "status", "lines_text", *explained]
    return present(found[found["unit"] == unit], columns, labels=checks_in(unit) if unit else None)


def findings_by_level(found: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The findings (from :func:`findings`, already in level order) as (level label, its rows) pairs."""
    return [(level, rows.reset_index(drop=True)) for level, rows in found.groupby("level_label", sort=False)]


def findings_units(found: pd.DataFrame) -> list[str]:
    """The units of the findings in order of first appearance; checks comparing no amount ('') last."""
    units = list(dict.fromkeys(found["unit"]))
    return sorted(units, key=lambda u: (u == "", units.index(u)))


def appendix_tables(reconciliation: pd.DataFrame) -> list[pd.DataFrame]:
    """Every check, whatever its status: one display table per unit, in order of first appearance."""
    everything = findings(reconciliation, statuses=CHECK_STATUS_LABELS)
    return [findings_table(everything, unit) for unit in dict.fromkeys(everything["unit"])]


def conclusion(counts: dict[str, int]) -> str:
    """The landing page's line (``counts`` is :func:`status_summary`): "核对193项：不一致35项，存疑16项"."""
    return (f"核对{counts['checks']}项：{CHECK_STATUS_LABELS['mismatch']}{counts['mismatch']}项，"
            f"{CHECK_STATUS_LABELS['ambiguous']}{counts['ambiguous']}项")


def status_summary(reconciliation: pd.DataFrame) -> dict[str, int]:
    """How many checks there are (``checks``) and how many have each status (0 where none)."""
    counts = reconciliation["status"].value_counts()
    return {"checks": len(reconciliation),
            **{status: int(counts.get(status, 0)) for status in CHECK_STATUS_LABELS}}


def printed_categories_table(categories: pd.DataFrame) -> pd.DataFrame:
    """Display table of ``project_categories``: the counts and totals 附件1 and 附件2 print beside the
    rows, facilities and investment of the lines; subcategories indented under their category."""
    indented = [("\u3000" if level == "subcategory" else "") + str(name)
                for level, name in zip(categories["level"], categories["name_detail"], strict=True)]
    return present(categories.assign(name_detail=indented), list(PRINTED_CATEGORIES),
                   labels=PRINTED_CATEGORIES)


@dataclass(frozen=True)
class Repeats:
    """Lines of 附件2 identical to an earlier line (name, location, investment, implementer)."""

    lines: pd.DataFrame  # the repeated lines, each with ``original_line``: the line of the one it repeats
    investment_wan: float  # their investment, which every total of the project counts as printed


REPEAT_COLUMNS = ["project_id", "name", "location", "implementer", "investment_wan", "source_line",
                  "duplicate_of", "original_line"]


def repeated_lines(projects: pd.DataFrame) -> Repeats:
    """The lines whose ``duplicate_of`` names an earlier line, with that line's source line."""
    repeats = projects[projects["duplicate_of"] != ""]
    originals = projects.set_index("project_id").loc[repeats["duplicate_of"], "source_line"].to_numpy()
    lines = repeats.assign(original_line=originals).reset_index(drop=True)
    return Repeats(lines=lines, investment_wan=float(lines["investment_wan"].sum()))


def repeats_table(repeats: Repeats) -> pd.DataFrame:
    """Display table of :func:`repeated_lines`."""
    return present(repeats.lines, REPEAT_COLUMNS)


def status_counts(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """Checks per level (rows, in LEVEL_LABELS order) and status, and their total (``checks``)."""
    table = pd.crosstab(reconciliation["level"], reconciliation["status"])
    table = table.reindex(index=[lv for lv in LEVEL_LABELS if lv in table.index],
                          columns=list(CHECK_STATUS_LABELS), fill_value=0)
    table["checks"] = table.sum(axis=1)
    return table.rename_axis(index="level", columns=None).reset_index()
