"""Project progress per county on the 县市区对比 page (county_comparison.project_rates): 报送率 first,
a county that reported nothing is 未报送 under every rate, never 0%."""

from __future__ import annotations

import pandas as pd

from xnplan.report import county_comparison as compare
from xnplan.report import present


def by_county() -> pd.DataFrame:
    # Hand-made rows as ProjectProgress.by["county"] gives them: 通山县 reported 20 of its 23 lines
    # (86.96%); 崇阳县 none of 104 (its rates computed over nothing are 0 or NaN); the 合计 row is left out.
    return pd.DataFrame(
        {
            "group": ["崇阳县", "通山县", "合计"],
            "lines": [104, 23, 127],
            "reported": [0, 20, 20],
            "reported_pct": [0.0, 20 / 23 * 100, 20 / 127 * 100],
            "start_pct": [float("nan"), 75.0, 75.0],
            "complete_pct": [float("nan"), 40.0, 40.0],
            "invest_pct": [0.0, 55.25, 55.25],
            "time_pct": [100.0, 100.0, 100.0],
            "not_reported": [True, False, False],
        }
    )


def test_rates_put_the_reporting_rate_first_and_no_rate_for_a_silent_county():
    rates = compare.project_rates(by_county())
    assert list(rates.columns) == list(compare.PROGRESS_COLUMNS) and rates.columns[1] == "reported_pct"
    assert rates["county"].tolist() == ["通山县", "崇阳县"]  # the counties' order, 合计 left out
    silent = rates.iloc[1]
    assert all(pd.isna(silent[c]) for c in compare.RATE_COLUMNS)  # not 0.0 as by_county had it
    assert rates.iloc[0]["reported_pct"] == 87.0  # 20 / 23 = 86.96%, to one decimal as shown


def test_a_silent_county_reads_not_reported_and_dashes():
    shown = present.present(compare.project_rates(by_county()), labels=compare.progress_labels())
    assert shown.columns.tolist()[:2] == ["县市区", "报送率(%)"]
    assert shown.iloc[0].tolist() == [
        "通山县",
        "87.0",
        "20",
        "23",
        "75.0",
        "40.0",
        "55.3",
        "100.0",
    ]  # half-up: 55.25 → 55.3
    assert shown.iloc[1].tolist() == ["崇阳县", "未报送", "0", "104", "—", "—", "—", "—"]
    assert "0.0" not in shown.iloc[1].tolist()


def test_the_sentence_names_the_lowest_completion_and_who_did_not_report():
    rates = compare.project_rates(by_county())
    assert compare.progress_sentence(rates) == (
        "1个县市区报送了项目进展，其中投资完成率最低的是通山县（55.3%，时间进度100.0%）；"
        "崇阳县未报送，不计算比率，也不排名。"
    )
    nobody = compare.project_rates(by_county().assign(not_reported=True))
    assert compare.progress_sentence(nobody) == "六个县市区都没有报送项目进展（未报送），不计算比率。"
