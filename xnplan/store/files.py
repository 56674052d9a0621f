"""Writing ``data/processed/`` atomically and reading it back.

``build`` parses the plan and writes every table of the Plan as CSV, Parquet, one sheet of
plan.xlsx, and a resource of datapackage.json. Everything goes into a temporary sibling directory
that is read back and checked before it replaces the old output, so a failed or interrupted build
leaves the previous tables exactly as they were. Build holds the folder's lock (xnplan.lock) so it
never replaces the tables under a running report batch.

The swap itself is two renames (old folder aside, new folder in). A process killed between them
leaves no folder at all but both complete copies beside it; the next ``build`` or ``load`` puts the
new one in place (or, if it does not verify, the old one).

datapackage.json records the sha256 of every file written; ``load`` checks the Parquet files it reads
against it, so a damaged or hand-edited table is an error, never silently wrong values.

The CSV files and plan.xlsx are written by :mod:`xnplan.spreadsheet`, the one writer of files
people open in a spreadsheet: CSV in UTF-8 with a byte-order mark and CRLF, a text cell that a
spreadsheet would run as a formula behind a leading apostrophe; plan.xlsx with numbers as numbers,
such text as string cells, and a 说明 sheet. Parquet keeps every value exactly. docs/build.md says
how to read the raw value back. The same tables always give the same bytes (no timestamps, fixed
float format, rows in document order), so the committed ``data/processed/`` can be compared with a
fresh build.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.errors
import pyarrow
import pyarrow.parquet as pq

from xnplan.atomicfile import replace_folder
from xnplan.errors import XnplanError
from xnplan.lock import hold
from xnplan.parse.source import PLAN_TITLE
from xnplan.paths import DEFAULT_PROCESSED, DEFAULT_RAW_TEXT, INSTALLED
from xnplan.plan import Plan
from xnplan.schema import TABLES
from xnplan.spreadsheet import Column, Sheet, csv_bytes, workbook_bytes
from xnplan.store.assemble import parse_plan
from xnplan.store.datapackage import LIST_DELIMITER, table_schema

XLSX_NAME = "plan.xlsx"
PACKAGE_NAME = "datapackage.json"
HINT = "请运行 `xnplan build` 重新生成（run `xnplan build` to recreate it）"


# --- build ---------------------------------------------------------------------------------------


def build(raw: Path | str = DEFAULT_RAW_TEXT, out: Path | str = DEFAULT_PROCESSED) -> Path:
    """Parse ``raw`` and replace ``out`` with its tables; returns ``out``.

    Raises PlanParseError (bad text) or XnplanError (unusable ``out``); in both cases, and on
    KeyboardInterrupt, ``out`` is left as it was and no temporary directory remains.
    """
    raw, out = Path(raw), Path(out)
    plan = parse_plan(raw)
    try:
        with hold(out, exclusive=True):
            recover(out)
            _check_target(out)
            with _staging(out) as tmp:
                write(plan, tmp, raw=raw)
                _verify(plan, tmp)
    except OSError as exc:  # read-only folder, full disk …: the previous output is still in place
        where = exc.filename or out
        why = exc.strerror or exc
        raise XnplanError(
            f"无法写入 {where}：{why}；{out} 保持原样（cannot write {where}: {why}; {out} is left as it was）"
        ) from exc
    return out


def write(plan: Plan, folder: Path, *, raw: Path) -> None:
    """Write every table of ``plan`` into the existing directory ``folder``."""
    resources = []
    files: dict[str, bytes] = {}
    for name, table in plan.tables().items():
        csv_data = table_to_csv(table)
        files[f"{name}.csv"] = csv_data
        buffer = io.BytesIO()
        write_parquet(table, buffer)
        files[f"{name}.parquet"] = buffer.getvalue()
        resources.append(_resource(name, csv_data))
    files[XLSX_NAME] = _xlsx_bytes(plan, raw)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / PACKAGE_NAME).write_bytes(package_json(resources, raw, files))


def table_to_csv(table: pd.DataFrame) -> bytes:
    """The table in the one CSV form (:func:`xnplan.spreadsheet.csv_bytes`), a list column as its
    items joined by :data:`LIST_DELIMITER` (an empty list: an empty cell)."""
    return csv_bytes(_lists_joined(table))


def _is_list(dtype: Any) -> bool:
    return isinstance(dtype, pd.ArrowDtype) and pyarrow.types.is_list(dtype.pyarrow_dtype)


def _lists_joined(table: pd.DataFrame) -> pd.DataFrame:
    """A copy with every list column as text (CSV and xlsx cells hold no lists)."""
    lists = [c for c in table.columns if _is_list(table[c].dtype)]
    return table.assign(**{c: [LIST_DELIMITER.join(map(str, items)) for items in table[c]] for c in lists})


def _resource(name: str, csv_data: bytes) -> dict[str, Any]:
    schema = TABLES[name]
    resource: dict[str, Any] = {
        "name": name,
        "type": "table",
        "path": f"{name}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        # The IANA name; the BOM is allowed in UTF-8 and readers (frictionless included) strip it.
        "encoding": "utf-8",
        "bytes": len(csv_data),
        "hash": "sha256:" + hashlib.sha256(csv_data).hexdigest(),
    }
    if schema.title:
        resource["title"] = schema.title
    if schema.description:
        resource["description"] = schema.description
    resource["schema"] = table_schema(name)
    return resource


def package_json(resources: list[dict[str, Any]], raw: Path, files: dict[str, bytes]) -> bytes:
    """datapackage.json bytes: stable key order, no timestamps, the raw text named by its hash, and
    the sha256 of every file of the folder (``integrity``), which ``load`` checks."""
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    package = {
        "name": "xnplan-xianning-civil-affairs-14th-fyp",
        "title": f"{PLAN_TITLE}(征求意见稿) 整理数据表",
        "description": (
            "Tidy tables parsed from the Xianning civil-affairs 14th Five-Year Plan (draft for "
            "comments, 咸宁市民政局, 2022-07-04) by xnplan. Each table is also written as Parquet "
            f"and as a sheet of {XLSX_NAME}. CSV files are UTF-8 with a byte-order mark."
        ),
        "sources": [
            {
                "title": f"{PLAN_TITLE}(征求意见稿), 咸宁市民政局; file {raw.name}, sha256 {digest}",
                "path": raw.name,
            }
        ],
        "resources": resources,
        "integrity": {
            "algorithm": "sha256",
            "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        },
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- plan.xlsx -----------------------------------------------------------------------------------


def _xlsx_bytes(plan: Plan, raw: Path) -> bytes:
    """One sheet per table, named after it, under the schema's Chinese labels; then 说明, which names
    each table and describes each column (:func:`xnplan.spreadsheet.workbook_bytes`)."""
    sheets = [_table_sheet(name, table) for name, table in plan.tables().items()]
    return workbook_bytes(
        sheets,
        title=f"{PLAN_TITLE}(征求意见稿) 整理数据表",
        notes=(f"来源：{PLAN_TITLE}(征求意见稿)，咸宁市民政局，2022-07-04；{raw.name}",),
    )


def _table_sheet(name: str, table: pd.DataFrame) -> Sheet:
    """The table as a sheet: the first column (its key) kept in view, lists joined as in the CSV."""
    schema = TABLES[name]
    columns = {
        col: Column(spec.title or col, description=spec.description or "")
        for col, spec in schema.columns.items()
    }
    return Sheet(
        name,
        _lists_joined(table),
        columns,
        title=schema.title or name,
        notes=(schema.description,) if schema.description else (),
        frozen_columns=1,
    )


# --- atomic replacement --------------------------------------------------------------------------


def _check_target(out: Path) -> None:
    """Refuse to replace anything that is not an earlier build output (never wipe a user's folder)."""
    if out.exists() and not out.is_dir():
        raise XnplanError(f"{out}: exists and is not a directory; choose another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / PACKAGE_NAME).exists():
        raise XnplanError(
            f"{out}: holds files but no {PACKAGE_NAME}, so it is not an earlier `xnplan build` "
            "output; refusing to replace it. Choose a new or empty directory for --out"
        )


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A fresh sibling directory of ``out``; swapped into place if the block succeeds, else removed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out)
    tmp = out.parent / f".{out.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()  # os.mkdir honours the umask, unlike tempfile.mkdtemp's 0700
    try:
        yield tmp
        _swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap(new: Path, out: Path) -> None:
    """Rename ``out`` aside, ``new`` into place, then delete the old one; restore it on failure.
    The aside copy is named so that :func:`recover` finds it if the process dies in between."""
    replace_folder(new, out, aside=out.parent / f".{out.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def _leftovers(out: Path) -> Iterator[tuple[str, Path]]:
    """(kind, folder) of the staging and set-aside copies of ``out`` whose build process is gone."""
    for leftover in out.parent.glob(f".{out.name}.*-*-*"):
        kind, _, rest = leftover.name[len(out.name) + 2 :].partition("-")
        pid = rest.partition("-")[0]
        if kind in ("building", "old") and pid.isdigit() and not _pid_alive(int(pid)):
            yield kind, leftover


def _remove_stale(out: Path) -> None:
    """Delete leftovers of builds whose process no longer runs (killed with SIGKILL, power cut)."""
    for _, leftover in _leftovers(out):
        shutil.rmtree(leftover, ignore_errors=True)


def recover(out: Path) -> bool:
    """Put a complete copy back at ``out`` if a build was killed between the two renames of its swap.

    The staged copy was verified before the swap began, so it is preferred when its files still
    match their recorded hashes; otherwise the copy that was set aside. True if one was restored.
    """
    if out.exists():
        return False
    found = sorted(_leftovers(out), key=lambda item: (item[0] != "building", -item[1].stat().st_mtime))
    for _, candidate in found:
        if (candidate / PACKAGE_NAME).is_file() and not _damaged(candidate):
            try:
                candidate.rename(out)
            except OSError:  # another process recovered first
                return out.exists()
            return True
    return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _verify(plan: Plan, folder: Path) -> None:
    """Read the written tables back before they replace the old ones."""
    loaded = load(folder)
    for name, table in plan.tables().items():
        if not table.equals(getattr(loaded, name)):
            raise XnplanError(f"internal error: {name} does not read back equal from {folder}")


# --- load ----------------------------------------------------------------------------------------


def write_parquet(table: pd.DataFrame, path: Path | io.BytesIO) -> None:
    """The table as Parquet, a list column as list<int64>.

    The pandas metadata names a list column's dtype ``object``: pandas cannot rebuild the Arrow list
    dtype from its own name, so without this ``pandas.read_parquet`` would fail on the file. With it
    plain pandas reads the lists as arrays and :func:`read_parquet` as lists."""
    arrow = pyarrow.Table.from_pandas(table, preserve_index=False)
    meta = json.loads(arrow.schema.metadata[b"pandas"])
    for column in meta["columns"]:
        if column["name"] in table.columns and _is_list(table[column["name"]].dtype):
            column["numpy_type"] = "object"
    pq.write_table(
        arrow.replace_schema_metadata({**arrow.schema.metadata, b"pandas": json.dumps(meta).encode()}), path
    )


def read_parquet(path: Path | io.BytesIO) -> pd.DataFrame:
    """One Parquet table as written by :func:`write`; a list column comes back as lists.

    ``pandas.read_parquet`` gives a list column as arrays (see :func:`write_parquet`), so the Arrow
    list type is mapped explicitly (the other columns keep their pandas dtypes). Parquet names the
    items ``element``; they are renamed ``item`` as pandas makes them, so the dtype reads alike."""

    def list_dtype(kind: pyarrow.DataType) -> pd.ArrowDtype | None:
        return pd.ArrowDtype(pyarrow.list_(kind.value_type)) if pyarrow.types.is_list(kind) else None

    return pq.read_table(path).to_pandas(types_mapper=list_dtype)


def _recorded_hashes(folder: Path) -> dict[str, str]:
    """The sha256 of each file as datapackage.json records it; XnplanError if there is no record."""
    path = folder / PACKAGE_NAME
    try:
        files = json.loads(path.read_bytes())["integrity"]["files"]
    except FileNotFoundError:
        raise XnplanError(f"{path}：缺失；{HINT}（{path}: missing）") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise XnplanError(f"{path}：无法读取文件校验值（{type(exc).__name__}: {exc}）；{HINT}") from exc
    if not isinstance(files, dict):
        raise XnplanError(f"{path}：文件校验值格式不对；{HINT}")
    return files


def _damaged(folder: Path) -> list[str]:
    """Files of ``folder`` missing or differing from their recorded sha256 (all of them if no record)."""
    try:
        recorded = _recorded_hashes(folder)
    except XnplanError:
        return [PACKAGE_NAME]
    damaged = []
    for name, digest in recorded.items():
        try:
            if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
                damaged.append(name)
        except OSError:
            damaged.append(name)
    return damaged


def _read_verified(path: Path, recorded: dict[str, str]) -> bytes:
    """The bytes of ``path`` if they match the sha256 recorded for it, else a clear XnplanError."""
    if path.name not in recorded:
        raise XnplanError(f"{path}：{PACKAGE_NAME} 中没有它的校验值；{HINT}（{path}: no sha256 recorded）")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != recorded[path.name]:
        raise XnplanError(
            f"{path} 已损坏或被改动：内容与 {PACKAGE_NAME} 记录的 sha256 不符；{HINT}"
            f"（{path}: content does not match the sha256 recorded in {PACKAGE_NAME}: damaged or edited）"
        )
    return data


def _first_use_build(folder: Path) -> None:
    """An installed package without a checkout: build its tables once, from the plan text it carries."""
    print(
        f"首次使用：正在由规划文本生成数据表（只需一次）：{folder}"
        f"（first use: building the tables into {folder}）",
        file=sys.stderr,
    )
    build(DEFAULT_RAW_TEXT, folder)


def load(folder: Path | str = DEFAULT_PROCESSED) -> Plan:
    """The Plan from the Parquet files of ``folder``, checked against the sha256 recorded in
    datapackage.json and validated against the schemas. An installed package without a checkout
    builds its default folder (in the user's cache) on first use."""
    folder = Path(folder)
    recover(folder)
    if INSTALLED and folder == DEFAULT_PROCESSED and not (folder / PACKAGE_NAME).exists():
        _first_use_build(folder)
    if not folder.is_dir():
        raise XnplanError(f"{folder}：这里没有处理后的数据表；{HINT}（{folder}: no processed tables here）")
    recorded = _recorded_hashes(folder)
    tables = {}
    for name in Plan.table_names():
        path = folder / f"{name}.parquet"
        if not path.exists():
            raise XnplanError(f"{path}：缺失；{HINT}（{path}: missing）")
        try:
            tables[name] = read_parquet(io.BytesIO(_read_verified(path, recorded)))
        except (OSError, ValueError, pyarrow.ArrowException) as exc:
            raise XnplanError(
                f"{path}：无法读取（{type(exc).__name__}: {exc}）；{HINT}（{path}: cannot be read）"
            ) from exc
    try:
        return Plan.validated(**tables)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
        raise XnplanError(
            f"{folder}：数据表与当前 schema 不符（{exc}）；{HINT}（tables do not match the current schemas）"
        ) from exc
