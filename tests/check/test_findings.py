"""The checks gathered into distinct findings, and the two tables (xnplan.check.findings).

Sentences are checked on hand-made checks modelled on the plan's; the tables on the plan itself
(data/raw/xianning_civil_affairs_14th_fyp_draft.txt). Places: see tests/check/test_cite.py (附件1 is
on pages 48–49, 附件2 from page 49, 第四章 三、 on 22–24, 第一章 八、 on page 7).
"""

from __future__ import annotations

import pandas as pd
import pytest

import xnplan
from xnplan.check import run_all
from xnplan.check.cite import ByPlace
from xnplan.check.findings import findings_table, gather, reconciliation_table, section_titles, sentence
from xnplan.check.rows import Check
from xnplan.check.wording.library import (
    Clue,
    Deviation,
    Group,
    LeafCount,
    LeavesCountNote,
    PairTotalNote,
    Reference,
    TotalNote,
)
from xnplan.parse.indicators import parse_indicators
from xnplan.parse.narrative import parse_narrative
from xnplan.parse.projects import parse_projects
from xnplan.parse.source import Source
from xnplan.paths import DEFAULT_RAW_TEXT
from xnplan.schema import FINDINGS, RECONCILIATION

GRAND = Group("grand", 0, 0, "合计", "合计")
ELDERLY = Group("category", 1, 0, "公办养老机构服务能力提升项目", "公办养老机构服务能力提升项目")
HOMES = Group("subcategory", 1, 2, "农村福利院新建与升改造项目", "福利院项目")
VAGRANTS = Group("category", 4, 0, "流浪乞讨人员救助管理站新建与升改造项目", "流浪乞讨人员救助管理站")


def _library(check_id, level, source, stated, computed, unit, status, note, line, evidence=(), against=""):
    return Check(
        check_id,
        level,
        "library",
        source,
        stated,
        computed,
        unit,
        status,
        note,
        source_line=line,
        evidence_lines=evidence,
        computed_source=against,
    )


def _elderly_d_total(against: str, value: float) -> Check:
    # 附件2 prints 152090 for 公办养老 (line 985); its rows add up to 141940.2, and so do its printed
    # subcategories (附件2's), while 附件1's subcategories add up to the 152090.
    note = TotalNote(
        ELDERLY,
        "detail",
        against,
        152090.0,
        value,
        agrees=False,
        clues=(Clue(Reference("other_parts", 152090.0), "equal"),),
    )
    suffix = "total" if against == "rows" else "sum-total"
    return _library(
        f"C1-D-{suffix}", "category", "附件2", 152090.0, value, "万元", "mismatch", note, 985, [825]
    )


@pytest.fixture(scope="module")
def plan():
    return xnplan.store.load()


@pytest.fixture(scope="module")
def by_place(plan):
    return ByPlace(plan.outline, plan.project_categories, {})


def test_a_printed_total_says_which_way_it_differs_then_why(by_place):
    check = _elderly_d_total("rows", 141940.2)
    assert check.explanation() == (
        "附件2印刷值为152090万元，本类明细行之和为141940.2万元（印刷值多10149.8万元）。"
        "该数等于附件1各小类印刷值之和（152090万元）。"
    )
    assert check.item == "大类1「公办养老机构服务能力提升项目」 估算总投资(万元) 对明细行"
    # the finding's opening says what the explanation's first sentence says, grouped and signed
    (finding,) = gather([check])
    assert sentence(finding, by_place) == (
        "附件2大类1「公办养老机构服务能力提升项目」的估算总投资，印出的数比本类明细行之和多10,149.8万元。"
        "该数等于附件1各小类印刷值之和（152090万元）。"
    )


def test_the_parts_that_differ_are_findings_of_their_own(by_place):
    # 附件1 prints 884933.66 for the whole (line 823); its categories add up to 910243.66: 25310 less.
    note = TotalNote(
        GRAND,
        "summary",
        "parts",
        884933.66,
        910243.66,
        agrees=False,
        clues=(Clue(Reference("rows", 884933.66), "equal"),),
        deviating=(Deviation(VAGRANTS, 3455.0, 2945.0),),
    )
    check = _library("G-S-sum-total", "grand", "附件1", 884933.66, 910243.66, "万元", "mismatch", note, 823)
    assert check.explanation() == (
        "附件1印刷值为884933.66万元，本表各大类印刷值之和为910243.66万元（印刷值少25310万元）。"
        "该数等于全部明细行之和（884933.66万元）。本表中与明细行之和不符的大类："
        "大类4「流浪乞讨人员救助管理站新建与升改造项目」印刷3455万元，本类明细行之和2945万元（印刷值多510万元）。"
    )
    assert sentence(gather([check])[0], by_place) == (
        "附件1合计的估算总投资，印出的数比本表各大类之和少25,310万元。该数等于全部明细行之和（884933.66万元）。"
    )


def test_one_print_against_its_rows_and_its_parts_is_one_finding(by_place):
    # 152090 differs equally from the rows and from 附件2's printed subcategories (which add up to them).
    checks = [_elderly_d_total("rows", 141940.2), _elderly_d_total("parts", 141940.2)]
    (finding,) = gather(checks)
    assert finding.finding_id == "C1-D-total" and len(finding.checks) == 2
    assert sentence(finding, by_place).startswith(
        "附件2大类1「公办养老机构服务能力提升项目」的估算总投资，印出的数比本类明细行之和、本表各小类之和都多"
        "10,149.8万元。"
    )


def test_both_attachments_printing_one_count_is_one_finding(by_place):
    # 附件1 (line 821) and 附件2 (line 977) both print 1628 for the grand count: the leaves' prints, of
    # which only 小类1.2 (40 lines, 53 facilities) counts lines; 1641 facilities in all.
    def count(check_id, table, source, line):
        note = LeavesCountNote(GRAND, table, 1628.0, 331, 1641, by_lines=(LeafCount(HOMES, 40.0, 40, 53),))
        return _library(check_id, "grand", source, 1628.0, 1641.0, "个", "ambiguous", note, line, [line - 2])

    checks = [count("G-S-count", "summary", "附件1", 821), count("G-D-count", "detail", "附件2", 977)]
    found = gather(checks)
    assert [f.finding_id for f in found] == ["G-S-count"]
    row = findings_table(found, by_place).iloc[0]
    assert row["checks"] == 2 and row["kind"] == "counts"
    assert row["finding"] == (
        "附件1、附件2合计的项目个数，印出的数都比设施数少13个。附件1印刷值为1628个，等于本表各小类"
        "（不分小类的大类按大类计）印刷个数之和。其中只有小类1.2「农村福利院新建与升改造项目」"
        "（印刷40个：40行明细，53个设施）按明细行数计，其余都按设施数计，因此比1641个设施少13个。"
    )
    assert row["source_lines"] == [821, 977] and row["evidence_lines"] == [819, 975]
    assert row["place"] == "第48–49页 附件1“十四五”项目库简表；第49页起 附件2“十四五”项目库明细表合计行"
    # the reconciliation row says which finding it belongs to, and where its own figure is printed
    table = reconciliation_table(checks, found, by_place).set_index("check_id")
    assert table["finding_id"].tolist() == ["G-S-count", "G-S-count"]
    assert table.loc["G-D-count", "place"] == "第49页起 附件2“十四五”项目库明细表合计行"


def test_附件1_against_附件2_names_both_and_the_way_附件1_differs(by_place):
    # 附件1 40419 against 附件2 38719 for 福利院 (lines 845, 1637), named differently in each; 附件2's
    # figure is the rows' sum.
    note = PairTotalNote(
        HOMES,
        40419.0,
        38719.0,
        38719.0,
        agrees=False,
        detail_clues=(Clue(Reference("rows", 38719.0), "equal"),),
    )
    check = _library("C1.2-X-total", "cross-table", "附件1", 40419.0, 38719.0, "万元", "mismatch", note, 845)
    assert (
        check.item
        == "附件1小类1.2「农村福利院新建与升改造项目」 / 附件2小类1.2「福利院项目」 估算总投资(万元)"
    )
    assert sentence(gather([check])[0], by_place) == (
        "小类1.2「农村福利院新建与升改造项目」（附件2作「福利院项目」）的估算总投资，附件1印出的数比附件2多"
        "1,700万元。附件1的印刷值与本类明细行之和（38719万元）不符。附件2的印刷值等于本类明细行之和（38719万元）。"
    )


def test_figures_that_agree_say_so(by_place):
    # The appendix's ok checks: 附件1's 合计 884933.66 equals its rows (line 823); 大类2 prints
    # 423356.55 in both attachments.
    total = TotalNote(GRAND, "summary", "rows", 884933.66, 884933.66, agrees=True)
    pair = PairTotalNote(
        Group("category", 2, 0, "普惠养老", "普惠养老"), 423356.55, 423356.55, 423356.55, True
    )
    checks = [
        _library("G-S-total", "grand", "附件1", 884933.66, 884933.66, "万元", "ok", total, 823),
        _library("C2-X-total", "cross-table", "附件1", 423356.55, 423356.55, "万元", "ok", pair, 875),
    ]
    assert [sentence(f, by_place) for f in gather(checks)] == [
        "附件1合计的估算总投资，印出的数与全部明细行之和相等。附件1印刷值为884933.66万元，等于全部明细行之和。",
        "大类2「普惠养老」的估算总投资，附件1印出的数与附件2相等。两表均印为423356.55万元。",
    ]


# --- the plan's own findings --------------------------------------------------------------------------


def _checked(text: str):
    source = Source.from_text(text, DEFAULT_RAW_TEXT)
    projects, categories = parse_projects(source)
    ind13, ind14 = parse_indicators(source)
    outline, targets, baselines = parse_narrative(source)
    return run_all(source, projects, categories, ind13, ind14, outline, targets, baselines)


RAW = DEFAULT_RAW_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def checked():
    result = _checked(RAW)
    return RECONCILIATION.validate(result.checks), FINDINGS.validate(result.findings)


def test_every_check_of_the_plan_is_in_exactly_one_finding(checked):
    reconciliation, findings = checked
    assert reconciliation["finding_id"].isin(findings["finding_id"]).all()
    gathered = reconciliation.groupby("finding_id")["check_id"].count()
    assert gathered.reindex(findings["finding_id"]).tolist() == findings["checks"].tolist()
    # A finding's first check names it; every check with its finding's figures and status.
    first = reconciliation.set_index("check_id").loc[findings["finding_id"]]
    assert first["kind"].tolist() == findings["kind"].tolist()
    assert first["status"].tolist() == findings["status"].tolist()
    assert findings["checks"].sum() == len(reconciliation) == 193
    # The most a finding gathers: 大类3「儿童福利设施项目」 prints 26195万元 and 224个 in both
    # attachments (lines 881/2877 and 879/2875), equal to its rows and to its two subcategories: four
    # checks of one figure, each.
    most = findings[findings["checks"] == findings["checks"].max()]
    assert most["finding_id"].tolist() == ["C3-S-total", "C3-S-count"] and set(most["checks"]) == {4}
    assert reconciliation.loc[reconciliation["finding_id"] == "C3-S-total", "check_id"].tolist() == [
        "C3-S-total",
        "C3-S-sum-total",
        "C3-D-total",
        "C3-D-sum-total",
    ]


def test_the_findings_that_are_not_ok_by_kind(checked):
    _, findings = checked
    wrong = findings[findings["status"] != "ok"]
    assert wrong.groupby("status")["checks"].sum().to_dict() == {"ambiguous": 16, "mismatch": 35}
    # Counted by hand from reconciliation.csv: 14 totals against rows or parts, 8 附件1-附件2 pairs
    # (the *-X-* checks), 9 counts, 1 repeated line, 9 text-table, 2 missing cells, 8 text-library.
    # Rows: 大类1 and 大类6 of 附件2 differ equally from their rows and their parts (C1-D-total with
    # C1-D-sum-total, C6-D-total with C6-D-sum-total; the count C6-D-count with C6-D-sum-count), and
    # 附件1 and 附件2 print the same count for 合计 (1628), 大类1 (660) and 小类1.2 (40): one row each.
    per_kind = wrong.groupby("kind", sort=False)["checks"].agg(["count", "sum"])
    assert [tuple(row) for row in per_kind.itertuples()] == [
        ("sums", 12, 14),
        ("attachments", 8, 8),
        ("counts", 5, 9),
        ("repeats", 1, 1),
        ("prose_tables", 9, 9),
        ("table_cells", 2, 2),
        ("prose_library", 8, 8),
    ]
    counts = wrong[wrong["kind"] == "counts"]
    assert counts["finding_id"].tolist() == [
        "G-D-sum-count",
        "C6-D-count",
        "G-S-count",
        "C1-S-count",
        "C1.2-S-count",
    ]
    # No sentence points at a line of our text file or names a check by its id.
    assert not findings["finding"].str.contains(r"第\d+行|核对项[A-Za-z]").any()
    assert (
        findings.set_index("finding_id")
        .loc["narr-table-B31-2020", "finding"]
        .endswith("表中该行只印了两个数，见“指标表缺印的数字”一节。")
    )


def test_each_row_says_where_its_figures_are_printed(checked):
    reconciliation, findings = checked
    places = reconciliation.set_index("check_id")["place"]
    # 正文 line 599 (第四章 三、) against the 十三五 table (line 323, 第一章 八、): both places.
    assert places["narr-below2020-T12"] == "第22–24页 第四章 三、；第7页 第一章 八、"
    # a figure worked out from the rows: the printed figure's place only
    assert places["C1.2-S-total"] == "第48–49页 附件1“十四五”项目库简表"
    # 通城县城区福利中心 repeated: a finding compares no amount, so it shows no figures
    repeat = findings.set_index("finding_id").loc["DUP-P1.5.007"]
    assert repeat[["stated", "computed", "difference"]].isna().all() and repeat["unit"] == ""
    assert repeat["place"] == "第49页起 附件2“十四五”项目库明细表「5.新建、改造升级县级社会福利中心项目」"


def test_ids_and_findings_stay_when_the_text_moves_down_a_line(checked):
    # A blank line inserted after the title: every line moves down by one; the curated files are keyed
    # by phrases, so every check is still made, under the same id, one line lower.
    reconciliation, findings = checked
    lines = RAW.split("\n")
    shifted = _checked("\n".join([lines[0], "", *lines[1:]]))
    moved, moved_findings = shifted.checks, shifted.findings
    assert moved["check_id"].tolist() == reconciliation["check_id"].tolist()
    assert moved["finding_id"].tolist() == reconciliation["finding_id"].tolist()
    assert (moved["source_line"] - reconciliation["source_line"]).eq(1).all()
    assert [[n - 1 for n in after] for after in moved["evidence_lines"]] == [
        list(before) for before in reconciliation["evidence_lines"]
    ]
    # The findings cite pages and headings, not lines: they read the same.
    pd.testing.assert_frame_equal(
        moved_findings.drop(columns=["explanation", "source_lines", "evidence_lines"]),
        findings.drop(columns=["explanation", "source_lines", "evidence_lines"]),
        check_dtype=False,
    )


def test_a_check_is_cited_by_the_title_of_its_kind(checked):
    # The 1628 of 第七章 (narr-library-major-projects-count) is explained by G-S-count, a count.
    _, findings = checked
    assert (
        findings.set_index("finding_id")
        .loc["narr-library-major-projects-count", "finding"]
        .endswith("合计行的1628个比设施数少13个，原因见“项目个数的计法”一节。")
    )
    check = _elderly_d_total("rows", 141940.2)
    assert section_titles([check]) == {"C1-D-total": "合计与明细不符"}
