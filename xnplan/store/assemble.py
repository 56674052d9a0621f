"""Assemble a Plan from the raw text: every parser, then every check, validated against the schemas."""

from __future__ import annotations

from pathlib import Path

from xnplan import geo
from xnplan.check import run_all
from xnplan.parse import catalogue, indicators, narrative, projects
from xnplan.parse.places import Places, with_source_pages
from xnplan.parse.source import Source
from xnplan.plan import Plan


def parse_plan(path: Path | str) -> Plan:
    """Parse the raw plan text at ``path``; raises PlanParseError naming the line on bad input."""
    source = Source.read(path)
    project_rows, categories = projects.parse_projects(source)
    ind13, ind14 = indicators.parse_indicators(source)
    outline, targets, baselines = narrative.parse_narrative(source)
    targets = narrative.with_attributes(targets, ind14)
    checked = run_all(source, project_rows, categories, ind13, ind14, outline, targets, baselines)
    tables = dict(
        projects=project_rows,
        project_categories=categories,
        reconciliation=checked.checks,
        findings=checked.findings,
        indicators_13th=ind13,
        indicators_14th=ind14,
        outline=outline,
        targets=targets,
        baselines=baselines,
        catalogue=catalogue.build_catalogue(ind13, ind14, targets, baselines),
        population=geo.population(),
    )
    places = Places(outline, categories)
    return Plan.validated(**{name: with_source_pages(table, places) for name, table in tables.items()})
