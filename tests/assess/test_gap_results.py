"""The frame of xnplan.assess.evaluate.judge is checked against schema.GAP_RESULTS: its vocabularies
are gap's, every row judge writes passes it, and a value outside them is refused.

One made-up measure, I14-99: baseline 50% in 2020, target ≥100% by 2025, 80% observed in 2023.
P = (80 − 50)/(100 − 50) = 0.6 of the distance after τ = (2023 − 2020)/(2025 − 2020) = 0.6 of the time:
R = 1.0, inside the band 0.95 ≤ R ≤ 1.05 → 基本符合预期. The line through (2020, 50) and (2023, 80)
rises 10 a year: 100 in 2025, which meets ≥100 → 预计可完成. T99 restates it (measure_id I14-99).
"""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pytest

from xnplan.assess import evaluate, gap
from xnplan.assess.evidence import EMPTY_OBSERVATIONS
from xnplan.schema import CATALOGUE, GAP_CLASSES, GAP_REASONS, GAP_RESULTS

ITEM = {
    "item_id": "I14-99",
    "kind": "十四五主要指标",
    "name": "测试覆盖率",
    "unit": "%",
    "direction": 1,
    "comparator": ">=",
    "target": 100.0,
    "deadline_year": 2025,
    "attribute": "约束性",
    "target_text": "≥100%(2025年)",
    "baseline": 50.0,
    "baseline_year": 2020,
    "baseline_source": "test",
    "observation_id": "I14-99",
    "observation_name": "测试覆盖率",
    "linked_indicator_id": "",
    "measure_id": "I14-99",
    "reason": "test",
    "source_line": 1,
}


def test_the_schema_knows_every_class_and_reason() -> None:
    assert GAP_CLASSES == gap.CLASSES
    assert set(GAP_REASONS) == {
        gap.NO_DATA,
        gap.ONLY_LATER,
        gap.ONE_VALUE,
        gap.BASELINE_MET,
        gap.PACE,
        gap.NO_PACE,
        gap.REACHED,
        gap.FELL_BACK,
        gap.DEADLINE_NO_DATA,
        gap.CHANGE_ONLY,
    }


@pytest.fixture()
def catalogue() -> pd.DataFrame:
    restated = {
        **ITEM,
        "item_id": "T99",
        "kind": "正文目标",
        "name": "测试覆盖率（正文）",
        "attribute": "",
        "source_line": 2,
    }
    return CATALOGUE.validate(pd.DataFrame([ITEM, restated]))


def observations(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    """Observations of I14-99 as the reader returns them: (geography, year, value in %)."""
    frame = pd.DataFrame(
        [
            {
                **dict.fromkeys(EMPTY_OBSERVATIONS.columns, ""),
                "indicator_id": "I14-99",
                "geography": g,
                "year": y,
                "value": v,
                "unit": "%",
                "value_as_given": v,
                "unit_as_given": "%",
                "source": "s",
                "reliability": "部门统计",
                "row": n,
            }
            for n, (g, y, v) in enumerate(rows, start=1)
        ],
        columns=EMPTY_OBSERVATIONS.columns,
    )
    return frame.astype(EMPTY_OBSERVATIONS.dtypes.to_dict())


def test_judge_returns_a_valid_frame(catalogue) -> None:
    results = evaluate.judge(catalogue, observations([("全市", 2023, 80.0), ("通山县", 2023, 40.0)]), 2023)
    GAP_RESULTS.validate(results)  # judge validates its frame; the schema accepts it as it is
    city = results[results["geography"] == "全市"].set_index("item_id")
    row = city.loc["I14-99"]
    assert (row["share"], row["tau"], row["ratio"]) == pytest.approx((0.6, 0.6, 1.0))
    assert (row["verdict"], row["computed"], row["basis"], row["reason"]) == (
        gap.ON_TRACK,
        gap.ON_TRACK,
        "计算",
        gap.PACE,
    )
    assert (row["observed_year"], row["met"], row["projection"]) == (2023, False, gap.EXPECT_MET)
    assert row["counties_reported"] == 1  # 通山县 gave a value
    # T99 shares I14-99's judgement under its own id, kind and name.
    copy = city.loc["T99"]
    assert (copy["measure_id"], copy["kind"], copy["name"], copy["verdict"], copy["share"]) == (
        "I14-99",
        "正文目标",
        "测试覆盖率（正文）",
        gap.ON_TRACK,
        pytest.approx(0.6),
    )
    # 通山县 40 < 50: further from the target than in 2020, P = −0.2, R < 0 → 倒退, flagged (约束性).
    county = results[(results["geography"] == "通山县") & (results["item_id"] == "I14-99")].iloc[0]
    assert (county["verdict"], county["flagged"], county["counties_reported"]) == (gap.REGRESSING, True, 0)
    assert len(evaluate.measures(results)) == 2  # I14-99 city-wide and in 通山县; T99 counted with it


def test_nothing_observed_is_no_assessment(catalogue) -> None:
    results = evaluate.judge(catalogue, EMPTY_OBSERVATIONS, 2023)
    assert results["geography"].tolist() == ["全市", "全市"]
    assert results["verdict"].tolist() == [gap.NO_ASSESSMENT] * 2 and (results["basis"] == "").all()
    assert results["observed"].isna().all() and results["met"].isna().all()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("verdict", "很好"),
        ("computed", "未达标"),
        ("basis", "估计"),
        ("reason", "late"),
        ("geography", "咸宁市"),
        ("baseline_origin", "guess"),
    ],
)
def test_a_value_outside_the_vocabulary_is_refused(catalogue, column, value) -> None:
    results = evaluate.judge(catalogue, EMPTY_OBSERVATIONS, 2023)
    with pytest.raises(pandera.errors.SchemaError, match=column):
        GAP_RESULTS.validate(results.assign(**{column: value}))


def test_the_assessment_may_add_columns_of_its_own(catalogue) -> None:
    results = evaluate.judge(catalogue, EMPTY_OBSERVATIONS, 2023).assign(place="主要指标第99项")
    assert "place" in GAP_RESULTS.validate(results).columns
