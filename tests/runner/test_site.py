"""The whole report site as `xnplan reports` builds it from the committed tables, checked page by page:
offline, a way back to the landing page, and every link and image pointing at something that exists
(downloads beside the pages, the data tables, other pages, anchors within the page: conftest's
``linked_files_missing``).

One real batch of every report serves all the tests of this module: the session's ``report_site``
(tests/conftest.py). A forced run of one report gives the same page, byte for byte.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl

from xnplan.facts import BUILD_PAGE
from xnplan.htmlpage import LANDING_PAGE, external_references
from xnplan.paths import DOWNLOADS_MANIFEST, ROOT

from .package_reports import package_reports
from .visible import developer_text


def report_pages(site: Path) -> list[Path]:
    return [site / f"{spec.slug}.html" for spec in package_reports()]


def test_every_page_is_offline_and_every_local_link_resolves(report_site, linked_files_missing):
    pages = sorted(report_site.glob("*.html"))
    assert len(pages) == len(package_reports()) + 2  # the reports, the landing page, build.html
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert external_references(html) == [], page.name
        assert linked_files_missing(page) == [], page.name


def test_every_report_page_links_back_to_the_landing_page(report_site):
    assert (report_site / LANDING_PAGE).is_file()
    for page in report_pages(report_site):
        assert f'<a href="{LANDING_PAGE}">' in page.read_text(encoding="utf-8"), page.name


def test_every_exhibit_is_numbered_sourced_and_downloadable(report_site):
    for page in report_pages(report_site):
        html = page.read_text(encoding="utf-8")
        folder = report_site / f"{page.stem}_files"
        manifest = json.loads((folder / DOWNLOADS_MANIFEST).read_text(encoding="utf-8"))
        exhibits = manifest["exhibits"]
        assert exhibits, f"{page.name} shows no numbered table or figure"
        for kind, prefix in (("table", "表"), ("figure", "图")):
            numbers = [e["number"] for e in exhibits if e["kind"] == kind]
            assert numbers == [f"{prefix}{i}" for i in range(1, len(numbers) + 1)], page.name
        for exhibit in exhibits:
            assert f'id="{exhibit["anchor"]}"' in html
            # a chart without a table of its own on the page also has its data as CSV and xlsx
            assert {Path(name).suffix for name in exhibit["files"]} in (
                [{".csv", ".xlsx"}]
                if exhibit["kind"] == "table"
                else [{".png", ".svg"}, {".png", ".svg", ".csv", ".xlsx"}]
            )
            for name in exhibit["files"]:
                assert f'href="{folder.name}/{name}"' in html, (page.name, name)
                assert (folder / name).stat().st_size > 0
        # Every exhibit cites a source, and the page lists each source once at its end.
        assert html.count('class="xn-source"') == len(exhibits), page.name
        assert html.count('<li id="source-') == len(manifest["sources"]) > 0


def test_no_published_page_asks_the_reader_to_fill_anything_in(report_site):
    # 【待填写】 marks what an evaluator writes into the report xnplan assess makes; the batch publishes
    # its pages as they are.
    for page in report_pages(report_site):
        assert "待填写" not in page.read_text(encoding="utf-8"), page.name


def reader_pages(site: Path) -> list[Path]:
    """Every page for readers: the reports and the landing page (build.html is the build record)."""
    return [p for p in sorted(site.glob("*.html")) if p.name != BUILD_PAGE]


def test_no_reader_page_shows_developer_text(report_site):
    for page in reader_pages(report_site):
        assert developer_text(page.read_text(encoding="utf-8")) == [], page.name


def test_the_developer_text_scan_finds_what_it_looks_for():
    html = (
        "<html><head><style>.a_b { x: 1 }</style></head><body><p>运行 xnplan reports --force；"
        "观测值见 observations_public.csv 与 docs/target_gap.md；核对 narr-table-B01-2015；"
        "日志在 /home/maker/xnplan/reports/logs；参数 project_status 为空。"
        '来源：<a href="https://example.org/a_b.html">https://example.org/a_b.html</a></p></body></html>'
    )
    found = developer_text(html)
    for expected in (
        "command: xnplan reports",
        "command: --force",
        "data/raw file: observations_public.csv",
        "repository path: docs/",
        "check id: narr-table-B01-2015",
        "absolute path: /home/",
        "identifier: project_status",
    ):
        assert expected in found
    assert not [f for f in found if "a_b" in f]  # CSS and a source's address are not text a reader reads


def test_download_names_are_unique_across_the_site_and_every_download_link_resolves(report_site):
    files = [p for folder in sorted(report_site.glob("*_files")) for p in folder.iterdir()]
    names = [p.name for p in files if p.name != DOWNLOADS_MANIFEST]
    assert len(names) > 50 and len(names) == len(set(names))
    for page in report_pages(report_site):
        html = page.read_text(encoding="utf-8")
        links = re.findall(rf'href="({re.escape(page.stem)}_files/[^"]+)"', html)
        folder = report_site / f"{page.stem}_files"
        assert links, page.name
        assert sorted(links) == sorted(
            f"{folder.name}/{p.name}" for p in folder.iterdir() if p.name != DOWNLOADS_MANIFEST
        )
        for link in links:
            name = link.split("/", 1)[1]
            assert name.startswith(f"{page.stem}-") and (folder / name).stat().st_size > 0


_NUMBER_AS_TEXT = re.compile(r"[+-]?\d[\d,]*(\.\d+)?%?")


def test_xlsx_figures_are_numeric(report_site):
    """No figure is stored as text in any table download ('+97, '16.04): a reader sums and sorts them.
    Columns of text-line numbers and pages are references, not figures: lists ("823,975") and ranges
    ("48–49"), text by design, even when they hold one; so is a column of lists ("2022、2023、2025")."""
    books = sorted(report_site.glob("*_files/*.xlsx"))
    assert books
    numbers = 0
    for book in books:
        header, *rows = openpyxl.load_workbook(book).worksheets[0].iter_rows(values_only=True)
        lists = {c for i, c in enumerate(header) if any("、" in str(row[i]) for row in rows)}
        for row in rows:
            for column, value in zip(header, row, strict=True):
                if "行号" in str(column) or "页码" in str(column) or column in lists:
                    continue
                as_text = isinstance(value, str) and _NUMBER_AS_TEXT.fullmatch(value.strip())
                assert not as_text, (book.name, column, value)
                numbers += isinstance(value, (int, float))
    assert numbers > 1000


def test_every_page_has_the_viewport_page_numbers_and_figure_markup(report_site):
    for page in report_pages(report_site):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<meta[^>]*name="viewport"', html), page.name
        assert "counter(page)" in html and "<main" in html and '<nav class="xn-bar">' in html, page.name
        manifest = json.loads(
            (report_site / f"{page.stem}_files" / DOWNLOADS_MANIFEST).read_text(encoding="utf-8")
        )
        kinds = [e["kind"] for e in manifest["exhibits"]]
        assert (
            html.count('<figure class="xn-exhibit xn-figure"')
            == html.count("<figcaption")
            == kinds.count("figure")
        )
        assert html.count('<caption class="xn-sr">') == kinds.count("table"), page.name
    landing = (report_site / LANDING_PAGE).read_text(encoding="utf-8")
    assert '<meta name="viewport"' in landing and "<main" in landing


def test_only_what_readers_open_is_published(report_site):
    """Executed notebooks, keys, failure records and logs are in the build folder beside the site, and
    no published file (page, download, data table) names a path of the machine that built it."""
    published = [p for p in report_site.rglob("*") if p.is_file()]
    suffixes = {p.suffix for p in published if not p.name.startswith(".")}
    assert suffixes <= {".html", ".csv", ".xlsx", ".png", ".svg", ".json"}
    assert not (report_site / "logs").exists() and not list(report_site.glob("*.key.json"))
    build = report_site.parent / f"{report_site.name}-build"
    assert {p.name for p in build.glob("*.ipynb")} == {f"{s.slug}.ipynb" for s in package_reports()}
    machine = [str(ROOT).encode(), str(report_site.parent).encode()]
    for path in published:
        data = path.read_bytes()
        assert not [m for m in machine if m in data], path.relative_to(report_site)
