"""`xnplan reports` under signals, with real processes: Ctrl-C leaves the previous reports as they
were, and a killed or terminated parent leaves no worker, kernel or kernel folder behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.runner.tiny_project import write_notebook
from xnplan import atomicfile

INTERRUPTIBLE = """\
import signal, sys
from xnplan.cli import main
# Python's own SIGINT handler: a parent (pytest-xdist) may have set SIGINT to be ignored.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.exit(main(sys.argv[1:]))
"""


def start_reports(project: Path, args: list[str], *, stdout, stderr, text: bool = False, **env: str):
    """`xnplan reports ARGS` on ``project`` into its reports/, in a process of its own."""
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            INTERRUPTIBLE,
            "reports",
            *args,
            "--out",
            str(project / "reports"),
            "--no-progress",
        ],
        env=dict(os.environ, XNPLAN_ROOT=str(project), **env),
        cwd=project,
        stdout=stdout,
        stderr=stderr,
        text=text,
    )


@pytest.mark.batch
def test_interrupt_leaves_previous_reports_intact(tmp_path):
    write_notebook(tmp_path / "notebooks" / "plan_overview.ipynb", ["import time\ntime.sleep(120)"])
    out = tmp_path / "reports"
    out.mkdir()
    (tmp_path / "reports-build").mkdir()
    previous = {
        "reports/plan_overview.html": b"<p>old report</p>",
        "reports-build/plan_overview.ipynb": b"{}",
        "reports-build/plan_overview.key.json": b'{"key": "old"}',
    }
    for name, data in previous.items():
        (tmp_path / name).write_bytes(data)
    proc = start_reports(
        tmp_path, ["--only", "plan_overview"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
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
    assert "xnplan reports：已中断" in stderr
    assert {name: (tmp_path / name).read_bytes() for name in previous} == previous
    assert not (out / ".tmp").exists()
    assert not list(out.glob(f"{atomicfile.TEMP_PREFIX}*"))


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


@pytest.mark.batch
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_parent_stops_workers_and_kernels(tmp_path, sig) -> None:
    for name in ("plan_overview", "data_quality"):
        write_notebook(tmp_path / "notebooks" / f"{name}.ipynb", ["import time\ntime.sleep(300)"])
    out = tmp_path / "reports"
    scratch = Path(tempfile.mkdtemp(prefix="xnt-"))  # short: kernel socket paths are limited to ~100 bytes
    proc = start_reports(
        tmp_path,
        ["--only", "plan_overview", "--only", "data_quality", "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        TMPDIR=str(scratch),
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
        assert not list(out.glob("*.html")) and not list(out.parent.glob("*-build/*.key.json"))
    finally:  # orphans (the failure this test is about) must not outlive it either
        proc.kill()
        for pid in family | _descendants(proc.pid):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(scratch, ignore_errors=True)
