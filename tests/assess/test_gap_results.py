"""The frame of report.target_gap.assess is checked against schema.GAP_RESULTS."""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pytest

from xnplan.assess import gap
from xnplan.report import target_gap
from xnplan.schema import CATALOGUE, GAP_CLASSES, GAP_RESULTS


def test_the_schema_knows_every_class() -> None:
    assert GAP_CLASSES == gap.CLASSES


@pytest.fixture()
def catalogue() -> pd.DataFrame:
    # one made-up item: baseline 50% in 2020, target ≥ 100% by 2025
    return CATALOGUE.validate(pd.DataFrame([{
        "item_id": "I14-99", "kind": "十四五主要指标", "name": "测试覆盖率", "unit": "%", "direction": 1,
        "comparator": ">=", "target": 100.0, "deadline_year": 2025, "attribute": "约束性",
        "target_text": "≥100%(2025年)", "baseline": 50.0, "baseline_year": 2020, "baseline_source": "test",
        "observation_id": "I14-99", "observation_name": "测试覆盖率", "linked_indicator_id": "",
        "reason": "test", "source_line": 1}]))


def test_assess_returns_a_valid_frame(catalogue) -> None:
    obs = pd.DataFrame([{"indicator_id": "I14-99", "geography": "全市", "year": 2023, "value": 80.0,
                         "value_as_given": 80.0, "unit_as_given": "%", "source": "s", "reliability": "r"}])
    row = target_gap.assess(catalogue, obs, 2023).iloc[0]
    # (80 − 50) / (100 − 50) = 0.6 of the way, after 3 of the 5 years: ratio 1.0
    assert (row["share"], row["tau"], row["ratio"]) == pytest.approx((0.6, 0.6, 1.0))
    assert row["observed_year"] == 2023 and not row["met"]


def test_an_unknown_class_is_refused(catalogue) -> None:
    nothing = pd.DataFrame(columns=["indicator_id", "geography", "year", "value"])
    results = target_gap.assess(catalogue, nothing, 2023)
    assert results.loc[0, "klass"] == gap.NO_ASSESSMENT
    with pytest.raises(pandera.errors.SchemaError, match="klass"):
        GAP_RESULTS.validate(results.assign(klass="很好"))


def test_the_assessment_may_add_columns_of_its_own(catalogue) -> None:
    nothing = pd.DataFrame(columns=["indicator_id", "geography", "year", "value"])
    results = target_gap.assess(catalogue, nothing, 2023).assign(judgement="")
    assert "judgement" in GAP_RESULTS.validate(results).columns
