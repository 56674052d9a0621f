"""reports/data/ as readers open it (runner.index.reader_files, publish_data): Chinese headers and
status words in the CSVs, machine names kept in a data package that still validates against them."""

from __future__ import annotations

import csv
import io
import json

import frictionless

from xnplan.paths import ROOT
from xnplan.runner import index

PACKAGE = {
    "name": "t",
    "resources": [
        {
            "name": "checks",
            "path": "checks.csv",
            "type": "table",
            "format": "csv",
            "encoding": "utf-8",
            "dialect": {"lineTerminator": "\r\n", "header": True},
            "schema": {
                "fields": [
                    {"name": "check_id", "type": "string", "title": "核对编号"},
                    {
                        "name": "status",
                        "type": "string",
                        "title": "状态",
                        "constraints": {"enum": ["ok", "mismatch", "ambiguous"]},
                    },
                    {"name": "printed", "type": "number", "title": "印刷值"},
                    {"name": "line", "type": "integer", "title": "原文行号"},
                ],
                "primaryKey": ["check_id"],
                "foreignKeys": [{"fields": "line", "reference": {"resource": "lines", "fields": "line_no"}}],
            },
        },
        {
            "name": "lines",
            "path": "lines.csv",
            "schema": {
                "fields": [{"name": "line_no", "type": "integer", "title": "行号"}],
                "primaryKey": "line_no",
            },
        },
    ],
}
CHECKS = '\ufeffcheck_id,status,printed,line\r\nC1,ok,884933.66,12\r\nC2,mismatch,"1,628",15\r\n'.encode()
LINES = "\ufeffline_no\r\n12\r\n15\r\n".encode()


def published() -> dict[str, bytes]:
    return index.reader_files(
        {
            "checks.csv": CHECKS,
            "lines.csv": LINES,
            "datapackage.json": json.dumps(PACKAGE).encode(),
            "plan.xlsx": b"x",
        }
    )


def test_csv_headers_are_the_chinese_titles_and_statuses_chinese_words():
    text = published()["checks.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    # every other cell as it was: 884933.66 and the quoted "1,628" unchanged
    assert rows == [
        ["核对编号", "状态", "印刷值", "原文行号"],
        ["C1", "一致", "884933.66", "12"],
        ["C2", "不一致", "1,628", "15"],
    ]
    assert text.endswith("\r\n") and published()["checks.csv"].startswith(b"\xef\xbb\xbf")  # BOM kept
    assert published()["plan.xlsx"] == b"x"


def test_the_package_names_fields_by_their_headers_and_keeps_the_machine_names():
    files = published()
    package = json.loads(files["datapackage.json"])
    checks, lines = package["resources"]
    assert [(f["name"], f[index.MACHINE_NAME]) for f in checks["schema"]["fields"]] == [
        ("核对编号", "check_id"),
        ("状态", "status"),
        ("印刷值", "printed"),
        ("原文行号", "line"),
    ]
    assert checks["schema"]["fields"][1]["constraints"]["enum"] == ["一致", "不一致", "存疑"]
    assert checks["schema"]["primaryKey"] == ["核对编号"] and lines["schema"]["primaryKey"] == "行号"
    assert checks["schema"]["foreignKeys"] == [
        {"fields": ["原文行号"], "reference": {"resource": "lines", "fields": ["行号"]}}
    ]
    assert checks["bytes"] == len(files["checks.csv"])


def test_a_package_that_describes_no_csv_is_published_as_it_is():
    files = {"datapackage.json": b'{"resources": []}', "a.csv": b"x\r\n1\r\n"}
    assert index.reader_files(files) == files


def test_the_published_package_of_the_real_tables_validates(tmp_path):
    written = index.publish_data(ROOT / "data" / "processed", tmp_path)
    assert "datapackage.json" in written
    report = frictionless.Package(str(tmp_path / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    findings = (tmp_path / "data" / "findings.csv").read_text(encoding="utf-8-sig").splitlines()
    assert findings[0].startswith("发现编号,发现类别,状态,")
    statuses = {row[2] for row in csv.reader(findings[1:])}
    assert statuses <= {"一致", "不一致", "存疑"} and "不一致" in statuses


def test_a_package_that_is_not_json_leaves_every_file_as_it_is():
    files = {"datapackage.json": "datapackage.json 的内容".encode(), "projects.csv": b"x"}
    assert index.reader_files(files) == files
    assert index.reader_files({"projects.csv": b"x"}) == {"projects.csv": b"x"}
