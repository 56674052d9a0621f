"""Templates an evaluator fills in: .xlsx with Chinese labels and drop-downs, or CSV.

An .xlsx template has the sheet the rows are read back from (观测值 / 项目进展, see
``inputs.SHEETS``), a protected 参考 sheet (each indicator's name, unit, target and the plan's
baseline, or each project's county, category and planned investment), a 填写说明 sheet, and a hidden
选项 sheet holding the drop-down lists, all written by :func:`xnplan.spreadsheet.workbook_bytes` (text
stays text, numbers numbers, one width rule); the columns to fill in are in Excel's General format,
so that a typed number or formula is read as Excel reads it. A CSV template is the one CSV form
(:func:`xnplan.spreadsheet.csv_bytes`). A template never replaces an existing file unless
asked: a filled-in file is the evaluator's work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from xnplan.assess import grid, inputs
from xnplan.assess.grid import shown
from xnplan.atomicfile import write_atomic
from xnplan.errors import OutputFileError
from xnplan.facts import TERRITORIES
from xnplan.spreadsheet import Choices, Column, Sheet, csv_bytes, workbook_bytes

# Where the evaluator's figure may come from; free text is accepted too (the list only helps).
RELIABILITY = ("统计公报", "政府文件", "部门统计", "部门工作总结", "新闻报道", "第三方转载", "评估人估算")
STATUS_CHOICES = tuple(inputs.PROJECT_STATUS_LABELS[s] for s in inputs.PROJECT_STATUSES)
REFERENCE_SHEET = "参考"
HELP_SHEET = "填写说明"
ROWS_WITH_DROPDOWNS = 1000  # rows an evaluator may add below the template's own
# Units and reliability may be written otherwise (元/人·月 …): a value off the list is warned of, not refused.
LOOSE_CHOICES = ("unit", "reliability")

# The 填写说明 sheet speaks to someone filling the workbook in Excel or WPS: what goes where, and what
# the check sends back (docs/输入文件要求.md has the full list).
OBSERVATION_HELP = (
    "本表（观测值）每行填一个观测值：指标编号、地域（全市或县市区）、年份、数值、单位和数据来源。"
    "带下拉箭头的单元格请从列表中选择。",
    "年份：2021–2025年填当年年末值；2020年为基期，规划未给出基期值的指标可以填2020年值（须注明来源），"
    "报告标为“评估人提供”。",
    "数值：只填数字，如 720.5、1234 或 1,234.5；不要在数值格里写单位、文字或空格。逗号只作千位分隔"
    "（1,234），“720,5”“0,500”这类写法含义不明，会被退回。",
    "单位：写在“单位”列（%、‰、元/月 等），与“参考”表的单位不同时按同一量换算（元/月↔元/年、%↔‰），"
    "不能换算的单位会被退回。百分比填 60、单位写 %；若把数值格设成百分比格式（显示 60%），单位同样写 %。"
    "比例不能超过 100% 或 1000‰，也不能为负。",
    "公式：数值格可以用公式，但保存前须在 Excel 或 WPS 中显示出结果；"
    "显示 #DIV/0!、#N/A 等错误值的格子会被退回。",
    "数据来源：每个数值和判断都要写来源（文件名称、发布单位、日期或网址）。数值留空表示未观测，不会当作 0。",
    "评估人判断（可选）：对无法用数字衡量的指标，可以选择评估结论并写明判断理由；有计算结论的与之并列显示，"
    "没有观测值的以评估人判断作为评估结论，并注明。2025年的判断为已完成、提前完成、逾期完成或未完成。",
    "责任单位、说明（可选）：写入评估报告“主要指标完成情况表”的同名两栏；重新评估时沿用，不会丢失。",
    "灰色表头的“(参考)”列和“参考”表只供对照，不会读取；“参考”表列出每项指标的名称、单位、目标和规划基期值。",
    "保存：存为 Excel 工作簿（.xlsx）或 CSV（UTF-8 或 GBK）；不要设置打开密码，不要存为 .xls。"
    "文件不超过 4 MB，最多 5000 行、30 列，每格不超过 32767 个字符。",
    "交回后会逐行检查：有问题的行连同行号、列名和所填内容一并列出，文件整份退回、不会只读一部分；改正后再交。",
)
STATUS_HELP = (
    "本表（项目进展）每行是附件2的一个项目：填实施状态（未开工、在建、已建成、已取消）和已完成投资。",
    "实施状态留空表示未报告，不推定为未开工。已开工 = 在建 + 已建成。",
    "已完成投资：单位是万元（不是元），只填数字，如 120 或 1,234.5。超过该项目估算总投资 10 倍的数会被退回"
    "（多半是按元填写了）；“(参考)估算总投资(万元)”列可供对照。",
    "计划开工年份、计划完工年份（可选）：填写后按项目自身的工期计算时间进度，否则按规划期（2021–2025年）计算。",
    "责任单位（可选）：写入评估报告。",
    "公式：可以用公式，但保存前须显示出结果；显示错误值（#DIV/0! 等）的格子会被退回。",
    "灰色表头的“(参考)”列和“参考”表只供对照，不会读取。",
    "保存：存为 Excel 工作簿（.xlsx）或 CSV（UTF-8 或 GBK）；不要设置打开密码，不要存为 .xls。"
    "文件不超过 4 MB，最多 5000 行、30 列。",
    "交回后会逐行检查：有问题的行连同行号、列名和所填内容一并列出，文件整份退回、不会只读一部分；改正后再交。",
)


def _refuse_existing(path: Path, force: bool) -> None:
    name = shown(str(path), 200)
    if path.is_dir():
        raise OutputFileError(
            f"{name}: 是文件夹，请给出文件名 (is a folder; give a file name, e.g. {name}/template.xlsx)"
        )
    if path.suffix.lower() not in grid.SUFFIXES:
        suffix = shown(path.suffix) or "无"
        raise OutputFileError(
            f"{name}: 模板只能写成 .xlsx 或 .csv 文件（扩展名“{suffix}”） "
            f"(a template is written as .xlsx or .csv)"
        )
    if not path.parent.is_dir():
        folder = shown(str(path.parent), 200)
        raise OutputFileError(f"{name}: 上级文件夹不存在 (the folder {folder} does not exist)")
    if path.exists() and not force:
        raise OutputFileError(
            f"{name}: 文件已存在，未覆盖；如确需覆盖请加 --force "
            f"(the file exists and may be filled in; add --force to replace it)"
        )


def _save(path: Path, payload: bytes | str) -> Path:
    try:
        return write_atomic(path, payload)
    except OSError as exc:
        raise OutputFileError(f"{path}: 无法写入 (cannot write: {exc.strerror or exc})") from exc


def write_template(
    frame: pd.DataFrame,
    path: Path | str,
    kind: str,
    reference: pd.DataFrame,
    choices: Mapping[str, Sequence[str]],
    force: bool = False,
) -> Path:
    """Write ``frame`` (template rows, column ids) to ``path``: .xlsx with labels, or .csv.

    ``choices`` maps a column id to the values of its drop-down list. OutputFileError when the name ends
    otherwise, the file exists (unless ``force``), the path is a folder or its folder is missing.
    """
    path = Path(path)
    _refuse_existing(path, force)
    if path.suffix.lower() == ".csv":
        return _save(path, csv_bytes(frame))
    return _save(path, xlsx_bytes(frame, kind, reference, choices))


def xlsx_bytes(
    frame: pd.DataFrame, kind: str, reference: pd.DataFrame, choices: Mapping[str, Sequence[str]]
) -> bytes:
    """The workbook: the sheet to fill in with its drop-downs, the hidden 选项, 参考 and 填写说明."""
    help_lines = OBSERVATION_HELP if kind == "observations" else STATUS_HELP
    sheets = [
        Sheet(
            inputs.SHEETS[kind],
            frame,
            {column: _fill_in_column(column) for column in frame.columns},
            choices={
                c: Choices(tuple(values), strict=c not in LOOSE_CHOICES) for c, values in choices.items()
            },
            blank_rows=ROWS_WITH_DROPDOWNS,
            frozen_columns=1,
        ),
        # The plan's figures beside the rows, read only: it repeats the plan, nothing here is read back.
        Sheet(REFERENCE_SHEET, reference, frozen_columns=1, protected=True),
        Sheet(HELP_SHEET, pd.DataFrame({HELP_SHEET: help_lines}), header_row=False),
    ]
    # The evaluator's workbook explains itself (填写说明) and names no tool, not even as its author.
    return workbook_bytes(sheets, notes_sheet=False, creator=None)


def _fill_in_column(column: str) -> Column:
    """The column's Chinese label; a reference column (read, not filled in) on a grey header, the
    others in Excel's General format for what the evaluator types."""
    label = inputs.COLUMN_LABELS.get(column, column)
    if column.startswith(inputs.REF_PREFIX):
        return Column(label, reference=True)
    return Column(label, kind="general", editable=True)


# The 参考 sheets: a column of the plan's table → its label in the sheet, in the sheet's order.
OBSERVATION_REFERENCE = {
    "observation_id": "观测编号(填入指标编号)",
    "item_id": "条目编号",
    "kind": "类别",
    "name": "指标或目标",
    "unit": "单位",
    "attribute": "属性",
    "target_text": "目标",
    "baseline": "规划基期值(2020年)",
    "baseline_source": "基期值出处",
    "source_line": "原文行号",
}
PROJECT_REFERENCE = {
    "project_id": "项目编号",
    "county": "县市区",
    "category": "大类",
    "subcategory": "子类",
    "name": "项目名称",
    "location": "建设地点",
    "implementer": "实施单位",
    "investment_wan": "估算总投资(万元)",
    "units": "设施数(个)",
    "source_line": "原文行号",
}


def observation_reference(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The 参考 sheet of the observations template: every catalogue item, as the plan states it."""
    return catalogue[list(OBSERVATION_REFERENCE)].rename(columns=OBSERVATION_REFERENCE)


def observation_choices(catalogue: pd.DataFrame) -> dict[str, list[str]]:
    units = list(dict.fromkeys([*catalogue["unit"], "元/月", "元/年", "%", "‰", "fraction"]))
    return {
        "indicator_id": list(dict.fromkeys(catalogue["observation_id"])),
        "geography": [inputs.CITY, *TERRITORIES],
        "unit": units,
        "reliability": list(RELIABILITY),
        "judgement": list(inputs.JUDGEMENTS),
    }


def project_reference(projects: pd.DataFrame) -> pd.DataFrame:
    """The 参考 sheet of the project-status template: every line of 附件2, as the plan prints it."""
    return projects[list(PROJECT_REFERENCE)].rename(columns=PROJECT_REFERENCE)


def status_choices() -> dict[str, list[str]]:
    return {"status": list(STATUS_CHOICES)}
