"""What an assessment finds, as typed data, each kind worded by its own ``text()``.

:func:`problems` (存在问题), :func:`suggestions` (对策建议), :func:`adjustments` (目标调整建议, or for
the final assessment 对“十五五”规划的建议), :func:`achievements` (主要成效) and :func:`plan_notes` (the
plan's own inconsistencies about what is assessed) read an :class:`~xnplan.assess.assessment.Assessment`
and return findings built only from data that exists: no data, no finding. A finding holds its
figures and subjects; its wording lives in its class, once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xnplan import facts
from xnplan.assess import gap
from xnplan.assess.assessment import Assessment
from xnplan.assess.wording import difference_unit, figure, one_decimal, subject, target_text, verdict_label
from xnplan.facts import WHOLE_CITY
from xnplan.numbers import has_value, number_text


def _names(rows: pd.DataFrame) -> str:
    """The measures by name, the first :data:`LISTED` of them; then how many there are in all."""
    names = list(dict.fromkeys(subject(r) for r in rows.to_dict("records")))
    return "、".join(names) if len(names) <= LISTED else "、".join(names[:LISTED]) + f"等{len(names)}项"


# Sentences list this many measures by name; the rest are counted and left to the attachments.
LISTED = 6


def _pct(value: float) -> str:
    return one_decimal(value) + "%"


# --- 存在问题 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BehindSchedule:
    """Measures behind schedule or not completed (binding ones first)."""

    rows: pd.DataFrame
    binding: bool
    final: bool = False

    def text(self) -> str:
        records = self.rows.to_dict("records")
        parts = [_behind(r) for r in records[:LISTED]]
        if len(records) > LISTED:
            parts.append(f"另有{len(records) - LISTED}项，见附件")
        head = f"{facts.BINDING}指标" if self.binding else "其他指标和目标"
        state = facts.NOT_COMPLETED if self.final else f"进度{facts.LAGGING}或{facts.NOT_COMPLETED}"
        return f"{head}中有{len(records)}项{state}。" + "；".join(parts) + "。"


def _behind(r: dict) -> str:
    """One measure behind: its class, target and value, and its pace where it has one."""
    where = f"{r['geography']}" if r["geography"] != WHOLE_CITY else ""
    head = f"{where}{subject(r)}{verdict_label(r)}：目标{target_text(r)}"
    if not has_value(r["observed"]):  # the evaluator's judgement, without a value
        return head
    text = f"{head}，现状值{figure(r['observed'], r['unit'])}（{int(r['observed_year'])}年）"
    if has_value(r["share"]) and has_value(r["tau"]) and r["verdict"] != gap.NOT_COMPLETED:
        text += f"，完成进度{_pct(r['share'] * 100)}，时间进度{_pct(r['tau'] * 100)}"
    return text


@dataclass(frozen=True)
class ProjectedToMiss:
    rows: pd.DataFrame

    def text(self) -> str:
        parts = [
            f"{subject(r)}（按趋势推算{int(r['deadline_year'])}年为{figure(r['projected'], r['unit'])}，"
            f"目标{target_text(r)}）"
            for r in self.rows.to_dict("records")
        ]
        return f"按现有趋势推算，{len(parts)}项到目标年份难以完成：" + "；".join(parts) + "。"


@dataclass(frozen=True)
class Declined:
    rows: pd.DataFrame

    def text(self) -> str:
        parts = [
            f"{'' if r['geography'] == WHOLE_CITY else r['geography']}“{r['name']}”"
            f"由{int(r['baseline_year'])}年的{figure(r['baseline'], r['unit'])}"
            f"降至{int(r['observed_year'])}年的{figure(r['observed'], r['unit'])}"
            for r in self.rows.to_dict("records")
        ]
        return "规划未设目标、但较基期下降的指标：" + "；".join(parts) + "。"


@dataclass(frozen=True)
class MissingData:
    """Main indicators without a usable value or judgement at the scope, and those only counties gave."""

    year: int
    missing: pd.DataFrame
    partial: pd.DataFrame

    def text(self) -> str:
        text = ""
        if len(self.missing):
            text += (
                f"{len(self.missing)}项主要指标没有{self.year}年及以前的数据，"
                f"无法评估：{_names(self.missing)}。"
            )
        if len(self.partial):
            parts = [
                f"“{r['name']}”仅{int(r['counties_reported'])}个县市区报送"
                for r in self.partial.to_dict("records")
            ]
            text += "另有" + "、".join(parts) + "，没有全市数据。"
        return text


@dataclass(frozen=True)
class ProjectsBehindTime:
    rows: pd.DataFrame  # projects.rates rows of the groups behind
    final: bool = False

    def text(self) -> str:
        if self.final:
            parts = [
                f"{r['group']}报送项目的投资完成率为{_pct(r['invest_pct'])}"
                f"（报送率{_pct(r['reported_pct'])}）"
                for r in self.rows.to_dict("records")
            ]
            return "至规划期末，重大项目投资未全部完成：" + "；".join(parts) + "。"
        parts = [
            f"{r['group']}投资完成率{_pct(r['invest_pct'])}，低于时间进度（{_pct(r['time_pct'])}）"
            f"{one_decimal(-r['gap_pp'])}个百分点（报送率{_pct(r['reported_pct'])}）"
            for r in self.rows.to_dict("records")
        ]
        return "重大项目投资进度落后于时间进度：" + "；".join(parts) + "。"


@dataclass(frozen=True)
class ProjectsNotReported:
    groups: list[str]
    lines: int
    planned_wan: float

    def text(self) -> str:
        return (
            f"{'、'.join(self.groups)}未报送项目进展（共{self.lines}行项目、估算总投资"
            f"{number_text(self.planned_wan)}万元），无法评估其推进情况。"
        )


@dataclass(frozen=True)
class ProjectFlags:
    over_invested: pd.DataFrame
    spent_not_started: pd.DataFrame

    def text(self) -> str:
        parts = []
        if len(self.over_invested):
            lines = "、".join(
                f"{r['name']}（完成{number_text(r['invested_wan'])}万元，"
                f"估算{number_text(r['investment_wan'])}万元）"
                for r in self.over_invested.to_dict("records")
            )
            parts.append(f"{len(self.over_invested)}个项目报送的完成投资超过估算总投资：{lines}")
        if len(self.spent_not_started):
            lines = "、".join(
                f"{r['name']}（{number_text(r['invested_wan'])}万元）"
                for r in self.spent_not_started.to_dict("records")
            )
            parts.append(f"{len(self.spent_not_started)}个项目报送为未开工，但已有完成投资：{lines}")
        return "；".join(parts) + "，需核实。"


def problems(a: Assessment) -> list:
    """存在问题, each from data that exists; binding indicators first."""
    rows = a.measures
    behind = rows[rows["verdict"].isin(gap.BEHIND)]
    found: list = []
    binding = behind[behind["attribute"] == facts.BINDING]
    if len(binding):
        found.append(BehindSchedule(binding, binding=True, final=a.edition.final))
    other = behind[behind["attribute"] != facts.BINDING]
    if len(other):
        found.append(BehindSchedule(other, binding=False, final=a.edition.final))
    if not a.edition.final:
        miss = rows[(rows["projection"] == gap.EXPECT_NOT_MET) & ~rows["verdict"].isin(gap.BEHIND)]
        if len(miss):
            found.append(ProjectedToMiss(miss))
    declined = pd.concat([rows, a.counties()])
    declined = declined[declined["declined"] & (declined["item_id"] == declined["measure_id"])]
    if len(declined):
        found.append(Declined(declined))
    main = rows[rows["kind"] == "十四五主要指标"]
    unjudged = main[main["verdict"] == gap.NO_ASSESSMENT]
    if len(unjudged):
        found.append(
            MissingData(
                a.edition.year,
                unjudged[unjudged["counties_reported"] == 0],
                unjudged[unjudged["counties_reported"] > 0],
            )
        )
    found += _project_problems(a)
    return found


def _project_problems(a: Assessment) -> list:
    p = a.projects
    if p is None:
        return []
    found: list = []
    late = p.behind_time("county") if not a.edition.county else p.behind_time("category")
    if len(late):
        found.append(ProjectsBehindTime(late, final=a.edition.final))
    silent = p.not_reported("county")
    if silent and not a.edition.county:
        lines = p.lines[p.lines["county"].isin(silent)]
        found.append(ProjectsNotReported(silent, len(lines), float(lines["investment_wan"].sum())))
    over, idle = p.listed("over_invested"), p.listed("spent_not_started")
    if len(over) or len(idle):
        found.append(ProjectFlags(over, idle))
    return found


# --- 对策建议 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sentence:
    """A finding whose words are settled when it is found."""

    text_: str

    def text(self) -> str:
        return self.text_


@dataclass(frozen=True)
class Suggestion(_Sentence):
    """One 对策建议: what to do, and about what (the subjects come from a problem)."""


def suggestions(a: Assessment, found: list) -> list[Suggestion]:
    """One suggestion per kind of problem found; the final assessment looks to the 十五五 plan."""
    out: list[Suggestion] = []
    final = a.edition.final
    behind = [p.rows for p in found if isinstance(p, BehindSchedule | ProjectedToMiss)]
    if behind:
        rows = pd.concat(behind)
        if final:
            text = f"对未完成的{_names(rows)}，分析未完成的原因，在“十五五”规划中研究是否延续及其目标值。"
        else:
            text = (
                f"对{_names(rows)}，逐项分析进度滞后的原因，"
                f"明确{a.edition.year + 1}—{facts.FINAL_YEAR}年的年度任务和责任单位。"
            )
        out.append(Suggestion(text))
    for problem in found:
        if isinstance(problem, ProjectsBehindTime):
            groups = "、".join(problem.rows["group"])
            out.append(
                Suggestion(
                    f"对{groups}未建成的重大项目，区分续建和未开工项目，逐项明确纳入“十五五”规划项目库或调整出库。"
                    if final
                    else f"督促{groups}加快重大项目建设和资金拨付，对未开工项目逐项说明原因。"
                )
            )
        elif isinstance(problem, ProjectsNotReported):
            out.append(Suggestion(f"请{'、'.join(problem.groups)}补报项目实施状态和完成投资，作为评估依据。"))
        elif isinstance(problem, MissingData):
            purpose = "，为“十五五”规划提供基期值。" if final else "，补充缺少数据的指标及其2020年基期值。"
            out.append(
                Suggestion(
                    f"建立规划主要指标的年度统计监测制度，明确各指标的统计口径、数据来源和报送单位{purpose}"
                )
            )
        elif isinstance(problem, Declined):
            out.append(Suggestion(f"分析{_names(problem.rows)}下降的原因，必要时设定量化目标。"))
        elif isinstance(problem, ProjectFlags):
            out.append(Suggestion("对完成投资超过估算总投资或未开工已有投资的项目，核实报送数据。"))
    return out


# --- 目标调整建议 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A target the evaluator may want to adjust, and why; the evaluator decides."""

    subject: str
    why: str

    def text(self) -> str:
        return f"{self.subject}：{self.why}。"


def adjustments(a: Assessment) -> list[Candidate]:
    """Candidates computed from the plan and the data: targets not above their base year, deadlines
    passed and missed, one measure with two targets, main indicators without a base value."""
    items = a.scope_rows
    out: list[Candidate] = []
    with_both = items[
        items["target"].notna()
        & items["baseline"].notna()
        & (items["item_id"] == items["measure_id"])
        & (items["baseline_origin"] == "plan")
    ]
    final = a.edition.final
    raise_it = "，“十五五”规划设定同类目标时宜高于已达到的水平" if final else "，可研究是否提高目标"
    for r in with_both.to_dict("records"):
        if gap.is_met(r["baseline"], r["target"]):
            out.append(
                Candidate(
                    subject(r),
                    f"目标{target_text(r)}不高于规划所列2020年值"
                    f"{figure(r['baseline'], r['unit'])}，"
                    f"目标已在规划期初达到{raise_it}",
                )
            )
    if not a.edition.final:
        for r in a.measures[a.measures["verdict"] == gap.NOT_COMPLETED].to_dict("records"):
            out.append(
                Candidate(
                    subject(r), f"目标年份{int(r['deadline_year'])}年已过，仍未完成，可研究是否顺延目标年份"
                )
            )
    out += _twice_stated(items, final)
    main = a.catalogue[a.catalogue["kind"] == "十四五主要指标"]
    no_base = main[main["baseline"].isna()]
    if len(no_base):
        advice = "“十五五”规划宜为每项指标给出基期值和统计口径" if final else "可补充基期值及其统计口径"
        out.append(Candidate(f"{len(no_base)}项主要指标", f"{_bases_in_use(a, no_base)}，{advice}"))
    return out


def _bases_in_use(a: Assessment, no_base: pd.DataFrame) -> str:
    """What the assessment used as base for the main indicators the plan gives none: a 2020 value of
    the observations, the earliest observation (the method's rule), or nothing, when progress cannot
    be measured. Said for each group, so that no indicator is called unmeasurable that was measured."""
    bases = a.measures.drop_duplicates("measure_id").set_index("measure_id")["baseline_year"]
    groups: dict[str, list[str]] = {"evaluator": [], "earliest": [], "none": []}
    for r in no_base.to_dict("records"):
        year = bases.get(r["measure_id"])
        group = "none" if not has_value(year) else "evaluator" if year == facts.BASE_YEAR else "earliest"
        groups[group].append(str(int(r["item_id"].split("-")[1])))
    listed = "、".join(str(int(i.split("-")[1])) for i in no_base["item_id"])
    text = f"规划未给出{facts.BASE_YEAR}年基期值（主要指标第{listed}项）"
    if len(groups["none"]) == len(no_base):
        return f"{text}，无法测算完成进度"
    if groups["evaluator"]:
        text += f"；第{'、'.join(groups['evaluator'])}项以观测值中的{facts.BASE_YEAR}年值为基期值"
    if groups["earliest"]:
        text += f"；第{'、'.join(groups['earliest'])}项以最早的观测值为基期值"
    if groups["none"]:
        text += f"；第{'、'.join(groups['none'])}项无法测算完成进度"
    return text


def _twice_stated(items: pd.DataFrame, final: bool) -> list[Candidate]:
    """One observed measure given two targets (values or deadlines) in different places."""
    out = []
    targets = items[items["target"].notna()]
    for _, group in targets.groupby("observation_id", sort=False):
        measures = group.drop_duplicates("measure_id")
        if len(measures) < 2:
            continue
        stated = "；".join(f"{r['place']} {target_text(r)}" for r in measures.to_dict("records"))
        out.append(
            Candidate(
                f"“{measures['name'].iloc[0]}”",
                f"规划中有{len(measures)}个不同的目标（{stated}），评估时分别判断，"
                + ("“十五五”规划宜只设一个目标" if final else "可统一为一个目标"),
            )
        )
    return out


# --- 主要成效 -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Achievement(_Sentence):
    """One 主要成效, as the assessment's text states it."""


def _met(r: dict) -> str:
    """A measure that met its target: its class, its value and year when it has one, and the target."""
    value = ""
    if has_value(r["observed"]):
        value = f"，{figure(r['observed'], r['unit'])}（{int(r['observed_year'])}年）"
    return f"{subject(r)}{verdict_label(r)}{value}，目标{target_text(r)}"


def achievements(a: Assessment) -> list[Achievement]:
    """Highlights computed from the data: measures met or ahead, standards raised, projects completed."""
    out: list[Achievement] = []
    rows = a.measures
    met = rows[rows["verdict"].isin(gap.MET_CLASSES)]
    if len(met):
        records = met.to_dict("records")
        parts = "；".join(_met(r) for r in records[:LISTED])
        rest = f"；另有{len(records) - LISTED}项，见附件" if len(records) > LISTED else ""
        out.append(Achievement(f"{len(met)}项指标和目标达到目标：{parts}{rest}。"))
    ahead = rows[rows["verdict"] == gap.AHEAD]
    if len(ahead):
        out.append(Achievement(f"{_names(ahead)}快于预期。"))
    out += _raised_standards(a)
    if a.projects is not None and a.projects.total["completed"]:
        t = a.projects.total
        out.append(
            Achievement(
                f"报送的重大项目中已建成{int(t['completed'])}行，"
                f"在建{int(t['started']) - int(t['completed'])}行，"
                f"完成投资{number_text(t['invested_wan'])}万元。"
            )
        )
    return out


def _raised_standards(a: Assessment) -> list[Achievement]:
    """Measures without a target that rose: the range over the geographies observed, against 2020."""
    rows = pd.concat([a.scope_rows, a.counties()])
    rows = rows[
        (rows["verdict"] == gap.NO_TARGET)
        & rows["observed"].notna()
        & rows["baseline"].notna()
        & ~rows["declined"]
    ]
    out = []
    for _, group in rows.groupby("item_id", sort=False):
        r = group.iloc[0]
        low, high = group["observed"].min(), group["observed"].max()
        years = sorted(set(group["observed_year"].astype(int)))
        where = "、".join(group["geography"]) if len(group) < 4 else f"{len(group)}个县市区"
        values = figure(low, r["unit"]) if low == high else f"{number_text(low)}–{figure(high, r['unit'])}"
        out.append(
            Achievement(
                f"“{r['name']}”{where}{'、'.join(map(str, years))}年为{values}，"
                f"高于2020年{'全市平均' if r['geography'] != WHOLE_CITY else ''}"
                f"{figure(r['baseline'], r['unit'])}。"
            )
        )
    return out


# --- the plan's own inconsistencies about what is assessed -------------------------------------------


@dataclass(frozen=True)
class PlanNote:
    subject: str
    stated: float
    other: float
    unit: str
    where_stated: str  # 十三五主要指标完成情况表 …
    where_other: str

    def text(self) -> str:
        return (
            f"“{self.subject}”：{self.where_stated}为{figure(self.stated, self.unit)}，"
            f"{self.where_other}为{figure(self.other, self.unit)}，两者不一致；"
            f"本评估采用{self.where_stated}的数字作为2020年基期值。"
        )


def plan_notes(a: Assessment) -> list[PlanNote]:
    """Base values the plan states twice with different figures (prose against its table)."""
    checks = a.plan.reconciliation
    items = a.catalogue[a.catalogue["baseline"].notna()]
    differing = checks[(checks["status"] == "mismatch") & (checks["compares"] == "prose-table")]
    out = []
    for item in items.to_dict("records"):
        match = differing[
            (differing["source_line"] == item["source_line"])
            & ((differing["stated"] - item["baseline"]).abs() < 1e-9)
        ]
        for check in match.to_dict("records"):
            out.append(
                PlanNote(
                    item["name"],
                    check["stated"],
                    check["computed"],
                    item["unit"],
                    f"规划{check['stated_source']}",
                    "规划正文",
                )
            )
    return out


def difference(value: float, unit: str) -> str:
    """A signed difference with its unit (+97元/月, −1.6个百分点)."""
    if not has_value(value):
        return facts.DASH
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number_text(abs(value))}{difference_unit(unit)}"
