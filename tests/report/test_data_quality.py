"""xnplan.report.data_quality: the stored findings as the page shows them, the counts per kind, the
printed figures and the repeated lines.

The findings themselves (their sentences, places and how checks join) are tested with the check stage
(tests/check/test_findings.py); places are checked against the plan text's 目录 (附件2 from page 49).
"""

from __future__ import annotations

import pandas as pd
import pytest

import xnplan
from xnplan.report import data_quality, present


@pytest.fixture(scope="module")
def plan():
    return xnplan.store.load()


def test_the_page_shows_each_finding_that_is_not_ok_once_by_kind(plan):
    found = data_quality.findings(plan.findings, plan.reconciliation)
    assert plan.reconciliation["status"].value_counts().to_dict() == {
        "ok": 142,
        "mismatch": 35,
        "ambiguous": 16,
    }
    # 51 checks that do not agree (35 + 16) make 45 findings; every one of them is shown once.
    assert (len(found), found["checks"].sum()) == (45, 51)
    groups = data_quality.by_kind(found)
    ids = [i for _, rows in groups for joined in rows["check_id"] for i in joined.split("、")]
    assert len(ids) == len(set(ids)) == 51
    assert set(ids) == set(plan.reconciliation.loc[plan.reconciliation["status"] != "ok", "check_id"])
    assert [(kind.title, len(rows)) for kind, rows in groups] == [
        ("合计与明细不符", 12),
        ("附件1与附件2不一致", 8),
        ("项目个数的计法", 5),
        ("重复的项目行", 1),
        ("正文与指标表不一致", 9),
        ("指标表缺印的数字", 2),
        ("正文与项目库不一致", 8),
    ]
    # The downloads name every check a finding gathers, and its items each once.
    counts = groups[2][1].set_index("finding_id")
    assert counts.loc["G-S-count", "check_id"] == "G-S-count、G-D-count"
    assert counts.loc["C1.2-S-count", "item"] == (
        "小类1.2「农村福利院新建与升改造项目」 项目个数(个) 对设施数；"
        "小类1.2「福利院项目」 项目个数(个) 对设施数"
    )
    assert counts.loc["C1.2-S-count", "status_label"] == "存疑"
    everything = data_quality.findings(
        plan.findings, plan.reconciliation, statuses=present.CHECK_STATUS_LABELS
    )
    assert len(everything) == len(plan.findings) and set(everything["status_label"]) == {
        "一致",
        "不一致",
        "存疑",
    }


def test_the_shown_and_downloaded_columns_have_labels(plan):
    found = data_quality.findings(plan.findings, plan.reconciliation)
    shown = present.present(found, data_quality.FINDING_COLUMNS)
    assert shown.columns.tolist() == [
        "发现",
        "印刷值",
        "对照值",
        "差额",
        "单位",
        "出处(规划页码与章节)",
        "状态",
    ]
    # 农村社区综合服务设施覆盖率: a 2025 target of 70% (正文) against the 100% reached in 2020.
    row = found.index[found["finding_id"] == "narr-below2020-T12"][0]
    assert shown.loc[row, ["印刷值", "对照值", "差额", "状态"]].tolist() == ["70", "100", "-30", "不一致"]
    downloaded = present.present(found, data_quality.FINDING_DOWNLOAD, formatted=False)
    # 1628 printed in 附件1 (line 821) and 附件2 (977); each check cites the other table's 合计 row
    # (819, 975) and 小类1.2's row in its own table (841, 1633), the one part that counts lines.
    merged = found.index[found["finding_id"] == "G-S-count"][0]
    assert downloaded.loc[merged, ["核对编号", "原文行号", "相关行号"]].tolist() == [
        "G-S-count、G-D-count",
        "821,977",
        "819,841,975,1633",
    ]


def test_kind_counts_and_summary():
    checks = pd.DataFrame(
        {
            "check_id": ["a", "b", "c", "d"],
            "kind": ["sums", "counts", "prose_tables", "attachments"],
            "status": ["ok", "ambiguous", "mismatch", "mismatch"],
        }
    )
    table = data_quality.kind_counts(checks)
    assert table.values.tolist() == [
        ["合计、大类、小类的估算总投资与明细", 1, 0, 0, 1],
        ["附件1与附件2的同一数字", 0, 1, 0, 1],
        ["项目个数", 0, 0, 1, 1],
        ["正文与指标表", 0, 1, 0, 1],
        ["合计", 1, 2, 1, 4],
    ]
    assert data_quality.status_summary(checks) == {"checks": 4, "ok": 1, "mismatch": 2, "ambiguous": 1}


def test_printed_categories_indent_subcategories():
    categories = pd.DataFrame(
        {"level": ["grand", "category", "subcategory"], "name_detail": ["合计", "公办养老", "福利院"]}
    )
    assert data_quality.printed_categories(categories)["name_detail"].tolist() == [
        "合计",
        "公办养老",
        "\u3000福利院",
    ]


def test_repeated_lines(make_projects, plan):
    # Hand-made: P3.0.001 (line 2637) repeats P2.0.002 (line 2601); 9350 万元.
    projects = make_projects(
        [
            ("P2.0.001", 2, "普惠养老", 0, "", "甲", "赤壁市", "", 1, 300.0, "企业"),
            ("P2.0.002", 2, "普惠养老", 0, "", "乙", "通山县", "", 1, 9350.0, "企业"),
            ("P3.0.001", 3, "殡葬", 0, "", "乙", "通山县", "", 1, 9350.0, "企业"),
        ]
    ).assign(duplicate_of=["", "", "P2.0.002"], source_line=[2597, 2601, 2637])
    repeats = data_quality.repeated_lines(projects, plan.outline, plan.project_categories)
    assert repeats.lines["project_id"].tolist() == ["P3.0.001"]
    assert repeats.lines["original_line"].tolist() == [2601]
    assert repeats.investment_wan == 9350.0
    # the one repeated line's 9350 万元, with two decimals as the table's note prints it
    assert data_quality.repeats_note(repeats) == "这些行合计9,350.00万元；规划的所有合计都照印刷计入了它们。"
    assert repeats.lines.loc[0, "place"] == (
        "第49页起 附件2“十四五”项目库明细表「5.新建、改造升级县级社会福利中心项目」"
    )
    none = data_quality.repeated_lines(
        projects.assign(duplicate_of=""), plan.outline, plan.project_categories
    )
    assert none.lines.empty and none.investment_wan == 0


def test_summary_and_section_heading_say_how_checks_make_findings():
    counts = {"checks": 10, "ok": 6, "mismatch": 3, "ambiguous": 1}
    found = pd.DataFrame({"checks": [2, 1, 1]})  # four checks, one finding merging two of them
    assert data_quality.summary(counts, found) == (
        "共核对10项：一致6项，不一致3项，存疑1项。不一致和存疑的4项核对合为3项发现，按类别列在下面各节，每项只列一次。"
    )
    kind = data_quality.KINDS[1]
    assert data_quality.section_heading(1, kind, found) == (
        f"## 二、{kind.title}（3项，合4项核对）\n\n{kind.about}"
    )
    lone = data_quality.section_heading(0, kind, found.iloc[1:])
    assert lone == f"## 一、{kind.title}（2项）\n\n{kind.about}"


def test_the_page_opens_with_the_distinct_printing_errors_largest_first(plan):
    repeats = data_quality.repeated_lines(plan.projects, plan.outline, plan.project_categories)
    errors = data_quality.printing_errors(plan.findings, repeats)
    # From the findings table by hand: the prints that differ from their own rows are 大类6 (附件1
    # 194,733.77 and 附件2 294,733.77 and 228 个, rows 169,933.77 and 351 facilities), 大类1 in 附件2
    # (152,090 against 141,940.2), 小类6.1 (34,033.77 / 24,033.77), 小类1.5 (28,659 / 20,209.2), 小类1.2
    # (40,419 / 38,719), 大类4 (3,455 / 2,945) and the 合计 of 附件2 (884,933 / 884,933.66): seven,
    # ordered by the difference in 万元 (124,800, 10,149.8, 10,000, 8,449.8, 1,700, 510, 0.66). In
    # doubt: the 1,628 projects against 1,641 facilities (小类1.2's -13 carried to 大类1 and the 合计:
    # one error) and the repeated 通城县城区福利中心 line.
    assert [(e.subject.split("「")[0], e.doubtful) for e in errors] == [
        ("大类6", False),
        ("大类1", False),
        ("小类6.1", False),
        ("小类1.5", False),
        ("小类1.2", False),
        ("大类4", False),
        ("项目库合计", False),
        ("项目库合计", True),
        ("", True),
    ]
    cemetery = errors[0].sentence()
    for figure in ("194,733.77万元", "294,733.77万元、228个", "169,933.77万元", "351个", "第48–49页 附件1"):
        assert figure in cemetery
    assert "应以明细为准：169,933.77万元、351个。" in cemetery
    assert "1,628个" in errors[7].printed and "1,641个" in errors[7].lines
    assert errors[8].subject == "「通城县城区福利中心」列了两次" and "1,500万元" in errors[8].use
    listing = data_quality.printing_errors_markdown(errors)
    assert listing.startswith("1. **大类6「城乡公益性公墓与骨灰堂项目」**：") and "\n9. **「通城县" in listing
    assert data_quality.answer(errors) == (
        "规划项目库的印刷数字有7处与明细行对不上，另有2处存疑；最大的一处是大类6「城乡公益性公墓与骨灰堂项目」："
        "附件1印194,733.77万元、附件2印294,733.77万元，明细行之和为169,933.77万元。"
    )


def test_a_difference_carried_up_unchanged_is_one_error():
    # 小类1.2 prints 13 too few; 大类1 and 合计 print the same 13 too few: one error, named by the
    # widest row (the first in the table's order), not three.
    found = pd.DataFrame(
        {
            "finding_id": ["G-S-count", "C1-S-count", "C1.2-S-count", "C1-S-sum-count"],
            "kind": ["counts"] * 4,
            "status": ["ambiguous", "ambiguous", "ambiguous", "mismatch"],
            "subject": ["合计", "大类1", "小类1.2", "大类1"],
            "stated": [1628.0, 660.0, 40.0, 660.0],
            "computed": [1641.0, 673.0, 53.0, 700.0],
            "difference": [-13.0] * 3 + [-40.0],
            "unit": ["个"] * 4,
            "place": ["第48–49页 附件1"] * 4,
        }
    )
    empty = data_quality.Repeats(
        lines=pd.DataFrame(columns=["name", "place", "seq", "investment_wan"]), investment_wan=0
    )
    [error] = data_quality.printing_errors(found, empty)  # the -sum- check compares prints, not rows
    assert (error.subject, error.printed, error.doubtful) == ("项目库合计", "第48–49页 附件1印1,628个", True)
