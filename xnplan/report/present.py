"""One set of display labels and one ``present()``: report tables with Chinese headers that carry units."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

STATUS_LABELS = {"ok": "一致", "mismatch": "不一致", "ambiguous": "存疑"}
LEVEL_LABELS = {"grand": "总计", "category": "大类", "subcategory": "小类", "cross-table": "表间",
                "narrative": "正文"}


Formatter = Callable[[object], str]


def _fmt(pattern: str) -> Formatter:
    return lambda v: "—" if pd.isna(v) else pattern.format(v)


# English column → (Chinese header with unit, formatter). Text columns carry no unit.
LABELS: dict[str, tuple[str, Formatter]] = {
    "project_id": ("项目编号", str),
    "category": ("大类", str),
    "subcategory": ("小类", str),
    "item_class": ("类别(小类,无小类时为大类)", str),
    "county": ("县市区", str),
    "township": ("乡镇街道", str),
    "name": ("项目名称", str),
    "location": ("拟建地点", str),
    "implementer": ("实施主体", str),
    "implementer_type": ("实施主体类型", str),
    "sector": ("性质", str),
    "lines": ("明细行数(行)", _fmt("{:,.0f}")),
    "units": ("设施数(个)", _fmt("{:,.0f}")),
    "investment_wan": ("估算总投资(万元)", _fmt("{:,.2f}")),
    "investment_yi": ("估算总投资(亿元)", _fmt("{:,.2f}")),
    "share_pct": ("占全市比重(%)", _fmt("{:.1f}")),
    "cumulative_pct": ("累计占比(%)", _fmt("{:.1f}")),
    "investment_wan_without_largest": ("不含最大一行投资(万元)", _fmt("{:,.2f}")),
    "lines_needed": ("所需最大项目行数(行)", _fmt("{:,.0f}")),
    "lines_needed_without_largest": ("不含最大一行时所需行数(行)", _fmt("{:,.0f}")),
    "top_n": ("范围", _fmt("投资额最大的前{:d}行")),
    "target_pct": ("累计达到的投资占比(%)", _fmt("{:g}")),
    "share_pct_without_largest": ("不含最大一行占比(%)", _fmt("{:.1f}")),
    "population": ("2020年常住人口(人)", _fmt("{:,.0f}")),
    "yuan_per_resident": ("人均投资(元/人)", _fmt("{:,.0f}")),
    "source_line": ("原文行号", _fmt("{:.0f}")),
}


def present(frame: pd.DataFrame, columns: list[str] | None = None,
            labels: dict[str, tuple[str, Formatter]] | None = None) -> pd.DataFrame:
    """Formatted copy for display: values as text, Chinese headers with units, default index.

    ``labels`` adds or overrides entries of :data:`LABELS` (e.g. a share of a county instead of the
    city). Every shown column must have a label, so no header goes out without its unit.
    """
    chosen = {**LABELS, **(labels or {})}
    columns = list(frame.columns) if columns is None else columns
    unknown = [c for c in columns if c not in chosen]
    if unknown:
        raise KeyError(f"no display label for column(s) {', '.join(unknown)}")
    return pd.DataFrame({chosen[c][0]: frame[c].map(chosen[c][1]) for c in columns}).reset_index(drop=True)
