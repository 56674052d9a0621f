"""Issue 12 for the batch runner: one run at a time (case 1), keys from the inputs a report read
(case 1), no orphan workers (case 5), byte-identical reports.

Real kernels are slow to start, so each test runs as few reports as it can."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import xnplan
from xnplan.cli import main
from xnplan.errors import XnplanError
from xnplan.lock import hold
from xnplan.paths import ROOT
from xnplan.runner.batch import BatchSettings, run_reports
from xnplan.runner.key import LIBRARY_DIR
from xnplan.runner.reportset import default_report_set, select

sys.path.insert(0, str(Path(__file__).parent))
from test_batch import REPORT_PARAMETERS, make_project, report_spec, write_notebook  # noqa: E402

# --- case 1: build and reports share one lock ----------------------------------------------------


def test_build_is_refused_while_a_batch_reads_the_tables(tmp_path, capsys) -> None:
    processed = tmp_path / "processed"
    assert main(["build", "--out", str(processed)]) == 0
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    with hold(processed, exclusive=False):  # what a running `xnplan reports` holds
        assert main(["build", "--out", str(processed)]) == 1
    err = capsys.readouterr().err
    assert "另一个 xnplan build 或 reports 正在使用" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in processed.iterdir()} == before


def test_a_batch_is_refused_while_build_replaces_the_tables(tmp_path) -> None:
    project = make_project(tmp_path)
    with hold(project.root / "data" / "processed", exclusive=True), \
            pytest.raises(XnplanError, match="另一个 xnplan build 或 reports 正在使用"):
        project.run([report_spec("通山县", "r")])
    assert not (project.out / "r.html").exists()


def test_the_library_part_of_the_key_covers_every_module() -> None:
    """The key moved to xnplan/runner/ and hashed only the runner's own files: a change to the
    store or a report module left every report 'up to date'."""
    package = Path(xnplan.__file__).parent
    assert package == LIBRARY_DIR
    assert (LIBRARY_DIR / "store" / "files.py").is_file()
    assert (LIBRARY_DIR / "report" / "present.py").is_file()


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
    write_notebook(project.root / "notebooks" / "report.ipynb", [reads, CHANGES_ITS_INPUT_ONCE],
                   REPORT_PARAMETERS)
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

BATCH = """\
import signal, sys
from xnplan.cli import main
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.exit(main(sys.argv[1:]))
"""


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
    proc = subprocess.Popen([sys.executable, "-c", BATCH, "reports", "--only", "plan_overview", "--only",
                             "data_quality", "--jobs", "2", "--out", str(out), "--no-progress"],
                            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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
        settings = BatchSettings(root=ROOT, out_dir=tmp_path / f"run{run}", notebooks_dir=ROOT / "notebooks",
                                 jobs=1, force=True, progress=False)
        result = run_reports([spec], [spec], settings, out=io.StringIO())
        assert result.exit_code == 0
        pages.append((settings.out_dir / f"{spec.slug}.html").read_bytes())
    assert b'id="cell-id=injected-parameters"' in pages[0]
    assert pages[0] == pages[1]
