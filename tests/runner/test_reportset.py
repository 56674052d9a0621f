"""The report set (xnplan.runner.reportset): every county and assessment, and the `--only` filters."""

from __future__ import annotations

import pytest

from xnplan import cli
from xnplan.errors import ParameterError
from xnplan.runner.reportset import default_report_set, select


def test_report_set_covers_every_county_and_assessment():
    specs = default_report_set()
    slugs = [s.slug for s in specs]
    assert len(slugs) == len(set(slugs)) == 13
    assert all(s.isascii() for s in slugs)
    counties = [s.parameters["county"] for s in specs if s.notebook == "county_investment"]
    assert counties == ["咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县", "市本级"]
    years = [s.parameters["assessment_year"] for s in specs if s.notebook == "target_gap"]
    assert years == [2023, 2025]


def test_only_filters():
    specs = default_report_set()
    assert [s.slug for s in select(specs, ["county=通山县"])] == ["county_investment-tongshan"]
    assert [s.slug for s in select(specs, ["county=Tongshan"])] == ["county_investment-tongshan"]
    assert [s.slug for s in select(specs, ["notebook=target_gap"])] == ["target_gap-2023", "target_gap-2025"]
    assert [s.slug for s in select(specs, ["target_gap"])] == ["target_gap-2023", "target_gap-2025"]
    # Same field: either value; different fields: both.
    assert len(select(specs, ["county=通山县", "county=市本级"])) == 2
    assert [s.slug for s in select(specs, ["target_gap", "assessment_year=2025"])] == ["target_gap-2025"]
    assert [s.slug for s in select(specs, ["baseline_review", "plan_overview"])] == [
        "plan_overview",
        "baseline_review",
    ]
    with pytest.raises(ParameterError, match="unknown county 'Atlantis'; valid values: 咸安区, 赤壁市"):
        select(specs, ["county=Atlantis"])
    with pytest.raises(ParameterError, match="unknown field 'year'.*assessment_year, county"):
        select(specs, ["year=2025"])


def test_only_unknown_notebook_is_an_error_listing_notebooks(capsys):
    assert cli.main(["reports", "--only", "notebook=county"]) == 1
    err = capsys.readouterr().err
    assert "unknown notebook 'county'" in err
    notebooks = (
        "baseline_review, county_comparison, county_investment, data_quality, plan_overview, target_gap"
    )
    assert notebooks in err
