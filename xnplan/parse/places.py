"""Where a line of the raw text stands in the published document: page (from the 目录) and headings.

Readers of the plan have the published document, not the text file: a figure is cited by its page and
section ("第30–32页 第五章 一、 (三) 专栏9"), never by a line number of the file.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import pandas as pd

from xnplan.errors import PlanParseError


class Places:
    """The places of the lines of one plan: its outline and the headings of 附件2, read once.

    ``outline``: the outline table; ``categories``: project_categories with ``detail_line``."""

    def __init__(self, outline: pd.DataFrame, categories: pd.DataFrame) -> None:
        self._entries = outline.sort_values("source_line", kind="stable").to_dict("records")
        self._starts = [int(e["source_line"]) for e in self._entries]
        self._by_id = {e["outline_id"]: e for e in self._entries}
        headings = categories[categories["detail_line"].notna()].sort_values("detail_line", kind="stable")
        self._headings = headings.to_dict("records")
        self._heading_lines = [int(h["detail_line"]) for h in self._headings]

    def of(self, line: int) -> str:
        """Where raw text line ``line`` is in the published document: "第30–32页 第五章 一、 (三) 专栏9".

        The page is the one the 目录 prints for the deepest heading containing the line (a 专栏 has
        none: its section's), or a range up to the page of the next heading when that is later. In
        附件1 and 附件2 the attachment is named; in 附件2 also the category or subcategory heading the
        line stands under. Lines before the first chapter are the preface.
        """
        pages, where = self._located(line)
        return f"{pages} {where}".strip()

    def page(self, line: int) -> str:
        """The printed page(s) of raw text line ``line``: 第30页, 第30–32页 (:meth:`of` without the
        headings); '' when the 目录 gives no page for it."""
        return self._located(line)[0]

    def _located(self, line: int) -> tuple[str, str]:
        """(pages, headings) of a line, the two parts of :meth:`of`."""
        opened = self._entries[: bisect_right(self._starts, line)]
        inside = [e for e in opened if line <= e["line_end"]]
        if not inside:
            return self._outside(line)
        deepest = inside[-1]
        chain = self._chain(deepest)
        pages = self._pages(chain, line)
        if deepest["level"] == "attachment":
            where = f"{deepest['label']}{deepest['title']}"
            if deepest["label"] == "附件2":
                where += self._library_heading(line)
            return pages, where
        return pages, " ".join(str(entry["label"]) for entry in chain)

    def _pages(self, chain: list[dict], line: int) -> str:
        """第30–32页: the page the 目录 prints for the deepest paged heading of ``chain``, up to the next
        paged heading's page; '' when no heading of the chain has a page (a 目录 that lost them)."""
        paged = [e for e in chain if pd.notna(e["toc_page"])]
        if not paged:
            return ""
        page = int(paged[-1]["toc_page"])
        later = [e for e in self._entries[bisect_right(self._starts, line) :] if pd.notna(e["toc_page"])]
        if not later:
            return f"第{page}页起"
        if int(later[0]["toc_page"]) == page:
            return f"第{page}页"
        return f"第{page}–{int(later[0]['toc_page'])}页"

    def _outside(self, line: int) -> tuple[str, str]:
        first = self._entries[0]
        if line < first["source_line"]:
            return f"第{int(first['toc_page'])}页", f"{first['label']}之前"
        # A figure cited from outside every heading: the outline does not cover the text (a damaged copy).
        raise PlanParseError(
            f"原文第{line}行不在规划的任何章节或附件之内（最后一个标题止于第"
            f"{max(int(e['line_end']) for e in self._entries)}行）"
        )

    def _chain(self, entry: dict) -> list[dict]:
        chain = [entry]
        while chain[0]["parent_id"]:
            chain.insert(0, self._by_id[chain[0]["parent_id"]])
        return chain

    def _library_heading(self, line: int) -> str:
        """The 附件2 heading a line stands under, as printed: 「公办养老…项目」 or 「2.福利院项目」."""
        above = bisect_left(self._heading_lines, line + 1)
        if not above:
            return ""
        heading = self._headings[above - 1]
        if heading["level"] == "grand":
            return "合计行"
        name = str(heading["name_detail"])
        if heading["level"] == "subcategory":
            name = f"{int(heading['subcategory_no'])}.{name}"
        return f"「{name}」"


def with_source_pages(table: pd.DataFrame, places: Places) -> pd.DataFrame:
    """``table`` with ``source_page`` (:meth:`Places.page` of its ``source_line``; missing for a row
    without a line) right after ``source_line``, where the schemas have it (a parser's frame made
    with the schema's columns holds it empty); a table without ``source_line`` as it is."""
    if "source_line" not in table.columns:
        return table
    pages = [places.page(int(line)) if pd.notna(line) else None for line in table["source_line"]]
    paged = table.drop(columns="source_page", errors="ignore")
    paged.insert(paged.columns.get_loc("source_line") + 1, "source_page", pages)
    return paged


def place(line: int, outline: pd.DataFrame, categories: pd.DataFrame) -> str:
    """Where raw text line ``line`` is in the published document (:meth:`Places.of`); to place many
    lines of one plan, make one :class:`Places`."""
    return Places(outline, categories).of(line)
