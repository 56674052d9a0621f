"""The evaluator's deliverable: 主要指标完成情况表, summary, 重大项目 progress, problems and suggestions.

Everything here is computed from the target-gap results (:func:`xnplan.report.target_gap.assess`),
the catalogue, the project library and the evaluator's project-status file; the Word and Excel
writers (:mod:`xnplan.report.word`, :func:`completion_xlsx`) and the HTML notebook only lay it out.
Tables are text as printed (numbers already formatted, 无数据 and — written out) so the Word table,
the Excel sheet and the HTML show the same cells.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pandas as pd

from xnplan.assess import gap, inputs
from xnplan.numbers import has_value, number_text
from xnplan.parse.catalogue import KIND_13, KIND_14, KIND_PROSE
from xnplan.report import target_gap
from xnplan.schema import CITY_LEVEL, COUNTIES

CITY = inputs.CITY
DASH = "—"
NO_DATA = "无数据"
XLSX_NAME = "主要指标完成情况表.xlsx"
COMPLETION_COLUMNS = [
    "序号", "指标名称", "单位", "属性", "基期值(2020)", "目标值(年份)", "现状值(年份)", "完成进度(%)",
    "时间进度(%)", "评价", "评估人判断", "预计目标年完成情况", "责任单位", "说明"]
# Classes in the order the summary counts them.
SUMMARY_CLASSES = (gap.COMPLETED, gap.KEPT, gap.AHEAD, gap.ON_TRACK, gap.SPEED_UP, gap.LAGGING,
                   gap.REGRESSING, gap.NOT_MET)
PROJECTION_RULE = (
    "预计目标年完成情况：把基期值（2020年）和评估年份及以前的各观测值按年份作最小二乘直线（两个值时即过两点的直线），"
    "外推到目标年份，推算值达到目标的为“预计可完成”，达不到的为“预计难以完成”；已达到目标的为“预计可完成”；"
    "不足两个值（含基期值）的为“无法预计”；目标年份不晚于评估年份的，直接写“已到期，已达标/未达标”。")



def _pct(value: float | None) -> str:
    return DASH if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value * 100:.1f}"


def _one(value: float) -> str:
    """A percentage as the rate tables print it: one decimal, kept even when it is 0."""
    return DASH if value is None or math.isnan(value) else f"{value:.1f}"



# ---------------------------------------------------------------------------------------------
# 主要指标完成情况表


def _baseline_cell(row: dict) -> str:
    if not has_value(row["baseline"]):
        return "规划未给出"
    text = number_text(row["baseline"])
    if row["baseline_origin"] == "evaluator":
        text += "（评估人提供）"
    elif row["baseline_origin"] == "first_observation":
        text += f"（{int(row['baseline_year'])}年首个观测值）"
    if row.get("baseline_conflict"):
        text += "（规划值；评估人提供值不同，见说明）"
    return text


def _target_cell(row: dict, comparator: str) -> str:
    if not has_value(row["target"]):
        return "未设目标"
    sign = {">=": "≥", "<=": "≤"}.get(comparator, "")
    return f"{sign}{number_text(row['target'])}（{int(row['deadline_year'])}年）"


def _time_cell(row: dict) -> str:
    if not has_value(row["target"]):
        return DASH
    if has_value(row["tau"]):
        return _pct(row["tau"])
    deadline = int(row["deadline_year"])
    return _pct(gap.time_elapsed(min(int(row["eval_year"]), deadline), gap.BASE_YEAR, deadline))


def completion_table(results: pd.DataFrame, catalogue: pd.DataFrame, kinds: tuple[str, ...] = (KIND_14,),
                     only_with_data: bool = False) -> pd.DataFrame:
    """The 主要指标完成情况表 (city-wide), one row per item of ``kinds``, columns as evaluators use them.

    责任单位 and 说明 are left blank for the evaluator, except that 说明 names a conflict between an
    evaluator's 2020 value and the plan's. ``only_with_data`` keeps the rows with an observation or
    a judgement (for the long list of prose targets).
    """
    comparators = dict(zip(catalogue["item_id"], catalogue["comparator"], strict=True))
    city = results[(results["geography"] == CITY) & results["kind"].isin(kinds)]
    if only_with_data:
        city = city[city["observed"].notna() | (city["judgement"] != "")]
    rows = []
    # Prose targets repeat their indicator's name (T05 and T26 both read 社工站覆盖率): show the id.
    with_id = set(kinds) != {KIND_14}
    for n, row in enumerate(city.to_dict("records"), start=1):
        judged = f"{row['judgement']}（{row['judgement_reason']}）" if row["judgement"] else ""
        observed = (f"{number_text(row['observed'])}（{int(row['observed_year'])}年）"
                    if has_value(row["observed"]) else NO_DATA)
        # A meaningless P (target met at baseline, or P beyond 100% once met) is in words; its
        # number goes to 说明 (target_gap.pace_cells).
        pace = target_gap.pace_cells(row)
        rows.append([
            str(n), f"{row['item_id']} {row['name']}" if with_id else row["name"], row["unit"],
            row["attribute"] or DASH, _baseline_cell(row),
            _target_cell(row, comparators.get(row["item_id"], "")), observed,
            pace.share if pace.note else _pct(row["share"]), _time_cell(row), row["klass"], judged,
            row["projection"] or DASH, "",
            "；".join(text for text in (row.get("baseline_conflict"), pace.note) if text)])
    return pd.DataFrame(rows, columns=COMPLETION_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Summary


def _class_list(counts: pd.Series) -> str:
    return "、".join(f"{k}{int(counts[k])}项" for k in SUMMARY_CLASSES if counts.get(k, 0))


def summary(results: pd.DataFrame, assessment_year: int) -> str:
    """The computed opening paragraph: classes, binding indicators behind, projections, data gaps."""
    main = results[(results["geography"] == CITY) & (results["kind"] == KIND_14)]
    counts = main["klass"].value_counts()
    no_data = int((main["klass"] == gap.NO_ASSESSMENT).sum())
    judged = len(main) - no_data
    text = f"纳入评估的{len(main)}项主要指标中，"
    text += (_class_list(counts) + "，" if judged else "") + f"无数据无法评估{no_data}项。"
    binding = main[main["attribute"] == gap.BINDING]
    behind = binding[binding["klass"].isin(gap.BELOW_ON_TRACK)]
    if len(behind):
        by_class = behind.groupby("klass", sort=False)["name"].apply(lambda s: "、".join(s))
        text += (f"约束性指标中{len(behind)}项" + "，".join(f"{k}（{v}）" for k, v in by_class.items())
                 + "，需重点推进。")
    elif judged:
        text += "有数据的约束性指标中没有需加快或滞后的。"
    outlook = main["projection"].value_counts()
    shown = [k for k in (gap.EXPECT_MET, gap.EXPECT_NOT_MET, gap.DUE_MET, gap.DUE_NOT_MET) if outlook.get(k)]
    if shown:
        text += "按线性趋势推算，" + "、".join(f"{k}{int(outlook[k])}项" for k in shown) + "。"
    judgements = int((main["judgement"] != "").sum())
    if judgements:
        text += f"评估人对{judgements}项作出判断，与计算结论并列列出，不替代计算结论。"
    prose = results[(results["geography"] == CITY) & (results["kind"] == KIND_PROSE)]
    text += (f"正文和专栏的{len(prose)}项量化目标中，有观测值的{int(prose['observed'].notna().sum())}项。")
    if no_data * 2 >= len(main):
        y = assessment_year
        text += (f"\n\n{no_data}项主要指标缺少{y}年数据。补充数据的步骤："
                 f"`xnplan template observations --year {y} --out 观测值_{y}.xlsx` 生成模板并填写；"
                 f"`xnplan check 观测值_{y}.xlsx` 检查；"
                 f"`xnplan assess --year {y} --observations 观测值_{y}.xlsx` 重新评估。")
    return text


# ---------------------------------------------------------------------------------------------
# 重大项目 progress

RATE_COLUMNS = {
    "group": "", "planned": "计划项目(项)", "reported": "已报告(项)", "started": "已开工(项)",
    "completed": "已建成(项)", "start_pct": "开工率(%)", "complete_pct": "完工率(%)",
    "planned_wan": "计划投资(万元)", "invested_wan": "完成投资(万元)", "invest_pct": "投资完成率(%)",
    "time_pct": "时间进度(%)", "gap_pp": "与时间进度差(百分点)", "verdict": "判断"}
STARTED = ("in_progress", "completed")


def time_progress(assessment_year: int) -> float:
    """Share of the plan period 2021–2025 elapsed at the end of ``assessment_year``, in %."""
    return gap.time_elapsed(assessment_year) * 100


def verdict(gap_pp: float) -> str:
    if round(gap_pp, 1) > 0:
        return f"超过时间进度{gap_pp:.1f}个百分点"
    if round(gap_pp, 1) < 0:
        return f"落后于时间进度{-gap_pp:.1f}个百分点"
    return "与时间进度持平"


def project_rates(projects: pd.DataFrame, status: pd.DataFrame, assessment_year: int,
                  by: str) -> pd.DataFrame:
    """Per ``by`` (county or category) and in total: lines planned, started, completed, rates, investment.

    - planned: every line of 附件2 (cancelled and unreported lines included: 计划开工N项);
    - started: 在建 + 已建成; 开工率 = started / planned; 完工率 = completed / planned;
    - investment completed (the evaluator's ``invested_wan``) against the lines' 估算总投资, in %;
    - the gap to time progress τ (60% at the end of 2023, 100% at the end of 2025) in points.
    """
    merged = target_gap.project_progress(projects, status)
    tau = time_progress(assessment_year)
    order = [c for c in COUNTIES if c in set(merged["county"])] if by == "county" else list(
        dict.fromkeys(merged[by]))
    rows = []
    for name, group in [*((g, merged[merged[by] == g]) for g in order), ("合计", merged)]:
        planned_wan = float(group["investment_wan"].sum())
        invested = float(group["invested_wan"].fillna(0).sum())
        pct = invested / planned_wan * 100 if planned_wan else math.nan
        rows.append({
            "group": name, "planned": len(group), "reported": int((group["status"] != "").sum()),
            "started": int(group["status"].isin(STARTED).sum()),
            "completed": int((group["status"] == "completed").sum()),
            "start_pct": group["status"].isin(STARTED).mean() * 100,
            "complete_pct": (group["status"] == "completed").mean() * 100,
            "planned_wan": planned_wan, "invested_wan": invested, "invest_pct": pct, "time_pct": tau,
            "gap_pp": pct - tau})
    return pd.DataFrame(rows)


def present_rates(rates: pd.DataFrame, label: str) -> pd.DataFrame:
    shown = pd.DataFrame({RATE_COLUMNS["group"] or label: rates["group"]})
    for column in ("planned", "reported", "started", "completed"):
        shown[RATE_COLUMNS[column]] = rates[column].astype(int).astype(str)
    for column in ("start_pct", "complete_pct", "invest_pct", "time_pct"):
        shown[RATE_COLUMNS[column]] = rates[column].map(_one)
    for column in ("planned_wan", "invested_wan"):
        shown[RATE_COLUMNS[column]] = rates[column].map(lambda v: f"{v:,.2f}")
    shown[RATE_COLUMNS["gap_pp"]] = rates["gap_pp"].map(lambda v: f"{v:+.1f}")
    shown[RATE_COLUMNS["verdict"]] = rates["gap_pp"].map(verdict)
    return shown.rename(columns={"": label})


def rates_text(rates: pd.DataFrame) -> str:
    total = rates.iloc[-1]
    return (f"附件2项目库计划{int(total['planned'])}项，已报告实施状态{int(total['reported'])}项；"
            f"实际开工{int(total['started'])}项（在建与已建成），开工率{total['start_pct']:.1f}%；"
            f"已建成{int(total['completed'])}项，完工率{total['complete_pct']:.1f}%。"
            f"完成投资{total['invested_wan']:,.2f}万元，占计划投资{total['planned_wan']:,.2f}万元的"
            f"{total['invest_pct']:.1f}%，{verdict(total['gap_pp'])}（时间进度{total['time_pct']:.0f}%）。"
            "未报告状态的项目计入计划项目，不计入已开工。")


# ---------------------------------------------------------------------------------------------
# Counties, data quality, problems and suggestions


def county_lines(results: pd.DataFrame, county_rates: pd.DataFrame | None) -> list[str]:
    """One computed sentence per county: what was observed there and how its projects stand."""
    lines = []
    for county in (c for c in COUNTIES if c != CITY_LEVEL):
        rows = results[(results["geography"] == county) & results["observed"].notna()]
        parts = []
        if len(rows):
            shown = rows.drop_duplicates("observation_id").to_dict("records")
            items = "；".join(f"{r['name']} {number_text(r['observed'])}{r['unit']}"
                             f"（{int(r['observed_year'])}年，{r['klass']}）" for r in shown)
            parts.append(f"有观测值的指标{rows['observation_id'].nunique()}项：{items}")
        else:
            parts.append("没有县级观测值")
        if county_rates is not None and county in set(county_rates["group"]):
            r = county_rates[county_rates["group"] == county].iloc[0]
            parts.append(f"重大项目开工率{r['start_pct']:.1f}%、完工率{r['complete_pct']:.1f}%，"
                         f"投资完成率{_one(r['invest_pct'])}%，{verdict(r['gap_pp'])}")
        lines.append(f"{county}：" + "；".join(parts) + "。")
    if county_rates is not None and CITY_LEVEL in set(county_rates["group"]):
        r = county_rates[county_rates["group"] == CITY_LEVEL].iloc[0]
        lines.append(f"市本级：重大项目开工率{r['start_pct']:.1f}%、完工率{r['complete_pct']:.1f}%，"
                     f"投资完成率{_one(r['invest_pct'])}%，{verdict(r['gap_pp'])}。")
    return lines


def quality_notes(reconciliation: pd.DataFrame, catalogue: pd.DataFrame) -> list[str]:
    """The plan's own contradictions about the indicators assessed: checks not 'ok' on an indicator."""
    names = set(catalogue["name"]) | set(catalogue["observation_name"].dropna())
    about = reconciliation["item"].str.split(":").str[0]
    table_check = reconciliation["check_id"].str.startswith(("ind13-", "ind14-"))
    wanted = reconciliation[(reconciliation["status"] != "ok") & (about.isin(names) | table_check)]
    label = {"mismatch": "不一致", "ambiguous": "存疑"}
    return [f"{r['item']}（{label.get(r['status'], r['status'])}，原文第{r['source_line']}行）："
            f"{r['explanation']}" for r in wanted.to_dict("records")]


def problems(results: pd.DataFrame, county_rates: pd.DataFrame | None) -> list[str]:
    """存在问题: the computed facts (binding indicators behind, counties behind time, missing data)."""
    city = results[results["geography"] == CITY]
    facts = []
    behind = city[city["flagged"]]
    for r in behind.to_dict("records"):
        facts.append(f"约束性指标“{r['name']}”{r['klass']}：现状{number_text(r['observed'])}{r['unit']}，"
                     f"完成进度{_pct(r['share'])}%，时间进度{_pct(r['tau'])}%。")
    hard = city[(city["projection"] == gap.EXPECT_NOT_MET) & ~city["flagged"]]
    for r in hard.to_dict("records"):
        facts.append(f"“{r['name']}”按现有趋势预计难以在{int(r['deadline_year'])}年完成。")
    if county_rates is not None:
        late = county_rates[(county_rates["gap_pp"] < 0) & (county_rates["group"] != "合计")]
        for r in late.to_dict("records"):
            facts.append(f"{r['group']}重大项目投资完成率{_one(r['invest_pct'])}%，"
                         f"{verdict(r['gap_pp'])}。")
    missing = city[(city["klass"] == gap.NO_ASSESSMENT) & (city["kind"] == KIND_14)]
    if len(missing):
        facts.append(f"{len(missing)}项主要指标没有{int(city['eval_year'].max())}年数据，无法评估："
                     + "、".join(missing["name"]) + "。")
    return facts or ["根据现有数据，未发现滞后的约束性指标或落后于时间进度的县市区。"]


def suggestions(results: pd.DataFrame, county_rates: pd.DataFrame | None, assessment_year: int) -> list[str]:
    """对策建议, one per computed problem: what to speed up, where, and which data to supply."""
    city = results[results["geography"] == CITY]
    out = []
    flagged = city[city["flagged"] | (city["projection"] == gap.EXPECT_NOT_MET)]
    if len(flagged):
        out.append("加快推进" + "、".join(dict.fromkeys(flagged["name"])) + "，逐项明确年度任务和责任单位。")
    if county_rates is not None:
        late = county_rates[(county_rates["gap_pp"] < 0) & (county_rates["group"] != "合计")]
        if len(late):
            out.append("督促" + "、".join(late["group"])
                       + "加快重大项目建设和投资进度，对未开工项目逐项说明原因。")
    missing = city[(city["klass"] == gap.NO_ASSESSMENT) & (city["kind"] == KIND_14)]
    if len(missing):
        out.append(f"补充{len(missing)}项主要指标的{assessment_year}年统计数据（用 xnplan template "
                   f"observations --year {assessment_year} 生成模板），"
                   "并为规划未给出基期值的指标补充2020年数据及来源。")
    return out or ["保持现有推进力度，按年度监测各项指标。"]


def cut_off(observations: pd.DataFrame, status: pd.DataFrame | None) -> str:
    """Latest date any evaluator value refers to (as_of), or the year-end of the latest year."""
    dates = [d for d in observations.get("as_of", pd.Series(dtype=str)) if d]
    if status is not None:
        dates += [d for d in status["as_of"] if d]
    if dates:
        return max(dates)
    years = observations["year"] if len(observations) else []
    return f"{max(years)}-12-31" if len(years) else "未注明"


def sources(observations: pd.DataFrame) -> list[str]:
    if observations.empty:
        return []
    grouped = observations.groupby("source", sort=False)["indicator_id"].apply(
        lambda s: "、".join(dict.fromkeys(s)))
    return [f"{source}（{ids}）" for source, ids in grouped.items()]


# ---------------------------------------------------------------------------------------------
# The whole assessment, as data


@dataclass(frozen=True)
class Assessment:
    year: int
    observations_name: str
    results: pd.DataFrame
    main_table: pd.DataFrame
    other_table: pd.DataFrame  # prose targets and 13th-plan measures with data or a judgement
    summary: str
    county_rates: pd.DataFrame | None
    category_rates: pd.DataFrame | None
    counties: list[str]
    quality: list[str]
    problems: list[str]
    suggestions: list[str]
    cut_off: str
    sources: list[str]
    encoding: str


def build(plan, catalogue: pd.DataFrame, data: target_gap.Inputs, assessment_year: int,
          observations_name: str) -> Assessment:
    results = target_gap.assess(catalogue, data.observations, assessment_year)
    county_rates = category_rates = None
    if data.project_status is not None:
        county_rates = project_rates(plan.projects, data.project_status, assessment_year, "county")
        category_rates = project_rates(plan.projects, data.project_status, assessment_year, "category")
    return Assessment(
        year=assessment_year, observations_name=observations_name, results=results,
        main_table=completion_table(results, catalogue),
        other_table=completion_table(results, catalogue, (KIND_PROSE, KIND_13), only_with_data=True),
        summary=summary(results, assessment_year), county_rates=county_rates, category_rates=category_rates,
        counties=county_lines(results, county_rates), quality=quality_notes(plan.reconciliation, catalogue),
        problems=problems(results, county_rates),
        suggestions=suggestions(results, county_rates, assessment_year),
        cut_off=cut_off(data.observations, data.project_status), sources=sources(data.observations),
        encoding=str(data.observations.attrs.get("encoding", "")))


def completion_xlsx(assessment: Assessment) -> bytes:
    """主要指标完成情况表.xlsx: the main table, the other targets with data, and project progress."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheets = {"主要指标完成情况表": assessment.main_table, "其他目标": assessment.other_table}
    if assessment.county_rates is not None:
        sheets["重大项目分县市区"] = present_rates(assessment.county_rates, "县市区")
        sheets["重大项目分类"] = present_rates(assessment.category_rates, "大类")
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.map(inputs.neutralise).to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "C2"
            for i, column in enumerate(frame.columns, start=1):
                sheet.cell(row=1, column=i).font = Font(bold=True)
                longest = max([len(str(column)), *(len(str(v)) for v in frame[column])])
                sheet.column_dimensions[get_column_letter(i)].width = max(8, min(40, longest * 1.6 + 2))
            for row in sheet.iter_rows(min_row=1):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return buffer.getvalue()
