"""The report set (xnplan.runner.reportset): the package's reports as reports.toml declares them, and
the `--only` filters. Only the package's reports are named (tests/runner/package_reports.py): a
notebook added to notebooks/ changes nothing here."""

from __future__ import annotations

import pytest

from xnplan import cli
from xnplan.errors import ParameterError
from xnplan.runner.reportset import group_order, select

from .package_reports import PACKAGE_REPORTS, package_reports

OBSERVATIONS = "data/raw/observations/observations_public.csv"
COMMON = {
    "data/raw/*.txt",
    "data/raw/*.csv",
    "data/processed/*.csv",
    "data/processed/*.parquet",
    "data/processed/*.json",
}


def test_package_reports_cover_every_county_and_assessment():
    specs = package_reports()
    assert [s.slug for s in specs] == list(PACKAGE_REPORTS)
    assert all(s.slug.isascii() for s in specs)
    counties = [s.parameters["county"] for s in specs if s.notebook == "county_investment"]
    assert counties == ["咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县", "市本级"]
    years = [s.parameters["assessment_year"] for s in specs if s.notebook == "target_gap"]
    assert years == [2023, 2025]


def test_package_reports_as_reports_toml_declares_them():
    specs = {s.slug: s for s in package_reports()}
    tongshan = specs["county_investment-tongshan"]
    # the grid's title and slug templates, filled with 通山县 and its file name
    assert (tongshan.title, dict(tongshan.parameters), tongshan.group) == (
        "通山县项目投资分析",
        {"county": "通山县"},
        "分县市区",
    )
    assert set(tongshan.inputs) == COMMON and tongshan.path_parameters == ()
    gap = specs["target_gap-2023"]
    assert gap.title == "2023年中期评估：指标目标差距" and gap.group == "评估"
    assert dict(gap.parameters) == {
        "assessment_year": 2023,
        "observations": OBSERVATIONS,
        "project_status": "",
    }
    assert gap.path_parameters == ("observations", "project_status")
    # the pages with maps also read the boundaries; the others do not
    assert set(gap.inputs) == COMMON | {"data/raw/boundaries/*"}
    assert set(specs["plan_overview"].inputs) == COMMON | {"data/raw/boundaries/*"}
    assert set(specs["data_quality"].inputs) == COMMON
    assert specs["baseline_review"].group == "评估" and specs["data_quality"].group == "数据质量"
    assert group_order(specs.values()) == ["总览", "分县市区", "评估", "数据质量"]


def test_only_filters():
    specs = package_reports()
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
    with pytest.raises(
        ParameterError, match="county 没有值 'Atlantis'（unknown value）；可选：咸安区, 赤壁市"
    ):
        select(specs, ["county=Atlantis"])
    with pytest.raises(
        ParameterError, match="不认识 'year'.*notebook=、slug= 或参数名：assessment_year, county"
    ):
        select(specs, ["year=2025"])


def test_only_unknown_notebook_is_an_error_listing_notebooks(capsys):
    assert cli.main(["reports", "--only", "notebook=county"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("xnplan reports：错误：--only：没有 notebook 'county'")
    listed = err.split("现有：")[1].split(", ")
    for notebook in ("baseline_review", "county_comparison", "county_investment", "data_quality"):
        assert notebook in listed
    assert {"plan_overview", "target_gap"} <= {name.strip() for name in listed}


def test_list_shows_slug_notebook_parameters_group_and_title(capsys):
    assert cli.main(["reports", "--list", "--only", "county_investment-tongshan"]) == 0
    assert capsys.readouterr().out.split() == [
        "county_investment-tongshan",
        "county_investment(county=通山县)",
        "[分县市区]",
        "通山县项目投资分析",
    ]
