"""The target_gap page (xnplan.report.target_gap) on the real plan: the assessment it loads, its
landing-page line, its charts, and the page as a notebook shows it.

Worked by hand from data/processed/catalogue.csv and data/raw/observations/observations_public.csv:
- The catalogue has 73 items: 12 main indicators, 55 prose targets and 6 十三五 indicators without a
  14th-plan target. 15 prose targets restate another item (measure_id ≠ item_id: T01, T03, T07, T15,
  T16, T17, T21, T25, T29, T39, T44, T45, T46, T49, T50), so 73 − 15 = 58 measures are judged and
  counted: 52 with a target and the 6 without (无目标).
- The published file's only 全市 row is I14-11's 2020 value (100%, a baseline). No city-wide value
  after 2020, so each of the 52 measures with a target is 无法评估 city-wide, in 2023 and in 2025.
- 崇阳县 I14-04 护理型床位占比 83.36% (2024) against the city-wide 2020 baseline 32% and the ≥60% target
  due in 2025. At the end of 2023 the 2024 value is not used (无法评估, later_year 2024). At the end of
  2025 the target was met in 2024, before its deadline year: 提前完成; P = (83.36 − 32)/(60 − 32) =
  51.36/28 = 1.834, τ = (2024 − 2020)/(2025 − 2020) = 0.8, R = 1.834/0.8 = 2.293.
- 咸安区 I13-01 城市低保: 690 元/月 (2022), 720 (2023), 783 (2025) against 623 元/月 in 2020; no target,
  so 无目标 with annual growth (720/623)^(1/3) − 1 = 4.94% at the end of 2023. I13-03 特困供养 is kept in
  元/年: 1147 元/月 × 12 = 13764 元/年 in 2023, against 11020 元/年.

The hand-made file HAND (end of 2023, τ = (2023 − 2020)/(2025 − 2020) = 0.6):
- I14-04 32 → 50, target 60: P = 18/28 = 0.6429, R = 1.0714 > 1.05 → 快于预期.
- I14-05 56 → 57, target 60: P = 1/4 = 0.25, R = 0.4167 (0 ≤ R < 0.6) → 滞后; 约束性, so 预警.
- I14-12 no plan baseline; the evaluator's 2020 value 40 → 70, target 100: P = 30/60 = 0.5, R = 0.8333
  (0.6 ≤ R < 0.95) → 需加快; 约束性, so 预警.
- T31 restates I14-05's figure with a 2022 deadline (its own measure): no value by 2022, 57 in 2023 < 60
  → 未完成. Every other measure with a target is 无法评估: 52 − 4 = 48.
- 通山县 I14-05 50 (2023), below the city's 56: a county row (倒退), never counted city-wide.

The hand-made status file STATUS (every line without planned years: time progress 3/5 = 60%):
- P1.1.001 咸安区 3965 万元 已建成, invested 3965: 100% → +40 points.
- P1.1.047 通山县 20000 万元 在建, invested 8000: 40% → −20 points.
- P1.1.049 崇阳县 200 万元 未开工 (0%) → −60 points; P1.1.050 崇阳县 200 万元 已取消, out of the rates.
- 赤壁市, 嘉鱼县, 通城县 and 市本级 report nothing: 未报送.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from tests.report.conftest import PUBLIC_OBSERVATIONS
from tests.report.displays import capture_displays
from xnplan.assess import evidence as evidence_files
from xnplan.assess import gap
from xnplan.errors import InputValidationError, ParameterError
from xnplan.report import exhibits, maps
from xnplan.report import target_gap as page

HEADER = "indicator_id,geography,year,value,unit,as_of,source,reliability,note\n"
HAND = HEADER + (
    "I14-04,全市,2023,50,%,2023-12-31,民政局统计年报2023,部门统计,\n"
    "I14-05,全市,2023,57,%,2023-12-31,民政局统计年报2023,部门统计,\n"
    "I14-12,全市,2020,40,%,2020-12-31,民政局2020年工作总结,部门工作总结,\n"
    "I14-12,全市,2023,70,%,2023-12-31,民政局统计年报2023,部门统计,\n"
    "I14-05,通山县,2023,50,%,2023-12-31,通山县民政局统计,部门统计,\n"
)
STATUS = (
    "project_id,status,invested_wan,as_of,note\n"
    "P1.1.001,completed,3965,2023-12-31,\n"
    "P1.1.047,in_progress,8000,2023-12-31,\n"
    "P1.1.049,planned,,2023-12-31,\n"
    "P1.1.050,cancelled,,2023-12-31,\n"
)


@pytest.fixture(scope="module")
def hand_files(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("evaluator")
    (folder / "hand.csv").write_text(HAND, encoding="utf-8")
    (folder / "status.csv").write_text(STATUS, encoding="utf-8")
    return folder / "hand.csv", folder / "status.csv"


@pytest.fixture(scope="module")
def hand(hand_files):
    observations, status = hand_files
    return page.load(2023, str(observations), str(status))


@pytest.fixture(scope="module")
def assessed(plan, hand_files, tmp_path_factory):
    """The hand files as xnplan assess hands them to the page: a private copy, the evaluator's."""
    given = evidence_files.read_evidence(plan, *hand_files, evidence_files.EVALUATOR)
    copy = evidence_files.save(given, tmp_path_factory.mktemp("work") / "evidence")
    return page.load(2023, "no/such/file.csv", evidence=str(copy))


def one(a, geography: str, item_id: str) -> dict:
    rows = a.results[(a.results["geography"] == geography) & (a.results["item_id"] == item_id)]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


# --- load -----------------------------------------------------------------------------------------


def test_load_reads_the_published_observations(public_assessments):
    mid, final = public_assessments[2023], public_assessments[2025]
    assert (mid.edition.year, mid.edition.label, mid.edition.scope) == (2023, "中期评估", "全市")
    assert len(mid.evidence.observations) == 56  # every data row of the file
    assert mid.projects is None  # no project-status file given
    assert mid.evidence.observations_label == ""  # whose figures they are is said by xnplan assess only
    xianan = one(mid, "咸安区", "I13-01")
    assert (xianan["verdict"], xianan["observed"], xianan["observed_year"], xianan["baseline"]) == (
        gap.NO_TARGET,
        720,
        2023,
        623,
    )
    assert xianan["annual_growth"] == pytest.approx(0.0494, abs=1e-4)
    assert one(mid, "咸安区", "I13-03")["observed"] == pytest.approx(13764)
    chongyang = one(mid, "崇阳县", "I14-04")  # its 2024 value says nothing about the end of 2023
    assert (chongyang["verdict"], chongyang["reason"], chongyang["later_year"]) == (
        gap.NO_ASSESSMENT,
        gap.ONLY_LATER,
        2024,
    )
    for item_id in ("I14-04", "T29"):  # T29 restates I14-04 and shares its judgement
        row = one(final, "崇阳县", item_id)
        assert (row["verdict"], row["measure_id"], row["met_year"]) == (gap.COMPLETED_EARLY, "I14-04", 2024)
        assert (row["share"], row["tau"], row["ratio"]) == pytest.approx((1.834, 0.8, 2.293), abs=1e-3)
    city = one(final, "全市", "I14-11")  # the evaluator's 2020 value stands in for the plan's baseline
    assert (city["verdict"], city["baseline"], city["baseline_origin"]) == (
        gap.NO_ASSESSMENT,
        100,
        "evaluator",
    )
    assert one(final, "通山县", "I13-01")["observed"] == 735


def test_load_reads_files_given_by_path(hand):
    city = hand.measures.set_index("item_id")
    assert city.loc[["I14-04", "I14-05", "I14-12", "T31"], "verdict"].tolist() == [
        gap.AHEAD,
        gap.LAGGING,
        gap.SPEED_UP,
        gap.NOT_COMPLETED,
    ]
    assert city.loc["I14-04", "ratio"] == pytest.approx(18 / 28 / 0.6)
    assert city.loc[["I14-05", "I14-12"], "flagged"].all() and not city.loc["I14-04", "flagged"]
    assert one(hand, "通山县", "I14-05")["verdict"] == gap.REGRESSING
    assert hand.projects is not None
    assert hand.projects.not_reported() == ["赤壁市", "嘉鱼县", "通城县", "市本级"]
    # The page never names a file: neither its path nor its name reaches the assessment.
    assert (hand.evidence.observations_label, hand.evidence.project_status_label) == ("", "")


def test_load_from_the_private_copy_ignores_the_file_path(hand, assessed):
    # xnplan assess hands the page its saved copy of the evidence: the same figures, said to be the
    # evaluator's.
    assert assessed.measures["verdict"].tolist() == hand.measures["verdict"].tolist()
    assert assessed.projects.by["county"].equals(hand.projects.by["county"])
    assert (assessed.evidence.observations_label, assessed.evidence.project_status_label) == (
        "评估人提供的观测值",
        "评估人提供的项目进展",
    )


def test_load_of_a_county_takes_its_aliases(public_assessments):
    tongshan = page.load(2025, PUBLIC_OBSERVATIONS, county="Tongshan")
    assert tongshan.edition.scope == "通山县" and set(tongshan.results["geography"]) == {"通山县"}
    with pytest.raises(ParameterError, match="评估年份应为2023或2025"):
        page.load(2024, PUBLIC_OBSERVATIONS)


def test_load_lists_every_problem_of_both_files(tmp_path):
    observations = tmp_path / "bad_obs.csv"
    observations.write_text(
        HEADER + "I99-01,全市,2023,50,%,,src,,\n"
        "I14-04,全市,2019,50,%,,src,,\n"
        'I14-04,通山,2023,"720,5",%,,src,,\n',
        encoding="utf-8",
    )
    status = tmp_path / "bad_status.csv"
    status.write_text(
        "project_id,status,invested_wan,as_of,note\nP1.1.001,done,,,\nP9.9.999,completed,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputValidationError) as info:
        page.load(2023, str(observations), str(status))
    problems = info.value.problems
    # One problem per bad row, file by file, each naming the file, its line and the value refused.
    assert [p.split(":")[0] for p in problems] == ["bad_obs.csv"] * 3 + ["bad_status.csv"] * 2
    refused = ("I99-01", "2019", "720,5", "done", "P9.9.999")
    for problem, line, value in zip(problems, (2, 3, 4, 2, 3), refused, strict=True):
        assert f"（文件第{line}行）" in problem and f"“{value}”" in problem  # in Chinese first
    assert "bad_obs.csv" in str(info.value.path) and "bad_status.csv" in str(info.value.path)


# --- conclusion -----------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2023, 2025])
def test_conclusion_with_the_published_observations(public_assessments, year):
    label = {2023: "中期评估", 2025: "总结评估"}[year]
    assert page.conclusion(public_assessments[year]) == (
        f"{year}年{label}：全市58项指标和目标中，无法评估52项、无目标6项"
    )


def test_conclusion_of_a_county():
    # 崇阳县's own edition: its 2024 value counts at the end of 2025 only (提前完成), once (T29 shares it).
    assert page.conclusion(page.load(2023, PUBLIC_OBSERVATIONS, county="崇阳县")) == (
        "2023年中期评估：崇阳县58项指标和目标中，无法评估52项、无目标6项"
    )
    assert page.conclusion(page.load(2025, PUBLIC_OBSERVATIONS, county="崇阳县")) == (
        "2025年总结评估：崇阳县58项指标和目标中，提前完成1项、无法评估51项、无目标6项"
    )


# --- charts ---------------------------------------------------------------------------------------


def _bars(ax) -> dict[str, list[float]]:
    """Bar widths of each labelled series, from the bottom of the chart up."""
    return {c.get_label(): [round(p.get_width(), 2) for p in c] for c in ax.containers}


def test_pace_chart(public_assessments, hand):
    assert page.pace_chart(public_assessments[2023]) is None  # nothing judged by its pace
    ax = page.pace_chart(hand).axes[0]
    # I14-04, I14-05, I14-12 from the top: P = 64.29%, 25%, 50%; τ = 60% each.
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "乡镇(街道)都有社工站覆盖率",
        "生活不能自理特困人员集中供养率",
        "养老机构床位中护理型床位占比",
    ]
    assert _bars(ax) == {"完成进度": [50.0, 25.0, 64.29], "时间进度": [60.0, 60.0, 60.0]}
    assert ax.get_xlabel() == "进度(%)"


def test_trajectory_chart_draws_each_standard_by_county(public_assessments, hand):
    assert page.trajectory_chart(hand) is None  # no county value of a standard without a target
    assert (
        page.trajectory_chart(page.load(2023, PUBLIC_OBSERVATIONS, county="咸安区")) is None
    )  # no other counties
    fig = page.trajectory_chart(public_assessments[2023])
    assert len(fig.axes) == 3
    # The page shows charts without their titles (the caption carries it); each panel names its standard.
    assert [ax.get_title() for ax in fig.axes] == ["", "", ""]
    assert [[t.get_text() for t in ax.texts] for ax in fig.axes] == [
        ["全市2020年 623", "城市居民最低生活保障平均标准"],
        ["全市2020年 511", "农村居民最低生活保障平均标准"],
        ["全市2020年 11,020", "农村特困供养标准"],
    ]
    assert [ax.get_ylabel() for ax in fig.axes] == ["元/月", "元/月", "元/年"]
    low, _, support = fig.axes
    lines = {line.get_label(): line for line in low.lines}
    assert set(lines) >= {"咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县"}
    # 咸安区 is the first of six counties: drawn 2.5 × 0.07 = 0.175 of a year left of its years.
    xianan = lines["咸安区"]
    assert list(xianan.get_xdata()) == pytest.approx([2021.825, 2022.825])
    assert list(xianan.get_ydata()) == [690, 720]
    assert list({line.get_label(): line for line in support.lines}["咸安区"].get_ydata()) == [12144, 13764]
    assert low.get_xlim() == pytest.approx((2019.6, 2023.4))
    final = {line.get_label(): line for line in page.trajectory_chart(public_assessments[2025]).axes[0].lines}
    assert list(final["咸安区"].get_ydata()) == [690, 720, 783]


def test_progress_chart_stacks_the_investment_by_status(public_assessments, hand):
    assert page.progress_chart(public_assessments[2023], "county") is None  # no project-status file
    ax = page.progress_chart(hand, "county").axes[0]
    # Counties by their lines' 万元, largest on top: 赤壁市 371825, 通山县 206885, 崇阳县 80977, 通城县 79590,
    # 咸安区 77964.66, 嘉鱼县 50930, 市本级 16762.
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "市本级",
        "嘉鱼县",
        "咸安区",
        "通城县",
        "崇阳县",
        "通山县",
        "赤壁市",
    ]
    bars = _bars(ax)
    assert list(bars) == ["已建成", "在建", "未开工", "已取消", "未报送"]
    assert bars["已建成"] == [0, 0, 3965, 0, 0, 0, 0]
    assert bars["在建"] == [0, 0, 0, 0, 0, 20000, 0]
    assert bars["未开工"] == bars["已取消"] == [0, 0, 0, 0, 200, 0, 0]
    # 通山县: 206885 − 20000 not reported; 咸安区: 77964.66 − 3965.
    assert bars["未报送"] == [16762, 50930, 73999.66, 79590, 80577, 186885, 371825]
    assert [t.get_text() for t in ax.texts][-1] == " 371,825万元"


# --- the page -------------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """The cell texts of each <table> in a piece of HTML, row by row (header row first)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[dict[str, str]]:
    parser = _Tables()
    parser.feed(html)
    (table,) = parser.tables
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]


def sheet_rows(path: Path) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def shown_page(a, displayed, folder: Path | None = None, placeholders: bool = False):
    """(markdown, html, manifest) of the page of ``a``; its downloads are written only into a ``folder``
    (drawing the charts again at 200 dpi and as SVG), for the tests that open them."""
    ex = exhibits.Exhibits(folder, folder.name if folder else "")
    page.show(a, ex, placeholders=placeholders)
    ex.finish()
    markdown = [b["text/markdown"] for b in displayed if "text/markdown" in b]
    html = [b["text/html"] for b in displayed if "text/html" in b]
    if folder is not None:
        assert json.loads((folder / "manifest.json").read_text(encoding="utf-8")) == ex.manifest()
    return markdown, html, ex.manifest()


@pytest.fixture(scope="module")
def published_page(hand, tmp_path_factory):
    """The page of the hand files as the batch publishes it (no placeholders), rendered once for the
    tests that only read it: (markdown, html, manifest, downloads folder)."""
    folder = tmp_path_factory.mktemp("published") / "page_files"
    with pytest.MonkeyPatch.context() as monkeypatch:
        return *shown_page(hand, capture_displays(monkeypatch), folder), folder


def test_the_page_shows_the_report_with_numbered_headings_and_exhibits(hand, published_page):
    markdown, html, manifest, _ = published_page
    assert markdown[0] == "# 咸宁市民政事业“十四五”规划（征求意见稿）中期评估报告"
    sections = [m for m in markdown if m.startswith("## ") and "、" in m[:6]]
    assert sections == [
        "## 一、评估工作开展情况",
        "## 二、主要成效",
        "## 三、主要指标完成情况",
        "## 四、主要任务推进情况",
        "## 五、重大项目推进情况",
        "## 六、分县市区情况",
        "## 七、存在问题",
        "## 八、对策建议",
        "## 九、目标调整建议",
    ]
    # Without placeholders the page has no 评估组织 or 座谈调研 subsection: the others are numbered on.
    assert [m for m in markdown if m.startswith("### ")] == [
        "### （一）评估范围",
        "### （二）评估方法",
        "### （三）数据来源",
    ]
    assert manifest["conclusion"] == page.conclusion(hand)
    # Each chart after its section: 图1 pace (三), 图2–3 projects (五), 图4 the counties' map (六);
    # the attachments' tables are 表1–8 (附件5 holds the project tables: three breakdowns and the
    # cancelled line).
    titles = [(e["number"], e["title"]) for e in manifest["exhibits"]]
    assert titles == [
        ("图1", "完成进度与时间进度（按进度评价的指标）"),
        ("图2", "估算总投资按实施状态"),
        ("图3", "2023年各县市区投资完成率与时间进度之差"),
        ("图4", "2023年各县市区评估结论"),
        ("表1", "2023年主要指标完成情况表"),
        ("表2", "2023年正文和专栏量化目标完成情况表"),
        ("表3", "“十四五”未设目标的指标较2020年的变化"),
        ("表4", "主要任务推进情况表"),
        ("表5", "重大项目推进情况（分县市区）"),
        ("表6", "重大项目推进情况（分大类）"),
        ("表7", "重大项目推进情况（分实施主体类型）"),
        ("表8", "已取消项目清单"),
    ]
    # the method's formulas and the classes' meanings after the attachments (target_gap.split_method)
    assert [m for m in markdown if m.startswith("## ")][-7:] == [
        "## 附件1　2023年主要指标完成情况表",
        "## 附件2　2023年正文和专栏量化目标完成情况表",
        "## 附件3　“十四五”未设目标的指标较2020年的变化",
        "## 附件4　主要任务推进情况表",
        "## 附件5　重大项目推进情况表",
        "## 方法说明",
        "## 资料来源",
    ]
    assert "数据截至2023年12月31日" in "".join(html)


def test_a_published_page_leaves_out_every_placeholder(published_page):
    markdown, html, _, _ = published_page
    assert not [text for text in markdown + html if "【待填写" in text]
    # The tasks table's 责任单位, 进展情况 and 评价 are only for the evaluator to fill in: not shown.
    (tasks,) = [h for h in html if "表4　主要任务推进情况表" in h]
    assert list(table_rows(tasks)[0]) == ["序号", "主要任务（规划章节、专栏）", "页码", "其中量化目标的评价"]
    # In the main table 说明 stays (it says why for some rows), blank where there is nothing to say;
    # 责任单位, which no row of the hand file gives, goes.
    (main,) = [h for h in html if "表1　2023年主要指标完成情况表" in h]
    notes = {r["指标名称"]: r["说明"] for r in table_rows(main)}
    assert "责任单位" not in table_rows(main)[0]
    # T29 (第五章一、（三）, pages 30–32) restates I14-04
    assert notes["养老机构床位中护理型床位占比"] == "同第五章一、（三）（第30–32页）的目标，合并评估"
    assert notes["所有街道和有条件的乡镇至少建设1处综合性社区养老服务设施覆盖率"] == ""  # I14-02: nothing


def test_the_evaluators_page_marks_what_to_fill_in(hand, displayed, undrawn_charts):
    markdown, html, _ = shown_page(hand, displayed, placeholders=True)
    assert "<mark>【待填写：评估组织单位】</mark>" in "".join(html)
    assert [m for m in markdown if m.startswith("### ")][:5] == [
        "### （一）评估范围",
        "### （二）评估组织",
        "### （三）评估方法",
        "### （四）数据来源",
        "### （五）座谈调研和征求意见",
    ]
    (tasks,) = [h for h in html if "表4　主要任务推进情况表" in h]
    assert {(r["责任单位"], r["进展情况"], r["评价"]) for r in table_rows(tasks)} == {("【待填写】",) * 3}


def test_the_attachment_tables_show_text_and_download_numbers(published_page):
    _, html, _, folder = published_page
    (main,) = [h for h in html if "表1　2023年主要指标完成情况表" in h]
    i14_04 = next(r for r in table_rows(main) if r["指标名称"] == "养老机构床位中护理型床位占比")
    columns = ("基期值", "现状值", "完成进度(%)", "时间进度(%)", "评价")
    assert tuple(i14_04[c] for c in columns) == ("32", "50（2023年）", "64.3", "60.0", "快于预期")
    assert f'href="{folder.name}/page-表1.xlsx"' in main
    # The download holds the figures as numbers: P = 18/28 = 64.29%, R = 0.6429/0.6 = 1.0714.
    rows = {r["编号"]: r for r in sheet_rows(folder / "page-表1.xlsx")}
    row = rows["I14-04"]
    columns = ("基期值", "基期年份", "目标值", "目标年份", "现状值", "现状值年份")
    assert tuple(row[c] for c in columns) == (32, 2020, 60, 2025, 50, 2023)
    assert row["完成进度(%)"] == pytest.approx(18 / 28 * 100)
    assert row["进度比R"] == pytest.approx(18 / 28 / 0.6)
    assert (row["评价"], row["预计目标年完成情况"]) == ("快于预期", "预计可完成")
    assert rows["I14-12"]["基期值"] == 40 and rows["I14-01"]["基期值"] is None  # evaluator's 2020 value; none
    # The county rates: the page says 未报送 where the download leaves the rate empty.
    (counties,) = [h for h in html if "表5　重大项目推进情况（分县市区）" in h]
    page_rates = {r["县市区"]: r["投资完成率(%)"] for r in table_rows(counties)}
    assert (page_rates["咸安区"], page_rates["通山县"], page_rates["崇阳县"], page_rates["赤壁市"]) == (
        "100.0",
        "40.0",
        "0.0",
        "未报送",
    )
    rates = {r["县市区"]: r for r in sheet_rows(folder / "page-表5.xlsx")}
    assert [rates[c]["投资完成率(%)"] for c in ("咸安区", "通山县", "赤壁市")] == [100, 40, None]
    assert rates["崇阳县"]["与时间进度差(百分点)"] == -60  # 0% invested against 60% of the time


def test_every_exhibit_cites_what_it_is_made_from(assessed, displayed, undrawn_charts):
    _, html, manifest = shown_page(assessed, displayed)
    assert "取自评估人提供的观测值，来源如下" in "".join(html)  # 数据来源 says whose the figures are
    number = {s["text"]: s["number"] for s in manifest["sources"]}
    boundaries, plan = number[maps.BOUNDARY_REFERENCE[0]], number[exhibits.PLAN]
    library = number[exhibits.PLAN_LIBRARY]
    status, yearbook = number["评估人提供的项目进展"], number["民政局统计年报2023"]
    assert plan == 1  # the plan first, then the publications in the order the page cites them

    def cited(anchor: str) -> set[int]:
        (exhibit,) = [h for h in html if f'id="{anchor}"' in h]
        footer = re.search(r'<p class="xn-source">.*?</p>', exhibit).group(0)
        return {int(n) for n in re.findall(r'href="#source-(\d+)"', footer)}

    assert {plan, yearbook} <= cited("figure-01")  # pace: the plan's targets, the evaluator's values
    assert cited("figure-02") == {library, status}  # projects: 附件2 and the status file only
    assert cited("figure-03") == {library, status, boundaries}  # the map cites the boundaries
    assert boundaries in cited("figure-04") and plan in cited("figure-04")
    assert {plan, yearbook} <= cited("table-01")
    assert cited("table-05") == {library, status}


def test_the_landing_page_answer_says_how_much_the_public_data_covers(public_assessments):
    # The published observations: no 全市 value of an assessment year (I14-11's 100% is the 2020 base);
    # by county, the three social-assistance standards (no quantified target: 无目标) and 崇阳县's
    # 护理型床位占比, 83.36% in 2024 against the 60% target of 2025 (提前完成), one measure however
    # many catalogue items restate it.
    assert page.answer(public_assessments[2025]) == (
        "2025年总结评估：58项指标和目标中，0项有全市的观测值，0项可以作出评价；"
        "按县市区，4项有县市区的观测值，1项可以作出评价（提前完成1项）；其余缺少公开数据或没有量化目标。"
    )


def test_with_public_data_the_page_says_once_what_the_data_covers(
    public_assessments, monkeypatch, undrawn_charts
):
    # The public observations give no 全市 value: by hand, 58 measures (12 main indicators, 40 prose
    # targets, 6 13th-plan measures); county values for I14-04 (崇阳县) and the three standards
    # (I13-01..03, six counties), so 4 with county data only and 54 with none.
    markdown, html, manifest = shown_page(public_assessments[2025], capture_displays(monkeypatch))
    titles = [e["title"] for e in manifest["exhibits"] if e["kind"] == "table"]
    assert titles[:2] == ["各类指标和目标的数据覆盖情况", "有公开数据的指标：地域、年份和发布来源"]
    (counts,) = [h for h in html if "各类指标和目标的数据覆盖情况" in h]
    total = table_rows(counts)[-1]
    assert (
        total["类别"],
        total["指标和目标(项)"],
        total["仅有县市区数据(项)"],
        total["没有公开数据(项)"],
    ) == (
        "合计",
        "58",
        "4",
        "54",
    )
    (found,) = [h for h in html if "有公开数据的指标" in h and "<table" in h]
    places = {r["编号"]: r["地域"] for r in table_rows(found)}
    assert places == {
        "I13-01": "六个县市区",
        "I13-02": "六个县市区",
        "I13-03": "六个县市区",
        "I14-04": "崇阳县",
        "I14-11": "全市",
    }
    # No row of 无数据 is repeated: 附件1 keeps its one item with data (I14-04, reported by one county),
    # 附件2 has none and says so once.
    (main,) = [h for h in html if "2025年主要指标完成情况表" in h and "<table" in h]
    assert [(r["序号"], r["指标名称"], r["现状值"]) for r in table_rows(main)] == [
        ("1", "养老机构床位中护理型床位占比", "仅1个县市区报送")
    ]
    assert "2025年正文和专栏量化目标完成情况表" not in titles
    assert sum("各项都没有公开数据" in m for m in markdown) == 1
    # Nothing judged at county level but 崇阳县's I14-04: the status map stays (one county judged).
    assert "2025年各县市区评估结论" in [e["title"] for e in manifest["exhibits"]]
    # The mid-term: 崇阳县's 2024 value is after 2023, so no county is judged and there is no map.
    _, _, midterm = shown_page(public_assessments[2023], capture_displays(monkeypatch))
    assert "2023年各县市区评估结论" not in [e["title"] for e in midterm["exhibits"]]
