"""Fixtures of the report tests: hand-made project-library frames, and what a page displays.

``make_projects``: each test module writes its own rows (and works its expected figures out from
them); this only fills in the columns the reports do not read and validates the result against the
PROJECTS schema.

``displayed``: every ``IPython.display.display`` a page makes, as the MIME bundle a notebook would
store, so that a test reads the page as nbconvert would render it (tests/report/displays.py).

``hand_residents``: round resident figures per county and 全市, from which the per-capita tests work
out their expected figures.

``public_assessments``: the city-wide assessments of both years on the published observations, loaded
once per test process.

``undrawn_charts``: a page's charts embedded as one transparent pixel instead of drawn, for the tests
that read a page's text and structure.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence

import pandas as pd
import pytest

from tests.report.displays import capture_displays
from tests.report.hand_made import LIBRARY, WITH_PACKAGE
from xnplan.assess.assessment import Assessment
from xnplan.facts import ASSESSMENT_YEARS
from xnplan.report import plots, target_gap
from xnplan.schema import PROJECTS

COLUMNS = [
    "project_id",
    "category_no",
    "category",
    "subcategory_no",
    "subcategory",
    "name",
    "county",
    "township",
    "units",
    "investment_wan",
    "implementer_type",
]


def projects_frame(rows: Sequence[tuple]) -> pd.DataFrame:
    """``rows`` in COLUMNS order as a valid projects table; the location is county + township."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame.assign(
        category_code="c" + frame["category_no"].astype(str),
        subcategory_code=[f"s{n}" if n else "" for n in frame["subcategory_no"]],
        seq=frame["project_id"].str[-3:].astype(int),
        location=frame["county"] + frame["township"],
        implementer=frame["county"] + "民政局",
        units_source=["name" if u > 1 else "default" for u in frame["units"]],
        duplicate_of="",
        placed_by_location=False,
        source_line=range(100, 100 + len(frame)),
        source_page="第49页起",  # every line of 附件2 (xnplan.parse.places)
    )
    return PROJECTS.validate(frame[list(PROJECTS.columns)])


@pytest.fixture
def make_projects() -> Callable[[Sequence[tuple]], pd.DataFrame]:
    return projects_frame


@pytest.fixture
def library_projects() -> pd.DataFrame:
    """hand_made.LIBRARY as a projects table."""
    return projects_frame(LIBRARY)


@pytest.fixture
def packaged_projects() -> pd.DataFrame:
    """hand_made.WITH_PACKAGE (a package of 187 cemeteries) as a projects table."""
    return projects_frame(WITH_PACKAGE)


# As the batch passes it to the target_gap notebook: relative to the project root.
PUBLIC_OBSERVATIONS = "data/raw/observations/observations_public.csv"


@pytest.fixture(scope="session")
def public_assessments() -> dict[int, Assessment]:
    """``target_gap.load`` of the published observations for 2023 and 2025, city-wide, as the batch's
    pages load them. Shared: a test that changes one changes a copy (``dataclasses.replace``)."""
    return {year: target_gap.load(year, PUBLIC_OBSERVATIONS) for year in ASSESSMENT_YEARS}


# A 1×1 transparent PNG.
ONE_PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@pytest.fixture
def undrawn_charts(monkeypatch) -> None:
    """Every PNG of a chart is one pixel, not drawn (a page draws each chart twice, about 0.25 s): the
    charts are still made, and placed with their captions, sources and links. Drawing is tested by
    the chart and exhibit tests, by the tests that render a page with its downloads, and by the site."""
    monkeypatch.setattr(plots, "png_bytes", lambda fig, dpi=plots.DPI: ONE_PIXEL_PNG)


@pytest.fixture
def displayed(monkeypatch) -> list[dict[str, str]]:
    """What the page a test shows displays (:func:`capture_displays`)."""
    return capture_displays(monkeypatch)


@pytest.fixture
def hand_residents() -> pd.Series:
    return pd.Series(
        {
            "咸安区": 396500,
            "赤壁市": 500000,
            "嘉鱼县": 300000,
            "通山县": 358500,
            "通城县": 400000,
            "崇阳县": 450000,
            "全市": 2500000,
        }
    )
