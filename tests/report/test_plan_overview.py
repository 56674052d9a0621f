"""xnplan.report.plan_overview: the printed totals and the share chart, on hand-made frames
(tests/report/hand_made.py's WITH_PACKAGE) with the figures worked by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.report.hand_made import WITH_PACKAGE
from tests.report.hand_made import WITH_PACKAGE_TOTAL as TOTAL
from xnplan.errors import TableContentError
from xnplan.report import investment, plan_overview


@pytest.fixture
def projects(make_projects) -> pd.DataFrame:
    return make_projects(WITH_PACKAGE)


def test_printed_totals_is_the_grand_row():
    categories = pd.DataFrame(
        {
            "level": ["grand", "category"],
            "summary_total_wan": [884933.0, 152090.0],
            "summary_count": [1628.0, 40.0],
        }
    )  # 附件1 prints 1628 projects in all
    assert plan_overview.printed_totals(categories)["summary_total_wan"] == 884933.0
    with pytest.raises(TableContentError, match="one grand"):
        plan_overview.printed_totals(categories[categories["level"] == "category"])


def test_share_chart(projects):
    chart = plan_overview.share_chart(investment.compare_without_largest(projects))
    assert chart.columns.tolist() == [plan_overview.ALL_LINES, plan_overview.WITHOUT_LARGEST]
    # 通山县 500 + 26000 + 9350 = 35850 of 340015, and of the 40015 left without the 300000 line
    assert chart.loc["通山县", plan_overview.ALL_LINES] == pytest.approx(35850 / TOTAL * 100)
    assert chart.loc["通山县", plan_overview.WITHOUT_LARGEST] == pytest.approx(35850 / 40015 * 100)
