"""An assessment's output folder under kills and terminations, with real processes and signals.

A driver process runs ``xnplan assess`` with the notebook run replaced by a stand-in (so it takes a
second, not ten) and, for the kill, with ``os.replace`` announcing each rename and pausing after the
first deliverable moved in: the test kills the process in that window, as a power cut or ``kill -9``
would.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from xnplan.assess import outputs

STEM = "咸宁市民政事业十四五规划2023年中期评估报告"
OBSERVED = (
    "indicator_id,geography,year,value,unit,as_of,source,reliability,note\n"
    "I14-04,全市,2023,{value},%,2023-12-31,民政局统计年报2023,部门统计,\n"
)

DRIVER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from xnplan.assess import command, outputs

    marker = Path(sys.argv[1])
    pause = sys.argv[2]

    def render(edition, evidence_dir, downloads, work):
        (downloads / "table-01.csv").write_text("a\\n1\\n", encoding="utf-8")
        if pause == "render":
            marker.write_text("rendering", encoding="utf-8")
            time.sleep(60)
        return "<html>" + edition.title + str(time.time()) + "</html>"  # a new page each run

    command.render_html = render
    real_replace = os.replace
    moved = []

    def replace(src, dst):
        real_replace(src, dst)
        if not Path(dst).name.startswith("."):  # a deliverable, not the journal or a temporary file
            moved.append(dst)
        if pause == "rename" and len(moved) == 1:
            marker.write_text("renamed once", encoding="utf-8")
            time.sleep(60)

    outputs.os.replace = replace
    from xnplan.cli import main
    sys.exit(main(sys.argv[3:]))
""")


def start(tmp_path: Path, pause: str, out: Path, observations: Path) -> tuple[subprocess.Popen, Path]:
    marker = tmp_path / f"marker-{pause}"
    marker.unlink(missing_ok=True)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            str(driver),
            str(marker),
            pause,
            "assess",
            "--year",
            "2023",
            "--observations",
            str(observations),
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    return process, marker


def wait_for(marker: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not marker.exists():
        if process.poll() is not None:
            pytest.fail(f"the driver ended early: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the driver never reached the pause")
        time.sleep(0.05)


def observations(tmp_path: Path, value: int) -> Path:
    path = tmp_path / f"obs-{value}.csv"
    path.write_text(OBSERVED.format(value=value), encoding="utf-8")
    return path


def digests(out: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in out.iterdir()
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture(scope="module")
def first_set(tmp_path_factory) -> Path:
    """The folder of one finished run (I14-04 at 50), made once by a driver process."""
    folder = tmp_path_factory.mktemp("first")
    first, _ = start(folder, "none", folder / "out", observations(folder, 50))
    assert first.wait(60) == 0, first.communicate()
    return folder / "out"


@pytest.fixture
def out(first_set, tmp_path) -> Path:
    """A copy of ``first_set`` for the run a test interrupts."""
    shutil.copytree(first_set, tmp_path / "out")
    return tmp_path / "out"


def test_a_kill_between_the_renames_is_finished_by_the_next_run(tmp_path, out):
    old = digests(out)
    process, marker = start(tmp_path, "rename", out, observations(tmp_path, 55))
    wait_for(marker, process)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    # the kill left a mixed set: one new file, the others old, and the journal saying what is pending
    assert (out / outputs.JOURNAL).exists()
    assert sum(digests(out)[name] != old[name] for name in old) == 1
    outputs.clean_leftovers(out)  # what the next run does first, under the folder's lock
    new = digests(out)
    assert all(new[name] != old[name] for name in old)  # the whole new set is in
    record = outputs.Record.read(out)
    assert {name: record.files[name] for name in new} == new
    assert not list(out.glob(f"{outputs.STAGING_PREFIX}*")) and not (out / outputs.JOURNAL).exists()


def test_a_termination_leaves_the_previous_set_and_nothing_else(tmp_path, out):
    old = digests(out)
    before = set(os.listdir(out))
    process, marker = start(tmp_path, "render", out, observations(tmp_path, 55))
    wait_for(marker, process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 130
    assert "xnplan assess：已中断" in process.stderr.read().decode("utf-8")
    assert digests(out) == old and set(os.listdir(out)) == before  # no staging folder, no temporary file
    assert json.loads((out / outputs.RECORD).read_text(encoding="utf-8"))["files"] == {
        name: sha for name, sha in old.items()
    }
