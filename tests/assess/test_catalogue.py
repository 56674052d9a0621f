"""The indicator catalogue on the real plan: every curated row resolves, baselines and units as read."""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan import curated
from xnplan.assess import catalogue
from xnplan.errors import CuratedFileError, PlanParseError
from xnplan.parse import catalogue as builder


@pytest.fixture(scope="module")
def cat(parsed_plan):
    return parsed_plan.catalogue.set_index("item_id", drop=False)


def test_every_curated_row_resolves(parsed_plan, cat):
    curated = builder.read_curated()
    # every indicator of both tables has a curated decision (build_catalogue raises otherwise) …
    table_ids = set(parsed_plan.indicators_13th["indicator_id"]) | set(
        parsed_plan.indicators_14th["indicator_id"]
    )
    assert table_ids <= set(curated.index)
    # … and every curated id is in the plan, with its guard text in the row it names
    target_ids = set(parsed_plan.targets["target_id"])
    assert set(curated.index) <= table_ids | target_ids
    # every observation id an evaluator may use is a catalogue item or a 13th-plan indicator
    assert set(cat["observation_id"]) <= set(cat.index) | set(parsed_plan.indicators_13th["indicator_id"])
    assert cat["reason"].str.len().gt(0).all()


def test_items(cat):
    # 12 table indicators + the 55 prose targets (hand count, tests/parse/test_narrative.py) + the six
    # 13th-plan measures kept without a target
    no_target = ["I13-01", "I13-02", "I13-03", "I13-04", "I13-07", "I13-08"]
    assert len(cat) == 12 + 55 + 6
    assert (cat["kind"] == builder.KIND_PROSE).sum() == 55
    assert cat.loc[no_target, "target"].isna().all()
    # 13th-plan rows that are another item's baseline are not items of their own
    assert not {"I13-04a", "I13-05", "I13-06"} & set(cat.index)


def test_baselines_as_read(cat):
    # I14-04 护理型床位占比 ← 13th-plan sub-row 护理型床位比例, 2020 actual 32 (line 297)
    assert (cat.at["I14-04", "baseline"], cat.at["I14-04", "baseline_year"]) == (32.0, 2020)
    # I14-05 集中供养率 ← I13-05 2020 actual 56 (line 309)
    assert cat.at["I14-05", "baseline"] == 56.0
    # 城市低保 623 元/月 (line 243)
    assert (cat.at["I13-01", "baseline"], cat.at["I13-01", "unit"]) == (623.0, "元/月")
    # 农村特困供养标准: no unit in the table; 11020 (line 271) is yearly per the prose (line 193)
    assert (cat.at["I13-03", "baseline"], cat.at["I13-03", "unit"]) == (11020.0, "元/年")
    # no baseline where the plan gives none: never a filled-in number
    assert cat.loc[["I14-01", "I14-02", "I14-03", "I14-12"], "baseline"].isna().all()


def test_targets_and_deadlines(cat):
    assert (cat.at["I14-01", "target"], cat.at["I14-01", "deadline_year"]) == (100.0, 2022)
    assert cat.at["I14-01", "attribute"] == "约束性"
    assert cat.at["I14-04", "target_text"] == "≥60%(2025年)"
    # 专栏9 (line 679): 集中供养率 60% by 2022, observed under I14-05 (same measure, same unit)
    assert (cat.at["T31", "deadline_year"], cat.at["T31", "observation_id"]) == (2022, "I14-05")


def test_observation_ids(cat):
    # 农村社区综合服务设施覆盖率 70% (lines 599, 609): observed under I13-06,
    # whose 2020 actual is 100 (line 323)
    for tid in ("T12", "T16"):
        assert (cat.at[tid, "observation_id"], cat.at[tid, "baseline"]) == ("I13-06", 100.0)
    assert cat.at["T12", "observation_name"] == "农村社区综合服务设施覆盖率"
    # 新建1处 (a count) is not filed under the coverage rate I14-10 it is linked to
    assert (cat.at["T08", "linked_indicator_id"], cat.at["T08", "observation_id"]) == ("I14-10", "T08")
    units = catalogue.observation_units(cat)
    assert units["I13-03"] == "元/年" and units["I14-04"] == "%" and units["T08"] == "处"


def test_prose_baseline_reference_converts_units(parsed_plan):
    # B01 (line 193): 城市低保 7476 元/年 in 2020 = 7476 / 12 = 623 元/月
    value, where = builder._baseline("B01", parsed_plan.indicators_13th, parsed_plan.baselines, "元/月")
    assert value == pytest.approx(623.0) and "B01" in where


def curated_with(**changes) -> pd.DataFrame:
    frame = builder.read_curated().copy()
    for item, (column, value) in changes.items():
        frame.at[item.replace("_", "-"), column] = value
    return frame


def _rebuilt(plan, curated):
    """The catalogue built from the plan's tables with other curated decisions."""
    return builder.build_catalogue(
        plan.indicators_13th, plan.indicators_14th, plan.targets, plan.baselines, curated
    )


def test_shifted_ids_are_refused(parsed_plan):
    # A plan parse error, as for a curated link that no longer resolves: a damaged plan text shifts
    # the ids, and the build must stop with PlanParseError (test_assemble_properties.py found one).
    with pytest.raises(PlanParseError, match="ids have shifted"):
        _rebuilt(parsed_plan, curated_with(T12=("text_contains", "不在这里的文字")))
    with pytest.raises(PlanParseError, match="neither a 13th-plan indicator"):
        _rebuilt(parsed_plan, curated_with(I14_04=("baseline_ref", "I99-01")))


def test_bad_curated_file(tmp_path):
    path = tmp_path / "c.csv"
    header = ",".join(curated.INDICATOR_CATALOGUE.columns)
    path.write_text(header + "\nI14-01,县级,assess,2,,none,,,\n", encoding="utf-8")
    with pytest.raises(CuratedFileError) as caught:
        builder.read_curated(path)
    assert caught.value.problems == [
        "第 2 行：direction = '2'，应为 1、-1 之一",
        "第 2 行：reason = ''，不能为空 (required)",
        "第 2 行：reason_zh = ''，不能为空 (required)",
    ]


def test_the_catalogue_is_a_stored_table(plan, parsed_plan):
    # built with the other tables, so the reports read the same 73 rows from data/processed/
    pd.testing.assert_frame_equal(plan.catalogue, parsed_plan.catalogue)
    assert len(plan.catalogue) == 12 + 55 + 6


def test_a_13th_plan_measure_keeps_the_attribute_its_table_prints(plan):
    # The 13th-plan table prints 约束性 for 每千名老年人口拥有各类养老床位数 (I13-04, line 277) and
    # 农村社区综合服务设施覆盖率 (I13-06, line 315), 预期性 for the 低保 standard (I13-01).
    cat = plan.catalogue.set_index("item_id")
    assert (cat.at["I13-04", "attribute"], cat.at["I13-01", "attribute"]) == ("约束性", "预期性")
    # I13-06 is no item (the baseline and observation id of T12/T16); the prose targets state none.
    assert "I13-06" not in cat.index
    assert plan.indicators_13th.set_index("indicator_id").at["I13-06", "attribute"] == "约束性"
    assert (cat.at["T12", "observation_id"], cat.at["T12", "attribute"]) == ("I13-06", "")
