"""The report site's own pages: reports/index.html (the landing page) and reports/build.html.

The landing page is for readers: what the reports are, each report with its one-line conclusion
under 总览 / 分县市区 / 评估 / 数据质量, the data downloads, and a marker only where something is
wrong (a failed, stale or missing report, with the reason and the failed notebook and log).
How each report was built (status, time, seconds, parameters, inputs) is on build.html, linked
from the landing page's footer. Times are Beijing time, as the readers live by it.

Plain HTML with inline CSS: the pages open from the file system, offline, load nothing (the
tests apply xnplan.htmlpage.external_references), and print on A4. Every link is relative, so a
copy of the whole reports/ folder works anywhere.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from html import escape
from pathlib import Path
from urllib.parse import quote

from xnplan import facts
from xnplan.atomicfile import write_atomic
from xnplan.htmlpage import LANDING_PAGE
from xnplan.paths import DOWNLOADS_MANIFEST
from xnplan.runner.key import CHANGE_WORDS, iso_utc
from xnplan.runner.layout import ReportFiles, read_json
from xnplan.runner.reportset import COUNTIES_GROUP, ReportSpec, group_order
from xnplan.schema import TABLES
from xnplan.spreadsheet import CSV_ENCODING, csv_bytes, csv_raw

SITE_TITLE = f"{facts.PLAN_NAME}：分析报告"
DATA_DIR = "data"  # reports/data/: the tables, copied from data/processed (see publish_data)
PUBLISHED = ".published"  # in DATA_DIR: the names the batch copied there

# China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for any build
# time and needs no time-zone database (Windows has none unless the tzdata package is installed).
BEIJING = timezone(timedelta(hours=8), "北京时间")

RUN_STATUS_LABELS = {
    "ok": ("ok", "已生成"),
    "skipped": ("ok", "最新（未重跑）"),
    "failed": ("failed", "失败"),
    "stale": ("stale", "已过期"),
    "missing": ("missing", "尚未生成"),
}
PROBLEMS = ("failed", "stale", "missing")  # the statuses the landing page marks

# Parameters as a reader says them; path parameters show the file name only.
PARAMETER_LABELS = {
    "county": "县市区",
    "assessment_year": "评估年份",
    "observations": "观测值文件",
    "project_status": "项目进展文件",
    "top_n": "列出最大项目行数",
    "include_ok": "附全部核对项",
}
NO_FILE = "未提供"

# One line per table of data/processed for the downloads (the schema's titles are Chinese, its
# descriptions English); tests/runner/test_index.py keeps the keys equal to schema.TABLES.
TABLE_DESCRIPTIONS = {
    "projects": "附件2项目库，每个项目一行：大类、小类、县市区、乡镇、实施主体、设施数、估算总投资",
    "project_categories": "附件1和附件2表头印刷的各大类、小类项目个数与投资，及明细行的合计",
    "reconciliation": "印刷的合计与明细、另一张表或正文的核对结果，每项核对一行",
    "findings": "每项发现一行：同一个印刷数字的几项核对合为一项，附规划的页码和章节",
    "indicators_13th": "“十三五”主要指标完成情况表（第一章第八节）",
    "indicators_14th": "“十四五”主要指标表（第二章第四节）",
    "outline": "规划正文的章、节、小节、专栏和附件",
    "targets": "第二至七章正文和专栏中的量化目标，每个目标值一行",
    "baselines": "第一章正文中的“十三五”成效数字（增长情况和2020年数值）",
    "catalogue": "评估所用的全部指标和目标：“十四五”主要指标、正文目标和保留的“十三五”指标",
    "population": "2020年第七次人口普查全市和六个县市区的常住人口，附来源",
}
WORKBOOK_DESCRIPTION = (
    "全部数据表的 Excel 工作簿：每表一个工作表，中文表头，数值可直接计算；最后的“说明”页列出各表和各列的含义"
)
DATAPACKAGE_DESCRIPTION = "数据包说明（Frictionless Data Package）：各 CSV 的字段、类型、大小和校验值"

CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  margin: 2em auto; max-width: 56em; padding: 0 1.5em; line-height: 1.6; color: #222; }
h1 { font-size: 1.6em; margin: 0 0 .4em; }
h2 { font-size: 1.2em; margin: 1.6em 0 .5em; padding-bottom: .2em; border-bottom: 2px solid #d0d7de; }
a { color: #0b5cad; }
.lead { margin: 0 0 1em; }
.answers { margin: 0 0 1.2em; padding: .7em 1em .7em 2.2em; border-left: 4px solid #0b5cad;
  background: #f3f7fc; }
.answers li { margin: .3em 0; }
.answers .more { overflow-wrap: anywhere; }
.sections { margin: 0 0 1em; color: #555; }
.sections a { margin-right: .8em; }
ul.reports { list-style: none; padding: 0; margin: 0; }
ul.reports li { margin: 0 0 .8em; }
.title { font-weight: bold; }
.conclusion { color: #333; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .35em .6em; text-align: left; vertical-align: top; }
th { background: #f4f6f8; font-weight: bold; }
td.place { white-space: nowrap; width: 6em; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
td.params div { white-space: nowrap; }
.marker { display: inline-block; margin-left: .5em; padding: 0 .4em; border-radius: 3px; font-size: .85em;
  font-weight: bold; color: #fff; }
.marker.failed { background: #c62828; } .marker.stale, .marker.missing { background: #9a6700; }
.problem { margin: .3em 0 0; padding: .4em .7em; border-left: 3px solid #c62828; background: #fdf3f3;
  font-size: .92em; }
.problem.stale, .problem.missing { border-left-color: #9a6700; background: #fdf8ec; }
.reason { margin: .2em 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .95em; }
.problem.failed .reason, .status-failed .reason { font-family: monospace; font-weight: normal; }
td.status { min-width: 8em; max-width: 22em; }
td.report { min-width: 12em; } td.params { min-width: 14em; }
.alert { padding: .5em .8em; border: 1px solid #c62828; background: #fdf3f3; }
.note { color: #555; font-size: .92em; }
.status-ok { color: #1a7f37; } .status-failed { color: #c62828; font-weight: bold; }
.status-stale, .status-missing { color: #9a6700; }
footer { margin-top: 2.5em; padding-top: .6em; border-top: 1px solid #ddd; color: #555; font-size: .92em; }
/* A phone: a narrower margin, and a table marked cards shows each row as a card of labelled lines
   (its header row stays for screen readers, out of sight), so nothing is wider than the screen. */
@media (max-width: 600px) {
  body { margin: 1em auto; padding: 0 .9em; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: auto; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards tr { border-bottom: 1px solid #ddd; padding: .45em 0; }
  table.cards td { border: 0; padding: .1em 0; min-width: 0; max-width: none; text-align: left;
    white-space: normal; overflow-wrap: anywhere; }
  table.cards td[data-label]::before { content: attr(data-label) "："; color: #555; font-weight: normal; }
  table.cards td.params div { display: inline; white-space: normal; margin-right: .6em; }
}
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  .sections { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  li, tr, .problem { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .marker { color: #000; border: 1px solid #000; background: none !important; }
}
"""

BUILD_CSS = """
body { max-width: none; }
table { font-size: .92em; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { font-size: 9pt; } .back { display: none; } }
"""


@dataclass(frozen=True)
class IndexRow:
    """What the site says about one report of the set (the batch gathers it, see batch._index_row)."""

    spec: ReportSpec
    status: str  # ok | skipped | failed | stale | missing
    reason: str  # failed: the run's error; stale: what changed (runner.key.changed_parts)
    seconds: float
    newest_input: str  # ISO UTC time of the newest input the shown report was built from
    built_at: str  # ISO UTC
    html: str | None  # file names relative to the index
    ipynb: str | None
    failed_ipynb: str | None
    log: str | None
    conclusion: str | None = None  # from <slug>_files/manifest.json
    answer: str | None = None  # from the same manifest: a sentence for the top of the landing page


def manifest_path(out_dir: Path, slug: str) -> Path:
    """Where a report's downloads folder holds its manifest (the downloads contract)."""
    return ReportFiles(out_dir, slug).downloads / DOWNLOADS_MANIFEST


def read_conclusion(manifest: Path, key: str = "conclusion") -> str | None:
    """The manifest's one-line conclusion (or its ``answer``, with ``key="answer"``); None when the
    file, the key or a usable text is missing.

    The manifest belongs to one report: a broken one must cost that report its line, never the index.
    """
    value = read_json(manifest)
    text = value.get(key) if value is not None else None
    if not isinstance(text, str):
        return None
    return " ".join(text.split()) or None  # one line, whatever the notebook wrote


def beijing_time(iso_utc: str, *, zone_label: bool = True) -> str:
    """``2026-11-30T11:10:00Z`` → ``2026年11月30日 19:10（北京时间）``; "" for "", the text itself if
    it is no such time (a hand-edited record)."""
    if not iso_utc:
        return ""
    try:
        moment = datetime.strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return iso_utc
    local = moment.astimezone(BEIJING)
    text = f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    return f"{text}（北京时间）" if zone_label else text


def parameter_words(spec: ReportSpec) -> list[str]:
    """``county=通山县`` as ``县市区=通山县``; a path parameter as its file name, or 未提供 when empty."""
    words = []
    for name, value in spec.parameters.items():
        if name in spec.path_parameters:
            shown = Path(str(value)).name if str(value).strip() else NO_FILE
        else:
            shown = str(value)
        words.append(f"{PARAMETER_LABELS.get(name, name)}={shown}")
    return words


def stale_reason(changed: Iterable[str]) -> str:
    """The reason a report not rebuilt in this batch is out of date, from runner.key.changed_parts."""
    parts = [CHANGE_WORDS.get(part, part) for part in changed]
    return "自上次生成以来改动了：" + "、".join(parts)


# --- the data downloads -------------------------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    name: str
    description: str
    size: int


def data_files(out_dir: Path) -> list[DataFile]:
    """The files of reports/data/ the landing page links: the workbook, the CSVs in the schema's order
    (others after them), the data package."""
    folder = out_dir / DATA_DIR
    if not folder.is_dir():
        return []
    order = {f"{name}.csv": i for i, name in enumerate(TABLES)}
    csvs = sorted(
        (p for p in folder.glob("*.csv") if p.is_file()),
        key=lambda p: (order.get(p.name, len(order)), p.name),
    )
    files = []
    for path in [folder / facts.WORKBOOK_NAME, *csvs, folder / facts.DATAPACKAGE_NAME]:
        if path.is_file():
            files.append(DataFile(path.name, _describe_file(path.name), path.stat().st_size))
    return files


def _describe_file(name: str) -> str:
    if name == facts.WORKBOOK_NAME:
        return WORKBOOK_DESCRIPTION
    if name == facts.DATAPACKAGE_NAME:
        return DATAPACKAGE_DESCRIPTION
    table = name.removesuffix(".csv")
    if table in TABLES:
        return f"{TABLES[table].title}：{TABLE_DESCRIPTIONS.get(table, '')}".rstrip("：")
    return ""


def size_text(size: int) -> str:
    """File sizes as a reader expects them: 1 KB (the least shown), 35 KB, 1.2 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def publish_data(processed: Path, out_dir: Path) -> list[str]:
    """Copy data/processed's workbook, CSVs and data package into ``out_dir``/data/, so reports/ can be
    handed over on its own; returns the names written.

    A file is rewritten only when its bytes differ (atomically, like every other output), and a
    table copied earlier that no longer exists in ``processed`` is removed, so datapackage.json
    always describes exactly the tables beside it. The names copied are kept in ``.published``: a
    file the batch did not copy is never removed.
    """
    target = out_dir / DATA_DIR
    sources = {p.name: p for p in _published(processed)}
    if not sources and not target.is_dir():
        return []
    target.mkdir(parents=True, exist_ok=True)
    earlier = (read_json(target / PUBLISHED) or {}).get("files", [])
    written = _write_changed(
        target, reader_files({name: source.read_bytes() for name, source in sources.items()})
    )
    for name in earlier:
        if name not in sources:
            (target / name).unlink(missing_ok=True)
    write_atomic(target / PUBLISHED, json.dumps({"files": sorted(sources)}, ensure_ascii=False))
    return written


def _write_changed(target: Path, contents: dict[str, bytes]) -> list[str]:
    """Write each file of ``contents`` into ``target`` whose bytes there differ; the names written.

    datapackage.json last: until it is replaced it describes the CSVs as they were, and a copy
    stopped half way leaves at worst some CSVs newer than their description, never the reverse.
    """
    written = []
    for name in sorted(contents, key=lambda name: (name == facts.DATAPACKAGE_NAME, name)):
        data, copy = contents[name], target / name
        if copy.is_file() and copy.stat().st_size == len(data) and copy.read_bytes() == data:
            continue
        write_atomic(copy, data)
        written.append(name)
    return written


# --- the tables as readers open them: Chinese headers and words, machine names in the package ---------

MACHINE_NAME = "xnplan:name"  # a field's name in data/processed, kept in the published package


def reader_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """data/processed's files as ``reports/data/`` publishes them: every CSV the data package describes
    with its Chinese column titles as headers and check statuses in Chinese (一致/不一致/存疑), and a
    data package that describes those files (fields named by their titles, the machine name kept as
    ``xnplan:name``, keys, enums, sizes and hashes to match), so it validates against them. Without a
    data package, with one that is not a JSON object or describes none of the CSVs, the files are
    published as they are."""
    out = dict(files)
    try:
        package = json.loads(files.get(facts.DATAPACKAGE_NAME, b""))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return out
    if not isinstance(package, dict):
        return out
    titles = {r["name"]: _titles(r) for r in package.get("resources", [])}
    described = [r for r in package.get("resources", []) if r.get("path") in files]
    if not described:
        return out
    for resource in described:
        path = resource["path"]
        out[path] = _reader_csv(files[path], resource)
        _rename_fields(resource, titles)
        resource["bytes"] = len(out[path])
        resource["hash"] = "sha256:" + hashlib.sha256(out[path]).hexdigest()
        integrity = package.get("integrity", {}).get("files", {})
        if path in integrity:
            integrity[path] = hashlib.sha256(out[path]).hexdigest()
    out[facts.DATAPACKAGE_NAME] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return out


def _titles(resource: dict) -> dict[str, str]:
    """Machine name → the header readers see (the field's Chinese title, else its name)."""
    return {f["name"]: f.get("title") or f["name"] for f in resource.get("schema", {}).get("fields", [])}


def _status_field(field: dict) -> bool:
    enum = field.get("constraints", {}).get("enum")
    return bool(enum) and set(enum) <= set(facts.CHECK_STATUS_WORDS)


def _reader_csv(data: bytes, resource: dict) -> bytes:
    """The CSV with Chinese headers and status words, written again by the one CSV writer; every
    other cell keeps its text (read raw, so the writer's formula guard is applied once)."""
    import pandas as pd

    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding=CSV_ENCODING)
    frame = frame.rename(columns=csv_raw).map(csv_raw)
    for field in resource.get("schema", {}).get("fields", []):
        if _status_field(field) and field["name"] in frame.columns:
            frame[field["name"]] = frame[field["name"]].map(lambda v: facts.CHECK_STATUS_WORDS.get(v, v))
    return csv_bytes(frame.rename(columns=_titles(resource)))


def _rename_fields(resource: dict, titles: dict[str, dict[str, str]]) -> None:
    """Fields, keys and references by the names of the published headers."""
    schema = resource.get("schema", {})
    own = titles[resource["name"]]
    for field in schema.get("fields", []):
        field[MACHINE_NAME] = field["name"]
        field["name"] = own[field["name"]]
        if _status_field(field):
            field["constraints"]["enum"] = [facts.CHECK_STATUS_WORDS[v] for v in field["constraints"]["enum"]]
    _rename_keys(schema, resource["name"], titles)


def _rename_keys(schema: dict, name: str, titles: dict[str, dict[str, str]]) -> None:
    """The primary key and the foreign keys (and the fields they refer to) by their published headers."""
    own = titles[name]
    if "primaryKey" in schema:
        keys = schema["primaryKey"]
        schema["primaryKey"] = [own[k] for k in keys] if isinstance(keys, list) else own[keys]
    for key in schema.get("foreignKeys", []):
        key["fields"] = [own[f] for f in _as_list(key["fields"])]
        reference = key["reference"]
        other = titles.get(reference.get("resource") or name, own)
        reference["fields"] = [other[f] for f in _as_list(reference["fields"])]


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _published(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    candidates = [folder / facts.WORKBOOK_NAME, *folder.glob("*.csv"), folder / facts.DATAPACKAGE_NAME]
    return [p for p in candidates if p.is_file()]


# --- the landing page ---------------------------------------------------------------------------

INTRO = (
    f"这里是对《{facts.PLAN_TITLE}》的分析报告，全部由规划原文自动生成，"
    "每个数字都可以追溯到原文。内容有三部分：规划本身（主要指标、量化目标和“十三五”完成情况）；"
    "附件2项目库（投资按大类、县市区和乡镇的分布，每个县市区一份报告）；"
    f"{facts.MIDTERM_YEAR}年{facts.MIDTERM}和{facts.FINAL_YEAR}年{facts.FINAL}的指标目标差距。数据质量报告列出原文中前后对不上的数字。"
    "报告中的每张表和图都可以下载，报告所用的数据表见“数据下载”。"
)


def _link(href: str | None, text: str) -> str:
    if not href:
        return escape(text)
    return f'<a href="{escape(quote(href))}">{escape(text)}</a>'


def _marker(row: IndexRow) -> str:
    if row.status not in PROBLEMS:
        return ""
    css, label = RUN_STATUS_LABELS[row.status]
    return f' <span class="marker {css}">{escape(label)}</span>'


def _what_happened(row: IndexRow) -> str:
    """A report that is not current, in one sentence: failed, stale (and what changed) or missing."""
    if row.status == "failed":
        return "本次生成失败，上面链接的是上次成功生成的版本。" if row.html else "本次生成失败。"
    if row.status == "stale":
        return f"本次没有重建，链接的版本不是用当前的数据和程序生成的（{row.reason}）。"
    return "报告尚未生成（运行 xnplan reports 生成）。"


def _failure_links(row: IndexRow) -> str:
    """The files that show why a run failed: the failed notebook and the log."""
    links = (
        _link(row.failed_ipynb, "出错的 notebook") if row.failed_ipynb else "",
        _link(row.log, "日志") if row.log and row.status == "failed" else "",
    )
    return " · ".join(x for x in links if x)


def _problem(row: IndexRow) -> str:
    """The box under a report that is not current: what happened, the reason, the files to look at."""
    if row.status not in PROBLEMS:
        return ""
    failed_reason = row.status == "failed" and row.reason
    reason = f'<div class="reason">{escape(row.reason)}</div>' if failed_reason else ""
    links = _failure_links(row)
    return (
        f'<div class="problem {row.status}">{escape(_what_happened(row))}{reason}'
        + (f"<div>{links}</div>" if links else "")
        + "</div>"
    )


def _conclusion(row: IndexRow, drop_prefix: str = "") -> str:
    text = row.conclusion or ""
    # In the county table the first column names the county; "通山县：…" would say it twice.
    if drop_prefix and text.startswith(drop_prefix + "："):
        text = text[len(drop_prefix) + 1 :]
    return escape(text)


def _report_list(rows: list[IndexRow]) -> str:
    items = []
    for row in rows:
        conclusion = _conclusion(row)
        line = f'<div class="conclusion">{conclusion}</div>' if conclusion else ""
        items.append(
            f'<li><span class="title">{_link(row.html, row.spec.title)}</span>{_marker(row)}'
            f"{line}{_problem(row)}</li>"
        )
    return '<ul class="reports">\n' + "\n".join(items) + "\n</ul>"


def _county_table(rows: list[IndexRow]) -> str:
    """县市区 · 结论: one row per county report, named by its county."""
    body = []
    for row in rows:
        place = str(row.spec.parameters.get("county", row.spec.title))
        body.append(
            f'<tr><td class="place">{_link(row.html, place)}</td>'
            f"<td>{_conclusion(row, place)}{_marker(row)}{_problem(row)}</td></tr>"
        )
    return (
        "<table>\n<thead><tr><th>县市区</th><th>项目库中的项目</th></tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>"
    )


def _downloads(files: list[DataFile]) -> str:
    if not files:
        return '<p class="note">数据表尚未生成：先运行 xnplan build，再运行 xnplan reports。</p>'
    body = "\n".join(
        f'<tr><td class="nowrap">{_link(f"{DATA_DIR}/{f.name}", f.name)}</td><td>{escape(f.description)}</td>'
        f'<td class="num" data-label="大小">{escape(size_text(f.size))}</td></tr>'
        for f in files
    )
    return (
        "<p>规划原文解析出的数据表，报告中的数字都由它们算出。CSV 为 UTF-8 编码（带 BOM），"
        "可直接用 Excel 打开；各列的含义见工作簿的“说明”页和数据包说明。</p>\n"
        '<table class="cards">\n<thead><tr><th>文件</th><th>内容</th><th class="num">大小</th></tr></thead>\n'
        "<tbody>\n"
        f"{body}\n</tbody>\n</table>"
    )


def _page(title: str, css: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{css}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def _groups(rows: list[IndexRow]) -> list[tuple[str, list[IndexRow]]]:
    return [
        (group, [r for r in rows if r.spec.group == group]) for group in group_order(r.spec for r in rows)
    ]


def _answers(rows: list[IndexRow]) -> str:
    """The answers the reports give to the readers' questions (which county lags, what is wrong in the
    plan, what the assessment says), each with a link to the report it comes from, in the report
    set's order; nothing when no report gives one."""
    items = [
        f'<li>{escape(row.answer)} <span class="more">{_link(row.html, "详见" + _short_title(row))}'
        "</span></li>"
        for row in rows
        if row.answer
    ]
    if not items:
        return ""
    return '<ol class="answers" aria-label="要点">\n' + "\n".join(items) + "\n</ol>"


def _short_title(row: IndexRow) -> str:
    """A report's title up to its colon: 县市区对比, 数据质量, 2025年总结评估."""
    return row.spec.title.split("：")[0]


def render_index(rows: list[IndexRow], files: list[DataFile], generated_at: str) -> str:
    """The landing page; ``generated_at`` is ISO UTC."""
    groups = _groups(rows)
    anchors = [(f"g{i + 1}", group) for i, (group, _) in enumerate(groups)] + [("downloads", "数据下载")]
    parts = [
        f"<h1>{escape(SITE_TITLE)}</h1>",
        _answers(rows),
        f'<p class="lead">{escape(INTRO)}</p>',
        '<p class="sections">' + "".join(f'<a href="#{a}">{escape(t)}</a>' for a, t in anchors) + "</p>",
    ]
    problems = [r for r in rows if r.status in PROBLEMS]
    if problems:
        parts.append(
            f'<p class="alert">{len(rows)} 份报告中有 {len(problems)} 份不是最新的'
            "（失败、已过期或尚未生成），已在下面标出。</p>"
        )
    for (anchor, group), (_, members) in zip(anchors, groups, strict=False):
        table = _county_table(members) if group == COUNTIES_GROUP else _report_list(members)
        parts.append(f'<section id="{anchor}">\n<h2>{escape(group)}</h2>\n{table}\n</section>')
    parts.append(f'<section id="downloads">\n<h2>数据下载</h2>\n{_downloads(files)}\n</section>')
    parts.append(
        f"<footer>本页生成于 {escape(beijing_time(generated_at))}。"
        f"各报告的生成状态、时间和输入见{_link(facts.BUILD_PAGE, '生成详情')}。</footer>"
    )
    return _page(SITE_TITLE, CSS, "\n".join(parts))


# --- build details ------------------------------------------------------------------------------


def _time_cell(iso_utc: str) -> str:
    return escape(beijing_time(iso_utc, zone_label=False)) or facts.DASH


def _file_links(row: IndexRow) -> str:
    """The files a build left beside its page: the notebook, the failed run's notebook, the log."""
    links = (
        _link(row.ipynb, "notebook") if row.ipynb else "",
        _link(row.failed_ipynb, "出错的 notebook") if row.failed_ipynb else "",
        _link(row.log, "日志") if row.log else "",
    )
    return " · ".join(x for x in links if x)


def _build_row(row: IndexRow) -> str:
    """One report's row of build.html."""
    css, label = RUN_STATUS_LABELS.get(row.status, ("missing", row.status))
    reason = f'<div class="reason">{escape(row.reason)}</div>' if row.reason else ""
    params = "".join(f"<div>{escape(w)}</div>" for w in parameter_words(row.spec)) or facts.DASH
    # After a failure the HTML on disk is the last good build, which must not pass for this one.
    failed_with_html = row.status == "failed" and row.html
    last_good = '<div class="note">链接为上次成功的版本</div>' if failed_with_html else ""
    seconds = f"{row.seconds:.1f}" if row.built_at or row.status == "failed" else facts.DASH
    return (
        f'<tr><td class="report">{_link(row.html, row.spec.title)}{last_good}</td>'
        f'<td class="params" data-label="参数">{params}</td>'
        f'<td class="status status-{css}" data-label="状态">{escape(label)}{reason}</td>'
        f'<td class="nowrap" data-label="生成时间">{_time_cell(row.built_at)}</td>'
        f'<td class="num" data-label="用时（秒）">{seconds}</td>'
        f'<td class="nowrap" data-label="最新输入">{_time_cell(row.newest_input)}</td>'
        f'<td class="nowrap" data-label="文件">{_file_links(row)}</td></tr>'
    )


def _status_tally(rows: list[IndexRow]) -> str:
    """How many reports have each status, in the labels' order: 已生成 3 份，失败 1 份."""
    counts = [
        (label, sum(1 for r in rows if r.status == status))
        for status, (_, label) in RUN_STATUS_LABELS.items()
    ]
    return "，".join(f"{label} {n} 份" for label, n in counts if n)


def render_build(rows: list[IndexRow], generated_at: str) -> str:
    """build.html: per report its status, build time, seconds, parameters, newest input, files."""
    body = [_build_row(row) for row in rows]
    tally = _status_tally(rows)
    parts = [
        f'<p class="back"><a href="{LANDING_PAGE}">← 返回报告首页</a></p>',
        "<h1>报告生成详情</h1>",
        f"<p>共 {len(rows)} 份报告：{escape(tally)}。本页生成于 {escape(beijing_time(generated_at))}。</p>",
        '<table class="cards">\n<thead><tr><th>报告</th><th>参数</th>'
        "<th>状态</th><th>生成时间（北京时间）</th>"
        '<th class="num">用时（秒）</th><th>最新输入的修改时间（北京时间）</th><th>文件</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>",
        '<p class="note">状态“最新（未重跑）”：报告的 notebook、参数、输入数据和程序都没有变，'
        "沿用上次生成的结果。用时：执行 notebook 并导出 HTML 的秒数。最新输入的修改时间：报告读取的"
        "输入文件（规划原文、处理后的数据表、评估观测值）中最后修改的那一个的时间；"
        "输入文件的清单和校验值在各报告的 .key.json 中。</p>",
    ]
    return _page(f"报告生成详情 · {SITE_TITLE}", CSS + BUILD_CSS, "\n".join(parts))


def write_index(out_dir: Path, rows: list[IndexRow]) -> Path:
    """Write build.html and index.html (the landing page, returned)."""
    now = iso_utc(time.time())
    write_atomic(out_dir / facts.BUILD_PAGE, render_build(rows, now))
    return write_atomic(out_dir / LANDING_PAGE, render_index(rows, data_files(out_dir), now))
