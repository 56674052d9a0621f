"""The Parquet form of a table: every value exact, a list column as Arrow's list<int64>."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow
import pyarrow.parquet as pq


def is_list(dtype: Any) -> bool:
    """A column dtype holding lists (the evidence lines of a check)."""
    return isinstance(dtype, pd.ArrowDtype) and pyarrow.types.is_list(dtype.pyarrow_dtype)


def write_parquet(table: pd.DataFrame, path: Path | io.BytesIO) -> None:
    """The table as Parquet, a list column as list<int64>.

    The pandas metadata names a list column's dtype ``object``: pandas cannot rebuild the Arrow list
    dtype from its own name, so without this ``pandas.read_parquet`` would fail on the file. With it
    plain pandas reads the lists as arrays and :func:`read_parquet` as lists."""
    arrow = pyarrow.Table.from_pandas(table, preserve_index=False)
    meta = json.loads(arrow.schema.metadata[b"pandas"])
    for column in meta["columns"]:
        if column["name"] in table.columns and is_list(table[column["name"]].dtype):
            column["numpy_type"] = "object"
    pq.write_table(
        arrow.replace_schema_metadata({**arrow.schema.metadata, b"pandas": json.dumps(meta).encode()}), path
    )


def parquet_bytes(table: pd.DataFrame) -> bytes:
    """The bytes :func:`write_parquet` writes."""
    buffer = io.BytesIO()
    write_parquet(table, buffer)
    return buffer.getvalue()


def read_parquet(path: Path | io.BytesIO) -> pd.DataFrame:
    """One Parquet table as written by :func:`write_parquet`; a list column comes back as lists.

    ``pandas.read_parquet`` gives a list column as arrays (see :func:`write_parquet`), so the Arrow
    list type is mapped explicitly (the other columns keep their pandas dtypes). Parquet names the
    items ``element``; they are renamed ``item`` as pandas makes them, so the dtype reads alike."""

    def list_dtype(kind: pyarrow.DataType) -> pd.ArrowDtype | None:
        return pd.ArrowDtype(pyarrow.list_(kind.value_type)) if pyarrow.types.is_list(kind) else None

    return pq.read_table(path).to_pandas(types_mapper=list_dtype)
