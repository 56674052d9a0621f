"""The store's entry points: ``build`` replaces ``data/processed/`` atomically, ``write`` writes a
Plan's files into a folder, ``load`` reads the Plan back in the stage form the stages compare
against, ``load_for_analysis`` in the analysis form researchers get from ``xnplan.load()``
(:mod:`xnplan.store.forms`: missing text ``pd.NA``, counties as ordered categoricals, labels in
``attrs``). The Parquet files hold the analysis form, the CSV files plain text.

``build`` parses the plan and writes every table of the Plan as CSV, Parquet, one sheet of
plan.xlsx (:mod:`xnplan.store.sheets`, :mod:`xnplan.store.parquet`), and a resource of
datapackage.json (:mod:`xnplan.store.datapackage`). Everything goes into a temporary sibling
directory that is read back and checked before it replaces the old output
(:mod:`xnplan.store.swap`), so a failed or interrupted build leaves the previous tables exactly as
they were. Build holds the folder's lock (xnplan.lock) so it never replaces the tables under a
running report batch.

datapackage.json records the sha256 of every file written; ``load`` checks the Parquet files it reads
against it (:mod:`xnplan.store.integrity`). Parquet keeps every value exactly; docs/build.md says
how to read the raw value back from the CSV files. The same tables always give the same bytes (no
timestamps, fixed float format, rows in document order), so the committed ``data/processed/`` can
be compared with a fresh build.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandera.errors
import pyarrow

from xnplan.errors import IntegrityError, OutputWriteError, StaleTablesError, TablesMissingError
from xnplan.facts import DATAPACKAGE_NAME, WORKBOOK_NAME
from xnplan.lock import hold
from xnplan.paths import DEFAULT_PROCESSED, DEFAULT_RAW_TEXT, INSTALLED
from xnplan.plan import Plan
from xnplan.store.assemble import parse_plan
from xnplan.store.datapackage import package_json, resource
from xnplan.store.forms import analysis_form, analysis_plan, stage_form
from xnplan.store.integrity import HINT, read_verified, recorded_hashes
from xnplan.store.parquet import parquet_bytes, read_parquet
from xnplan.store.sheets import plan_workbook, table_to_csv
from xnplan.store.swap import check_target, recover, staging


def build(raw: Path | str = DEFAULT_RAW_TEXT, out: Path | str = DEFAULT_PROCESSED) -> Path:
    """Parse ``raw`` and replace ``out`` with its tables; returns ``out``.

    Raises PlanParseError (bad text), OutputFolderError or OutputWriteError (unusable ``out``) or
    LockHeldError (a report batch reads ``out``); in every case, and on
    KeyboardInterrupt, ``out`` is left as it was and no temporary directory remains.
    """
    raw, out = Path(raw), Path(out)
    plan = parse_plan(raw)
    try:
        with hold(out, exclusive=True):
            recover(out)
            check_target(out)
            with staging(out) as tmp:
                write(plan, tmp, raw=raw)
                _verify(plan, tmp)
    except OSError as exc:  # read-only folder, full disk …: the previous output is still in place
        where = exc.filename or out
        why = exc.strerror or exc
        raise OutputWriteError(
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
        files[f"{name}.parquet"] = parquet_bytes(analysis_form(name, table))
        resources.append(resource(name, csv_data))
    files[WORKBOOK_NAME] = plan_workbook(plan, raw)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / DATAPACKAGE_NAME).write_bytes(package_json(resources, raw, files))


def _verify(plan: Plan, folder: Path) -> None:
    """Read the written tables back before they replace the old ones."""
    loaded = load(folder)
    for name, table in plan.tables().items():
        if not table.equals(getattr(loaded, name)):
            raise IntegrityError(f"internal error: {name} does not read back equal from {folder}")


def _first_use_build(folder: Path) -> None:
    """An installed package without a checkout: build its tables once, from the plan text it carries."""
    print(
        f"首次使用：正在由规划文本生成数据表（只需一次）：{folder}"
        f"（first use: building the tables into {folder}）",
        file=sys.stderr,
    )
    build(DEFAULT_RAW_TEXT, folder)


def ensure_built(folder: Path) -> None:
    """Put back a folder a killed build left half-swapped; an installed package without a checkout
    also builds its default folder (in the user's cache) on first use. A checkout never builds by
    itself: its tables are `xnplan build`'s."""
    recover(folder)
    if INSTALLED and folder == DEFAULT_PROCESSED and not (folder / DATAPACKAGE_NAME).exists():
        _first_use_build(folder)


def load_for_analysis(folder: Path | str = DEFAULT_PROCESSED) -> Plan:
    """The Plan of ``folder`` (:func:`load`) in the analysis form: missing text ``pd.NA``, counties
    as ordered categoricals in the plan's order, each table's Chinese labels, units and descriptions
    in ``attrs`` (:mod:`xnplan.store.forms`); ``xnplan.labelled(table)`` renames a table's columns
    to its labels."""
    return analysis_plan(load(folder))


def load(folder: Path | str = DEFAULT_PROCESSED) -> Plan:
    """The Plan from the Parquet files of ``folder`` in the stage form (text never missing but
    ``""``, counties as text), checked against the sha256 recorded in datapackage.json and
    validated against the schemas. An installed package without a checkout builds its default
    folder (in the user's cache) on first use."""
    folder = Path(folder)
    ensure_built(folder)
    if not folder.is_dir():
        raise TablesMissingError(
            f"{folder}：这里没有处理后的数据表；{HINT}（{folder}: no processed tables here）"
        )
    recorded = recorded_hashes(folder)
    tables = {}
    for name in Plan.table_names():
        path = folder / f"{name}.parquet"
        if not path.exists():
            raise TablesMissingError(f"{path}：缺失；{HINT}（{path}: missing）")
        try:
            tables[name] = stage_form(name, read_parquet(io.BytesIO(read_verified(path, recorded))))
        except (OSError, ValueError, pyarrow.ArrowException) as exc:
            raise IntegrityError(
                f"{path}：无法读取（{type(exc).__name__}: {exc}）；{HINT}（{path}: cannot be read）"
            ) from exc
    try:
        return Plan.validated(**tables)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
        raise StaleTablesError(
            f"{folder}：数据表与当前 schema 不符（{exc}）；{HINT}（tables do not match the current schemas）"
        ) from exc
