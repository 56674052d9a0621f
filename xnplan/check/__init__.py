"""Stage 2, check: every place where the document disagrees with itself, as rows of one table, and
the distinct findings they make.

One family of checks per module, each row a typed :class:`~xnplan.check.rows.Check` whose note says
what it found (:mod:`~xnplan.check.wording` words it):

- :mod:`~xnplan.check.library`: the project library with itself (``compares`` ``library``);
- :mod:`~xnplan.check.table_cells`: a table's printed cells (``table-cell``);
- :mod:`~xnplan.check.prose_tables`: the prose with itself and with the indicator tables (``prose``,
  ``prose-table``);
- :mod:`~xnplan.check.prose_library`: the prose with the project library (``prose-library``).

:func:`run_all` collects them into the reconciliation table and gathers them into the findings table
(:mod:`~xnplan.check.findings`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xnplan.check import library, prose_library, prose_tables, table_cells
from xnplan.check.cite import ByPlace
from xnplan.check.findings import findings_table, gather, reconciliation_table, section_titles
from xnplan.parse.source import Source


@dataclass(frozen=True)
class Reconciliation:
    """The two tables of the check stage."""

    checks: pd.DataFrame  # the reconciliation table: one row per check
    findings: pd.DataFrame  # the findings table: one row per distinct finding


def run_all(
    source: Source,
    projects: pd.DataFrame,
    project_categories: pd.DataFrame,
    indicators_13th: pd.DataFrame,
    indicators_14th: pd.DataFrame,
    outline: pd.DataFrame,
    targets: pd.DataFrame,
    baselines: pd.DataFrame,
) -> Reconciliation:
    """Every family's checks, in the order of the list above, and the findings they make."""
    checks = [
        *library.project_checks(source, projects, project_categories),
        *table_cells.missing_cell_checks(indicators_13th),
        *prose_tables.narrative_checks(targets, baselines, indicators_13th, indicators_14th),
        *prose_library.prose_library_checks(source, projects, project_categories, outline),
    ]
    found = gather(checks)
    cite = ByPlace(outline, project_categories, section_titles(checks))
    return Reconciliation(reconciliation_table(checks, found, cite), findings_table(found, cite))
