"""xnplan.report.data_quality: places in the published document, the kinds of finding, their sentences.

Places are checked against the plan text (data/raw/xianning_civil_affairs_14th_fyp_draft.txt): its 目录
prints each heading's page (一、社会救助保障体系进一步完善 1, 二、多元养老服务体系初步形成 2, 三、深化城乡
社区治理和服务创新 22, 四、推进社会组织健康有序发展 24, 六、加强行政区划与地名管理 27, 第五章 28,
(三)创新推动养老机构改革发展 30, (四)推进医养康养融合发展 32, 四、强化项目支撑 45, 五、深化工作宣传 46,
附件1 48, 附件2 49). Sentences are checked on hand-made rows modelled on the reconciliation.
"""

from __future__ import annotations

import pandas as pd
import pytest

import xnplan
from xnplan.check.rows import Check, checks_frame
from xnplan.report import data_quality, present
from xnplan.schema import RECONCILIATION


@pytest.fixture(scope="module")
def plan():
    return xnplan.load()


def test_every_finding_of_the_plan_is_in_exactly_one_kind(plan):
    checks = plan.reconciliation
    found = data_quality.findings(checks, plan.outline, plan.project_categories)
    assert checks["status"].value_counts().to_dict() == {"ok": 142, "mismatch": 35, "ambiguous": 16}
    assert found.groupby("status")["checks"].sum().to_dict() == {"ambiguous": 16, "mismatch": 35}
    groups = data_quality.by_kind(found)
    ids = [i for _, rows in groups for joined in rows["check_id"] for i in joined.split("、")]
    assert len(ids) == len(set(ids)) == 51
    assert set(ids) == set(checks.loc[checks["status"] != "ok", "check_id"])
    # Counted by hand from reconciliation.csv: 14 totals against rows or parts, 8 附件1-附件2 pairs
    # (the *-X-* checks), 9 counts, 1 repeated line, 9 text-table, 2 missing cells, 8 text-library.
    # Rows: 大类1 and 大类6 of 附件2 differ equally from their rows and their parts (C1-D-total with
    # C1-D-sum-total, C6-D-total with C6-D-sum-total; the count C6-D-count with C6-D-sum-count), and
    # 附件1 and 附件2 print the same count for 合计 (1628), 大类1 (660) and 小类1.2 (40): one row each.
    assert [(kind.title, len(rows), rows["checks"].sum()) for kind, rows in groups] == [
        ("合计与明细不符", 12, 14),
        ("附件1与附件2不一致", 8, 8),
        ("项目个数的计法", 5, 9),
        ("重复的项目行", 1, 1),
        ("正文与指标表不一致", 9, 9),
        ("指标表缺印的数字", 2, 2),
        ("正文与项目库不一致", 8, 8),
    ]
    counts = groups[2][1]
    assert counts["check_id"].tolist() == [
        "G-D-sum-count",
        "C6-D-count、C6-D-sum-count",
        "G-S-count、G-D-count",
        "C1-S-count、C1-D-count",
        "C1.2-S-count、C1.2-D-count",
    ]
    pairs = groups[1][1]["check_id"]
    assert sorted(pairs) == sorted(
        [
            "G-X-total",
            "C1-X-total",
            "C1.2-X-total",
            "C1.5-X-total",
            "C4-X-total",
            "C6-X-total",
            "C6-X-count",
            "C6.1-X-total",
        ]
    )
    # No sentence points at a line of our text file or names a check by its id.
    assert not found["finding"].str.contains(r"第\d+行|核对项[A-Za-z]").any()
    table = data_quality.kind_counts(checks)
    assert table.iloc[-1].tolist() == ["合计", 142, 35, 16, 193]


def check(
    check_id,
    level,
    compares,
    item,
    source,
    stated,
    computed,
    unit,
    status,
    explanation,
    line,
    evidence=(),
    against="",
):
    return Check(
        check_id,
        level,
        compares,
        item,
        source,
        stated,
        computed,
        unit,
        status,
        explanation,
        source_line=line,
        evidence_lines=evidence,
        computed_source=against,
    )


def test_sentences_of_library_checks_say_which_way_figures_differ():
    # 附件2 prints 152090 for 公办养老 (line 985), its rows add up to 141940.2: 10149.8 more.
    rows = checks_frame(
        [
            check(
                "C1-D-total",
                "category",
                "library",
                "大类1「公办养老机构服务能力提升项目」 估算总投资(万元) 对明细行",
                "附件2",
                152090.0,
                141940.2,
                "万元",
                "mismatch",
                "附件2印刷值为152090万元，本类明细行之和为141940.2万元（印刷值多10149.8万元）。"
                "该数等于附件1各小类印刷值之和（152090万元）。",
                985,
                [825],
            ),
            # 附件1 40419 against 附件2 38719 for 福利院 (lines 845, 1637), named differently in each.
            check(
                "C1.2-X-total",
                "cross-table",
                "library",
                "附件1小类1.2「农村福利院新建与升改造项目」 / 附件2小类1.2「福利院项目」 估算总投资(万元)",
                "附件1",
                40419.0,
                38719.0,
                "万元",
                "mismatch",
                "附件1印刷值为40419万元，附件2印刷值为38719万元（附件1比附件2多1700万元）。"
                "附件2的印刷值等于本类明细行之和。",
                845,
                [1637],
                "附件2",
            ),
            # 附件1 prints 884933.66 for the whole; its categories add up to 910243.66: 25310 less.
            check(
                "G-S-sum-total",
                "grand",
                "library",
                "合计 估算总投资(万元) 对本表各大类之和",
                "附件1",
                884933.66,
                910243.66,
                "万元",
                "mismatch",
                "附件1印刷值为884933.66万元，本表各大类印刷值之和为910243.66万元（印刷值少25310万元）。"
                "该数等于全部明细行之和（884933.66万元）。本表中与明细行之和不符的大类：大类4…。",
                823,
                [825],
            ),
            # A count whose first sentence is a reason, not a restatement: kept.
            check(
                "C1.2-S-count",
                "subcategory",
                "library",
                "小类1.2「农村福利院新建与升改造项目」 项目个数(个) 对设施数",
                "附件1",
                40.0,
                53.0,
                "个",
                "ambiguous",
                "附件1印刷值为40个，等于明细行数（40行）。",
                843,
                [1633],
            ),
        ]
    )
    sentences = [data_quality.sentence(r) for r in rows.itertuples()]
    # 152090 differs equally from the rows and from the printed subcategories (which add up to them).
    first = next(rows.itertuples())
    parts = first._replace(check_id="C1-D-sum-total", item=first.item.replace("对明细行", "对本表各小类之和"))
    assert data_quality.sentence(first, parts).startswith(
        "附件2大类1「公办养老机构服务能力提升项目」的估算总投资，印出的数比本类明细行之和、本表各小类之和都多"
        "10,149.8万元。"
    )
    assert sentences == [
        "附件2大类1「公办养老机构服务能力提升项目」的估算总投资，印出的数比本类明细行之和多10,149.8万元。"
        "该数等于附件1各小类印刷值之和（152090万元）。",
        "小类1.2「农村福利院新建与升改造项目」（附件2作「福利院项目」）的估算总投资，"
        "附件1印出的数比附件2多1,700万元。附件2的印刷值等于本类明细行之和。",
        # the categories that differ from their rows are findings of their own
        "附件1合计的估算总投资，印出的数比本表各大类之和少25,310万元。该数等于全部明细行之和（884933.66万元）。",
        "附件1小类1.2「农村福利院新建与升改造项目」的项目个数，印出的数比设施数少13个。"
        "附件1印刷值为40个，等于明细行数（40行）。",
    ]


def test_sentences_of_checks_that_agree_say_so():
    # The appendix's ok checks: 附件1's 合计 884933.66 equals its rows (lines 823, 975).
    rows = checks_frame(
        [
            check(
                "G-S-total",
                "grand",
                "library",
                "合计 估算总投资(万元) 对明细行",
                "附件1",
                884933.66,
                884933.66,
                "万元",
                "ok",
                "附件1印刷值为884933.66万元，等于全部明细行之和。",
                823,
                [975],
            ),
            check(
                "C2-X-total",
                "cross-table",
                "library",
                "附件1大类2「普惠养老」 / 附件2大类2「普惠养老」 估算总投资(万元)",
                "附件1",
                423356.55,
                423356.55,
                "万元",
                "ok",
                "两表相同。",
                871,
                [2657],
                "附件2",
            ),
        ]
    )
    assert [data_quality.sentence(r) for r in rows.itertuples()] == [
        "附件1合计的估算总投资，印出的数与全部明细行之和相等。"
        "附件1印刷值为884933.66万元，等于全部明细行之和。",
        "大类2「普惠养老」的估算总投资，附件1印出的数与附件2相等。两表相同。",
    ]


def test_checks_of_the_same_figures_are_one_finding(plan):
    # 附件1 (line 821) and 附件2 (line 977) both print 1628 for the grand count; 1641 facilities.
    def count(check_id, source, line):
        return check(
            check_id,
            "grand",
            "library",
            "合计 项目个数(个) 对设施数",
            source,
            1628.0,
            1641.0,
            "个",
            "ambiguous",
            f"{source}印刷值为1628个，按行计。",
            line,
            [line - 2],
        )

    frame = RECONCILIATION.validate(
        checks_frame([count("G-S-count", "附件1", 821), count("G-D-count", "附件2", 977)])
    )
    found = data_quality.findings(frame, plan.outline, plan.project_categories)
    assert len(found) == 1
    row = found.iloc[0]
    assert row["check_id"] == "G-S-count、G-D-count" and row["checks"] == 2
    assert row["finding"] == (
        "附件1、附件2合计的项目个数，印出的数都比设施数少13个。附件1印刷值为1628个，按行计。"
    )
    assert row["source_line"] == "821、977" and row["evidence_lines"] == [819, 975]
    assert row["place"] == "第48–49页 附件1“十四五”项目库简表；第49页起 附件2“十四五”项目库明细表合计行"


def test_findings_turn_text_lines_and_check_ids_into_places_and_sections(plan):
    frame = RECONCILIATION.validate(
        checks_frame(
            [
                # Modelled on narr-below2020-T12: 正文 line 599 against the 十三五 table (line 315).
                check(
                    "T12",
                    "narrative",
                    "prose-table",
                    "覆盖率:目标值(%)",
                    "正文",
                    70.0,
                    100.0,
                    "%",
                    "mismatch",
                    "正文（第599行）把目标定为70%；见核对项D1。",
                    599,
                    [315],
                ),
                check(
                    "D1",
                    "subcategory",
                    "library",
                    "重复行「通城县城区福利中心」",
                    "附件2",
                    2.0,
                    1.0,
                    "",
                    "ambiguous",
                    "P1.5.007（第2637行）与P1.5.003（第2597行）完全相同。",
                    2637,
                    [2597],
                ),
                check("OK", "narrative", "prose", "x", "正文", 1.0, 1.0, "%", "ok", "一致。", 193),
            ]
        )
    )
    found = data_quality.findings(frame, plan.outline, plan.project_categories)
    assert found["check_id"].tolist() == ["D1", "T12"]  # 重复的项目行 comes before 正文与指标表
    assert found["finding"].tolist() == [
        "P1.5.007与P1.5.003完全相同。",
        "正文（第22–24页）把目标定为70%；见“重复的项目行”一节。",
    ]
    # 出处: the printed figure, and the compared one when it is printed elsewhere (the 十三五 table).
    assert found["place"].tolist() == [
        "第49页起 附件2“十四五”项目库明细表「5.新建、改造升级县级社会福利中心项目」",
        "第22–24页 第四章 三、；第7页 第一章 八、",
    ]
    # A repeated line compares no amount: its 2 against 1 is not shown as figures.
    assert found.loc[0, ["stated", "computed", "difference"]].isna().all()
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
    assert shown.loc[1, ["印刷值", "对照值", "差额", "状态"]].tolist() == ["70", "100", "-30", "不一致"]
    # the downloads hold the status as the page shows it
    assert present.present(found, ["status_label"], formatted=False)["状态"].tolist() == ["存疑", "不一致"]


def test_an_unknown_kind_of_check_is_named():
    row = pd.Series({"check_id": "X1", "compares": "web", "unit": "", "level": "narrative"})
    with pytest.raises(ValueError, match="核对项 X1：未知的核对类型 compares='web'"):
        data_quality.kind_of(row)


def test_kind_counts_and_summary():
    checks = pd.DataFrame(
        {
            "check_id": ["a", "b", "c", "d"],
            "compares": ["library", "library", "prose", "library"],
            "unit": ["万元", "个", "%", "万元"],
            "level": ["category", "grand", "narrative", "cross-table"],
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
    # Hand-made: P3.0.001 (line 102) repeats P2.0.002 (line 101); 9350 万元.
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
