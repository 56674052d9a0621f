"""Reconciliation of the project library: named findings verified by reading the text.

Line numbers are 1-based lines of data/raw/xianning_civil_affairs_14th_fyp_draft.txt.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.check.library import project_checks
from xnplan.check.rows import Check
from xnplan.parse.projects import parse_projects
from xnplan.parse.source import Source
from xnplan.paths import DEFAULT_RAW_TEXT

RAW = DEFAULT_RAW_TEXT.read_text(encoding="utf-8")
LINES = RAW.split("\n")
FIELDS = ["check_id", "level", "compares", "kind", "item", "stated_source", "computed_source", "stated"]
FIELDS += ["computed", "difference", "unit", "status", "source_line"]


def framed(checks: list[Check]) -> pd.DataFrame:
    """The checks as rows with the reconciliation's columns these tests read (explanations by line)."""
    return pd.DataFrame(
        [
            {
                **{name: getattr(c, name) for name in FIELDS},
                "explanation": c.explanation(),
                "evidence_lines": list(c.evidence_lines),
            }
            for c in checks
        ]
    )


def checks_for(text: str) -> tuple:
    source = Source.from_text(text, DEFAULT_RAW_TEXT)
    projects, categories = parse_projects(source)
    return projects, framed(project_checks(source, projects, categories))


@pytest.fixture(scope="module")
def parsed():
    return checks_for(RAW)


@pytest.fixture(scope="module")
def checks(parsed):
    return parsed[1].set_index("check_id")


def test_every_check_has_its_own_id_and_a_kind_of_the_library(parsed):
    checks = parsed[1]
    assert checks["check_id"].is_unique
    assert set(checks["kind"]) == {"sums", "attachments", "counts", "repeats"}
    # what each id says it compares decides its kind: *-X-* pairs, totals and counts, DUP- repeats
    kinds = checks.set_index("check_id")["kind"]
    assert kinds["C1-X-total"] == kinds["G-X-count"] == "attachments"
    assert kinds["C1-D-sum-total"] == kinds["C6.1-S-total"] == "sums"
    assert kinds["G-D-sum-count"] == kinds["C1.2-S-count"] == "counts"
    assert kinds["DUP-P1.5.007"] == "repeats"


# Every figure that does not agree, as found by reading 附件1 (lines 819-957) and 附件2's headers
# against the rows. Everything else (105 checks) agrees.
MISMATCHES = {
    # 附件1's categories add up to 910243.66, not 884933.66 (流浪乞讨 +510, 公墓 +24800).
    "G-S-sum-total",
    # 附件2 prints 884933 (line 979) for 884933.66; its categories add up to 1019883.46 and 1505.
    "G-D-total",
    "G-D-sum-total",
    "G-D-sum-count",
    "G-X-total",
    # 公办养老: 附件1 141940.2 (829) = rows, but its subtotals add up to 152090 = 附件2's header (985).
    "C1-S-sum-total",
    "C1-D-total",
    "C1-D-sum-total",
    "C1-X-total",
    # 福利院: 附件1 40419 (845) vs rows and 附件2 38719 (1637).
    "C1.2-S-total",
    "C1.2-X-total",
    # 县级社会福利中心: 附件1 28659 (869) vs rows and 附件2 20209.2 (2575).
    "C1.5-S-total",
    "C1.5-X-total",
    # 流浪乞讨: 附件1 3455 (903) vs rows and 附件2 2945 (3105).
    "C4-S-total",
    "C4-X-total",
    # 公墓: 附件1 194733.77 (915), 附件2 294733.77 and 228 (3265-3267), rows 169933.77 and 351 units.
    "C6-S-total",
    "C6-S-sum-total",
    "C6-D-total",
    "C6-D-sum-total",
    "C6-D-count",
    "C6-D-sum-count",
    "C6-X-total",
    "C6-X-count",
    # 城市公益性公墓: 附件1 34033.77 (923) vs rows and 附件2 24033.77 (3273).
    "C6.1-S-total",
    "C6.1-X-total",
}
AMBIGUOUS = {
    # 福利院 is counted by lines (40) not facilities (53): 嘉鱼县7个镇 (1801), 通山县8个乡镇 (1811);
    # the category and grand counts inherit it: 660 vs 673, 1628 vs 1641.
    "C1.2-S-count",
    "C1.2-D-count",
    "C1-S-count",
    "C1-D-count",
    "G-S-count",
    "G-D-count",
    # 通城县城区福利中心 printed twice (lines 2597 and 2637).
    "DUP-P1.5.007",
}


def test_findings_are_exactly_the_known_ones(checks):
    assert set(checks.index[checks["status"] == "mismatch"]) == MISMATCHES
    assert set(checks.index[checks["status"] == "ambiguous"]) == AMBIGUOUS
    assert (checks["status"] == "ok").sum() == 105


def test_grand_total_equals_the_rows(checks):
    c = checks.loc["G-S-total"]
    assert (c["status"], c["stated"], c["computed"], c["source_line"]) == ("ok", 884933.66, 884933.66, 823)


def test_detail_grand_total_printed_without_decimals(checks):
    c = checks.loc["G-D-total"]
    assert (c["stated"], c["computed"], c["difference"], c["source_line"]) == (884933, 884933.66, -0.66, 979)
    assert c["explanation"] == (
        "附件2印刷值为884933万元，全部明细行之和为884933.66万元（印刷值少0.66万元）。"
        "该数是全部明细行之和（884933.66万元）去掉小数后的整数，也是附件1的印刷值（884933.66万元）"
        "去掉小数后的整数。"
    )


def test_header_equal_to_the_summary_subtotals_not_the_rows(checks):
    c = checks.loc["C1-D-total"]
    assert (c["stated"], c["computed"]) == (152090, 141940.2)
    assert c["explanation"] == (
        "附件2印刷值为152090万元，本类明细行之和为141940.2万元"
        "（印刷值多10149.8万元）。该数等于附件1各小类印刷值之和（152090万元）。"
    )
    # 附件1's own subtotals: 福利院 40419 against 38719 (+1700), 县级社会福利中心 28659 against 20209.2.
    parts = checks.loc["C1-S-sum-total", "explanation"]
    assert "本表各小类印刷值之和为152090万元" in parts and "印刷40419万元，本类明细行之和38719万元" in parts
    assert "印刷28659万元，本类明细行之和20209.2万元（印刷值多8449.8万元）" in parts


def test_summary_subtotals_that_differ_from_the_rows(checks):
    assert (checks.loc["C1.2-S-total", "stated"], checks.loc["C1.2-S-total", "computed"]) == (40419, 38719)
    assert checks.loc["C1.2-D-total", "status"] == "ok"
    assert (checks.loc["C1.5-S-total", "stated"], checks.loc["C1.5-S-total", "computed"]) == (28659, 20209.2)
    assert (checks.loc["C4-S-total", "stated"], checks.loc["C4-S-total", "difference"]) == (3455, 510)


def test_count_of_lines_rather_than_facilities(checks):
    c = checks.loc["C1.2-S-count"]
    assert (c["stated"], c["computed"], c["source_line"]) == (40, 53, 843)
    assert "等于明细行数（40行），而非设施数（53个）" in c["explanation"]
    assert "「嘉鱼县7个镇农村福利院项目」（第1799行，7个设施）" in c["explanation"]
    assert "「通山县8个乡镇农村福利院项目」（第1809行，8个设施）" in c["explanation"]
    assert "少13个" in c["explanation"]
    assert {1799, 1809} <= set(c["evidence_lines"])
    grand = checks.loc["G-S-count"]
    assert (grand["stated"], grand["computed"]) == (1628, 1641)
    assert (
        "小类1.2「农村福利院新建与升改造项目」（印刷40个：40行明细，53个设施）按明细行数计"
        in grand["explanation"]
    )
    assert "比1641个设施少13个" in grand["explanation"]


def test_count_of_facilities_names_its_largest_line(checks):
    # 日间照料中心建设项目 (附件1 line 833, count 500 at line 835): 64 lines, 500 facilities; the
    # largest package is 通山县187个老年人日间照料中心项目 (seq 47 at line 1453), counted as 187.
    c = checks.loc["C1.1-S-count"]
    assert (c["status"], c["stated"], c["computed"]) == ("ok", 500, 500)
    assert c["explanation"] == (
        "附件1印刷值为500个，等于设施数：64行明细共500个设施，其中4行的名称写明"
        "多个设施（如第1453行「通山县187个老年人日间照料中心项目」计为187个），"
        "即项目个数按设施数计，而非按明细行数计。"
    )


def test_cemetery_figures(checks):
    assert checks.loc["C6-S-count", "status"] == "ok"  # 351 = 5 + 342 + 4 facilities
    c = checks.loc["C6-D-count"]
    assert (c["stated"], c["computed"]) == (228, 351)
    assert "既不等于明细行数（28行），也不等于设施数（351个）" in c["explanation"]
    assert "附件1印刷值为351个" in c["explanation"]
    assert "两表的数字只在十万位上不同（附件1为1，附件2为2）" in checks.loc["C6-X-total", "explanation"]
    # 34033.77 (line 923) against 24033.77 in the rows and 附件2.
    typo = checks.loc["C6.1-S-total", "explanation"]
    assert "与本类明细行之和（24033.77万元）只在万位上不同（3与2）" in typo and "可能是笔误" in typo
    # 附件2's categories add up to 1505 because 公墓 prints 228 while its subcategories add up to 351.
    total = checks.loc["G-D-sum-count", "explanation"]
    assert "附件2各大类印刷个数之和为1505个；合计印刷值为1628个（印刷值多123个）" in total
    assert "它印刷228个，而其各小类印刷个数之和为351个" in total


def test_repeated_line(checks):
    c = checks.loc["DUP-P1.5.007"]
    assert (c["status"], c["source_line"], c["evidence_lines"]) == ("ambiguous", 2637, [2597])
    assert (c["compares"], c["unit"]) == ("library", "")  # two identical lines: no amount compared
    assert c["explanation"].startswith(
        "P1.5.007（第2637行，序号7）与P1.5.003（第2597行）的名称、拟建地点、"
        "投资（1500万元）和实施主体完全相同"
    )
    # Both lines are in the printed figures: 附件1's count 8 (line 867; its 28659 at 869 is off),
    # 附件2's 8 (line 2573) and 20209.2 (line 2575).
    assert (
        "附件1的个数8个、附件2的合计20209.2万元、附件2的个数8个都等于两行都计入时的明细之和"
        in c["explanation"]
    )
    assert "P1.5.007（第2637行）与P1.5.003（第2597行）完全相同" in checks.loc["C1.5-D-count", "explanation"]


@pytest.mark.parametrize(
    "project_id",
    [
        "P1.1.001",
        "P1.2.017",
        "P1.5.007",
        "P2.0.011",
        "P3.2.002",
        "P4.0.005",
        "P5.0.001",
        "P6.1.002",
        "P7.0.004",
        "P8.0.076",
        "P9.0.002",
    ],
)
def test_a_changed_digit_in_any_investment_shows_as_a_mismatch(parsed, project_id):
    projects, checks = parsed
    seq_line = int(projects.set_index("project_id").loc[project_id, "source_line"])
    source = Source.from_text(RAW)
    investment_line = source.cells(seq_line, seq_line + 12)[3].line
    lines = list(LINES)
    text = lines[investment_line - 1]
    lines[investment_line - 1] = text[:-1] + ("1" if text[-1] != "1" else "2")
    _, changed = checks_for("\n".join(lines))
    ok_before = set(checks.loc[checks["status"] == "ok", "check_id"])
    ok_after = set(changed.loc[changed["status"] == "ok", "check_id"])
    assert "G-S-total" in ok_before - ok_after
    assert ok_after < ok_before


def test_every_row_compares_the_library_in_its_unit(checks):
    assert set(checks["compares"]) == {"library"}
    # Totals in 万元 and counts in 个, as the item says; 附件1 against 附件2 names both tables.
    assert checks.loc["C4-X-total", ["unit", "stated_source", "computed_source"]].tolist() == [
        "万元",
        "附件1",
        "附件2",
    ]
    assert checks.loc["C6-D-count", ["unit", "stated_source", "computed_source"]].tolist() == [
        "个",
        "附件2",
        "",
    ]
    # 附件1's 合计 count 1628 (line 821) against 附件2's 1628 (line 977, under its 合计 at 975).
    count = checks.loc["G-X-count"]
    assert (count["source_line"], count["evidence_lines"]) == (821, [977])
