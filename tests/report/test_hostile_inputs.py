"""Issue 12, cases 7 and 8: an evaluator's file name or path must not inject HTML into a report, and
a path parameter pointing at a file that is not an input (``../../etc/passwd``) is refused unread."""

from __future__ import annotations

import shutil

import pytest
from nbconvert.filters.markdown import markdown2html

import xnplan
from xnplan.assess import catalogue
from xnplan.errors import InputValidationError
from xnplan.paths import ROOT
from xnplan.report import target_gap as gapreport

PUBLIC = ROOT / "data" / "raw" / "observations" / "observations_public.csv"


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)>.csv", "a`<img src=x onerror=alert(1)>`.csv",
                                  "``<img src=x onerror=alert(1)>`.csv"])
def test_a_tag_in_the_observations_file_name_is_shown_as_text(tmp_path, name) -> None:
    hostile = tmp_path / name
    shutil.copy(PUBLIC, hostile)
    plan = xnplan.load()
    items = catalogue.build_catalogue(plan)
    units = catalogue.observation_units(items)
    observations = gapreport.resolve_input(str(hostile))
    data = gapreport.read_inputs(observations, "", units, plan.projects["project_id"])
    results = gapreport.assess(items, data.observations, 2023)
    html = markdown2html(gapreport.intro(items, data, results, 2023, str(hostile)))
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_usual_file_name_is_written_as_before() -> None:
    """Names without backticks keep the single-backtick code span (the committed notebook's text)."""
    assert gapreport.markdown_code("observations_public.csv") == "`observations_public.csv`"


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "notebooks/target_gap.ipynb",
                                  "data/raw/xianning_civil_affairs_14th_fyp_draft.txt"])
def test_a_path_that_is_not_a_csv_input_is_refused_unread(path) -> None:
    with pytest.raises(InputValidationError, match="不是 CSV 或 .xlsx 文件") as refused:
        gapreport.resolve_input(path)
    assert "root:" not in str(refused.value) and "咸宁" not in str(refused.value)


def test_csv_inputs_anywhere_are_still_accepted(tmp_path) -> None:
    outside = tmp_path / "observations_2023.CSV"
    assert gapreport.resolve_input(str(outside)) == outside
    assert gapreport.resolve_input("data/raw/observations/observations_public.csv") == PUBLIC
    assert gapreport.resolve_input("") == ""
