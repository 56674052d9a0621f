"""The whole report site as `xnplan reports` builds it from the committed tables, checked page by page:
offline, a way back to the landing page, and every link and image pointing at something that exists
(downloads beside the pages, the data tables, other pages, anchors within the page: conftest's
``linked_files_missing``).

One real batch of every report serves all the tests of this module: the session's ``report_site``
(tests/conftest.py). A forced run of one report gives the same page, byte for byte.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from xnplan.htmlpage import LANDING_PAGE, external_references
from xnplan.paths import DOWNLOADS_MANIFEST, ROOT
from xnplan.runner.batch import BatchSettings, run_reports
from xnplan.runner.reportset import default_report_set, select


def report_pages(site: Path) -> list[Path]:
    return [site / f"{spec.slug}.html" for spec in default_report_set()]


def test_every_page_is_offline_and_every_local_link_resolves(report_site, linked_files_missing):
    pages = sorted(report_site.glob("*.html"))
    assert len(pages) == len(default_report_set()) + 2  # the reports, the landing page, build.html
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
            assert {Path(name).suffix for name in exhibit["files"]} == (
                {".csv", ".xlsx"} if exhibit["kind"] == "table" else {".png", ".svg"}
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


def test_a_forced_run_gives_the_same_report_html(report_site, tmp_path) -> None:
    """papermill names its injected parameters cell with a random id, which the HTML carries: a second
    run of the 通山县 report, forced, gives the site's page byte for byte."""
    [spec] = select(default_report_set(), ["county=通山县"])
    settings = BatchSettings(
        root=ROOT,
        out_dir=tmp_path / "again",
        notebooks_dir=ROOT / "notebooks",
        jobs=1,
        force=True,
        progress=False,
    )
    result = run_reports([spec], [spec], settings, out=io.StringIO())
    assert result.exit_code == 0
    pages = [(folder / f"{spec.slug}.html").read_bytes() for folder in (report_site, settings.out_dir)]
    assert b'id="cell-id=injected-parameters"' in pages[0]
    assert pages[0] == pages[1]
