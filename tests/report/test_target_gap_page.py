"""What a published target_gap page does with the assessment document: the method at the end, the
formulas out of the table notes, and the attachment rows that say only that there is no data left out."""

from __future__ import annotations

import pandas as pd

from xnplan.assess import document as doc
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


def test_attachment_3_drops_the_indicators_without_a_value():
    frame = pd.DataFrame(
        {
            "地域": ["全市", "全市", "通山县"],
            "指标名称": ["城市低保", "每万人社会组织数", "城市低保"],
            "现状值": ["仅6个县市区报送", "无数据", "735（2025年）"],
        }
    )
    kept, left_out = target_gap.without_empty_rows("without", frame)
    assert left_out == 1
    assert kept["指标名称"].tolist() == ["城市低保", "城市低保"]
    assert (
        target_gap.left_out_sentence("without", 1)
        == "另有1项指标没有公开数据，未在表中列出；下载文件列出全部各项。"
    )


def test_attachment_4_drops_tasks_whose_targets_are_all_not_assessable():
    frame = pd.DataFrame(
        {
            "序号": ["1", "2", "3", "4"],
            "主要任务": ["构建综合救助格局", "打造多层次社会救助体系", "专栏9", "专栏4"],
            "其中量化目标的评价": [
                "",
                "集中供养率：无法评估；巡查覆盖率：无法评估",
                "集中供养率：已完成；医养服务：无法评估",
                "轮训：无法评估",
            ],
        }
    )
    kept, left_out = target_gap.without_empty_rows("tasks", frame)
    # rows 2 and 4 say only 无法评估; row 3 has a judged target, row 1 has no target
    assert left_out == 2
    assert kept.to_dict("list") == {
        "序号": ["1", "2"],
        "主要任务": ["构建综合救助格局", "专栏9"],
        "其中量化目标的评价": ["", "集中供养率：已完成；医养服务：无法评估"],
    }


def test_attachment_4_without_any_evaluation_left_loses_the_empty_column():
    frame = pd.DataFrame(
        {
            "序号": ["1", "2"],
            "主要任务": ["构建综合救助格局", "专栏4"],
            "其中量化目标的评价": ["", "轮训：无法评估"],
        }
    )
    kept, left_out = target_gap.without_empty_rows("tasks", frame)
    assert left_out == 1 and kept.to_dict("list") == {"序号": ["1"], "主要任务": ["构建综合救助格局"]}


def test_other_attachments_are_left_as_they_are():
    frame = pd.DataFrame({"现状值": ["无数据"]})
    kept, left_out = target_gap.without_empty_rows("main", frame)
    assert left_out == 0 and kept is frame
