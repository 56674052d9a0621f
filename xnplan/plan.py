"""The Plan: every table parsed from the text, and ``parse_plan`` which builds it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from . import crosscheck, indicators, narrative, projects, prose_library, reconcile
from .schema import TABLES
from .source import Source


@dataclass(frozen=True)
class Plan:
    """The plan as tidy tables; attribute names are the table names of DESIGN §4."""

    projects: pd.DataFrame
    project_categories: pd.DataFrame
    reconciliation: pd.DataFrame
    indicators_13th: pd.DataFrame
    indicators_14th: pd.DataFrame
    outline: pd.DataFrame
    targets: pd.DataFrame
    baselines: pd.DataFrame

    @classmethod
    def table_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.table_names()}

    @classmethod
    def validated(cls, **tables: pd.DataFrame) -> Plan:
        """Validate every table against its schema (coercing dtypes) and build the Plan."""
        return cls(**{name: TABLES[name].validate(df.reset_index(drop=True))
                      for name, df in tables.items()})


def parse_plan(path: Path | str) -> Plan:
    """Parse the raw plan text at ``path``; raises PlanParseError naming the line on bad input."""
    source = Source.read(path)
    project_rows, categories = projects.parse_projects(source)
    ind13, ind14 = indicators.parse_indicators(source)
    outline, targets, baselines = narrative.parse_narrative(source)
    checks = reconcile.reconcile(source, project_rows, categories, ind13, ind14,
                                 extra=[indicators.missing_cell_checks(ind13),
                                        crosscheck.narrative_checks(targets, baselines, ind13, ind14),
                                        prose_library.prose_library_checks(source, project_rows, categories,
                                                                           outline)])
    return Plan.validated(projects=project_rows, project_categories=categories,
                          reconciliation=checks, indicators_13th=ind13, indicators_14th=ind14,
                          outline=outline, targets=targets, baselines=baselines)
