"""The target_gap page: the assessment of :mod:`xnplan.assess` as a report page, with its charts.

The page shows the same document the Word report holds (:func:`xnplan.assess.compose.document`):
its sections as headings, paragraphs and lists, its attachments as numbered tables with downloads
(the Excel downloads hold the figures as numbers), and, after the section they belong to, the
charts only a page can show. Published with the report set (the batch), the page leaves out the
【待填写】 placeholders; run by ``xnplan assess`` it keeps them, like the Word document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import xnplan
from xnplan import facts
from xnplan.assess import compose, evaluate, gap, inputs, sources, tables, wording
from xnplan.assess import document as doc
from xnplan.assess import evidence as evidence_files
from xnplan.assess.assessment import Assessment, Edition, build, scope
from xnplan.errors import InputValidationError
from xnplan.facts import TERRITORIES, WHOLE_CITY
from xnplan.numbers import has_value, number_text
from xnplan.paths import ROOT
from xnplan.report import exhibits, maps, plots

ITEMS = plots.Unit("项")


def resolve_input(path: str | Path) -> Path | None:
    """A notebook path parameter: relative to the project root; '' means no file (None).

    Only what ``xnplan check`` reads is an evaluator's input (:func:`xnplan.assess.inputs.name_problem`):
    any other file (``../../etc/passwd``) is refused by name before it is opened, so none of its
    content can reach a report or its error message.
    """
    if not str(path).strip():
        return None
    path = Path(path)
    problem = inputs.name_problem(path)
    if problem:
        raise InputValidationError(path, [problem])
    return path if path.is_absolute() else ROOT / path


def load(
    assessment_year: object, observations: str, project_status: str = "", county: str = "", evidence: str = ""
) -> Assessment:
    """The assessment a page shows: from the private copy ``xnplan assess`` wrote (``evidence``), else
    from the observation and project-status files, which are checked first (every problem at once)."""
    edition = Edition(gap.valid_assessment_year(assessment_year), scope(county))
    plan = xnplan.store.load()
    if str(evidence).strip():
        given = evidence_files.load(evidence)
    else:
        given = evidence_files.read_evidence(plan, resolve_input(observations), resolve_input(project_status))
    return build(plan, given, edition)


def conclusion(a: Assessment) -> str:
    """The landing page's line: "2023年中期评估：全市58项指标和目标中，无法评估52项、无目标6项"."""
    rows = a.measures
    if rows.empty:
        return f"{a.edition.year}年{a.edition.label}：没有纳入评估的指标和目标"
    parts = wording.class_counts(rows["verdict"])
    text = f"{a.edition.year}年{a.edition.label}：{a.edition.scope}{len(rows)}项指标和目标中，{parts}"
    flagged = int(rows["flagged"].sum())
    return f"{text}；{facts.BINDING}指标预警{flagged}项" if flagged else text


def answer(a: Assessment) -> str:
    """The landing page's sentence on what the assessment can say: how many measures have a value and
    how many can be judged at the edition's scope, and as many for the counties."""
    rows = a.measures
    edition = f"{a.edition.year}年{a.edition.label}"
    if rows.empty:
        return f"{edition}：没有纳入评估的指标和目标。"
    text = f"{edition}：{len(rows)}项指标和目标中，" + _coverage(rows, a.edition.scope)
    counties = a.counties()
    if not counties.empty:
        text += "；按县市区，" + _coverage(
            evaluate.measures(counties).drop_duplicates("measure_id"), "县市区"
        )
    return text + "；其余缺少公开数据或没有量化目标。"


def _coverage(rows: pd.DataFrame, scope: str) -> str:
    judged = rows[rows["verdict"].isin(facts.JUDGED_CLASSES)]
    text = f"{int(rows['observed'].notna().sum())}项有{scope}的观测值，{len(judged)}项可以作出评价"
    if len(judged):
        text += f"（{wording.class_counts(judged['verdict'])}）"
    return text


# --- what the data covers (Open SDG's reporting status: per kind, then the items that have data) -----


def without_data_at_scope(a: Assessment) -> bool:
    """Whether no measure has a value at the edition's scope (the public observations give only some
    counties' figures): then the published page says so once, with :func:`coverage` and
    :func:`items_with_data`, instead of a row of 无数据 per item in 附件1 and 附件2. An evaluator's own
    data, with 全市 values, keeps the full tables (the Word report always has them)."""
    rows = a.measures
    return bool(len(rows)) and bool(rows["observed"].isna().all())


def coverage(a: Assessment) -> pd.DataFrame:
    """Per kind of measure (十四五主要指标, 正文目标 …): how many there are, how many have a value at the
    edition's scope, how many only for some counties, and how many have none; a last row 合计."""
    rows = a.measures
    by_county = evaluate.measures(a.counties())
    with_county = set(by_county.loc[by_county["observed"].notna(), "measure_id"])
    table = pd.DataFrame(
        {
            "kind": rows["kind"],
            "scope": rows["observed"].notna(),
            "counties": ~rows["observed"].notna() & rows["measure_id"].isin(with_county),
        }
    )
    table["none"] = ~(table["scope"] | table["counties"])
    counts = table.groupby("kind", sort=False).agg(
        items=("scope", "size"), scope=("scope", "sum"), counties=("counties", "sum"), none=("none", "sum")
    )
    counts.loc["合计"] = counts.sum()
    return counts.astype(int).rename_axis("kind").reset_index()


def coverage_labels(scope: str) -> dict[str, tuple[str, Callable[[object], str]]]:
    whole = lambda v: f"{int(v)}"  # noqa: E731
    return {
        "kind": ("类别", str),
        "items": ("指标和目标(项)", whole),
        "scope": (f"有{scope}数据(项)", whole),
        "counties": ("仅有县市区数据(项)", whole),
        "none": ("没有公开数据(项)", whole),
    }


def items_with_data(a: Assessment) -> pd.DataFrame:
    """The measures the observations give values for, one row each: where (全市, the counties, or 六个县市区
    when all six), the years with a value (up to the assessment year) and the publications."""
    names = a.catalogue.drop_duplicates("item_id").set_index("item_id")["name"]
    used = a.evidence.observations
    used = used[
        used["value"].notna() & (used["year"] <= a.edition.year) & used["indicator_id"].isin(names.index)
    ]
    rows = []
    for item, group in used.groupby("indicator_id", sort=False):
        places = list(dict.fromkeys(group["geography"]))
        titles = dict.fromkeys(sources.source_parts(str(s))[0] for s in group["source"] if str(s).strip())
        rows.append(
            {
                "item": item,
                "name": names[item],
                "place": "六个县市区" if set(TERRITORIES) <= set(places) else "、".join(places),
                "years": "、".join(str(y) for y in sorted(set(group["year"]))),
                "source": "；".join(titles),
            }
        )
    return pd.DataFrame(rows, columns=["item", "name", "place", "years", "source"])


ITEMS_WITH_DATA_LABELS: dict[str, tuple[str, Callable[[object], str]]] = {
    "item": ("编号", str),
    "name": ("指标名称", str),
    "place": ("地域", str),
    "years": ("有数据的年份", str),
    "source": ("发布来源", str),
}


# --- charts ----------------------------------------------------------------------------------------


def pace_chart(a: Assessment) -> Figure | None:
    """Completion against time progress for the measures judged by their pace; None if none."""
    rows = a.measures[a.measures["reason"].eq(gap.PACE) & a.measures["share"].notna()]
    if rows.empty:
        return None
    data = pd.DataFrame(
        {"完成进度": (rows["share"] * 100).to_numpy(), "时间进度": (rows["tau"] * 100).to_numpy()},
        index=[plots.shorten(n, 20) for n in rows["name"]],
    )
    return plots.grouped_hbar(data, title="完成进度与时间进度", xlabel="进度", unit=plots.PCT)


def trajectory_chart(a: Assessment) -> Figure | None:
    """The standards without a 14th-plan target, by county and year, against the city's 2020 value."""
    items, shown = _trajectory_data(a)
    if items.empty or shown.empty:
        return None
    plots.use_style()
    fig = Figure(figsize=(4.2 * len(items), 4.6), layout="constrained")
    axes = fig.subplots(1, len(items), squeeze=False)[0]
    lines = _CountyLines.of([c for c in TERRITORIES if c in set(shown["geography"])])
    for ax, item in zip(axes, items.to_dict("records"), strict=True):
        _trajectory_panel(
            ax, item, shown[shown["indicator_id"] == item["observation_id"]], lines, a.edition.year
        )
    axes[-1].legend(loc="upper left", bbox_to_anchor=(1.02, 1), frameon=True, fontsize=9)
    return fig


def _trajectory_data(a: Assessment) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The catalogue items without a target that the counties report, and their counties' values of
    the years after the base year up to the assessment year."""
    rows = a.counties()
    items = a.catalogue[
        a.catalogue["kind"].eq(tables.WITHOUT_TARGET)
        & a.catalogue["observation_id"].isin(rows["observation_id"])
    ]
    obs = a.evidence.observations
    shown = obs[
        obs["indicator_id"].isin(items["observation_id"])
        & obs["value"].notna()
        & (obs["year"] > facts.BASE_YEAR)
        & (obs["year"] <= a.edition.year)
        & (obs["geography"] != WHOLE_CITY)
    ]
    return items, shown


@dataclass(frozen=True)
class _CountyLines:
    """Each county's colour, marker and small sideways shift (so that equal values stay visible)."""

    counties: list[str]
    colours: dict[str, object]
    offsets: dict[str, float]

    @classmethod
    def of(cls, counties: list[str]) -> _CountyLines:
        colours = dict(zip(counties, sns.color_palette("deep", n_colors=len(counties)), strict=True))
        offsets = {c: (i - (len(counties) - 1) / 2) * 0.07 for i, c in enumerate(counties)}
        return cls(counties, colours, offsets)


def _trajectory_panel(ax: Axes, item: dict, data: pd.DataFrame, lines: _CountyLines, year: int) -> None:
    """One item's panel: the city's 2020 value as a dashed line, a line per county, the item's name."""
    if has_value(item["baseline"]):
        _base_year_line(ax, item["baseline"])
    for i, county in enumerate(lines.counties):
        points = data[data["geography"] == county].sort_values("year")
        ax.plot(
            points["year"] + lines.offsets[county],
            points["value"],
            marker="osD^vP*X"[i % 8],
            color=lines.colours[county],
            label=county,
        )
    # A panel heading as text: the page shows charts without their titles.
    ax.text(
        0.5, 1.02, plots.wrap(item["name"], 14), transform=ax.transAxes, ha="center", va="bottom", fontsize=11
    )
    ax.set_ylabel(item["unit"])
    ax.set_xticks(np.arange(facts.BASE_YEAR, year + 1))
    ax.set_xlim(facts.BASE_YEAR - 0.4, year + 0.4)
    ax.yaxis.set_major_formatter(plots.PLAIN_TICKS)


def _base_year_line(ax: Axes, baseline: float) -> None:
    ax.axhline(baseline, color=plots.MUTED_COLOR, linestyle="--", linewidth=1.2)
    ax.annotate(
        f"全市{facts.BASE_YEAR}年 {baseline:,.0f}",
        (facts.BASE_YEAR, baseline),
        textcoords="offset points",
        xytext=(2, 4),
        fontsize=8,
        color="#555555",
    )


def progress_chart(a: Assessment, by: str) -> Figure | None:
    """Planned investment (万元) by reported status, per county or category; None without status."""
    if a.projects is None:
        return None
    lines = a.projects.lines.assign(label=a.projects.lines["status"].map(tables.STATUS_LABELS))
    matrix = lines.pivot_table(
        index=by, columns="label", values="investment_wan", aggfunc="sum", fill_value=0.0, sort=False
    )
    order = [tables.STATUS_LABELS[s] for s in ("completed", "in_progress", "planned", "cancelled", "")]
    matrix = matrix[[c for c in order if c in matrix.columns]]
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False).index]
    return plots.stacked_hbar(matrix, title="估算总投资按实施状态", xlabel="估算总投资", unit=plots.WAN)


# --- the page --------------------------------------------------------------------------------------


def _inline_html(content: doc.Content) -> str:
    if isinstance(content, str):
        return escape(content)
    return "".join(
        f"<mark>{escape(part.text)}</mark>"
        if isinstance(part, doc.Text) and part.placeholder
        else f"<b>{escape(part.text)}</b>"
        if isinstance(part, doc.Text) and part.bold
        else escape(part.text if isinstance(part, doc.Text) else part)
        for part in content
    )


@dataclass
class Page:
    """Renders an assessment's document on the page, charts after their sections (``charts``)."""

    a: Assessment
    ex: exhibits.Exhibits
    placeholders: bool = False
    charts: dict[str, list[Callable[[], tuple[Figure | None, str, list[exhibits.SourceRef]]]]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        a = self.a
        self.document = compose.document(a, self.placeholders)
        # The indicators: targets from the plan, values from the publications the evaluator's rows cite.
        self.sources: list[exhibits.SourceRef] = [exhibits.PLAN] + [(s.title, s.url) for s in a.sources]
        # The projects: the lines of 附件2 and the status the evaluator's file reports for them.
        self.project_sources: list[exhibits.SourceRef] = [exhibits.PLAN_LIBRARY]
        if a.evidence.project_status_label:
            self.project_sources.append(a.evidence.project_status_label)
        self.ex.source(exhibits.PLAN)
        year = a.edition.year
        by = "category" if a.edition.county else "county"
        self.charts = {
            "主要指标完成情况": [
                lambda: (pace_chart(a), "完成进度与时间进度（按进度评价的指标）", self.sources),
                lambda: (
                    trajectory_chart(a),
                    f"截至{year}年各县市区社会救助标准与全市{facts.BASE_YEAR}年水平",
                    self.sources,
                ),
            ],
            "重大项目推进情况": [
                lambda: (progress_chart(a, by), "估算总投资按实施状态", self.project_sources),
                lambda: (
                    self._progress_map(),
                    f"{year}年各县市区投资完成率与时间进度之差",
                    [*self.project_sources, maps.BOUNDARY_REFERENCE],
                ),
            ],
            "分县市区情况": [
                lambda: (
                    self._status_map(),
                    f"{year}年各县市区评估结论",
                    [*self.sources, maps.BOUNDARY_REFERENCE],
                )
            ],
        }

    def _progress_map(self) -> Figure | None:
        if self.a.projects is None or self.a.edition.county:
            return None
        return maps.progress_map(self.a.projects.by["county"], self.a.edition.year)

    def _status_map(self) -> Figure | None:
        """The counties coloured by their status: only when some county has a judged class (a map of
        无法评估 and 无目标 would show what is missing, not how the counties stand)."""
        counties = evaluate.measures(self.a.counties())
        if not counties["verdict"].isin(maps.JUDGED).any():
            return None
        return maps.status_map(counties, self.a.edition.year)

    def show(self) -> None:
        from IPython.display import Markdown, display

        self._opening()
        blocks, method = (
            (list(self.document.blocks), []) if self.placeholders else split_method(self.document.blocks)
        )
        self._sections(blocks)
        self.attachments()
        if method:
            display(Markdown(f"## {METHOD_HEADING}"))
            for block in method:
                self._block(block)

    def _opening(self) -> None:
        """The title, the key points (a published page), the conclusion and, for the final assessment,
        the landing page's answer."""
        from IPython.display import Markdown, display

        display(Markdown(f"# {self.a.edition.title}"))
        points = [] if self.placeholders else key_points(self.a)
        if points:
            display(Markdown(f"## {key_points_heading(self.a)}"))
            display(Markdown("\n".join(f"- {p}" for p in points)))
        self.ex.conclusion(conclusion(self.a))
        if self.a.edition.year == facts.FINAL_YEAR:  # the landing page answers with the final assessment
            self.ex.answer(answer(self.a))

    def _sections(self, blocks: Sequence[doc.Block]) -> None:
        """The document's blocks with numbered headings, each section's charts after it."""
        from IPython.display import Markdown, display

        counters = [0, 0, 0, 0]
        section = ""
        for block in blocks:
            if not isinstance(block, doc.Heading):
                self._block(block)
                continue
            if block.level == 1:
                self._charts(section)
                section = block.text
            counters[block.level - 1] += 1
            counters[block.level :] = [0] * (4 - block.level)
            label = doc.heading_label(block.level, counters[block.level - 1])
            display(Markdown(f"{'#' * (block.level + 1)} {label}{block.text}"))
        self._charts(section)

    def _block(self, block: doc.Block) -> None:
        """A paragraph or a numbered list of the document."""
        from IPython.display import HTML, display

        if isinstance(block, doc.Paragraph):
            display(HTML(f"<p>{_inline_html(block.content)}</p>"))
        elif isinstance(block, doc.Items):
            items = "".join(f"<li>{_inline_html(e)}</li>" for e in block.entries)
            display(HTML(f"<ol>{items}</ol>"))

    def _charts(self, section: str) -> None:
        for make in self.charts.get(section, []):
            fig, title, sources = make()
            if fig is not None:
                self.ex.figure(fig, title, sources=sources)

    def _cell(self, cell: doc.Cell) -> str:
        """A table cell's text, on one line (a page's columns are not the Word table's narrow ones); a cell
        for the evaluator to fill in is left blank on a published page."""
        if isinstance(cell, doc.Text):
            return "" if cell.placeholder and not self.placeholders else cell.text
        return cell.replace("\n", "")

    def _frame(self, table: doc.Table) -> pd.DataFrame:
        """The table as the page shows it. A published page leaves out a column that is only there for
        the evaluator to fill in (every cell a placeholder); the download keeps it."""
        frame = pd.DataFrame([[self._cell(c) for c in row] for row in table.rows], columns=list(table.header))
        if self.placeholders or not table.rows:
            return frame
        to_fill = [
            header
            for i, header in enumerate(table.header)
            if all(isinstance(cell := row[i], doc.Text) and cell.placeholder for row in table.rows)
        ]
        return frame.drop(columns=to_fill)

    def coverage(self) -> None:
        """What the data covers, said once: counts per kind, then the values there are."""
        from IPython.display import Markdown, display

        a = self.a
        display(Markdown("## 数据覆盖情况"))
        counts = coverage(a)
        total = counts.iloc[-1]
        display(
            Markdown(
                f"本次评估的{total['items']}项指标和目标中，{total['none']}项没有找到公开发布的数据，"
                f"{total['counties']}项只有部分县市区的数据，{total['scope']}项有{a.edition.scope}的数据。"
                "附件1、附件2只列出有数据的项；全部各项（包括没有数据的）见各表的下载文件。"
            )
        )
        self.ex.table(
            counts,
            "各类指标和目标的数据覆盖情况",
            columns=list(coverage_labels(a.edition.scope)),
            labels=coverage_labels(a.edition.scope),
            sources=self.sources,
        )
        found = items_with_data(a)
        if len(found):
            self.ex.table(
                found,
                "有公开数据的指标：地域、年份和发布来源",
                columns=list(ITEMS_WITH_DATA_LABELS),
                labels=ITEMS_WITH_DATA_LABELS,
                sources=self.sources,
            )

    def attachments(self) -> None:
        from IPython.display import Markdown, display

        sparse = not self.placeholders and without_data_at_scope(self.a)
        if sparse:
            self.coverage()
        for number, part in enumerate(compose.attachment_tables(self.a), start=1):
            display(Markdown(f"## 附件{number}　{part.title}"))
            sources = self.project_sources if part.key == "projects" else self.sources
            for data in part.tables:
                self._attachment(part.key, data, sources, sparse)

    def _attachment(
        self, key: str, data: tables.DataTable, sources: list[exhibits.SourceRef], sparse: bool
    ) -> None:
        """One table of an attachment; on a page of sparse data without the rows that say only that
        there is no data, and a sentence saying how many it leaves out (or that none is left)."""
        from IPython.display import Markdown, display

        table = tables.document_table(data)
        frame = self._frame(table)
        if sparse:
            frame, left_out = without_empty_rows(key, data, frame)
            if key in ALL_OR_NOTHING and frame.empty:
                display(Markdown(f"{table.caption}：各项都没有公开数据（见“数据覆盖情况”）。"))
                return
            if left_out and key not in ALL_OR_NOTHING:
                display(Markdown(left_out_sentence(key, left_out)))
        note = table.note if self.placeholders else note_without_formulas(table.note)
        self.ex.table(
            frame,
            table.caption,
            text=True,
            sources=sources,
            note=note or None,
            download=tables.sheet(data),
        )


METHOD_SECTION = "评估方法"  # the document's subsection with the formulas and the classes' meanings
METHOD_HEADING = "方法说明"  # where a published page puts them: at its end
METHOD_POINTER = (
    "采用目标差距法，逐项对照规划的基期值、目标值和目标年份，计算完成进度和时间进度，据此评价；"
    "计算公式和各评价的含义见文末“方法说明”。"
)


def split_method(blocks: Sequence[doc.Block]) -> tuple[list[doc.Block], list[doc.Block]]:
    """The document's blocks with the 评估方法 subsection's body replaced by one sentence that points to
    the end of the page, and that body (formulas, the classes' meanings) for a 方法说明 section there."""
    kept: list[doc.Block] = []
    method: list[doc.Block] = []
    inside = False
    for block in blocks:
        if isinstance(block, doc.Heading):
            inside = block.text == METHOD_SECTION
            kept.append(block)
            if inside:
                kept.append(doc.Paragraph(METHOD_POINTER))
        elif inside:
            method.append(block)
        else:
            kept.append(block)
    return kept, method


FORMULA = re.compile(r"[^。；]*=[^。；]*[。；]")


def note_without_formulas(note: str) -> str:
    """A table's note without its formulas (sentences with "="), which the 方法说明 section holds."""
    if not FORMULA.search(note):
        return note
    return FORMULA.sub("", note).strip() + "计算方法见文末“方法说明”。"


# 附件1 and 附件2 on a page of sparse data: no sentence on the rows left out (the 数据覆盖情况 section
# before them counts them), and one sentence instead of a table when no row is left.
ALL_OR_NOTHING = ("main", "prose")


def without_empty_rows(key: str, data: tables.DataTable, frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The page's ``frame`` of ``data`` without the rows ``data`` flags as saying only that there is no
    data (:data:`xnplan.assess.tables.NO_DATA`: 附件1–3's measures without a value, 附件4's tasks whose
    quantified targets are all 无法评估), renumbered; 附件4 also without its targets column when no row
    left has a target; and how many rows were left out (the download keeps them all)."""
    flags = [bool(row.get(tables.NO_DATA)) for row in data.rows]
    empty = pd.Series(flags, index=frame.index, dtype=bool)
    kept = frame[~empty].reset_index(drop=True)
    if key == "tasks":
        kept = _without_empty_targets(data, flags, kept)
    if "序号" in kept.columns:
        kept["序号"] = [str(i) for i in range(1, len(kept) + 1)]
    return kept, int(empty.sum())


def _without_empty_targets(data: tables.DataTable, empty: list[bool], kept: pd.DataFrame) -> pd.DataFrame:
    """``kept`` without the column 其中量化目标的评价 when none of the rows it keeps has a target."""
    if any(row[tables.TASK_TARGETS] for row, e in zip(data.rows, empty, strict=True) if not e):
        return kept
    header = next(f.header for f in data.fields if f.key == tables.TASK_TARGETS)
    return kept.drop(columns=header)


def left_out_sentence(key: str, count: int) -> str:
    """The one sentence that says how many rows a sparse attachment leaves out."""
    what = {"without": "项指标没有公开数据", "tasks": f"项任务的量化目标都没有数据（{facts.NO_ASSESSMENT}）"}[
        key
    ]
    return f"另有{count}{what}，未在表中列出；下载文件列出全部各项。"


def show(a: Assessment, ex: exhibits.Exhibits, placeholders: bool = False) -> None:
    """The whole page: title, the report's sections with their charts, the attachments."""
    Page(a, ex, placeholders).show()


# --- what the page says first: the mid-term's progress, the final assessment's outcome -------------


def key_points_heading(a: Assessment) -> str:
    return (
        "中期评估要点：进展与需加快的方面"
        if not a.edition.final
        else "总结评估要点：成效、最终状态与“十五五”"
    )


def key_points(a: Assessment) -> list[str]:
    """The points the page opens with, computed from the assessment: for the mid-term (2023) how far
    the items have come, the targets already due and where the counties lag; for the final assessment
    (2025) the final status, the outcomes the data show, where the counties lag and what carries into
    the 15th plan."""
    if a.measures.empty:
        return []
    if a.edition.final:
        return [_final_status(a), *_outcomes(a), *_lagging(a), *_carried_over(a)]
    return [_progress(a), *_due(a), *_lagging(a)]


def _progress(a: Assessment) -> str:
    rows = a.measures
    judged = rows[rows["verdict"].isin(facts.JUDGED_CLASSES)]
    year, scope = a.edition.year, a.edition.scope
    text = f"进度：{scope}{len(rows)}项指标和目标中，{len(judged)}项有截至{year}年的{scope}数据、可以判断进度"
    if judged.empty:
        return text + "，是否落后于时间进度无从判断。"
    behind = judged[judged["ratio"].notna() & (judged["ratio"] < 1)]
    return text + f"（{wording.class_counts(judged['verdict'])}），其中{len(behind)}项落后于时间进度。"


def _due(a: Assessment) -> list[str]:
    rows = a.measures
    year = a.edition.year
    due = rows[rows["deadline_year"].notna() & (rows["deadline_year"] <= year)]
    if due.empty:
        return []
    years = "、".join(f"{int(y)}年" for y in sorted(due["deadline_year"].unique()))
    return [
        f"已到期：目标年份在{year}年及以前（{years}）的{len(due)}项目标，{wording.class_counts(due['verdict'])}。"
    ]


def _county_rows(a: Assessment) -> pd.DataFrame:
    """The counties' measures with a value, each measure once per county."""
    counties = a.counties()
    if counties.empty:
        return counties
    rows = evaluate.measures(counties)
    return rows[rows["observed"].notna()]


def _lagging(a: Assessment) -> list[str]:
    """The county with the lowest value of each social-assistance standard, in the latest year up to
    the assessment year in which all six publish all three (county_comparison.standards)."""
    from xnplan.report import county_comparison

    observations = a.evidence.observations
    year, levels = county_comparison.standards(observations[observations["year"] <= a.edition.year])
    if year is None:
        return []
    parts = [
        f"{low.measure}{'、'.join(low.counties)}最低（{number_text(low.lowest)}{low.unit}）"
        for low in county_comparison.standard_lows(levels)
    ]
    return [f"县市区差距：{year}年" + "；".join(parts) + "。"]


def _final_status(a: Assessment) -> str:
    rows = a.measures
    text = f"最终状态：{a.edition.scope}{len(rows)}项指标和目标中，{wording.class_counts(rows['verdict'])}"
    judged = _county_rows(a)
    judged = judged[judged["verdict"].isin(facts.JUDGED_CLASSES)]
    if judged.empty:
        return text + "。"
    named = "；".join(
        f"{r.geography}的“{r.name}”{r.verdict}（{number_text(r.observed)}{r.unit}，{int(r.observed_year)}年）"
        for r in judged.itertuples()
    )
    return text + f"。县市区的数据中：{named}（仅供参考）。"


def _outcomes(a: Assessment) -> list[str]:
    """The measures on which every county's value of the assessment year is better than the city's
    base-year value: higher, or lower where the catalogue's direction says lower is better."""
    rows = _county_rows(a)
    rows = rows[(rows["observed_year"] == a.edition.year) & rows["baseline"].notna()]
    if rows.empty:
        return []
    direction = rows["item_id"].map(a.catalogue.set_index("item_id")["direction"])
    higher, lower = rows["observed"] > rows["baseline"], rows["observed"] < rows["baseline"]
    rows = rows.assign(direction=direction, better=higher.where(direction > 0, lower))
    every_county = rows.groupby(["name", "direction"], sort=False)["better"].agg(
        lambda better: bool(better.all()) and len(better) == len(TERRITORIES)
    )
    said = []
    for wanted, word in ((1, "高于"), (-1, "低于")):
        names = [str(name) for (name, d), ok in every_county.items() if ok and d == wanted]
        if names:
            said.append(f"{'、'.join(f'“{n}”' for n in names)}均{word}{facts.BASE_YEAR}年全市水平")
    return [f"成效：六个县市区{a.edition.year}年的" + "；".join(said) + "。"] if said else []


def _carried_over(a: Assessment) -> list[str]:
    rows = a.measures
    main = rows[rows["kind"] == tables.MAIN]
    unknown = int((main["verdict"] == facts.NO_ASSESSMENT).sum())
    return [
        f"带入“十五五”：{len(main)}项主要指标中{unknown}项到期仍没有{a.edition.scope}数据、无法评估，"
        "“十五五”规划宜为每项指标明确统计口径、基期值和报送单位；规划文本中宜改进之处见第九部分。"
    ]
