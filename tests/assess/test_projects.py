"""Project progress over what was reported, worked by hand on six made-up lines.

Lines (万元): 咸安区 A1 100, A2 300, A3 600; 通山县 B1 200, B2 200; 市本级 C1 400.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.assess import projects

LINES = pd.DataFrame(
    {
        "project_id": ["A1", "A2", "A3", "B1", "B2", "C1"],
        "county": ["咸安区", "咸安区", "咸安区", "通山县", "通山县", "市本级"],
        "category": ["养老", "养老", "殡葬", "养老", "殡葬", "殡葬"],
        "implementer_type": ["民政部门"] * 6,
        "name": [f"项目{i}" for i in range(6)],
        "units": [1] * 6,
        "investment_wan": [100.0, 300.0, 600.0, 200.0, 200.0, 400.0],
        "source_line": range(1, 7),
    }
)


def status(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(projects.STATUS_FIELDS))
    return frame.astype({"planned_start": "Int64", "planned_finish": "Int64"})


def by_group(progress: projects.ProjectProgress, by: str = "county") -> dict[str, dict]:
    return {r["group"]: r for r in progress.by[by].to_dict("records")}


def test_rates_count_what_was_reported_and_silent_counties_are_not_zero():
    # 咸安区 reports all three: A1 completed (100 spent), A2 in progress (150), A3 cancelled.
    # 通山县 reports nothing. 市本级 reports C1 planned.
    p = projects.progress(
        LINES,
        status(
            [
                ("A1", "completed", 100.0, "", None, None, ""),
                ("A2", "in_progress", 150.0, "", None, None, ""),
                ("A3", "cancelled", None, "", None, None, ""),
                ("C1", "planned", None, "", None, None, ""),
            ]
        ),
        2023,
    )
    xianan, tongshan, total = (by_group(p)[k] for k in ("咸安区", "通山县", "合计"))
    # 咸安区: 3 lines reported of 3 (100%); A3 cancelled leaves the denominators: 2 lines, 400 万元.
    assert (xianan["reported"], xianan["reported_pct"], xianan["counted"]) == (3, 100.0, 2)
    assert (xianan["cancelled"], xianan["cancelled_wan"]) == (1, 600.0)
    assert xianan["start_pct"] == 100.0 and xianan["complete_pct"] == 50.0  # 2 of 2 started, 1 of 2 done
    # 250 spent of 400 planned = 62.5%; time progress 60% (the plan period at the end of 2023): +2.5 points
    assert xianan["invest_pct"] == pytest.approx(62.5) and xianan["time_pct"] == pytest.approx(60.0)
    assert xianan["gap_pp"] == pytest.approx(2.5)
    # 通山县 reported nothing: no rate at all, and it is never among the counties behind time
    assert tongshan["not_reported"] and tongshan["reported"] == 0 and pd.isna(tongshan["invest_pct"])
    assert p.not_reported("county") == ["通山县"]
    assert "通山县" not in set(p.behind_time("county")["group"])
    # city total: 4 reported of 6 lines (66.7%), 1,400 of 1,800 万元 (77.8%); counted: A1, A2, C1 (800 万元);
    # 250 spent of 800 = 31.25% against 60%: −28.75 points
    assert total["reported_pct"] == pytest.approx(200 / 3)
    assert total["reported_wan_pct"] == pytest.approx(1400 / 18)
    assert total["invest_pct"] == pytest.approx(31.25) and total["gap_pp"] == pytest.approx(-28.75)
    assert set(p.listed("cancelled")["project_id"]) == {"A3"}
    # only 市本级 reported and is behind (0 spent of 400 against 60%)
    assert list(p.behind_time("county")["group"]) == ["市本级"]


def test_time_progress_per_project_weighted_by_investment():
    # A1 planned 2022–2024: at the end of 2023, 2 of its 3 years → 2/3; A2 2024–2025: not started → 0;
    # A3 without years: the plan period, 3/5. Weighted by 100, 300, 600: (66.7 + 0 + 360)/1000 = 42.67%
    assert projects.line_time_progress(2023, 2022, 2024) == pytest.approx(2 / 3)
    assert projects.line_time_progress(2023, 2024, 2025) == 0.0
    assert projects.line_time_progress(2025, 2019, 2022) == 1.0
    p = projects.progress(
        LINES,
        status(
            [
                ("A1", "in_progress", 50.0, "", 2022, 2024, ""),
                ("A2", "planned", None, "", 2024, 2025, ""),
                ("A3", "in_progress", 100.0, "", None, None, ""),
            ]
        ),
        2023,
    )
    xianan = by_group(p)["咸安区"]
    assert xianan["time_pct"] == pytest.approx(128 / 3)  # 42.67%, as above
    assert xianan["invest_pct"] == pytest.approx(15.0)  # 150 of 1000


def test_flags_and_status_after_the_assessment_year():
    # A1: 250 spent on a 100 万元 line (above plan); A2: 未开工 with 20 spent;
    # B1: dated 2024-03-01, after 2023
    p = projects.progress(
        LINES,
        status(
            [
                ("A1", "completed", 250.0, "2023-12-31", None, None, ""),
                ("A2", "planned", 20.0, "", None, None, ""),
                ("B1", "completed", 200.0, "2024-03-01", None, None, ""),
            ]
        ),
        2023,
    )
    assert list(p.listed("over_invested")["project_id"]) == ["A1"]
    assert list(p.listed("spent_not_started")["project_id"]) == ["A2"]
    assert list(p.late["project_id"]) == ["B1"]
    assert by_group(p)["通山县"]["not_reported"]  # B1's late status is not used


def test_the_final_assessment_lists_what_is_carried_over():
    p = projects.progress(
        LINES,
        status(
            [
                ("A1", "completed", 100.0, "", None, None, ""),
                ("A2", "in_progress", 150.0, "", None, None, ""),
                ("B1", "planned", None, "", None, None, ""),
                ("B2", "cancelled", None, "", None, None, ""),
            ]
        ),
        2025,
    )
    assert p.final and list(p.carried_over()["project_id"]) == ["A2", "B1"]
    assert by_group(p)["咸安区"]["time_pct"] == 100.0  # the plan period has ended


def test_a_county_edition_keeps_its_own_lines():
    reported = status(
        [
            ("B1", "completed", 200.0, "", None, None, ""),
            ("A1", "completed", 100.0, "2024-01-05", None, None, ""),
        ]
    )
    p = projects.progress(LINES, reported, 2023, "通山县")
    assert set(p.lines["project_id"]) == {"B1", "B2"}
    assert p.late.empty  # A1's late row is another county's
    assert by_group(p, "category")["合计"]["reported"] == 1
