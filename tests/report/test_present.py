"""xnplan.report.present: Chinese headers with units and the one number format, on hand-made frames
(tests/report/hand_made.py) and rows written out in the tests.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.errors import DisplayLabelError
from xnplan.report import investment, present


def test_present_uses_chinese_headers_with_units(library_projects):
    table = present.present(investment.by_county(library_projects))
    assert table.columns.tolist() == [
        "县市区",
        "明细行数(行)",
        "设施数(个)",
        "估算总投资(万元)",
        "占全市比重(%)",
    ]
    assert table.iloc[1]["估算总投资(万元)"] == "300,150.00"
    with pytest.raises(DisplayLabelError, match="mystery"):
        present.present(library_projects.assign(mystery=1), ["mystery"])


def test_present_review13_vocabulary():
    row = pd.DataFrame(
        [
            {
                "indicator_id": "I13-03",
                "name": "农村特困供养标准",
                "value_2015": None,
                "actual_2020": 11020.0,
                "progress": "56.2",
                "cells_missing": "value_2015",
            }
        ]
    )
    shown = present.present(row, labels=present.REVIEW13).iloc[0]
    assert shown.to_dict() == {
        "编号": "I13-03",
        "指标名称": "农村特困供养标准",
        "2015年实际值": "—",
        "2020年实际值": "11,020",
        "完成进度P(%)": "56.2",
        "缺失单元格": "2015年实际值",
    }


def test_present_checks():
    check = pd.DataFrame(
        [
            {
                "check_id": "grand-total",
                "stated": 884933.0,
                "computed": 884933.66,
                "difference": -0.66,
                "status": "mismatch",
                "source_line": 979,
                "evidence_lines": "985,990",
            }
        ]
    )
    shown = present.present(check).iloc[0].to_dict()
    assert shown == {
        "核对编号": "grand-total",
        "印刷值": "884,933",
        "对照值": "884,933.66",
        "差额": "-0.66",
        "状态": "不一致",
        "原文行号": "979",
        "相关行号": "985,990",
    }
    # the typed checks hold the line numbers as a list
    assert present.present(check.assign(evidence_lines=[[985, 990]]))["相关行号"].item() == "985,990"


def test_present_share_of_a_county(packaged_projects):
    table = investment.county_detail(packaged_projects, "通山县").by_category
    shown = present.present(table, ["category", "share_pct"], labels=present.share_of("通山县"))
    assert shown.columns.tolist() == ["大类", "占通山县合计比重(%)"]
    # 殡葬 9350 of 通山县's 35850 = 26.08%
    assert shown.set_index("大类").loc["殡葬", "占通山县合计比重(%)"] == "26.1"


def test_fixed_and_pattern_formatters():
    # Worked by hand: 300150 with two decimals grouped is 300,150.00; 33.94 with one decimal is 33.9;
    # a missing figure (NaN, None, pandas' NA) shows the dash.
    assert present.fixed(2)(300150) == "300,150.00"
    assert present.fixed(1, grouping=False)(1234.56) == "1234.6"
    assert present.fixed(0)(1628.0) == "1,628"
    assert [present.fixed(1)(v) for v in (float("nan"), None, pd.NA)] == ["—", "—", "—"]
    assert present.pattern("投资额最大的前{:d}行")(10) == "投资额最大的前10行"
    assert present.pattern("{:g}")(float("nan")) == "—"
