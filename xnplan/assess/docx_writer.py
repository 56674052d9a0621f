"""A :class:`~xnplan.assess.document.Document` as a .docx in the form of GB/T 9704-2012 (党政机关公文格式).

The form:

- A4, margins top 37 mm, bottom 35 mm, left (订口) 28 mm, right 26 mm: a 156 × 225 mm 版心.
  A landscape attachment turns the page with its head on the binding side (GB/T 9704 8: 单页码表头在
  订口一边), so its margins are top 28, right 37, bottom 26, left 35 mm: the same 版心 on its side.
- Body 仿宋_GB2312 三号 (16 pt), Latin text Times New Roman, 22 lines of 28 characters a page: an
  exact line spacing of 28.95 pt on a line grid (``w:docGrid``, what Word and WPS show under
  页面设置 → 文档网格), characters condensed by 0.25 pt so that 28 fit the 156 mm line; first-line
  indent of two characters; justified.
- Title 方正小标宋简体 二号 (22 pt), centred, a blank line under it. Headings: 一、 黑体, （一） 楷体_GB2312,
  1． 仿宋_GB2312 bold, （1） 仿宋_GB2312, all 三号, indented like body text, kept with the next
  paragraph and coloured like the text. They are Word's "heading 1–4" (for the navigation pane)
  with every property restated.
- Page numbers "— N —", 宋体 四号, a PAGE field in the footer of every section: odd pages on the
  right, even pages on the left, one character in from the edge of the 版心 (GB/T 9704 7.5).
- 附件说明 after the body, then the 落款 after GB/T 9704 7.3.5.2 (no seal): the issuer two characters
  from the right, the date under it starting two characters further right.
- Each attachment on its own section: "附件N" in 黑体 at the top left, its title like the document's
  title, then its blocks. Tables are numbered through the whole document.
- Every style and run names its East Asian font (``w:eastAsia``): without it Word and WPS show
  Chinese in a Western font. The font table gives each 公文 font the fallback Word tries when the
  font is missing (``w:altName``): 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体.

Nothing of python-docx's default template shows: its styles, numbering, theme, thumbnail,
``app.xml`` and custom XML are dropped and the styles above are defined from scratch. The same
document and ``written_at`` give the same bytes: parts are zipped in a fixed order with a fixed
timestamp.

Text is cleaned before it is written: XML 1.0 forbids the control characters U+0000–U+0008, U+000B,
U+000C, U+000E–U+001F, the non-characters U+FFFE and U+FFFF, and lone surrogates (U+D800–U+DFFF,
which a Python str can hold but UTF-8 cannot encode); lxml refuses them, so they are removed. Tab,
line feed and carriage return stay (python-docx writes them as ``w:tab`` and ``w:br``).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from xnplan.assess.document import (
    Attachment,
    Block,
    Document,
    Heading,
    Items,
    Paragraph,
    Table,
    Text,
    as_text,
    attachment_label,
    attachment_note,
    inlines,
    item_label,
    labelled,
    table_count,
)

# Fonts (East Asian names as Word and WPS know them) and the fallback Word tries for each.
FANGSONG, KAITI, HEITI, SONGTI, XIAOBIAOSONG = "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "方正小标宋简体"
LATIN = "Times New Roman"
FALLBACKS = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "宋体"}

BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
PAGE_NUMBER_PT = 14  # 四号
CAPTION_PT = 14  # 四号
TABLE_PT = 10.5  # 五号
SMALL_TABLE_PT = 9  # 小五: a wide table (Table.small) in a landscape attachment
LINE_TWIPS = 579  # 28.95 pt: 22 lines fill the 225 mm 版心 (22 × 28.95 = 636.9 pt of 637.8)
CHARS_PER_LINE = 28
TWIPS_PER_CHAR = BODY_PT * 20
BLANK_LINE = LINE_TWIPS  # "空一行": one body line


@dataclass(frozen=True)
class Margins:
    top: float
    right: float
    bottom: float
    left: float


PORTRAIT = Margins(top=37, right=26, bottom=35, left=28)
LANDSCAPE = Margins(top=28, right=37, bottom=26, left=35)
A4_MM = (210, 297)
TEXT_WIDTH_MM = A4_MM[0] - PORTRAIT.left - PORTRAIT.right  # 156
# 28 characters of 16 pt need 448 pt, the 版心 is 442.2 pt wide. A character grid (w:docGrid
# linesAndChars) squeezes them in Word, but LibreOffice then gives each character two cells (14 a
# line); condensing every character by 0.25 pt (28 × 15.75 = 441 pt) gives 28 everywhere.
CONDENSE_TWENTIETHS = -math.ceil((BODY_PT - Mm(TEXT_WIDTH_MM).pt / CHARS_PER_LINE) * 20)
# The dashes of the page number sit 7 mm under the 版心 (GB/T 9704 7.5); the footer line's own
# descent and the dash's height above its baseline take about 3 mm of that.
PAGE_NUMBER_DROP_MM = 7
FOOTER_LINE_MM = 3
TABLE_CELL_MARGIN_TWIPS = 57  # 1 mm each side: a 14-column table keeps its text width


@dataclass(frozen=True)
class Look:
    """Everything a paragraph style says, so that no property comes from a default."""

    east_asian: str
    size: float = BODY_PT
    latin: str = LATIN
    bold: bool = False
    align: str = "both"
    first_line_chars: float = 2
    line_twips: int = LINE_TWIPS  # exact line spacing: the same lines whatever the font's own metrics
    before_twips: int = 0
    after_twips: int = 0
    keep_next: bool = False
    outline_level: int | None = None
    on_grid: bool = True  # body-size text: on the line grid, condensed to 28 characters a line


# Exact line heights of the text off the body grid: the title two lines of 36 pt (a common 公文
# setting for 二号), table text and notes 14 pt for 10.5 pt (1⅓ lines), the caption 22 pt for 14 pt,
# the page number 18 pt for 14 pt.
TITLE_LINE, CAPTION_LINE, TABLE_LINE, PAGE_NUMBER_LINE = 720, 440, 280, 360
SMALL_TABLE_LINE = 240  # 12 pt for 9 pt text

# style id → (name Word shows, look). "Normal", "Title" and "heading N" are Word's built-in names.
STYLES: dict[str, tuple[str, Look]] = {
    "Normal": ("Normal", Look(FANGSONG)),
    "Title": (
        "Title",
        Look(
            XIAOBIAOSONG,
            size=TITLE_PT,
            align="center",
            first_line_chars=0,
            line_twips=TITLE_LINE,
            after_twips=BLANK_LINE,
            keep_next=True,
            on_grid=False,
        ),
    ),
    "Heading1": ("heading 1", Look(HEITI, keep_next=True, outline_level=0)),
    "Heading2": ("heading 2", Look(KAITI, keep_next=True, outline_level=1)),
    "Heading3": ("heading 3", Look(FANGSONG, bold=True, keep_next=True, outline_level=2)),
    "Heading4": ("heading 4", Look(FANGSONG, keep_next=True, outline_level=3)),
    "AttachmentMark": (
        "附件标识",
        Look(HEITI, align="left", first_line_chars=0, after_twips=BLANK_LINE, keep_next=True),
    ),
    "TableCaption": (
        "表题",
        Look(
            HEITI,
            size=CAPTION_PT,
            align="center",
            first_line_chars=0,
            line_twips=CAPTION_LINE,
            before_twips=BLANK_LINE // 2,
            after_twips=60,
            keep_next=True,
            on_grid=False,
        ),
    ),
    "TableText": (
        "表格文字",
        Look(FANGSONG, size=TABLE_PT, align="left", first_line_chars=0, line_twips=TABLE_LINE, on_grid=False),
    ),
    "TableTextSmall": (
        "表格文字（小五）",
        Look(
            FANGSONG,
            size=SMALL_TABLE_PT,
            align="left",
            first_line_chars=0,
            line_twips=SMALL_TABLE_LINE,
            on_grid=False,
        ),
    ),
    "TableNote": (
        "表注",
        Look(
            FANGSONG,
            size=TABLE_PT,
            align="left",
            first_line_chars=0,
            line_twips=TABLE_LINE,
            before_twips=60,
            after_twips=BLANK_LINE // 2,
            on_grid=False,
        ),
    ),
    "PageNumber": (
        "页码",
        Look(
            SONGTI,
            size=PAGE_NUMBER_PT,
            latin=SONGTI,
            align="right",
            first_line_chars=0,
            line_twips=PAGE_NUMBER_LINE,
            on_grid=False,
        ),
    ),
}
HEADING_STYLES = {1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4"}
BUILT_IN = {"Normal", "Title", *HEADING_STYLES.values()}
ALIGN = {"justify": "both", "left": "left", "center": "center", "right": "right"}

# XML 1.0's Char production leaves these out; lxml refuses them (lone surrogates cannot be encoded).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (see the module docstring)."""
    return NOT_XML.sub("", text)


def width_in_chars(text: str) -> float:
    """The width of ``text`` in body characters: CJK and other wide characters 1, the rest ½."""
    return sum(1 if unicodedata.east_asian_width(c) in "FWA" else 0.5 for c in text)


# The package -----------------------------------------------------------------------------------


KEPT_DOCUMENT_RELS = {RT.STYLES, RT.SETTINGS, RT.FONT_TABLE}
KEPT_PACKAGE_RELS = {RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES}


def _blank() -> docx.document.Document:
    """python-docx's default document without its template's parts, styles and settings."""
    doc = docx.Document()
    for source, kept in ((doc.part.package, KEPT_PACKAGE_RELS), (doc.part, KEPT_DOCUMENT_RELS)):
        for rid in [rid for rid, rel in source.rels.items() if rel.reltype not in kept]:
            del source.rels[rid]
    sect_pr = doc.sections[0]._sectPr
    for name in [name for name in sect_pr.attrib if name.startswith(qn("w:rsid"))]:
        del sect_pr.attrib[name]
    _font_table(doc)
    _settings(doc)
    _styles(doc)
    return doc


def _font_table(doc) -> None:
    """The fonts the document uses; a 公文 font names the font Word takes when it is missing."""
    fonts = OxmlElement("w:fonts")
    for name in (FANGSONG, KAITI, XIAOBIAOSONG, HEITI, SONGTI):
        font = OxmlElement("w:font", {qn("w:name"): name})
        if name in FALLBACKS:
            font.append(OxmlElement("w:altName", {qn("w:val"): FALLBACKS[name]}))
        font.append(OxmlElement("w:charset", {qn("w:val"): "86"}))  # GB2312
        font.append(OxmlElement("w:family", {qn("w:val"): "modern" if name == HEITI else "roman"}))
        font.append(OxmlElement("w:pitch", {qn("w:val"): "variable"}))
        fonts.append(font)
    latin = OxmlElement("w:font", {qn("w:name"): LATIN})
    for tag, value in (("w:charset", "00"), ("w:family", "roman"), ("w:pitch", "variable")):
        latin.append(OxmlElement(tag, {qn("w:val"): value}))
    fonts.append(latin)
    blob = serialize_part_xml(fonts)
    [old] = [rid for rid, rel in doc.part.rels.items() if rel.reltype == RT.FONT_TABLE]
    partname = doc.part.rels[old].target_part.partname
    del doc.part.rels[old]
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
    doc.part.relate_to(Part(PackURI(partname), content_type, blob, doc.part.package), RT.FONT_TABLE)


def _settings(doc) -> None:
    """The template's settings less its history and preview; Chinese theme fonts; Word 2013 mode;
    odd and even footers."""
    settings = doc.settings.element
    for tag in ("w:rsids", "w:savePreviewPicture"):  # the template's edit history; its thumbnail
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    settings.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")
    # Word 2013 and later: the template's Word 2010 mode would open as "兼容模式"
    [mode] = settings.xpath('w:compat/w:compatSetting[@w:name="compatibilityMode"]')
    mode.set(qn("w:val"), "15")
    doc.settings.odd_and_even_pages_header_footer = True


def _styles(doc) -> None:
    """Drop every style of the template, set the document defaults, define the styles of STYLES."""
    styles = doc.styles.element
    for child in list(styles):
        styles.remove(child)
    styles.append(_defaults())
    for style_id, (name, look) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=style_id in BUILT_IN)
        style.style_id = style_id
        element = style.element
        if style_id == "Normal":
            element.set(qn("w:default"), "1")
        else:
            element.insert(1, OxmlElement("w:basedOn", {qn("w:val"): "Normal"}))
            element.insert(2, OxmlElement("w:next", {qn("w:val"): "Normal"}))
        element.append(OxmlElement("w:qFormat"))
        element.append(_paragraph_properties(look))
        element.append(_run_properties(look))


def _defaults():
    """w:docDefaults: the body font, Chinese as the East Asian language, no spacing after."""
    run = OxmlElement("w:rPr")
    run.append(_fonts(LATIN, FANGSONG))
    run.append(OxmlElement("w:sz", {qn("w:val"): str(BODY_PT * 2)}))
    run.append(OxmlElement("w:szCs", {qn("w:val"): str(BODY_PT * 2)}))
    languages = {qn("w:val"): "en-US", qn("w:eastAsia"): "zh-CN", qn("w:bidi"): "ar-SA"}
    run.append(OxmlElement("w:lang", languages))
    paragraph = OxmlElement("w:pPr")
    paragraph.append(OxmlElement("w:spacing", {qn("w:after"): "0"}))
    defaults = OxmlElement("w:docDefaults")
    defaults.append(_wrap("w:rPrDefault", run))
    defaults.append(_wrap("w:pPrDefault", paragraph))
    return defaults


def _wrap(tag: str, child):
    element = OxmlElement(tag)
    element.append(child)
    return element


def _fonts(latin: str, east_asian: str):
    """w:rFonts; the East Asian hint sets the characters Chinese and Western text share (“ ” — …)
    in the Chinese font, full width, as Chinese text wants them."""
    return OxmlElement(
        "w:rFonts",
        {
            qn("w:ascii"): latin,
            qn("w:hAnsi"): latin,
            qn("w:eastAsia"): east_asian,
            qn("w:cs"): latin,
            qn("w:hint"): "eastAsia",
        },
    )


def _switch(tag: str, on: bool):
    return OxmlElement(tag, {qn("w:val"): "1" if on else "0"})


def _run_properties(look: Look):
    """w:rPr of a style or run: fonts, bold, black, size (children in the schema's order)."""
    rpr = OxmlElement("w:rPr")
    rpr.append(_fonts(look.latin, look.east_asian))
    rpr.append(_switch("w:b", look.bold))
    rpr.append(_switch("w:bCs", look.bold))
    rpr.append(_switch("w:i", False))
    rpr.append(OxmlElement("w:color", {qn("w:val"): "000000"}))
    if look.on_grid:
        rpr.append(OxmlElement("w:spacing", {qn("w:val"): str(CONDENSE_TWENTIETHS)}))
    half_points = str(round(look.size * 2))
    rpr.append(OxmlElement("w:sz", {qn("w:val"): half_points}))
    rpr.append(OxmlElement("w:szCs", {qn("w:val"): half_points}))
    return rpr


def _paragraph_properties(look: Look):
    """w:pPr of a style (children in the schema's order)."""
    ppr = OxmlElement("w:pPr")
    ppr.append(_switch("w:keepNext", look.keep_next))
    ppr.append(_switch("w:keepLines", look.keep_next))  # a heading is neither split nor left alone
    ppr.append(_switch("w:widowControl", True))
    ppr.append(_switch("w:snapToGrid", look.on_grid))
    spacing = {"before": look.before_twips, "after": look.after_twips, "line": look.line_twips}
    attributes = {qn(f"w:{name}"): str(twips) for name, twips in spacing.items()}
    ppr.append(OxmlElement("w:spacing", {**attributes, qn("w:lineRule"): "exact"}))
    ppr.append(_indent(first_line=look.first_line_chars))
    ppr.append(OxmlElement("w:jc", {qn("w:val"): look.align}))
    if look.outline_level is not None:
        ppr.append(OxmlElement("w:outlineLvl", {qn("w:val"): str(look.outline_level)}))
    return ppr


def _indent_attributes(
    first_line: float = 0, left: float = 0, right: float = 0, hanging: float = 0, *, in_chars: bool = True
) -> dict[str, str]:
    """w:ind in body characters (16 pt): twips, and with ``in_chars`` also the character counts
    (``w:firstLineChars`` …) Word shows as "2 字符" and measures in the paragraph's font size."""
    attributes = {}
    first = "hanging" if hanging else "firstLine"
    for name, chars in (("left", left), ("right", right), (first, hanging or first_line)):
        if in_chars:
            attributes[qn(f"w:{name}Chars")] = str(round(chars * 100))
        attributes[qn(f"w:{name}")] = str(round(chars * TWIPS_PER_CHAR))
    return attributes


def _indent(first_line: float = 0, left: float = 0, right: float = 0, hanging: float = 0):
    return OxmlElement("w:ind", _indent_attributes(first_line, left, right, hanging))


def _set_indent(
    paragraph,
    *,
    in_chars: bool = True,
    first_line: float = 0,
    left: float = 0,
    right: float = 0,
    hanging: float = 0,
) -> None:
    """Replace a paragraph's indentation (direct formatting), in body characters."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.attrib.clear()
    ind.attrib.update(_indent_attributes(first_line, left, right, hanging, in_chars=in_chars))


# Pages -----------------------------------------------------------------------------------------


def _page(section, landscape: bool) -> None:
    """A4 in either orientation, its margins, the footer height, the 22 × 28 grid, page numbers."""
    short, long_ = (Mm(size) for size in A4_MM)
    margins = LANDSCAPE if landscape else PORTRAIT
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    section.top_margin, section.right_margin = Mm(margins.top), Mm(margins.right)
    section.bottom_margin, section.left_margin = Mm(margins.bottom), Mm(margins.left)
    section.footer_distance = Mm(margins.bottom - PAGE_NUMBER_DROP_MM - FOOTER_LINE_MM)
    section.header_distance = Mm(15)
    _grid(section)
    _page_numbers(section)


def _grid(section) -> None:
    """w:docGrid of 22 lines (28.95 pt) a page: Word and WPS show it under 页面设置 → 文档网格."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.attrib.clear()
    grid.attrib.update({qn("w:type"): "lines", qn("w:linePitch"): str(LINE_TWIPS)})


def _page_numbers(section) -> None:
    """ "— N —" in the footers of the section: odd pages right, even pages left, one character in."""
    look = STYLES["PageNumber"][1]
    one_char = PAGE_NUMBER_PT / BODY_PT  # 空一字: one 四号 character, in body characters
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = STYLES["PageNumber"][0]
        _align(paragraph, "right" if odd else "left")
        # 四号 text: a count of characters would be read in 14 pt, so the indent is in twips only
        _set_indent(paragraph, in_chars=False, **({"right": one_char} if odd else {"left": one_char}))
        _run(paragraph, Text("— "), look)
        _field(paragraph, "PAGE", "1", look)
        _run(paragraph, Text(" —"), look)


# Runs and paragraphs ---------------------------------------------------------------------------


def _align(paragraph, align: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.get_or_add_jc().set(qn("w:val"), align)


def _run(paragraph, text: Text, look: Look):
    """A run with the fonts of its paragraph's look: bold if asked, highlighted if a placeholder."""
    run = paragraph.add_run(xml_text(text.text))
    rpr = run._r.get_or_add_rPr()
    rpr.insert(0, _fonts(look.latin, look.east_asian))
    if text.bold:
        run.bold = True
    if text.placeholder:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def _field_char(paragraph, kind: str, look: Look) -> None:
    _run(paragraph, Text(""), look)._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))


def _field(paragraph, instruction: str, shown: str, look: Look) -> None:
    """A field as Word writes it: begin, instruction, separate, the value shown until updated, end."""
    _field_char(paragraph, "begin", look)
    code = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    code.text = f" {instruction} "
    _run(paragraph, Text(""), look)._r.append(code)
    _field_char(paragraph, "separate", look)
    _run(paragraph, Text(shown), look)
    _field_char(paragraph, "end", look)


def _paragraph(doc, style_id: str, runs: Sequence[Text]):
    paragraph = doc.add_paragraph(style=None if style_id == "Normal" else STYLES[style_id][0])
    look = STYLES[style_id][1]
    for text in runs:
        _run(paragraph, text, look)
    return paragraph


def _body_paragraph(doc, block: Paragraph) -> None:
    paragraph = _paragraph(doc, "Normal", inlines(block.content))
    if block.align != "justify":
        _align(paragraph, ALIGN[block.align])
    if not block.indent:
        _set_indent(paragraph)


def _items(doc, block: Items) -> None:
    for number, entry in enumerate(block.entries, start=1):
        _paragraph(doc, "Normal", (Text(item_label(number)), *inlines(entry)))


def _heading(doc, block: Heading, label: str) -> None:
    _paragraph(doc, HEADING_STYLES[block.level], (Text(label + block.text),))


# Tables ----------------------------------------------------------------------------------------


def _column_widths(table: Table, text_width_mm: float) -> list[float]:
    """The table's widths in mm, shrunk in proportion to fit the 版心; equal columns if none given."""
    widths = list(table.widths_mm or [text_width_mm / len(table.header)] * len(table.header))
    scale = min(1.0, text_width_mm / sum(widths))
    return [width * scale for width in widths]


def _row_flag(row, tag: str) -> None:
    """w:tblHeader (repeat the row on every page) or w:cantSplit (never break the row)."""
    row._tr.get_or_add_trPr().append(OxmlElement(tag, {qn("w:val"): "1"}))


def _table_properties(table, widths_mm: list[float]) -> None:
    """Thin single borders, fixed layout, centred, the total width, narrow cell margins."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(Mm(w).twips for w in widths_mm)))
    borders = OxmlElement("w:tblBorders")
    line = {qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "0", qn("w:color"): "000000"}
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(OxmlElement(f"w:{side}", line))
    later = ("w:tblCaption", "w:tblDescription", "w:tblPrChange")
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", *later)
    margins = OxmlElement("w:tblCellMar")
    cell_margin = {qn("w:w"): str(TABLE_CELL_MARGIN_TWIPS), qn("w:type"): "dxa"}
    for side in ("left", "right"):
        margins.append(OxmlElement(f"w:{side}", cell_margin))
    tbl_pr.insert_element_before(margins, "w:tblLook", *later)


def _cell(cell, value: Text, align: str, width_mm: float, style: str = "TableText") -> None:
    cell.width = Mm(width_mm)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.style = STYLES[style][0]
    _align(paragraph, align)
    _run(paragraph, value, STYLES[style][1])


def _table(doc, block: Table, label: str, text_width_mm: float) -> None:
    """Caption "表N　…" above, header row bold and repeated, rows never split, the note under it."""
    _paragraph(doc, "TableCaption", (Text(f"{label}　{block.caption}"),))
    widths = _column_widths(block, text_width_mm)
    aligns = [ALIGN[a] for a in block.align] if block.align else ["left"] * len(widths)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    _table_properties(table, widths)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    rows = table.rows
    style = "TableTextSmall" if block.small else "TableText"
    for cell, name, width in zip(rows[0].cells, block.header, widths, strict=True):
        _cell(cell, Text(name, bold=True), "center", width, style)
    _row_flag(rows[0], "w:cantSplit")
    if block.repeat_header:
        _row_flag(rows[0], "w:tblHeader")
    for row, values in zip(rows[1:], block.rows, strict=True):
        _row_flag(row, "w:cantSplit")
        for cell, value, align, width in zip(row.cells, values, aligns, widths, strict=True):
            _cell(cell, as_text(value), align, width, style)
    # Always a paragraph after the table: it holds the note, spaces the text below, and keeps two
    # tables in a row from merging into one.
    _paragraph(doc, "TableNote", (Text(block.note),) if block.note else ())


# The document ----------------------------------------------------------------------------------


def _blocks(doc, blocks: Sequence[Block], tables_before: int, text_width_mm: float) -> None:
    for block, label in labelled(blocks, tables_before):
        if isinstance(block, Heading):
            _heading(doc, block, label)
        elif isinstance(block, Table):
            _table(doc, block, label, text_width_mm)
        elif isinstance(block, Items):
            _items(doc, block)
        else:
            _body_paragraph(doc, block)


def _title(doc, title: str) -> None:
    _paragraph(doc, "Title", (Text(title),))


def _attachment_note(doc, attachments: Sequence[Attachment]) -> None:
    """The 附件说明 ("附件：1．…") one blank line under the body, two characters in; later titles
    aligned under the first."""
    lead = width_in_chars("附件：")
    for number, line in enumerate(attachment_note(attachments), start=1):
        paragraph = _paragraph(doc, "Normal", (Text(line),))
        label = width_in_chars(item_label(number)) if len(attachments) > 1 else 0
        hanging = label + (lead if number == 1 else 0)
        _set_indent(paragraph, left=2 + lead + label, hanging=hanging)
        if number == 1:
            paragraph.paragraph_format.space_before = Pt(BLANK_LINE / 20)


def _signature(doc, issuer: Text, date: Text) -> None:
    """The 落款 without a seal (GB/T 9704 7.3.5.2): one blank line under the text, the issuer two
    characters from the right, the date under it starting two characters right of the issuer; a
    date longer than that keeps two characters from the right and pushes the issuer left."""
    issuer_width, date_width = width_in_chars(issuer.text), width_in_chars(date.text)
    date_right = max(2.0, issuer_width - date_width)
    issuer_right = date_right + date_width + 2 - issuer_width
    for text, right, first in ((issuer, issuer_right, True), (date, date_right, False)):
        paragraph = _paragraph(doc, "Normal", (text,))
        _align(paragraph, "right")
        _set_indent(paragraph, right=right)
        if first:
            paragraph.paragraph_format.space_before = Pt(BLANK_LINE / 20)
        paragraph.paragraph_format.keep_with_next = first


def _new_section(doc, landscape: bool) -> None:
    """A section on a new page; the break rides on the last paragraph, adding no empty line."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    # python-docx puts the previous section's w:sectPr in a new empty paragraph, which takes a line
    # and can push a blank page out. The paragraph before it is never a table (a table is always
    # followed by its note paragraph), so the w:sectPr can move there.
    carrier = doc.element.body[-2]
    carrier.getprevious().set_sectPr(carrier.pPr.sectPr)
    carrier.getparent().remove(carrier)
    _page(section, landscape)


def _attachment(doc, attachment: Attachment, number: int, total: int, tables_before: int) -> None:
    _new_section(doc, attachment.landscape)
    _paragraph(doc, "AttachmentMark", (Text(attachment_label(number, total)),))
    _title(doc, attachment.title)
    margins = LANDSCAPE if attachment.landscape else PORTRAIT
    width = (A4_MM[1] if attachment.landscape else A4_MM[0]) - margins.left - margins.right
    _blocks(doc, attachment.blocks, tables_before, width)


def _properties(doc, document: Document, written_at: datetime) -> None:
    """Core properties: title and subject; nobody named; a fixed revision; the time of writing."""
    props = doc.core_properties
    props.title = xml_text(document.title.replace("\n", ""))  # the lines the title is set in, as one
    props.subject = xml_text(document.subject)
    for name in ("author", "last_modified_by", "comments", "keywords", "category", "identifier", "version"):
        setattr(props, name, "")
    props.language = "zh-CN"
    props.revision = 1
    moment = written_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = moment


def _fixed_zip(data: bytes) -> bytes:
    """The package re-zipped with one timestamp, so equal documents give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(
                zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                source.read(info),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def docx_bytes(document: Document, *, written_at: datetime | None = None) -> bytes:
    """The .docx of ``document``.

    ``written_at`` (default: now; a naive datetime is local time) is its created and modified time,
    the only part of the package that changes between two writings of the same document.
    """
    doc = _blank()
    _page(doc.sections[0], landscape=False)
    _title(doc, document.title)
    _blocks(doc, document.blocks, 0, TEXT_WIDTH_MM)
    if document.attachments:
        _attachment_note(doc, document.attachments)
    _signature(doc, as_text(document.issuer), as_text(document.date))
    tables = table_count(document.blocks)
    for number, attachment in enumerate(document.attachments, start=1):
        _attachment(doc, attachment, number, len(document.attachments), tables)
        tables += table_count(attachment.blocks)
    _properties(doc, document, written_at or datetime.now(UTC))
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip(buffer.getvalue())
