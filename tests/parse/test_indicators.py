"""The two indicator tables, checked cell by cell against the raw text.

13th-plan table: lines 219-353 (header 221-233, rows from 235). 14th-plan table: lines 413-517.
Every expected value below was read off those lines.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from xnplan import PlanParseError
from xnplan.parse.indicators import parse_indicators, split_unit, table_lines
from xnplan.parse.source import Cell, Source
from xnplan.paths import DEFAULT_RAW_TEXT
from xnplan.schema import INDICATORS_13TH, INDICATORS_14TH

RAW_LINES = DEFAULT_RAW_TEXT.read_text(encoding="utf-8").split("\n")
NAN = math.nan

# id, name, unit, unit_source, 2015, target 2020, actual 2020, attribute, parent, cells_missing, line
EXPECTED_13TH = [
    ("I13-01", "城市居民最低生活保障平均标准", "元/月", "restored", 345, 440, 623, "预期性", "", "", 235),
    ("I13-02", "农村居民最低生活保障平均标准", "元/月", "restored", 286, 336, 511, "预期性", "", "", 249),
    ("I13-03", "农村特困供养标准", "元/年", "inferred", 6886, 7090, 11020, "预期性", "", "", 263),
    ("I13-04", "每千名老年人口拥有各类养老床位数", "张", "printed", 30.3, 35, 36.4, "约束性", "", "", 277),
    ("I13-04a", "护理型床位比例", "%", "restored", 15, 20, 32, "预期性", "I13-04", "", 291),
    (
        "I13-05",
        "生活不能自理特困人员集中供养率",
        "%",
        "restored",
        NAN,
        50,
        56,
        "预期性",
        "",
        "value_2015",
        303,
    ),
    ("I13-06", "农村社区综合服务设施覆盖率", "%", "restored", 50, 60, 100, "约束性", "", "", 315),
    ("I13-07", "每万人社会组织数", "个", "printed", 3, 6, 11.9, "预期性", "", "", 329),
    ("I13-08", "志愿服务参与率", "%", "restored", NAN, 20, 20, "预期性", "", "value_2015", 343),
]

# id, name (as printed, lost '(' removed), target, deadline, line; every row is % and 约束性
EXPECTED_14TH = [
    (
        "I14-01",
        "2022年底前,每个县(市区)至少建设1处失能半失能特困人员专业照护为主的县级供养服务设施(福利院)覆盖率",
        100,
        2022,
        423,
    ),
    ("I14-02", "所有街道和有条件的乡镇至少建设1处综合性社区养老服务设施覆盖率", 100, 2025, 431),
    ("I14-03", "社区日间照料中心覆盖率", 100, 2025, 439),
    ("I14-04", "养老机构床位中护理型床位占比", 60, 2025, 447),
    ("I14-05", "生活不能自理特困人员集中供养率", 60, 2025, 455),
    ("I14-06", "婚姻登记机关达到国家3A级以上标准的覆盖率", 80, 2025, 463),
    ("I14-07", "公益性公墓(骨灰堂)县市覆盖率", 100, 2025, 471),
    ("I14-08", "公益性公墓(骨灰堂)乡镇中心村覆盖率", 60, 2025, 479),
    (
        "I14-09",
        "儿童福利设施和未成年人救助保护设施、县级儿童福利(未成年人救助保护设施)建设覆盖率",
        100,
        2025,
        487,
    ),
    ("I14-10", "精神康复福利设施覆盖率", 100, 2025, 495),
    ("I14-11", "村(居)儿童主任覆盖率", 100, 2025, 503),
    ("I14-12", "乡镇(街道)都有社工站覆盖率", 100, 2025, 511),
]


@pytest.fixture(scope="module")
def tables(raw_source: Source) -> tuple[pd.DataFrame, pd.DataFrame]:
    return parse_indicators(raw_source)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_13th_rows_exact(tables):
    ind13 = INDICATORS_13TH.validate(tables[0])
    assert len(ind13) == 9
    for expected, row in zip(EXPECTED_13TH, ind13.itertuples(index=False), strict=True):
        iid, name, unit, unit_source, v15, t20, a20, attr, parent, missing, line = expected
        assert (row.indicator_id, row.name, row.unit, row.unit_source) == (iid, name, unit, unit_source)
        assert _same(row.value_2015, v15) and row.target_2020 == t20 and row.actual_2020 == a20, iid
        assert (row.attribute, row.reported_status, row.parent_id, row.cells_missing, row.source_line) == (
            attr,
            "完成",
            parent,
            missing,
            line,
        )


def test_13th_unit_inferred_from_prose_line_193(tables):
    row = tables[0].set_index("indicator_id").loc["I13-03"]
    # line 263 prints 农村特困供养标准 with no unit; line 193: 农村特困年人均保障标准从7508元增长到11020元
    assert row["unit_evidence_line"] == 193
    assert tables[0]["unit_evidence_line"].notna().sum() == 1


def test_14th_rows_exact(tables):
    ind14 = INDICATORS_14TH.validate(tables[1])
    assert len(ind14) == 12
    for expected, row in zip(EXPECTED_14TH, ind14.itertuples(index=False), strict=True):
        iid, name, target, deadline, line = expected
        assert (row.indicator_id, row.name, row.target_2025, row.deadline_year, row.source_line) == (
            iid,
            name,
            target,
            deadline,
            line,
        )
        assert (row.unit, row.unit_source, row.attribute) == ("%", "restored", "约束性")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("城市居民最低生活保障平均标准(元月)", ("城市居民最低生活保障平均标准", "元/月", "restored")),
        ("护理型床位比例(", ("护理型床位比例", "%", "restored")),
        ("每万人社会组织数(个)", ("每万人社会组织数", "个", "printed")),
        ("覆盖率(%)", ("覆盖率", "%", "printed")),
        ("农村特困供养标准", ("农村特困供养标准", "", "missing")),
        ("县级供养服务设施(福利院)", ("县级供养服务设施(福利院)", "", "missing")),
    ],
)
def test_split_unit(raw_source, cell, expected):
    assert split_unit(raw_source, Cell(1, cell)) == expected


def test_table_lines_cover_both_tables(raw_source):
    lines = table_lines(raw_source)
    assert {219, 235, 353, 413, 423, 517} <= lines
    assert not {217, 355, 411, 519} & lines


def _damaged(replace: dict[int, str | None]) -> Source:
    """The raw text with lines replaced (None drops the line); keys are 1-based line numbers."""
    lines = [replace.get(n, text) for n, text in enumerate(RAW_LINES, start=1)]
    return Source.from_text("\n".join(t for t in lines if t is not None))


@pytest.mark.parametrize(
    ("replace", "message", "line"),
    [
        ({219: "八、其他"}, "13th-plan indicator table title not found", None),
        ({413: "主要指标"}, "14th-plan indicator table title not found", None),
        ({227: "2020年目标"}, "expected header cells", 221),
        ({241: None, 243: None}, "row I13-01 has 1 value(s)", 237),
        ({263: "4"}, "expected row number 3, found '4'", 263),
        ({245: "约定性"}, "expected 约束性 or 预期性, found '约定性'", 245),
        ({459: "六十"}, "expected 14th-plan indicator table: the 2025 target, found '六十'", 459),
        ({n: None for n in range(507, 518)}, "table ends early; expected the 2025 target", 505),
    ],
)
def test_damaged_tables_raise_plan_parse_error(replace, message, line):
    with pytest.raises(PlanParseError) as info:
        parse_indicators(_damaged(replace))
    assert message in str(info.value)
    if line is not None:
        assert info.value.line == line


def test_missing_prose_leaves_unit_missing():
    # without line 193 nothing in the text says the 农村特困 standard is yearly
    ind13, _ = parse_indicators(_damaged({193: ""}))
    row = ind13.set_index("indicator_id").loc["I13-03"]
    assert (row["unit"], row["unit_source"]) == ("", "missing")
