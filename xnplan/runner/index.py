"""reports/index.html: one page listing every report with its status, time and input date.

Plain HTML with a few lines of inline CSS: it must open from the file system, offline, and render
Chinese (UTF-8 declared in the page and used for the bytes).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from html import escape
from pathlib import Path

from xnplan.atomicfile import write_atomic
from xnplan.runner.key import iso_utc

RUN_STATUS_LABELS = {
    "ok": ("ok", "已生成"),
    "skipped": ("ok", "最新（未重跑）"),
    "failed": ("failed", "失败"),
    "stale": ("stale", "已过期（本次未重跑）"),
    "missing": ("missing", "尚未生成"),
}

CSS = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .4em .6em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
.ok { color: #1a7f37; } .failed { color: #c62828; font-weight: bold; } .stale, .missing { color: #9a6700; }
.reason { font-size: .9em; color: #555; white-space: pre-wrap; }
.label { white-space: nowrap; }
code { font-size: .9em; color: #555; }
"""


@dataclass(frozen=True)
class IndexRow:
    slug: str
    title: str
    run: str  # notebook(parameters)
    status: str  # ok | skipped | failed | stale | missing
    reason: str
    seconds: float
    newest_input: str  # ISO UTC date of the newest input the shown report was built from
    built_at: str
    html: str | None  # file names relative to the index
    ipynb: str | None
    failed_ipynb: str | None
    log: str | None


def _link(href: str | None, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>' if href else ""


def render_index(rows: list[IndexRow], generated_at: str) -> str:
    body = []
    for row in rows:
        css, label = RUN_STATUS_LABELS.get(row.status, ("missing", row.status))
        title = _link(row.html, row.title) if row.html else escape(row.title)
        # After a failure the HTML on disk is the last good build, which the reader must not take
        # for the current one.
        html_label = {"failed": "上次成功的 HTML", "stale": "HTML（已过期）"}.get(row.status, "HTML")
        links = " · ".join(x for x in (
            _link(row.html, html_label), _link(row.ipynb, "ipynb"),
            _link(row.failed_ipynb, "失败的 notebook"), _link(row.log, "日志")) if x)
        reason = f'<div class="reason">{escape(row.reason)}</div>' if row.reason else ""
        body.append(
            f"<tr><td>{title}<br><code>{escape(row.run)}</code></td>"
            f'<td class="{css}"><span class="label">{escape(label)}</span>{reason}</td>'
            f'<td class="num">{row.seconds:.1f}</td>'
            f'<td class="date">{escape(row.newest_input)}</td><td class="date">{escape(row.built_at)}</td>'
            f"<td>{links}</td></tr>")
    failed = sum(1 for r in rows if r.status == "failed")
    summary = f"共 {len(rows)} 份报告，{failed} 份失败。" if failed else f"共 {len(rows)} 份报告。"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>咸宁市民政事业“十四五”规划：分析报告</title>
<style>{CSS}</style>
</head>
<body>
<h1>咸宁市民政事业“十四五”规划：分析报告</h1>
<p>{escape(summary)} 生成于 {escape(generated_at)}（UTC）。</p>
<table>
<thead><tr><th>报告</th><th>状态</th><th>用时（秒）</th><th>输入数据日期（UTC）</th><th>生成时间（UTC）</th>
<th>文件</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
<p>输入数据日期：报告所用输入文件（规划原文、处理后的数据表、评估观测值）中最新一个的修改时间。</p>
</body>
</html>
"""


def write_index(out_dir: Path, rows: list[IndexRow]) -> Path:
    return write_atomic(out_dir / "index.html", render_index(rows, iso_utc(time.time())))
