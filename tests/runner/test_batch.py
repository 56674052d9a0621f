"""The batch report runner (`xnplan reports`), on tiny notebooks written into tmp_path.

Kernel launches cost a few seconds each, so the real runs are few: one module-level batch covering
success, a raising notebook, a dying kernel and a missing notebook in parallel; one project for the
cache (skip, rebuild, failure keeping the previous report); one interrupted CLI run. Everything about
keys and filters is checked without a kernel. Issue 12's cases follow at the end: build and reports
refuse each other, a report whose input changes mid-run is not stored, a killed parent leaves no
worker or kernel, and two forced runs of a real parameterised report give the same HTML.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import nbformat
import pytest

import xnplan
from xnplan import atomicfile, cli
from xnplan.errors import ParameterError, XnplanError
from xnplan.htmlpage import external_references
from xnplan.lock import hold
from xnplan.paths import ROOT
from xnplan.runner.batch import BatchSettings, plan_batch, run_reports
from xnplan.runner.index import beijing_time
from xnplan.runner.key import LIBRARY_DIR, KeyMaker, iso_utc
from xnplan.runner.reportset import ReportSpec, default_report_set, select
from xnplan.runner.run import REASON_LINES, describe_cell_error

# A 1×1 PNG: a stand-in for a chart, to see that images are embedded in the HTML.
PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="

# The downloads contract (xnplan.report.exhibits, without its imports): files and a manifest in
# the folder the runner names, linked from the page by the prefix it names.
WRITES_DOWNLOADS = (
    "import json, pathlib\nfolder = pathlib.Path(downloads_dir)\nfolder.mkdir(parents=True, exist_ok=True)\n"
    "(folder / 'table-01.csv').write_text(f'县市区\\n{county}\\n', encoding='utf-8')\n"
    "(folder / 'manifest.json').write_text(json.dumps({'conclusion': county + '：结论'}), encoding='utf-8')\n"
    "print('LINK', downloads_href + '/table-01.csv')"
)

REPORT_CELLS = [
    # The name of this variable must not reach the HTML (code is hidden); its result must.
    "SECRET_SOURCE_MARKER = 41\nprint(f'RESULT {county} {SECRET_SOURCE_MARKER + 1}')",
    "print('DATA', open(data_file, encoding='utf-8').read().strip())",
    "import os\nprint('ROOT=' + os.environ['XNPLAN_ROOT'])\nprint('CWD=' + os.getcwd())",
    "import base64\nfrom IPython.display import Image, display\n"
    f"display(Image(data=base64.b64decode('{PNG_B64}')))",
    WRITES_DOWNLOADS,
]


def write_notebook(path: Path, cells: list[str], parameters: str = "") -> None:
    nb = nbformat.v4.new_notebook()
    tagged = nbformat.v4.new_code_cell(parameters or "pass")
    tagged.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# 报告"), tagged, *map(nbformat.v4.new_code_cell, cells)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


REPORT_PARAMETERS = (
    'county = "咸安区"  # county to report on\n'
    'data_file = ""  # a file, relative to the root\n'
    'downloads_dir = ""\ndownloads_href = ""'
)


def report_spec(county: str, slug: str, data_file: str = "data/raw/plan.txt") -> ReportSpec:
    return ReportSpec(
        "report",
        slug,
        f"{county}报告",
        {"county": county, "data_file": data_file},
        inputs=("data/raw/*.txt",),
        path_parameters=("data_file",),
    )


@dataclass
class Project:
    root: Path
    out: Path

    def settings(self, **changes) -> BatchSettings:
        base = BatchSettings(
            root=self.root, out_dir=self.out, notebooks_dir=self.root / "notebooks", jobs=2, progress=False
        )
        return replace(base, **changes)

    def run(self, specs: list[ReportSpec], selected: list[ReportSpec] | None = None, **changes):
        return run_reports(
            specs, specs if selected is None else selected, self.settings(**changes), out=io.StringIO()
        )


def make_project(root: Path) -> Project:
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "raw" / "plan.txt").write_text("规划原文 第一版\n", encoding="utf-8")
    write_notebook(root / "notebooks" / "report.ipynb", REPORT_CELLS, REPORT_PARAMETERS)
    return Project(root, root / "out")


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
    assert "kernel died" in status["dies"].reason
    assert "notebooks/absent.ipynb does not exist" in status["absent"].reason
    assert "Exhibits.finish()" in status["unfinished"].reason


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
    executed = nbformat.read(project.out / "report-tongshan.ipynb", as_version=4)
    assert executed.metadata.papermill["parameters"]["county"] == "通山县"


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


def test_failed_run_keeps_notebook_and_log(mixed):
    project, _ = mixed
    failed = (project.out / "raises.failed.ipynb").read_text(encoding="utf-8")
    assert "An Exception was encountered" in failed  # papermill's banner
    assert not (project.out / "raises.html").exists()
    assert "ValueError" in (project.out / "logs" / "raises.log").read_text(encoding="utf-8")
    assert "Kernel died" in (project.out / "logs" / "dies.log").read_text(encoding="utf-8")
    record = json.loads((project.out / "raises.failed.json").read_text(encoding="utf-8"))
    assert record["reason"].startswith("ValueError: 坏数据")
    assert not (project.out / ".tmp").exists()


def test_index_lists_every_report(mixed):
    project, _ = mixed
    index = (project.out / "index.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in index
    for spec in MIXED:
        assert spec.title in index
    assert 'href="report-city.html"' in index
    assert "ValueError: 坏数据: 第3行" in index
    assert 'href="raises.failed.ipynb"' in index
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


# --- cache: skip, rebuild, a failure keeps the previous report ----------------------------------


def test_cache_skips_and_rebuilds_on_change(tmp_path):
    project = make_project(tmp_path)
    specs = [report_spec("通山县", "report-tongshan")]
    assert project.run(specs).exit_code == 0
    html = project.out / "report-tongshan.html"
    built = html.stat().st_mtime_ns

    again = project.run(specs)
    assert [o.status for _, o in again.outcomes] == ["skipped"]
    assert html.stat().st_mtime_ns == built
    # A report whose downloads are gone is rebuilt: its page would link missing files.
    shutil.rmtree(project.out / "report-tongshan_files")
    assert [o.status for _, o in project.run(specs).outcomes] == ["ok"]
    assert (project.out / "report-tongshan_files" / "table-01.csv").is_file()

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

    (project.root / "data" / "raw" / "plan.txt").write_text("规划原文 第二版\n", encoding="utf-8")
    assert why(specs) == {"report-tongshan": ["inputs changed"]}
    rebuilt = project.run(specs)
    assert [(o.status, o.notes) for _, o in rebuilt.outcomes] == [("ok", ["inputs changed"])]
    assert "DATA 规划原文 第二版" in html.read_text(encoding="utf-8")

    # The notebook now raises: the run fails, and the previous report stays as it was.
    previous = {
        p.name: p.read_bytes()
        for p in (html, project.out / "report-tongshan.ipynb", project.out / "report-tongshan.key.json")
    }
    previous["report-tongshan_files/manifest.json"] = (
        project.out / "report-tongshan_files" / "manifest.json"
    ).read_bytes()
    write_notebook(
        project.root / "notebooks" / "report.ipynb", ["raise RuntimeError('broken')"], REPORT_PARAMETERS
    )
    failed = project.run(specs)
    assert failed.exit_code == 1
    assert {name: (project.out / name).read_bytes() for name in previous} == previous
    assert (project.out / "report-tongshan.failed.ipynb").exists()
    index = (project.out / "index.html").read_text(encoding="utf-8")
    assert "RuntimeError: broken" in index
    # the title still links the last good report, marked failed
    assert re.search(
        r'<a href="report-tongshan.html">通山县报告</a>(</span>)? <span class="marker failed">', index
    )
    assert "上面链接的是上次成功生成的版本" in index


# --- Ctrl-C --------------------------------------------------------------------------------------

INTERRUPTIBLE = """\
import signal, sys
from xnplan.cli import main
# Python's own SIGINT handler: a parent (pytest-xdist) may have set SIGINT to be ignored.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.exit(main(sys.argv[1:]))
"""


def test_interrupt_leaves_previous_reports_intact(tmp_path):
    write_notebook(tmp_path / "notebooks" / "plan_overview.ipynb", ["import time\ntime.sleep(120)"])
    out = tmp_path / "reports"
    out.mkdir()
    previous = {
        "plan_overview.html": b"<p>old report</p>",
        "plan_overview.ipynb": b"{}",
        "plan_overview.key.json": b'{"key": "old"}',
    }
    for name, data in previous.items():
        (out / name).write_bytes(data)
    env = dict(os.environ, XNPLAN_ROOT=str(tmp_path))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            INTERRUPTIBLE,
            "reports",
            "--only",
            "plan_overview",
            "--out",
            str(out),
            "--no-progress",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(out.glob(".tmp/plan_overview.*.log")) and time.monotonic() < deadline:
            time.sleep(0.1)  # the worker has started the run once its log exists
        time.sleep(1.0)  # let the kernel start and the cell begin
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr
    assert {name: (out / name).read_bytes() for name in previous} == previous
    assert not (out / ".tmp").exists()
    assert not list(out.glob(f"{atomicfile.TEMP_PREFIX}*"))


# --- no kernel: atomic writes, keys, filters -----------------------------------------------------


def test_atomic_write_keeps_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomicfile.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomicfile.write_atomic(target, "new " * 100_000)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_key_ignores_outputs_and_counts_missing_inputs(tmp_path):
    project = make_project(tmp_path)
    keys = KeyMaker(project.root, project.root / "notebooks")
    spec = report_spec("通山县", "r")
    before = keys.key(spec)
    # An executed copy (outputs, execution counts) has the same cells, hence the same key.
    path = project.root / "notebooks" / "report.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.execution_count = 7
            cell.outputs = [nbformat.v4.new_output("stream", text="anything")]
    nbformat.write(nb, path)
    assert KeyMaker(project.root, project.root / "notebooks").key(spec).key == before.key
    absent = keys.key(report_spec("通山县", "r", data_file="data/raw/later.csv"))
    assert [(f.path, f.sha256) for f in absent.inputs] == [
        ("data/raw/later.csv", None),
        ("data/raw/plan.txt", before.inputs[0].sha256),
    ]
    (project.root / "data" / "raw" / "later.csv").write_text("a\n", encoding="utf-8")
    appeared = KeyMaker(project.root, project.root / "notebooks").key(
        report_spec("通山县", "r", data_file="data/raw/later.csv")
    )
    assert appeared.parts["inputs"] != absent.parts["inputs"]
    # An evaluator's file may live anywhere: absolute paths outside the project are kept absolute.
    elsewhere = tmp_path.parent / f"{tmp_path.name}-observations.csv"
    elsewhere.write_text("b\n", encoding="utf-8")
    outside = keys.key(report_spec("通山县", "r", data_file=str(elsewhere)))
    assert str(elsewhere) in [f.path for f in outside.inputs]
    assert keys.resolve_parameters(report_spec("通山县", "r", data_file=str(elsewhere)))["data_file"] == str(
        elsewhere
    )


def test_report_set_covers_every_county_and_assessment():
    specs = default_report_set()
    slugs = [s.slug for s in specs]
    assert len(slugs) == len(set(slugs)) == 12
    assert all(s.isascii() for s in slugs)
    counties = [s.parameters["county"] for s in specs if s.notebook == "county_investment"]
    assert counties == ["咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县", "市本级"]
    years = [s.parameters["assessment_year"] for s in specs if s.notebook == "target_gap"]
    assert years == [2023, 2025]


def test_only_filters():
    specs = default_report_set()
    assert [s.slug for s in select(specs, ["county=通山县"])] == ["county_investment-tongshan"]
    assert [s.slug for s in select(specs, ["county=Tongshan"])] == ["county_investment-tongshan"]
    assert [s.slug for s in select(specs, ["notebook=target_gap"])] == ["target_gap-2023", "target_gap-2025"]
    assert [s.slug for s in select(specs, ["target_gap"])] == ["target_gap-2023", "target_gap-2025"]
    # Same field: either value; different fields: both.
    assert len(select(specs, ["county=通山县", "county=市本级"])) == 2
    assert [s.slug for s in select(specs, ["target_gap", "assessment_year=2025"])] == ["target_gap-2025"]
    assert [s.slug for s in select(specs, ["baseline_review", "plan_overview"])] == [
        "plan_overview",
        "baseline_review",
    ]
    with pytest.raises(ParameterError, match="unknown county 'Atlantis'; valid values: 咸安区, 赤壁市"):
        select(specs, ["county=Atlantis"])
    with pytest.raises(ParameterError, match="unknown field 'year'.*assessment_year, county"):
        select(specs, ["year=2025"])


def test_only_unknown_notebook_is_an_error_listing_notebooks(capsys):
    assert cli.main(["reports", "--only", "notebook=county"]) == 1
    err = capsys.readouterr().err
    assert "unknown notebook 'county'" in err
    assert "baseline_review, county_investment, data_quality, plan_overview, target_gap" in err


def test_cell_error_reason_keeps_the_listed_problems():
    evalue = (
        "obs.csv: 2 problem(s):\n  - row 1: value 'abc' is not a number\n  - row 2: unknown county '火星'"
    )
    assert describe_cell_error("InputValidationError", evalue, 3).splitlines() == [
        "InputValidationError: obs.csv: 2 problem(s): (cell In [3])",
        "  - row 1: value 'abc' is not a number",
        "  - row 2: unknown county '火星'",
    ]
    long = describe_cell_error("E", "\n".join(f"line {i}" for i in range(40)), 1).splitlines()
    assert len(long) == REASON_LINES + 1 and long[-1] == "… 28 more line(s) in the log"


# --- issue 12: one run at a time, keys from what a report read, no orphans, identical HTML --------

# --- case 1: build and reports share one lock ----------------------------------------------------


def test_build_is_refused_while_a_batch_reads_the_tables(tmp_path, capsys) -> None:
    processed = tmp_path / "processed"
    assert cli.main(["build", "--out", str(processed)]) == 0
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    with hold(processed, exclusive=False):  # what a running `xnplan reports` holds
        assert cli.main(["build", "--out", str(processed)]) == 1
    err = capsys.readouterr().err
    assert "另一个 xnplan build 或 reports 正在使用" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in processed.iterdir()} == before


def test_a_batch_is_refused_while_build_replaces_the_tables(tmp_path) -> None:
    project = make_project(tmp_path)
    with (
        hold(project.root / "data" / "processed", exclusive=True),
        pytest.raises(XnplanError, match="另一个 xnplan build 或 reports 正在使用"),
    ):
        project.run([report_spec("通山县", "r")])
    assert not (project.out / "r.html").exists()


def test_the_library_part_of_the_key_covers_every_module(tmp_path) -> None:
    """The key moved to xnplan/runner/ and hashed only the runner's own files: a change to the
    store or a report module left every report 'up to date'. An edit anywhere in a copy of the
    package, in a subpackage that no notebook names, changes the library part of the key."""
    package = Path(xnplan.__file__).parent
    assert package == LIBRARY_DIR
    copy = tmp_path / "xnplan"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))

    def digest() -> str:
        return KeyMaker(tmp_path, tmp_path, library_dir=copy).library()

    before = digest()
    for module in ("store/files.py", "report/present.py", "numbers.py"):
        path = copy / module
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited\n")
        assert digest() != before, module
        path.write_bytes(original)
    assert digest() == before


CHANGES_ITS_INPUT_ONCE = """\
import os, pathlib
marker = pathlib.Path(os.environ['XNPLAN_ROOT']) / 'change-once'
if marker.exists():  # stands for `xnplan build --raw B.txt` replacing an input mid-run
    marker.unlink()
    with open(data_file, 'a', encoding='utf-8') as handle:
        handle.write('第二版\\n')
"""


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
    assert "输入在运行中被改动" in outcome.reason and "inputs changed" in outcome.reason
    assert not (project.out / "r.key.json").exists() and not (project.out / "r.html").exists()
    # The next run must not call it up to date: it rebuilds from the inputs as they are now.
    second = project.run(specs)
    assert [o.status for _, o in second.outcomes] == ["ok"]
    assert "DATA 规划原文 第一版\n第二版" in (project.out / "r.html").read_text(encoding="utf-8")
    assert [o.status for _, o in project.run(specs).outcomes] == ["skipped"]


# --- case 5: no orphan workers --------------------------------------------------------------------


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_parent_stops_workers_and_kernels(tmp_path, sig) -> None:
    for name in ("plan_overview", "data_quality"):
        write_notebook(tmp_path / "notebooks" / f"{name}.ipynb", ["import time\ntime.sleep(300)"])
    out = tmp_path / "reports"
    scratch = Path(tempfile.mkdtemp(prefix="xnt-"))  # short: kernel socket paths are limited to ~100 bytes
    env = dict(os.environ, XNPLAN_ROOT=str(tmp_path), TMPDIR=str(scratch))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            INTERRUPTIBLE,
            "reports",
            "--only",
            "plan_overview",
            "--only",
            "data_quality",
            "--jobs",
            "2",
            "--out",
            str(out),
            "--no-progress",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    family: set[int] = set()
    try:
        deadline = time.monotonic() + 180

        def started() -> bool:  # each kernel binds its five sockets in its worker's folder
            folders = list(scratch.glob("xnplan-kernel-*"))
            return len(folders) == 2 and all(len(list(f.glob("kernel-*"))) >= 5 for f in folders)

        while not started() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert started(), proc.stderr.read1().decode()
        time.sleep(1.0)
        family = _descendants(proc.pid)
        assert len(family) >= 4  # two workers, two kernels
        proc.send_signal(sig)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 60
        while any(_alive(p) for p in family) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in family if _alive(p)], "workers or kernels outlived the batch"
        assert list(scratch.iterdir()) == []
        assert not list(out.glob("*.html")) and not list(out.glob("*.key.json"))
    finally:  # orphans (the failure this test is about) must not outlive it either
        proc.kill()
        for pid in family | _descendants(proc.pid):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(scratch, ignore_errors=True)


# --- byte-identical reports ---------------------------------------------------------------------


def test_two_forced_runs_give_the_same_report_html(tmp_path) -> None:
    """papermill names its injected parameters cell with a random id, which the HTML carries."""
    specs = default_report_set()
    [spec] = select(specs, ["county=通山县"])
    pages = []
    for run in range(2):
        settings = BatchSettings(
            root=ROOT,
            out_dir=tmp_path / f"run{run}",
            notebooks_dir=ROOT / "notebooks",
            jobs=1,
            force=True,
            progress=False,
        )
        result = run_reports([spec], [spec], settings, out=io.StringIO())
        assert result.exit_code == 0
        pages.append((settings.out_dir / f"{spec.slug}.html").read_bytes())
    assert b'id="cell-id=injected-parameters"' in pages[0]
    assert pages[0] == pages[1]
