"""xnplan.plan: a validated table carries its columns only."""

from __future__ import annotations

import xnplan
from xnplan import geo
from xnplan.plan import Plan


def test_reader_bookkeeping_stays_out_of_the_plan() -> None:
    census = geo.population()  # the curated reader notes the file's path and lines in attrs
    assert census.attrs
    tables = {name: frame.iloc[0:0] for name, frame in xnplan.load().tables().items()}
    plan = Plan.validated(**{**tables, "population": census})
    assert plan.population.attrs == {}
    assert len(plan.population) == 7 and census.attrs  # the reader's frame is left as it was
