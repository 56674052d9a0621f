"""The package layout: data flows one way, parse → check → store → assess → report.

A module may import the shared top-level modules and any stage before its own, never one after it.
The batch runner runs notebooks and needs none of the stages; the CLI is the one place that wires
everything together.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from xnplan.schema import TABLES

PACKAGE = Path(__file__).resolve().parents[1] / "xnplan"
STAGES = ["parse", "check", "store", "assess", "report"]
SHARED = {
    "errors",
    "paths",
    "schema",
    "atomicfile",
    "lock",
    "htmlpage",
    "geo",
    "plan",
    "units",
    "numbers",
    "curated",
    "boundaries",
    "kernels",
    "facts",
    "spreadsheet",
}


def _layer(module: str) -> tuple[str, int]:
    """('shared'|stage|'runner'|'cli', rank) of a dotted module name inside xnplan."""
    parts = module.split(".")
    head = parts[1] if len(parts) > 1 else ""
    if head in STAGES:
        return head, STAGES.index(head) + 1
    if head == "runner":
        return "runner", len(STAGES) + 1
    if head in ("cli", "__main__"):
        return "cli", len(STAGES) + 2
    return "shared", 0


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("xnplan"):
            found.add(node.module)
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if (PACKAGE.parent / node.module.replace(".", "/") / alias.name).is_dir()
                or (PACKAGE.parent / node.module.replace(".", "/") / f"{alias.name}.py").exists()
            )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("xnplan"))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_subpackage_says_its_job() -> None:
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init}: the docstring should say the subpackage's one job"


def test_the_shared_modules_are_the_only_top_level_modules() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__", "cli"}
    assert top <= SHARED, f"top-level modules outside the shared set: {sorted(top - SHARED)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_imports_flow_one_way(path: Path) -> None:
    me = _module_name(path)
    layer, rank = _layer(me)
    if layer == "cli" or me == "xnplan":
        return
    for target in _imports(path):
        their_layer, their_rank = _layer(target)
        if their_layer == "shared" or their_layer == layer:
            continue
        if layer == "shared":
            pytest.fail(f"{me} is shared and must not import the stage module {target}")
        if layer == "runner":
            pytest.fail(f"{me}: the batch runner must not import {target}")
        assert their_rank < rank, f"{me} ({layer}) imports {target} ({their_layer}), against the flow"


def test_the_check_catches_a_backward_import(tmp_path: Path) -> None:
    backward = tmp_path / "x.py"
    backward.write_text("from xnplan.report.plots import fmt_wan\n", encoding="utf-8")
    assert "xnplan.report.plots" in _imports(backward)
    assert _layer("xnplan.report.plots")[1] > _layer("xnplan.parse.projects")[1]


def test_every_table_names_its_producer() -> None:
    # docs/tables.md and docs/architecture.md name these; each must be a function of the package
    for name, schema in TABLES.items():
        module, _, function = schema.metadata["producer"].rpartition(".")
        assert callable(getattr(importlib.import_module(module), function, None)), name
