"""Templates an evaluator fills in: .xlsx with Chinese labels and drop-downs, or CSV.

An .xlsx template has the sheet the rows are read back from (观测值 / 项目进展, see
``inputs.SHEETS``), a protected 参考 sheet (each indicator's name, unit, target and the plan's
baseline, or each project's county, category and planned investment), a 填写说明 sheet, and a hidden
选项 sheet holding the drop-down lists. Text stays text as :mod:`xnplan.spreadsheet` writes it: a
string cell with Excel's quote prefix when it would run as a formula, and a CSV template is the one
CSV form (:func:`xnplan.spreadsheet.csv_bytes`). A template never replaces an existing file unless
asked: a filled-in file is the evaluator's work.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from xnplan.assess import grid, inputs
from xnplan.assess.grid import shown
from xnplan.atomicfile import write_atomic
from xnplan.errors import OutputFileError
from xnplan.facts import TERRITORIES
from xnplan.numbers import has_value
from xnplan.spreadsheet import column_width, csv_bytes, put_value

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# Where the evaluator's figure may come from; free text is accepted too (the list only helps).
RELIABILITY = ("统计公报", "政府文件", "部门统计", "部门工作总结", "新闻报道", "第三方转载", "评估人估算")
STATUS_CHOICES = tuple(inputs.PROJECT_STATUS_LABELS[s] for s in inputs.PROJECT_STATUSES)
OPTIONS_SHEET = "选项"
REFERENCE_SHEET = "参考"
HELP_SHEET = "填写说明"
ROWS_WITH_DROPDOWNS = 1000  # rows an evaluator may add below the template's own

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
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = inputs.SHEETS[kind]
    _fill_in_sheet(sheet, frame)
    _drop_downs(sheet, book.create_sheet(OPTIONS_SHEET), list(frame.columns), len(frame), choices)
    _reference_sheet(book.create_sheet(REFERENCE_SHEET), reference)
    help_sheet = book.create_sheet(HELP_SHEET)
    for line in OBSERVATION_HELP if kind == "observations" else STATUS_HELP:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill_in_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Labels in row 1 (reference columns on grey: read, not filled in), the rows from row 2."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    labels = [inputs.COLUMN_LABELS.get(c, c) for c in frame.columns]
    sheet.append(labels)
    _put_rows(sheet, frame.itertuples(index=False, name=None))
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    for i, column in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = bold
        if column.startswith(inputs.REF_PREFIX):
            cell.fill = grey
        sheet.column_dimensions[get_column_letter(i)].width = column_width(
            labels[i - 1], _texts(frame[column])
        )
    sheet.freeze_panes = "B2"


def _drop_downs(
    sheet: Worksheet, options: Worksheet, columns: list[str], rows: int, choices: Mapping[str, Sequence[str]]
) -> None:
    """Each column of ``choices`` gets a list of ``options``' values, kept in the hidden sheet
    ``options``, for its rows and :data:`ROWS_WITH_DROPDOWNS` more."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    last = rows + ROWS_WITH_DROPDOWNS + 1
    for n, (column, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(n)
        options.cell(row=1, column=n, value=inputs.COLUMN_LABELS.get(column, column))
        _put_rows(options, ([value] for value in values), column=n)
        source = f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        # Units and reliability may be written otherwise (元/人·月 …): warn, do not block.
        strict = column not in ("unit", "reliability")
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "warning",
            errorTitle="请从列表中选择",
            error="该值不在列表中",
        )
        target = get_column_letter(columns.index(column) + 1)
        validation.add(f"{target}2:{target}{last}")
        sheet.add_data_validation(validation)
    options.sheet_state = "hidden"
    options.protection.sheet = True


def _reference_sheet(ref: Worksheet, reference: pd.DataFrame) -> None:
    """The plan's figures beside the rows, read-only: it repeats the plan, nothing here is read back."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ref.append(list(reference.columns))
    _put_rows(
        ref, ([v if has_value(v) else None for v in record] for record in reference.itertuples(index=False))
    )
    for i, column in enumerate(reference.columns, start=1):
        ref.cell(row=1, column=i).font = Font(bold=True)
        ref.column_dimensions[get_column_letter(i)].width = column_width(
            str(column), _texts(reference[column])
        )
    ref.freeze_panes = "B2"
    ref.protection.sheet = True


def _texts(values: pd.Series) -> list[str]:
    """The column's values as text, for its width (:func:`xnplan.spreadsheet.column_width`)."""
    return [str(v) for v in values if has_value(v)]


def _put_rows(sheet: Worksheet, records: Iterable[Sequence[object]], column: int = 1) -> None:
    """The records below the header row, from ``column`` on; text kept as text
    (:func:`xnplan.spreadsheet.put_value`)."""
    for r, record in enumerate(records, start=2):
        for c, value in enumerate(record, start=column):
            put_value(sheet.cell(row=r, column=c), value)


def observation_reference(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The 参考 sheet of the observations template: every catalogue item, as the plan states it."""
    return pd.DataFrame(
        {
            "观测编号(填入指标编号)": catalogue["observation_id"],
            "条目编号": catalogue["item_id"],
            "类别": catalogue["kind"],
            "指标或目标": catalogue["name"],
            "单位": catalogue["unit"],
            "属性": catalogue["attribute"],
            "目标": catalogue["target_text"],
            "规划基期值(2020年)": catalogue["baseline"],
            "基期值出处": catalogue["baseline_source"],
            "原文行号": catalogue["source_line"],
        }
    )


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
    return pd.DataFrame(
        {
            "项目编号": projects["project_id"],
            "县市区": projects["county"],
            "大类": projects["category"],
            "子类": projects["subcategory"],
            "项目名称": projects["name"],
            "建设地点": projects["location"],
            "实施单位": projects["implementer"],
            "估算总投资(万元)": projects["investment_wan"],
            "设施数(个)": projects["units"],
            "原文行号": projects["source_line"],
        }
    )


def status_choices() -> dict[str, list[str]]:
    return {"status": list(STATUS_CHOICES)}
