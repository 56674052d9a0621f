"""Outline, targets, baselines and narrative cross-checks, against values read off the raw text.

The target count (55) was made by hand, paragraph by paragraph over lines 355-803 (chapters 2-7 and
专栏1-12), under the rules of docs/narrative.md; the per-line tally is ``HAND_COUNT`` below.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xnplan import PlanParseError
from xnplan.check.prose_tables import narrative_checks
from xnplan.parse.clauses import paragraph_clauses
from xnplan.parse.indicators import parse_indicators
from xnplan.parse.narrative import parse_narrative, unparsed_report, unparsed_with_reasons
from xnplan.parse.source import Source
from xnplan.paths import DEFAULT_RAW_TEXT
from xnplan.schema import BASELINES, CHECK_STATUSES, OUTLINE, TARGETS

RAW_TEXT = DEFAULT_RAW_TEXT.read_text(encoding="utf-8")
RAW_LINES = RAW_TEXT.split("\n")

# Targets per paragraph line, counted by reading (see docs/narrative.md for what counts).
HAND_COUNT = {
    407: 2,
    541: 2,
    549: 2,
    571: 1,
    579: 1,
    591: 1,
    595: 1,
    599: 2,
    603: 1,
    605: 1,
    609: 2,
    627: 2,
    635: 1,
    663: 3,
    667: 3,
    673: 3,
    675: 1,
    679: 4,
    685: 2,
    691: 1,
    693: 2,
    723: 4,
    737: 2,
    751: 2,
    755: 4,
    777: 4,
    791: 1,
}


def _checks_frame(checks) -> pd.DataFrame:
    """The narrative checks' ids, levels, statuses, figures and explanations (lines as 第N行)."""
    return pd.DataFrame(
        [
            {
                "check_id": c.check_id,
                "level": c.level,
                "status": c.status,
                "stated": c.stated,
                "computed": c.computed,
                "explanation": c.explanation(),
            }
            for c in checks
        ]
    )


@pytest.fixture(scope="module")
def parsed(raw_source):
    outline, targets, baselines = parse_narrative(raw_source)
    ind13, ind14 = parse_indicators(raw_source)
    checks = narrative_checks(targets, baselines, ind13, ind14)
    return {
        "outline": OUTLINE.validate(outline),
        "targets": TARGETS.validate(targets),
        "baselines": BASELINES.validate(baselines),
        "checks": _checks_frame(checks),
        "ind13": ind13,
        "ind14": ind14,
    }


# --- outline -------------------------------------------------------------------------------------


def test_outline_counts_and_toc(parsed):
    outline = parsed["outline"]
    assert outline["level"].value_counts().to_dict() == {
        "section": 37,
        "subsection": 34,
        "box": 12,
        "chapter": 7,
        "attachment": 2,
    }
    # the table of contents (lines 23-183) is not the body
    assert outline["source_line"].min() == 187
    # every heading but the 专栏 is listed in the TOC with its page
    assert outline.loc[outline["level"] != "box", "toc_page"].notna().all()
    assert outline.loc[outline["level"] == "box", "toc_page"].isna().all()


@pytest.mark.parametrize(
    ("oid", "label", "title", "parent", "start", "end", "page"),
    [
        ("C1", "第一章", "“十三五”咸宁民政事业发展现状", "", 187, 353, 1),
        ("C1.8", "八、", "“十三五”时期咸宁民政事业发展主要指标完成情况", "C1", 219, 353, 7),
        ("C2.4.3", "(三)", "基本社会服务质量明显提高", "C2.4", 409, 517, 13),
        ("C3.2.5", "(五)", "强化生活无着流浪乞讨人员救助帮扶服务", "C3.2", 547, 557, 17),
        ("B1", "专栏1", "社会救助能力提升工程", "C3.2.5", 551, 557, None),
        ("B9", "专栏9", "特困人员供养服务机构改造提升工程", "C5.1.3", 677, 681, None),
        ("B12", "专栏12", "殡葬公共服务体系建设工程", "C5.4.2", 753, 755, None),
        ("C7", "第七章", "强化规划实施保障", "", 779, 803, 44),
        ("A1", "附件1", "“十四五”项目库简表", "", 805, 957, 48),
        ("A2", "附件2", "“十四五”项目库明细表", "", 959, 4403, 49),
    ],
)
def test_outline_rows(parsed, oid, label, title, parent, start, end, page):
    row = parsed["outline"].set_index("outline_id").loc[oid]
    assert (row["label"], row["title"], row["parent_id"], row["source_line"], row["line_end"]) == (
        label,
        title,
        parent,
        start,
        end,
    )
    assert pd.isna(row["toc_page"]) if page is None else row["toc_page"] == page


# --- targets -------------------------------------------------------------------------------------


def test_target_count_equals_hand_count(parsed):
    targets = parsed["targets"]
    assert sum(HAND_COUNT.values()) == 55
    assert len(targets) == 55
    assert targets.groupby("source_line").size().to_dict() == HAND_COUNT
    assert list(targets["target_id"]) == [f"T{i:02d}" for i in range(1, 56)]


def test_target_summary(parsed):
    targets = parsed["targets"]
    assert targets["deadline_year"].value_counts().to_dict() == {2025: 44, 2022: 11}
    assert targets["value_basis"].value_counts().to_dict() == {
        "number": 32,
        "full_coverage": 12,
        "universal": 11,
    }
    assert targets["unit"].value_counts().to_dict() == {
        "%": 40,
        "处": 3,
        "个": 3,
        "名": 3,
        "人": 3,
        "所": 2,
        "‰": 1,
    }
    assert (~targets["deadline_stated"]).sum() == 10
    # 16 targets sit in 专栏 boxes (专栏4: 4, 专栏6: 1, 专栏8: 3, 专栏9: 4, 专栏12: 4)
    boxes = targets.loc[targets["box"] != "", "box"].str.extract(r"^(专栏\d+)")[0]
    assert boxes.value_counts().to_dict() == {"专栏4": 4, "专栏9": 4, "专栏12": 4, "专栏8": 3, "专栏6": 1}
    assert (targets["chapter"] != "").all() and (targets["outline_id"] != "").all()


# id, metric, value, value_max, unit, comparator, basis, deadline, stated, outline_id, line
EXACT_TARGETS = [
    # 407: 力争到“十四五”末,乡镇(街道)社工站覆盖率达100%,社会工作人才占总人口比例达1.4‰
    ("T01", "乡镇(街道)社工站覆盖率", 100, None, "%", "=", "number", 2025, True, "C2.4.2", 407),
    ("T02", "社会工作人才占总人口比例", 1.4, None, "‰", ">=", "number", 2025, True, "C2.4.2", 407),
    # 541: 截至“十四五”末,力争全市生活不能自理特困人员集中供养率达到60%以上
    ("T03", "生活不能自理特困人员集中供养率", 60, None, "%", ">=", "number", 2025, True, "C3.2.3", 541),
    # 549: 实现生活无着流浪乞讨人员街面巡查全覆盖 (no date in the sentence)
    (
        "T06",
        "生活无着流浪乞讨人员街面巡查覆盖率",
        100,
        None,
        "%",
        "=",
        "full_coverage",
        2025,
        False,
        "C3.2.5",
        549,
    ),
    # 599: 到2025年底,…,农村社区综合服务设施覆盖率达到70%
    ("T12", "农村社区综合服务设施覆盖率", 70, None, "%", ">=", "number", 2025, True, "C4.3", 599),
    # 673: 到2022年,县级特困供养服务机构全部达到国家三级养老机构标准
    (
        "T26",
        "县级特困供养服务机构达到国家三级养老机构标准",
        100,
        None,
        "%",
        "=",
        "universal",
        2022,
        True,
        "C5.1.3",
        673,
    ),
    # 675: 到2025年,全市养老机构护理型养老床位占比达到60%以上
    ("T29", "养老机构护理型养老床位占比", 60, None, "%", ">=", "number", 2025, True, "C5.1.3", 675),
    # 679 (专栏9): 到2022年底前,…,生活不能自理特困人员集中供养率达到60%以上
    ("T31", "生活不能自理特困人员集中供养率", 60, None, "%", ">=", "number", 2022, True, "B9", 679),
    # 693: 到2025年,每百张养老机构床位至少配备1名社会工作者
    ("T37", "每百张养老机构床位配备社会工作者", 1, None, "名", ">=", "number", 2025, True, "C5.1.5", 693),
    # 723: “两个全覆盖” gives two rows
    (
        "T39",
        "乡镇(街道)儿童督导员、村(居)儿童主任配备覆盖率",
        100,
        None,
        "%",
        "=",
        "full_coverage",
        2025,
        True,
        "C5.2.2",
        723,
    ),
    ("T40", "新任职培训覆盖率", 100, None, "%", "=", "full_coverage", 2025, True, "C5.2.2", 723),
    # 737: 80%以上婚姻登记机关达到国家3A级标准
    ("T44", "婚姻登记机关达到国家3A级标准", 80, None, "%", ">=", "number", 2025, True, "C5.3.1", 737),
    # 755 (专栏12): 新建、改扩建殡仪馆3-4所 …;规划建设城乡公益性公墓198个,
    #               覆盖所有县(市、区)及60%以上的乡镇中心村
    ("T47", "新建、改扩建殡仪馆", 3, 4, "所", ">=", "number", 2025, False, "B12", 755),
    ("T48", "规划建设城乡公益性公墓", 198, None, "个", ">=", "number", 2025, False, "B12", 755),
    (
        "T49",
        "规划建设城乡公益性公墓:覆盖县(市、区)",
        100,
        None,
        "%",
        "=",
        "full_coverage",
        2025,
        False,
        "B12",
        755,
    ),
    ("T50", "规划建设城乡公益性公墓:覆盖乡镇中心村", 60, None, "%", ">=", "number", 2025, False, "B12", 755),
    # 777: 3万人以下的乡镇(街道)不少于1人 …
    ("T51", "3万人以下的乡镇(街道)", 1, None, "人", ">=", "number", 2025, False, "C6.5", 777),
    # 791: 到2022年,全市各级福利彩票公益金用于养老服务的比例不低于55%
    ("T55", "各级福利彩票公益金用于养老服务的比例", 55, None, "%", ">=", "number", 2022, True, "C7.3", 791),
]


@pytest.mark.parametrize("expected", EXACT_TARGETS, ids=[e[0] for e in EXACT_TARGETS])
def test_target_rows(parsed, expected):
    tid, metric, value, value_max, unit, comparator, basis, deadline, stated, oid, line = expected
    row = parsed["targets"].set_index("target_id").loc[tid]
    assert (row["metric"], row["value"], row["unit"], row["comparator"], row["value_basis"]) == (
        metric,
        value,
        unit,
        comparator,
        basis,
    )
    assert pd.isna(row["value_max"]) if value_max is None else row["value_max"] == value_max
    assert (row["deadline_year"], row["deadline_stated"], row["outline_id"], row["source_line"]) == (
        deadline,
        stated,
        oid,
        line,
    )
    assert row["text"] in RAW_LINES[line - 1]


# The rows each curated link picks out, read off the text: T03 (line 541) and T31 (专栏9, 679) say the
# same words, as do T12 (599) and T16 (专栏4, 609); T39/T40 and T49/T50 are two targets of one clause.
LINKED_TARGETS = {
    "T01": ("I14-12", ""),
    "T03": ("I14-05", "I13-05"),
    "T07": ("I14-09", ""),
    "T08": ("I14-10", ""),
    "T12": ("", "I13-06"),
    "T16": ("", "I13-06"),
    "T17": ("I14-12", ""),
    "T20": ("I14-02", ""),
    "T21": ("I14-03", ""),
    "T25": ("I14-03", ""),
    "T29": ("I14-04", "I13-04a"),
    "T30": ("I14-01", ""),
    "T31": ("I14-05", "I13-05"),
    "T39": ("I14-11", ""),
    "T44": ("I14-06", ""),
    "T45": ("I14-08", ""),
    "T46": ("I14-07", ""),
    "T49": ("I14-07", ""),
    "T50": ("I14-08", ""),
}
LINKED_BASELINES = {
    "B01": "I13-01",
    "B02": "I13-02",
    "B04": "I13-03",
    "B16": "I13-04",
    "B23": "I13-07",
    "B31": "I13-08",
}


def test_links_resolve(parsed):
    targets = parsed["targets"]
    linked = targets[(targets["linked_indicator_id"] != "") | (targets["baseline_indicator_id"] != "")]
    assert {
        r.target_id: (r.linked_indicator_id, r.baseline_indicator_id) for r in linked.itertuples()
    } == LINKED_TARGETS
    baselines = parsed["baselines"]
    assert dict(zip(baselines["baseline_id"], baselines["linked_indicator_id"], strict=True)) == {
        b: LINKED_BASELINES.get(b, "") for b in baselines["baseline_id"]
    }
    # every 14th-plan indicator has at least one prose target stating it
    assert set(parsed["targets"]["linked_indicator_id"]) - {""} == set(parsed["ind14"]["indicator_id"])


def test_a_target_link_whose_phrase_is_gone_stops_the_parse():
    # T44's clause reworded: its link (line 22 of the link file) quotes words no target holds any more.
    text = RAW_TEXT.replace("80%以上婚姻登记机关达到国家3A级标准", "八成以上婚姻登记机关达到国家3A级标准")
    with pytest.raises(PlanParseError, match=r"target_indicator_links.csv:22: 链接「80%以上婚姻登记机关"):
        parse_narrative(Source.from_text(text))


def test_unparsed_clauses(raw_source):
    assert [(line, clause) for line, clause, _ in unparsed_with_reasons(raw_source)] == [
        (751, "采用满足常住人口30年以上骨灰安葬需求确定墓区面积的标准"),
        (777, "通过政府购买服务或招聘形式为每个村选配1-2名民政协理员"),
        (
            795,
            "全市确定公办养老机构服务能力提升、普惠养老城企联动专项行动、儿童福利设施、"
            "流浪乞讨人员救助管理站新建与升改造等9大类型重大项目共1628个",
        ),
    ]
    report = unparsed_report(DEFAULT_RAW_TEXT)
    assert (
        report.startswith("有 3 句像目标的语句没有生成目标行") and "  第 777 行：通过政府购买服务" in report
    )


def test_unparsed_lists_a_clause_the_rules_cannot_read():
    # a target written as a share of a figure the parser does not know as a unit stays visible
    text = RAW_TEXT.replace(
        "乡镇中心村公益性公墓(骨灰堂)覆盖率达到60%以上", "乡镇中心村公益性公墓(骨灰堂)达到60成以上"
    )
    found = unparsed_with_reasons(Source.from_text(text))
    assert (751, "乡镇中心村公益性公墓(骨灰堂)达到60成以上") in [(line, clause) for line, clause, _ in found]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("到2022年底前,每个县至少建设1处,集中供养率达到60%以上", [2022, 2022, 2022]),
        ("到“十四五”期末,力争所有街道至少建有1所", [2025, 2025]),
        ("推进建设,力争在“十四五”时期实现乡镇(街道)社工站全覆盖,承担功能", [None, 2025, 2025]),
        ("到 2025 年,平台基本实现全覆盖。实现街面巡查全覆盖", [2025, 2025, None]),
        ("十四五”期间,实施行动", [2025, 2025]),
    ],
)
def test_deadline_scope_is_the_sentence(text, years):
    assert [c.deadline for c in paragraph_clauses(1, text)] == years


# --- baselines -----------------------------------------------------------------------------------


def test_baseline_summary(parsed):
    baselines = parsed["baselines"]
    assert len(baselines) == 31
    assert baselines["kind"].value_counts().to_dict() == {"stock": 24, "growth": 7}
    growth = baselines[baselines["kind"] == "growth"]
    # only the 散居孤儿 growth (line 193: 7200 → 14584, printed 102.5%, is 102.56%) is inconsistent
    assert list(growth.loc[~growth["consistent"].astype(bool), "baseline_id"]) == ["B09"]
    assert baselines.groupby("source_line").size().to_dict() == {193: 9, 197: 7, 201: 4, 205: 2, 209: 9}


# id, kind, metric, unit, from, to, stated growth (% for a rate, 倍 for 22倍), consistent
EXACT_BASELINES = [
    # 193: 全市城市低保年人均保障标准从4380元增长到7476元,增长70.7%
    ("B01", "growth", "城市低保年人均保障标准", "元/年", 4380, 7476, (70.7, "%"), True),
    # 193: 临时救助人均水平从847元增长至1859元,增长119% (119.48 rounds to 119)
    ("B05", "growth", "临时救助人均水平", "元", 847, 1859, (119, "%"), True),
    # 193: 散居孤儿养育标准从年人均7200元增长至14584元,增长102.5%
    ("B09", "growth", "散居孤儿养育标准", "元/年", 7200, 14584, (102.5, "%"), False),
    # 197: 覆盖率分别达到97.8%77.2% (respectively: the 179 centres and the 684 centres)
    ("B12", "stock", "社区居家养老服务中心覆盖率", "%", None, 97.8, None, None),
    ("B13", "stock", "农村老年人互助照料中心覆盖率", "%", None, 77.2, None, None),
    # 197: 养老床位18577张,每千名老人床位数达36.4张
    ("B15", "stock", "养老床位", "张", None, 18577, None, None),
    ("B16", "stock", "每千名老人床位数", "张", None, 36.4, None, None),
    # 209: 截至2020年底,全市共登记社会组织1612家
    ("B23", "stock", "社会组织", "家", None, 1612, None, None),
    # 209: 全市共有457人取得专业社工资格,比2016年增长约22倍
    ("B27", "stock", "取得专业社工资格", "人", None, 457, (22, "倍"), None),
    # 209: 实名注册志愿者达34.7万人,占常住居民人口的13.09%
    ("B30", "stock", "实名注册志愿者", "万人", None, 34.7, None, None),
    ("B31", "stock", "实名注册志愿者占常住居民人口比例", "%", None, 13.09, None, None),
]


@pytest.mark.parametrize("expected", EXACT_BASELINES, ids=[e[0] for e in EXACT_BASELINES])
def test_baseline_rows(parsed, expected):
    bid, kind, metric, unit, value_from, value_to, growth, consistent = expected
    row = parsed["baselines"].set_index("baseline_id").loc[bid]
    assert (row["kind"], row["metric"], row["unit"], row["value_to"]) == (kind, metric, unit, value_to)
    assert pd.isna(row["value_from"]) if value_from is None else row["value_from"] == value_from
    if growth is None:
        assert pd.isna(row["stated_growth"]) and row["stated_growth_unit"] == ""
    else:
        assert (row["stated_growth"], row["stated_growth_unit"]) == growth
    assert pd.isna(row["consistent"]) if consistent is None else bool(row["consistent"]) is consistent
    assert row["chapter"].startswith("第一章")


def test_b27_growth_base_year(parsed):
    row = parsed["baselines"].set_index("baseline_id").loc["B27"]
    assert row["year_from"] == 2016 and pd.isna(row["computed_growth_pct"])


# --- cross-checks --------------------------------------------------------------------------------

# check_id, status, stated, computed (rounded to 2)
EXPECTED_CHECKS = [
    ("narr-growth-B01", "ok", 70.7, 70.68),
    ("narr-growth-B09", "mismatch", 102.5, 102.56),
    # 城市低保: line 193 4380 元/年 = 365 元/月 vs table 345 (line 239); 7476 元/年 = 623 元/月 (line 243)
    ("narr-table-B01-2015", "mismatch", 345, 365),
    ("narr-table-B01-2020", "ok", 623, 623),
    # 农村低保: 3805/12 = 317.08 vs 286 (line 253); 6133/12 = 511.08 rounds to the printed 511 (line 257)
    ("narr-table-B02-2015", "mismatch", 286, 317.08),
    ("narr-table-B02-2020", "ok", 511, 511.08),
    ("narr-table-B04-2015", "mismatch", 6886, 7508),
    ("narr-table-B16-2020", "ok", 36.4, 36.4),
    # 1612 organisations / (34.7万 / 13.09%) residents = 6.08 per 10000 vs table 11.9 (line 337)
    ("narr-table-B23-2020", "mismatch", 11.9, 6.08),
    # 志愿服务参与率: table 20 (line 349) vs prose 13.09% of residents (line 209)
    ("narr-table-B31-2020", "mismatch", 20, 13.09),
    ("narr-parts-B23", "ok", 1612, 1612),
    # 农村社区综合服务设施覆盖率: 70% by 2025 (lines 599, 609) below the table's 2020 actual 100 (line 323)
    ("narr-below2020-T12", "mismatch", 70, 100),
    ("narr-below2020-T16", "mismatch", 70, 100),
    ("narr-below2020-T29", "ok", 60, 32),
    ("narr-below2020-I14-05", "ok", 60, 56),
    # 专栏9 (line 679) puts the 60% 集中供养率 at 2022, the table (line 455) at 2025
    ("narr-table14-T31", "ambiguous", 60, 60),
    ("narr-table14-T44", "ok", 80, 80),
]


def test_cross_check_findings(parsed):
    checks = parsed["checks"].set_index("check_id")
    assert set(checks["level"]) == {"narrative"}
    for check_id, status, stated, computed in EXPECTED_CHECKS:
        row = checks.loc[check_id]
        assert row["status"] == status, check_id
        assert row["stated"] == stated and round(row["computed"], 2) == computed, check_id
    assert checks["status"].value_counts().to_dict() == {"ok": 29, "mismatch": 8, "ambiguous": 1}
    below = checks[checks.index.str.startswith("narr-below2020") & (checks["status"] == "mismatch")]
    assert list(below.index) == ["narr-below2020-T12", "narr-below2020-T16"]


def test_cross_check_explanations_give_the_figures(parsed):
    text = parsed["checks"].set_index("check_id")["explanation"]
    # Line 193: 散居孤儿养育标准 7200 → 14584 元/年 is +102.556 %, printed 102.5.
    assert text["narr-growth-B09"] == (
        "散居孤儿养育标准从7200元/年增长到14584元/年，实际增长102.556%；"
        "按印刷的精度四舍五入应为102.6%，而非印刷的102.5%（舍入有误或被截断）。"
    )
    # Line 193: 4380 元/年 = 365 元/月 against the table's 345 (line 239).
    assert "起始值为4380元/年（4380元/年 ÷ 12 = 365.00元/月）" in text["narr-table-B01-2015"]
    assert "2015年实际值为345元/月" in text["narr-table-B01-2015"]
    # Line 209: 1612 organisations / 265.09万 residents (34.7万 volunteers are 13.09 %) against 11.9.
    assert "1612家 ÷ 265.09万常住人口 = 每万人6.08家" in text["narr-table-B23-2020"]
    assert "2020年实际值为11.9个" in text["narr-table-B23-2020"]
    assert "ind13-I13-08-missing-cell" in text["narr-table-B31-2020"]
    assert text["narr-parts-B23"].endswith(
        "社会团体749家 + 民办非企业单位862家 + 基金会1家 = 1612家，与总数一致。"
    )
    # Line 599: 70 % by 2025 against 100 % reached in 2020 (table line 323).
    assert text["narr-below2020-T12"].startswith(
        "正文（第599行）把农村社区综合服务设施覆盖率的2025年目标定为70%；十三五主要指标完成情况表报告2020年"
        "农村社区综合服务设施覆盖率已达到100%。目标低于规划所说已经达到的水平"
    )
    # 专栏9 line 679: 60 % by 2022; the table (I14-05, line 455) says 2025.
    assert (
        "正文（第679行）把生活不能自理特困人员集中供养率的2022年目标定为60%；十四五主要指标表I14-05"
        in text["narr-table14-T31"]
    )
    assert "的目标为2025年60%。目标值相同而期限不同" in text["narr-table14-T31"]


# --- damaged text --------------------------------------------------------------------------------

PROSE = [i for i, line in enumerate(RAW_LINES) if 184 <= i <= 803 and line.strip()]
EDITS = [
    "。",
    "(",
    "1",
    "全覆盖",
    "到2025年",
    "所有",
    "其中",
    "达到",
    "60%",
    "、",
    "分别",
    "共",
    "从1元增长到元,增长%",
]


@st.composite
def damaged_prose(draw) -> str:
    lines = list(RAW_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.sampled_from(PROSE))
        action = draw(st.sampled_from(["drop", "duplicate", "insert", "digit", "truncate"]))
        text = lines[i] if i < len(lines) else ""
        if action == "drop":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, text)
        elif action == "insert":
            k = draw(st.integers(0, len(text)))
            lines[i] = text[:k] + draw(st.sampled_from(EDITS)) + text[k:]
        elif action == "digit" and re.search(r"\d", text):
            k = draw(st.sampled_from([m.start() for m in re.finditer(r"\d", text)]))
            lines[i] = text[:k] + str(draw(st.integers(0, 9))) + text[k + 1 :]
        else:
            lines[i] = text[: draw(st.integers(0, len(text)))]
    return "\n".join(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_prose())
def test_damaged_prose_gives_tables_or_plan_parse_error(text):
    source = Source.from_text(text)
    try:
        outline, targets, baselines = parse_narrative(source)
        ind13, ind14 = parse_indicators(source)
        checks = narrative_checks(targets, baselines, ind13, ind14)
        unparsed_with_reasons(source)
    except PlanParseError:
        return
    OUTLINE.validate(outline)
    TARGETS.validate(targets)
    BASELINES.validate(baselines)
    frame = _checks_frame(checks)  # every check is worded
    assert frame["check_id"].is_unique and frame["status"].isin(CHECK_STATUSES).all()
    assert all(math.isfinite(v) for v in targets["value"])


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        ({355: "二章 “十四五”咸宁民政事业发展总体要求"}, "outline: expected chapter 2 here, found 第三章"),
        ({519: "第二章 着力改进和保障民生"}, "outline: expected chapter 3 here, found 第二章"),
    ],
)
def test_damaged_chapters_raise(replace, message):
    lines = [replace.get(n, t) for n, t in enumerate(RAW_LINES, start=1)]
    with pytest.raises(PlanParseError, match=re.escape(message)):
        parse_narrative(Source.from_text("\n".join(lines)))


def test_cli_build_reports_unparsed(tmp_path, capsys):
    from xnplan.cli import main

    assert (
        main(["build", "--raw", str(DEFAULT_RAW_TEXT), "--out", str(tmp_path / "out"), "--report-unparsed"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("数据表已写入 ") and "有 3 句像目标的语句没有生成目标行" in out
    assert "  第 751 行：采用满足常住人口30年以上骨灰安葬需求确定墓区面积的标准\n" in out
    assert (tmp_path / "out" / "targets.csv").exists()


def test_a_target_takes_the_attribute_of_its_main_indicator(plan):
    # T29 (养老机构护理型养老床位占比60%, line 675) is linked to I14-04, which the main-indicator table
    # prints as 约束性; T02 (社会工作人才占总人口比例1.4‰) is linked to no main indicator: no attribute.
    targets = plan.targets.set_index("target_id")
    assert (targets.loc["T29", "linked_indicator_id"], targets.loc["T29", "attribute"]) == (
        "I14-04",
        "约束性",
    )
    assert (targets.loc["T02", "linked_indicator_id"], targets.loc["T02", "attribute"]) == ("", "")
    linked = targets[targets["linked_indicator_id"] != ""]
    printed = plan.indicators_14th.set_index("indicator_id")["attribute"]
    assert (linked["attribute"] == linked["linked_indicator_id"].map(printed)).all()
