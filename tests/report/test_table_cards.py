"""Wide display tables as cards on a phone (plots.table_html): each value carries its column's name."""

from __future__ import annotations

import re

import pandas as pd

from xnplan.report import plots


def test_a_table_of_four_columns_labels_every_value_but_the_cards_heading():
    frame = pd.DataFrame(
        {
            "县市区": ["通山县", "崇阳县"],
            "行数": [23, 104],
            "估算总投资(万元)": ["206,885.00", "80,977.00"],
            "说明": ["", "a<b"],
        }
    )
    html = plots.table_html(frame)
    assert 'class="xnplan-table xn-cards"' in html
    labels = re.findall(
        r'<td id="T_\w+_row(\d+)_col(\d+)" class="data row\d+ col\d+"(?: data-label="([^"]*)")?', html
    )
    # two rows × four columns; the first column is the card's heading, so it has no label
    assert labels == [
        ("0", "0", ""), ("0", "1", "行数"), ("0", "2", "估算总投资(万元)"), ("0", "3", "说明"),
        ("1", "0", ""), ("1", "1", "行数"), ("1", "2", "估算总投资(万元)"), ("1", "3", "说明"),
    ]  # fmt: skip


def test_a_header_is_escaped_in_its_label():
    frame = pd.DataFrame({"a": ["x"], "b": [1], 'c"<': [2], "d": [3]})
    assert 'data-label="c&quot;&lt;"' in plots.table_html(frame)


def test_a_narrow_table_stays_a_table():
    html = plots.table_html(pd.DataFrame({"县市区": ["通山县"], "行数": [23], "占比(%)": ["23.4"]}))
    assert "xn-cards" not in html and "data-label" not in html


def test_ids_in_cells_are_kept_whole_and_nothing_else_is():
    frame = pd.DataFrame(
        {
            "项目编号": ["P6.2.001", "P1.4.023行"],
            "说明": ["见 P8.0.045、P8.0.046", "1,234.56；2025年；narr-table-B01-2015"],
            "指标": ["I14-01", "12.5%"],
        }
    )
    html = plots.table_html(frame)
    # cells row by row: row 0 holds three ids in its first two cells and I14-01; row 1 one, before 行
    assert re.findall(r'<span class="xn-id">([^<]+)</span>', html) == [
        "P6.2.001",
        "P8.0.045",
        "P8.0.046",
        "I14-01",
        "P1.4.023",
    ]
    # and nothing else: not 1,234.56, 2025, 12.5% nor the B01 inside narr-table-B01-2015
