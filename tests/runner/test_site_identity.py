"""The whole site built twice, the second time forced, is the same byte for byte: every report page,
every download (CSV, xlsx, PNG, SVG, manifest), the published data tables and the landing page; the
landing page's one line that says when it was built is the only difference allowed. build.html
records times and seconds of each run, which differ by design.

One more forced batch of every report beside the session's ``report_site`` (about 45 s on two idle
cores, 2–3 times that under load)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from xnplan.facts import BUILD_PAGE
from xnplan.htmlpage import LANDING_PAGE
from xnplan.paths import ROOT
from xnplan.runner.batch import BatchSettings, run_reports
from xnplan.runner.reportset import default_report_set

BUILT_AT = re.compile("本页生成于 [^<]*".encode())


def published(site: Path) -> dict[str, bytes]:
    files = {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    files.pop(BUILD_PAGE)
    files[LANDING_PAGE] = BUILT_AT.sub(b"", files[LANDING_PAGE])
    return files


def test_two_runs_publish_identical_pages_and_downloads(report_site, tmp_path):
    specs = default_report_set()
    settings = BatchSettings(
        root=ROOT,
        out_dir=tmp_path / "again",
        notebooks_dir=ROOT / "notebooks",
        jobs=2,
        force=True,
        progress=False,
    )
    assert run_reports(specs, specs, settings, out=io.StringIO()).exit_code == 0
    first, second = published(report_site), published(settings.out_dir)
    assert sorted(first) == sorted(second)
    # every kind of file a reader opens is compared, SVG included
    assert {Path(name).suffix for name in first} >= {".html", ".csv", ".xlsx", ".png", ".svg", ".json"}
    assert [name for name in first if first[name] != second[name]] == []
    assert BUILT_AT.search((report_site / LANDING_PAGE).read_bytes())  # the line the comparison leaves out
