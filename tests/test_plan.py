"""xnplan.plan: a validated table carries its columns only."""

from __future__ import annotations

from xnplan import geo
from xnplan.plan import Plan


def test_reader_bookkeeping_stays_out_of_the_plan(plan) -> None:
    census = geo.population()  # the curated reader notes the file's path and lines in attrs
    assert census.attrs
    tables = {name: frame.iloc[0:0] for name, frame in plan.tables().items()}
    validated = Plan.validated(**{**tables, "population": census})
    assert validated.population.attrs == {}
    assert len(validated.population) == 7 and census.attrs  # the reader's frame is left as it was
