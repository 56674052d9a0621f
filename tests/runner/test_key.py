"""The key of a report (xnplan.runner.key): what it is made of and what changes it, without a kernel."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

import xnplan
from tests.runner.tiny_project import make_project, report_spec
from xnplan.runner.key import LIBRARY_DIR, KeyMaker, describe_reasons


def test_key_ignores_outputs_and_counts_missing_inputs(tmp_path):
    project = make_project(tmp_path)
    keys = KeyMaker(project.root, project.root / "notebooks")
    spec = report_spec("通山县", "r")
    before = keys.key(spec)
    # An executed copy (outputs, execution counts) has the same cells, hence the same key.
    path = project.root / "notebooks" / "report.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.execution_count = 7
            cell.outputs = [nbformat.v4.new_output("stream", text="anything")]
    nbformat.write(nb, path)
    assert KeyMaker(project.root, project.root / "notebooks").key(spec).key == before.key
    absent = keys.key(report_spec("通山县", "r", data_file="data/raw/later.csv"))
    assert [(f.path, f.sha256) for f in absent.inputs] == [
        ("data/raw/later.csv", None),
        ("data/raw/plan.txt", before.inputs[0].sha256),
    ]
    (project.root / "data" / "raw" / "later.csv").write_text("a\n", encoding="utf-8")
    appeared = KeyMaker(project.root, project.root / "notebooks").key(
        report_spec("通山县", "r", data_file="data/raw/later.csv")
    )
    assert appeared.parts["inputs"] != absent.parts["inputs"]
    # An evaluator's file may live anywhere: absolute paths outside the project are kept absolute.
    elsewhere = tmp_path.parent / f"{tmp_path.name}-observations.csv"
    elsewhere.write_text("b\n", encoding="utf-8")
    outside = keys.key(report_spec("通山县", "r", data_file=str(elsewhere)))
    assert str(elsewhere) in [f.path for f in outside.inputs]
    assert keys.resolve_parameters(report_spec("通山县", "r", data_file=str(elsewhere)))["data_file"] == str(
        elsewhere
    )


def test_the_library_part_of_the_key_covers_every_module(tmp_path) -> None:
    """The key moved to xnplan/runner/ and hashed only the runner's own files: a change to the
    store or a report module left every report 'up to date'. An edit anywhere in a copy of the
    package, in a subpackage that no notebook names, changes the library part of the key."""
    package = Path(xnplan.__file__).parent
    assert package == LIBRARY_DIR
    copy = tmp_path / "xnplan"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))

    def digest() -> str:
        return KeyMaker(tmp_path, tmp_path, library_dir=copy).library()

    before = digest()
    for module in ("store/files.py", "report/present.py", "numbers.py"):
        path = copy / module
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited\n")
        assert digest() != before, module
        path.write_bytes(original)
    assert digest() == before


def test_reasons_in_the_readers_words() -> None:
    # the other reasons first, then the changed parts as one phrase, in the order given
    assert describe_reasons(["first build"]) == "从未生成"
    assert describe_reasons(["parameters changed", "inputs changed"]) == "参数、输入数据有改动"
    assert describe_reasons(["--force"]) == "指定了 --force"
    assert describe_reasons(["library changed", "last attempt failed"]) == "上次运行失败；程序有改动"
    assert describe_reasons(["something new"]) == "something new"  # a reason without words shows as it is
