"""xnplan.plan: a validated table carries its columns only."""

from __future__ import annotations

from xnplan import geo
from xnplan.plan import Plan
from xnplan.schema import TABLES


def test_reader_bookkeeping_stays_out_of_the_plan(plan) -> None:
    census = geo.population()  # the curated reader notes the file's path and lines in attrs
    assert census.attrs
    tables = {name: frame.iloc[0:0] for name, frame in plan.tables().items()}
    validated = Plan.validated(**{**tables, "population": census})
    assert validated.population.attrs == {}
    assert len(validated.population) == 7 and census.attrs  # the reader's frame is left as it was


def test_help_documents_every_table_and_column() -> None:
    doc = Plan.__doc__ or ""
    for name in Plan.table_names():
        schema = TABLES[name]
        assert f"\n{name} — {schema.title}\n" in doc, name
        for col, spec in schema.columns.items():
            assert f"\n    {col}: {spec.title} — {spec.description}" in doc, f"{name}.{col}"
    assert doc.count(" — ") >= sum(len(TABLES[n].columns) for n in Plan.table_names())
