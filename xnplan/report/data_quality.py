"""The data-quality findings: reconciliation rows and printed-vs-rows differences as Chinese sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from xnplan.numbers import number_text
from xnplan.report.present import LEVEL_LABELS, STATUS_LABELS


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
