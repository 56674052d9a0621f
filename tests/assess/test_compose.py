"""The assessment report as a 公文: what each edition says, and what it never says.

Evidence worked by hand (city, 2023 mid-term unless said):
- I14-04 护理型床位占比 50% (2023): P = (50 − 32)/28 = 0.643, R = 1.071 → 快于预期;
- I14-05 集中供养率 57% (2023): P = 0.25, R = 0.417 → 滞后, binding → 预警;
  for 2025 at 57%: 未完成 by 3 points;
- I14-01 83.3% (2022) then 100% (2023): due 2022 → 逾期完成 (2023);
- project status: 咸安区 reports its 78 lines (70 in progress, 8 completed); every other county nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from xnplan.assess import compose, document, evidence, findings, gap, wording
from xnplan.assess.assessment import Edition, build

HEADER = (
    "indicator_id,geography,year,value,unit,as_of,source,reliability,note,judgement,judgement_reason,"
    "responsible,explanation\n"
)
OBSERVED = HEADER + (
    "I14-01,全市,2022,83.3,%,2022-12-31,民政局统计年报2022,部门统计,,,,,\n"
    "I14-01,全市,2023,100,%,2023-12-31,民政局统计年报2023,部门统计,,,,,\n"
    "I14-04,全市,2023,50,%,2023-12-31,民政局统计年报2023,部门统计,,,,,\n"
    "I14-05,全市,2023,57,%,2023-12-31,民政局统计年报2023,部门统计,,,,,\n"
    "I14-05,全市,2025,57,%,2025-12-31,民政局统计年报2025,部门统计,,,,,\n"
    "I14-04,通山县,2023,45,%,2023-12-31,通山县民政局,部门统计,,,,,\n"
)
# Words a finished plan period must not use: no projection, no speeding up.
MID_TERM_ONLY = ("加快", "预计可完成", "预计难以完成", "按线性趋势推算", "快于预期", "需加快", "滞后")
# Software text that has no place in a document a bureau signs.
FORBIDDEN = (
    re.compile(r"xnplan|\.csv|\.xlsx|\.txt|--[a-z]"),
    re.compile(r"原文第?\d+行|第\d+行"),
    re.compile(r"narr-|ind1[34]-|check_id"),
    re.compile(r"\b(I1[34]-\d\d|T\d\d)\b"),
)


@pytest.fixture(scope="module")
def files(plan, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("evidence")
    obs = folder / "观测值.csv"
    obs.write_text(OBSERVED, encoding="utf-8")
    lines = plan.projects[plan.projects["county"] == "咸安区"]["project_id"]
    rows = [
        f"{pid},{'completed' if n < 8 else 'in_progress'},10,2023-12-31,,,," for n, pid in enumerate(lines)
    ]
    status = folder / "项目进展.csv"
    status.write_text(
        "project_id,status,invested_wan,as_of,note,planned_start,planned_finish,responsible\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    return {"obs": obs, "status": status}


@pytest.fixture(scope="module")
def report(plan, files) -> Callable[..., document.Document]:
    """``report(year, county="全市", placeholders=True)``: the report of the evidence files, composed
    once for each set of arguments (a Document is frozen: the tests share it)."""

    @functools.cache
    def composed(year: int, county: str = "全市", placeholders: bool = True) -> document.Document:
        given = evidence.read_evidence(plan, files["obs"], files["status"], evidence.EVALUATOR)
        return compose.document(build(plan, given, Edition(year, county)), placeholders)

    return composed


def headings(doc: document.Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, document.Heading) and b.level == 1]


def test_mid_term_report(report):
    doc = report(2023)
    assert doc.title == "咸宁市民政事业“十四五”规划\n（征求意见稿）中期评估报告"  # two lines
    assert headings(doc) == [
        "评估工作开展情况",
        "主要成效",
        "主要指标完成情况",
        "主要任务推进情况",
        "重大项目推进情况",
        "分县市区情况",
        "存在问题",
        "对策建议",
        "目标调整建议",
    ]
    text = document.plain_text(doc)
    assert "逾期完成1项、快于预期1项、滞后1项、无法评估9项" in text
    assert "12项均为约束性指标，1项需要预警（生活不能自理特困人员集中供养率）" in text
    assert "按线性趋势推算到目标年份，预计可完成1项、预计难以完成1项" in text
    # Coverage: 78 of 331 lines reported (23.6%); all 78 started (8 completed + 70 in progress): 100%
    assert "报送实施状态78行，报送率23.6%" in text
    assert "报送且未取消的78行中，已开工78行（在建与已建成），开工率100.0%；已建成8行，完工率10.3%" in text
    # The silent units are said to be silent, never ranked or blamed
    assert "赤壁市、嘉鱼县、通山县、通城县、崇阳县、市本级未报送项目实施状态" in text
    assert not re.search(r"(赤壁市|崇阳县)[^。；]*投资完成率0\.0%", text)


def test_every_class_used_is_defined(report):
    doc = report(2023)
    text = document.plain_text(doc)
    for used in ("逾期完成", "快于预期", "滞后", "无法评估", "尚未达标", "保持", "无目标"):
        assert re.search(rf"\d+．{used}：", text), used


def test_final_report_has_its_own_vocabulary(report):
    doc = report(2025)
    assert doc.title == "咸宁市民政事业“十四五”规划\n（征求意见稿）总结评估报告"
    assert headings(doc)[-1] == "对“十五五”规划的建议"
    text = document.plain_text(doc)
    for word in MID_TERM_ONLY:
        assert word not in text, word
    assert "未完成（差距3个百分点）" in text  # I14-05 57 against 60 in 2025
    assert "至规划期末，已建成8行；未建成的70行（在建70行、未开工0行" in text
    assert "在“十五五”规划中研究是否延续" in text
    assert "2020—2025年各年数据" in text


def test_a_county_judged_on_an_older_value_says_so(report):
    # 通山县 gave 45% for 2023 only. Mid-term (2023) the value is current: P = 13/28, R = 0.774 → 需加快.
    # Final (2025) it is judged on the 2023 value: 60 − 45 = 15 points short, and the line says the
    # value is from 2023, as the 说明 column does. Its 23 project lines were not reported.
    mid_term = document.plain_text(report(2023))
    assert "通山县：养老机构床位中护理型床位占比45%（2023年），需加快；项目23行，未报送实施状态。" in mid_term
    final = document.plain_text(report(2025))
    line = "通山县：养老机构床位中护理型床位占比45%（2023年），未完成（差距15个百分点），最新为2023年数；"
    assert line + "项目23行，未报送实施状态。" in final


def test_county_edition(report):
    doc = report(2023, "通山县")
    assert doc.title == "通山县落实《咸宁市民政事业“十四五”规划\n（征求意见稿）》中期评估报告"
    assert "分县市区情况" not in headings(doc)
    text = document.plain_text(doc)
    assert "附件2项目库中通山县的项目共23行" in text and "报送实施状态0行，报送率0.0%" in text
    # 通山县's own value: 45% against the city's 32% (2020) and 60% (2025):
    # P = 13/28 = 0.464, R = 0.774 → 需加快
    assert "需加快1项" in text


def test_nothing_a_reader_of_the_plan_cannot_follow(report):
    for year in (2023, 2025):
        text = document.plain_text(report(year))
        for pattern in FORBIDDEN:
            assert not pattern.search(text), (year, pattern.search(text))


def test_placeholders_for_what_the_tool_cannot_know(report):
    doc = report(2023)
    found = document.placeholders(doc)
    assert "【待填写：评估工作的组织领导、参加单位和时间安排】" in found
    assert "【待填写：座谈、实地调研、问卷和征求意见情况】" in found
    assert "【待填写：评估单位】" in found and "【待填写：成文日期】" in found
    published = report(2023, placeholders=False)
    assert [
        p
        for p in document.placeholders(published)
        if "评估单位" not in p and "成文日期" not in p and p != "【待填写】"
    ] == []


def test_a_judgement_behind_schedule_without_a_value(plan, tmp_path):
    # I14-02 judged 滞后 by the evaluator, with no value: a problem named as the evaluator's, no figures
    path = tmp_path / "obs.csv"
    row = "I14-02,全市,2023,,,,座谈记录,部门工作总结,,滞后,座谈了解,某科,\n"
    path.write_text(HEADER + row, encoding="utf-8")
    given = evidence.read_evidence(plan, path, None, evidence.EVALUATOR)
    text = document.plain_text(compose.document(build(plan, given, Edition(2023))))
    assert (
        "约束性指标中有1项进度滞后或未完成。"
        "“所有街道和有条件的乡镇至少建设1处综合性社区养老服务设施覆盖率”"
        "滞后（评估人判断）：目标≥100%（2025年）。"
    ) in text


def test_method_states_the_rules_gap_applies(plan, files, report, monkeypatch):
    # gap.Thresholds' band is 0.95–1.05, and a 100% coverage target is met within 1 point
    text = document.plain_text(report(2023))
    assert "R在0.95至1.05之间为基本符合预期" in text
    assert "100%覆盖类目标允许1个百分点的误差。" in text
    # the method paragraph reads them from gap: other rules, other words
    monkeypatch.setattr(gap, "DEFAULT_THRESHOLDS", gap.Thresholds(ahead=1.1, on_track=0.9))
    monkeypatch.setattr(gap, "COVERAGE_TOLERANCE_POINTS", 2.0)
    given = evidence.read_evidence(plan, files["obs"], files["status"], evidence.EVALUATOR)
    text = document.plain_text(compose.document(build(plan, given, Edition(2023, "全市")), True))
    assert "R在0.9至1.1之间为基本符合预期" in text
    assert "100%覆盖类目标允许2个百分点的误差。" in text


def test_class_counts_say_how_many_of_a_class_the_evaluator_judged():
    # Hand-made: 3 已完成 (one by the evaluator), 1 滞后, 2 无法评估 (one by the evaluator, which the
    # sentence says, though no evaluator judges 无法评估: the count follows the rows as given).
    rows = pd.DataFrame(
        {
            "verdict": ["无法评估", "已完成", "滞后", "已完成", "已完成", "无法评估"],
            "basis": ["计算", "评估人判断", "计算", "计算", "计算", "评估人判断"],
        }
    )
    assert (
        compose._counts(rows) == "已完成3项（其中评估人判断1项）、滞后1项、无法评估2项（其中评估人判断1项）"
    )
    assert wording.class_counts(rows["verdict"]) == "已完成3项、滞后1项、无法评估2项"


def test_a_main_indicator_is_called_unmeasurable_only_when_it_has_no_base(plan, tmp_path):
    """The plan prints a 2020 value for 2 of its 12 main indicators (I14-04 32%, I14-05 56%). Here the
    observations give I14-06 a 2020 value (its base), and I14-08 values for 2021 and 2023 only (the
    method's rule: the earliest, 2021, is its base); the other eight have none and cannot be measured."""
    obs = tmp_path / "观测值.csv"
    obs.write_text(
        HEADER
        + "I14-06,全市,2020,40,%,2020-12-31,民政局统计年报2020,部门统计,,,,,\n"
        + "I14-06,全市,2023,60,%,2023-12-31,民政局统计年报2023,部门统计,,,,,\n"
        + "I14-08,全市,2021,20,%,2021-12-31,民政局统计年报2021,部门统计,,,,,\n"
        + "I14-08,全市,2023,40,%,2023-12-31,民政局统计年报2023,部门统计,,,,,\n",
        encoding="utf-8",
    )
    given = evidence.read_evidence(plan, obs, None, evidence.EVALUATOR)
    [candidate] = [
        c for c in findings.adjustments(build(plan, given, Edition(2023))) if "主要指标" in c.subject
    ]
    assert candidate.text() == (
        "10项主要指标：规划未给出2020年基期值（主要指标第1、2、3、6、7、8、9、10、11、12项）；"
        "第6项以观测值中的2020年值为基期值；第8项以最早的观测值为基期值；"
        "第1、2、3、7、9、10、11、12项无法测算完成进度，可补充基期值及其统计口径。"
    )
    # Without any observation the sentence stays whole: every one of the ten is unmeasurable.
    nothing = tmp_path / "空.csv"
    nothing.write_text(HEADER, encoding="utf-8")
    empty = evidence.read_evidence(plan, nothing, None, evidence.EVALUATOR)
    [candidate] = [
        c for c in findings.adjustments(build(plan, empty, Edition(2025))) if "主要指标" in c.subject
    ]
    assert candidate.text().endswith(
        "第1、2、3、6、7、8、9、10、11、12项），无法测算完成进度，“十五五”规划宜为每项指标给出基期值和统计口径。"
    )
