"""The evaluator's assessment end to end: their file in (CSV UTF-8, GBK or .xlsx), classes worked by
hand, the Word and Excel deliverables read back, project progress for one county by hand.

Hand-worked classes (2023 mid-term, τ = (2023 − 2020)/(2025 − 2020) = 0.6):
- I14-04 护理型床位占比: 2020 32% (the plan's 13th-plan table), 2023 50%, target ≥60% in 2025.
  P = (50 − 32)/(60 − 32) = 18/28 = 0.6429; R = P/τ = 1.0714 ≥ 1 → 快于预期.
  Line through (2020, 32) and (2023, 50): 6 points a year → 62 in 2025 ≥ 60 → 预计可完成.
- I14-05 集中供养率: 2020 56% (plan), 2023 57%, target ≥60%. P = 1/4 = 0.25; R = 0.4167,
  0 ≤ R < 0.6 → 滞后; 约束性, so flagged. Line: 1/3 point a year → 57.67 in 2025 < 60 → 预计难以完成.
- I14-12 社工站覆盖率: the plan states no 2020 value; the evaluator supplies 40% (with a source),
  2023 70%, target 100% (tolerance 1 point). P = 30/60 = 0.5; R = 0.8333, 0.6 ≤ R < 0.95 → 需加快.
  Line: 10 points a year → 90 in 2025 < 99 → 预计难以完成.
- I14-01 (deadline 2022): the evaluator's judgement 已完成 with a reason and no number: shown beside
  the computed class, which stays 无法评估.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

import xnplan
from xnplan.assess import catalogue, gap, inputs
from xnplan.errors import InputValidationError
from xnplan.report import assessment, target_gap, word

HEADER = ("indicator_id,geography,year,value,unit,as_of,source,reliability,note,judgement,"
          "judgement_reason\n")
HAND = HEADER + (
    "I14-04,全市,2023,50,%,2023-12-31,民政局统计年报2023,部门统计,,,\n"
    "I14-05,全市,2023,57,%,2023-12-31,民政局统计年报2023,部门统计,,,\n"
    "I14-12,全市,2020,40,%,2020-12-31,民政局2020年工作总结,部门工作总结,,,\n"
    "I14-12,全市,2023,70,%,2023-12-31,民政局统计年报2023,部门统计,,,\n"
    "I14-01,全市,2023,,,,民政局2023年工作总结,部门工作总结,,已完成,六个县市区均已建成县级供养服务设施\n")


@pytest.fixture(scope="module")
def plan():
    return xnplan.load()


@pytest.fixture(scope="module")
def items(plan):
    return catalogue.build_catalogue(plan)


def _xlsx(text: str, path: Path, sheet: str = "观测值") -> Path:
    """The CSV text as an Excel workbook with the template's Chinese labels as the header."""
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame.columns = [inputs.LABELS[c] for c in frame.columns]
    numbers = frame.copy()
    for column in ("年份", "数值"):  # as Excel holds typed-in numbers
        numbers[column] = [float(v) if v else None for v in frame[column]]
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="其他", index=False)  # not the first sheet
        numbers.to_excel(writer, sheet_name=sheet, index=False)
    return path


def _files(tmp_path: Path) -> dict[str, Path]:
    utf8 = tmp_path / "hand.csv"
    utf8.write_text(HAND, encoding="utf-8")
    gbk = tmp_path / "hand_gbk.csv"
    gbk.write_bytes(HAND.encode("gbk"))
    return {"UTF-8": utf8, "GB18030/GBK": gbk, "xlsx (sheet 观测值)": _xlsx(HAND, tmp_path / "hand.xlsx")}


def _results(plan, items, path, project_status="") -> pd.DataFrame:
    data = target_gap.read_inputs(path, project_status, catalogue.observation_units(items),
                                  plan.projects["project_id"])
    return target_gap.assess(items, data.observations, 2023)


def _city(results: pd.DataFrame) -> pd.DataFrame:
    return results[results["geography"] == inputs.CITY].set_index("item_id")


def test_hand_classes_and_same_results_in_every_format(tmp_path, plan, items):
    tables = {}
    for encoding, path in _files(tmp_path).items():
        data = target_gap.read_inputs(path, "", catalogue.observation_units(items),
                                      plan.projects["project_id"])
        assert data.observations.attrs["encoding"] == encoding
        tables[encoding] = target_gap.assess(items, data.observations, 2023)
    first, *others = tables.values()
    for other in others:
        pd.testing.assert_frame_equal(first, other)

    city = _city(first)
    beds, care, social, county = (city.loc[i] for i in ("I14-04", "I14-05", "I14-12", "I14-01"))
    assert (beds["klass"], beds["share"], beds["ratio"]) == ("快于预期", pytest.approx(18 / 28),
                                                            pytest.approx(18 / 28 / 0.6))
    assert (beds["projection"], beds["projected"]) == ("预计可完成", pytest.approx(62))
    assert (care["klass"], care["share"], care["ratio"]) == ("滞后", pytest.approx(0.25),
                                                           pytest.approx(0.25 / 0.6))
    assert care["flagged"] and care["projection"] == "预计难以完成"
    assert care["projected"] == pytest.approx(57 + 2 / 3)
    assert (social["baseline"], social["baseline_origin"]) == (40, "evaluator")
    assert (social["klass"], social["ratio"]) == ("需加快", pytest.approx(0.5 / 0.6))
    assert (social["projection"], social["projected"]) == ("预计难以完成", pytest.approx(90))
    # The judgement sits beside the computed class and does not replace it.
    assert (county["klass"], county["judgement"]) == ("无法评估", "已完成")
    assert county["judgement_reason"].startswith("六个县市区均已建成县级供养服务设施")


def test_evaluator_2020_value_conflicting_with_the_plan(tmp_path, plan, items):
    path = tmp_path / "conflict.csv"
    path.write_text(HEADER + "I14-04,全市,2020,30,%,,某统计,,,,\nI14-04,全市,2023,50,%,,某统计,,,,\n",
                    encoding="utf-8")
    beds = _city(_results(plan, items, path)).loc["I14-04"]
    assert (beds["baseline"], beds["baseline_origin"]) == (32, "plan")  # the plan's 32 is used
    assert "评估人提供的2020年值为30%" in beds["baseline_conflict"]
    assert "采用规划值" in beds["baseline_conflict"]
    table = assessment.completion_table(_results(plan, items, path), items)
    row = table[table["指标名称"] == "养老机构床位中护理型床位占比"].iloc[0]
    assert row["基期值(2020)"].startswith("32（规划值") and "30%" in row["说明"]


def test_judgement_needs_a_known_class_and_a_reason(tmp_path, items):
    path = tmp_path / "j.csv"
    path.write_text(HEADER + "I14-01,全市,2023,,,,src,,,很好,\nI14-02,全市,2020,,,,src,,,已完成,理由\n",
                    encoding="utf-8")
    with pytest.raises(InputValidationError) as info:
        inputs.read_observations(path, catalogue.observation_units(items))
    found = info.value.problems
    assert found[0].startswith("第1行（文件第2行）") and "judgement '很好' must be one of" in found[0]
    assert found[1].startswith("第1行（文件第2行）") and "needs a judgement_reason" in found[1]
    assert found[2].startswith("第2行（文件第3行）") and "not the base year 2020" in found[2]


@pytest.fixture(scope="module")
def deliverable(tmp_path_factory, plan, items):
    path = tmp_path_factory.mktemp("hand") / "hand.csv"
    path.write_text(HAND, encoding="utf-8")
    data = target_gap.read_inputs(path, "", catalogue.observation_units(items), plan.projects["project_id"])
    return assessment.build(plan, items, data, 2023, path.name)


EXPECTED_MAIN = {  # 指标名称 → (评价, 预计目标年完成情况), worked by hand above
    "养老机构床位中护理型床位占比": ("快于预期", "预计可完成"),
    "生活不能自理特困人员集中供养率": ("滞后", "预计难以完成"),
    "乡镇(街道)都有社工站覆盖率": ("需加快", "预计难以完成"),
}


def test_completion_table_and_summary(deliverable):
    table = deliverable.main_table
    assert list(table.columns) == assessment.COMPLETION_COLUMNS
    assert len(table) == 12 and table["序号"].tolist() == [str(i) for i in range(1, 13)]
    for name, (klass, outlook) in EXPECTED_MAIN.items():
        row = table[table["指标名称"] == name].iloc[0]
        assert (row["评价"], row["预计目标年完成情况"]) == (klass, outlook)
    social = table[table["指标名称"] == "乡镇(街道)都有社工站覆盖率"].iloc[0]
    assert (social["基期值(2020)"], social["现状值(年份)"], social["完成进度(%)"], social["时间进度(%)"]) == (
        "40（评估人提供）", "70（2023年）", "50.0", "60.0")
    assert social["单位"] == "%" and social["目标值(年份)"] == "≥100（2025年）"
    assert (table["责任单位"] == "").all()
    # 9 of the 12 have no data; 1 each 快于预期, 需加快, 滞后.
    assert deliverable.summary.startswith(
        "纳入评估的12项主要指标中，快于预期1项、需加快1项、滞后1项，无数据无法评估9项。")
    assert "约束性指标中2项" in deliverable.summary
    assert "xnplan template observations --year 2023" in deliverable.summary  # little can be assessed


def test_docx_opens_with_the_completion_table(deliverable):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(word.docx_bytes(deliverable)))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [h.split("、", 1)[1] for h in headings] == list(word.SECTIONS)
    table = doc.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == assessment.COMPLETION_COLUMNS
    assert len(cells) == 13
    by_name = {row[1]: row for row in cells[1:]}
    for name, (klass, outlook) in EXPECTED_MAIN.items():
        assert (by_name[name][9], by_name[name][11]) == (klass, outlook)
    first = cells[1]  # I14-01, judged 已完成 by the evaluator, computed 无法评估
    assert first[9] == "无法评估" and first[10].startswith("已完成（六个县市区均已建成县级供养服务设施")
    header_flags = table.rows[0]._tr.trPr.findall(qn("w:tblHeader"))
    assert header_flags and header_flags[0].get(qn("w:val")) == "true"
    assert all(row._tr.trPr.findall(qn("w:cantSplit")) for row in table.rows[1:])  # rows never split
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert round(doc.sections[0].page_width.mm) == 210 and round(doc.sections[0].page_height.mm) == 297


def test_xlsx_reads_back_to_the_same_table(deliverable):
    sheets = pd.read_excel(io.BytesIO(assessment.completion_xlsx(deliverable)), sheet_name=None, dtype=str,
                           keep_default_na=False)
    pd.testing.assert_frame_equal(sheets["主要指标完成情况表"], deliverable.main_table)
    pd.testing.assert_frame_equal(sheets["其他目标"], deliverable.other_table)


def test_project_progress_of_one_county(tmp_path, plan):
    """通山县 has 23 lines and 206,885 万元 planned (hand-counted, see test_county_notebook).

    Reported: P1.1.047 已建成 with 20,000 万元 done; P1.2.018 在建 with 3,000; P1.4.026 未开工.
    开工率 = 2/23 = 8.70%; 完工率 = 1/23 = 4.35%; investment 23,000/206,885 = 11.12%;
    against 60% of the time elapsed by end-2023: 48.88 points behind.
    """
    path = tmp_path / "status.csv"
    path.write_text("project_id,status,invested_wan,as_of,note\nP1.1.047,已建成,20000,2023-12-31,\n"
                    "P1.2.018,在建,3000,2023-12-31,\nP1.4.026,未开工,,2023-12-31,\n", encoding="utf-8")
    status = inputs.read_project_status(path, plan.projects["project_id"])
    rates = assessment.project_rates(plan.projects, status, 2023, "county").set_index("group")
    tongshan = rates.loc["通山县"]
    assert (tongshan["planned"], tongshan["started"], tongshan["completed"]) == (23, 2, 1)
    assert tongshan["start_pct"] == pytest.approx(2 / 23 * 100)
    assert tongshan["complete_pct"] == pytest.approx(1 / 23 * 100)
    assert (tongshan["planned_wan"], tongshan["invested_wan"]) == (pytest.approx(206885.0), 23000)
    assert tongshan["invest_pct"] == pytest.approx(23000 / 206885 * 100)
    assert tongshan["gap_pp"] == pytest.approx(23000 / 206885 * 100 - 60)
    assert assessment.verdict(tongshan["gap_pp"]) == "落后于时间进度48.9个百分点"
    assert rates.loc["合计", "planned"] == 331 and rates.loc["合计", "started"] == 2


def test_projection_rule():
    # Least squares through (2020, 10), (2021, 12), (2023, 17): with t counted from 2020, mean t = 4/3,
    # mean x = 13, Σ(t − t̄)(x − x̄) = 4 + 1/3 + 20/3 = 11, Σ(t − t̄)² = 42/9, slope = 33/14;
    # at 2025: 13 + 33/14 · (5 − 4/3) = 303/14.
    assert gap.linear_trend([(2020, 10), (2021, 12), (2023, 17)], 2025) == pytest.approx(303 / 14)
    assert gap.linear_trend([(2020, 10)], 2025) is None
    assert gap.projection([(2020, 10)], target=20, deadline_year=2025, eval_year=2023, met=False) == (
        "无法预计", None)
    assert gap.projection([(2020, 10), (2023, 22)], target=20, deadline_year=2025, eval_year=2023,
                          met=True)[0] == "预计可完成"
    assert gap.projection([(2020, 10), (2022, 12)], target=20, deadline_year=2022, eval_year=2022,
                          met=False) == ("已到期，未达标", None)


def test_assess_command_writes_nothing_on_bad_input(tmp_path, capsys):
    from xnplan.cli import main

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "I14-04,全市,2023,\"720,5\",%,,src,,,,\nI14-05,全市,2023,inf,%,,src,,,,\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    assert main(["assess", "--year", "2023", "--observations", str(bad), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "row 1 (file line 2): value '720,5'" in err and "row 2 (file line 3): value 'inf'" in err
    assert "Traceback" not in err and not out.exists()


def test_assess_command_end_to_end(tmp_path, capsys):
    from docx import Document

    from xnplan.cli import main

    obs = _xlsx(HAND, tmp_path / "观测值_2023.xlsx")
    out = tmp_path / "assessment"
    assert main(["assess", "--year", "2023", "--observations", str(obs), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == sorted([
        "指标目标差距-2023.html", "主要指标完成情况表.xlsx",
        "咸宁市民政事业十四五规划2023年中期评估报告.docx", "target_gap-2023_files"])
    html = (out / "指标目标差距-2023.html").read_text(encoding="utf-8")
    assert "主要指标完成情况表" in html and "纳入评估的12项主要指标中，快于预期1项" in html
    # The page's tables and charts sit beside it, as in the report site, and nothing else is left.
    manifest = json.loads((out / "target_gap-2023_files" / "manifest.json").read_text(encoding="utf-8"))
    for exhibit in manifest["exhibits"]:
        for name in exhibit["files"]:
            assert f'href="target_gap-2023_files/{name}"' in html
            assert (out / "target_gap-2023_files" / name).is_file()
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(p).name for p in printed)
    doc = Document(out / "咸宁市民政事业十四五规划2023年中期评估报告.docx")
    assert doc.tables[0].rows[0].cells[0].text == "序号"




def test_completion_table_words_for_a_target_passed(tmp_path, plan, items):
    # 护理型床位占比 90% in 2023 against 32% (2020) and ≥60%: met; P = 58/28 = 207.1% says only that the
    # planned distance was short, so the table writes 已超过目标 and keeps the numbers in 说明:
    # R = 2.071/0.6 = 3.45; growth ratio ((90/32)^(1/3) − 1)/((60/32)^(1/5) − 1) = 0.4116/0.1340 = 3.07.
    path = tmp_path / "passed.csv"
    path.write_text(HEADER + "I14-04,全市,2023,90,%,2023-12-31,民政局统计年报2023,部门统计,,,\n",
                    encoding="utf-8")
    table = assessment.completion_table(_results(plan, items, path), items)
    row = table[table["指标名称"] == "养老机构床位中护理型床位占比"].iloc[0]
    assert (row["现状值(年份)"], row["完成进度(%)"], row["评价"]) == ("90（2023年）", "已超过目标", "已完成")
    assert row["说明"] == "完成进度P=207.1%、进度比R=3.45、增速比=3.07(已达到目标,超过100%的部分不表示进度)"
