"""The deliverables read back: the Word report is a 公文, the workbook is data.

Evidence (2023 mid-term): I14-04 护理型床位占比 50% → P = (50 − 32)/(60 − 32) = 64.3%, τ = 60%, 快于预期;
I14-05 集中供养率 57% → P = 25%, 滞后; I14-04 in 通山县 45%.
"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from xnplan.assess import compose, docx_writer, evidence, workbook
from xnplan.assess.assessment import Edition, build

OBSERVED = (
    "indicator_id,geography,year,value,unit,as_of,source,reliability,note\n"
    "I14-04,全市,2023,50,%,2023-12-31,民政局统计年报2023,部门统计,\n"
    "I14-05,全市,2023,57,%,2023-12-31,民政局统计年报2023,部门统计,\n"
    "I14-04,通山县,2023,45,%,2023-12-31,通山县民政局,部门统计,\n"
)


@pytest.fixture(scope="module")
def assessment(plan, tmp_path_factory):
    path = tmp_path_factory.mktemp("obs") / "观测值.csv"
    path.write_text(OBSERVED, encoding="utf-8")
    return build(plan, evidence.read_evidence(plan, path, None, evidence.EVALUATOR), Edition(2023))


@pytest.fixture(scope="module")
def docx(assessment):
    return Document(io.BytesIO(docx_writer.docx_bytes(compose.document(assessment))))


def _text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_word_report_is_a_gongwen(docx):
    assert docx.paragraphs[0].text == "咸宁市民政事业“十四五”规划\n（征求意见稿）中期评估报告"
    assert docx.core_properties.title == "咸宁市民政事业“十四五”规划（征求意见稿）中期评估报告"
    assert docx.core_properties.author == ""
    level1 = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert level1[:3] == ["一、评估工作开展情况", "二、主要成效", "三、主要指标完成情况"]
    level2 = [p.text for p in docx.paragraphs if p.style.name == "Heading 2"]
    assert level2[:2] == ["（一）评估范围", "（二）评估组织"]
    body = docx.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert body.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert docx.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    assert docx.styles["Heading 2"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体_GB2312"
    for section in docx.sections:  # a PAGE field in every footer
        xml = section.footer._element.xml
        assert re.search(r"instrText[^>]*>\s*PAGE\s*<|w:fldSimple[^>]*PAGE", xml), xml[:200]


def test_the_word_report_has_no_software_text(docx):
    text = _text(docx)
    for forbidden in ("xnplan", ".csv", ".xlsx", "观测值.csv", "原文第", "narr-", "ind13-", "I14-0", "check"):
        assert forbidden not in text, forbidden


def test_the_main_table_is_attachment_one(docx):
    table = docx.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[:4] == ["序号", "指标名称", "单位", "基期值"]  # 属性 left out: every row is 约束性
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    nursing = rows["养老机构床位中护理型床位占比"]
    assert nursing[header.index("完成进度(%)")] == "64.3" and nursing[header.index("时间进度(%)")] == "60.0"
    assert nursing[header.index("评价")] == "快于预期"
    assert nursing[header.index("预计目标年完成情况")] == "预计可完成"  # 6 points a year: 62% in 2025


def test_the_workbook_holds_numbers(assessment):
    book = load_workbook(io.BytesIO(workbook.xlsx_bytes(assessment)))
    sheet = book["主要指标完成情况表"]
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("编号")].value: r for r in sheet.iter_rows(min_row=2)}
    nursing = rows["I14-04"]
    expected = (("基期值", 32), ("目标值", 60), ("现状值", 50), ("现状值年份", 2023), ("目标年份", 2025))
    for column, value in expected:
        cell = nursing[header.index(column)]
        assert cell.data_type == "n" and cell.value == value, column
    share = nursing[header.index("完成进度(%)")]
    assert share.data_type == "n" and share.number_format == "0.0"
    assert share.value == pytest.approx(64.2857, abs=1e-4)
    # every cell of a numeric column holds a number or nothing, never a number as text
    numeric_columns = ("基期值", "目标值", "现状值", "完成进度(%)", "时间进度(%)")
    numeric = [i for i, h in enumerate(header) if h in numeric_columns]
    for row in sheet.iter_rows(min_row=2):
        for i in numeric:
            assert row[i].value is None or row[i].data_type == "n", (row[0].value, header[i], row[i].value)
    # the notes sheet describes each column of each sheet: its letter, header and format
    notes = list(book["说明"].iter_rows(min_row=2, values_only=True))
    described = {(r[0], r[2]): r[3] for r in notes if r[2]}
    assert described[("主要指标完成情况表", "完成进度(%)")].startswith("百分数")
