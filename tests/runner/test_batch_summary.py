"""The summary `xnplan reports` prints when a batch ends (xnplan.runner.batch.print_summary), without a
kernel: the outcomes are made by hand."""

from __future__ import annotations

import io
import re

from tests.runner.tiny_project import report_spec
from xnplan.runner.batch import BatchResult, print_summary
from xnplan.runner.layout import ReportFiles
from xnplan.runner.run import Outcome


def test_summary_is_chinese_aligned_and_says_why(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths are shown relative to the working folder
    out_dir = tmp_path / "reports"
    failed = ReportFiles(out_dir, "c-county")
    failed.failed_ipynb.parent.mkdir(parents=True)
    failed.failed_ipynb.write_text("{}", encoding="utf-8")
    result = BatchResult(
        [
            (report_spec("通山县", "a"), Outcome("a", "ok", 5.66, notes=["first build"])),
            (report_spec("咸安区", "b-long"), Outcome("b-long", "skipped", 3.0)),
            (
                report_spec("赤壁市", "c-county"),
                Outcome("c-county", "failed", 1.25, "ValueError: 坏数据\n  - 第3行"),
            ),
            (
                report_spec("嘉鱼县", "d"),
                Outcome("d", "ok", 12.0, notes=["inputs changed", "library changed"]),
            ),
        ],
        20.04,
        out_dir / "index.html",
    )
    out = io.StringIO()
    print_summary(result, out)
    lines = out.getvalue().splitlines()
    # Columns: report 8 wide ("c-county"), status 14 (最新（未重跑）: 7 characters of 2 columns), seconds
    # right-aligned in 7, two spaces between; a skipped report ran for no seconds; 1.25 s shows as 1.2
    # (round half to even); notes start under the status column, 4 spaces in, a reason's later lines 6.
    sp = " "
    assert lines[:-1] == [
        f"报告{sp * 6}状态{sp * 15}秒数  输出",
        f"a{sp * 9}已生成{sp * 14}5.7  reports/a.html",
        f"{sp * 12}重建原因：从未生成",
        f"b-long{sp * 4}最新（未重跑）{sp * 8}-  reports/b-long.html",
        f"c-county{sp * 2}失败{sp * 16}1.2  reports-build/c-county.failed.ipynb",
        f"{sp * 12}原因：ValueError: 坏数据",
        f"{sp * 14}  - 第3行",
        f"d{sp * 9}已生成{sp * 13}12.0  reports/d.html",
        f"{sp * 12}重建原因：输入数据、程序有改动",
    ]
    assert re.fullmatch(
        r"共 4 份报告：已生成 2，最新（未重跑） 1，失败 1；用时 20\.0 秒；首页：reports/index\.html"
        r"（\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ）",
        lines[-1],
    )
