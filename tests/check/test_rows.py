"""The typed check row (xnplan.check.rows) and the two tables of the check stage (xnplan.check.run_all)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd
import pytest

from xnplan.check import run_all
from xnplan.check.cite import BY_LINE, Cite
from xnplan.check.rows import Check
from xnplan.parse.indicators import parse_indicators
from xnplan.parse.narrative import parse_narrative
from xnplan.parse.projects import parse_projects
from xnplan.parse.source import Source
from xnplan.paths import DEFAULT_RAW_TEXT
from xnplan.schema import CHECK_FAMILIES, FINDING_KINDS, FINDINGS, RECONCILIATION


@dataclass(frozen=True)
class _Note:
    """A note of the simplest kind: one sentence citing its line."""

    kind: ClassVar[str] = "prose_library"
    subject: ClassVar[str] = "重大项目"
    item: ClassVar[str] = "重大项目:项目个数(个)"
    line: int

    def text(self, cite: Cite) -> str:
        return f"正文{cite.at(self.line)}印“重大项目共1628个”。"


def _check(**changes) -> Check:
    # 第七章's 1628 projects (line 795) against the 1641 facilities of 附件2; 附件1's 合计 at 819.
    fields = {
        "check_id": "narr-library-major-projects-count",
        "level": "narrative",
        "compares": "prose-library",
        "stated_source": "正文",
        "stated": 1628.0,
        "computed": 1641.0,
        "unit": "个",
        "status": "ambiguous",
        "note": _Note(795),
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


def test_a_check_is_worded_by_its_note():
    check = _check()
    assert (check.kind, check.subject, check.item) == ("prose_library", "重大项目", "重大项目:项目个数(个)")
    assert check.explanation() == check.explanation(BY_LINE) == "正文第795行印“重大项目共1628个”。"


@pytest.fixture(scope="module")
def checked():
    source = Source.read(DEFAULT_RAW_TEXT)
    projects, categories = parse_projects(source)
    ind13, ind14 = parse_indicators(source)
    outline, targets, baselines = parse_narrative(source)
    result = run_all(source, projects, categories, ind13, ind14, outline, targets, baselines)
    return RECONCILIATION.validate(result.checks), FINDINGS.validate(result.findings)


def test_run_all_collects_every_family_in_order(checked):
    reconciliation, _ = checked
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
    assert set(families) == set(CHECK_FAMILIES)
    # Every kind has checks. The library's 137: for each of the 20 groups of project_categories (合计,
    # 9 categories, 10 subcategories) a total and a count in each attachment (40 + 40) and 附件1
    # against 附件2 for both (40); for the 4 with parts (合计, 大类1, 3 and 6) the sum of the parts'
    # total and count in each attachment (8 + 8); and the 1 repeated line.
    assert reconciliation["kind"].value_counts().to_dict() == {
        "counts": 48,
        "sums": 48,
        "attachments": 40,
        "prose_tables": 38,
        "prose_library": 16,
        "table_cells": 2,
        "repeats": 1,
    }
    assert set(reconciliation["kind"]) == set(FINDING_KINDS)


def test_units_stand_in_their_own_column(checked):
    checks = checked[0].set_index("check_id")
    # 农村特困供养标准 is 元/年 in the table (line 263, unit inferred from line 193); 低保 is 元/月.
    assert checks.loc["narr-table-B04-2020", "unit"] == "元/年"
    assert checks.loc["narr-table-B01-2015", "unit"] == "元/月"
    assert checks.loc["narr-growth-B09", "unit"] == "%"
    assert checks.loc["narr-parts-B23", "unit"] == "家"  # 社会组织 (line 209)
    assert checks.loc["G-S-total", "unit"] == "万元" and checks.loc["G-S-count", "unit"] == "个"


def test_subjects_are_names_without_a_separator_to_split_on(checked):
    checks = checked[0].set_index("check_id")
    assert checks.loc["C1.2-D-total", "subject"] == "小类1.2「福利院项目」"  # as 附件2 names it
    assert checks.loc["C1.2-S-total", "subject"] == "小类1.2「农村福利院新建与升改造项目」"
    assert checks.loc["narr-table-B01-2015", "subject"] == "城市居民最低生活保障平均标准"
    assert checks.loc["narr-growth-B09", "subject"] == "散居孤儿养育标准"
    assert checks.loc["DUP-P1.5.007", "subject"] == "通城县城区福利中心"
    assert checks.loc["narr-library-box9-city-welfare-centre", "subject"] == "市社会福利中心改造项目"
    assert checks.loc["narr-library-box12-cemeteries", "subject"] == "城乡公益性公墓"


def test_the_schema_refuses_an_unknown_kind_family_or_source(checked):
    row = checked[0].iloc[[0]]
    with pytest.raises(Exception, match="kind"):
        RECONCILIATION.validate(row.assign(kind="web"))
    with pytest.raises(Exception, match="compares"):
        RECONCILIATION.validate(row.assign(compares="prose-vs-table"))
    with pytest.raises(Exception, match="stated_source"):
        RECONCILIATION.validate(row.assign(stated_source="附件1对附件2"))
