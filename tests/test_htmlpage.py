"""The report page (xnplan.htmlpage): Chinese, a way back to the index, a table of contents,
print CSS, and nothing loaded from another host, on a made-up notebook and on every committed one.

The committed notebooks hold their executed outputs (nbval checks them), so exporting them gives the
pages the runner writes, without running a kernel.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from xnplan.errors import PageTemplateError
from xnplan.htmlpage import LANDING_PAGE, export_html, external_references, finish_page, headings
from xnplan.paths import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

WIDE_TABLE = (
    "<table><thead><tr><th>指标</th><th>来源</th></tr></thead><tbody>"
    "<tr><td>养老机构床位中护理型床位占比</td>"
    '<td><a href="https://www.xianning.gov.cn/plan.html">咸宁市人民政府</a></td></tr></tbody></table>'
)


def made_up_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    table = nbformat.v4.new_code_cell("show()")
    table.outputs = [nbformat.v4.new_output("display_data", {"text/html": WIDE_TABLE})]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 通山县：项目投资\n\n正文。"),
        nbformat.v4.new_markdown_cell("## 一、按大类"),
        table,
        nbformat.v4.new_markdown_cell("### 养老服务 `code`"),
        nbformat.v4.new_markdown_cell("## 二、方法"),
    ]
    return nb


def _toc(html: str) -> list[tuple[str, str]]:
    """(href, text) of the contents' entries, read from the page as a reader's browser would."""
    nav = re.search(r'<nav class="xn-toc".*?</nav>', html, re.DOTALL)
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', nav.group(0)) if nav else []


def test_page_is_chinese_links_back_and_lists_its_headings() -> None:
    html = export_html(made_up_notebook(), "通山县报告", ROOT / "notebooks")
    assert '<html lang="zh-CN">' in html
    assert f'<a href="{LANDING_PAGE}">← 返回报告目录</a>' in html
    toc = _toc(html)
    assert [text for _, text in toc] == ["一、按大类", "养老服务 code", "二、方法"]  # h1 is the title
    for href, _ in toc:  # every entry leads to a heading of the page
        assert href.startswith("#") and f'id="{href[1:]}"' in html
    # Sections are numbered; the subsection is listed under its section, not numbered with them.
    assert "一、按大类</a>\n<ul>\n<li>" in html and "养老服务 code</a></li>\n</ul></li>\n<li>" in html
    # Under the title, before the text.
    order = [html.index(part) for part in ("通山县：项目投资", "</h1>", 'class="xn-toc"', "正文。")]
    assert order == sorted(order)
    assert "<script" not in html
    assert external_references(html) == []  # the table's source link is clicked, not loaded
    assert 'href="https://www.xianning.gov.cn/plan.html"' in html
    for rule in ("size: A4", "thead { display: table-header-group; }", "table-layout: auto"):
        assert rule in html


def test_page_fits_a_phone_and_prints_with_page_numbers_and_its_title() -> None:
    html = export_html(made_up_notebook(), "通山县报告", ROOT / "notebooks")
    (viewport,) = re.findall(r'<meta[^>]*name="viewport"[^>]*>', html)
    assert re.search(r'content="width=device-width, initial-scale=1(\.0)?"', viewport)
    assert html.count("<main") == 1 and '<nav class="xn-bar">' in html and '<nav class="xn-toc"' in html
    # Paged media: the page number of the total at the foot, the report's title at the head.
    assert 'content: counter(page) " / " counter(pages)' in html
    assert '@top-left { content: "通山县报告";' in html
    # A heading's cell is kept with what follows it on paper.
    assert ".jp-MarkdownCell:has(h1, h2, h3, h4) { break-after: avoid;" in html
    assert '<a class="xn-top" href="#">↑ 回到顶部</a>' in html


def test_a_title_cannot_end_the_running_header_early() -> None:
    html = export_html(made_up_notebook(), 'a"}b\\', ROOT / "notebooks")
    assert '@top-left { content: "a}b";' in html


def test_a_page_without_subheadings_has_no_empty_contents() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 报告\n\n只有标题。")]
    html = export_html(nb, "报告", ROOT / "notebooks")
    assert 'class="xn-toc"' not in html and "xnplan:toc" not in html
    assert f'<a href="{LANDING_PAGE}">' in html


def test_headings_leave_out_the_anchor_mark_and_headings_without_id() -> None:
    page = (
        '<h2 id="a">一、<em>按</em>大类<a class="anchor-link" href="#a">¶</a></h2>'
        '<h3>无 id</h3><h3 id="b">  养老\n服务 </h3><h4 id="c">不列入</h4>'
    )
    assert headings(page) == [("h2", "a", "一、按大类"), ("h3", "b", "养老 服务")]


def test_external_references_lists_what_the_browser_would_load() -> None:
    page = """<html><head>
<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"></script>
<link rel="stylesheet" href="//fonts.example.com/x.css"><link rel="icon" href="favicon.png">
<style>@import "https://fonts.example.com/y.css"; .a { background: url( 'HTTP://img.example.com/i.png' ) }
.b { background: url(data:image/png;base64,AAAA) }</style></head><body>
<img src="data:image/png;base64,AAAA" alt=""><img srcset="local.png 1x, https://img.example.com/2x.png 2x">
<div style="background-image:url(//img.example.com/bg.png)"></div>
<svg xmlns="http://www.w3.org/2000/svg"><image xlink:href="http://img.example.com/s.png"/></svg>
<iframe src="https://www.example.com/embed"></iframe>
<a href="https://www.xianning.gov.cn/">规划原文</a> <a href="index.html">目录</a> <a href="#t">表1</a>
http://in.text.example.com/ is text, not a request.
</body></html>"""
    assert external_references(page) == [
        "<script src=https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js>",
        "<link href=//fonts.example.com/x.css>",
        "<style> https://fonts.example.com/y.css",
        "<style> HTTP://img.example.com/i.png",
        "<img srcset=https://img.example.com/2x.png>",
        "<div> //img.example.com/bg.png",
        "<image xlink:href=http://img.example.com/s.png>",
        "<iframe src=https://www.example.com/embed>",
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_report_page_is_offline_and_navigable(notebook: Path) -> None:
    html = export_html(nbformat.read(notebook, as_version=4), notebook.stem, notebook.parent)
    assert external_references(html) == []
    assert "<script" not in html
    assert '<html lang="zh-CN">' in html
    assert f'<a href="{LANDING_PAGE}">' in html
    # The contents list every second- and third-level heading the page shows, in order.
    shown = re.findall(r'<h([23]) id="([^"]+)"', html)
    assert shown, f"{notebook.name} has no section headings"
    assert [href for href, _ in _toc(html)] == [f"#{anchor}" for _, anchor in shown]


def test_a_page_without_landing_page_has_no_link_back() -> None:
    """xnplan assess's report stands alone in its folder: the same offline page, no dead link."""
    html = export_html(made_up_notebook(), "2023年中期评估", ROOT / "notebooks", back_link=None)
    assert "返回报告目录" not in html and 'lang="zh-CN"' in html
    assert external_references(html) == [] and "<script" not in html


def test_a_page_without_the_contents_marker_is_the_template_s_fault() -> None:
    # Every exported page carries the template's marker where the contents go; without it the
    # template is broken, whatever the notebook holds.
    with pytest.raises(PageTemplateError, match="table-of-contents marker is missing"):
        finish_page("<h1>标题</h1><h2>一、</h2>")
