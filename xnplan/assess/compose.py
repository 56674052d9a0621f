"""The assessment report as a 公文: an :class:`~xnplan.assess.assessment.Assessment` laid out as a
:class:`~xnplan.assess.document.Document`, in the order real 中期评估 and 总结评估 reports use.

一、评估工作开展情况 · 二、主要成效 · 三、主要指标完成情况 · 四、主要任务推进情况 · 五、重大项目推进情况 ·
六、分县市区情况 (the city's edition) · 七、存在问题 · 八、对策建议 · 九、目标调整建议 (总结评估: 对“十五五”
规划的建议); the tables are attachments. Every sentence is computed from the assessment or is a
【待填写】 placeholder for what the tool cannot know (organisation, consultation, other results);
``placeholders=False`` leaves those out for a page that is published as it is.

No command, file name, check id or line number of the text file appears: places in the plan are
cited by the published document's page and section.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xnplan import facts
from xnplan.assess import document as doc
from xnplan.assess import findings, gap, tables, wording
from xnplan.assess.assessment import Assessment
from xnplan.facts import TERRITORIES, WHOLE_CITY
from xnplan.numbers import has_value, number_text

MAIN, PROSE, WITHOUT_TARGET = tables.MAIN, tables.PROSE, tables.WITHOUT_TARGET


def _fill(what: str) -> doc.Text:
    return doc.Text(f"【待填写：{what}】", placeholder=True)


def _binding_sentence(main: pd.DataFrame) -> str:
    """How many of the main indicators are 约束性, and which of them are flagged ('' when none is)."""
    binding = main[main["attribute"] == facts.BINDING]
    flagged = binding[binding["flagged"]]
    warned = f"，{len(flagged)}项需要预警（{'、'.join(flagged['name'])}）" if len(flagged) else ""
    if len(binding) == len(main) and len(main):
        return f"{len(main)}项均为{facts.BINDING}指标{warned}。"
    if len(binding):
        return f"其中{facts.BINDING}指标{len(binding)}项，{_counts(binding)}{warned}。"
    return ""


def _outlook_sentence(main: pd.DataFrame) -> str:
    """Mid-term: the linear projections to the target year, when any of them says met or not met."""
    outlook = main["projection"].value_counts()
    if not (outlook.get(gap.EXPECT_MET) or outlook.get(gap.EXPECT_NOT_MET)):
        return ""
    shown = [k for k in (gap.EXPECT_MET, gap.EXPECT_NOT_MET, gap.CANNOT_PROJECT) if outlook.get(k)]
    counts = "、".join(f"{k}{int(outlook[k])}项" for k in shown)
    return f"按线性趋势推算到目标年份，{counts}。"


def _stale_sentence(main: pd.DataFrame, year: int) -> str:
    """Final: the indicators whose latest figure is older than the assessment year."""
    stale = main[main["stale"] & main["observed"].notna()]
    if not len(stale):
        return ""
    dated = "、".join(f"“{r['name']}”（{int(r['observed_year'])}年）" for r in stale.to_dict("records"))
    return f"{len(stale)}项的最新数据早于{year}年，按最新数评价：{dated}。"


def _counts(rows: pd.DataFrame) -> str:
    """'已完成2项、需加快1项、无法评估9项' in the order of the classes; evaluator judgements said so."""
    return wording.class_counts(rows["verdict"], rows.loc[rows["basis"] == "评估人判断", "verdict"])


@dataclass(frozen=True)
class Composer:
    a: Assessment
    placeholders: bool = True

    @property
    def edition(self):
        return self.a.edition

    def fill(self, what: str) -> list[doc.Block]:
        return [doc.Paragraph((_fill(what),))] if self.placeholders else []

    # --- 导语 and 一、评估工作开展情况 ---------------------------------------------------------------

    def opening(self) -> list[doc.Block]:
        e = self.edition
        who = (_fill("评估组织单位"),) if self.placeholders else ("",)
        where = f"在{e.county}的实施情况" if e.county else "实施情况"
        return [
            doc.Paragraph(
                (
                    f"《{facts.PLAN_TITLE}》第七章六、“健全规划实施机制”提出，“2023年和2025年底组织对本规划实施情况进行评估，"
                    f"依据评估结果对规划目标任务进行科学调整”。",
                    *who,
                    f"对规划{where}开展了{e.label}。现将评估情况报告如下。",
                )
            )
        ]

    def work(self) -> list[doc.Block]:
        a, e = self.a, self.edition
        items = a.catalogue
        prose = items[items["kind"] == PROSE]
        merged = int((prose["item_id"] != prose["measure_id"]).sum())
        scope = f"{e.county}的" if e.county else ""
        mains = int((items["kind"] == MAIN).sum())
        untargeted = int((items["kind"] == WITHOUT_TARGET).sum())
        blocks: list[doc.Block] = [doc.Heading("评估工作开展情况", 1), doc.Heading("评估范围", 2)]
        blocks.append(
            doc.Paragraph(
                f"评估{scope}规划主要指标表的{mains}项主要指标、正文和专栏中的{len(prose)}项量化目标"
                f"（其中{merged}项与主要指标或其他目标相同，合并评估）、"
                f"“十四五”未设目标的{untargeted}项“十三五”指标，以及规划附件2项目库"
                f"{'中' + e.county + '的' if e.county else '的'}{self._project_lines()}行项目。"
                f"评估以{e.year}年末为准。"
            )
        )
        if self.placeholders:
            blocks += [doc.Heading("评估组织", 2), *self.fill("评估工作的组织领导、参加单位和时间安排")]
        blocks += [doc.Heading("评估方法", 2), *self.method(), doc.Heading("数据来源", 2), *self.data()]
        if self.placeholders:
            blocks += [doc.Heading("座谈调研和征求意见", 2), *self.fill("座谈、实地调研、问卷和征求意见情况")]
        return blocks

    def _project_lines(self) -> int:
        projects = self.a.plan.projects
        county = self.edition.county
        return len(projects) if not county else int((projects["county"] == county).sum())

    def method(self) -> list[doc.Block]:
        e = self.edition
        t = gap.DEFAULT_THRESHOLDS
        text = (
            "采用目标差距法，逐项对照规划的基期值（2020年）、目标值和目标年份："
            "完成进度 =（现状值 − 基期值）÷（目标值 − 基期值），"
            "时间进度 =（现状值年份 − 基期年份）÷（目标年份 − 基期年份），进度比R = 完成进度 ÷ 时间进度。"
            "规划未给出基期值而评估人提供2020年值的，以其为基期值并注明；两者都没有而有两个以上观测值的，"
            "以最早的观测值为基期值，基期年份即该值的年份。现状值取评估年份及以前的最新观测值，评估年份以后的不采用。"
            f"{gap.FULL_COVERAGE_PCT:g}%覆盖类目标允许{gap.COVERAGE_TOLERANCE_POINTS:g}个百分点的误差。"
        )
        if not e.final:
            text += (
                f"目标年份未到的，按进度比评价（R在{t.on_track:g}至{t.ahead:g}之间为基本符合预期），"
                "并按基期值和各年观测值的最小二乘直线推算到目标年份，"
                "推算值达到目标的为“预计可完成”，否则为“预计难以完成”，不足两个值的为“无法预计”。"
            )
        text += "目标年份已过的，按目标年份的值判断，此后达到的为逾期完成。"
        blocks: list[doc.Block] = [doc.Paragraph(text), doc.Paragraph("各评价的含义如下：")]
        blocks.append(doc.Items(tuple(f"{k}：{v}。" for k, v in wording.definitions(e.final).items())))
        blocks.append(
            doc.Paragraph(
                "评估人对指标作出的判断与计算结论并列列出；没有观测值、只有评估人判断的，以评估人判断作为评价，并注明“评估人判断”。"
                "正文和专栏中与主要指标（或其他目标）指标相同、目标值和目标年份也相同的目标，视为同一项，只评价和计数一次。"
                + (
                    "规划只给出全市的基期值和目标值，县市区的观测值对照全市基期值和目标值，"
                    "仅供参考，不加总为全市数。"
                    if not e.county
                    else f"规划只给出全市的基期值和目标值，{e.county}的观测值对照全市基期值和目标值。"
                )
            )
        )
        if self.a.projects is not None:
            blocks.append(
                doc.Paragraph(
                    "重大项目以报送了实施状态的项目为基础计算："
                    "报送率 = 报送项目行数 ÷ 计划项目行数；已取消的项目不计入分母；"
                    "开工率 =（在建 + 已建成）÷ 报送且未取消的项目数；"
                    "完工率 = 已建成 ÷ 报送且未取消的项目数；"
                    "投资完成率 = 完成投资 ÷ 报送且未取消项目的估算总投资；"
                    "时间进度按项目计划工期计算（未填写的按规划期2021—2025年计算），按估算总投资加权。"
                    "未报送的县市区和类别记为“未报送”，不计算比率、不排名。"
                )
            )
        return blocks

    def data(self) -> list[doc.Block]:
        a, e = self.a, self.edition
        obs = a.evidence.observations
        used = obs[(obs["year"] <= e.year) & (obs["value"].notna() | (obs["judgement"].fillna("") != ""))]
        if e.county:
            used = used[used["geography"] == e.county]
        text = f"数据截至{a.cut_off}。"
        if len(used):
            city = int((used["geography"] == WHOLE_CITY).sum())
            judged = int((used["judgement"].fillna("") != "").sum())
            text += (
                f"本次评估使用观测值和判断{len(used)}条"
                + (f"（全市{city}条、县市区{len(used) - city}条）" if not e.county else "")
                + (f"，其中评估人判断{judged}条" if judged else "")
                + "，来源如下："
            )
            if a.evidence.observations_label:
                text = text.replace("来源如下：", f"取自{a.evidence.observations_label}，来源如下：")
        else:
            text += "评估人没有提供观测值，各项指标均无法评估。"
        blocks: list[doc.Block] = [doc.Paragraph(text)]
        if a.sources:
            blocks.append(
                doc.Items(
                    tuple(
                        f"{s.title}（{s.reliability + '，' if s.reliability else ''}"
                        f"{'、'.join(map(str, s.years))}年数据{s.values}条）"
                        for s in a.sources
                    )
                )
            )
        if len(a.later):
            years = "、".join(str(y) for y in sorted(set(a.later["year"])))
            blocks.append(doc.Paragraph(f"另有{len(a.later)}条{years}年的数据晚于评估年份，不用于本次评估。"))
        if a.projects is not None:
            t, late = a.projects.total, a.projects.late
            blocks.append(
                doc.Paragraph(
                    f"项目实施状态报送{int(t['reported'])}行，"
                    f"占计划项目{int(t['lines'])}行的{wording.one_decimal(t['reported_pct'])}%"
                    f"（占估算总投资的{wording.one_decimal(t['reported_wan_pct'])}%）。"
                    + (f"另有{len(late)}条项目状态的日期晚于{e.year}年末，未采用。" if len(late) else "")
                )
            )
        return blocks

    # --- 二、主要成效 --------------------------------------------------------------------------------

    def achievements(self) -> list[doc.Block]:
        found = [f.text() for f in findings.achievements(self.a)]
        entries: list[doc.Content] = list(found)
        if self.placeholders:
            entries.append((_fill("其他主要成效（可结合各业务科室工作总结）"),))
        if not entries:
            return [doc.Heading("主要成效", 1), doc.Paragraph("现有数据中没有可以计算的成效。")]
        return [doc.Heading("主要成效", 1), doc.Items(tuple(entries))]

    # --- 三、主要指标完成情况 ----------------------------------------------------------------------------

    def indicators(self, attachment: dict[str, int]) -> list[doc.Block]:
        a, e = self.a, self.edition
        rows = a.measures
        main, prose = rows[rows["kind"] == MAIN], rows[rows["kind"] == PROSE]
        text = f"规划{len(main)}项主要指标中，{_counts(main)}。" + _binding_sentence(main)
        text += _stale_sentence(main, e.year) if e.final else _outlook_sentence(main)
        blocks: list[doc.Block] = [
            doc.Heading("主要指标完成情况", 1),
            doc.Paragraph(text + f"各项指标的基期值、目标值、现状值和评价见附件{attachment['main']}。"),
        ]
        items = a.catalogue
        merged = int((items["kind"].eq(PROSE) & items["item_id"].ne(items["measure_id"])).sum())
        blocks.append(
            doc.Paragraph(
                f"规划正文和专栏的量化目标，与主要指标或其他目标相同的{merged}项合并评估后为{len(prose)}项，"
                f"{_counts(prose)}，详见附件{attachment['prose']}。"
            )
        )
        blocks += self._without_target(attachment["without"])
        notes = findings.plan_notes(a)
        if notes:
            blocks += [doc.Paragraph("规划文本中需要说明的情况："), doc.Items(tuple(n.text() for n in notes))]
        return blocks

    def _without_target(self, attachment: int) -> list[doc.Block]:
        """The indicators the 14th plan sets no target for, where observed: how many fell since 2020."""
        without = pd.concat([self.a.scope_rows, self.a.counties()])
        without = without[(without["kind"] == WITHOUT_TARGET) & without["observed"].notna()]
        if not len(without):
            return []
        declined = without[without["declined"]]
        change = f"其中{len(declined)}个较2020年下降" if len(declined) else "均高于2020年水平"
        return [
            doc.Paragraph(
                f"“十四五”未设目标的指标，{len(set(without['item_id']))}项有观测值"
                f"（{len(without)}个地域·指标），"
                f"{change}，"
                f"变化见附件{attachment}。"
            )
        ]

    # --- 四、主要任务推进情况 -------------------------------------------------------------------------

    def tasks(self, attachment: dict[str, int]) -> list[doc.Block]:
        table = tables.tasks_table(self.a)
        with_targets = sum(1 for r in table.rows if r["targets"])
        blocks: list[doc.Block] = [
            doc.Heading("主要任务推进情况", 1),
            doc.Paragraph(
                f"规划第三章至第六章部署的主要任务和专栏工程共{len(table.rows)}项，其中{with_targets}项含有量化目标，"
                f"其评价已列入附件{attachment['tasks']}；各项任务的进展情况由责任单位填写。"
            ),
        ]
        return blocks + self.fill("主要任务推进情况综述")

    # --- 五、重大项目推进情况 -------------------------------------------------------------------------

    def projects(self, attachment: dict[str, int]) -> list[doc.Block]:
        p = self.a.projects
        head: list[doc.Block] = [doc.Heading("重大项目推进情况", 1)]
        if p is None:
            return head + [
                doc.Paragraph("本次评估未收集项目实施状态，本节不作评价。"),
                *self.fill("重大项目推进情况"),
            ]
        t, county = p.total, self.edition.county
        text = (
            f"附件2项目库{'中' + county + '的项目' if county else ''}共{int(t['lines'])}行，"
            f"估算总投资{number_text(t['lines_wan'])}万元。"
            f"报送实施状态{int(t['reported'])}行，报送率{wording.one_decimal(t['reported_pct'])}%。"
        )
        if t["counted"]:
            text += (
                f"报送且未取消的{int(t['counted'])}行中，已开工{int(t['started'])}行（在建与已建成），"
                f"开工率{wording.one_decimal(t['start_pct'])}%；已建成{int(t['completed'])}行，"
                f"完工率{wording.one_decimal(t['complete_pct'])}%；完成投资{number_text(t['invested_wan'])}万元，"
                f"占其估算总投资的{wording.one_decimal(t['invest_pct'])}%，时间进度为{wording.one_decimal(t['time_pct'])}%，"
                f"{tables.time_verdict(t['gap_pp'])}。"
            )
        if t["cancelled"]:
            text += (
                f"已取消{int(t['cancelled'])}行，估算总投资{number_text(t['cancelled_wan'])}万元，"
                "不计入分母。"
            )
        blocks = head + [doc.Paragraph(text)]
        silent = p.not_reported("county")
        if silent and not county:
            blocks.append(doc.Paragraph(f"{'、'.join(silent)}未报送项目实施状态，不计算比率。"))
        if self.edition.final and t["counted"]:
            carried = p.carried_over()
            building = int((carried["status"] == "in_progress").sum())
            unstarted = int((carried["status"] == "planned").sum())
            blocks.append(
                doc.Paragraph(
                    f"至规划期末，已建成{int(t['completed'])}行；"
                    f"未建成的{len(carried)}行（在建{building}行、未开工{unstarted}行，"
                    f"估算总投资{number_text(carried['investment_wan'].sum())}万元）需续建或调整，"
                    f"清单见附件{attachment['projects']}。"
                )
            )
        blocks.append(doc.Paragraph(f"分县市区、分类别和分实施主体的情况见附件{attachment['projects']}。"))
        return blocks

    # --- 六、分县市区情况 -----------------------------------------------------------------------------

    def counties(self) -> list[doc.Block]:
        lines = [self.county_line(c) for c in TERRITORIES]
        note = "规划只给出全市基期值和目标值；县市区的观测值对照全市基期值和目标值，仅供参考。"
        return [doc.Heading("分县市区情况", 1), doc.Paragraph(note), doc.Items(tuple(lines))]

    def county_line(self, county: str) -> str:
        a = self.a
        results = a.results
        rows = results[(results["geography"] == county) & (results["item_id"] == results["measure_id"])]
        valued = rows[rows["observed"].notna() | (rows["basis"] == "评估人判断")]
        parts = []
        if len(valued):
            parts.append(
                "；".join(
                    f"{r['name']}{wording.figure(r['observed'], r['unit'])}（{int(r['observed_year'])}年），"
                    f"{wording.verdict_label(r)}"
                    # judged on a value older than the assessment year: said, as the 说明 column says it
                    + (f"，{wording.stale_note(int(r['observed_year']))}" if r["stale"] else "")
                    if has_value(r["observed"])
                    else f"{r['name']}：{wording.verdict_label(r)}"
                    for r in valued.to_dict("records")
                )
            )
        else:
            parts.append("没有县级观测值")
        if a.projects is not None:
            table = a.projects.by["county"].set_index("group")
            if county in table.index:
                r = table.loc[county]
                if r["not_reported"]:
                    parts.append(f"项目{int(r['lines'])}行，未报送实施状态")
                else:
                    parts.append(
                        f"项目{int(r['lines'])}行，"
                        f"报送{int(r['reported'])}行（报送率{wording.one_decimal(r['reported_pct'])}%），"
                        f"开工率{wording.one_decimal(r['start_pct'])}%，投资完成率{wording.one_decimal(r['invest_pct'])}%，"
                        f"{tables.time_verdict(r['gap_pp'])}"
                    )
        return f"{county}：" + "；".join(parts) + "。"

    # --- 七、存在问题 八、对策建议 九、目标调整建议 ----------------------------------------------------

    def problems_and_suggestions(self) -> list[doc.Block]:
        found = findings.problems(self.a)
        problems: list[doc.Content] = [f.text() for f in found] or [
            "根据现有数据，未发现滞后或未完成的指标和项目。"
        ]
        suggestions: list[doc.Content] = [s.text() for s in findings.suggestions(self.a, found)]
        if self.placeholders:
            problems.append((_fill("其他问题"),))
            suggestions.append((_fill("其他对策建议"),))
        if not suggestions:
            suggestions = ["按年度监测各项指标和重大项目进展。"]
        return [
            doc.Heading("存在问题", 1),
            doc.Items(tuple(problems)),
            doc.Heading("对策建议", 1),
            doc.Items(tuple(suggestions)),
        ]

    def adjustments(self) -> list[doc.Block]:
        e = self.edition
        title = "对“十五五”规划的建议" if e.final else "目标调整建议"
        lead = (
            "以下事项根据规划文本和评估数据列出，供编制“十五五”规划时研究："
            if e.final
            else "规划提出“依据评估结果对规划目标任务进行科学调整”。"
            "以下事项根据规划文本和评估数据列出，是否调整由评估组研究确定："
        )
        candidates = [c.text() for c in findings.adjustments(self.a)]
        if not candidates:
            return [doc.Heading(title, 1), doc.Paragraph("根据规划文本和现有数据，没有需要提出的调整事项。")]
        return [doc.Heading(title, 1), doc.Paragraph(lead), doc.Items(tuple(candidates))]

    # --- the whole document ----------------------------------------------------------------------------

    def attachments(self) -> tuple[list[doc.Attachment], dict[str, int]]:
        parts = attachment_tables(self.a)
        numbers = {part.key: n for n, part in enumerate(parts, start=1)}
        return [part.attachment() for part in parts], numbers

    def document(self) -> doc.Document:
        attachments, numbers = self.attachments()
        numbers.setdefault("projects", 0)
        blocks = [
            *self.opening(),
            *self.work(),
            *self.achievements(),
            *self.indicators(numbers),
            *self.tasks(numbers),
            *self.projects(numbers),
        ]
        if not self.edition.county:
            blocks += self.counties()
        blocks += [*self.problems_and_suggestions(), *self.adjustments()]
        return doc.Document(
            "\n".join(self.edition.title_lines),
            tuple(blocks),
            tuple(attachments),
            subject=f"{facts.PLAN_TITLE}{self.edition.label}",
        )


@dataclass(frozen=True)
class AttachmentTables:
    """An attachment of the report and the tables it holds, as data."""

    key: str  # what the body calls it by: main, prose, without, tasks, series, projects
    title: str
    tables: list[tables.DataTable]

    def attachment(self) -> doc.Attachment:
        shown = tuple(tables.document_table(t) for t in self.tables)
        return doc.Attachment(self.title, shown, landscape=True)


def attachment_tables(a: Assessment) -> list[AttachmentTables]:
    """The report's attachments in order: the tables the Word document, the page and the workbook show."""
    e = a.edition
    main = tables.completion_table(a, (MAIN,), "主要指标完成情况表", f"{e.year}年主要指标完成情况表")
    prose = tables.completion_table(a, (PROSE,), "正文和专栏目标", f"{e.year}年正文和专栏量化目标完成情况表")
    without, tasks = tables.without_target_table(a), tables.tasks_table(a)
    parts = [
        AttachmentTables("main", main.title, [main]),
        AttachmentTables("prose", prose.title, [prose]),
        AttachmentTables("without", without.title, [without]),
        AttachmentTables("tasks", tasks.title, [tasks]),
    ]
    if e.final:
        series = tables.series_table(a)
        parts.append(AttachmentTables("series", series.title, [series]))
    if a.projects is not None:
        parts.append(AttachmentTables("projects", "重大项目推进情况表", project_tables(a)))
    return parts


def project_tables(a: Assessment) -> list[tables.DataTable]:
    """Rates by county (city edition), category and implementer type; the lines carried over (final)
    and the lines cancelled."""
    p = a.projects
    assert p is not None
    out = [tables.rates_table(p, by) for by in p.by if not (a.edition.county and by == "county")]
    if a.edition.final and len(p.carried_over()):
        out.append(tables.lines_table(p.carried_over(), "续建项目", "未建成项目清单"))
    if len(p.listed("cancelled")):
        out.append(tables.lines_table(p.listed("cancelled"), "取消项目", "已取消项目清单"))
    return out


def document(a: Assessment, placeholders: bool = True) -> doc.Document:
    """The assessment report as a 公文 (see the module docstring)."""
    return Composer(a, placeholders).document()
