"""The committed data/processed/ (and docs/tables.md) are what the current code makes of the raw text.

When a parser or schema changes, regenerate with `.venv/bin/xnplan build` and
`.venv/bin/python -m xnplan.store.datadict`, look at the diff, and commit both with the code.
"""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from xnplan import store
from xnplan.paths import DEFAULT_PROCESSED
from xnplan.store.datadict import TABLES_MD, tables_markdown

HINT = "data/processed/ is stale: run `.venv/bin/xnplan build` and commit the result"


def test_same_files(built_tables) -> None:
    committed = sorted(p.name for p in DEFAULT_PROCESSED.iterdir())
    assert committed == sorted(p.name for p in built_tables.iterdir()), HINT


@pytest.mark.parametrize(
    "name", sorted(p.name for p in DEFAULT_PROCESSED.glob("*") if p.suffix in (".csv", ".json"))
)
def test_csv_and_datapackage_are_byte_identical(built_tables, name) -> None:
    assert (DEFAULT_PROCESSED / name).read_bytes() == (built_tables / name).read_bytes(), f"{name}: {HINT}"


def test_parquet_holds_the_same_tables(built_tables) -> None:
    # Parquet bytes depend on the pyarrow version, so compare what they hold.
    committed, rebuilt = store.load(DEFAULT_PROCESSED), store.load(built_tables)
    for name, table in rebuilt.tables().items():
        pd.testing.assert_frame_equal(getattr(committed, name), table, obj=f"{name}.parquet")


def test_xlsx_holds_the_same_cells(built_tables) -> None:
    committed, rebuilt = (
        load_workbook(DEFAULT_PROCESSED / "plan.xlsx"),
        load_workbook(built_tables / "plan.xlsx"),
    )
    assert committed.sheetnames == rebuilt.sheetnames, HINT
    for sheet in rebuilt.sheetnames:
        assert list(committed[sheet].values) == list(rebuilt[sheet].values), f"sheet {sheet}: {HINT}"


def test_data_dictionary_is_current() -> None:
    assert TABLES_MD.read_text(encoding="utf-8") == tables_markdown(), (
        "docs/tables.md is stale: run `.venv/bin/python -m xnplan.store.datadict` and commit it"
    )
