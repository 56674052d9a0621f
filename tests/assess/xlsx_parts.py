"""Workbooks written part by part, for what Excel, WPS and scripts store but openpyxl cannot write:
a formula with or without its stored result, a stale declared size, error values, damaged cells."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# Cell styles of STYLES, by name: the index of each in cellXfs.
STYLE = {"general": 0, "percent": 1, "date": 2, "permille_text": 3, "thousands": 4, "percent0": 5}
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0&quot;‰&quot;"/>
<numFmt numFmtId="165" formatCode="#,##0,"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""


@dataclass(frozen=True)
class X:
    """One stored cell. ``kind``: n (number), s (shared string), inline, str (a formula's text
    result), b (bool), e (error), raw (``xml`` as given). ``formula`` adds an <f>; ``stored=False``
    leaves the <v> out."""

    value: object = None
    kind: str = "n"
    style: str = "general"
    formula: str | None = None
    stored: bool = True
    xml: str = ""


def cell_xml(ref: str, cell: X, strings: list[str]) -> str:
    if cell.kind == "raw":
        return cell.xml
    attrs = f' r="{ref}"' + (f' s="{STYLE[cell.style]}"' if cell.style != "general" else "")
    formula = f"<f>{escape(cell.formula)}</f>" if cell.formula is not None else ""
    if cell.kind == "inline":
        return f'<c{attrs} t="inlineStr"><is><t xml:space="preserve">{escape(str(cell.value))}</t></is></c>'
    if cell.kind == "s":
        strings.append(str(cell.value))
        value = str(len(strings) - 1)
    elif cell.kind == "b":
        value = "1" if cell.value else "0"
    else:
        value = str(cell.value)
    kind = "" if cell.kind == "n" else f' t="{cell.kind}"'
    stored = f"<v>{escape(value)}</v>" if cell.stored else ""
    return f"<c{attrs}{kind}>{formula}{stored}</c>"


def sheet_xml(
    rows: list[list[X | str | float | None]], dimension: str | None = None, strings: list[str] | None = None
) -> str:
    """A worksheet: row r of ``rows`` is sheet row r + 1; a str is an inline string, a number a number."""
    from openpyxl.utils import get_column_letter

    strings = [] if strings is None else strings
    body = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, cell in enumerate(row, start=1):
            if cell is None:
                continue
            if not isinstance(cell, X):
                cell = X(cell, "inline") if isinstance(cell, str) else X(cell)
            cells.append(cell_xml(f"{get_column_letter(c)}{r}", cell, strings))
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}" '
        f'xmlns:r="{REL}">{dim}<sheetData>{"".join(body)}</sheetData></worksheet>'
    )


def workbook_bytes(
    sheets: dict[str, str], strings: list[str] | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    """An .xlsx package: ``sheets`` maps sheet names to their XML (see :func:`sheet_xml`)."""
    names = list(sheets)
    entries = "".join(
        f'<sheet name={quoteattr(n)} sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    rels += f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>'
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    if strings:
        rels += f'<Relationship Id="rIdT" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
            'styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'styles+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheets>{entries}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
            f'xmlns="{PACKAGE_REL}">{rels}</Relationships>'
        ),
        "xl/styles.xml": STYLES,
        **{f"xl/worksheets/sheet{i}.xml": xml for i, xml in enumerate(sheets.values(), start=1)},
    }
    if strings:
        items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
        parts["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**parts, **(extra or {})}.items():
            archive.writestr(name, data)
    return buffer.getvalue()
