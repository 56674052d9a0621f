"""Plain headers for a notebook of one's own (xnplan.report.present.plain_labels): a table shown with
the notebook's Chinese headers, formatted by each column's type, without the package's vocabulary;
and a clear message for each mistake left."""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.errors import DisplayLabelError
from xnplan.report import present
from xnplan.report.exhibits import Exhibits

# A researcher's own frame: a text column, whole numbers, shares, a yes/no; one row with gaps.
OWN = pd.DataFrame(
    {
        "town": ["通羊镇", None],
        "homes": [1234, 5],
        "share": [0.125, float("nan")],
        "rural": [True, False],
    }
)


def test_a_mapping_of_plain_headers_formats_each_column_by_its_type():
    shown = present.present(
        OWN, labels={"town": "乡镇", "homes": "养老机构(个)", "share": "占比", "rural": "农村"}
    )
    assert shown.columns.tolist() == ["乡镇", "养老机构(个)", "占比", "农村"]
    # whole numbers grouped (1,234), other numbers two decimals (0.125 → 0.13, half-up), booleans 是/否,
    # every missing value —
    assert shown.to_dict("records") == [
        {"乡镇": "通羊镇", "养老机构(个)": "1,234", "占比": "0.13", "农村": "是"},
        {"乡镇": "—", "养老机构(个)": "5", "占比": "—", "农村": "否"},
    ]


def test_a_list_gives_one_header_per_shown_column_in_order():
    shown = present.present(OWN, ["homes", "town"], ["养老机构(个)", "乡镇"])
    assert shown.to_dict("list") == {"养老机构(个)": ["1,234", "5"], "乡镇": ["通羊镇", "—"]}


def test_plain_headers_mix_with_the_vocabulary_and_its_formatters():
    frame = OWN.assign(investment_wan=[300150.0, 12.5])
    # investment_wan keeps the vocabulary's header and format; a pair chooses its own formatter
    shown = present.present(frame, ["investment_wan", "share"], {"share": ("占比(%)", present.fixed(1))})
    assert shown.to_dict("list") == {"估算总投资(万元)": ["300,150.00", "12.50"], "占比(%)": ["0.1", "—"]}


def test_the_download_keeps_the_values_under_the_plain_headers():
    data = present.present(OWN, ["homes", "share"], ["养老机构(个)", "占比"], formatted=False)
    assert data["养老机构(个)"].tolist() == [1234, 5] and data["占比"].iloc[0] == 0.125


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # a new column without a header: how to give one, not a KeyError
        (
            lambda: present.present(OWN),
            r"^列 town、homes、share、rural 没有中文表头：用 labels 给出，如 labels=\{'town'",
        ),
        # a formatter that is not a function: not "'str' object is not callable"
        (
            lambda: present.present(OWN, ["homes"], {"homes": ("养老机构(个)", "int")}),
            r"^列 homes 的标签应为表头文字，或 \(表头, 格式函数\)",
        ),
        (
            lambda: present.present(OWN, labels=["乡镇", "养老机构(个)"]),
            r"^给了 2 个表头，表要显示 4 列（town、homes、share、rural）",
        ),
        (
            lambda: present.present(OWN, ["towns"], ["乡镇"]),
            r"^表中没有列 towns（表的列：town、homes、share、rural）",
        ),
        (lambda: present.present(OWN, ["town"], "乡镇"), r"^labels 应为 \{列名: 表头\} 或表头列表"),
    ],
)
def test_each_mistake_left_says_what_to_do(call, message):
    with pytest.raises(DisplayLabelError, match=message):
        call()


def test_an_exhibit_table_with_plain_headers_is_numbered_styled_and_downloaded(tmp_path, displayed):
    ex = Exhibits(tmp_path / "mine_files", "mine_files")
    ex.table(OWN, "各乡镇养老机构", labels=["乡镇", "养老机构(个)", "占比", "农村"], sources=["自己的统计"])
    ex.finish()
    html = displayed[0]["text/html"]
    assert "表1　各乡镇养老机构" in html and "养老机构(个)</th>" in html and "1,234" in html
    csv = (tmp_path / "mine_files" / "mine-表1.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[:2] == ["乡镇,养老机构(个),占比,农村", "通羊镇,1234,0.125,True"]
