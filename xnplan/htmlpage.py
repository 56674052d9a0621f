"""The report page around nbconvert's output: language, way back, contents, print layout, offline.

Both the batch runner's reports and ``xnplan assess``'s HTML report are exported here.

nbconvert's lab template is kept for the notebook's own markup and CSS; a template of ours (held
here, handed to the exporter through a jinja ``DictLoader``, so no data files need packaging)
declares the page Chinese, drops every script (require.js and MathJax from a CDN, the mermaid
loader; the reports have no widgets, math or diagrams, and must open on an intranet with no
internet access), adds a bar linking back to the landing page when the page has one, and appends
the screen and print CSS.
The table of contents is built after the export from the headings nbconvert wrote, whose ids it
derives from the heading text, so the contents always match the page.

``external_references`` is the offline rule, as the tests apply it to every page.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from xnplan.errors import PageTemplateError

LANDING_PAGE = "index.html"  # reports/index.html, beside every report
TEMPLATE_FILE = "xnplan_report.html.j2"
TOC_MARKER = "<!-- xnplan:toc -->"
TOC_LEVELS = ("h2", "h3")  # h1 is the page title

CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.xn-bar { padding: .5em 1em; border-bottom: 1px solid #ddd; font-size: .95em; }
.xn-bar a { text-decoration: none; }
.xn-toc { margin: 1em 1em 1.5em; padding: .6em 1em; border: 1px solid #ddd; background: #fafafa;
  max-width: 46em; }
.xn-toc-title { font-weight: bold; margin: 0 0 .3em; cursor: pointer; }
.xn-toc ol { margin: 0; padding-left: 1.6em; }
.xn-toc ul { margin: 0; padding-left: 1.4em; list-style-type: circle; font-size: .95em; }
/* Cells that show nothing (parameters, imports, the source list's bookkeeping) take no space:
   the lab template still gives each an empty, padded box. */
.jp-Cell.jp-mod-noOutputs.jp-mod-noInput { display: none; }
/* Numbered exhibits (xnplan.report.exhibits): 表 captions above the table, 图 captions below. */
.xn-exhibit { margin: 1.2em 0 1.6em; }
.xn-caption { font-weight: bold; margin: .4em 0; }
.xn-figure .xn-caption { text-align: center; }
.xn-source, .xn-note, .xn-downloads { font-size: .88em; color: #444; margin: .25em 0; }
.xn-downloads a, .xn-source a { text-decoration: none; }
.xn-sources { font-size: .92em; }
.xn-sources li { margin: .2em 0; overflow-wrap: anywhere; }
figure.xn-figure { margin: 1.2em 0 1.6em; }
/* A table's <caption> is for screen readers: the caption paragraph above the table shows it. */
.xn-sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
/* An id (P6.2.001, I14-01) is one token: never broken across lines, on paper either. */
.xn-id { white-space: nowrap !important; word-break: keep-all !important; overflow-wrap: normal !important; }
/* Running text in a readable column (about 44 characters of Chinese); tables and charts keep the width. */
.jp-RenderedMarkdown > p, .jp-RenderedMarkdown > ul, .jp-RenderedMarkdown > ol,
.jp-RenderedMarkdown > blockquote, .jp-RenderedHTML > p, .jp-RenderedHTML > ol,
.jp-RenderedHTML > ul { max-width: 44em; }
.xn-top { position: fixed; right: 1em; bottom: 1em; padding: .3em .7em; border: 1px solid #ccc;
  border-radius: 4px; background: #fff; text-decoration: none; font-size: .9em; }
@media (max-width: 600px) {
  .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea-output { padding-left: 0 !important;
    padding-right: 0 !important; }
  .jp-OutputArea-prompt { display: none !important; }
  .xn-toc { margin: 1em 0; }
  /* The phone drawing of a chart (exhibits.PHONE_WIDTH_IN) is shown at its own size. */
  .xn-figure picture img.xn-chart { width: auto !important; }
  /* A chart without a phone drawing (a heatmap) keeps its size; the reader scrolls it sideways. */
  .xn-wide-chart { overflow-x: auto; }
  .xn-wide-chart img.xn-chart { max-width: none !important; }
  /* A table of four or more columns (plots.table_html's xn-cards) becomes one card per row: the
     first column as its heading, every other value after its column's name (data-label). The header
     row stays for screen readers, out of sight. */
  table.xn-cards, table.xn-cards tbody, table.xn-cards tr, table.xn-cards td { display: block;
    width: auto !important; }
  table.xn-cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.xn-cards tr { border-bottom: 1px solid #ccc; padding: .45em 0; background: none !important; }
  table.xn-cards td { border: 0 !important; padding: .1em 0 !important; min-width: 0 !important;
    text-align: left !important; white-space: normal !important; overflow-wrap: anywhere !important; }
  table.xn-cards td.col0 { font-weight: bold; }
  table.xn-cards td[data-label]::before { content: attr(data-label) "："; color: #555; font-weight: normal; }
}
@page { size: A4; margin: 16mm 11mm 14mm 11mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
@media print {
  .xn-bar, .xn-downloads, .xn-top { display: none; }
  /* A heading stays with the table, chart or text under it: nbconvert puts each heading in a cell
     of its own, so the cell, not only the heading, is kept with the next. */
  .jp-MarkdownCell:has(h1, h2, h3, h4) { break-after: avoid; page-break-after: avoid; }
  .xn-figure { break-inside: avoid; page-break-inside: avoid; }
  .xn-caption { break-after: avoid; page-break-after: avoid; }
  body, main { margin: 0 !important; padding: 0 !important; }
  .xn-toc { max-width: none; margin: 0 0 1em; break-inside: avoid; page-break-inside: avoid; }
  /* The notebook's scroll boxes would clip a wide table on paper: let everything show. */
  .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output,
  .jp-RenderedHTMLCommon { overflow: visible !important; padding-left: 0 !important;
    padding-right: 0 !important; }
  .jp-OutputArea-output { display: block; width: 100%; }
  /* The lab template keeps each output on one page, which pushes a long table to the next page
     and leaves most of this one blank; rows and images are kept whole instead. */
  .jp-OutputArea-child { break-inside: auto; }
  .jp-OutputArea-prompt, .jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
  /* Wide tables: fitted to the page width. Automatic layout keeps name and text columns wide;
     breaking inside long words and URLs lets every column shrink to fit, and the minimum width
     keeps a year or an id such as I14-01 on one line in the columns squeezed most. */
  .jp-RenderedHTMLCommon table { table-layout: auto; width: 100% !important; max-width: 100%;
    font-size: 7.5pt; margin: 0 0 .8em; }
  .jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { padding: 2px 3px !important;
    white-space: normal !important; overflow-wrap: anywhere; word-break: break-word; min-width: 3.2em; }
  thead { display: table-header-group; }
  tr, img, figure, .jp-RenderedImage { break-inside: avoid; page-break-inside: avoid; }
  img { max-width: 100% !important; height: auto !important; }
  h1, h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
  .jp-RenderedHTMLCommon tbody tr:nth-child(even) { background: #f4f4f4 !important; }
}
"""

# The lab template's own page, with a Chinese language tag, no scripts, and our bar and CSS.
# ``self.html_head()`` renders the lab head with the script blocks below emptied.
TEMPLATE = (
    """{%- extends 'index.html.j2' -%}
{%- block header -%}
<!DOCTYPE html>
<html lang="zh-CN">
<head>
{{ self.html_head() }}
<style type="text/css">
@page { @top-left { content: "{{ resources.metadata.name | replace('"', '') | replace('\\\\', '') }}";
  font-size: 8pt; color: #555; } }
</style>
</head>
{%- endblock header -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
"""
    + CSS
    + """</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
{%- if resources.back_link %}
<nav class="xn-bar"><a href="{{ resources.back_link | e }}">← 返回报告目录</a></nav>
{%- endif %}
<a class="xn-top" href="#">↑ 回到顶部</a>
"""
    + TOC_MARKER
    + """
{%- endblock body_header -%}
"""
)


def exporter_options() -> dict[str, object]:
    """Keyword arguments for nbconvert's ``HTMLExporter``: the lab template with ours on top."""
    import jinja2

    return {
        "template_name": "lab",
        "template_file": TEMPLATE_FILE,
        "extra_loaders": [jinja2.DictLoader({TEMPLATE_FILE: TEMPLATE})],
    }


class _Headings(HTMLParser):
    """(tag, id, text) of every h2/h3 with an id, in page order; nbconvert's ¶ anchor left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self._open: tuple[str, str] | None = None
        self._text: list[str] = []
        self._in_anchor = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in TOC_LEVELS and values.get("id"):
            self._open, self._text = (tag, values["id"] or ""), []
        elif tag == "a" and self._open and "anchor-link" in (values.get("class") or ""):
            self._in_anchor += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._in_anchor:
            self._in_anchor -= 1
        elif self._open and tag == self._open[0]:
            text = " ".join("".join(self._text).split())
            if text:
                self.found.append((tag, self._open[1], text))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and not self._in_anchor:
            self._text.append(data)


def headings(html: str) -> list[tuple[str, str, str]]:
    parser = _Headings()
    parser.feed(html)
    parser.close()
    return parser.found


def render_toc(found: list[tuple[str, str, str]]) -> str:
    """Numbered sections (h2), each with its subsections (h3) in an unnumbered list below it; open, and
    folded away with one tap on its title (a long list on a phone)."""
    if not found:
        return ""
    lines: list[str] = []
    sub_open = False
    for tag, anchor, text in found:
        link = f'<a href="#{escape(anchor)}">{escape(text)}</a>'
        if tag == "h3" and lines:  # under the section before it
            if not sub_open:
                lines[-1] = lines[-1].removesuffix("</li>") + "\n<ul>"
                sub_open = True
            lines.append(f"<li>{link}</li>")
            continue
        if sub_open:
            lines.append("</ul></li>")
            sub_open = False
        lines.append(f"<li>{link}</li>")
    if sub_open:
        lines.append("</ul></li>")
    items = "\n".join(lines)
    return (
        f'<nav class="xn-toc" aria-label="目录">\n<details open>\n'
        f'<summary class="xn-toc-title">目录</summary>\n'
        f"<ol>\n{items}\n</ol>\n</details>\n</nav>"
    )


def new_exporter():
    """nbconvert's HTML exporter for reports: no code, no prompts, images embedded, our page."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        **exporter_options(),
    )


def export_html(
    nb, title: str, notebook_dir: Path, *, back_link: str | None = LANDING_PAGE, exporter=None
) -> str:
    """The executed notebook ``nb`` as a report page: HTML without code, with a table of contents,
    and a link to ``back_link`` (None: a page that stands alone, such as an assessment's)."""
    nb.metadata["title"] = title  # the lab template's <title>
    resources = {"metadata": {"name": title, "path": str(notebook_dir)}, "back_link": back_link}
    body, _ = (exporter or new_exporter()).from_notebook_node(nb, resources=resources)
    return finish_page(body)


def finish_page(html: str) -> str:
    """Put the table of contents, built from the exported page's headings, under the page's title
    (its first h1), or at the top of the page when it has none."""
    if TOC_MARKER not in html:
        raise PageTemplateError("the report template's table-of-contents marker is missing")
    toc = render_toc(headings(html))
    top, rest = html.split(TOC_MARKER, 1)
    title_end = rest.find("</h1>")
    if title_end < 0:
        return top + toc + rest
    title_end += len("</h1>")
    return top + rest[:title_end] + "\n" + toc + rest[title_end:]


# Attributes whose URL the browser fetches by itself when it shows the page (``<a href>`` waits
# for a click, so a link to a source document is allowed). ``xmlns`` names, it never loads.
_FETCHING = {"src", "srcset", "data", "poster", "background", "manifest", "href", "xlink:href", "imagesrcset"}
_CLICKED = {"a"}  # tags whose href only navigates when the reader follows it
_HOST = r"(?:[a-z][a-z0-9+.-]*:)?//"  # scheme://host or protocol-relative //host
_EXTERNAL = re.compile(rf"^\s*{_HOST}", re.IGNORECASE)
_CSS_URL = re.compile(rf"""url\(\s*['"]?\s*({_HOST}[^'")\s]*)|@import\s+['"]({_HOST}[^'"]*)""", re.IGNORECASE)


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name == "style":
                self._css(tag, value)
            elif name in _FETCHING and not (name == "href" and tag in _CLICKED):
                urls = (
                    [part.split()[0] for part in value.split(",") if part.strip()]
                    if "srcset" in name
                    else [value]
                )
                self.found += [f"<{tag} {name}={url}>" for url in urls if _EXTERNAL.match(url)]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css("style", data)

    def _css(self, tag: str, css: str) -> None:
        self.found += [f"<{tag}> {a or b}" for a, b in _CSS_URL.findall(css)]


def external_references(html: str) -> list[str]:
    """Every URL on another host that the browser would load to show ``html``: scripts, style
    sheets, fonts, images, frames, CSS ``url()`` and ``@import``; absolute (``http:``, ``https:``,
    any scheme with ``//``) and protocol-relative (``//host``). Links the reader clicks (``<a href>``)
    are not requests and are not listed."""
    parser = _References()
    parser.feed(html)
    parser.close()
    return parser.found
