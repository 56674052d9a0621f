"""xnplan.store.files: what `build` writes, that it replaces data/processed/ atomically, and `load`."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import Package
from openpyxl import load_workbook

from xnplan import Plan, PlanParseError, XnplanError, parse_plan
from xnplan.paths import DEFAULT_RAW_TEXT
from xnplan.schema import TABLES, chinese_labels
from xnplan.store import files as store


@pytest.fixture(scope="module")
def plan() -> Plan:
    return parse_plan(DEFAULT_RAW_TEXT)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return store.build(DEFAULT_RAW_TEXT, tmp_path_factory.mktemp("build") / "processed")


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


# --- what is written -----------------------------------------------------------------------------

def test_build_writes_every_table_in_every_format(built) -> None:
    expected = {f"{name}.{ext}" for name in Plan.table_names() for ext in ("csv", "parquet")}
    assert {p.name for p in built.iterdir()} == expected | {"plan.xlsx", "datapackage.json"}
    assert _siblings(built) == []  # no temporary or old directory left next to it


def test_load_gives_back_the_parsed_plan(built, plan) -> None:
    loaded = store.load(built)
    for name, table in plan.tables().items():
        pd.testing.assert_frame_equal(getattr(loaded, name), table, obj=name)


def test_datapackage_validates_with_frictionless(built) -> None:
    report = Package(str(built / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "type", "note", "rowNumber", "fieldName"])


def test_datapackage_fields_come_from_the_schemas(built) -> None:
    package = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
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


def test_csv_is_excel_friendly_and_reads_back(built, plan) -> None:
    for name, table in plan.tables().items():
        data = (built / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel shows Chinese text"
        assert data.count(b"\r\n") >= len(table) + 1
        # No binary noise from sums (884933.6599999999) in any number.
        assert not re.search(rb"\d\.\d*(0{6,}|9{6,})\d", data), name
        back = pd.read_csv(built / f"{name}.csv", encoding="utf-8-sig", keep_default_na=False,
                           na_values=[""], dtype=str)
        assert list(back.columns) == list(table.columns)
        assert len(back) == len(table)
        for column in table.columns:
            if pd.api.types.is_float_dtype(table[column]):
                expected = table[column].to_numpy()
                got = pd.to_numeric(back[column]).to_numpy()
                assert got == pytest.approx(expected, rel=1e-14, nan_ok=True), (name, column)


def test_xlsx_has_a_sheet_per_table_with_chinese_labels(built, plan) -> None:
    workbook = load_workbook(built / "plan.xlsx", read_only=False)
    assert workbook.sheetnames == ["目录", *Plan.table_names()]
    for name, table in plan.tables().items():
        sheet = workbook[name]
        header = [c.value for c in sheet[1]]
        assert header == list(chinese_labels(name).values())
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == len(table) + 1
        assert all(sheet.column_dimensions[c].width >= 8 for c in "AB")
    sheet = pd.read_excel(built / "plan.xlsx", sheet_name="projects")
    assert sheet["估算总投资(万元)"].sum() == pytest.approx(plan.projects["investment_wan"].sum())


def test_same_input_gives_the_same_bytes(built, tmp_path) -> None:
    again = store.build(DEFAULT_RAW_TEXT, tmp_path / "again")
    # CSV and datapackage.json must be identical; Parquet and plan.xlsx happen to be as well
    # within one environment (fixed zip timestamps), which keeps git quiet after a rebuild.
    assert _snapshot(again) == _snapshot(built)


# --- atomic replacement --------------------------------------------------------------------------

@pytest.fixture
def previous(tmp_path, built) -> Path:
    """A copy of an earlier build output in a fresh directory."""
    out = tmp_path / "processed"
    out.mkdir()
    for p in built.iterdir():
        (out / p.name).write_bytes(p.read_bytes())
    return out


def test_parse_error_leaves_previous_output_untouched(previous, tmp_path) -> None:
    before = _snapshot(previous)
    bad = tmp_path / "bad.txt"
    bad.write_text("咸宁市民政事业“十四五”规划\n\n附件1\n", encoding="utf-8")
    with pytest.raises(PlanParseError):
        store.build(bad, previous)
    assert _snapshot(previous) == before
    assert _siblings(previous) == ["bad.txt"]


@pytest.mark.parametrize("step", ["_xlsx_bytes", "_verify", "_swap"])
def test_interrupt_leaves_previous_output_untouched(previous, monkeypatch, step) -> None:
    before = _snapshot(previous)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, step, interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.build(DEFAULT_RAW_TEXT, previous)
    assert _snapshot(previous) == before
    assert _siblings(previous) == []


def test_failed_rename_restores_previous_output(previous, monkeypatch) -> None:
    before = _snapshot(previous)
    real_rename = Path.rename

    def rename(self, target):
        if self.name.startswith(".processed.building-"):
            raise OSError("disk full")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="disk full"):
        store.build(DEFAULT_RAW_TEXT, previous)
    assert _snapshot(previous) == before
    assert _siblings(previous) == []


def test_rebuild_replaces_previous_output(previous) -> None:
    (previous / "stale_table.csv").write_text("x\n", encoding="utf-8")
    store.build(DEFAULT_RAW_TEXT, previous)
    assert not (previous / "stale_table.csv").exists()
    assert _siblings(previous) == []


def test_refuses_to_replace_a_folder_that_is_not_a_build(tmp_path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(XnplanError, match="not an earlier `xnplan build` output"):
        store.build(DEFAULT_RAW_TEXT, out)
    assert (out / "thesis.docx").read_bytes() == b"precious"


def test_refuses_a_file_as_output(tmp_path) -> None:
    out = tmp_path / "processed"
    out.write_text("a file", encoding="utf-8")
    with pytest.raises(XnplanError, match="not a directory"):
        store.build(DEFAULT_RAW_TEXT, out)


def test_creates_missing_parents(tmp_path) -> None:
    out = store.build(DEFAULT_RAW_TEXT, tmp_path / "a" / "b" / "processed")
    assert (out / "datapackage.json").exists()


def test_leftovers_of_killed_builds_are_removed(tmp_path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    out = tmp_path / "processed"
    (tmp_path / f".processed.building-{dead}-0123abcd").mkdir()
    (tmp_path / f".processed.old-{dead}-0123abcd").mkdir()
    store.build(DEFAULT_RAW_TEXT, out)
    assert _siblings(out) == []


# --- load ----------------------------------------------------------------------------------------

def test_load_missing_directory_says_to_build(tmp_path) -> None:
    with pytest.raises(XnplanError, match="run `xnplan build`"):
        store.load(tmp_path / "nowhere")


def test_load_missing_table_says_to_build(previous) -> None:
    (previous / "projects.parquet").unlink()
    with pytest.raises(XnplanError, match=r"projects\.parquet: missing; run `xnplan build`"):
        store.load(previous)


def test_load_corrupt_parquet_says_to_build(previous) -> None:
    (previous / "reconciliation.parquet").write_bytes(b"PAR1 not really parquet")
    with pytest.raises(XnplanError, match=r"reconciliation\.parquet: cannot be read.*xnplan build"):
        store.load(previous)


def test_load_outdated_table_says_to_build(previous, plan) -> None:
    plan.indicators_14th.drop(columns=["attribute"]).to_parquet(previous / "indicators_14th.parquet")
    with pytest.raises(XnplanError, match="do not match the current schemas.*xnplan build"):
        store.load(previous)


def test_evidence_lines_round_trip_as_a_list(built, plan) -> None:
    # 专栏12's coverage check (line 755) cites line 751 and the county cemetery and columbarium lines;
    # 专栏9's 市社会福利中心改造项目 has no project line, so no evidence.
    coverage, none = "narr-library-755-county-coverage", "narr-library-box9-city-welfare-centre"
    lines = [751, 3275, 3285, 3295, 3305, 3315, 3537]
    parsed = plan.reconciliation.set_index("check_id")["evidence_lines"]
    assert (parsed[coverage], parsed[none]) == (lines, [])
    loaded = store.load(built).reconciliation.set_index("check_id")["evidence_lines"]
    assert (loaded[coverage], loaded[none]) == (lines, [])
    assert str(pq.read_schema(built / "reconciliation.parquet").field("evidence_lines").type) == (
        "list<element: int64>")
    # Plain pandas reads the file too, the lists as arrays.
    plain = pd.read_parquet(built / "reconciliation.parquet").set_index("check_id")["evidence_lines"]
    assert plain[coverage].tolist() == lines
    csv_cells = pd.read_csv(built / "reconciliation.csv", encoding="utf-8-sig", keep_default_na=False,
                            dtype=str).set_index("check_id")["evidence_lines"]
    assert (csv_cells[coverage], csv_cells[none]) == ("751,3275,3285,3295,3305,3315,3537", "")
    sheet = pd.read_excel(built / "plan.xlsx", sheet_name="reconciliation", dtype=str).set_index("核对编号")
    assert sheet.loc[coverage, "相关行号"] == "751,3275,3285,3295,3305,3315,3537"
    # Frictionless reads the CSV cell back as a list of integers (an empty cell: missing, no lines).
    rows = {row["check_id"]: row["evidence_lines"]
            for row in Package(str(built / "datapackage.json")).get_resource("reconciliation").read_rows()}
    assert (rows[coverage], rows[none]) == (lines, None)
