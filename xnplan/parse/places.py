"""Where a line of the raw text stands in the published document: page (from the 目录) and headings.

Readers of the plan have the published document, not the text file: a figure is cited by its page and
section ("第30–32页 第五章 一、 (三) 专栏9"), never by a line number of the file.
"""

from __future__ import annotations

import pandas as pd

from xnplan.errors import XnplanError


def place(line: int, outline: pd.DataFrame, categories: pd.DataFrame) -> str:
    """Where raw text line ``line`` is in the published document: "第30–32页 第五章 一、 (三) 专栏9".

    The page is the one the 目录 prints for the deepest heading containing the line (a 专栏 has
    none: its section's), or a range up to the page of the next heading when that is later. In 附件1
    and 附件2 the attachment is named; in 附件2 also the category or subcategory heading the line
    stands under (``categories``: project_categories with ``detail_line``). Lines before the first
    chapter are the preface.
    """
    starts = outline.sort_values("source_line")
    inside = starts[(starts["source_line"] <= line) & (line <= starts["line_end"])]
    first = starts.iloc[0]
    if inside.empty:
        if line < first["source_line"]:
            return f"第{int(first['toc_page'])}页 {first['label']}之前"
        raise XnplanError(
            f"原文第{line}行不在规划的任何章节或附件之内（最后一个标题止于第"
            f"{int(starts['line_end'].max())}行）"
        )
    deepest = inside.iloc[-1]
    chain = _chain(deepest, outline.set_index("outline_id"))
    paged = [entry for entry in chain if pd.notna(entry["toc_page"])]
    page = int(paged[-1]["toc_page"])
    later = starts[(starts["source_line"] > line) & starts["toc_page"].notna()]
    pages = (
        f"第{page}页起"
        if later.empty
        else f"第{page}页"
        if int(later.iloc[0]["toc_page"]) == page
        else f"第{page}–{int(later.iloc[0]['toc_page'])}页"
    )
    if deepest["level"] == "attachment":
        where = f"{deepest['label']}{deepest['title']}"
        if deepest["label"] == "附件2":
            where += _library_heading(line, categories)
        return f"{pages} {where}"
    return f"{pages} " + " ".join(str(entry["label"]) for entry in chain)


def _chain(entry: pd.Series, by_id: pd.DataFrame) -> list[pd.Series]:
    chain = [entry]
    while chain[0]["parent_id"]:
        chain.insert(0, by_id.loc[chain[0]["parent_id"]].rename(chain[0]["parent_id"]))
    return chain


def _library_heading(line: int, categories: pd.DataFrame) -> str:
    """The 附件2 heading a line stands under, as printed: 「公办养老…项目」 or 「2.福利院项目」."""
    above = categories[categories["detail_line"] <= line].sort_values("detail_line")
    if above.empty:
        return ""
    heading = above.iloc[-1]
    if heading["level"] == "grand":
        return "合计行"
    name = str(heading["name_detail"])
    if heading["level"] == "subcategory":
        name = f"{int(heading['subcategory_no'])}.{name}"
    return f"「{name}」"
