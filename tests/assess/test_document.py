"""The 公文 block model: numbering of headings, lists, tables and attachments; placeholders; plain text;
malformed blocks refused. Every expected label below is counted by hand from the blocks written out
in the test.
"""

from __future__ import annotations

import pytest

from xnplan.assess.document import (
    Attachment,
    Document,
    Heading,
    Items,
    Paragraph,
    Table,
    Text,
    attachment_label,
    attachment_note,
    chinese_numeral,
    labelled,
    placeholders,
    plain_text,
)
from xnplan.errors import DocumentModelError, XnplanError


def _todo(what: str) -> Text:
    return Text(f"【待填写：{what}】", placeholder=True)


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (35, "三十五"),
        (99, "九十九"),
    ],
)
def test_chinese_numerals(number: int, numeral: str) -> None:
    assert chinese_numeral(number) == numeral


@pytest.mark.parametrize("number", [0, 100])
def test_numerals_outside_1_to_99_are_refused(number: int) -> None:
    with pytest.raises(DocumentModelError):
        chinese_numeral(number)


def test_heading_numbers_restart_under_each_parent() -> None:
    # Two level-1 headings; three level-2 headings, two under the first and one under the second;
    # under the second level-2 of the first: a level-3 with two level-4s, then a second level-3.
    blocks = (
        Heading("甲", 1),
        Heading("乙", 2),
        Heading("丙", 2),
        Heading("丁", 3),
        Heading("戊", 4),
        Heading("己", 4),
        Heading("庚", 3),
        Heading("辛", 1),
        Heading("壬", 2),
        Heading("癸", 3),
    )
    labels = [label + block.text for block, label in labelled(blocks)]
    assert labels == [
        "一、甲",
        "（一）乙",
        "（二）丙",
        "1．丁",
        "（1）戊",
        "（2）己",
        "2．庚",
        "二、辛",
        "（一）壬",
        "1．癸",
    ]


def test_tables_continue_from_the_tables_before_and_other_blocks_have_no_label() -> None:
    blocks = (Paragraph("正文"), Table("甲表", ("列",), ()), Items(("一项",)), Table("乙表", ("列",), ()))
    assert [label for _, label in labelled(blocks, tables_before=3)] == ["", "表4", "", "表5"]


def test_attachment_labels_and_note_for_one_and_for_several() -> None:
    one = (Attachment("主要指标完成情况表", ()),)
    two = (Attachment("主要指标完成情况表", ()), Attachment("重大项目推进情况表", ()))
    # GB/T 9704-2012 7.3.4 and 8: a single attachment carries no number
    assert attachment_label(1, 1) == "附件"
    assert attachment_note(one) == ["附件：主要指标完成情况表"]
    assert [attachment_label(n, 2) for n in (1, 2)] == ["附件1", "附件2"]
    assert attachment_note(two) == ["附件：1．主要指标完成情况表", "2．重大项目推进情况表"]


def _document() -> Document:
    return Document(
        "评估报告",
        (
            Paragraph(("根据规划，", _todo("评估组织"), "报告如下。")),
            Heading("总体情况", 1),
            Items(("第一项", ("第二项，", Text("加粗", bold=True)))),
            Table(
                "完成情况", ("指标", "责任单位"), (("床位", _todo("责任单位")),), note="资料来源：统计年报。"
            ),
            Items(("另一列表",)),
        ),
        (Attachment("附表", (Heading("说明", 1), Table("附表一", ("甲", "乙"), (("1", "2"),)))),),
        issuer="咸宁市民政局",
        date=_todo("成文日期"),
    )


def test_placeholders_in_reading_order() -> None:
    # body paragraph, table cell, then the 落款's date (the issuer here is plain text)
    assert placeholders(_document()) == [
        "【待填写：评估组织】",
        "【待填写：责任单位】",
        "【待填写：成文日期】",
    ]


def test_the_default_issuer_and_date_are_placeholders() -> None:
    assert placeholders(Document("标题", ())) == ["【待填写：评估单位】", "【待填写：成文日期】"]


def test_plain_text_is_the_document_as_read() -> None:
    # Items restart at 1．; the attachment's heading restarts at 一、 and its table is 表2
    assert plain_text(_document()) == (
        "评估报告\n\n"
        "根据规划，【待填写：评估组织】报告如下。\n"
        "一、总体情况\n"
        "1．第一项\n"
        "2．第二项，加粗\n"
        "表1　完成情况\n指标\t责任单位\n床位\t【待填写：责任单位】\n资料来源：统计年报。\n"
        "1．另一列表\n\n"
        "附件：附表\n\n"
        "咸宁市民政局\n【待填写：成文日期】\n\n"
        "附件\n\n附表\n\n"
        "一、说明\n表2　附表一\n甲\t乙\n1\t2\n"
    )


def test_sequences_become_tuples_so_a_document_is_hashable() -> None:
    document = Document(
        "标题",
        [
            Paragraph(["甲", Text("乙")]),
            Items([["丙"]]),
            Table("表", ["a", "b"], [["1", "2"]], widths_mm=[10, 20], align=["left", "right"]),
        ],
        [Attachment("附表", [Paragraph("丁")])],
    )
    assert document.blocks[0].content == ("甲", Text("乙"))
    assert document.blocks[2].rows == (("1", "2"),) and document.blocks[2].widths_mm == (10.0, 20.0)
    assert hash(document) == hash(Document(**vars(document)))


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda: Heading("标题", 5), "Heading.level"),
        (lambda: Paragraph("正文", align="distribute"), "Paragraph.align"),
        (lambda: Table("表", (), ()), "没有列"),
        (lambda: Table("表", ("a", "b"), (("1",),)), "第1行有1个单元格，表头有2列"),
        (lambda: Table("表", ("a", "b"), (), widths_mm=(10,)), "列宽"),
        (lambda: Table("表", ("a", "b"), (), widths_mm=(10, 0)), "列宽"),
        (lambda: Table("表", ("a",), (), align=("middle",)), "Table.align"),
        (lambda: Document("标题", ("不是块",)), "正文块"),
        (lambda: Paragraph(("文字", 3)), "段落内容"),
    ],
)
def test_malformed_blocks_are_refused_with_a_message(make, says: str) -> None:
    with pytest.raises(DocumentModelError, match=says) as raised:
        make()
    assert isinstance(raised.value, XnplanError) and isinstance(raised.value, ValueError)
