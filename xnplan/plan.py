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
    """The plan as tidy tables; the tables and their columns follow (generated from xnplan.schema)."""

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


def tables_help() -> str:
    """Every table of the Plan with its Chinese title and one line per column: name, Chinese label
    (unit included) and description, as xnplan.schema declares them."""
    parts = []
    for name in Plan.table_names():
        schema = TABLES[name]
        lines = [f"{name} — {schema.title}", f"    {schema.description}"]
        lines += [f"    {col}: {spec.title} — {spec.description}" for col, spec in schema.columns.items()]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


Plan.__doc__ = f"""{Plan.__doc__}
``xnplan.load()`` gives the tables for analysis: a missing text is ``pd.NA``, a county an ordered
categorical in the plan's order, and ``table.attrs["columns"]`` the label, unit and description of
each column (``xnplan.labelled(table)`` renames the columns to the labels). Every table with
``source_line`` (the line of the raw text) has ``source_page`` (the printed page, from the 目录).

{tables_help()}
"""


def _bare(table: pd.DataFrame) -> pd.DataFrame:
    table = table.reset_index(drop=True)
    table.attrs = {}
    return table
