"""Stage 2, check: every place where the document disagrees with itself, as rows of one table.

One family of checks per module, each row a typed :class:`~xnplan.check.rows.Check`:

- :mod:`~xnplan.check.library`: the project library with itself (``compares`` ``library``);
- :mod:`~xnplan.check.table_cells`: a table's printed cells (``table-cell``);
- :mod:`~xnplan.check.prose_tables`: the prose with itself and with the indicator tables (``prose``,
  ``prose-table``);
- :mod:`~xnplan.check.prose_library`: the prose with the project library (``prose-library``).

:func:`run_all` collects them into the reconciliation table.
"""

from __future__ import annotations

import pandas as pd

from xnplan.check import library, prose_library, prose_tables, table_cells
from xnplan.parse.source import Source


def run_all(
    source: Source,
    projects: pd.DataFrame,
    project_categories: pd.DataFrame,
    indicators_13th: pd.DataFrame,
    indicators_14th: pd.DataFrame,
    outline: pd.DataFrame,
    targets: pd.DataFrame,
    baselines: pd.DataFrame,
) -> pd.DataFrame:
    """The reconciliation table: every family's checks, in the order of the list above."""
    frames = [
        library.project_checks(source, projects, project_categories),
        table_cells.missing_cell_checks(indicators_13th),
        prose_tables.narrative_checks(targets, baselines, indicators_13th, indicators_14th),
        prose_library.prose_library_checks(source, projects, project_categories, outline),
    ]
    # Empty frames are left out (pandas warns that they may change the dtypes); the library's never is.
    return pd.concat([frames[0], *(f for f in frames[1:] if len(f))], ignore_index=True)
