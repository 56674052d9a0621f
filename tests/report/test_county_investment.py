"""xnplan.report.county_investment: a county's townships, packages and lines with named units, on
tests/report/hand_made.py's WITH_PACKAGE (通山县 has a package of 187 cemeteries placed in 通羊镇 by
its location, and a line naming no township).
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.report.hand_made import WITH_PACKAGE
from xnplan.report import county_investment, investment


@pytest.fixture
def projects(make_projects) -> pd.DataFrame:
    return make_projects(WITH_PACKAGE)


def test_townships_of_a_county(projects):
    places = county_investment.townships(projects, "通山县")
    # 通羊镇 holds the 福利院 (500) and the 187 cemeteries (9350); the 26000 line names no township
    assert places.named[["township", "lines", "units", "investment_wan"]].values.tolist() == [
        ["通羊镇", 2, 188, 9850.0]
    ]
    assert (places.unnamed["lines"], places.unnamed["investment_wan"]) == (1, 26000)
    # the cemeteries' name says 通山县, not 通羊镇: placed there by the location
    assert places.packages["project_id"].tolist() == ["P3.0.001"]
    assert places.packaged == {"lines": 1, "units": 187, "investment_wan": 9350.0}


def test_townships_of_a_county_without_packages(projects):
    places = county_investment.townships(projects, "赤壁市")
    assert places.named.empty and places.unnamed["lines"] == 1
    assert places.packaged == {"lines": 0, "units": 0, "investment_wan": 0.0}


def test_lines_with_named_units_and_top_share(projects):
    assert county_investment.lines_with_named_units(projects, "通山县")["units"].tolist() == [187]
    assert county_investment.lines_with_named_units(projects, "市本级").empty
    top = investment.county_detail(projects, "通山县", top=2).top_lines
    # 26000 + 9350 of 35850: the page reads the top lines' share off their cumulative column
    assert top["cumulative_pct"].iloc[-1] == pytest.approx(35350 / 35850 * 100)
