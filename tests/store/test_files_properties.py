"""Property-based test (hypothesis) of xnplan.store.files: any Plan that satisfies the schemas (strings
with quotes, commas, newlines, CJK; extreme floats; missing values) is written and read back
unchanged, and its datapackage validates.

The run is bounded (tests/examples.py: more in CI's `make test-deep`) so the suite stays fast.
"""

from __future__ import annotations

import pandas as pd
import pandera.errors
from frictionless import Package
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from xnplan import Plan
from xnplan.paths import DEFAULT_RAW_TEXT
from xnplan.schema import EVIDENCE_LINES, TABLES
from xnplan.store.files import load, write

_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=10)


_cjk_or_csv = st.sampled_from(
    # "\t;1" is written '\t;1 (csv_safe): without a declared dialect a sniffer took the tab for the delimiter
    ["", "咸安区", 'a,"b"', "x\ny", "x\r\ny", "NA", "null", " lead", "=1+1", "1e5", "0012", "新\t建", "\t;1"]
)


def _column_strategy(column) -> st.SearchStrategy:
    if column.dtype.type == EVIDENCE_LINES:
        return st.lists(st.integers(1, 10**6), max_size=3)
    kind = pd.api.types.pandas_dtype(column.dtype.type)
    checks = {check.name: check.statistics or {} for check in column.checks}
    if "isin" in checks:
        values = st.sampled_from(list(checks["isin"]["allowed_values"]))
    elif "in_range" in checks:
        bounds = checks["in_range"]
        values = st.floats(min_value=bounds["min_value"], max_value=bounds["max_value"], allow_nan=False)
    elif "str_matches" in checks:
        values = st.from_regex(checks["str_matches"]["pattern"], fullmatch=True)
    elif pd.api.types.is_bool_dtype(kind):
        values = st.booleans()
    elif pd.api.types.is_integer_dtype(kind):
        low = checks.get("greater_than_or_equal_to", {}).get("min_value", -(10**9))
        values = st.integers(low, 10**12)
    elif pd.api.types.is_float_dtype(kind):
        low = checks.get("greater_than_or_equal_to", {}).get("min_value")
        values = st.floats(min_value=low, allow_nan=False, allow_infinity=False)
    else:
        values = st.one_of(_text, _cjk_or_csv)
    return st.one_of(st.none(), values) if column.nullable else values


@st.composite
def schema_plans(draw) -> Plan:
    tables = {}
    for name in Plan.table_names():
        schema = TABLES[name]
        row = st.fixed_dictionaries({col: _column_strategy(c) for col, c in schema.columns.items()})
        primary_key = tuple(schema.metadata.get("primary_key") or schema.columns)
        keys = [lambda r, k=primary_key: tuple(r[c] for c in k)]
        keys += [lambda r, c=col: r[c] for col, c in schema.columns.items() if c.unique]
        rows = draw(st.lists(row, max_size=4, unique_by=tuple(keys)))
        tables[name] = pd.DataFrame(rows, columns=list(schema.columns))
    try:
        return Plan.validated(**tables)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors):
        assume(False)
        raise


@settings(
    max_examples=examples(5),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=schema_plans())
def test_any_valid_plan_round_trips(tmp_path_factory, plan) -> None:
    folder = tmp_path_factory.mktemp("store")
    write(plan, folder, raw=DEFAULT_RAW_TEXT)
    loaded = load(folder)
    for name, table in plan.tables().items():
        pd.testing.assert_frame_equal(getattr(loaded, name), table, obj=name)
    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])
