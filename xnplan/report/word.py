"""The Word (.docx) assessment report, laid out from :class:`xnplan.report.assessment.Assessment`.

A4; the wide tables (主要指标完成情况表, 重大项目) sit in landscape sections and repeat their header
row on every page. Every style names an East Asian font (``w:eastAsia``): without it Word and WPS
fall back to a Western font and show Chinese as boxes or in a mismatched face.
"""

from __future__ import annotations

import io

import pandas as pd

from xnplan.assess import gap
from xnplan.parse import outline
from xnplan.report.assessment import PROJECTION_RULE, Assessment, present_rates, rates_text

BODY_FONT = ("Times New Roman", "宋体")  # (Latin, East Asian)
HEADING_FONT = ("Times New Roman", "黑体")
TABLE_PT = 8
SECTIONS = ("评估说明", "主要指标完成情况", "重大项目推进情况", "分县市区情况", "数据质量提示", "存在问题",
            "对策建议")


def _set_font(style_or_run, latin: str, east_asian: str, size: float | None = None, bold: bool | None = None):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style_or_run.font
    font.name = latin
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _page(section, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    short, long_ = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin = section.bottom_margin = Mm(20)


def _new_section(doc, landscape: bool) -> None:
    from docx.enum.section import WD_SECTION

    _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape)


def _row_flag(row, name: str) -> None:
    """Set a row property: w:tblHeader (repeat on every page) or w:cantSplit (never split a row)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _table(doc, frame: pd.DataFrame, widths_mm: list[float] | None = None) -> None:
    """A grid table; header row bold, repeated on every page; 8 pt text."""
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    table.autofit = False
    for cell, name in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(name))
        _set_font(run, *BODY_FONT, size=TABLE_PT, bold=True)
    _row_flag(table.rows[0], "w:tblHeader")
    for record in frame.itertuples(index=False):
        row = table.add_row()
        _row_flag(row, "w:cantSplit")
        cells = row.cells
        for cell, value in zip(cells, record, strict=True):
            run = cell.paragraphs[0].add_run("" if value is None else str(value))
            _set_font(run, *BODY_FONT, size=TABLE_PT)
    if widths_mm:
        # Word reads the cell widths, LibreOffice and WPS the grid's: set both.
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)


def _heading(doc, text: str, level: int) -> None:
    doc.add_heading(text, level=level)


def _caption(doc, text: str) -> None:
    doc.add_paragraph(text).paragraph_format.keep_with_next = True  # never a caption alone at a page end


def _bullets(doc, lines: list[str]) -> None:
    for line in lines:
        doc.add_paragraph(line, style="List Bullet")


# Column widths (mm) of the completion table on landscape A4 (261 mm between the margins).
COMPLETION_WIDTHS = [9, 46, 11, 13, 20, 20, 20, 14, 14, 17, 27, 20, 15, 15]
RATES_WIDTHS = [40, 15, 15, 15, 15, 16, 16, 16, 14, 24, 22, 18, 35]


def docx_bytes(assessment: Assessment) -> bytes:
    from docx import Document

    doc = Document()
    _page(doc.sections[0], landscape=False)
    for name in ("Normal", "List Bullet"):
        _set_font(doc.styles[name], *BODY_FONT, size=10.5)
    for name in ("Title", "Heading 1", "Heading 2"):
        _set_font(doc.styles[name], *HEADING_FONT)
    year = assessment.year
    doc.add_heading(f"咸宁市民政事业发展“十四五”规划{year}年{gap.ASSESSMENT_LABELS[year]}报告", level=0)
    for part in assessment.summary.replace("`", "").split("\n\n"):
        doc.add_paragraph(part)
    titles = {name: f"{outline.NUMERALS[i]}、{name}" for i, name in enumerate(SECTIONS)}

    _heading(doc, titles["评估说明"], 1)
    doc.add_paragraph(f"数据截止日期：{assessment.cut_off}。评估年份：{year}年末（时间进度"
                      f"{gap.time_elapsed(year):.0%}）。观测值文件：{assessment.observations_name}"
                      + (f"（读取为 {assessment.encoding}）" if assessment.encoding else "") + "。")
    doc.add_paragraph("数据来源：" + ("" if assessment.sources else "无（未提供观测值）。"))
    _bullets(doc, assessment.sources)
    doc.add_paragraph(
        "评估方法：完成进度 P =（现状值 − 基期值）/（目标值 − 基期值），时间进度 τ =（观测年份 − 2020）/"
        "（目标年份 − 2020），进度比 R = P/τ。评价：已完成（达到目标）；快于预期（R ≥ 1）；基本符合预期"
        "（0.95 ≤ R < 1）；需加快（0.6 ≤ R < 0.95）；滞后（0 ≤ R < 0.6）；倒退（R < 0）；无法评估（无数据）。"
        "规划未给出基期值而评估人提供2020年值的，以评估人提供值为基期值并注明；与规划值不一致的，采用规划值。"
        "评估人判断与计算结论并列列出，不替代计算结论。")
    doc.add_paragraph(PROJECTION_RULE)

    _new_section(doc, landscape=True)
    _heading(doc, titles["主要指标完成情况"], 1)
    _caption(doc, "表1 主要指标完成情况表（责任单位、说明两栏由评估人填写）")
    _table(doc, assessment.main_table, COMPLETION_WIDTHS)
    if len(assessment.other_table):
        doc.add_paragraph("")
        _caption(doc, "表2 规划正文和专栏目标（有观测值或评估人判断的）")
        _table(doc, assessment.other_table, COMPLETION_WIDTHS)

    _heading(doc, titles["重大项目推进情况"], 1)
    if assessment.county_rates is None:
        doc.add_paragraph("未提供项目进展文件（--project-status），本节不作判断。可用 xnplan template "
                          "project-status 生成模板，填写后重新评估。")
    else:
        doc.add_paragraph(rates_text(assessment.county_rates))
        _caption(doc, "表3 重大项目推进情况（分县市区）")
        _table(doc, present_rates(assessment.county_rates, "县市区"), RATES_WIDTHS)
        doc.add_paragraph("")
        _caption(doc, "表4 重大项目推进情况（分类）")
        _table(doc, present_rates(assessment.category_rates, "大类"), RATES_WIDTHS)

    _new_section(doc, landscape=False)
    _heading(doc, titles["分县市区情况"], 1)
    doc.add_paragraph("规划只给出全市基期值和目标值；县市区的观测值对照全市基期值和目标值，仅供参考，不加总为全市数。")
    _bullets(doc, assessment.counties)
    _heading(doc, titles["数据质量提示"], 1)
    doc.add_paragraph("规划文本中与所评估指标有关的自相矛盾或存疑之处：")
    _bullets(doc, assessment.quality or ["未发现。"])
    _heading(doc, titles["存在问题"], 1)
    _bullets(doc, assessment.problems)
    _heading(doc, titles["对策建议"], 1)
    _bullets(doc, assessment.suggestions)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
