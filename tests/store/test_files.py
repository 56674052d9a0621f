"""xnplan.store.files: what `build` writes, that it replaces data/processed/ atomically, and `load`."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import Package
from openpyxl import load_workbook

from xnplan import Plan, PlanParseError
from xnplan.errors import (
    IntegrityError,
    OutputFolderError,
    OutputWriteError,
    StaleTablesError,
    TablesMissingError,
)
from xnplan.paths import DEFAULT_RAW_TEXT
from xnplan.schema import TABLES, chinese_labels
from xnplan.spreadsheet import FORMULA_START, formula_like
from xnplan.store import files as store
from xnplan.store import swap
from xnplan.store.integrity import damaged


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _siblings(out: Path) -> list[str]:
    """Files beside ``out`` other than it and its lock file (which stays between builds)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name not in (out.name, f".{out.name}.lock"))


# --- what is written -----------------------------------------------------------------------------


def test_build_writes_every_table_in_every_format(built_tables) -> None:
    expected = {f"{name}.{ext}" for name in Plan.table_names() for ext in ("csv", "parquet")}
    assert {p.name for p in built_tables.iterdir()} == expected | {"plan.xlsx", "datapackage.json"}
    assert _siblings(built_tables) == []  # no temporary or old directory left next to it


def test_load_gives_back_the_parsed_plan(built_tables, parsed_plan) -> None:
    loaded = store.load(built_tables)
    for name, table in parsed_plan.tables().items():
        pd.testing.assert_frame_equal(getattr(loaded, name), table, obj=name)


def test_datapackage_validates_with_frictionless(built_tables) -> None:
    report = Package(str(built_tables / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "type", "note", "rowNumber", "fieldName"])


def test_datapackage_fields_come_from_the_schemas(built_tables) -> None:
    package = json.loads((built_tables / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == Plan.table_names()
    for resource in package["resources"]:
        schema = TABLES[resource["name"]]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(schema.columns)
        assert [f["title"] for f in fields] == list(chinese_labels(resource["name"]).values())
        assert resource["schema"].get("primaryKey", []) == schema.metadata["primary_key"]
        assert resource["encoding"] == "utf-8"
    projects = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert projects["investment_wan"]["type"] == "number"
    assert projects["investment_wan"]["constraints"] == {"required": True, "minimum": 0}
    assert projects["county"]["constraints"]["enum"][0] == "咸安区"
    # Sources name the raw text by its hash, so a rebuilt package says which text it came from.
    digest = hashlib.sha256(DEFAULT_RAW_TEXT.read_bytes()).hexdigest()
    assert digest in package["sources"][0]["title"]


def test_csv_is_excel_friendly_and_reads_back(built_tables, parsed_plan) -> None:
    for name, table in parsed_plan.tables().items():
        data = (built_tables / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel shows Chinese text"
        assert data.count(b"\r\n") >= len(table) + 1
        # No binary noise from sums (884933.6599999999) in any number.
        assert not re.search(rb"\d\.\d*(0{6,}|9{6,})\d", data), name
        back = pd.read_csv(
            built_tables / f"{name}.csv",
            encoding="utf-8-sig",
            keep_default_na=False,
            na_values=[""],
            dtype=str,
        )
        assert list(back.columns) == list(table.columns)
        assert len(back) == len(table)
        for column in table.columns:
            if pd.api.types.is_float_dtype(table[column]):
                expected = table[column].to_numpy()
                got = pd.to_numeric(back[column]).to_numpy()
                assert got == pytest.approx(expected, rel=1e-14, nan_ok=True), (name, column)


def test_xlsx_has_a_sheet_per_table_with_chinese_labels(built_tables, parsed_plan) -> None:
    workbook = load_workbook(built_tables / "plan.xlsx", read_only=False)
    assert workbook.sheetnames == [*Plan.table_names(), "说明"]
    for name, table in parsed_plan.tables().items():
        sheet = workbook[name]
        header = [c.value for c in sheet[1]]
        assert header == list(chinese_labels(name).values())
        assert sheet.freeze_panes == "B2"  # the header row and the key column stay in view
        assert sheet.max_row == len(table) + 1
        assert sheet.oddHeader.center.text == TABLES[name].title
    sheet = pd.read_excel(built_tables / "plan.xlsx", sheet_name="projects")
    assert sheet["估算总投资(万元)"].sum() == pytest.approx(parsed_plan.projects["investment_wan"].sum())
    # Numbers are number cells: P1.1.001 (咸安区61个村级日间照料中心项目) starts at line 993 of the plan
    # text with 序号 1 and prints 3965 万元 at line 999; money in #,##0.00, the line number plain.
    projects = workbook["projects"]
    header = [c.value for c in projects[1]]
    investment = projects.cell(row=2, column=header.index("估算总投资(万元)") + 1)
    line = projects.cell(row=2, column=header.index("原文行号") + 1)
    assert (investment.value, investment.data_type, investment.number_format) == (3965, "n", "#,##0.00")
    assert (line.value, line.data_type, line.number_format) == (993, "n", "0")
    notes = pd.read_excel(built_tables / "plan.xlsx", sheet_name="说明", dtype=str).fillna("")
    about_projects = notes[notes["工作表"] == "projects"]
    assert "共 331 行数据（不含第 1 行列名）" in about_projects["说明"].tolist()
    # The Chinese twin of the column's description (xnplan.schema.DESCRIPTIONS_ZH).
    assert about_projects[about_projects["列名"] == "估算总投资(万元)"]["说明"].tolist() == [
        "印刷的估算总投资（万元）"
    ]


def test_same_input_gives_the_same_bytes(built_tables, tmp_path) -> None:
    again = store.build(DEFAULT_RAW_TEXT, tmp_path / "again")
    # CSV and datapackage.json must be identical; Parquet and plan.xlsx happen to be as well
    # within one environment (fixed zip timestamps), which keeps git quiet after a rebuild.
    assert _snapshot(again) == _snapshot(built_tables)


# --- atomic replacement --------------------------------------------------------------------------


def test_parse_error_leaves_previous_output_untouched(build_copy, tmp_path) -> None:
    before = _snapshot(build_copy)
    bad = tmp_path / "bad.txt"
    bad.write_text("咸宁市民政事业“十四五”规划\n\n附件1\n", encoding="utf-8")
    with pytest.raises(PlanParseError):
        store.build(bad, build_copy)
    assert _snapshot(build_copy) == before
    assert _siblings(build_copy) == ["bad.txt"]


@pytest.mark.parametrize(("module", "step"), [(store, "plan_workbook"), (store, "_verify"), (swap, "_swap")])
def test_interrupt_leaves_previous_output_untouched(build_copy, monkeypatch, module, step) -> None:
    before = _snapshot(build_copy)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(module, step, interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.build(DEFAULT_RAW_TEXT, build_copy)
    assert _snapshot(build_copy) == before
    assert _siblings(build_copy) == []


def test_failed_rename_restores_previous_output(build_copy, monkeypatch) -> None:
    before = _snapshot(build_copy)
    real_rename = Path.rename

    def rename(self, target):
        if self.name.startswith(".processed.building-"):
            raise OSError("disk full")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OutputWriteError, match="disk full.*left as it was"):
        store.build(DEFAULT_RAW_TEXT, build_copy)
    assert _snapshot(build_copy) == before
    assert _siblings(build_copy) == []


def test_rebuild_replaces_previous_output(build_copy) -> None:
    (build_copy / "stale_table.csv").write_text("x\n", encoding="utf-8")
    store.build(DEFAULT_RAW_TEXT, build_copy)
    assert not (build_copy / "stale_table.csv").exists()
    assert _siblings(build_copy) == []


def test_refuses_to_replace_a_folder_that_is_not_a_build(tmp_path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OutputFolderError, match="不是 xnplan build 以前的输出，不会替换它"):
        store.build(DEFAULT_RAW_TEXT, out)
    assert (out / "thesis.docx").read_bytes() == b"precious"


def test_refuses_a_file_as_output(tmp_path) -> None:
    out = tmp_path / "processed"
    out.write_text("a file", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="这是一个文件，不是文件夹"):
        store.build(DEFAULT_RAW_TEXT, out)


def test_creates_missing_parents(tmp_path) -> None:
    out = store.build(DEFAULT_RAW_TEXT, tmp_path / "a" / "b" / "processed")
    assert (out / "datapackage.json").exists()


def test_leftovers_of_killed_builds_are_removed(tmp_path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    out = tmp_path / "processed"
    (tmp_path / f".processed.building-{dead}-0123abcd").mkdir()
    (tmp_path / f".processed.old-{dead}-0123abcd").mkdir()
    store.build(DEFAULT_RAW_TEXT, out)
    assert _siblings(out) == []


# --- load ----------------------------------------------------------------------------------------


def test_load_missing_directory_says_to_build(tmp_path) -> None:
    with pytest.raises(TablesMissingError, match="run `xnplan build`"):
        store.load(tmp_path / "nowhere")


def _record_hash(folder: Path, name: str) -> None:
    """Make datapackage.json vouch for the current bytes of ``name``, as a build that wrote them would."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    package["integrity"]["files"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")


def test_load_missing_table_says_to_build(build_copy) -> None:
    (build_copy / "projects.parquet").unlink()
    with pytest.raises(TablesMissingError, match=r"projects\.parquet：缺失；请运行 `xnplan build`"):
        store.load(build_copy)


def test_load_corrupt_parquet_says_to_build(build_copy) -> None:
    (build_copy / "reconciliation.parquet").write_bytes(b"PAR1 not really parquet")
    _record_hash(build_copy, "reconciliation.parquet")
    with pytest.raises(IntegrityError, match=r"reconciliation\.parquet：无法读取.*xnplan build"):
        store.load(build_copy)


def test_load_outdated_table_says_to_build(build_copy, parsed_plan) -> None:
    parsed_plan.indicators_14th.drop(columns=["attribute"]).to_parquet(build_copy / "indicators_14th.parquet")
    _record_hash(build_copy, "indicators_14th.parquet")
    with pytest.raises(StaleTablesError, match="数据表与当前 schema 不符.*xnplan build"):
        store.load(build_copy)


def test_evidence_lines_round_trip_as_a_list(built_tables, parsed_plan) -> None:
    # 专栏12's coverage check (line 755) cites line 751 and the county cemetery and columbarium lines;
    # 专栏9's 市社会福利中心改造项目 has no project line, so no evidence.
    coverage, none = "narr-library-box12-county-coverage", "narr-library-box9-city-welfare-centre"
    lines = [751, 3275, 3285, 3295, 3305, 3315, 3537]
    parsed = parsed_plan.reconciliation.set_index("check_id")["evidence_lines"]
    assert (parsed[coverage], parsed[none]) == (lines, [])
    loaded = store.load(built_tables).reconciliation.set_index("check_id")["evidence_lines"]
    assert (loaded[coverage], loaded[none]) == (lines, [])
    assert str(pq.read_schema(built_tables / "reconciliation.parquet").field("evidence_lines").type) == (
        "list<element: int64>"
    )
    # Plain pandas reads the file too, the lists as arrays.
    plain = pd.read_parquet(built_tables / "reconciliation.parquet").set_index("check_id")["evidence_lines"]
    assert plain[coverage].tolist() == lines
    csv_cells = pd.read_csv(
        built_tables / "reconciliation.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str
    ).set_index("check_id")["evidence_lines"]
    assert (csv_cells[coverage], csv_cells[none]) == ("751,3275,3285,3295,3305,3315,3537", "")
    sheet = pd.read_excel(built_tables / "plan.xlsx", sheet_name="reconciliation", dtype=str).set_index(
        "核对编号"
    )
    assert sheet.loc[coverage, "相关行号"] == "751,3275,3285,3295,3305,3315,3537"
    # Frictionless reads the CSV cell back as a list of integers (an empty cell: missing, no lines).
    rows = {
        row["check_id"]: row["evidence_lines"]
        for row in Package(str(built_tables / "datapackage.json")).get_resource("reconciliation").read_rows()
    }
    assert (rows[coverage], rows[none]) == (lines, None)


# --- integrity (issue 12, case 11) -----------------------------------------------------------------


def test_datapackage_records_the_sha256_of_every_file(built_tables) -> None:
    recorded = json.loads((built_tables / "datapackage.json").read_text(encoding="utf-8"))["integrity"]
    assert recorded["algorithm"] == "sha256"
    on_disk = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in built_tables.iterdir()
        if p.name != "datapackage.json"
    }
    assert recorded["files"] == on_disk
    assert len(on_disk) == 2 * len(Plan.table_names()) + 1  # CSV and Parquet per table, plan.xlsx


def test_every_flipped_bit_in_projects_parquet_is_refused(build_copy) -> None:
    """The audit flipped 60 single bits of projects.parquet and 20 loaded as wrong values (堰下村 became
    場下村); 60 flips spread over the file must each be refused with the file named and the fix."""
    path = build_copy / "projects.parquet"
    original = path.read_bytes()
    try:
        for position in (len(original) * k // 60 for k in range(60)):
            damaged = bytearray(original)
            damaged[position] ^= 0x01
            path.write_bytes(bytes(damaged))
            with pytest.raises(
                IntegrityError, match=r"projects\.parquet 已损坏或被改动.*请运行 `xnplan build`"
            ):
                store.load(build_copy)
    finally:
        path.write_bytes(original)
    assert len(store.load(build_copy).projects) == 331


def test_load_without_recorded_hashes_says_to_build(build_copy) -> None:
    package = json.loads((build_copy / "datapackage.json").read_text(encoding="utf-8"))
    del package["integrity"]  # a folder written before hashes were recorded
    (build_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(IntegrityError, match="datapackage.json：无法读取文件校验值.*xnplan build"):
        store.load(build_copy)


# --- the swap window (issue 12, case 10) -----------------------------------------------------------

KILLED_IN_SWAP = """import os, signal, sys
from pathlib import Path
from xnplan.store import files

real_rename = Path.rename
def rename(self, target):
    result = real_rename(self, target)
    if ".old-" in Path(target).name:  # the old folder is aside, the new one not yet in place
        os.kill(os.getpid(), signal.SIGKILL)
    return result
Path.rename = rename
files.build(files.DEFAULT_RAW_TEXT, Path(sys.argv[1]))
"""


@pytest.fixture(scope="module")
def killed_in_swap(tmp_path_factory, built_tables) -> tuple[Path, subprocess.CompletedProcess]:
    """A folder where a build over an earlier one was killed between the two renames of its swap,
    and the killed process; made once, each test recovers a copy."""
    folder = tmp_path_factory.mktemp("killed")
    shutil.copytree(built_tables, folder / "processed")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_IN_SWAP, str(folder / "processed")], capture_output=True, text=True
    )
    return folder, killed


@pytest.mark.parametrize("recover_by", ["load", "build"])
def test_kill_between_the_swap_renames_is_recovered(
    killed_in_swap, tmp_path, parsed_plan, recover_by
) -> None:
    folder, killed = killed_in_swap
    shutil.copytree(folder, tmp_path, dirs_exist_ok=True)  # the dead build's folders keep their names
    out = tmp_path / "processed"
    assert killed.returncode == -9, killed.stderr
    assert not out.exists()  # the window the audit found: neither the old nor the new folder in place
    kinds = sorted(p.name.split("-")[0] for p in tmp_path.iterdir())
    assert kinds == [".processed.building", ".processed.lock", ".processed.old"]
    if recover_by == "load":
        assert store.load(out).projects.equals(parsed_plan.projects)
    else:
        store.build(DEFAULT_RAW_TEXT, out)
        assert _siblings(out) == []
    assert out.is_dir() and damaged(out) == []


def test_swap_recovery_falls_back_to_the_set_aside_copy(build_copy, tmp_path) -> None:
    """A staged copy that no longer verifies is not put in place; the previous complete one is."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    out = build_copy  # an earlier build, in tmp_path
    out.rename(tmp_path / f".processed.old-{dead}-0123abcd")
    staged = tmp_path / f".processed.building-{dead}-0123abcd"
    staged.mkdir()
    (staged / "datapackage.json").write_text("{}", encoding="utf-8")
    assert swap.recover(out)
    assert len(store.load(out).projects) == 331


# --- spreadsheet-safe cells (issue 12, case 6) -----------------------------------------------------


def test_formula_like_names_are_guarded_in_csv_and_xlsx_but_exact_in_parquet(parsed_plan, tmp_path) -> None:
    names = ['=HYPERLINK("http://evil","点击")', "=cmd|' /C calc'!A0", "@SUM(1+1)"]
    projects = parsed_plan.projects.copy()
    projects.loc[:2, "name"] = names
    projects.loc[0, "investment_wan"] = -5.0  # numbers stay numbers, negative ones too
    hostile = Plan(**{**parsed_plan.tables(), "projects": projects})
    folder = tmp_path / "hostile"
    folder.mkdir()
    store.write(hostile, folder, raw=DEFAULT_RAW_TEXT)
    csv = pd.read_csv(folder / "projects.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(csv["name"][:3]) == ["'" + n for n in names]
    assert csv["investment_wan"][0] == -5.0
    assert b",-5," in (folder / "projects.csv").read_bytes()
    # In the xlsx the cell holds the raw text as a string cell with Excel's quote prefix.
    sheet = load_workbook(folder / "plan.xlsx")["projects"]
    column = [c.value for c in sheet[1]].index(chinese_labels("projects")["name"]) + 1
    cells = [sheet.cell(row=r, column=column) for r in (2, 3, 4)]
    assert [c.value for c in cells] == names
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    investment = sheet.cell(row=2, column=[c.value for c in sheet[1]].index("估算总投资(万元)") + 1)
    assert (investment.value, investment.data_type) == (-5, "n")
    assert list(pd.read_parquet(folder / "projects.parquet")["name"][:3]) == names


def test_real_plan_has_no_formula_like_cells(parsed_plan) -> None:
    """So the guard leaves every CSV of data/processed as it was: the only text cells starting with
    = + - @ are the lone comparator "=" of the targets (and of the catalogue, which copies it), and
    one character holds no formula."""
    starts = {
        (name, col, value)
        for name, table in parsed_plan.tables().items()
        for col in table.columns
        for value in table[col]
        if isinstance(value, str) and value.startswith(FORMULA_START)
    }
    assert starts == {("targets", "comparator", "="), ("catalogue", "comparator", "=")}
    assert not formula_like("=")


def test_cells_of_tabs_and_semicolons_read_back_by_the_declared_dialect(parsed_plan, tmp_path) -> None:
    # A text starting with a tab is written behind an apostrophe (csv_safe), so the row reads
    # `'\t;1,'\t;床位,…`. A delimiter sniffer takes the apostrophes for quotes: a "quoted" field
    # `'\t;1,'` at the start of a line followed by a tab votes for the tab as the delimiter, and the
    # one-column header no longer matches the schema (missing-label). The declared dialect leaves
    # nothing to guess.
    indicators = parsed_plan.indicators_13th.head(1).copy()  # one row: no other row outvotes it
    indicators.loc[0, ["indicator_id", "name"]] = ["\t;1", "\t;床位"]
    folder = tmp_path / "tabs"
    folder.mkdir()
    store.write(Plan(**{**parsed_plan.tables(), "indicators_13th": indicators}), folder, raw=DEFAULT_RAW_TEXT)
    assert "\r\n'\t;1,'\t;床位,".encode() in (folder / "indicators_13th.csv").read_bytes()
    package = Package(str(folder / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = package.get_resource("indicators_13th").read_rows()
    assert [(row["indicator_id"], row["name"]) for row in rows] == [("'\t;1", "'\t;床位")]
    descriptor = json.loads((folder / "datapackage.json").read_bytes())
    assert {json.dumps(r["dialect"]) for r in descriptor["resources"]} == {
        json.dumps(
            {
                "delimiter": ",",
                "lineTerminator": "\r\n",
                "quoteChar": '"',
                "doubleQuote": True,
                "header": True,
            }
        )
    }
