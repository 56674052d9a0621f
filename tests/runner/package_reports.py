"""The package's own reports, by name: the tests check these and only these, so a notebook a researcher
adds to notebooks/ (or a report added to reports.toml) changes no test's expectation."""

from __future__ import annotations

from xnplan.runner.reportset import ReportSpec, default_report_set

COUNTY_REPORTS = tuple(
    f"county_investment-{slug}"
    for slug in ("xianan", "chibi", "jiayu", "tongshan", "tongcheng", "chongyang", "city")
)
# In the order of reports.toml, which is the landing page's order within a group.
PACKAGE_REPORTS = (
    "county_comparison",
    "plan_overview",
    "data_quality",
    *COUNTY_REPORTS,
    "target_gap-2023",
    "target_gap-2025",
    "baseline_review",
)


def package_reports() -> list[ReportSpec]:
    """The package's reports as the project's report set declares them, in its order."""
    specs = [spec for spec in default_report_set() if spec.slug in PACKAGE_REPORTS]
    missing = sorted(set(PACKAGE_REPORTS) - {spec.slug for spec in specs})
    assert not missing, f"reports.toml no longer declares {missing}"
    return specs
