"""The one place for display labels and formats, and the one ``present()``.

Every report table goes through :func:`present`: it turns a frame with English snake_case columns into
text with Chinese headers that carry their unit. :data:`LABELS` is the vocabulary: one entry per column
name the analyses return. Where a report gives a column name another meaning (the 13th-plan review's
``share_pct`` is the completion progress P, not a share of investment), the override dicts below say
so, and the notebook passes one as ``labels``.

A notebook of one's own needs none of this vocabulary: ``labels`` may also be plain headers, a
mapping ``{"n": "人数(人)"}`` or a list with one header per shown column, and each such column is
formatted by its type (:func:`plain_labels`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from xnplan.assess.review13 import CELL_NAMES
from xnplan.errors import DisplayLabelError
from xnplan.facts import CHECK_STATUS_WORDS, DASH
from xnplan.numbers import fixed_text, has_value, number_text
from xnplan.schema import chinese_labels

CHECK_STATUS_LABELS = CHECK_STATUS_WORDS


Formatter = Callable[[Any], str]  # a cell of a pandas column, whatever its dtype
Label = tuple[str, Formatter]


def pattern(text: str) -> Formatter:
    """A value written into ``text``, a :meth:`str.format` pattern (``前{:d}行``); — when missing."""
    return lambda v: text.format(v) if has_value(v) else DASH


def fixed(decimals: int, *, grouping: bool = True) -> Formatter:
    """A column's figures with ``decimals`` decimals (:func:`xnplan.numbers.fixed_text`): counts and
    money keep their decimals (300,150.00) so a column lines up; — when missing."""
    return lambda v: fixed_text(v, decimals, grouping=grouping)


def _named(names: dict[str, str]) -> Formatter:
    """A code shown by its Chinese name; a value without one is shown as it is."""

    def name(value: Any) -> str:
        return names.get(value, value)

    return name


def _lines(value: str | Iterable[float]) -> str:
    """Line numbers: the CSV form is already joined, the typed form is a list."""
    if isinstance(value, str):
        return value
    return ",".join(str(int(v)) for v in value)


_PCT = fixed(1, grouping=False)

# English column → (Chinese header with unit, formatter). Text columns carry no unit.
LABELS: dict[str, Label] = {
    # the project library (附件2) and its aggregates (xnplan.report.investment)
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
    "lines": ("明细行数(行)", fixed(0)),
    "units": ("设施数(个)", fixed(0)),
    "investment_wan": ("估算总投资(万元)", fixed(2)),
    "investment_yi": ("估算总投资(亿元)", fixed(2)),
    "share_pct": ("占全市比重(%)", _PCT),
    "cumulative_pct": ("累计占比(%)", _PCT),
    "investment_wan_without_largest": ("不含最大一行投资(万元)", fixed(2)),
    "lines_needed": ("所需最大项目行数(行)", fixed(0)),
    "lines_needed_without_largest": ("不含最大一行时所需行数(行)", fixed(0)),
    "top_n": ("范围", pattern("投资额最大的前{:d}行")),
    "target_pct": ("累计达到的投资占比(%)", pattern("{:g}")),
    "share_pct_without_largest": ("不含最大一行占比(%)", _PCT),
    "population": ("2020年常住人口(人)", fixed(0)),
    "yuan_per_resident": ("人均投资(元/人)", fixed(0)),
    "source_line": ("原文行号", fixed(0, grouping=False)),
    "duplicate_of": ("与之相同的项目", str),
    "original_line": ("相同项目的原文行号", fixed(0, grouping=False)),
    # indicator tables and the 13th-plan review (xnplan.assess.review13); values as printed, so the
    # unit is in the 单位 column of the same row
    "indicator_id": ("编号", str),
    "unit": ("单位", str),
    "value_2015": ("2015年实际值", number_text),
    "target_2020": ("2020年目标值", number_text),
    "actual_2020": ("2020年实际值", number_text),
    "attribute": ("属性", str),
    "reported_status": ("规划所列完成情况", str),
    "holds": ("“完成”是否成立", str),
    "attainment_pct": ("实际值/目标值(%)", _PCT),
    "cells_missing": ("缺失单元格", _named(CELL_NAMES)),
    "note": ("说明", str),
    # reconciliation checks
    "check_id": ("核对编号", str),
    "item": ("核对项", str),
    "stated_source": ("印刷来源", str),
    "stated": ("印刷值", number_text),
    "computed": ("对照值", number_text),
    "difference": ("差额", number_text),
    "status": ("状态", _named(CHECK_STATUS_LABELS)),
    "explanation": ("说明", str),
    "evidence_lines": ("相关行号", _lines),
    # findings of the data-quality report (the findings table, xnplan.report.data_quality.findings)
    "finding": ("发现", str),
    "source_lines": ("原文行号", _lines),
    "place": ("出处(规划页码与章节)", str),
    "status_label": ("状态", str),
}

# The 13th-plan review: its rows are indicators, its class is the method's verdict and its progress
# is the completion progress P = (2020 actual − 2015 actual) / (2020 target − 2015 actual), as text.
REVIEW13: dict[str, Label] = {
    "name": ("指标名称", str),
    "verdict": ("按方法核对", str),
    "progress": ("完成进度P(%)", str),  # xnplan.report.baseline_review.progress_in_words
}

# Concentration: the share of the largest lines with all lines and without the single largest one.
TOP_SHARES: dict[str, Label] = {
    "share_pct": ("全部项目:占总投资(%)", _PCT),
    "share_pct_without_largest": ("不含最大一行:占总投资(%)", _PCT),
}


# The printed figures of project_categories next to those of the rows, headed as in the stored table
# (明细合计投资, not the library's 估算总投资), every figure as the plan prints it.
_CATEGORY_FIGURES = (
    "summary_count",
    "detail_count",
    "rows",
    "units",
    "summary_total_wan",
    "detail_total_wan",
    "investment_wan",
)
PRINTED_CATEGORIES: dict[str, Label] = {
    "name_detail": (chinese_labels("project_categories")["name_detail"], str),
    **{c: (chinese_labels("project_categories")[c], number_text) for c in _CATEGORY_FIGURES},
}

# Checks per kind of finding and status (xnplan.report.data_quality.kind_counts).
CHECK_COUNTS: dict[str, Label] = {
    "kind": ("核对内容", str),
    **{status: (f"{label}(项)", fixed(0)) for status, label in CHECK_STATUS_LABELS.items()},
    "checks": ("合计(项)", fixed(0)),
}


def share_of(county: str) -> dict[str, Label]:
    """``share_pct`` of a table about one county: the share of that county's total, not the city's."""
    return {"share_pct": (f"占{county}合计比重(%)", _PCT)}


# What a notebook may pass as ``labels``: entries of the vocabulary's kind, plain headers by column,
# or one plain header per shown column, in order.
Labels = Mapping[str, Label | str] | Sequence[str]


def present(
    frame: pd.DataFrame,
    columns: Iterable[str] | None = None,
    labels: Labels | None = None,
    *,
    formatted: bool = True,
) -> pd.DataFrame:
    """Formatted copy for display: values as text, Chinese headers with units, default index.

    ``labels`` overrides entries of :data:`LABELS` for one table (:data:`REVIEW13`,
    :data:`PRINTED_CATEGORIES`, :data:`CHECK_COUNTS`, :func:`share_of`), or gives plain headers
    (:func:`plain_labels`). Every shown column must have a label, so no header goes out without its
    unit. ``formatted=False`` keeps the values as they are (numbers stay numbers; lists become
    comma-joined text) under the same headers: the form a table is downloaded in.
    """
    columns = list(frame.columns) if columns is None else list(columns)
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise DisplayLabelError(
            f"表中没有列 {'、'.join(map(str, absent))}（表的列：{'、'.join(map(str, frame.columns))}）"
            f"（no column {', '.join(map(str, absent))} in the table）"
        )
    chosen = {**LABELS, **plain_labels(frame[columns], labels or {})}
    unknown = [c for c in columns if c not in chosen]
    if unknown:
        raise DisplayLabelError(
            f"列 {'、'.join(map(str, unknown))} 没有中文表头：用 labels 给出，"
            f"如 labels={{{unknown[0]!r}: '表头(单位)'}}，或按列的顺序给出表头列表"
            f"（no display label for column(s) {', '.join(map(str, unknown))}）"
        )
    shown = {chosen[c][0]: frame[c].map(chosen[c][1] if formatted else _plain) for c in columns}
    return pd.DataFrame(shown).reset_index(drop=True)


def plain_labels(frame: pd.DataFrame, labels: Labels) -> dict[str, Label]:
    """``labels`` as entries of the vocabulary's kind. A plain header (a mapping's text value, or the
    n-th text of a list for the n-th column of ``frame``) gets the formatter of its column's type:
    whole numbers with thousands separators (1,234), other numbers with two decimals (0.50), true and
    false as 是/否, anything else as text; a missing value is —. DisplayLabelError for a list of
    another length than the columns, or a label that is neither a header nor (header, formatter)."""
    if isinstance(labels, str) or not isinstance(labels, Mapping | Sequence):
        raise DisplayLabelError(
            f"labels 应为 {{列名: 表头}} 或表头列表，实为 {labels!r}（labels: a mapping or a list）"
        )
    if not isinstance(labels, Mapping):
        if len(labels) != len(frame.columns):
            raise DisplayLabelError(
                f"给了 {len(labels)} 个表头，表要显示 {len(frame.columns)} 列"
                f"（{'、'.join(map(str, frame.columns))}）（one header per shown column）"
            )
        labels = dict(zip(frame.columns, labels, strict=True))
    return {column: _label(frame, column, label) for column, label in labels.items()}


def _label(frame: pd.DataFrame, column: str, label: Label | str) -> Label:
    if isinstance(label, str):
        return (label, _by_type(frame[column]) if column in frame.columns else _text)
    if isinstance(label, tuple) and len(label) == 2 and isinstance(label[0], str) and callable(label[1]):
        return label
    raise DisplayLabelError(
        f"列 {column} 的标签应为表头文字，或 (表头, 格式函数) 如 ('占比(%)', fixed(1))，实为 {label!r}"
        f"（a header, or a (header, formatter) pair）"
    )


def _by_type(values: pd.Series) -> Formatter:
    """The formatter of a plain header's column, by its type."""
    if pd.api.types.is_bool_dtype(values):
        return lambda v: ("是" if v else "否") if has_value(v) else DASH
    if pd.api.types.is_integer_dtype(values):
        return fixed(0)
    if pd.api.types.is_float_dtype(values):
        return fixed(2)
    return _text


def _text(value: Any) -> str:
    return str(value) if has_value(value) else DASH


def _plain(value: Any) -> object:
    """A cell as a spreadsheet holds it: lists (line numbers) joined, everything else unchanged."""
    if isinstance(value, (list, tuple)) or (
        hasattr(value, "tolist") and not isinstance(value, (str, bytes)) and getattr(value, "ndim", 0) == 1
    ):
        return _lines(value)
    return value
