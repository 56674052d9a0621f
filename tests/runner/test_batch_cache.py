"""The batch runner's cache (xnplan.runner.batch) on a tiny project (tests/runner/tiny_project.py): a report
is skipped while its key holds, rebuilt when its notebook, parameters, inputs or downloads change, a failure
keeps the previous report, and a report whose input changed during its run is not stored. Its own module,
beside test_batch.py, so that xdist can run the two on different workers (each is a few kernel runs).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace

import pytest

from tests.runner.tiny_project import (
    REPORT_CELLS,
    REPORT_PARAMETERS,
    WRITES_DOWNLOADS,
    make_project,
    report_spec,
    write_notebook,
)
from xnplan.runner.batch import plan_batch
from xnplan.runner.key import KeyMaker
from xnplan.runner.layout import build_folder

# --- cache: skip, rebuild, a failure keeps the previous report ----------------------------------


@pytest.mark.batch
def test_cache_skips_and_rebuilds_on_change(tmp_path):
    project = make_project(tmp_path)
    specs = [report_spec("通山县", "report-tongshan")]
    assert project.run(specs).exit_code == 0
    html = project.out / "report-tongshan.html"
    built = html.stat().st_mtime_ns

    again = project.run(specs)
    assert [o.status for _, o in again.outcomes] == ["skipped"]
    assert html.stat().st_mtime_ns == built

    def why(spec_list):
        settings = project.settings()
        plan = plan_batch(spec_list, settings, KeyMaker(project.root, settings.notebooks_dir))
        return plan.why

    assert why(specs) == {}
    assert why([report_spec("嘉鱼县", "report-tongshan")]) == {"report-tongshan": ["parameters changed"]}
    write_notebook(
        project.root / "notebooks" / "report.ipynb", [*REPORT_CELLS, "print('new cell')"], REPORT_PARAMETERS
    )
    assert why(specs) == {"report-tongshan": ["notebook changed"]}
    write_notebook(project.root / "notebooks" / "report.ipynb", REPORT_CELLS, REPORT_PARAMETERS)
    assert why(specs) == {}  # same cells again: same key
    assert why([replace(specs[0], slug="report-x")]) == {"report-x": ["first build"]}

    # A report whose downloads are gone is out of date: its page would link missing files.
    shutil.rmtree(project.out / "report-tongshan_files")
    assert why(specs) == {"report-tongshan": ["outputs missing"]}
    (project.root / "data" / "raw" / "plan.txt").write_text("规划原文 第二版\n", encoding="utf-8")
    assert why(specs) == {"report-tongshan": ["inputs changed"]}  # a changed key says what changed
    rebuilt = project.run(specs)
    assert [(o.status, o.notes) for _, o in rebuilt.outcomes] == [("ok", ["inputs changed"])]
    assert "DATA 规划原文 第二版" in html.read_text(encoding="utf-8")
    assert (project.out / "report-tongshan_files" / "table-01.csv").is_file()  # written again

    # The notebook now raises: the run fails, and the previous report stays as it was.
    build = build_folder(project.out)
    previous = {
        p.relative_to(project.out.parent).as_posix(): p.read_bytes()
        for p in (html, build / "report-tongshan.ipynb", build / "report-tongshan.key.json")
    }
    previous["out/report-tongshan_files/manifest.json"] = (
        project.out / "report-tongshan_files" / "manifest.json"
    ).read_bytes()
    write_notebook(
        project.root / "notebooks" / "report.ipynb", ["raise RuntimeError('broken')"], REPORT_PARAMETERS
    )
    failed = project.run(specs)
    assert failed.exit_code == 1
    assert {name: (project.out.parent / name).read_bytes() for name in previous} == previous
    assert (build / "report-tongshan.failed.ipynb").exists()
    index = (project.out / "index.html").read_text(encoding="utf-8")
    assert "RuntimeError: broken" in index
    # the title still links the last good report, marked failed
    assert re.search(
        r'<a href="report-tongshan.html">通山县报告</a>(</span>)? <span class="marker failed">', index
    )
    assert "上面链接的是上次成功生成的版本" in index


# --- a report whose inputs changed while it ran ------------------------------------------------


CHANGES_ITS_INPUT_ONCE = """\
import os, pathlib
marker = pathlib.Path(os.environ['XNPLAN_ROOT']) / 'change-once'
if marker.exists():  # stands for `xnplan build --raw B.txt` replacing an input mid-run
    marker.unlink()
    with open(data_file, 'a', encoding='utf-8') as handle:
        handle.write('第二版\\n')
"""


@pytest.mark.batch
def test_a_report_whose_input_changed_during_its_run_is_not_stored(tmp_path) -> None:
    project = make_project(tmp_path)
    reads = "print('DATA', open(data_file, encoding='utf-8').read().strip())"
    write_notebook(
        project.root / "notebooks" / "report.ipynb",
        [reads, CHANGES_ITS_INPUT_ONCE, WRITES_DOWNLOADS],
        REPORT_PARAMETERS,
    )
    (project.root / "change-once").touch()
    specs = [report_spec("通山县", "r")]
    first = project.run(specs)
    [(_, outcome)] = first.outcomes
    assert outcome.status == "failed"
    assert outcome.reason.startswith("运行中输入数据有改动，报告未保存")
    assert not (build_folder(project.out) / "r.key.json").exists() and not (project.out / "r.html").exists()
    # The next run must not call it up to date: it rebuilds from the inputs as they are now.
    second = project.run(specs)
    assert [o.status for _, o in second.outcomes] == ["ok"]
    assert "DATA 规划原文 第一版\n第二版" in (project.out / "r.html").read_text(encoding="utf-8")
    assert [o.status for _, o in project.run(specs).outcomes] == ["skipped"]
