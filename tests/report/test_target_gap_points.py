"""The points a target_gap page opens with (target_gap.key_points), on the public observations: the
2023 mid-term says how far the items have come and where the counties lag, the 2025 final assessment
its final status, outcomes and what carries into the 15th plan; the two pages no longer open alike."""

from __future__ import annotations

import dataclasses

import pytest

from xnplan.report import target_gap as page


@pytest.fixture(name="mid")
def mid_fixture(public_assessments):
    return public_assessments[2023]


@pytest.fixture(name="final")
def final_fixture(public_assessments):
    return public_assessments[2025]


def test_the_mid_term_opens_with_progress_targets_due_and_the_lagging_counties(mid):
    assert page.key_points_heading(mid) == "中期评估要点：进展与需加快的方面"
    # No 全市 value up to 2023 in the public file: none of the 58 items can be judged on pace. The 12
    # targets due by 2023 are all due in 2022, all 无法评估.
    # The 2023 standards (咸宁市调整2023年社会救助标准): 680/590 元/月 in 通山、通城、崇阳 against 720/649
    # elsewhere; 特困 12,000元/年 in 通山县, the lowest of 12,000–15,564.
    assert page.key_points(mid) == [
        "进度：全市58项指标和目标中，0项有截至2023年的全市数据、可以判断进度，是否落后于时间进度无从判断。",
        "已到期：目标年份在2023年及以前（2022年）的12项目标，无法评估12项。",
        "县市区差距：2023年城市低保标准通山县、通城县、崇阳县最低（680元/月）；农村低保标准通山县、通城县、"
        "崇阳县最低（590元/月）；农村特困供养标准通山县最低（12,000元/年）。",
    ]


def test_the_final_assessment_opens_with_status_outcomes_gaps_and_what_carries_over(final):
    assert page.key_points_heading(final) == "总结评估要点：成效、最终状态与“十五五”"
    points = page.key_points(final)
    # 52 无法评估 + 6 无目标 = 58; 崇阳县's one 护理型床位 value (83.36%, 2024) is one measure, named once
    # although two targets of the plan state it.
    assert points[0] == (
        "最终状态：全市58项指标和目标中，无法评估52项、无目标6项。县市区的数据中：崇阳县的“养老机构床位中"
        "护理型床位占比”提前完成（83.36%，2024年）（仅供参考）。"
    )
    # every county's 2025 standard is above the 2020 city level (lowest 735 > 623, 654 > 511, 13,080 > 11,020)
    assert points[1] == (
        "成效：六个县市区2025年的“城市居民最低生活保障平均标准”、“农村居民最低生活保障平均标准”、"
        "“农村特困供养标准”均高于2020年全市水平。"
    )
    assert points[2] == (
        "县市区差距：2025年城市低保标准通山县最低（735元/月）；农村低保标准崇阳县最低（654元/月）；"
        "农村特困供养标准通山县最低（13,080元/年）。"
    )
    assert points[3].startswith("带入“十五五”：12项主要指标中12项到期仍没有全市数据、无法评估")


def test_the_two_pages_open_with_different_points(mid, final):
    assert not set(page.key_points(mid)) & set(page.key_points(final))


def test_an_outcome_follows_the_catalogues_direction(final):
    # The same 2025 standards, read as measures where lower is better (direction -1): every county is
    # above the 2020 city level, so none is an outcome any more and the point goes.
    catalogue = final.catalogue.copy()
    standards = catalogue["name"].isin(
        ["城市居民最低生活保障平均标准", "农村居民最低生活保障平均标准", "农村特困供养标准"]
    )
    assert standards.sum() == 3
    catalogue.loc[standards, "direction"] = -1
    points = page.key_points(dataclasses.replace(final, catalogue=catalogue))
    assert not any(p.startswith("成效") for p in points)
