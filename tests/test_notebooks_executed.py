"""Every committed notebook was run, whole, from the top: nbval compares the outputs a notebook stores,
so a code cell that was never run (no execution count, no outputs) would pass it unchecked.

A code cell that legitimately shows nothing (an import, the parameters) still has its execution count;
the counts run 1, 2, 3 … in the order of the cells, as "Restart Kernel and Run All Cells" leaves them,
so a cell run out of turn, or left over from an earlier run, is caught too. Empty cells are skipped.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from xnplan.paths import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
HOW = (
    "请在 Jupyter 中“重启内核并运行全部单元格”后保存（run it from the top: Restart Kernel and Run All Cells）"
)


def unexecuted_cells(path: Path) -> list[str]:
    """One line per code cell of the notebook at ``path`` that was not run in turn: its number among
    the notebook's cells (from 1), its first line, and what is wrong."""
    notebook = nbformat.read(path, as_version=4)
    problems = []
    expected = 1
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        first = cell.source.strip().splitlines()[0][:40]
        if cell.execution_count is None:
            problems.append(f"第{number}个单元格（{first}）没有运行过：没有执行序号，也没有输出")
        elif cell.execution_count != expected:
            problems.append(
                f"第{number}个单元格（{first}）的执行序号是 {cell.execution_count}，应为 {expected}："
                "没有从头按顺序运行"
            )
        expected += 1
    return problems


def test_the_project_has_notebooks():
    assert {"county_investment.ipynb", "target_gap.ipynb"} <= {path.name for path in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_code_cell_of_a_committed_notebook_was_run_in_turn(path):
    problems = unexecuted_cells(path)
    assert not problems, f"notebooks/{path.name}：\n" + "\n".join(problems) + f"\n{HOW}"


def _notebook(tmp_path: Path, cells: list[tuple[str, int | None, list]]) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# 标题")]
    for source, count, outputs in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.execution_count = count
        cell.outputs = outputs
        notebook.cells.append(cell)
    path = tmp_path / "mine.ipynb"
    nbformat.write(notebook, path)
    return path


def test_a_cell_never_run_is_named_by_its_place(tmp_path):
    printed = [nbformat.v4.new_output("stream", name="stdout", text="5\n")]
    path = _notebook(
        tmp_path,
        [("import math", 1, []), ("print(5)", 2, printed), ("top_n * 2\nmore", None, []), ("", None, [])],
    )
    # the markdown heading is cell 1, so the never-run cell is the 4th; the empty last cell is skipped
    assert unexecuted_cells(path) == ["第4个单元格（top_n * 2）没有运行过：没有执行序号，也没有输出"]


def test_a_cell_run_out_of_turn_is_named(tmp_path):
    path = _notebook(tmp_path, [("a = 1", 1, []), ("b = 2", 5, []), ("c = 3", 3, [])])
    assert unexecuted_cells(path) == ["第3个单元格（b = 2）的执行序号是 5，应为 2：没有从头按顺序运行"]
