"""A researcher's own notebook, as docs/写自己的分析笔记本.md adds it: dropped into notebooks/ beside the
project's reports.toml, with a parameter of its own. Without touching the package it is listed by
`xnplan reports --list`, runs with `-p`, lands in the 自建分析 group of the landing page, and a run with
`-p` does not reuse the cache of a run without. The commands run as a researcher types them, in a
project folder of their own (XNPLAN_ROOT), on a tiny notebook so that each run takes seconds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from xnplan.paths import REPORT_SET_FILE

from .package_reports import PACKAGE_REPORTS
from .tiny_project import write_notebook

# The researcher's parameter (new: no notebook of the package has it) and the downloads pair every
# report notebook declares; the table uses plain Chinese headers (xnplan.report.present).
PARAMETERS = 'lines: int = 3  # 列出的行数\ndownloads_dir = ""\ndownloads_href = ""'
CELLS = [
    "import pandas as pd\nfrom xnplan.report.exhibits import Exhibits\n"
    "ex = Exhibits(downloads_dir, downloads_href)",
    "frame = pd.DataFrame({'rank': range(1, lines + 1)})\n"
    "ex.table(frame, f'前{lines}行', labels=['名次'], sources=['自己的统计'])\n"
    "ex.conclusion(f'列出了前{lines}行')\nex.finish()",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: the project's reports.toml, a plan text, and the researcher's notebook."""
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "plan.txt").write_text("规划原文\n", encoding="utf-8")
    shutil.copy(REPORT_SET_FILE, tmp_path / "reports.toml")
    write_notebook(tmp_path / "notebooks" / "mine.ipynb", CELLS, PARAMETERS)
    notebook = tmp_path / "notebooks" / "mine.ipynb"
    content = json.loads(notebook.read_text(encoding="utf-8"))
    content["cells"][0]["source"] = "# 我的分析：前几行"
    content["metadata"]["kernelspec"]["name"] = "xnplan"
    notebook.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def xnplan(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XNPLAN_ROOT": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "xnplan.cli", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_new_notebook_is_listed_beside_the_packages_reports(project):
    listed = xnplan(project, "reports", "--list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    slugs = [line.split()[0] for line in lines]
    # the package's reports in their order (whatever else reports.toml declares), the new one last
    assert [slug for slug in slugs if slug in PACKAGE_REPORTS] == list(PACKAGE_REPORTS)
    assert lines[-1].split() == ["mine", "mine", "[自建分析]", "我的分析：前几行"]
    chosen = xnplan(project, "reports", "--list", "--only", "mine", "-p", "lines=5")
    assert chosen.stdout.split() == ["mine", "mine(lines=5)", "[自建分析]", "我的分析：前几行"]


@pytest.mark.batch
def test_it_runs_with_p_and_a_run_without_p_is_rebuilt(project):
    given = xnplan(project, "reports", "--only", "mine", "-p", "lines=5", "--no-progress")
    assert given.returncode == 0, given.stdout + given.stderr
    page = (project / "reports" / "mine.html").read_text(encoding="utf-8")
    assert "表1　前5行" in page and "名次</th>" in page
    record = json.loads((project / "reports-build" / "mine.key.json").read_text(encoding="utf-8"))
    assert record["parameters"] == {"lines": 5}
    landing = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert "<h2>自建分析</h2>" in landing and "列出了前5行" in landing

    # the same run again is up to date; without -p the notebook's default is another run
    again = xnplan(project, "reports", "--only", "mine", "-p", "lines=5", "--no-progress")
    assert "共 1 份报告：已生成 0，最新（未重跑） 1，失败 0" in again.stdout
    default = xnplan(project, "reports", "--only", "mine", "--no-progress")
    assert default.returncode == 0 and "重建原因：参数有改动" in default.stdout
    assert "表1　前3行" in (project / "reports" / "mine.html").read_text(encoding="utf-8")


def test_a_wrong_name_lists_the_notebooks_parameters(project):
    wrong = xnplan(project, "reports", "--only", "mine", "-p", "top_n=5")
    assert wrong.returncode == 1
    assert "笔记本 mine 没有参数 top_n" in wrong.stderr
    assert wrong.stderr.rstrip().endswith("它的参数：\n  lines: int = 3  # 列出的行数")
