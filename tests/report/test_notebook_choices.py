"""What the notebooks used to choose in their cells, now in tested functions: the township chart's
cut, the 13th-plan attainment chart's 100% line, the county the per-capita chart highlights."""

from __future__ import annotations

import pandas as pd

from xnplan.report import baseline_review, county_comparison, county_investment


def towns(n: int) -> pd.DataFrame:
    # n townships, largest first: 镇1 with n万元 down to 镇n with 1万元
    return pd.DataFrame(
        {"township": [f"镇{i}" for i in range(1, n + 1)], "investment_wan": list(range(n, 0, -1))}
    )


def test_the_township_chart_shows_the_15_largest_and_says_so():
    chart, title = county_investment.township_chart(towns(17), "通山县")
    assert title == "通山县估算总投资最多的15个乡镇（街道）"
    [ax] = chart.axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ax.patches) == 15 and "镇15" in labels and "镇16" not in labels


def test_a_township_chart_of_all_towns_when_they_fit_and_none_for_one():
    chart, title = county_investment.township_chart(towns(3), "通山县")
    assert title == "通山县各乡镇（街道）估算总投资" and len(chart.axes[0].patches) == 3
    assert county_investment.township_chart(towns(1), "通山县") == (None, "通山县各乡镇（街道）估算总投资")


def test_the_attainment_chart_draws_the_target_line_its_note_names():
    review = pd.DataFrame(
        {
            "indicator_id": ["I13-01", "I13-02"],
            "name": ["城市低保", "农村低保"],
            "attainment_pct": [98.0, 120.5],
        }
    )
    figure, note = baseline_review.attainment_chart(review)
    [ax] = figure.axes
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1 and list(dashed[0].get_xdata()) == [100, 100]
    assert note == "虚线为100%，即恰好达到目标。" and len(ax.patches) == 2


def test_the_highlighted_county_is_the_last_in_rank_whatever_the_row_order():
    # ranks by investment per resident: 咸安区 is 6th of six (1,186元/人), though not the last row here
    table = pd.DataFrame({"county": ["咸安区", "赤壁市", "通山县"], "rank": [6, 1, 2]})
    assert county_comparison.lowest_per_capita(table) == "咸安区"
