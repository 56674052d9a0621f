"""What a published target_gap page does with the assessment document: the method at the end, the
formulas out of the table notes, and the attachment rows that say only that there is no data left out."""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.assess import compose, tables
from xnplan.assess import document as doc
from xnplan.assess.tables import NO_DATA
from xnplan.report import target_gap


def test_the_method_moves_to_the_end_and_a_sentence_points_to_it():
    blocks = [
        doc.Heading("评估工作开展情况", 1),
        doc.Heading("评估范围", 2),
        doc.Paragraph("评估12项主要指标。"),
        doc.Heading("评估方法", 2),
        doc.Paragraph("完成进度 =（现状值 − 基期值）÷（目标值 − 基期值）。"),
        doc.Items(("已完成：现状值达到目标值。", "无法评估：没有观测值。")),
        doc.Heading("数据来源", 2),
        doc.Paragraph("数据截至2025年12月31日。"),
    ]
    kept, method = target_gap.split_method(blocks)
    assert kept == [
        *blocks[:4],
        doc.Paragraph(target_gap.METHOD_POINTER),
        *blocks[6:],
    ]
    assert method == blocks[4:6]
    assert "=" not in target_gap.METHOD_POINTER and "方法说明" in target_gap.METHOD_POINTER


def test_a_document_without_the_method_section_is_unchanged():
    blocks = [doc.Heading("主要成效", 1), doc.Paragraph("低保标准高于2020年。")]
    assert target_gap.split_method(blocks) == (blocks, [])


def test_table_notes_lose_their_formulas_and_point_to_the_method():
    # 附件1's note as compose writes it
    note = (
        "各项均为约束性指标。完成进度 =（现状值 − 基期值）/（目标值 − 基期值）；"
        "时间进度 =（现状值年份 − 基期年份）/（目标年份 − 基期年份），目标年份已过的为100%。"
    )
    assert target_gap.note_without_formulas(note) == "各项均为约束性指标。计算方法见文末“方法说明”。"
    assert target_gap.note_without_formulas("只列评估人提供了数值的年份。") == "只列评估人提供了数值的年份。"


def shown(data: tables.DataTable) -> pd.DataFrame:
    """The table as a published page first lays it out: the document's text cells, one column each."""
    table = tables.document_table(data)
    return pd.DataFrame([list(row) for row in table.rows], columns=list(table.header))


def hand_table(fields: tuple[tables.Field, ...], rows: list[dict]) -> tables.DataTable:
    return tables.DataTable("表", "表", fields, rows)


def text_field(key: str, header: str) -> tables.Field:
    return tables.Field(key, header, text=lambda row: str(row[key]))


WITHOUT_FIELDS = (
    text_field("geography", "地域"),
    text_field("name", "指标名称"),
    text_field("shown", "现状值"),
)


def test_attachment_3_drops_the_rows_flagged_without_data():
    # The flag decides, not the text: the first row's 现状值 reads 无数据 but is not flagged.
    data = hand_table(
        WITHOUT_FIELDS,
        [
            {"geography": "全市", "name": "城市低保", "shown": "无数据", NO_DATA: False},
            {"geography": "全市", "name": "每万人社会组织数", "shown": "仅6个县市区报送", NO_DATA: True},
            {"geography": "通山县", "name": "城市低保", "shown": "735（2025年）", NO_DATA: False},
        ],
    )
    kept, left_out = target_gap.without_empty_rows("without", data, shown(data))
    assert left_out == 1
    assert kept["指标名称"].tolist() == ["城市低保", "城市低保"]
    assert (
        target_gap.left_out_sentence("without", 1)
        == "另有1项指标没有公开数据，未在表中列出；下载文件列出全部各项。"
    )


TASK_FIELDS = (
    text_field("no", "序号"),
    text_field("task", "主要任务"),
    text_field(tables.TASK_TARGETS, "其中量化目标的评价"),
)


def test_attachment_4_drops_the_tasks_flagged_without_data():
    data = hand_table(
        TASK_FIELDS,
        [
            {"no": 1, "task": "构建综合救助格局", "targets": "", NO_DATA: False},
            {"no": 2, "task": "打造多层次社会救助体系", "targets": "集中供养率：无法评估", NO_DATA: True},
            {"no": 3, "task": "专栏9", "targets": "集中供养率：已完成；医养服务：无法评估", NO_DATA: False},
            {"no": 4, "task": "专栏4", "targets": "轮训：无法评估", NO_DATA: True},
        ],
    )
    kept, left_out = target_gap.without_empty_rows("tasks", data, shown(data))
    # rows 2 and 4 are flagged; row 3 has a judged target, row 1 has no target
    assert left_out == 2
    assert kept.to_dict("list") == {
        "序号": ["1", "2"],
        "主要任务": ["构建综合救助格局", "专栏9"],
        "其中量化目标的评价": ["", "集中供养率：已完成；医养服务：无法评估"],
    }


def test_attachment_4_without_any_target_left_loses_the_empty_column():
    data = hand_table(
        TASK_FIELDS,
        [
            {"no": 1, "task": "构建综合救助格局", "targets": "", NO_DATA: False},
            {"no": 2, "task": "专栏4", "targets": "轮训：无法评估", NO_DATA: True},
        ],
    )
    kept, left_out = target_gap.without_empty_rows("tasks", data, shown(data))
    assert left_out == 1 and kept.to_dict("list") == {"序号": ["1"], "主要任务": ["构建综合救助格局"]}


def test_rows_without_the_flag_are_kept_as_they_are():
    # A project table's rows carry no flag: a 无数据 in a cell leaves nothing out.
    data = hand_table(
        (text_field("group", "县市区"), text_field("shown", "现状值")),
        [{"group": "通山县", "shown": "无数据"}],
    )
    kept, left_out = target_gap.without_empty_rows("projects", data, shown(data))
    assert left_out == 0 and kept.to_dict("list") == {"县市区": ["通山县"], "现状值": ["无数据"]}


def test_the_flag_is_no_column_of_the_page_the_document_or_the_download():
    data = hand_table(
        WITHOUT_FIELDS, [{"geography": "全市", "name": "城市低保", "shown": "无数据", NO_DATA: True}]
    )
    assert tables.document_table(data).header == ("地域", "指标名称", "现状值")
    assert list(tables.sheet(data).frame.columns) == ["geography", "name", "shown"]


# --- the rows the published page leaves out, on the public observations -------------------------


@pytest.fixture(scope="module")
def public_2023(public_assessments):
    """The 2023 mid-term on the public observations: only county values, so the page is sparse."""
    parts = compose.attachment_tables(public_assessments[2023])
    return {part.key: part.tables[0] for part in parts}


def left_out_rows(data: tables.DataTable) -> list[dict]:
    return [row for row in data.rows if row[NO_DATA]]


def test_the_public_mid_term_leaves_out_the_measures_without_any_value(public_2023):
    # observations_public.csv has no 全市 row after the base year 2020: every main indicator and
    # prose target is without a value (12 + 40 rows, all left out), and of the six 13th-plan measures
    # only the three standards I13-01..03 have county values (their 全市 rows read 仅6个县市区报送,
    # kept with the 18 county rows); the other three have none.
    assert [len(left_out_rows(public_2023[key])) for key in ("main", "prose")] == [12, 40]
    without = public_2023["without"]
    assert [(r["geography"], r["name"]) for r in left_out_rows(without)] == [
        ("全市", "每千名老年人口拥有各类养老床位数"),
        ("全市", "每万人社会组织数"),
        ("全市", "志愿服务参与率"),
    ]
    assert len(without.rows) - len(left_out_rows(without)) == 3 + 18
    # The document's 现状值 of a left-out row is the 无数据 the page would otherwise repeat.
    assert {r["observed_text"] for r in left_out_rows(without)} == {"无数据"}


def test_the_public_mid_term_leaves_out_every_task_with_targets(public_2023):
    # No 全市 value: every quantified target is 无法评估, so each of the 15 tasks with targets (the
    # document's own count, 四、主要任务推进情况) is left out and the 16 without any are kept. 31 tasks
    # by hand: the sections of 第三章–第六章 (4 + 6 + 4 + 5, lines 523–775) and 专栏1–12.
    tasks = public_2023["tasks"]
    assert len(tasks.rows) == 31
    assert [bool(r["targets"]) for r in tasks.rows] == [r[NO_DATA] for r in tasks.rows]
    assert sum(r[NO_DATA] for r in tasks.rows) == 15
    kept, left_out = target_gap.without_empty_rows("tasks", tasks, shown(tasks))
    assert left_out == 15 and "其中量化目标的评价" not in kept.columns
    assert kept["主要任务（规划章节、专栏）"].tolist()[:3] == [
        "第三章 一、构建综合救助格局",
        "专栏1社会救助能力提升工程",
        "第三章 三、健全儿童福利和儿童保护制度体系",
    ]


def test_a_task_with_a_judged_target_is_kept(tmp_path):
    # T05 (救助管理站覆盖率, target 100%) observed at 100% in 2023 is judged: its task 第三章 二, which
    # also holds T04 and T06 without values, stays. An evaluator's judgement is a 评价 too: 第四章 三
    # (T11 judged by the evaluator, T12 without a value) stays. 第四章 一 (T09 only) is left out.
    observations = tmp_path / "observations.csv"
    observations.write_text(
        "indicator_id,geography,year,value,unit,as_of,source,reliability,note,judgement,judgement_reason\n"
        "T05,全市,2023,100,%,2023-12-31,民政局统计年报2023,部门统计,,,\n"
        "T11,全市,2023,,,2023-12-31,工作总结,部门工作总结,,基本符合预期,社区服务设施基本建成\n",
        encoding="utf-8",
    )
    parts = compose.attachment_tables(target_gap.load(2023, str(observations)))
    tasks = {row["task"]: row for part in parts if part.key == "tasks" for row in part.tables[0].rows}
    assert [tasks[name][NO_DATA] for name in tasks if name.startswith(("第三章 二", "第四章"))] == [
        False,  # 第三章 二
        True,  # 第四章 一
        True,  # 第四章 二: T10 without a value
        False,  # 第四章 三
        False,  # 第四章 四: no quantified target, nothing to leave out
        True,  # 第四章 五: T18 without a value
        False,  # 第四章 六: no quantified target
    ]
