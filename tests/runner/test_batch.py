"""The batch report runner (`xnplan reports`, xnplan.runner.batch), on tiny notebooks written into
tmp_path (tests/runner/tiny_project.py).

Kernel launches cost a few seconds each, so the real runs are few: one module-level batch covering
success, a raising notebook, a dying kernel and a missing notebook in parallel; a batch is refused
while build replaces the tables, or while another batch writes the same folder. The cache and a
report whose input changes mid-run are tested in test_batch_cache.py, signals in
test_batch_signals.py, keys in test_key.py, filters in test_reportset.py, and the real report set in
test_site.py.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from tests.runner.tiny_project import make_project, report_spec, write_notebook
from xnplan.errors import XnplanError
from xnplan.htmlpage import external_references
from xnplan.lock import hold, hold_file
from xnplan.runner.index import beijing_time
from xnplan.runner.key import iso_utc
from xnplan.runner.layout import BATCH_LOCK, build_folder
from xnplan.runner.reportset import ReportSpec

# --- one batch with every kind of outcome -------------------------------------------------------

MIXED = [
    report_spec("通山县", "report-tongshan"),
    report_spec("市本级", "report-city"),
    ReportSpec("raises", "raises", "出错的报告", inputs=("data/raw/*.txt",)),
    ReportSpec("dies", "dies", "内核崩溃的报告", inputs=("data/raw/*.txt",)),
    ReportSpec("absent", "absent", "还没写的报告"),
    ReportSpec("unfinished", "unfinished", "没有写出下载清单的报告", inputs=("data/raw/*.txt",)),
]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("mixed"))
    write_notebook(project.root / "notebooks" / "raises.ipynb", ["raise ValueError('坏数据: 第3行')"])
    write_notebook(project.root / "notebooks" / "dies.ipynb", ["import os\nos._exit(1)"])
    write_notebook(project.root / "notebooks" / "unfinished.ipynb", ["print('no Exhibits.finish()')"])
    processed = project.root / "data" / "processed"  # what `xnplan build` writes, for the downloads
    processed.mkdir(parents=True)
    for name in ("plan.xlsx", "projects.csv", "datapackage.json", "projects.parquet"):
        (processed / name).write_bytes(f"{name} 的内容".encode())
    return project, project.run(MIXED)


@pytest.mark.batch
def test_failures_are_isolated_and_reported(mixed):
    _, result = mixed
    status = {spec.slug: outcome for spec, outcome in result.outcomes}
    assert {slug: o.status for slug, o in status.items()} == {
        "report-tongshan": "ok",
        "report-city": "ok",
        "raises": "failed",
        "dies": "failed",
        "absent": "failed",
        "unfinished": "failed",
    }
    assert result.exit_code == 1
    assert status["raises"].reason.startswith("ValueError: 坏数据: 第3行")
    assert status["dies"].reason.startswith("内核意外退出")
    assert "找不到 notebook notebooks/absent.ipynb" in status["absent"].reason
    assert "Exhibits.finish()" in status["unfinished"].reason


@pytest.mark.batch
def test_downloads_are_committed_beside_the_page(mixed):
    project, _ = mixed
    folder = project.out / "report-tongshan_files"
    assert (folder / "table-01.csv").read_text(encoding="utf-8") == "县市区\n通山县\n"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == {"conclusion": "通山县：结论"}
    assert "LINK report-tongshan_files/table-01.csv" in (project.out / "report-tongshan.html").read_text(
        encoding="utf-8"
    )
    # A failed run leaves no downloads and nothing in the staging area.
    assert not (project.out / "unfinished_files").exists()
    assert not (project.out / "raises_files").exists()


@pytest.mark.batch
def test_html_shows_outputs_without_code(mixed):
    project, _ = mixed
    html = (project.out / "report-tongshan.html").read_text(encoding="utf-8")
    assert "RESULT 通山县 42" in html
    assert "SECRET_SOURCE_MARKER" not in html
    assert "<title>通山县报告</title>" in html
    assert "data:image/png;base64," in html
    # Path parameters arrive absolute; the kernel runs in notebooks/ with XNPLAN_ROOT set.
    assert "DATA 规划原文 第一版" in html
    assert f"ROOT={project.root}" in html
    assert f"CWD={project.root / 'notebooks'}" in html
    executed = nbformat.read(build_folder(project.out) / "report-tongshan.ipynb", as_version=4)
    assert executed.metadata.papermill["parameters"]["county"] == "通山县"


@pytest.mark.batch
def test_every_page_of_a_run_works_offline_and_links_back(mixed, linked_files_missing):
    project, _ = mixed
    pages = sorted(project.out.glob("*.html"))
    assert [p.name for p in pages] == ["build.html", "index.html", "report-city.html", "report-tongshan.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert external_references(html) == [], page.name
        assert '<html lang="zh-CN">' in html
        assert linked_files_missing(page) == [], page.name
        if page.name != "index.html":
            assert '<a href="index.html">' in html


@pytest.mark.batch
def test_failed_run_keeps_notebook_and_log(mixed):
    project, _ = mixed
    failed = (build_folder(project.out) / "raises.failed.ipynb").read_text(encoding="utf-8")
    assert "An Exception was encountered" in failed  # papermill's banner
    assert not (project.out / "raises.html").exists()
    assert "ValueError" in (build_folder(project.out) / "logs" / "raises.log").read_text(encoding="utf-8")
    assert "Kernel died" in (build_folder(project.out) / "logs" / "dies.log").read_text(encoding="utf-8")
    record = json.loads((build_folder(project.out) / "raises.failed.json").read_text(encoding="utf-8"))
    assert record["reason"].startswith("ValueError: 坏数据")
    assert not (project.out / ".tmp").exists()


@pytest.mark.batch
def test_index_lists_every_report(mixed):
    project, _ = mixed
    index = (project.out / "index.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in index
    for spec in MIXED:
        assert spec.title in index
    assert 'href="report-city.html"' in index
    assert "ValueError: 坏数据: 第3行" in index
    # The failed notebook and the log are in the build folder beside the published one.
    assert 'href="../out-build/raises.failed.ipynb"' in index
    assert index.count('<span class="marker failed">失败</span>') == 4  # raises, dies, absent, unfinished
    # the tables for the downloads, copied beside the reports (not the parquet files)
    published = sorted(p.name for p in (project.out / "data").iterdir() if not p.name.startswith("."))
    assert published == ["datapackage.json", "plan.xlsx", "projects.csv"]
    assert 'href="data/projects.csv"' in index
    build = (project.out / "build.html").read_text(encoding="utf-8")
    newest = iso_utc((project.root / "data" / "raw" / "plan.txt").stat().st_mtime)
    assert beijing_time(newest, zone_label=False) in build
    assert "<div>县市区=通山县</div>" in build
    assert "<div>data_file=plan.txt</div>" in build  # a parameter the site has no words for keeps its name


# --- the lock of the tables and of the output folder ---------------------------------------------


def test_a_batch_is_refused_while_build_replaces_the_tables(tmp_path) -> None:
    project = make_project(tmp_path)
    with (
        hold(project.root / "data" / "processed", exclusive=True),
        pytest.raises(XnplanError, match="另一个 xnplan build 或 reports 正在使用"),
    ):
        project.run([report_spec("通山县", "r")])
    assert not (project.out / "r.html").exists()


def test_a_second_batch_into_the_same_folder_is_refused(tmp_path) -> None:
    # The batch holds .lock in the build folder beside out_dir exclusively while it writes; a second
    # batch is refused, naming the folder.
    project = make_project(tmp_path)
    build_folder(project.out).mkdir(parents=True, exist_ok=True)
    with (
        hold_file(build_folder(project.out) / BATCH_LOCK, exclusive=True, busy="held"),
        pytest.raises(XnplanError, match=f"另一个 xnplan reports 正在写入 {re.escape(str(project.out))}"),
    ):
        project.run([report_spec("通山县", "r")])
    assert not (project.out / "r.html").exists()
