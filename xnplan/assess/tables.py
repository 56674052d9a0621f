"""The assessment's tables, each computed once as typed rows and shown two ways.

A table here is a list of row dicts of typed values (numbers as numbers). :func:`sheet` lays it out
for Excel (:mod:`xnplan.spreadsheet`: every figure a number with its format) and :func:`document_table`
for the Word document and the HTML page (:mod:`xnplan.assess.document`: cells as text, a missing
figure as 无数据 or —). Both read the same rows, so the three deliverables cannot disagree.

A row of the measures' and the tasks' tables also carries the flag :data:`NO_DATA`, which is no column:
True when the row says only that there is no data. A page on sparse data leaves such rows out
(:mod:`xnplan.report.target_gap`); the Word document and the workbook keep every row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from xnplan import facts, spreadsheet
from xnplan.assess import document as doc
from xnplan.assess import gap, inputs, wording
from xnplan.assess.assessment import Assessment
from xnplan.assess.projects import BREAKDOWNS, ProjectProgress
from xnplan.numbers import has_value, number_text

# A line break before a figure's year in a narrow cell: "≥100\n（2025年）" never splits the figure.
BREAK = "\n"
MAIN = "十四五主要指标"
PROSE = "正文目标"
WITHOUT_TARGET = "十三五指标(十四五未设目标)"
# The row flag (not a column) of a measure without any value, or of a task whose quantified targets are
# all 无法评估 (never an evaluator's word: inputs accepts only judged classes as judgements): the row
# says only that there is no data.
NO_DATA = "no_data"
TASK_TARGETS = "targets"  # a task's quantified targets with their 评价: "目标：评价；目标：评价"


@dataclass(frozen=True)
class Field:
    """One column: its key in the rows, its header (with unit), how Excel stores it and how the
    document writes it (``text``: value → cell text; None leaves the column out of the document)."""

    key: str
    header: str
    kind: str = "text"
    decimals: int | None = None
    editable: bool = False
    text: Callable[[dict], str] | None = None
    width_mm: float = 15
    align: str = "center"


@dataclass(frozen=True)
class DataTable:
    name: str  # the sheet name (≤ 31 characters)
    title: str  # the caption
    fields: tuple[Field, ...]
    rows: list[dict]
    note: str = ""


def sheet(table: DataTable) -> spreadsheet.Sheet:
    frame = pd.DataFrame(table.rows, columns=[f.key for f in table.fields])
    columns = {f.key: spreadsheet.Column(f.header, f.kind, f.decimals, f.editable) for f in table.fields}
    return spreadsheet.Sheet(
        table.name,
        frame,
        columns,
        title=table.title,
        notes=(table.note,) if table.note else (),
        frozen_columns=2,
    )


def document_table(table: DataTable) -> doc.Table:
    shown = [f for f in table.fields if f.text is not None]
    rows = tuple(tuple(_cell(f, row) for f in shown) for row in table.rows)
    return doc.Table(
        table.title,
        tuple(f.header for f in shown),
        rows,
        widths_mm=tuple(f.width_mm for f in shown),
        align=tuple(f.align for f in shown),
        note=table.note,
        small=len(shown) > SMALL_FROM_COLUMNS,
    )


# A table of more columns than this is set in 小五 (9 pt) in the Word document.
SMALL_FROM_COLUMNS = 9


def _cell(f: Field, row: dict) -> doc.Cell:
    assert f.text is not None
    text = f.text(row)
    if f.editable and not text:
        return doc.Text(facts.TO_FILL, placeholder=True)
    return text


def _value(key: str, missing: str = facts.DASH) -> Callable[[dict], str]:
    return lambda row: number_text(row[key]) if has_value(row.get(key)) else missing


def _fixed(key: str, decimals: int = 1) -> Callable[[dict], str]:
    return lambda row: f"{row[key]:.{decimals}f}" if has_value(row.get(key)) else facts.DASH


def _plain(key: str) -> Callable[[dict], str]:
    return lambda row: "" if not has_value(row.get(key)) else str(row[key])


def _pct(value: float | None) -> float | None:
    return None if value is None or not has_value(value) else float(value) * 100


# --- indicators and targets ------------------------------------------------------------------------


def _restated_by(a: Assessment) -> dict[str, list[str]]:
    """measure id → where in the plan the items restating it are (each place once)."""
    rows = a.scope_rows
    out: dict[str, list[str]] = {}
    for item in rows[rows["item_id"] != rows["measure_id"]].to_dict("records"):
        places = out.setdefault(item["measure_id"], [])
        if item["place"] not in places:
            places.append(item["place"])
    return out


def judged_rows(a: Assessment, kinds: Sequence[str]) -> list[dict]:
    """One row per measure of ``kinds`` at the scope, with everything the tables show."""
    restated = _restated_by(a)
    rows = []
    measures = a.measures[a.measures["kind"].isin(kinds)]
    for n, r in enumerate(measures.to_dict("records"), start=1):
        notes = [wording.notes(r), wording.pace_note(r)]
        if restated.get(r["item_id"]):
            notes.append("同" + "、".join(restated[r["item_id"]]) + "的目标，合并评估")
        rows.append(
            {
                "no": n,
                "item_id": r["item_id"],
                "where": r["place"],
                "name": r["name"],
                "unit": r["unit"],
                "attribute": r["attribute"] or facts.DASH,
                "baseline": r["baseline"],
                "baseline_year": r["baseline_year"],
                "baseline_text": wording.baseline_cell(r),
                "target": r["target"],
                "target_year": r["deadline_year"],
                "target_text": wording.target_text(r, unit=False, sep=BREAK),
                "observed": r["observed"],
                "observed_year": r["observed_year"],
                "observed_text": wording.observed_cell(r, BREAK),
                "share_pct": _pct(r["share"]),
                "share_text": share_text(r),
                "tau_pct": _tau_pct(r),
                "ratio": r["ratio"],
                "verdict": wording.verdict_label(r),
                "judgement": f"{r['judgement']}（{r['judgement_reason']}）" if r["judgement"] else "",
                "projection": r["projection"] or facts.DASH,
                "responsible": r["responsible"],
                "notes": "；".join(p for p in notes if p),
                NO_DATA: wording.nothing_observed(r),
            }
        )
    return rows


def share_text(r: dict) -> str:
    """完成进度 as the document writes it: words where the figure measures nothing
    (:func:`xnplan.assess.wording.pace_words`), else one decimal."""
    return wording.pace_words(r) or (
        wording.one_decimal(r["share"] * 100) if has_value(r["share"]) else facts.DASH
    )


def _tau_pct(r: dict) -> float | None:
    """τ of the row, or, without an observation, the time elapsed by the assessment year (in %)."""
    if has_value(r["tau"]):
        return r["tau"] * 100
    if not has_value(r["target"]):
        return None
    deadline = int(r["deadline_year"])
    return gap.time_elapsed(min(r["assessment_year"], deadline), facts.BASE_YEAR, deadline) * 100


def completion_table(a: Assessment, kinds: Sequence[str], name: str, title: str) -> DataTable:
    """主要指标完成情况表 (and the same for the prose targets): one row per measure.

    属性 has its own column only where the rows differ in it (all 12 main indicators are 约束性: the
    note says so).
    """
    final = a.edition.final
    prose = MAIN not in kinds
    rows = judged_rows(a, kinds)
    attributes = {r["attribute"] for r in rows}
    fields = [
        Field("no", "序号", "integer", text=_plain("no"), width_mm=8),
        Field("item_id", "编号", text=None),
        *([Field("where", "规划出处", text=_plain("where"), width_mm=22, align="left")] if prose else []),
        Field("name", "指标名称", text=_plain("name"), width_mm=26 if prose else 32, align="left"),
        Field("unit", "单位", text=_plain("unit"), width_mm=9),
        *(
            [Field("attribute", "属性", text=_plain("attribute"), width_mm=12)]
            if len(attributes) > 1
            else [Field("attribute", "属性", text=None)]
        ),
        Field("baseline", "基期值", "decimal", text=lambda r: r["baseline_text"], width_mm=19),
        Field("baseline_year", "基期年份", "integer", text=None),
        Field("target", "目标值", "decimal", text=lambda r: r["target_text"], width_mm=19),
        Field("target_year", "目标年份", "integer", text=None),
        Field("observed", "现状值", "decimal", text=lambda r: r["observed_text"], width_mm=19),
        Field("observed_year", "现状值年份", "integer", text=None),
        Field("share_pct", "完成进度(%)", "percent", 1, text=lambda r: r["share_text"], width_mm=12),
        Field("tau_pct", "时间进度(%)", "percent", 1, text=_fixed("tau_pct"), width_mm=12),
        Field("ratio", "进度比R", "decimal", 2, text=None),
        Field("verdict", "评价", text=_plain("verdict"), width_mm=18),
        Field("judgement", "评估人判断", text=_plain("judgement"), width_mm=18, align="left"),
        *(
            []
            if final
            else [Field("projection", "预计目标年完成情况", text=_plain("projection"), width_mm=15)]
        ),
        Field("responsible", "责任单位", editable=True, text=_plain("responsible"), width_mm=14),
        Field(
            "notes", "说明", editable=True, text=_plain("notes"), width_mm=24 if prose else 32, align="left"
        ),
    ]
    note = (
        "完成进度 =（现状值 − 基期值）/（目标值 − 基期值）；"
        "时间进度 =（现状值年份 − 基期年份）/（目标年份 − 基期年份），目标年份已过的为100%。"
    )
    if len(attributes) == 1 and not prose:
        note = f"各项均为{attributes.pop()}指标。" + note
    return DataTable(name, title, tuple(fields), rows, note)


def without_target_table(a: Assessment) -> DataTable:
    """The measures the 14th plan carries on without a number: their change since 2020, per geography."""
    rows = []
    frame = pd.concat([a.scope_rows, a.counties()])
    frame = frame[frame["kind"] == WITHOUT_TARGET]
    for r in frame.to_dict("records"):
        comparable = has_value(r["observed"]) and has_value(r["baseline"])
        change = r["observed"] - r["baseline"] if comparable else None
        change_pct = change / r["baseline"] * 100 if change is not None and r["baseline"] else None
        rows.append(
            {
                "geography": r["geography"],
                "name": r["name"],
                "unit": r["unit"],
                "baseline": r["baseline"],
                "observed": r["observed"],
                "observed_year": r["observed_year"],
                "observed_text": wording.observed_cell(r, BREAK),
                "change": change,
                "change_pct": change_pct,
                "annual_growth_pct": _pct(r["annual_growth"]),
                "notes": wording.notes(r),
                NO_DATA: wording.nothing_observed(r),
            }
        )
    fields = (
        Field("geography", "地域", text=_plain("geography"), width_mm=16),
        Field("name", "指标名称", text=_plain("name"), width_mm=44, align="left"),
        Field("unit", "单位", text=_plain("unit"), width_mm=12),
        Field("baseline", "2020年全市值", "decimal", text=_value("baseline", "规划未给出"), width_mm=18),
        Field("observed", "现状值", "decimal", text=lambda r: r["observed_text"], width_mm=22),
        Field("observed_year", "现状值年份", "integer", text=None),
        Field("change", "较2020年变化", "decimal", text=lambda r: wording_difference(r), width_mm=20),
        Field("change_pct", "变化(%)", "percent", 1, text=_fixed("change_pct"), width_mm=14),
        Field(
            "annual_growth_pct", "年均增长(%)", "percent", 2, text=_fixed("annual_growth_pct", 2), width_mm=16
        ),
        Field("notes", "说明", text=_plain("notes"), width_mm=40, align="left"),
    )
    return DataTable(
        "未设目标的指标",
        "“十四五”未设目标的指标较2020年的变化",
        fields,
        rows,
        "规划只给出2020年全市值；县市区的值与全市值比较，仅供参考，不加总为全市数。",
    )


def wording_difference(row: dict) -> str:
    if not has_value(row.get("change")):
        return facts.DASH
    sign = "+" if row["change"] > 0 else ("−" if row["change"] < 0 else "")
    return f"{sign}{number_text(abs(row['change']))}"


def series_table(a: Assessment) -> DataTable:
    """The values given for each measure at the scope, 2020 (base) to the assessment year."""
    series = a.series()
    names = a.measures.set_index("item_id")
    years = [y for y in range(facts.BASE_YEAR, a.edition.year + 1)]
    rows = []
    for r in series.to_dict("records"):
        item = names.loc[r["item_id"]]
        given = [y for y in years if has_value(r.get(y))]
        row = {
            "item_id": r["item_id"],
            "name": item["name"],
            "unit": item["unit"],
            **{str(y): r.get(y) for y in years},
            "latest": wording.stale_note(max(given)) if given and max(given) < a.edition.year else "",
        }
        rows.append(row)
    fields = (
        Field("item_id", "编号", text=None),
        Field("name", "指标名称", text=_plain("name"), width_mm=60, align="left"),
        Field("unit", "单位", text=_plain("unit"), width_mm=12),
        *(
            Field(
                str(y),
                f"{y}年" + ("(基期)" if y == facts.BASE_YEAR else ""),
                "decimal",
                text=_value(str(y), ""),
                width_mm=16,
            )
            for y in years
        ),
        Field("latest", "说明", text=_plain("latest"), width_mm=28),
    )
    title = f"{facts.BASE_YEAR}—{a.edition.year}年各年数据（{a.edition.scope}）"
    return DataTable("各年数据", title, fields, rows, "只列评估人提供了数值的年份；空白为未提供。")


# --- 主要任务推进情况 -------------------------------------------------------------------------------------

TASK_ID = re.compile(r"^(C[3-6]\.\d+|B\d+)$")  # a section of 第三章–第六章, or a 专栏


def tasks_table(a: Assessment) -> DataTable:
    """The plan's tasks (sections and 专栏 of 第三章–第六章) with their quantified targets' results;
    责任单位, 进展情况 and 评价 for the evaluator."""
    # Records, not frames: a few hundred small lookups, each cheap in Python and slow as a pandas filter.
    outline = a.plan.outline.to_dict("records")
    measures = a.measures.merge(a.catalogue[["item_id", "source_line"]], on="item_id").to_dict("records")
    tasks = [e for e in outline if TASK_ID.match(e["outline_id"])]
    rows = [_task_row(n, t, outline, measures) for n, t in enumerate(tasks, start=1)]
    fields = (
        Field("no", "序号", "integer", text=_plain("no"), width_mm=8),
        Field("task", "主要任务（规划章节、专栏）", text=_plain("task"), width_mm=50, align="left"),
        Field("page", "页码", text=_plain("page"), width_mm=10),
        Field(TASK_TARGETS, "其中量化目标的评价", text=_plain(TASK_TARGETS), width_mm=62, align="left"),
        Field("responsible", "责任单位", editable=True, text=_plain("responsible"), width_mm=22),
        Field("progress", "进展情况", editable=True, text=_plain("progress"), width_mm=53, align="left"),
        Field("rating", "评价", editable=True, text=_plain("rating"), width_mm=20),
    )
    return DataTable("主要任务推进情况", "主要任务推进情况表", fields, rows, "量化目标的评价由评估计算得出。")


def _task_row(n: int, task: dict, outline: list[dict], measures: list[dict]) -> dict:
    """The row of the ``n``-th task: its label, page and the 评价 of the targets it holds."""
    inside = _targets_of(task, outline, measures)
    chapter = "" if task["level"] == "box" else _chapter(outline, task)
    return {
        "no": n,
        "task": f"{chapter}{task['label']}{task['title']}",
        "page": _page(outline, task),
        TASK_TARGETS: "；".join(f"{r['name']}：{wording.verdict_label(r)}" for r in inside),
        "responsible": "",
        "progress": "",
        "rating": "",
        NO_DATA: bool(inside) and all(m["verdict"] == facts.NO_ASSESSMENT for m in inside),
    }


def _targets_of(task: dict, outline: list[dict], measures: list[dict]) -> list[dict]:
    """The measures stated within the task's lines, less those of a 专栏 inside a section."""
    boxed = _box_lines(outline, task) if task["level"] == "section" else set()
    first, last = task["source_line"], task["line_end"]
    return [m for m in measures if first <= m["source_line"] <= last and m["source_line"] not in boxed]


def _box_lines(outline: list[dict], section: dict) -> set[int]:
    """Lines of the 专栏 inside a section: their targets belong to the 专栏's row."""
    return {
        line
        for b in outline
        if b["level"] == "box" and section["source_line"] <= b["source_line"] <= section["line_end"]
        for line in range(b["source_line"], b["line_end"] + 1)
    }


def _chapter(outline: list[dict], entry: dict) -> str:
    chapter_id = entry["outline_id"].split(".")[0]
    return next((f"{e['label']} " for e in outline if e["outline_id"] == chapter_id), "")


def _page(outline: list[dict], entry: dict) -> str:
    if has_value(entry["toc_page"]):
        return str(int(entry["toc_page"]))
    earlier = [e["toc_page"] for e in outline if e["source_line"] < entry["source_line"]]
    printed = [page for page in earlier if has_value(page)]
    return str(int(printed[-1])) if printed else ""


# --- projects -----------------------------------------------------------------------------------------


def rates_table(progress: ProjectProgress, by: str) -> DataTable:
    """Project progress by county, category or implementer type, rates over what was reported."""
    label = BREAKDOWNS[by]
    rows = []
    for r in progress.by[by].to_dict("records"):
        silent = r["not_reported"]
        rows.append({**r, "verdict": facts.NOT_REPORTED if silent else time_verdict(r["gap_pp"])})
    fields = (
        Field("group", label, text=_plain("group"), width_mm=38, align="left"),
        Field("lines", "计划项目(行)", "count", text=_plain("lines"), width_mm=15),
        Field(
            "lines_wan", "计划投资(万元)", "money", 2, text=lambda r: number_text(r["lines_wan"]), width_mm=22
        ),
        Field("reported", "报送(行)", "count", text=_plain("reported"), width_mm=13),
        Field("reported_pct", "报送率(%)", "percent", 1, text=_rate("reported_pct"), width_mm=13),
        Field("cancelled", "取消(行)", "count", text=_plain("cancelled"), width_mm=12),
        Field("counted", "纳入计算(行)", "count", text=None),
        Field("started", "已开工(行)", "count", text=_plain("started"), width_mm=13),
        Field("completed", "已建成(行)", "count", text=_plain("completed"), width_mm=13),
        Field("start_pct", "开工率(%)", "percent", 1, text=_rate("start_pct"), width_mm=13),
        Field("complete_pct", "完工率(%)", "percent", 1, text=_rate("complete_pct"), width_mm=13),
        Field(
            "invested_wan",
            "完成投资(万元)",
            "money",
            2,
            text=lambda r: number_text(r["invested_wan"]),
            width_mm=20,
        ),
        Field("invest_pct", "投资完成率(%)", "percent", 1, text=_rate("invest_pct"), width_mm=14),
        Field("time_pct", "时间进度(%)", "percent", 1, text=_rate("time_pct"), width_mm=13),
        Field("gap_pp", "与时间进度差(百分点)", "decimal", 1, text=_rate("gap_pp"), width_mm=16),
        Field("verdict", "判断", text=_plain("verdict"), width_mm=24),
    )
    return DataTable(
        f"重大项目分{label}"[:31],
        f"重大项目推进情况（分{label}）",
        fields,
        rows,
        "开工率、完工率、投资完成率以报送且未取消的项目为分母；未报送的记为“未报送”，不计算比率。",
    )


def _rate(key: str) -> Callable[[dict], str]:
    """A rate as the table writes it: one decimal, or 未报送 for a group that reported nothing (its
    报送率 is 0.0 all the same)."""

    def text(row: dict) -> str:
        if row["not_reported"] and key != "reported_pct":
            return facts.NOT_REPORTED
        return _fixed(key)(row)

    return text


def time_verdict(gap_pp: float) -> str:
    if not has_value(gap_pp):
        return facts.DASH
    if round(gap_pp, 1) > 0:
        return f"快于时间进度{wording.one_decimal(gap_pp)}个百分点"
    if round(gap_pp, 1) < 0:
        return f"慢于时间进度{wording.one_decimal(-gap_pp)}个百分点"
    return "与时间进度持平"


# A line without a reported status reads 未报送
STATUS_LABELS = {**inputs.PROJECT_STATUS_LABELS, "": facts.NOT_REPORTED}


def lines_table(lines: pd.DataFrame, name: str, title: str, note: str = "") -> DataTable:
    """Project lines with their reported status (续建, 取消 … lists)."""
    rows = [
        {
            "project_id": r["project_id"],
            "county": r["county"],
            "category": r["category"],
            "name": r["name"],
            "investment_wan": r["investment_wan"],
            "status": STATUS_LABELS[r["status"]],
            "invested_wan": r["invested_wan"],
            "responsible": r["responsible"],
        }
        for r in lines.to_dict("records")
    ]
    fields = (
        Field("project_id", "项目编号", text=None),
        Field("county", "县市区", text=_plain("county"), width_mm=16),
        Field("category", "大类", text=_plain("category"), width_mm=40, align="left"),
        Field("name", "项目名称", text=_plain("name"), width_mm=80, align="left"),
        Field(
            "investment_wan",
            "估算总投资(万元)",
            "money",
            2,
            text=_value("investment_wan"),
            width_mm=22,
            align="right",
        ),
        Field("status", "实施状态", text=_plain("status"), width_mm=16),
        Field(
            "invested_wan",
            "完成投资(万元)",
            "money",
            2,
            text=_value("invested_wan"),
            width_mm=20,
            align="right",
        ),
        Field("responsible", "责任单位", editable=True, text=_plain("responsible"), width_mm=24),
    )
    return DataTable(name, title, fields, rows, note)
