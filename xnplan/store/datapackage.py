"""datapackage.json: the Frictionless descriptor of data/processed/, its Table Schemas translated
from the pandera schemas, and the sha256 of every file of the folder.

The pandera schemas in :mod:`xnplan.schema` are the single source of column names, types, labels and
constraints; this module only translates them, so datapackage.json and docs/tables.md cannot drift
from the tables. Only checks with a plain Table Schema equivalent are translated (isin → enum,
ge/le/in_range → minimum/maximum, str_matches → pattern, str_length → min/maxLength); anything else
stays a pandera-only check.

:func:`package_metadata` gives the package's descriptive fields (version, licences, sources,
contributors): who made the tables, from which published document, and on what terms they may be
reused (data/LICENSE.md says the same in words).
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pyarrow

from xnplan.facts import PLAN_ISSUER, PLAN_PUBLISHED_ON, PLAN_TITLE, WORKBOOK_NAME
from xnplan.schema import TABLES
from xnplan.spreadsheet import CSV_DELIMITER, CSV_LINE_END, CSV_QUOTE
from xnplan.store.integrity import sha256

# The plan as published (data/raw/PROVENANCE.md records both; the address was not re-checked since).
PLAN_URL = "http://mzj.xianning.gov.cn/xxgk/xxgkml/qtzdgknr/zczxjlsqk/202207/t20220704_2702887.shtml"
PLAN_INDEX_NUMBER = "011337100/2022-19938"

# The derived tables' licence (data/LICENSE.md); `name` is the Open Definition / SPDX identifier.
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
CONTRIBUTORS = [{"title": "the xnplan maintainers", "role": "author"}]

# How the CSV files write a list (a list<int64> column in Parquet): its items joined by commas.
LIST_DELIMITER = ","

# The CSV dialect every table is written in (:func:`xnplan.spreadsheet.csv_bytes`), declared so that
# no reader has to guess it: a sniffer shown a cell holding tabs and quotes takes the tab for the
# delimiter, and the table no longer matches its schema.
CSV_DIALECT: dict[str, Any] = {
    "delimiter": CSV_DELIMITER,
    "lineTerminator": CSV_LINE_END,
    "quoteChar": CSV_QUOTE,
    "doubleQuote": True,
    "header": True,
}


def _list_item_type(column: pa.Column) -> str | None:
    """Table Schema type of a list column's items; None when the column is not a list."""
    dtype = column.dtype.type
    if not (isinstance(dtype, pd.ArrowDtype) and pyarrow.types.is_list(dtype.pyarrow_dtype)):
        return None
    return "integer" if pyarrow.types.is_integer(dtype.pyarrow_dtype.value_type) else "any"


def field_type(column: pa.Column) -> str:
    """Table Schema type of a pandera column."""
    if _list_item_type(column):
        return "list"
    dtype = pd.api.types.pandas_dtype(column.dtype.type)
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if pd.api.types.is_string_dtype(dtype):
        return "string"
    return "any"


def _full_match(pattern: str) -> str:
    """pandera's str_matches is ``re.match`` (anchored at the start only); Table Schema patterns
    must match the whole value, so an open end becomes ``.*``."""
    body = pattern.removeprefix("^")
    if body.endswith("$") and not body.endswith("\\$"):
        return body[:-1]
    return body + ".*"


def _constraints_from_check(check: pa.Check) -> dict[str, Any]:
    stats = check.statistics or {}
    name = check.name
    if name == "isin":
        return {"enum": list(stats["allowed_values"])}
    if name == "greater_than_or_equal_to":
        return {"minimum": stats["min_value"]}
    if name == "less_than_or_equal_to":
        return {"maximum": stats["max_value"]}
    if name == "in_range" and stats.get("include_min", True) and stats.get("include_max", True):
        return {"minimum": stats["min_value"], "maximum": stats["max_value"]}
    if name == "str_matches":
        return {"pattern": _full_match(str(stats["pattern"]))}
    if name == "str_length":
        if stats.get("exact_value") is not None:
            return {"minLength": stats["exact_value"], "maxLength": stats["exact_value"]}
        out = {}
        if stats.get("min_value") is not None:
            out["minLength"] = stats["min_value"]
        if stats.get("max_value") is not None:
            out["maxLength"] = stats["max_value"]
        return out
    return {}


def field_descriptor(name: str, column: pa.Column) -> dict[str, Any]:
    """One Table Schema field: name, type, title (Chinese label with unit), description, constraints.

    In CSV an empty cell is the only way to write a missing value, so a non-nullable text column
    declares no missing values: its empty strings (a project without township) are values, not gaps.
    A list column (Table Schema's ``list`` type, joined by :data:`LIST_DELIMITER`) writes an empty
    list as an empty cell, which reads as missing, so it is never ``required``.
    """
    kind = field_type(column)
    field: dict[str, Any] = {"name": name, "type": kind}
    if kind == "list":
        field |= {"delimiter": LIST_DELIMITER, "itemType": _list_item_type(column)}
    if column.title:
        field["title"] = column.title
    if column.description:
        field["description"] = column.description
    constraints: dict[str, Any] = {}
    if not column.nullable and kind != "list":
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        constraints.update(_constraints_from_check(check))
    if constraints:
        field["constraints"] = constraints
    if kind == "string" and not column.nullable:
        field["missingValues"] = []
    return field


def table_schema(table: str) -> dict[str, Any]:
    """Table Schema descriptor of one table, primary key from the schema's metadata."""
    schema = TABLES[table]
    descriptor: dict[str, Any] = {
        "fields": [field_descriptor(name, col) for name, col in schema.columns.items()],
        "missingValues": [""],
    }
    primary_key = (schema.metadata or {}).get("primary_key") or []
    if primary_key:
        descriptor["primaryKey"] = list(primary_key)
    return descriptor


def resource(name: str, csv_data: bytes) -> dict[str, Any]:
    """The descriptor of one table's CSV file: size, hash, title, dialect and Table Schema."""
    schema = TABLES[name]
    descriptor: dict[str, Any] = {
        "name": name,
        "type": "table",
        "path": f"{name}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        # The IANA name; the BOM is allowed in UTF-8 and readers (frictionless included) strip it.
        "encoding": "utf-8",
        "bytes": len(csv_data),
        "hash": "sha256:" + sha256(csv_data),
    }
    if schema.title:
        descriptor["title"] = schema.title
    if schema.description:
        descriptor["description"] = schema.description
    descriptor["dialect"] = CSV_DIALECT
    descriptor["schema"] = table_schema(name)
    return descriptor


def package_json(resources: list[dict[str, Any]], raw: Path, files: dict[str, bytes]) -> bytes:
    """datapackage.json bytes: stable key order, no timestamps, the raw text named by its hash, and
    the sha256 of every file of the folder (``integrity``), which ``load`` checks."""
    package = {
        "name": "xnplan-xianning-civil-affairs-14th-fyp",
        "title": f"{PLAN_TITLE} 整理数据表",
        "description": (
            "Tidy tables parsed from the Xianning civil-affairs 14th Five-Year Plan (draft for "
            f"comments, {PLAN_ISSUER}, {PLAN_PUBLISHED_ON}) by xnplan. Each table is also written as Parquet "
            f"and as a sheet of {WORKBOOK_NAME}. CSV files are UTF-8 with a byte-order mark."
        ),
        **package_metadata(raw.name, sha256(raw.read_bytes())),
        "resources": resources,
        "integrity": {
            "algorithm": "sha256",
            "files": {name: sha256(data) for name, data in sorted(files.items())},
        },
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def package_metadata(raw_name: str, raw_sha256: str) -> dict[str, Any]:
    """The Data Package's descriptive fields (Frictionless Data Package v1).

    ``version`` is xnplan's own: the same code and the same plan text give byte-identical tables, so
    the package version names the tables too (the raw text's sha256 in ``sources`` names the input).
    The one source is the published plan, by its address, 索引号 and date, with the file it was read
    from and that file's sha256.
    """
    plan = (
        f"{PLAN_TITLE}, {PLAN_ISSUER}, {PLAN_PUBLISHED_ON}, 索引号 {PLAN_INDEX_NUMBER}; "
        f"file {raw_name}, sha256 {raw_sha256}"
    )
    return {
        "version": version("xnplan"),
        "licenses": [DATA_LICENSE],
        "sources": [{"title": plan, "path": PLAN_URL}],
        "contributors": CONTRIBUTORS,
    }
