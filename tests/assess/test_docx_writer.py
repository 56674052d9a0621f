"""The 公文 .docx read back with python-docx and from its XML parts.

Expected values are GB/T 9704-2012's numbers converted by hand: 1 mm = 1440/25.4 twips, 1 pt = 20
twips, a body character = 16 pt = 320 twips, 三号 = 32 half-points, 二号 = 44.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.shared import Mm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xnplan.assess import docx_writer
from xnplan.assess.document import Attachment, Document, Heading, Items, Paragraph, Table, Text, placeholders
from xnplan.assess.docx_writer import docx_bytes, xml_text

WHEN = datetime(2024, 3, 15, 8, 30, tzinfo=UTC)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _todo(what: str) -> Text:
    return Text(f"【待填写：{what}】", placeholder=True)


def _sample() -> Document:
    """Two level-1 headings with three level-2 headings between them, items, a placeholder, a body
    table, a portrait attachment with two tables and a landscape one with a 14-column table."""
    blocks = (
        Paragraph(("根据规划，", _todo("评估组织情况"), "现将评估情况报告如下。")),
        Heading("主要指标完成情况", 1),
        Heading("养老服务", 2),
        Heading("机构养老", 3),
        Heading("床位建设", 4),
        Paragraph("床位数稳步增长。"),
        Heading("社会救助", 2),
        Items(("完善网络；", ("提升", Text("重点", bold=True), "设施；"))),
        Table(
            "推进情况（分县市区）",
            ("县市区", "项目数（个）"),
            (("咸安区", "20"), ("嘉鱼县", _todo("项目数"))),
            widths_mm=(40, 35),
            align=("left", "right"),
            note="资料来源：项目进展表。",
        ),
        Heading("重大项目推进情况", 1),
        Heading("养老项目", 2),
        Items(("一项；", "二项。")),
    )
    wide = Table(
        "主要指标完成情况表",
        tuple(f"列{n}" for n in range(1, 15)),
        tuple(tuple(f"{r}-{c}" for c in range(1, 15)) for r in range(1, 4)),
        widths_mm=(9, 46, 11, 13, 20, 20, 20, 14, 14, 17, 20, 27, 15, 15),
    )
    attachments = (
        Attachment(
            "分类推进情况表",
            (
                Table("甲表", ("大类",), (("养老",),), repeat_header=False),
                Table("乙表", ("大类",), (("殡葬",),)),
            ),
        ),
        Attachment("主要指标完成情况表", (wide,), landscape=True),
    )
    return Document(
        "咸宁市民政事业发展“十四五”规划实施情况中期评估报告",
        blocks,
        attachments,
        issuer="咸宁市民政局",
        date="2024年3月15日",
        subject="中期评估",
    )


@pytest.fixture(scope="module")
def written() -> bytes:
    return docx_bytes(_sample(), written_at=WHEN)


def _part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return parse_xml(package.read(name))


def _read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _style(data: bytes, style_id: str):
    [style] = _part(data, "word/styles.xml").xpath(f'w:style[@w:styleId="{style_id}"]')
    return style


def _val(element, path: str) -> str | None:
    found = element.xpath(path)
    return found[0] if found else None


# Pages -----------------------------------------------------------------------------------------


def test_a4_portrait_with_the_standard_margins(written: bytes) -> None:
    section = _read(written).sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    # 版心 156 × 225 mm: 210 − 28 − 26 and 297 − 37 − 35
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]


def test_each_attachment_is_a_section_and_the_wide_one_is_landscape_turned(written: bytes) -> None:
    sections = _read(written).sections
    assert len(sections) == 3  # the body and two attachments
    assert sections[1].orientation == WD_ORIENT.PORTRAIT
    landscape = sections[2]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert (round(landscape.page_width.mm), round(landscape.page_height.mm)) == (297, 210)
    margins = (landscape.top_margin, landscape.right_margin, landscape.bottom_margin, landscape.left_margin)
    # the portrait page turned with its head on the binding side: top = 订口 28, right = 天头 37,
    # bottom = 26, left = 35; the 版心 is 225 × 156 mm
    assert [round(m.mm, 1) for m in margins] == [28.0, 37.0, 26.0, 35.0]


def test_the_footer_sits_so_the_page_number_is_7_mm_under_the_text(written: bytes) -> None:
    sections = _read(written).sections
    # bottom margin − 7 mm − 3 mm for the footer line: 35 − 10 = 25 mm, landscape 26 − 10 = 16 mm
    assert [round(s.footer_distance.mm, 1) for s in sections] == [25.0, 25.0, 16.0]


def test_22_lines_of_28_characters(written: bytes) -> None:
    body_pt = Mm(297 - 37 - 35).pt
    line_pt = docx_writer.LINE_TWIPS / 20
    assert int(body_pt // line_pt) == 22
    pitch_pt = 16 + docx_writer.CONDENSE_TWENTIETHS / 20  # 16 pt condensed by 0.25 pt
    assert (pitch_pt, int(Mm(156).pt // pitch_pt)) == (15.75, 28)
    normal = _style(written, "Normal")
    assert _val(normal, "w:pPr/w:spacing/@w:line") == "579"
    assert _val(normal, "w:pPr/w:spacing/@w:lineRule") == "exact"
    assert _val(normal, "w:rPr/w:spacing/@w:val") == "-5"
    grids = _part(written, "word/document.xml").xpath("//w:sectPr/w:docGrid")
    assert [(g.get(f"{W}type"), g.get(f"{W}linePitch")) for g in grids] == [("lines", "579")] * 3


def _footers(data: bytes) -> list[tuple[str, str]]:
    """(type, part name) of every footer reference of every section, in order."""
    document = _part(data, "word/document.xml")
    rels = _part(data, "word/_rels/document.xml.rels")
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return [
        [(ref.get(f"{W}type"), "word/" + targets[ref.get(r_id)]) for ref in sect.xpath("w:footerReference")]
        for sect in document.xpath("//w:sectPr")
    ]


def test_every_section_has_a_page_field_odd_right_even_left(written: bytes) -> None:
    per_section = _footers(written)
    assert len(per_section) == 3
    for references in per_section:
        assert sorted(kind for kind, _ in references) == ["default", "even"]
        for kind, name in references:
            footer = _part(written, name)
            [paragraph] = footer.xpath("w:p")
            assert paragraph.xpath("w:r/w:instrText/text()") == [" PAGE "]
            assert paragraph.xpath("w:r/w:fldChar/@w:fldCharType") == ["begin", "separate", "end"]
            assert "".join(paragraph.xpath("w:r/w:t/text()")) == "— 1 —"
            assert paragraph.xpath("w:r/w:rPr/w:rFonts/@w:eastAsia") == ["宋体"] * 7
            side, indent = ("right", "w:right") if kind == "default" else ("left", "w:left")
            assert _val(paragraph, "w:pPr/w:jc/@w:val") == side
            assert _val(paragraph, f"w:pPr/w:ind/@{indent}") == "280"  # 空一字: one 14 pt character
    assert _part(written, "word/settings.xml").xpath("w:evenAndOddHeaders")
    page_number = _style(written, "PageNumber")
    assert _val(page_number, "w:rPr/w:sz/@w:val") == "28"  # 四号
    assert _val(page_number, "w:rPr/w:rFonts/@w:ascii") == "宋体"  # 半角宋体阿拉伯数字


# Fonts and styles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style_id", "east_asian", "half_points", "bold", "align"),
    [
        ("Normal", "仿宋_GB2312", "32", "0", "both"),
        ("Title", "方正小标宋简体", "44", "0", "center"),
        ("Heading1", "黑体", "32", "0", "both"),
        ("Heading2", "楷体_GB2312", "32", "0", "both"),
        ("Heading3", "仿宋_GB2312", "32", "1", "both"),
        ("Heading4", "仿宋_GB2312", "32", "0", "both"),
        ("AttachmentMark", "黑体", "32", "0", "left"),
    ],
)
def test_fonts_sizes_and_alignment_of_each_style(
    written: bytes, style_id: str, east_asian: str, half_points: str, bold: str, align: str
) -> None:
    style = _style(written, style_id)
    assert _val(style, "w:rPr/w:rFonts/@w:eastAsia") == east_asian
    assert _val(style, "w:rPr/w:rFonts/@w:ascii") == "Times New Roman"
    assert _val(style, "w:rPr/w:sz/@w:val") == half_points
    assert _val(style, "w:rPr/w:b/@w:val") == bold
    assert _val(style, "w:pPr/w:jc/@w:val") == align
    assert _val(style, "w:rPr/w:color/@w:val") == "000000"


@pytest.mark.parametrize(
    ("style_id", "first_line"),
    [("Normal", "640"), ("Heading1", "640"), ("Heading4", "640"), ("Title", "0"), ("AttachmentMark", "0")],
)
def test_body_and_headings_indent_two_characters(written: bytes, style_id: str, first_line: str) -> None:
    style = _style(written, style_id)
    assert _val(style, "w:pPr/w:ind/@w:firstLine") == first_line
    assert _val(style, "w:pPr/w:ind/@w:firstLineChars") == str(int(first_line) // 320 * 100)


def test_headings_are_word_headings_restyled(written: bytes) -> None:
    for level in range(1, 5):
        style = _style(written, f"Heading{level}")
        assert _val(style, "w:name/@w:val") == f"heading {level}"
        assert _val(style, "w:pPr/w:outlineLvl/@w:val") == str(level - 1)
        assert _val(style, "w:pPr/w:keepNext/@w:val") == "1"  # never alone at the foot of a page
        assert _val(style, "w:pPr/w:spacing/@w:before") == "0"
    styles_xml = _part(written, "word/styles.xml")
    assert not styles_xml.xpath("//@w:themeColor | //@w:asciiTheme | //@w:eastAsiaTheme")
    assert set(styles_xml.xpath("//w:color/@w:val")) == {"000000"}


def test_only_the_renderers_styles_are_left(written: bytes) -> None:
    names = {style.name for style in _read(written).styles}
    assert names == {
        "Normal",
        "Title",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Heading 4",
        "附件标识",
        "表题",
        "表格文字",
        "表格文字（小五）",
        "表注",
        "页码",
    }


def test_fallback_fonts_in_the_font_table(written: bytes) -> None:
    fonts = _part(written, "word/fontTable.xml")  # no python-docx class: plain lxml, namespaces given
    namespaces = {"w": W[1:-1]}
    alternates = {
        font.get(f"{W}name"): "".join(font.xpath("w:altName/@w:val", namespaces=namespaces)) or None
        for font in fonts.xpath("w:font", namespaces=namespaces)
    }
    assert alternates == {
        "仿宋_GB2312": "仿宋",
        "楷体_GB2312": "楷体",
        "方正小标宋简体": "宋体",
        "黑体": None,
        "宋体": None,
        "Times New Roman": None,
    }


def test_every_run_names_its_east_asian_font(written: bytes) -> None:
    runs = _part(written, "word/document.xml").xpath("//w:r")
    assert runs
    assert all(run.xpath("w:rPr/w:rFonts/@w:eastAsia") for run in runs)


# Content ---------------------------------------------------------------------------------------


def _paragraphs(data: bytes, style: str | None = None) -> list[str]:
    return [p.text for p in _read(data).paragraphs if style is None or p.style.name == style]


def test_title_and_heading_numbers(written: bytes) -> None:
    assert _paragraphs(written, "Title") == [
        "咸宁市民政事业发展“十四五”规划实施情况中期评估报告",
        "分类推进情况表",
        "主要指标完成情况表",
    ]
    headings = [p.text for p in _read(written).paragraphs if p.style.name.startswith("Heading")]
    # 一、 with (一)(二) under it; 二、 restarts at （一）
    assert headings == [
        "一、主要指标完成情况",
        "（一）养老服务",
        "1．机构养老",
        "（1）床位建设",
        "（二）社会救助",
        "二、重大项目推进情况",
        "（一）养老项目",
    ]


def test_items_restart_in_each_list(written: bytes) -> None:
    texts = _paragraphs(written, "Normal")
    assert texts[texts.index("1．完善网络；") :][:2] == ["1．完善网络；", "2．提升重点设施；"]
    assert texts[texts.index("1．一项；") :][:2] == ["1．一项；", "2．二项。"]


def test_tables_are_numbered_through_the_attachments(written: bytes) -> None:
    assert _paragraphs(written, "表题") == [
        "表1　推进情况（分县市区）",
        "表2　甲表",
        "表3　乙表",
        "表4　主要指标完成情况表",
    ]
    assert _paragraphs(written, "附件标识") == ["附件1", "附件2"]


def test_header_rows_repeat_and_rows_never_split(written: bytes) -> None:
    tables = _part(written, "word/document.xml").xpath("//w:tbl")
    assert len(tables) == 4
    for number, table in enumerate(tables, start=1):
        rows = table.xpath("w:tr")
        assert all(row.xpath("w:trPr/w:cantSplit") for row in rows)
        assert not any(row.xpath("w:trPr/w:tblHeader") for row in rows[1:])
        assert bool(rows[0].xpath("w:trPr/w:tblHeader")) == (number != 2)  # 甲表 asked for no repeat
        assert rows[0].xpath("w:tc/w:p/w:r/w:rPr/w:b")  # header bold


def test_column_widths_for_word_and_for_libreoffice(written: bytes) -> None:
    first, *_, wide = _part(written, "word/document.xml").xpath("//w:tbl")
    # 40 mm = 2268 twips, 35 mm = 1984 (1440/25.4 a mm, rounded)
    assert first.xpath("w:tblGrid/w:gridCol/@w:w") == ["2268", "1984"]
    assert first.xpath("w:tr[1]/w:tc/w:tcPr/w:tcW/@w:w") == ["2268", "1984"]
    assert _val(first, "w:tblPr/w:tblLayout/@w:type") == "fixed"
    # 261 mm of widths shrunk to the landscape 版心's 225 mm: 9 mm → 9 × 225/261 = 7.76 mm = 440 twips
    grid = [int(w) for w in wide.xpath("w:tblGrid/w:gridCol/@w:w")]
    assert grid[0] == 440 and abs(sum(grid) - Mm(225).twips) <= len(grid)


def test_column_alignment_figures_right(written: bytes) -> None:
    first = _part(written, "word/document.xml").xpath("//w:tbl")[0]
    assert first.xpath("w:tr[1]/w:tc/w:p/w:pPr/w:jc/@w:val") == ["center", "center"]
    assert first.xpath("w:tr[2]/w:tc/w:p/w:pPr/w:jc/@w:val") == ["left", "right"]


def test_placeholders_are_highlighted_and_only_they(written: bytes) -> None:
    runs = _part(written, "word/document.xml").xpath("//w:r[w:t]")
    highlighted = ["".join(run.xpath("w:t/text()")) for run in runs if run.xpath("w:rPr/w:highlight")]
    assert highlighted == placeholders(_sample())  # the issuer and date are plain text here
    assert {value for run in runs for value in run.xpath("w:rPr/w:highlight/@w:val")} == {"yellow"}


def test_attachment_note_and_signature_indents() -> None:
    document = _sample()
    paragraphs = _read(docx_bytes(document, written_at=WHEN)).paragraphs
    texts = [p.text for p in paragraphs]
    start = texts.index("附件：1．分类推进情况表")
    note, second, issuer, date = paragraphs[start : start + 4]
    assert (second.text, issuer.text, date.text) == ("2．主要指标完成情况表", "咸宁市民政局", "2024年3月15日")

    def ind(paragraph, name: str) -> str:
        return paragraph._p.pPr.xpath(f"w:ind/@w:{name}")[0]

    # 附件： is 3 characters, 1． 1.5 (a half-width digit): text starts 2 + 3 + 1.5 = 6.5 characters in
    assert (ind(note, "left"), ind(note, "hanging")) == ("2080", "1440")  # 6.5 × 320, 4.5 × 320
    assert (ind(second, "left"), ind(second, "hanging")) == ("2080", "480")  # 2． under 1．
    # issuer 6 characters, date 2024年3月15日 = 7 half-width digits + 3 = 6.5: the date keeps 2
    # characters from the right, the issuer moves left so that the date starts 2 characters right
    # of it: 2 + 6.5 + 2 − 6 = 4.5 characters
    assert (ind(issuer, "right"), ind(date, "right")) == ("1440", "640")
    assert issuer.alignment == date.alignment == 2  # right
    # the first section ends on the date: no empty paragraph carries the section break
    assert date._p.pPr.sectPr is not None and paragraphs[start + 4].text == "附件1"


def test_a_long_issuer_keeps_two_characters_from_the_right() -> None:
    document = Document("标题", (), issuer="咸宁市民政事业发展评估工作组", date="2024年3月15日")
    issuer, date = _read(docx_bytes(document)).paragraphs[-2:]
    # issuer 14 characters: right 2; date 6.5 starts 2 characters right of the issuer: 14 − 6.5 = 7.5
    assert issuer._p.pPr.xpath("w:ind/@w:right") == ["640"]
    assert date._p.pPr.xpath("w:ind/@w:right") == ["2400"]


def test_a_single_attachment_has_no_number() -> None:
    document = Document("标题", (Paragraph("正文"),), (Attachment("附表", (Paragraph("内容"),)),))
    texts = _paragraphs(docx_bytes(document))
    assert "附件：附表" in texts and "附件" in texts and "附件1" not in texts


def test_paragraph_options_are_direct_formatting() -> None:
    document = Document("标题", (Paragraph("居中不缩进", indent=False, align="center"), Paragraph("正文")))
    centred, body = _read(docx_bytes(document)).paragraphs[1:3]
    assert centred._p.pPr.xpath("w:jc/@w:val") == ["center"]
    assert centred._p.pPr.xpath("w:ind/@w:firstLine") == ["0"]
    assert centred._p.pPr.xpath("w:ind/@w:firstLineChars") == ["0"]
    assert body._p.pPr is None  # all from the Normal style


# The package -----------------------------------------------------------------------------------


def test_core_properties_name_nobody(written: bytes) -> None:
    props = _read(written).core_properties
    assert (props.title, props.subject) == ("咸宁市民政事业发展“十四五”规划实施情况中期评估报告", "中期评估")
    assert (props.author, props.last_modified_by, props.comments, props.keywords, props.category) == ("",) * 5
    assert props.revision == 1 and props.language == "zh-CN"
    assert props.created == props.modified == WHEN
    with zipfile.ZipFile(io.BytesIO(written)) as package:
        assert not any(b"python-docx" in package.read(name) for name in package.namelist())


def test_nothing_of_the_default_template_is_left(written: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(written)) as package:
        names = set(package.namelist())
    footers = {f"word/footer{n}.xml" for n in range(1, 7)}  # odd and even for three sections
    assert (
        names
        == {
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/settings.xml",
            "word/fontTable.xml",
        }
        | footers
    )
    settings_xml = _part(written, "word/settings.xml")
    # Word 2013 mode (the template's Word 2010 mode opens as 兼容模式), no edit history, no preview
    assert settings_xml.xpath('w:compat/w:compatSetting[@w:name="compatibilityMode"]/@w:val') == ["15"]
    assert not settings_xml.xpath("w:rsids | w:savePreviewPicture")
    assert settings_xml.xpath("w:themeFontLang/@w:eastAsia") == ["zh-CN"]


def test_same_document_same_bytes() -> None:
    assert docx_bytes(_sample(), written_at=WHEN) == docx_bytes(_sample(), written_at=WHEN)
    first, second = docx_bytes(_sample()), docx_bytes(_sample())
    for name in ("word/document.xml", "word/styles.xml"):
        with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(second)) as b:
            assert a.read(name) == b.read(name)


def test_an_empty_document_renders() -> None:
    texts = _paragraphs(docx_bytes(Document("", ())))
    assert texts == ["", "【待填写：评估单位】", "【待填写：成文日期】"]


# Any text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("a\x00b\x08c\x0bd\x0ce\x1ff", "abcdef"),  # C0 controls other than tab, line feed, carriage return
        ("a\ufffeb\uffffc", "abc"),  # the two non-characters XML 1.0 leaves out
        ("a\ud800b\udfffc", "abc"),  # lone surrogates: a str can hold them, UTF-8 cannot encode them
        ("a\tb\nc\rd", "a\tb\nc\rd"),  # allowed (python-docx writes w:tab and w:br)
        ("a\x7fb\x85c\u2028d\U0001ffffe", "a\x7fb\x85c\u2028d\U0001ffffe"),  # allowed by XML 1.0
    ],
)
def test_xml_text_removes_what_xml_forbids(text: str, cleaned: str) -> None:
    assert xml_text(text) == cleaned


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_any_text_renders(text: str) -> None:
    document = Document(
        text,
        (
            Heading(text, 1),
            Paragraph((text, Text(text, placeholder=True))),
            Items((text,)),
            Table(text, (text,), ((Text(text, bold=True),),), note=text),
        ),
        (Attachment(text, (Paragraph(text),)),),
        issuer=text,
        date=Text(text),
        subject=text,
    )
    data = docx_bytes(document)
    read = _read(data)
    expected = xml_text(text).replace("\r", "\n")  # python-docx writes \r and \n as w:br
    assert read.paragraphs[2].text == expected + expected
    assert read.core_properties.title == xml_text(text).replace("\n", "")  # the title's lines as one


def test_a_small_table_is_set_in_xiao_wu() -> None:
    # Table.small: 小五 (9 pt) on 12 pt lines, for a table of many columns in a landscape attachment
    wide = Table("宽表", tuple(f"列{i}" for i in range(12)), (tuple(str(i) for i in range(12)),), small=True)
    attachment = Attachment("附表", (wide,), landscape=True)
    doc = _read(docx_bytes(Document("标题", (Paragraph("正文"),), (attachment,))))
    cells = doc.tables[0].rows[1].cells
    assert {c.paragraphs[0].style.name for c in cells} == {"表格文字（小五）"}
    assert doc.styles["表格文字（小五）"].font.size.pt == 9
