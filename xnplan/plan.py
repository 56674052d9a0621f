"""The Plan: every table of the plan, as validated DataFrames.

It is the one type that flows between the stages: :mod:`xnplan.store.assemble` builds it from the
text, :mod:`xnplan.store.files` writes and reads it, and the assessment and report stages read it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from xnplan.schema import TABLES


@dataclass(frozen=True)
class Plan:
    """The plan as tidy tables; attribute names are the table names of docs/tables.md."""

    projects: pd.DataFrame
    project_categories: pd.DataFrame
    reconciliation: pd.DataFrame
    findings: pd.DataFrame
    indicators_13th: pd.DataFrame
    indicators_14th: pd.DataFrame
    outline: pd.DataFrame
    targets: pd.DataFrame
    baselines: pd.DataFrame
    catalogue: pd.DataFrame
    population: pd.DataFrame

    @classmethod
    def table_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.table_names()}

    @classmethod
    def validated(cls, **tables: pd.DataFrame) -> Plan:
        """Validate every table against its schema (coercing dtypes) and build the Plan.

        A table is its columns only: ``attrs`` a reader attached (a curated file's path and lines)
        describe where it came from and would otherwise be written into the Parquet metadata."""
        return cls(**{name: TABLES[name].validate(_bare(df)) for name, df in tables.items()})


def _bare(table: pd.DataFrame) -> pd.DataFrame:
    table = table.reset_index(drop=True)
    table.attrs = {}
    return table
