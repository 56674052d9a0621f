"""xnplan.assess.templates: the .xlsx an evaluator fills in, read back with openpyxl.

The workbook is written by xnplan.spreadsheet.workbook_bytes; what the evaluator meets is checked
here cell by cell: the sheets and their order, the drop-down lists and where they reach, which
sheets are hidden or read only, the help lines, and the format of the cells to fill in.
"""

from __future__ import annotations

import zipfile

import pandas as pd
from openpyxl import load_workbook

from xnplan.assess import inputs, templates

# Hand-made: two projects of 附件2 as the plan's table holds them.
PROJECTS = pd.DataFrame(
    {
        "project_id": ["P1.1.001", "P1.1.002"],
        "county": ["咸安区", "赤壁市"],
        "category": ["养老", "养老"],
        "subcategory": ["日间照料", "日间照料"],
        "name": ["甲项目", "乙项目"],
        "location": ["甲村", "乙村"],
        "implementer": ["民政局", "民政局"],
        "investment_wan": [3965.0, 120.5],
        "units": [61, 1],
        "source_line": [993, 994],
    }
)


def status_workbook(tmp_path):
    path = templates.write_template(
        inputs.project_status_template(PROJECTS),
        tmp_path / "项目进展.xlsx",
        "project_status",
        templates.project_reference(PROJECTS),
        templates.status_choices(),
    )
    return load_workbook(path)


def test_the_status_template_has_its_sheets_in_order_and_only_the_reference_is_read_only(tmp_path):
    book = status_workbook(tmp_path)
    assert book.sheetnames == ["项目进展", "选项", "参考", "填写说明"]
    assert [book[name].sheet_state for name in book.sheetnames] == ["visible", "hidden", "visible", "visible"]
    assert [bool(book[name].protection.sheet) for name in book.sheetnames] == [False, True, True, False]
    with zipfile.ZipFile(tmp_path / "项目进展.xlsx") as archive:  # the evaluator's file names no author
        assert b"creator" not in archive.read("docProps/core.xml")


def test_the_status_drop_down_reaches_a_thousand_rows_below_the_projects(tmp_path):
    book = status_workbook(tmp_path)
    [validation] = book["项目进展"].data_validations.dataValidation
    # 实施状态 is the 2nd column (B); 2 projects in rows 2–3, then 1000 rows: B2:B1003. The list is the
    # four labels in rows 2–5 of 选项's column A, under the column's label.
    assert str(validation.sqref) == "B2:B1003"
    assert validation.formula1 == "'选项'!$A$2:$A$5"
    assert (validation.type, validation.errorStyle, validation.allow_blank) == ("list", "stop", True)
    assert [row[0].value for row in book["选项"].iter_rows()] == [
        "实施状态",
        "未开工",
        "在建",
        "已建成",
        "已取消",
    ]


def test_the_cells_to_fill_in_take_numbers_and_the_reference_keeps_the_plans(tmp_path):
    book = status_workbook(tmp_path)
    fill = book["项目进展"]
    assert [c.value for c in fill[1]] == [
        "项目编号",
        "实施状态",
        "已完成投资(万元)",
        "数据日期",
        "备注",
        "计划开工年份",
        "计划完工年份",
        "责任单位",
        "(参考)县市区",
        "(参考)大类",
        "(参考)名称",
        "(参考)估算总投资(万元)",
    ]
    # 已完成投资 is empty and General: 120 typed into it is a number, =A1*2 a formula, as Excel reads them.
    assert fill["C2"].value is None and fill["C2"].number_format == "General"
    assert [fill["A2"].value, fill["L2"].value, fill["L3"].value] == ["P1.1.001", 3965, 120.5]
    assert fill["I1"].fill.fgColor.rgb.endswith("DDDDDD")  # the grey header the help text names
    reference = book["参考"]
    assert [c.value for c in reference[2]] == [
        "P1.1.001",
        "咸安区",
        "养老",
        "日间照料",
        "甲项目",
        "甲村",
        "民政局",
        3965,
        61,
        993,
    ]
    assert reference.freeze_panes == "B2" and fill.freeze_panes == "B2"


def test_the_help_lines_stand_one_a_row_from_the_first(tmp_path):
    book = status_workbook(tmp_path)
    assert [row[0].value for row in book["填写说明"].iter_rows()] == list(templates.STATUS_HELP)


def test_units_and_reliability_are_suggested_the_other_lists_are_enforced(plan, tmp_path):
    path = templates.write_template(
        inputs.observations_template(plan.catalogue, 2023),
        tmp_path / "观测值.xlsx",
        "observations",
        templates.observation_reference(plan.catalogue),
        templates.observation_choices(plan.catalogue),
    )
    fill = load_workbook(path)["观测值"]
    rows = fill.max_row - 1  # the template's own rows; the lists reach 1000 more
    styles = {str(v.sqref): v.errorStyle for v in fill.data_validations.dataValidation}
    # Columns: 指标编号 A, 地域 B, 年份 C, 数值 D, 单位 E, 数据日期 F, 数据来源 G, 可靠性 H, 备注 I,
    # 评估人判断 J.
    last = rows + 1000 + 1
    assert styles == {
        f"A2:A{last}": "stop",
        f"B2:B{last}": "stop",
        f"E2:E{last}": "warning",
        f"H2:H{last}": "warning",
        f"J2:J{last}": "stop",
    }
