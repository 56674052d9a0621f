"""A second, forced run of one report of every notebook gives the session's ``report_site`` byte for
byte: its page and every download (CSV, xlsx, PNG, SVG, chart data), the published data tables and
the landing page. The landing page's one line that says when it was built is the only difference
allowed; build.html, which records each run's times, is left out. The other reports of a notebook
are the same cells with other parameters, so one run of each covers every kind of output a reader
opens (about 20 s on two idle cores, 2–3 times that under load)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from tests.runner.package_reports import package_reports
from xnplan.facts import BUILD_PAGE
from xnplan.htmlpage import LANDING_PAGE
from xnplan.paths import ROOT
from xnplan.runner.batch import BatchSettings, run_reports
from xnplan.runner.index import DATA_DIR
from xnplan.runner.layout import DOWNLOADS_SUFFIX, build_folder
from xnplan.runner.reportset import ReportSpec

BUILT_AT = re.compile("本页生成于 [^<]*".encode())


def one_report_per_notebook(specs: list[ReportSpec]) -> list[ReportSpec]:
    """The first report of each notebook, in the set's order."""
    chosen: dict[str, ReportSpec] = {}
    for spec in specs:
        chosen.setdefault(spec.notebook, spec)
    return list(chosen.values())


def published(site: Path) -> dict[str, bytes]:
    """Every file a reader opens, by path under the site; the landing page without its build time."""
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    files.pop(BUILD_PAGE)
    files[LANDING_PAGE] = BUILT_AT.sub(b"", files[LANDING_PAGE])
    return files


def test_a_forced_run_of_every_notebook_gives_the_same_pages_and_downloads(report_site, tmp_path):
    """A copy of the site, one report of each notebook rebuilt in it (forced), and the landing page and
    the published data rewritten over the whole set: every file equals the session's."""
    reports = package_reports()
    specs = one_report_per_notebook(reports)
    assert {spec.notebook for spec in specs} == {spec.notebook for spec in reports}
    again = tmp_path / "reports"
    shutil.copytree(report_site, again)
    shutil.copytree(build_folder(report_site), build_folder(again))  # what the landing page reads
    for spec in specs:  # nothing of the first run is left to be mistaken for the second
        (again / f"{spec.slug}.html").unlink()
        shutil.rmtree(again / f"{spec.slug}{DOWNLOADS_SUFFIX}")
    shutil.rmtree(again / DATA_DIR)
    settings = BatchSettings(
        root=ROOT, out_dir=again, notebooks_dir=ROOT / "notebooks", jobs=2, force=True, progress=False
    )
    assert run_reports(reports, specs, settings, out=io.StringIO()).exit_code == 0
    first, second = published(report_site), published(again)
    assert sorted(first) == sorted(second)
    rebuilt = [
        name
        for name in second
        if name.split("/")[0].removesuffix(DOWNLOADS_SUFFIX).removesuffix(".html")
        in {spec.slug for spec in specs}
    ]
    # every kind of file a reader opens is rebuilt and compared, SVG included
    assert {Path(name).suffix for name in rebuilt} >= {".html", ".csv", ".xlsx", ".png", ".svg", ".json"}
    # papermill names its injected parameters cell with a random id, which the page carries
    assert all(b'id="cell-id=injected-parameters"' in second[f"{spec.slug}.html"] for spec in specs)
    assert [name for name in first if first[name] != second[name]] == []
    assert BUILT_AT.search((report_site / LANDING_PAGE).read_bytes())  # the line the comparison leaves out
