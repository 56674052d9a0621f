"""One pandera schema per table: the single source of column names, types, Chinese labels and docs.

``title`` is the Chinese column label used in plan.xlsx; ``description`` documents the column and
feeds datapackage.json. Units live in the label (万元, %) so every header carries its unit.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
import pyarrow

from xnplan import facts
from xnplan.facts import COUNTIES, TERRITORIES, WHOLE_CITY

# What a check found (the reconciliation's and the findings' ``status``); not a project's status.
CHECK_STATUSES = ("ok", "mismatch", "ambiguous")
RECONCILIATION_LEVELS = ("grand", "category", "subcategory", "cross-table", "narrative")
# What a check compares, one family of checks each (the reconciliation's ``compares``); each check
# module names its own family ``COMPARES``.
CHECK_FAMILIES = ("library", "prose-table", "prose-library", "prose", "table-cell")
# Where a stated figure is printed (the reconciliation's stated_source): an attachment, the prose, a
# 专栏 (专栏9) or one of the two indicator tables.
STATED_IN_ATTACHMENTS = ("附件1", "附件2")
STATED_IN_PROSE = "正文"
STATED_IN_TABLE_13TH = "十三五主要指标完成情况表"
STATED_IN_TABLE_14TH = "十四五主要指标表"
STATED_SOURCE_PATTERN = (
    "^("
    + "|".join(
        [
            *map(re.escape, (*STATED_IN_ATTACHMENTS, STATED_IN_PROSE)),
            r"专栏\d+",
            *map(re.escape, (STATED_IN_TABLE_13TH, STATED_IN_TABLE_14TH)),
        ]
    )
    + ")$"
)
# The kinds of finding, in the order a reader meets them (their titles: xnplan.check.kinds).
FINDING_KINDS = ("sums", "attachments", "counts", "repeats", "prose_tables", "table_cells", "prose_library")
# A list of line numbers: list<int64> in Parquet, so readers get the list back without parsing text.
EVIDENCE_LINES = pd.ArrowDtype(pyarrow.list_(pyarrow.int64()))


def _col(
    dtype, title: str, description: str, *, nullable: bool = False, checks=None, unique: bool = False
) -> pa.Column:
    return pa.Column(
        dtype, checks=checks, nullable=nullable, unique=unique, title=title, description=description
    )


def _table(
    name: str,
    title: str,
    description: str,
    columns: dict[str, pa.Column],
    *,
    producer: str,
    primary_key: list[str] | None = None,
) -> pa.DataFrameSchema:
    """``producer``: the function whose rows the table holds (docs/architecture.md shows the flow)."""
    return pa.DataFrameSchema(
        columns,
        name=name,
        title=title,
        description=description,
        strict=True,
        ordered=True,
        coerce=True,
        metadata={"primary_key": primary_key or [], "producer": producer},
    )


SOURCE_LINE = "1-based line of the row's first cell in the raw plan text"
SOURCE_PAGE = (
    "Printed page of the published plan holding source_line, from its 目录: 第N页, or 第N–M页 where "
    "the 目录 lists no heading between (in 附件2 the whole library), 第N页起 after its last heading; "
    "empty without source_line"
)  # a parser's own frame holds it empty: xnplan.store.assemble places every table's rows
UNIT_SOURCES = ("printed", "restored", "inferred", "missing")
UNIT_SOURCE = (
    "printed; restored (the copy lost '/' or '%': (元月) → 元/月, a bare '(' → %); "
    "inferred (no unit printed, taken from the prose stating the same figure); missing"
)

PROJECTS = _table(
    "projects",
    "项目库明细",
    "One row per line item of 附件2 (project library detail).",
    {
        "project_id": _col(
            str,
            "项目编号",
            "P{category_no}.{subcategory_no}.{seq:03d} in document order",
            unique=True,
            checks=pa.Check.str_matches(r"^P\d+\.\d+\.\d{3}$"),
        ),
        "category_no": _col(int, "大类序号", "Category number, 1-based in document order"),
        "category": _col(str, "大类", "Category name as printed in 附件2"),
        "category_code": _col(str, "大类代码", "Stable ASCII code of the category"),
        "subcategory_no": _col(
            int, "小类序号", "Subcategory number as printed; 0 when the category has none"
        ),
        "subcategory": _col(str, "小类", "Subcategory name as printed in 附件2; empty when none"),
        "subcategory_code": _col(str, "小类代码", "Stable ASCII code of the subcategory; empty when none"),
        "seq": _col(int, "序号", "Sequence number printed in the row"),
        "name": _col(str, "项目名称", "Project name as printed"),
        "location": _col(str, "拟建地点", "Planned location as printed"),
        "implementer": _col(str, "实施主体", "Implementing body as printed"),
        "investment_wan": _col(
            float, "估算总投资(万元)", "Estimated total investment in 万元 as printed", checks=pa.Check.ge(0)
        ),
        "units": _col(
            int, "设施数(个)", "Facilities in the line: a count in the name, else 1", checks=pa.Check.ge(1)
        ),
        "units_source": _col(
            str,
            "设施数来源",
            "'name' when read from the name, 'default' when 1",
            checks=pa.Check.isin(["name", "default"]),
        ),
        "county": _col(
            str,
            "县市区",
            "Responsible county-level unit (rule: docs/projects.md#county)",
            checks=pa.Check.isin(list(COUNTIES)),
        ),
        "township": _col(str, "乡镇街道", "镇/乡/街道/办事处 named in the name or location; empty if none"),
        "placed_by_location": _col(
            bool,
            "乡镇取自拟建地点",
            "True when the township is read from the location because the name names none: a county-wide "
            "package (通山县187个村级留守儿童活动中心, at 通山县通羊镇) is then placed at the seat that runs "
            "it, not where its facilities stand",
        ),
        "implementer_type": _col(
            str,
            "实施主体类型",
            "Kind of implementing body (government, enterprise …)",
            checks=pa.Check.isin(["民政部门", "企业", "村/社区", "乡镇政府/街道", "事业单位/机构", "其他"]),
        ),
        "duplicate_of": _col(
            str,
            "重复于",
            "project_id of an earlier line with the same name, location, "
            "investment and implementer; empty when none",
        ),
        "source_line": _col(int, "原文行号", SOURCE_LINE, checks=pa.Check.ge(1)),
        "source_page": _col(str, "规划页码", SOURCE_PAGE, nullable=True),
    },
    producer="xnplan.parse.projects.parse_projects",
    primary_key=["project_id"],
)

PROJECT_CATEGORIES = _table(
    "project_categories",
    "项目分类汇总",
    "One row per category and subcategory: figures stated in 附件1 and in 附件2's headers, and what the "
    "rows of 附件2 add up to.",
    {
        "category_no": _col(int, "大类序号", "Category number; 0 for the grand total (合计) row"),
        "subcategory_no": _col(int, "小类序号", "Subcategory number; 0 for the category row itself"),
        "level": _col(
            str,
            "层级",
            "'grand' (合计), 'category' or 'subcategory'",
            checks=pa.Check.isin(["grand", "category", "subcategory"]),
        ),
        "code": _col(str, "代码", "category_code or subcategory_code"),
        "name_summary": _col(
            str, "名称(附件1)", "Name as printed in 附件1; empty when absent", nullable=True
        ),
        "name_detail": _col(str, "名称(附件2)", "Name as printed in 附件2's header", nullable=True),
        "summary_count": _col(float, "附件1项目个数(个)", "Count stated in 附件1", nullable=True),
        "summary_total_wan": _col(
            float, "附件1估算总投资(万元)", "Total stated in 附件1 (万元)", nullable=True
        ),
        "detail_count": _col(float, "附件2项目个数(个)", "Count stated in 附件2's header", nullable=True),
        "detail_total_wan": _col(
            float, "附件2估算总投资(万元)", "Total stated in 附件2's header (万元)", nullable=True
        ),
        "rows": _col(int, "明细行数(行)", "Project lines of 附件2 under this header"),
        "units": _col(int, "设施数(个)", "Sum of facility units of those lines"),
        "investment_wan": _col(float, "明细合计投资(万元)", "Sum of investment of those lines (万元)"),
        "summary_line": _col("Int64", "附件1行号", "Line of the 附件1 row", nullable=True),
        "detail_line": _col("Int64", "附件2行号", "Line of the 附件2 header", nullable=True),
    },
    producer="xnplan.parse.projects.parse_projects",
    primary_key=["category_no", "subcategory_no"],
)

_KIND = (
    "Kind of finding: sums (a printed total against the rows or its printed parts), attachments "
    "(附件1 against 附件2), counts (a printed project count), repeats (a line that repeats "
    "another), prose_tables (the prose against itself or the indicator tables), table_cells (a "
    "table row printed with a cell missing), prose_library (the prose against the project library)"
)
_PLACE_OF_FIGURES = (
    "Where the stated figure is printed in the published document: pages from the 目录 and "
    "headings (in 附件2 the category heading); for a check against a figure printed elsewhere, "
    "that place too, after '；'"
)

RECONCILIATION = _table(
    "reconciliation",
    "一致性核对",
    "One row per check of a printed figure against what the rows, the other table or the prose imply "
    "(built by xnplan.check.run_all).",
    {
        "check_id": _col(
            str,
            "核对编号",
            "Stable identifier of the check, made of what it compares (合计 G, 大类 C1, 小类 C1.2, a "
            "project, indicator, baseline or target id, a 专栏, a curated link's link_id), not of the "
            "line it stands on",
            unique=True,
        ),
        "level": _col(
            str,
            "层级",
            "grand / category / subcategory / cross-table / narrative",
            checks=pa.Check.isin(list(RECONCILIATION_LEVELS)),
        ),
        "compares": _col(
            str,
            "核对类别",
            "What the check compares: library (the project library with "
            "itself: 附件1 and 附件2's printed counts and totals against the rows and each "
            "other, repeated lines); prose-table (a prose figure or target against an "
            "indicator table); prose-library (the prose against the project library); prose "
            "(a prose figure against the prose's own figures: growth rates, 其中 parts); "
            "table-cell (a table's printed cells against its columns)",
            checks=pa.Check.isin(list(CHECK_FAMILIES)),
        ),
        "kind": _col(str, "发现类别", _KIND, checks=pa.Check.isin(list(FINDING_KINDS))),
        "subject": _col(
            str,
            "核对对象",
            "What the check is about, as printed: 合计, a category or subcategory (大类1「…」 as the "
            "stated table names it), an indicator, a prose measure, a facility",
        ),
        "item": _col(str, "核对项", "What is checked, in Chinese, the unit in parentheses"),
        "stated_source": _col(
            str,
            "印刷来源",
            f"Where the stated figure is printed: {', '.join(STATED_IN_ATTACHMENTS)}, {STATED_IN_PROSE}, "
            f"专栏N, {STATED_IN_TABLE_13TH} or {STATED_IN_TABLE_14TH}",
            checks=pa.Check.str_matches(STATED_SOURCE_PATTERN),
        ),
        "computed_source": _col(
            str,
            "对照值来源",
            "Where the computed figure is printed when a check sets "
            "附件1's figure against 附件2's (附件2); empty when the check works the "
            "computed figure out (from rows, parts, other figures)",
            checks=pa.Check.isin(["", "附件2"]),
        ),
        "stated": _col(float, "印刷值", "The stated figure, in unit", nullable=True),
        "computed": _col(float, "计算值", "What the rows or other figures imply, in unit", nullable=True),
        "difference": _col(float, "差额", "stated − computed, in unit", nullable=True),
        "unit": _col(
            str,
            "单位",
            "Unit of stated, computed and difference (万元, 个, %, 元/月 …); empty "
            "when the figures are not amounts (a repeated line, a named facility found or not)",
        ),
        "status": _col(str, "状态", "ok / mismatch / ambiguous", checks=pa.Check.isin(list(CHECK_STATUSES))),
        "explanation": _col(
            str,
            "说明",
            "Plain-language explanation in Chinese of what differs and why, citing lines of the plan "
            "text (第N行) and other checks (核对项 and its check_id); worded by the check's kind "
            "(xnplan.check.wording)",
        ),
        "source_line": _col("Int64", "原文行号", "Line of the stated figure", nullable=True),
        "source_page": _col(str, "规划页码", SOURCE_PAGE, nullable=True),
        "evidence_lines": _col(
            EVIDENCE_LINES,
            "相关行号",
            "Other lines involved, in text order: a list "
            "in Parquet, comma separated in CSV and plan.xlsx (an empty cell: none)",
        ),
        "place": _col(str, "出处(规划页码与章节)", _PLACE_OF_FIGURES),
        "finding_id": _col(
            str,
            "发现编号",
            "findings.finding_id of the finding this check belongs to; checks with the same "
            "finding_id restate one printed figure",
        ),
    },
    producer="xnplan.check.run_all",
    primary_key=["check_id"],
)

FINDINGS = _table(
    "findings",
    "核对发现",
    "One row per distinct finding of the reconciliation: the checks of one printed figure (附件1 and "
    "附件2 printing the same figure, or one print against its rows and its parts that add up to them) "
    "gathered into one row, in the order of the data-quality report (by kind, then status).",
    {
        "finding_id": _col(
            str, "发现编号", "check_id of the first check it gathers (reconciliation.finding_id)", unique=True
        ),
        "kind": _col(str, "发现类别", _KIND, checks=pa.Check.isin(list(FINDING_KINDS))),
        "status": _col(str, "状态", "ok / mismatch / ambiguous", checks=pa.Check.isin(list(CHECK_STATUSES))),
        "checks": _col(
            int, "核对项数(项)", "How many checks of the reconciliation it gathers", checks=pa.Check.ge(1)
        ),
        "subject": _col(
            str, "核对对象", "What it is about, as its first check names it (reconciliation.subject)"
        ),
        "stated": _col(
            float, "印刷值", "The printed figure, in unit; empty when no amount is compared", nullable=True
        ),
        "computed": _col(
            float,
            "对照值",
            "The figure it is compared with, in unit; empty when no amount is compared",
            nullable=True,
        ),
        "difference": _col(float, "差额", "stated − computed, in unit", nullable=True),
        "unit": _col(str, "单位", "Unit of the figures; empty when they are not amounts"),
        "finding": _col(
            str,
            "发现",
            "The finding in plain Chinese, citing the published document's pages and headings instead "
            "of text lines, and another check by the title of its kind",
        ),
        "place": _col(str, "出处(规划页码与章节)", _PLACE_OF_FIGURES + " (for every check it gathers)"),
        "explanation": _col(str, "说明", "The explanations of the checks it gathers, one after another"),
        "source_lines": _col(
            EVIDENCE_LINES, "原文行号", "Lines of the stated figures of its checks, in text order"
        ),
        "evidence_lines": _col(EVIDENCE_LINES, "相关行号", "Other lines its checks involve, in text order"),
    },
    producer="xnplan.check.run_all",
    primary_key=["finding_id"],
)

# The columns both indicator tables (13th and 14th plan) read from a printed row the same way.
_PRINTED_INDICATOR = {
    "name": _col(str, "指标名称", "Indicator name as printed, lost unit characters removed"),
    "unit": _col(str, "单位", "Unit, restored where the copy lost % or /"),
    "unit_source": _col(str, "单位来源", UNIT_SOURCE, checks=pa.Check.isin(list(UNIT_SOURCES))),
}

INDICATORS_13TH = _table(
    "indicators_13th",
    "十三五主要指标完成情况",
    "The 13th-plan completion table (第一章 八).",
    {
        "indicator_id": _col(str, "指标编号", "I13-01 … I13-08; sub-row I13-04a", unique=True),
        **_PRINTED_INDICATOR,
        "unit_evidence_line": _col(
            "Int64", "单位依据行号", "Prose line the unit was inferred from", nullable=True
        ),
        "value_2015": _col(float, "2015年实际值", "2015 actual", nullable=True),
        "target_2020": _col(float, "2020年目标值", "2020 target", nullable=True),
        "actual_2020": _col(float, "2020年实际值", "2020 actual", nullable=True),
        "attribute": _col(str, "属性", "约束性 or 预期性", checks=pa.Check.isin(list(facts.ATTRIBUTES))),
        "reported_status": _col(str, "完成情况", "Status as printed (完成 …)"),
        "parent_id": _col(str, "上级指标", "indicator_id of the parent for a 其中 sub-row, else empty"),
        "cells_missing": _col(str, "缺失单元格", "Which value cell was inferred missing, else empty"),
        "source_line": _col(int, "原文行号", SOURCE_LINE),
        "source_page": _col(str, "规划页码", SOURCE_PAGE, nullable=True),
    },
    producer="xnplan.parse.indicators.parse_indicators",
    primary_key=["indicator_id"],
)

INDICATORS_14TH = _table(
    "indicators_14th",
    "十四五主要指标",
    "The 14th-plan main-indicator table (第二章 四).",
    {
        "indicator_id": _col(str, "指标编号", "I14-01 … I14-12", unique=True),
        **_PRINTED_INDICATOR,
        "target_2025": _col(float, "目标值", "Target value"),
        "deadline_year": _col(int, "目标年份", "2022 where the name says so, else 2025"),
        "attribute": _col(str, "属性", "约束性 or 预期性", checks=pa.Check.isin(list(facts.ATTRIBUTES))),
        "source_line": _col(int, "原文行号", SOURCE_LINE),
        "source_page": _col(str, "规划页码", SOURCE_PAGE, nullable=True),
    },
    producer="xnplan.parse.indicators.parse_indicators",
    primary_key=["indicator_id"],
)

OUTLINE_LEVELS = ("chapter", "section", "subsection", "box", "attachment")
COMPARATORS = (">=", "=", "<=")

OUTLINE = _table(
    "outline",
    "规划纲目",
    "Chapters, sections, subsections, 专栏 boxes and attachments of the plan body "
    "(the table of contents is not the body; its page numbers are in toc_page).",
    {
        "outline_id": _col(
            str, "纲目编号", "C3 chapter, C3.2 section, C3.2.5 subsection, B9 专栏, A1 附件", unique=True
        ),
        "level": _col(
            str,
            "层级",
            "chapter / section / subsection / box / attachment",
            checks=pa.Check.isin(list(OUTLINE_LEVELS)),
        ),
        "label": _col(str, "序号", "Numbering as printed: 第三章, 二、, (五), 专栏9, 附件1"),
        "number": _col(int, "编号", "The number in the label as an integer"),
        "title": _col(str, "标题", "Title as printed, without the numbering"),
        "parent_id": _col(str, "上级纲目", "outline_id of the enclosing heading; empty for chapters"),
        "toc_page": _col(
            "Int64",
            "目录页码(页)",
            "Page number in the table of contents; empty when the heading is not listed there (专栏)",
            nullable=True,
        ),
        "source_line": _col(int, "原文行号", "Line of the heading"),
        "source_page": _col(str, "规划页码", SOURCE_PAGE, nullable=True),
        "line_end": _col(
            int,
            "结束行号",
            "Last non-blank line before the next heading of the same or a "
            "higher level (a box ends at the next heading of any kind)",
        ),
    },
    producer="xnplan.parse.outline.parse_outline",
    primary_key=["outline_id"],
)

_PLACE = {
    "chapter": _col(str, "章", "Chapter heading the row sits in"),
    "section": _col(str, "节", "Section heading (一、…); empty when directly under the chapter"),
    "subsection": _col(str, "小节", "Subsection heading ((一)…); empty when none"),
    "box": _col(str, "专栏", "专栏 heading when the row is in a box; empty otherwise"),
    "outline_id": _col(str, "纲目编号", "Innermost outline row holding the source line"),
}

TARGETS = _table(
    "targets",
    "规划文本量化目标",
    "Quantified targets stated in the prose and 专栏 boxes of chapters 2–7; one row per stated value.",
    {
        "target_id": _col(
            str, "目标编号", "T01 … in document order", unique=True, checks=pa.Check.str_matches(r"^T\d{2,}$")
        ),
        "text": _col(str, "原文", "The clause stating the target"),
        "metric": _col(str, "指标", "What is measured: the clause without deadline, comparator and value"),
        "value": _col(float, "目标值", "Target value; for a printed range (3-4所) its lower end"),
        "value_max": _col(
            float, "目标值上限", "Upper end of a printed range; empty otherwise", nullable=True
        ),
        "unit": _col(str, "单位", "%, ‰, 个, 处, 所, 名, 张, 人, 家"),
        "comparator": _col(
            str,
            "比较",
            ">= (以上, 不低于, 至少, 达到, a count to build), = (100%, 全覆盖, 全部), <= (以下, 不超过)",
            checks=pa.Check.isin(list(COMPARATORS)),
        ),
        "value_basis": _col(
            str,
            "取值依据",
            "number (printed), full_coverage (全覆盖 / 覆盖所有 → 100%), "
            "universal (全部 / 所有 / 都 / 达到…标准 → 100%)",
            checks=pa.Check.isin(["number", "full_coverage", "universal"]),
        ),
        "deadline_year": _col(int, "目标年份", "到2022年(底) → 2022; 到2025年, “十四五”末/期间/时期 → 2025"),
        "deadline_stated": _col(
            bool,
            "目标年份是否明示",
            "False when the sentence names no date and the plan period (2021-2025, line 185) gives 2025",
        ),
        **_PLACE,
        "linked_indicator_id": _col(
            str,
            "对应十四五指标",
            "indicator_id in indicators_14th for the same "
            "measure (data/raw/target_indicator_links.csv); empty when none",
        ),
        "attribute": _col(
            str,
            "属性",
            "约束性 or 预期性 as the 14th-plan main-indicator table prints it for linked_indicator_id; "
            "empty when the target is linked to no main indicator (the prose states no attribute)",
            checks=pa.Check.isin([*facts.ATTRIBUTES, ""]),
        ),
        "baseline_indicator_id": _col(
            str,
            "对应十三五指标",
            "indicator_id in indicators_13th whose 2020 actual is this measure's baseline; empty when none",
        ),
        "source_line": _col(int, "原文行号", "Line of the paragraph holding the clause"),
        "source_page": _col(str, "规划页码", SOURCE_PAGE, nullable=True),
    },
    producer="xnplan.parse.narrative.parse_targets",
    primary_key=["target_id"],
)

BASELINES = _table(
    "baselines",
    "十三五成效基数",
    "13th-plan results stated in the prose of chapter 1: growth statements (from A to B, 增长 C%) and "
    "stated 2020 counts and rates.",
    {
        "baseline_id": _col(str, "基数编号", "B01 … in document order", unique=True),
        "kind": _col(
            str,
            "类型",
            "growth (从A增长到B, 增长C%) or stock (a stated count or rate)",
            checks=pa.Check.isin(["growth", "stock"]),
        ),
        "text": _col(str, "原文", "The clause stating the figure"),
        "metric": _col(str, "指标", "What the figure measures"),
        "unit": _col(str, "单位", "元/年, 元, 个, 家, 张, 人, 万人, % …"),
        "value_from": _col(
            float,
            "起始值",
            "A in 从A增长到B (start of the 13th-plan period); empty for stock figures",
            nullable=True,
        ),
        "value_to": _col(float, "2020年值", "B in 从A增长到B, or the stated count or rate"),
        "year_from": _col(
            "Int64",
            "起始年份",
            "Year of value_from or of the growth base when printed (比2016年增长); empty when not printed",
            nullable=True,
        ),
        "stated_growth": _col(
            float,
            "印刷增长",
            "Growth as printed, in stated_growth_unit: 70.7 (增长70.7%), 22 (增长约22倍); empty when none",
            nullable=True,
        ),
        "stated_growth_unit": _col(
            str,
            "印刷增长单位",
            "% for a printed rate, 倍 for a printed multiple (kept as printed: 增长22倍 is read both as "
            "×22 and as ×23); empty when no growth is printed",
            checks=pa.Check.isin(["%", "倍", ""]),
        ),
        "computed_growth_pct": _col(
            float, "计算增长率(%)", "(value_to − value_from) / value_from × 100", nullable=True
        ),
        "consistent": _col(
            "boolean",
            "增长率一致",
            "The computed growth rounded to the printed precision "
            "equals the printed growth; empty when it cannot be computed",
            nullable=True,
        ),
        **_PLACE,
        "linked_indicator_id": _col(
            str,
            "对应十三五指标",
            "indicator_id in indicators_13th for the same "
            "measure (data/raw/baseline_indicator_links.csv); empty when none",
        ),
        "source_line": _col(int, "原文行号", "Line of the paragraph holding the clause"),
        "source_page": _col(str, "规划页码", SOURCE_PAGE, nullable=True),
    },
    producer="xnplan.parse.narrative.parse_baselines",
    primary_key=["baseline_id"],
)

CATALOGUE_KINDS = ("十四五主要指标", "正文目标", "十三五指标(十四五未设目标)")

CATALOGUE = _table(
    "catalogue",
    "指标目标清单",
    "Every item the evaluator's assessment judges: the 14th-plan main indicators, the prose targets and "
    "the 13th-plan measures the 14th plan keeps without a number. Built from the parsed tables and the "
    "curated decisions of data/raw/indicator_catalogue.csv (one reason per row); the method is in "
    "docs/target_gap.md.",
    {
        "item_id": _col(
            str,
            "编号",
            "indicator_id of indicators_14th or indicators_13th, or target_id of targets",
            unique=True,
        ),
        "kind": _col(
            str,
            "类别",
            "A 14th-plan main indicator, a prose target, or a 13th-plan measure the "
            "14th plan keeps without a target",
            checks=pa.Check.isin(list(CATALOGUE_KINDS)),
        ),
        "name": _col(str, "指标或目标", "Indicator name, or the metric of a prose target"),
        "unit": _col(
            str, "单位", "Unit of target, baseline and observations (curated where the table's was lost)"
        ),
        "direction": _col(
            int, "方向", "1 when more is better, -1 when less is better", checks=pa.Check.isin([1, -1])
        ),
        "comparator": _col(
            str,
            "比较",
            ">=, = or <=; empty for a measure without target",
            checks=pa.Check.isin([*COMPARATORS, ""]),
        ),
        "target": _col(float, "目标值", "Target in unit; empty for a measure without target", nullable=True),
        "deadline_year": _col(
            "Int64", "目标年份", "Year the target is due; empty without target", nullable=True
        ),
        "attribute": _col(
            str,
            "属性",
            "约束性 or 预期性 as the indicator table prints it: the 14th-plan table for a main indicator, "
            "the 13th-plan table for a 13th-plan measure without target; empty for a prose target",
            checks=pa.Check.isin([*facts.ATTRIBUTES, ""]),
        ),
        "target_text": _col(str, "目标", "Target as shown in the reports: ≥60%(2025年), or 未设目标"),
        "baseline": _col(
            float,
            "基线值(2020年)",
            "2020 value of the measure in unit; empty when the plan states none",
            nullable=True,
        ),
        "baseline_year": _col(
            "Int64", "基线年份", "2020 when there is a baseline, else empty", nullable=True
        ),
        "baseline_source": _col(
            str,
            "基线来源",
            "Table row or prose figure the baseline is read from, with its line; empty without baseline",
        ),
        "observation_id": _col(
            str,
            "观测编号",
            "Id evaluators file this item's observations under (the "
            "item's own, its 14th-plan indicator's or a 13th-plan indicator's)",
        ),
        "observation_name": _col(str, "观测指标", "Name of the indicator or target of observation_id"),
        "linked_indicator_id": _col(
            str, "对应十四五指标", "targets.linked_indicator_id of a prose target; empty otherwise"
        ),
        "measure_id": _col(
            str,
            "同一指标编号",
            "item_id of the item this one is judged as: itself, or the "
            "earlier item (a main indicator first) it restates with the same observation id, "
            "direction, target and deadline, which is judged and counted once",
        ),
        "reason": _col(
            str,
            "说明",
            "Why baseline, unit and observation id are what they are (curated "
            "reason, or the default rule applied)",
        ),
        "reason_zh": _col(str, "说明(中文)", "The reason in Chinese"),
        "source_line": _col(
            int, "原文行号", "Line of the indicator row or of the target's paragraph", checks=pa.Check.ge(1)
        ),
        "source_page": _col(str, "规划页码", SOURCE_PAGE, nullable=True),
    },
    producer="xnplan.parse.catalogue.build_catalogue",
    primary_key=["item_id"],
)

POPULATION = _table(
    "population",
    "2020年常住人口",
    "2020 census resident population of Xianning (全市) and its six territorial counties, copied from "
    "data/raw/population_2020.csv with its sources (data/raw/PROVENANCE.md). 市本级 is not a territory "
    "and has no population.",
    {
        "geography": _col(
            str,
            "地域",
            "全市 or a county",
            unique=True,
            checks=pa.Check.isin([WHOLE_CITY, *TERRITORIES]),
        ),
        "resident_population": _col(
            int, "常住人口(人)", "Resident population, 2020 census", checks=pa.Check.ge(1)
        ),
        "precision": _col(str, "精度", "exact, or how the source rounded it (rounded to 100 (65.76万))"),
        "share_of_city_pct": _col(
            float,
            "占全市比重(%)",
            "Share of the city's residents as published",
            checks=pa.Check.in_range(0, 100),
        ),
        "age60plus_share_pct": _col(
            float,
            "60岁及以上人口占比(%)",
            "Share aged 60 and over where the source gives it",
            nullable=True,
            checks=pa.Check.in_range(0, 100),
        ),
        "source": _col(
            str,
            "来源",
            "Where the figure is published, as the curated file writes it "
            "('same' is the row above's source, 'same as 咸安区' that row's)",
        ),
        "reliability": _col(str, "可靠性", "How directly the source reproduces the official bulletin"),
    },
    producer="xnplan.geo.population",
    primary_key=["geography"],
)


TABLES: dict[str, pa.DataFrameSchema] = {
    "projects": PROJECTS,
    "project_categories": PROJECT_CATEGORIES,
    "reconciliation": RECONCILIATION,
    "findings": FINDINGS,
    "indicators_13th": INDICATORS_13TH,
    "indicators_14th": INDICATORS_14TH,
    "outline": OUTLINE,
    "targets": TARGETS,
    "baselines": BASELINES,
    "catalogue": CATALOGUE,
    "population": POPULATION,
}


def chinese_labels(table: str) -> dict[str, str]:
    """Column name → Chinese label (with unit) for one table."""
    return {name: col.title or name for name, col in TABLES[table].columns.items()}


# The units a label may end with in brackets (估算总投资(万元)); any other bracket qualifies the label
# (名称(附件1), 基线值(2020年)) and is no unit.
LABEL_UNITS = ("万元", "%", "个", "人", "项", "行", "页")
_LABEL_END = re.compile(r"\(([^()]*)\)$")


def column_unit(label: str) -> str:
    """The unit a Chinese column label carries at its end (``估算总投资(万元)`` → 万元); '' for none."""
    found = _LABEL_END.search(label)
    return found.group(1) if found and found.group(1) in LABEL_UNITS else ""


# The Chinese twin of every table's and column's description ("" keys the table's own), for readers
# of plan.xlsx (its 说明 sheet) and of ``attrs``; tests/store/test_forms.py checks that every column
# has one. Twins of a description several columns share are written once.
_ZH_SOURCE_LINE = "该行第一个单元格在规划原文文本中的行号（从1起）"
_ZH_SOURCE_PAGE = (
    "source_line 所在的已发布规划印刷页码，据规划目录：第N页；目录在其间未列标题时为第N–M页"
    "（附件2整个项目库如此）；目录最后一个标题之后为第N页起；无原文行号时为空"
)
_ZH_KIND = (
    "发现类别：sums（印刷合计与明细行或其印刷分项之和不符）、attachments（附件1与附件2不符）、"
    "counts（印刷的项目个数）、repeats（与另一行重复的行）、prose_tables（正文与自身或指标表不符）、"
    "table_cells（表格某行印刷时缺一个单元格）、prose_library（正文与项目库不符）"
)
_ZH_STATUS = "ok（一致）/ mismatch（不一致）/ ambiguous（无法确定）"
_ZH_PLACE = (
    "印刷值在已发布规划中的位置：据目录的页码和各级标题（附件2中为大类标题）；与他处印刷值核对时，"
    "其后以“；”附上该处位置"
)
_ZH_PLACE_IN_TEXT = {
    "chapter": "该行所在的章标题",
    "section": "节标题（一、…）；直接位于章下时为空",
    "subsection": "小节标题（(一)…）；没有时为空",
    "box": "该行位于专栏时的专栏标题；否则为空",
    "outline_id": "包含原文行的最内层纲目编号",
}
_ZH_PRINTED_INDICATOR = {
    "name": "印刷的指标名称，已去掉残缺的单位字符",
    "unit": "单位；文本丢失 % 或 / 的已复原",
    "unit_source": "printed（印刷）；restored（复原：文本丢失“/”或“%”，(元月) → 元/月，单独的“(” → %）；"
    "inferred（未印单位，取自陈述同一数字的正文）；missing（缺失）",
}

DESCRIPTIONS_ZH: dict[str, dict[str, str]] = {
    "projects": {
        "": "附件2（项目库明细表）每个项目行一行。",
        "project_id": "P{大类序号}.{小类序号}.{三位序号}，按原文顺序",
        "category_no": "大类序号，按原文顺序从1起",
        "category": "附件2印刷的大类名称",
        "category_code": "大类的固定英文代码",
        "subcategory_no": "印刷的小类序号；大类下无小类时为0",
        "subcategory": "附件2印刷的小类名称；无小类时为空",
        "subcategory_code": "小类的固定英文代码；无小类时为空",
        "seq": "该行印刷的序号",
        "name": "印刷的项目名称",
        "location": "印刷的拟建地点",
        "implementer": "印刷的实施主体",
        "investment_wan": "印刷的估算总投资（万元）",
        "units": "该行的设施数：名称中写明的个数，否则为1",
        "units_source": "name（取自名称）或 default（默认为1）",
        "county": "负责的县市区级单位（规则见 docs/projects.md#county）",
        "township": "名称或拟建地点中写明的镇/乡/街道/办事处；没有时为空",
        "placed_by_location": "名称未写乡镇、乡镇取自拟建地点时为真：全县打包的项目（如通山县187个村级留守"
        "儿童活动中心，"
        "地点为通山县通羊镇）因此记在主办的县城所在镇，而非设施所在地",
        "implementer_type": "实施主体类型（政府部门、企业等）",
        "duplicate_of": "名称、地点、投资和实施主体均相同的前一行的项目编号；没有时为空",
        "source_line": _ZH_SOURCE_LINE,
        "source_page": _ZH_SOURCE_PAGE,
    },
    "project_categories": {
        "": "每个大类和小类一行：附件1和附件2标题行印刷的数字，以及附件2明细行的合计。",
        "category_no": "大类序号；合计行为0",
        "subcategory_no": "小类序号；大类本身的行为0",
        "level": "grand（合计）、category（大类）或 subcategory（小类）",
        "code": "大类代码或小类代码",
        "name_summary": "附件1印刷的名称；没有时为空",
        "name_detail": "附件2标题行印刷的名称",
        "summary_count": "附件1印刷的项目个数",
        "summary_total_wan": "附件1印刷的估算总投资（万元）",
        "detail_count": "附件2标题行印刷的项目个数",
        "detail_total_wan": "附件2标题行印刷的估算总投资（万元）",
        "rows": "该标题下附件2的项目行数",
        "units": "这些行的设施数之和",
        "investment_wan": "这些行的投资之和（万元）",
        "summary_line": "附件1该行的原文行号",
        "detail_line": "附件2该标题行的原文行号",
    },
    "reconciliation": {
        "": "每项核对一行：把一个印刷数字与明细行、另一张表或正文推算的数字相比（由 xnplan.check.run_all "
        "生成）。",
        "check_id": "核对项的固定编号，由所比较的对象组成（合计 G、大类 C1、小类 C1.2、项目、指标、"
        "基数或目标编号、"
        "专栏、人工关联的 link_id），与所在行号无关",
        "level": "grand（合计）/ category（大类）/ subcategory（小类）/ cross-table（跨表）/ "
        "narrative（正文）",
        "compares": "核对类别：library（项目库自身：附件1和附件2印刷的个数与合计对明细行及相互之间，"
        "重复行）；"
        "prose-table（正文数字或目标对指标表）；prose-library（正文对项目库）；prose（正文数字对正文自身："
        "增长率、其中分项）；table-cell（表格印刷的单元格对其各列）",
        "kind": _ZH_KIND,
        "subject": "核对对象，按印刷：合计、大类或小类（按印刷该数字的表称为大类1「…」）、指标、"
        "正文中的量、设施",
        "item": "核对的内容（中文），括号内为单位",
        "stated_source": "印刷值所在：附件1、附件2、正文、专栏N、十三五主要指标完成情况表或十四五主要指标表",
        "computed_source": "核对把附件1的数字与附件2的相比时，对照值所在（附件2）；对照值由明细行、"
        "分项或其他数字推算时为空",
        "stated": "印刷值，单位见 unit",
        "computed": "明细行或其他数字推算的值，单位见 unit",
        "difference": "印刷值 − 计算值，单位见 unit",
        "unit": "印刷值、计算值和差额的单位（万元、个、%、元/月等）；数字不是数量时为空（重复行、"
        "是否找到某设施）",
        "status": _ZH_STATUS,
        "explanation": "用中文说明何处不同、原因为何，引用规划原文行号（第N行）"
        "和其他核对项（核对项及其编号）；"
        "按核对类别措辞（xnplan.check.wording）",
        "source_line": "印刷值所在的原文行号",
        "source_page": _ZH_SOURCE_PAGE,
        "evidence_lines": "涉及的其他行号，按原文顺序：Parquet 中为列表，CSV 和 plan.xlsx "
        "中以逗号分隔（空单元格表示没有）",
        "place": _ZH_PLACE,
        "finding_id": "该核对所属发现的编号（findings.finding_id）；"
        "发现编号相同的核对是同一印刷数字的重复核对",
    },
    "findings": {
        "": "一致性核对中每个不重复的发现一行：同一印刷数字的各项核对（附件1和附件2印同一数字，"
        "或一个印刷数对其"
        "明细行和加总为它的分项）合为一行，顺序同数据质量报告（按类别，再按状态）。",
        "finding_id": "所合并的第一项核对的编号（reconciliation.finding_id）",
        "kind": _ZH_KIND,
        "status": _ZH_STATUS,
        "checks": "合并的核对项数",
        "subject": "发现所涉对象，按第一项核对的写法（reconciliation.subject）",
        "stated": "印刷值，单位见 unit；不比较数量时为空",
        "computed": "与之比较的数字，单位见 unit；不比较数量时为空",
        "difference": "印刷值 − 计算值，单位见 unit",
        "unit": "数字的单位；不是数量时为空",
        "finding": "用中文表述的发现，引用已发布规划的页码和标题（而非原文行号），以类别标题引用其他核对",
        "place": _ZH_PLACE + "（所合并的每项核对）",
        "explanation": "所合并各项核对的说明，依次排列",
        "source_lines": "各项核对印刷值所在的原文行号，按原文顺序",
        "evidence_lines": "各项核对涉及的其他行号，按原文顺序",
    },
    "indicators_13th": {
        "": "“十三五”主要指标完成情况表（第一章 八）。",
        "indicator_id": "I13-01 … I13-08；其中分项为 I13-04a",
        **_ZH_PRINTED_INDICATOR,
        "unit_evidence_line": "推断单位所依据的正文行号",
        "value_2015": "2015年实际值",
        "target_2020": "2020年目标值",
        "actual_2020": "2020年实际值",
        "attribute": "约束性或预期性",
        "reported_status": "印刷的完成情况（完成等）",
        "parent_id": "“其中”分项的上级指标编号，否则为空",
        "cells_missing": "推断缺失的数值单元格，否则为空",
        "source_line": _ZH_SOURCE_LINE,
        "source_page": _ZH_SOURCE_PAGE,
    },
    "indicators_14th": {
        "": "“十四五”主要指标表（第二章 四）。",
        "indicator_id": "指标编号 I14-01 … I14-12",
        **_ZH_PRINTED_INDICATOR,
        "target_2025": "目标值",
        "deadline_year": "名称写明2022年的为2022，否则为2025",
        "attribute": "约束性或预期性",
        "source_line": _ZH_SOURCE_LINE,
        "source_page": _ZH_SOURCE_PAGE,
    },
    "outline": {
        "": "规划正文的章、节、小节、专栏和附件（目录不是正文；目录中的页码见 toc_page）。",
        "outline_id": "C3 章，C3.2 节，C3.2.5 小节，B9 专栏，A1 附件",
        "level": "chapter（章）/ section（节）/ subsection（小节）/ box（专栏）/ attachment（附件）",
        "label": "印刷的序号：第三章、二、、(五)、专栏9、附件1",
        "number": "序号中的数字（整数）",
        "title": "印刷的标题，不含序号",
        "parent_id": "上一级标题的纲目编号；章为空",
        "toc_page": "目录中的页码；目录未列出的标题（专栏）为空",
        "source_line": "标题所在的原文行号",
        "source_page": _ZH_SOURCE_PAGE,
        "line_end": "同级或更高级的下一个标题之前最后一个非空行（专栏止于下一个任意标题）",
    },
    "targets": {
        "": "第二至七章正文和专栏中的量化目标；每个印刷的目标值一行。",
        "target_id": "T01 …，按原文顺序",
        "text": "陈述目标的分句",
        "metric": "所衡量的内容：分句去掉期限、比较词和数值",
        "value": "目标值；印刷为区间（3-4所）时取下限",
        "value_max": "印刷区间的上限；否则为空",
        "unit": "%、‰、个、处、所、名、张、人、家",
        "comparator": ">=（以上、不低于、至少、达到、要建的个数）、=（100%、全覆盖、全部）、<=（以下、"
        "不超过）",
        "value_basis": "number（印刷的数字）、full_coverage（全覆盖 / 覆盖所有 → 100%）、"
        "universal（全部 / 所有 / 都 / 达到…标准 → 100%）",
        "deadline_year": "到2022年(底) → 2022；到2025年、“十四五”末/期间/时期 → 2025",
        "deadline_stated": "句中未写日期、由规划期（2021-2025年，第185行）取2025年时为 False",
        **_ZH_PLACE_IN_TEXT,
        "linked_indicator_id": "十四五主要指标表中同一指标的编号（data/raw/target_indicator_links.csv）；"
        "没有时为空",
        "attribute": "关联的十四五主要指标在主要指标表中印刷的约束性或预期性；"
        "未关联主要指标的为空（正文不写属性）",
        "baseline_indicator_id": "以其2020年实际值为本目标基线的十三五指标编号；没有时为空",
        "source_line": "目标所在段落的原文行号",
        "source_page": _ZH_SOURCE_PAGE,
    },
    "baselines": {
        "": "第一章正文陈述的“十三五”成效：增长陈述（从A增长到B，增长C%）和2020年的数量与比率。",
        "baseline_id": "B01 …，按原文顺序",
        "kind": "growth（从A增长到B，增长C%）或 stock（陈述的数量或比率）",
        "text": "陈述该数字的分句",
        "metric": "该数字衡量的内容",
        "unit": "元/年、元、个、家、张、人、万人、% 等",
        "value_from": "从A增长到B中的A（“十三五”初）；数量与比率为空",
        "value_to": "从A增长到B中的B，或陈述的数量、比率",
        "year_from": "起始值或增长基期的年份（比2016年增长），有印刷时；否则为空",
        "stated_growth": "印刷的增长，单位见 stated_growth_unit：70.7（增长70.7%）、22（增长约22倍）；"
        "没有时为空",
        "stated_growth_unit": "印刷为增长率时为 %，为倍数时为 倍（按印刷保留："
        "增长22倍既可读作22倍也可读作23倍）；未印增长时为空",
        "computed_growth_pct": "计算的增长率：（B − A）/ A × 100",
        "consistent": "计算的增长率按印刷精度取舍后与印刷值相等；无法计算时为空",
        **_ZH_PLACE_IN_TEXT,
        "linked_indicator_id": "十三五指标表中同一指标的编号（data/raw/baseline_indicator_links.csv）；"
        "没有时为空",
        "source_line": "该分句所在段落的原文行号",
        "source_page": _ZH_SOURCE_PAGE,
    },
    "catalogue": {
        "": "评估人评估的全部事项：十四五主要指标、正文目标，以及十四五规划延续但未设数值的十三五指标。"
        "由解析出的各表"
        "和 data/raw/indicator_catalogue.csv 的人工判断（每行一条理由）生成；方法见 docs/target_gap.md。",
        "item_id": "十四五或十三五指标表的指标编号，或正文目标的目标编号",
        "kind": "十四五主要指标、正文目标，或十四五规划延续但未设目标的十三五指标",
        "name": "指标名称，或正文目标所衡量的内容",
        "unit": "目标、基线和观测值的单位（表中单位丢失的经人工判断）",
        "direction": "越大越好为1，越小越好为-1",
        "comparator": ">=、= 或 <=；未设目标的为空",
        "target": "目标值，单位见 unit；未设目标的为空",
        "deadline_year": "目标到期年份；未设目标的为空",
        "attribute": "指标表印刷的约束性或预期性：主要指标据十四五指标表，"
        "未设目标的十三五指标据十三五指标表；正文目标为空",
        "target_text": "报告中显示的目标：≥60%(2025年)，或 未设目标",
        "baseline": "该指标2020年的值，单位见 unit；规划未给出时为空",
        "baseline_year": "有基线时为2020，否则为空",
        "baseline_source": "基线所取自的表格行或正文数字及其行号；无基线时为空",
        "observation_id": "评估人报送该事项观测值所用的编号（本事项的、其十四五指标的或某十三五指标的）",
        "observation_name": "observation_id 对应的指标或目标名称",
        "linked_indicator_id": "正文目标的 targets.linked_indicator_id；其他为空",
        "measure_id": "本事项按哪个事项评估：本身，或它所重复的前一事项（主要指标在先；观测编号、方向、"
        "目标和期限均相同），"
        "该事项只评估和计数一次",
        "reason": "基线、单位和观测编号为何如此（人工判断的理由，或所用的默认规则），英文",
        "reason_zh": "同 reason，中文",
        "source_line": "指标行或目标所在段落的原文行号",
        "source_page": _ZH_SOURCE_PAGE,
    },
    "population": {
        "": "咸宁市（全市）及其六个县市区的2020年人口普查常住人口，录自 data/raw/population_2020.csv，"
        "附其来源"
        "（data/raw/PROVENANCE.md）。市本级不是行政区域，没有人口。",
        "geography": "全市或某县市区",
        "resident_population": "2020年人口普查常住人口",
        "precision": "exact（精确），或来源的取整方式（rounded to 100 (65.76万)：取整到百位）",
        "share_of_city_pct": "公布的占全市常住人口比重",
        "age60plus_share_pct": "来源给出时，60岁及以上人口占比",
        "source": "数字的公布来源，按人工整理文件的写法（same 指与上一行相同，same as 咸安区 指与该行相同）",
        "reliability": "来源转载官方公报的直接程度",
    },
}


def chinese_description(table: str, column: str = "") -> str:
    """The Chinese twin of a column's description (of the table's own with ``column`` '')."""
    return DESCRIPTIONS_ZH[table][column]


# The evaluator's assessment (xnplan.assess.evaluate.judge) is computed per report from the
# evaluators' files, so it is not stored; its frame is still checked against a schema. The schema is
# not strict: the columns below are checked, and the assessment may add columns of its own.
GAP_CLASSES = facts.CLASSES
GAP_REASONS = (
    "no_data",
    "only_later",
    "one_value",
    "baseline_met",
    "pace",
    "no_pace",
    "reached",
    "fell_back",
    "deadline_no_data",
    "change_only",
)

_GAP_COLUMNS = {
    "geography": _col(
        str, "地域", "全市 or the county judged", checks=pa.Check.isin([WHOLE_CITY, *TERRITORIES])
    ),
    "item_id": _col(str, "编号", "catalogue.item_id"),
    "measure_id": _col(str, "同一指标编号", "catalogue.measure_id: the item whose judgement this row shares"),
    "kind": _col(str, "类别", "catalogue.kind", checks=pa.Check.isin(list(CATALOGUE_KINDS))),
    "name": _col(str, "指标或目标", "catalogue.name"),
    "unit": _col(str, "单位", "catalogue.unit: unit of target, baseline and observed"),
    "attribute": _col(str, "属性", "catalogue.attribute"),
    "target": _col(float, "目标值", "catalogue.target", nullable=True),
    "target_text": _col(str, "目标(年份)", "catalogue.target_text"),
    "deadline_year": _col("Int64", "目标年份", "catalogue.deadline_year", nullable=True),
    "observation_id": _col(str, "观测编号", "catalogue.observation_id"),
    "assessment_year": _col(int, "评估年份", "2023 (中期评估) or 2025 (总结评估)"),
    "deadline_passed": _col(bool, "已到期", "The deadline is not after the assessment year"),
    "baseline": _col(
        float, "基期值", "The baseline used, in unit (where from: baseline_origin)", nullable=True
    ),
    "baseline_year": _col(
        "Int64",
        "基期年份",
        "Year of baseline: 2020, or the year of the first observation standing in for it",
        nullable=True,
    ),
    "baseline_origin": _col(
        str,
        "基期值来源",
        "plan; evaluator (a 2020 value from the evaluator's file "
        "where the plan states none); first_observation; empty without baseline",
        checks=pa.Check.isin(["plan", "evaluator", "first_observation", ""]),
    ),
    "baseline_conflict": _col(
        float,
        "评估人提供的2020年值",
        "An evaluator's 2020 value that differs from the plan's baseline (the plan's is used)",
        nullable=True,
    ),
    "observed": _col(float, "现状值", "Latest observation up to the assessment year, in unit", nullable=True),
    "observed_year": _col("Int64", "现状值年份", "Year of observed", nullable=True),
    "met": _col(
        "boolean", "是否达标", "observed meets the target; empty when it cannot be judged", nullable=True
    ),
    "share": _col(
        float, "完成进度P", "(observed − baseline) / (target − baseline), a fraction", nullable=True
    ),
    "tau": _col(
        float,
        "时间进度τ",
        "(observed_year − baseline_year) / (deadline − baseline_year), at most 1",
        nullable=True,
    ),
    "ratio": _col(float, "进度比R", "share / tau", nullable=True),
    "growth_ratio": _col(
        float,
        "增速比",
        "Average growth achieved over the growth the target requires; empty for a ceiling (100%) target",
        nullable=True,
    ),
    "annual_growth": _col(
        float, "年均增长", "Average annual growth since baseline, a fraction", nullable=True
    ),
    "computed": _col(
        str, "计算结论", "The method's class (xnplan.assess.gap)", checks=pa.Check.isin(list(GAP_CLASSES))
    ),
    "verdict": _col(
        str,
        "评价",
        "The assessment's class: the computed one, or the evaluator's judgement "
        "where nothing could be computed (basis)",
        checks=pa.Check.isin(list(GAP_CLASSES)),
    ),
    "basis": _col(
        str,
        "评价依据",
        "计算, 评估人判断, or empty (无法评估, 无目标)",
        checks=pa.Check.isin([facts.BASIS_COMPUTED, facts.BASIS_EVALUATOR, ""]),
    ),
    "reason": _col(
        str,
        "评价理由",
        "Why the method gave its class (xnplan.assess.gap reasons)",
        checks=pa.Check.isin(list(GAP_REASONS)),
    ),
    "met_year": _col(
        "Int64", "达到目标年份", "Year the target was reached (提前完成, 逾期完成)", nullable=True
    ),
    "shortfall": _col(
        float, "差距", "direction × (target − observed) of a target not met once due", nullable=True
    ),
    "declined": _col(bool, "较基期下降", "Moved against its direction since the baseline"),
    "flagged": _col(bool, "约束性预警", "A binding (约束性) item behind schedule or not completed"),
    "stale": _col(bool, "非当年数", "The latest value is older than the assessment year"),
    "projection": _col(str, "预计目标年完成情况", "For a target not yet due: the trend at the deadline"),
    "judgement": _col(str, "评估人判断", "The evaluator's latest judgement up to the assessment year"),
    "counties_reported": _col(int, "报送县市区数", "City-wide rows: counties with a value for the item"),
    "comparator": _col(str, "比较", "catalogue.comparator"),
    "baseline_conflict_source": _col(
        str, "评估人2020年值的来源", "Source of baseline_conflict; empty without"
    ),
    "projected": _col(
        float, "推算值", "The trend line's value at the deadline (a target not yet due)", nullable=True
    ),
    "later_year": _col(
        "Int64",
        "晚于评估年份的观测年份",
        "First year observed after the assessment year (not used)",
        nullable=True,
    ),
    "judgement_reason": _col(str, "判断理由", "Reason of judgement"),
    "judgement_year": _col("Int64", "判断年份", "Year of judgement", nullable=True),
    "judgement_source": _col(str, "判断来源", "Source of judgement"),
    "responsible": _col(str, "责任单位", "The evaluator's 责任单位 (latest up to the assessment year)"),
    "explanation": _col(str, "说明", "The evaluator's 说明 (latest up to the assessment year)"),
    "as_of": _col(str, "数据日期", "as_of of the observation used"),
    "value_as_given": _col(
        float, "公布值", "The observation as published, before unit conversion", nullable=True
    ),
    "unit_as_given": _col(str, "公布单位", "Unit of value_as_given; empty without observation"),
    "source": _col(str, "数据来源", "Source of the observation; empty without observation"),
    "reliability": _col(str, "可靠性", "Reliability of the source; empty without observation"),
}

GAP_RESULTS = pa.DataFrameSchema(
    _GAP_COLUMNS,
    name="gap_results",
    title="指标目标差距评估结果",
    description="One row per catalogue item city-wide (全市), and per item and county observed there.",
    strict=False,
    ordered=False,
    coerce=True,
    metadata={"primary_key": ["geography", "item_id"], "producer": "xnplan.assess.evaluate.judge"},
)
