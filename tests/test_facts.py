"""xnplan.facts: the facts stated once, and what is derived from them."""

from __future__ import annotations

import ast
from pathlib import Path

from xnplan import facts


def test_facts_import_nothing() -> None:
    # Every module may read the facts, so they may read no module.
    tree = ast.parse(Path(facts.__file__).read_text(encoding="utf-8"))
    imported = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert [getattr(n, "module", None) for n in imported] == ["__future__"]


def test_the_units_are_six_territories_then_the_city_level() -> None:
    # 咸宁市 has six county-level territories (咸安区, 赤壁市 and four 县); 市本级 comes last.
    assert facts.COUNTIES == ("咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县", "市本级")
    assert facts.COUNTIES[:6] == facts.TERRITORIES
    assert facts.CITY_LEVEL not in facts.TERRITORIES and facts.WHOLE_CITY not in facts.COUNTIES


def test_the_plan_as_its_pages_cite_it() -> None:
    # The source line the report pages print under every table of the plan.
    assert facts.PLAN_PUBLISHED == "2022年7月4日"
    assert facts.PLAN_CITATION == "咸宁市民政局《咸宁市民政事业“十四五”规划（征求意见稿）》，2022年7月4日发布"


def test_the_two_assessments() -> None:
    # 第十一章: assessments at the end of 2023 (mid-term) and 2025 (final).
    assert facts.ASSESSMENT_LABELS == {2023: "中期评估", 2025: "总结评估"}
    assert facts.PERIOD_YEARS == (2021, 2022, 2023, 2024, 2025)
