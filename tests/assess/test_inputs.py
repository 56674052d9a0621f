"""Evaluators' input files: conversion, every kind of problem reported at once with its row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xnplan.assess import catalogue, inputs
from xnplan.errors import InputValidationError, InputValueError, ParameterError
from xnplan.paths import RAW_DIR

# The units the catalogue gives these indicators (I13-03: 元/年, from the prose at line 193).
UNITS = {"I13-01": "元/月", "I13-03": "元/年", "I14-04": "%", "I14-12": "%"}
HEADER = "indicator_id,geography,year,value,unit,as_of,source,reliability,note\n"
PUBLISHED = RAW_DIR / "observations" / "observations_public.csv"


def write(tmp_path: Path, text: str, name: str = "obs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(call) -> list[str]:
    with pytest.raises(InputValidationError) as info:
        call()
    return info.value.problems


def test_unit_conversion():
    assert inputs.convert(1147, "元/月", "元/年") == 13764  # 1147 × 12
    assert inputs.convert(13764, "元/年", "元/月") == pytest.approx(1147)
    assert inputs.convert(0.8336, "fraction", "%") == pytest.approx(83.36)
    assert inputs.convert(14, "‰", "%") == pytest.approx(1.4)
    assert inputs.convert(720, "元月", "元/月") == 720  # the plan's own copy lost the slash
    with pytest.raises(inputs.UnitError):
        inputs.convert(60, "%", "元/月")
    with pytest.raises(inputs.UnitError):
        inputs.convert(60, "个", "张")


def test_reads_and_converts(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "I13-03,咸安,2023,1147,元/月,2023-04-01,咸宁网,mirror,\n"
        + "I14-04,Chongyang,2024,0.8336,fraction,2024-08-06,county site,,\n"
        + "I14-12,全市,2023,,%,,,,\n",
    )  # blank value: not observed
    obs = inputs.read_observations(path, UNITS)
    assert obs["geography"].tolist() == ["咸安区", "崇阳县"]
    assert obs["value"].tolist() == pytest.approx([13764, 83.36])
    assert obs["value_as_given"].tolist() == [1147, 0.8336]
    assert obs["row"].tolist() == [1, 2]


def test_every_problem_is_listed_with_its_row(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "I99-01,全市,2023,5,%,,src,,\n"  # row 1: unknown indicator
        + "I13-01,火星县,2023,720,元/月,,src,,\n"  # row 2: unknown county
        + "I13-01,咸安区,2023,七百,元/月,,src,,\n"  # row 3: not a number
        + "I14-04,全市,2023,60,张,,src,,\n"  # row 4: unit cannot convert
        + "I14-04,全市,2022,0.83,%,,src,,\n"  # row 5: a fraction under %
        + "I13-01,嘉鱼县,2023,720,元/月,,src,,\n"  # row 6: fine
        + "I13-01,嘉鱼,2023,720,元/月,,src,,\n"  # row 7: duplicate of row 6 (alias)
        + "I13-01,通山县,2019,600,元/月,,src,,\n"  # row 8: year outside 2020–2025
        + "I13-01,通城县,2023,680,元/月,April,,,\n"  # row 9: bad date, no source
        + "I13-01,市本级,2023,680,元/月,,src,,\n",
    )  # row 10: not a territory
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    expected = [
        (1, "指标编号“I99-01”不在指标目录中", "unknown indicator_id 'I99-01'"),
        (2, "地域“火星县”不是可用的地域", "unknown county '火星县'"),
        (3, "数值“七百”不是数字", "value '七百' is not a number"),
        (4, "单位“张”不能换算为该指标的单位“%”", "'张' cannot be converted to '%'"),
        (5, "数值“0.83”单位为 %，像是小数形式的比例：若指 83%，请填 83", "write 83 with unit %"),
        (7, "与第6行重复", "duplicate of row 6"),
        (8, "年份“2019”应为2020–2025年之间的整年", "year '2019' must be a whole year from 2020 to 2025"),
        (9, "数据日期“April”不是日期", "as_of 'April' is not a date"),
        (9, "数据来源为空", "source is empty"),
        (10, "地域“市本级”不是可用的地域", "市本级"),
    ]
    assert len(found) == len(expected)
    for (row, zh, en), problem in zip(expected, found, strict=True):
        assert problem.startswith(f"第{row}行（文件第{row + 1}行）{zh}"), problem
        assert f"(row {row} (file line {row + 1}): " in problem and en in problem, problem


def test_header_problems(tmp_path):
    path = write(tmp_path, "indicator_id,geo,year,value,unit,as_of,source,reliability,note\n")
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    assert any(p.startswith("表头缺少列：地域(geography)") for p in found)
    assert any(p.startswith("表头有无法识别的列：“geo”") for p in found)
    assert problems_of(lambda: inputs.read_observations(write(tmp_path, "", "empty.csv"), UNITS)) == [
        "文件为空：需要一行表头和数据行 (the file is empty; expected a header line and data rows)"
    ]


def test_gbk_is_read_and_reported(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "I13-01,咸安区,2023,720,元/月,,src,,\n").encode("gbk"))
    obs = inputs.read_observations(path, UNITS)
    assert obs["geography"].tolist() == ["咸安区"] and obs["value"].tolist() == [720]
    assert obs.attrs["encoding"] == "GB18030/GBK" and obs.attrs["sheet"] == ""


def test_neither_utf8_nor_gbk(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(HEADER.encode() + b"I13-01,\xff\xff,2023,720,x,,src,,\n")
    assert problems_of(lambda: inputs.read_observations(path, UNITS)) == [
        "既不是 UTF-8 也不是 GBK/GB18030 编码的文本（第 77 字节）；请另存为“CSV UTF-8（逗号分隔）”或 .xlsx "
        "(neither UTF-8 nor GBK/GB18030 text, byte 77)"
    ]  # a header of 69 bytes, "I13-01," of 7, then \xff


def test_excel_bom_and_ref_columns(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        (
            "\ufeff"
            + HEADER.rstrip("\n")
            + ",ref_name\r\n"
            + "I13-01,咸安区,2023,720,元/月,,src,,,城市低保\r\n"
        ).encode("utf-8")
    )
    assert inputs.read_observations(path, UNITS)["value"].tolist() == [720]


def test_published_observations_read_cleanly():
    units = {"I13-01": "元/月", "I13-02": "元/月", "I13-03": "元/年", "I14-04": "%", "I14-11": "%"}
    obs = inputs.read_observations(PUBLISHED, units)
    # 6 counties × 3 indicators × 3 years (2022 from two sources, 2023, 2025) + 崇阳 I14-04 2024
    # + the city-wide 2020 I14-11 full coverage taken in from observations_found.csv
    assert len(obs) == 54 + 1 + 1
    assert len(obs[obs["year"] == 2022]) == 18
    assert set(obs["geography"]) == {"全市", "咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县"}
    assert (obs["source"] != "").all()


PROJECTS = ["P1.1.001", "P1.1.002", "P2.0.001"]
STATUS_HEADER = "project_id,status,invested_wan,as_of,note\n"


def test_project_status(tmp_path):
    path = write(
        tmp_path,
        STATUS_HEADER + "P1.1.001,completed,120.5,2023-12-31,\n" + "P1.1.002,在建,,,\n" + "P2.0.001,,,,\n",
        "status.csv",
    )
    status = inputs.read_project_status(path, PROJECTS)
    assert status["status"].tolist() == ["completed", "in_progress"]  # blank status: not reported
    assert status["invested_wan"].tolist()[0] == 120.5


def test_project_status_problems(tmp_path):
    path = write(
        tmp_path,
        STATUS_HEADER
        + "P9.9.999,completed,10,,\n"  # row 1: unknown id
        + "P1.1.001,done,10,,\n"  # row 2: bad status
        + "P1.1.002,completed,-5,,\n"  # row 3: negative investment
        + "P1.1.002,completed,5,,\n"  # row 4: duplicate of row 3, though row 3 was bad
        + "P2.0.001,,7,,\n",
        "status.csv",
    )  # row 5: investment without status
    found = problems_of(lambda: inputs.read_project_status(path, PROJECTS))
    assert [p.split("）")[0] for p in found] == [f"第{n}行（文件第{n + 1}行" for n in range(1, 6)]
    assert "项目编号“P9.9.999”不是附件2中的项目编号" in found[0]
    assert "unknown project_id 'P9.9.999'" in found[0]
    assert "实施状态“done”应为未开工、在建、已建成、已取消之一" in found[1]
    assert "已完成投资(万元)“-5”为负数" in found[2]
    assert "与第3行重复（项目 P1.1.002）" in found[3]
    assert "已完成投资(万元)已填写，但实施状态为空" in found[4]


def test_project_status_optional_columns(tmp_path):
    # planned years give the project its own time progress; 责任单位 is carried into the report
    header = "project_id,status,invested_wan,as_of,note,planned_start,planned_finish,responsible\n"
    path = write(
        tmp_path,
        header + "P1.1.001,在建,10,2023-12-31,,2022,2024,咸安区民政局\n"
        "P1.1.002,在建,,,,2024,2023,\n"  # row 2: start after finish
        "P2.0.001,在建,,,,2015,2040,\n",
        "status.csv",
    )  # row 3: both outside 2016–2035
    found = problems_of(lambda: inputs.read_project_status(path, PROJECTS))
    assert [p.split("）")[0] for p in found] == ["第2行（文件第3行", "第3行（文件第4行", "第3行（文件第4行"]
    assert "计划开工年份2024晚于计划完工年份2023" in found[0]
    assert "计划开工年份“2015”应为2016–2035年" in found[1]
    path.write_text(
        path.read_text(encoding="utf-8").splitlines()[0] + "\n"
        "P1.1.001,在建,10,2023-12-31,,2022,2024,咸安区民政局\n",
        encoding="utf-8",
    )
    status = inputs.read_project_status(path, PROJECTS)
    assert status.loc[0, ["planned_start", "planned_finish", "responsible"]].tolist() == [
        2022,
        2024,
        "咸安区民政局",
    ]


def test_judgement_vocabulary_by_year(tmp_path):
    header = HEADER.strip() + ",judgement,judgement_reason,responsible,explanation\n"
    path = write(
        tmp_path,
        header
        + "I14-04,全市,2023,,,,年报,,,未达标,理由,,\n"  # an alias of 未完成
        + "I14-12,全市,2025,,,,年报,,,需加快,理由,,\n"  # a pace class at the end of the period
        + "I13-01,全市,2023,,,,,,,,,市民政局社会救助科,按月标准\n",
    )  # text only: no source needed
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    assert len(found) == 1 and found[0].startswith("第2行（文件第3行）评估人判断“需加快”不适用于2025年")
    path.write_text(path.read_text(encoding="utf-8").replace("需加快", "未完成"), encoding="utf-8")
    obs = inputs.read_observations(path, UNITS)
    assert obs["judgement"].tolist() == ["未完成", "未完成", ""]
    assert obs.loc[2, ["responsible", "explanation"]].tolist() == ["市民政局社会救助科", "按月标准"]
    assert obs["value"].isna().all()


def test_duplicate_project_rows(tmp_path):
    path = write(tmp_path, STATUS_HEADER + "P1.1.001,planned,,,\nP1.1.001,completed,,,\n", "s.csv")
    assert problems_of(lambda: inputs.read_project_status(path, PROJECTS)) == [
        "第2行（文件第3行）与第1行重复（项目 P1.1.001） "
        "(row 2 (file line 3): duplicate of row 1 (project P1.1.001))"
    ]


def test_file_kind(tmp_path):
    assert inputs.file_kind(write(tmp_path, HEADER)) == "observations"
    assert inputs.file_kind(write(tmp_path, STATUS_HEADER, "s.csv")) == "project_status"
    with pytest.raises(InputValidationError, match="neither"):
        inputs.file_kind(write(tmp_path, "a,b\n1,2\n", "x.csv"))


def test_geography_aliases():
    assert inputs.resolve_geography("咸宁市") == "全市"
    assert inputs.resolve_geography("Tongcheng") == "通城县"
    with pytest.raises(ParameterError):
        inputs.resolve_geography("市本级")


def test_cli_check_and_templates(tmp_path, capsys):
    from xnplan.cli import main

    assert main(["check", str(PUBLISHED)]) == 0
    assert capsys.readouterr().out == (
        f"{PUBLISHED}：观测值（UTF-8 编码的 CSV）检查通过，无问题：共 56 行，56 行有数值，"
        "0 行有评估人判断，0 行未填写（未观测）"
        " (observations read as UTF-8: 56 value(s), 0 judgement(s), 0 blank row(s) of 56; no problems)\n"
    )
    bad = write(tmp_path, HEADER + "I14-04,崇阳,2024,0.8336,%,,county site,,\nI99,全市,2023,1,%,,x,,\n")
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "未通过检查" in err and "\n  - 第1行（文件第2行）数值“0.8336”" in err
    assert "\n  - 第2行（文件第3行）指标编号" in err

    out = tmp_path / "template.csv"
    assert main(["template", "observations", "--year", "2023", "--out", str(out)]) == 0
    template = out.read_text(encoding="utf-8-sig").splitlines()
    optional = ",judgement,judgement_reason,responsible,explanation,ref_name,ref_targets"
    assert template[0] == HEADER.strip() + optional
    assert any(line.startswith("I13-06,全市,2023,,%") for line in template)
    assert main(["check", str(out)]) == 0  # a blank template is valid: nothing observed yet
    status = tmp_path / "status.csv"
    assert main(["template", "project-status", "--out", str(status)]) == 0
    assert main(["check", str(status)]) == 0
    assert status.read_text(encoding="utf-8-sig").splitlines()[1].startswith("P1.1.001,,,,,")


# ---------------------------------------------------------------------------------------------
# Unambiguous numbers: refused by `xnplan check`, with the row


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("720", 720.0),
        (" 7205 ", 7205.0),
        ("-0.5", -0.5),
        ("１，２３４．５", 1234.5),
    ],
)
def test_unambiguous_numbers(text, value):
    assert inputs.parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("720,5", "ambiguous"),
        ("1.234,5", "ambiguous"),
        ("1,23", "ambiguous"),
        ("12,345,67", "ambiguous"),
        ("0,500", "ambiguous"),
        ("9" * 400, "significant digits"),
        ("inf", "not a number"),
        ("nan", "not a number"),
        ("1e400", "not a number"),
        ("7 205", "not a number"),
        ("120¹", "not a number"),
        ("⑤", "not a number"),
    ],
)
def test_ambiguous_or_impossible_numbers(text, why):
    with pytest.raises(InputValueError, match=why):
        inputs.parse_number(text)


def test_check_refuses_ambiguous_numbers_with_their_rows(tmp_path, capsys):
    from xnplan.cli import main

    path = write(
        tmp_path,
        HEADER
        + 'I13-01,咸安区,2023,"720,5",元/月,,src,,\n'  # row 1: 720.5 or 7205?
        + 'I13-01,嘉鱼县,2023,"1.234,5",元/月,,src,,\n'  # row 2: a decimal comma
        + f"I13-01,赤壁市,2023,{'9' * 400},元/月,,src,,\n"  # row 3: 400 digits (was read as inf)
        + "I13-01,通山县,2023,inf,元/月,,src,,\n"  # row 4
        + "I14-12,全市,2023,101,%,,src,,\n"  # row 5: a coverage over 100%
        + "I14-12,咸安区,2023,1.2,fraction,,src,,\n"  # row 6: 120% as a fraction
        + 'I13-01,通城县,2023,"1,234.5",元/月,,src,,\n',
    )  # row 7: fine (grouped thousands)
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n  - ") == 6
    for row, what in [
        (1, "“720,5”有歧义"),
        (2, "“1.234,5”有歧义"),
        (3, "有效数字超过 15 位"),
        (4, "“inf”不是数字"),
        (5, "“101”（%）超出可能的范围 0–100%"),
        (6, "“1.2”（fraction）超出可能的范围 0–100%"),
    ]:
        assert f"第{row}行（文件第{row + 1}行）数值“" in err and what in err, (row, err)
    status = write(tmp_path, STATUS_HEADER + 'P1.1.001,completed,"1.234,5",,\n', "status.csv")
    assert (
        "第1行（文件第2行）已完成投资(万元)“1.234,5”有歧义"
        in problems_of(lambda: inputs.read_project_status(status, PROJECTS))[0]
    )


# ---------------------------------------------------------------------------------------------
# .xlsx inputs and templates


def test_xlsx_template_has_labels_dropdowns_and_a_read_only_reference(plan, tmp_path):
    from openpyxl import load_workbook

    from xnplan.cli import main

    out = tmp_path / "obs.xlsx"
    assert main(["template", "observations", "--year", "2023", "--out", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames == ["观测值", "选项", "参考", "填写说明"]
    sheet = book["观测值"]
    header = [c.value for c in sheet[1]]
    assert header[:11] == [
        "指标编号",
        "地域",
        "年份",
        "数值",
        "单位",
        "数据日期",
        "数据来源",
        "可靠性",
        "备注",
        "评估人判断",
        "判断理由",
    ]
    validated = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
    letters = {"indicator_id": "A", "geography": "B", "unit": "E", "reliability": "H", "judgement": "J"}
    assert set(validated) == set(letters.values())
    options = book["选项"]
    geographies = [c.value for c in options["B"][1:] if c.value]
    assert geographies == ["全市", "咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县"]
    reference = book["参考"]
    assert reference.protection.sheet and options.sheet_state == "hidden"
    ref_rows = {r[1]: r for r in reference.iter_rows(min_row=2, values_only=True)}
    assert ref_rows["I14-04"][4] == "%" and ref_rows["I14-04"][7] == 32  # unit and the plan's baseline
    assert ref_rows["I14-04"][6] == "≥60%(2025年)"

    # Filled in by the evaluator, it reads back from its own sheet; a blank template has no values.
    sheet["D5"] = 50  # the row of I14-04
    assert sheet["A5"].value == "I14-04"
    sheet["G5"] = "统计年报"
    book.save(out)
    obs = inputs.read_observations(out, catalogue.observation_units(plan.catalogue))
    assert obs[["indicator_id", "year", "value"]].values.tolist() == [["I14-04", 2023, 50.0]]
    assert obs.attrs["encoding"] == "xlsx (sheet 观测值)" and obs["row"].tolist() == [4]
    # The sheet travels as data: the summary names it without reading it back out of the encoding.
    assert obs.attrs["sheet"] == "观测值"
    assert inputs.check_summary("observations", obs).startswith("观测值（Excel 工作表“观测值”）检查通过")


def test_templates_refuse_to_overwrite(tmp_path, capsys):
    from xnplan.cli import main

    out = tmp_path / "status.xlsx"
    assert main(["template", "project-status", "--out", str(out)]) == 0
    filled = out.read_bytes()
    assert main(["template", "project-status", "--out", str(out)]) == 1
    assert "文件已存在" in capsys.readouterr().err and out.read_bytes() == filled
    assert main(["template", "project-status", "--out", str(out), "--force"]) == 0
    assert main(["template", "project-status", "--out", str(tmp_path)]) == 1  # a folder
    assert main(["template", "project-status", "--out", str(tmp_path / "missing" / "s.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "是文件夹" in err and "上级文件夹不存在" in err and "Traceback" not in err


def test_templates_keep_formula_like_text_as_text(tmp_path):
    """=HYPERLINK(…), =cmd|… and @SUM(…) in a project name are not run by Excel."""
    from openpyxl import load_workbook

    from xnplan.assess import templates

    projects = pd.DataFrame(
        {
            "project_id": ["P1", "P2", "P3", "P4"],
            "county": ["咸安区"] * 4,
            "category": ["c"] * 4,
            "subcategory": ["s"] * 4,
            "location": ["l"] * 4,
            "implementer": ["+1 unit"] * 4,
            "name": ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "普通项目"],
            "investment_wan": [-5.0, 1.0, 2.0, 3.0],
            "units": [1] * 4,
            "source_line": [1] * 4,
        }
    )
    frame = inputs.project_status_template(projects)
    csv_path = templates.write_template(
        frame,
        tmp_path / "s.csv",
        "project_status",
        templates.project_reference(projects),
        templates.status_choices(),
    )
    # The one CSV form (spreadsheet.csv_bytes): BOM, CRLF, 15 significant digits (3.0 is written 3).
    raw = csv_path.read_bytes()
    assert raw.startswith("\ufeff".encode()) and raw.count(b"\r\n") == 5  # header and 4 rows
    lines = raw.decode("utf-8-sig").splitlines()
    assert "'=HYPERLINK" in lines[1]
    assert "'=cmd|" in lines[2] and "'@SUM(1+1)" in lines[3] and lines[4].endswith("普通项目,3")
    xlsx_path = templates.write_template(
        frame,
        tmp_path / "s.xlsx",
        "project_status",
        templates.project_reference(projects),
        templates.status_choices(),
    )
    book = load_workbook(xlsx_path)
    for sheet_name, column in (("项目进展", 11), ("参考", 5)):  # 项目进展: name after the 3 optional columns
        cells = [book[sheet_name].cell(row=r, column=column) for r in range(2, 6)]
        assert [c.data_type for c in cells] == ["s"] * 4, sheet_name  # text, never a formula
        # the raw text, behind Excel's quote prefix where it would run as a formula when typed
        assert [c.value for c in cells] == list(projects["name"])
        assert [c.quotePrefix for c in cells] == [True, True, True, False]
    assert book["参考"].cell(row=2, column=7).value == "+1 unit"
    assert book["参考"].cell(row=2, column=7).quotePrefix
    assert book["参考"].cell(row=2, column=8).value == -5  # a number stays a number
    # The one width rule (spreadsheet.column_width): 项目编号 is 4 CJK characters, 8 units, plus 2 for
    # the header and 2 of padding: 12; its values (P1 …) are narrower. 项目名称's widest value,
    # =HYPERLINK("http://x","y"), is 26 characters: 26 + 2 = 28.
    assert book["参考"].column_dimensions["A"].width == 12
    assert book["参考"].column_dimensions["E"].width == 28
