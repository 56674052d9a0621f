"""The two forms of a table: the stages' and the researcher's (``xnplan.load()``, the Parquet files).

The stages (checks, assessment, reports) work on the *stage form* the schemas validate: every text
cell a string, an absent text ``""``, a county a plain string. A researcher gets the *analysis form*
of the same values:

- an absent text is ``pd.NA``, so ``value_counts()`` and ``dropna()`` treat it as missing;
- a county (``projects.county``) and a geography (``population.geography``) is an ordered
  ``pandas.Categorical`` in the plan's order (咸安区 … 崇阳县, 市本级; 全市 first), so sorting and
  grouping follow the plan, not Unicode;
- ``DataFrame.attrs`` names the table and, per column, its Chinese label, unit and description
  (:func:`column_attrs`); :func:`labelled` gives a copy under the Chinese labels.

The CSV files are plain text either way (an absent value is an empty cell); the Parquet files keep
the categoricals and the missing values, and :func:`stage_form` turns them back for the stages.
"""

from __future__ import annotations

import pandas as pd

from xnplan.errors import DisplayLabelError
from xnplan.facts import COUNTIES, TERRITORIES, WHOLE_CITY
from xnplan.plan import Plan
from xnplan.schema import TABLES, chinese_description, column_unit

# Columns holding a county-level unit, with the order of their categories (the plan's).
ORDERED_COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("projects", "county"): COUNTIES,
    ("population", "geography"): (WHOLE_CITY, *TERRITORIES),
}


def text_columns(name: str) -> list[str]:
    """The columns of table ``name`` whose schema type is text."""
    return [col for col, spec in TABLES[name].columns.items() if str(spec.dtype).startswith("str")]


def column_attrs(name: str) -> dict:
    """What ``attrs`` holds for table ``name``: ``table``, ``title`` (Chinese), ``description`` and its
    Chinese twin ``description_zh``, and ``columns``: column → {``label``: the Chinese label with its
    unit, ``unit``: the unit ('' when the column has none or each row names its own in a ``unit``
    column), ``description``, ``description_zh``}."""
    schema = TABLES[name]
    return {
        "table": name,
        "title": schema.title or name,
        "description": schema.description or "",
        "description_zh": chinese_description(name),
        "columns": {
            col: {
                "label": spec.title or col,
                "unit": column_unit(spec.title or ""),
                "description": spec.description or "",
                "description_zh": chinese_description(name, col),
            }
            for col, spec in schema.columns.items()
        },
    }


def analysis_form(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """Table ``name`` in the analysis form (module docstring) from its stage form."""
    frame = table.copy()
    schema = TABLES[name]
    for col in text_columns(name):
        frame[col] = frame[col].astype("string")
        if not schema.columns[col].nullable:  # a nullable text is missing as null already
            frame[col] = frame[col].replace("", pd.NA)
    for (table_name, col), order in ORDERED_COLUMNS.items():
        if table_name == name:
            frame[col] = pd.Categorical(frame[col], categories=order, ordered=True)
    frame.attrs = column_attrs(name)
    return frame


def analysis_plan(plan: Plan) -> Plan:
    """Every table of a stage-form ``plan`` in the analysis form (not validated again: the schemas
    describe the stage form)."""
    return Plan(**{name: analysis_form(name, table) for name, table in plan.tables().items()})


def stage_form(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """Table ``name`` back in the stage form: an absent text ``""`` (``None`` where the schema lets a
    text be missing), categoricals as text, no ``attrs``; the schema then restores the dtypes."""
    frame = table.copy()
    frame.attrs = {}
    for (table_name, col), _ in ORDERED_COLUMNS.items():
        if table_name == name and col in frame.columns:
            frame[col] = frame[col].astype("string")
    schema = TABLES[name]
    for col in text_columns(name):
        if col in frame.columns:  # a table written by an older schema lacks it: validation says so
            filler = None if schema.columns[col].nullable else ""
            frame[col] = frame[col].astype(object).where(frame[col].notna(), filler)
    return frame


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of an analysis-form table (one of ``xnplan.load()``) with its columns renamed to their
    Chinese labels, unit included (``investment_wan`` → ``估算总投资(万元)``), for a table to show or
    export. Columns the table did not come with (one a reader added) keep their names."""
    columns = table.attrs.get("columns")
    if columns is None:
        raise DisplayLabelError(
            "这个表没有列标签（attrs 中没有 columns）：请传入 xnplan.load() 得到的表"
            "（the table carries no column labels in attrs: pass a table of xnplan.load()）"
        )
    return table.rename(columns={col: meta["label"] for col, meta in columns.items()})
