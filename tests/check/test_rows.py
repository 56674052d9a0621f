"""The typed check row (xnplan.check.rows) and the one reconciliation table (xnplan.check.run_all)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from xnplan.check import run_all
from xnplan.check.rows import Check, checks_frame
from xnplan.parse.indicators import parse_indicators
from xnplan.parse.narrative import parse_narrative
from xnplan.parse.projects import parse_projects
from xnplan.parse.source import Source
from xnplan.paths import DEFAULT_RAW_TEXT
from xnplan.schema import COMPARES, RECONCILIATION


def _check(**changes) -> Check:
    # 第七章's 1628 projects (line 795) against the 1641 facilities of 附件2; 附件1's 合计 at 819.
    fields = {
        "check_id": "narr-library-795-count",
        "level": "narrative",
        "compares": "prose-library",
        "item": "重大项目:项目个数(个)",
        "stated_source": "正文",
        "stated": 1628.0,
        "computed": 1641.0,
        "unit": "个",
        "status": "ambiguous",
        "explanation": "…",
        "source_line": 795,
        "evidence_lines": [975, 819, 975],
    }
    return Check(**(fields | changes))


def test_a_check_keeps_its_evidence_once_in_text_order_and_its_difference():
    check = _check()
    assert check.evidence_lines == (819, 975)
    assert check.difference == -13.0  # 1628 − 1641
    assert _check(stated=884933.0, computed=884933.66).difference == -0.66
    assert _check(computed=None).difference is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.status = "ok"


def test_checks_frame_has_the_schema_columns_and_a_list_column():
    frame = RECONCILIATION.validate(checks_frame([_check(), _check(check_id="x", evidence_lines=[])]))
    assert list(frame.columns) == list(RECONCILIATION.columns)
    assert frame["evidence_lines"].tolist() == [[819, 975], []]
    assert frame.loc[0, ["difference", "unit", "computed_source"]].tolist() == [-13.0, "个", ""]
    assert len(checks_frame([])) == 0


def test_the_schema_refuses_an_unknown_family_or_source():
    with pytest.raises(Exception, match="compares"):
        RECONCILIATION.validate(checks_frame([_check(compares="prose-vs-table")]))
    with pytest.raises(Exception, match="stated_source"):
        RECONCILIATION.validate(checks_frame([_check(stated_source="附件1对附件2")]))


@pytest.fixture(scope="module")
def reconciliation() -> pd.DataFrame:
    source = Source.read(DEFAULT_RAW_TEXT)
    projects, categories = parse_projects(source)
    ind13, ind14 = parse_indicators(source)
    outline, targets, baselines = parse_narrative(source)
    return RECONCILIATION.validate(
        run_all(source, projects, categories, ind13, ind14, outline, targets, baselines)
    )


def test_run_all_collects_every_family_in_order(reconciliation):
    # 193 checks: the library's 137 (105 ok, 25 mismatches, 7 ambiguous: see test_library.py), the 2
    # missing cells, 38 prose checks (8 against the prose itself, 30 against the indicator tables)
    # and 16 of the prose against the library (see test_prose_library.py).
    assert reconciliation["status"].value_counts().to_dict() == {"ok": 142, "mismatch": 35, "ambiguous": 16}
    families = reconciliation["compares"].tolist()
    assert list(dict.fromkeys(families)) == ["library", "table-cell", "prose", "prose-table", "prose-library"]
    assert pd.Series(families).value_counts().to_dict() == {
        "library": 137,
        "prose-table": 30,
        "prose-library": 16,
        "prose": 8,
        "table-cell": 2,
    }
    assert set(families) == set(COMPARES)


def test_units_stand_in_their_own_column(reconciliation):
    checks = reconciliation.set_index("check_id")
    # 农村特困供养标准 is 元/年 in the table (line 263, unit inferred from line 193); 低保 is 元/月.
    assert checks.loc["narr-table-B04-2020", "unit"] == "元/年"
    assert checks.loc["narr-table-B01-2015", "unit"] == "元/月"
    assert checks.loc["narr-growth-B09", "unit"] == "%"
    assert checks.loc["narr-parts-B23", "unit"] == "家"  # 社会组织 (line 209)
    assert checks.loc["G-S-total", "unit"] == "万元" and checks.loc["G-S-count", "unit"] == "个"
