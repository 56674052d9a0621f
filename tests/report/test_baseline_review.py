"""xnplan.report.baseline_review: where the 十三五 table is cited from, the verdict counts and the
progress shown in words, on the real outline and on rows written out in the tests.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.errors import TableContentError
from xnplan.report import baseline_review


def test_table_13_source_cites_the_section_and_its_page(plan):
    # The plan's 目录: "八、“十三五”时期咸宁民政事业发展主要指标完成情况 7", under 第一章.
    outline = plan.outline
    assert baseline_review.table_13_source(outline, "规划") == (
        "规划，第一章八、“十三五”时期咸宁民政事业发展主要指标完成情况（第7页）"
    )
    with pytest.raises(TableContentError, match="expected one"):
        baseline_review.table_13_source(outline[outline["level"] != "section"], "规划")


@pytest.fixture
def review() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["I13-01", "I13-02", "I13-03"],
            "name": ["城市低保", "农村低保", "特困供养"],
            "holds": ["成立", "不成立", "无法核对"],
            "attainment_pct": [103.8, 90.0, None],
        }
    )


def test_verdict_counts_and_attainment(review):
    assert baseline_review.verdict_counts(review) == {
        "indicators": 3,
        "held": 1,
        "not_held": 1,
        "unverifiable": 1,
    }
    series = baseline_review.attainment(review)
    assert series.index.tolist() == ["I13-01 城市低保", "I13-02 农村低保", "I13-03 特困供养"]
    assert series.iloc[0] == 103.8


def test_progress_beyond_a_met_target_is_shown_in_words_with_the_figure_in_the_note():
    # 农村特困供养标准: 2015 6,886, target 7,090, 2020 11,020 → P = 4134/204 = 2026.47%.
    review = pd.DataFrame(
        {
            "holds": ["成立", "不成立", "成立"],
            "share_pct": [4134 / 204 * 100, 56.25, None],
            "note": ["已达到目标", "", "仅有一个观测值"],
        }
    )
    shown = baseline_review.progress_in_words(review)
    assert shown["progress"].tolist() == ["已超过目标", "56.3", "—"]  # 56.25 rounds half-up to 56.3
    assert shown["note"].tolist() == [
        "已达到目标；完成进度P=2026.5%（超过100%的部分不表示进度）",
        "",
        "仅有一个观测值",
    ]


def test_introduction_and_checks_sentence():
    # 12 indicators: 9 + 2 + 1
    verdicts = {"indicators": 12, "held": 9, "not_held": 2, "unverifiable": 1}
    assert baseline_review.introduction(verdicts) == (
        "规划第一章第八节的“十三五”主要指标完成情况表列出 12 项指标（含一个“其中”子项），全部标为“完成”。"
        "本报告用与“十四五”目标差距评估相同的方法核对：以2015年实际值为基线，"
        "2020年既是目标年份也是评估年份，达标即 2020年实际值 ≥ 2020年目标值。"
        "核对结果：9 项的“完成”成立，2 项不成立，1 项无法核对。"
    )
    # 7 checks: 4 ok, 2 mismatch, 1 ambiguous
    counts = {"checks": 7, "ok": 4, "mismatch": 2, "ambiguous": 1}
    assert baseline_review.checks_sentence(counts) == (
        "共 7 项核对，其中 2 项不一致、1 项存疑。达标判断只比较2020年目标值与实际值，"
        "2015年数字的出入不改变上表的结论。"
    )
