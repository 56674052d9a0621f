"""The package layout: data flows one way, parse → check → store → assess → report.

A module may import the shared top-level modules and any stage before its own, never one after it.
The batch runner runs notebooks and needs none of the stages; the CLI is the one place that wires
everything together.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import itertools
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
    "clitext",
    "textwidth",
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


def _is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.is_dir() or path.with_suffix(".py").exists()


def _constants(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level names bound to a string, or to a dict, list or tuple of strings: the values each
    may stand for in an ``import_module`` call."""
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            items = value.values if isinstance(value, ast.Dict) else getattr(value, "elts", [value])
            strings = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
            if strings and len(strings) == len(items):
                found.update((t.id, strings) for t in targets if isinstance(t, ast.Name))
    return found


def _values(node: ast.expr | None, me: str, constants: dict[str, list[str]]) -> list[str] | None:
    """Every string ``node`` can evaluate to, or None when this test cannot tell."""
    package = me if (PACKAGE.parent / me.replace(".", "/")).is_dir() else me.rpartition(".")[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name):
        return {"__name__": [me], "__package__": [package]}.get(node.id, constants.get(node.id))
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return constants.get(node.value.id)
    if isinstance(node, ast.FormattedValue):
        return _values(node.value, me, constants)
    if isinstance(node, ast.JoinedStr):
        parts = [_values(part, me, constants) for part in node.values]
        if any(p is None for p in parts):
            return None
        return ["".join(combination) for combination in itertools.product(*parts)]
    return None


def _import_call(node: ast.AST) -> ast.Call | None:
    """``node`` when it is ``importlib.import_module(…)``, ``import_module(…)`` or ``__import__(…)``."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return node if name in ("import_module", "__import__") else None


def _dynamic_imports(tree: ast.Module, me: str) -> tuple[set[str], list[int]]:
    """The xnplan modules the ``import_module`` calls of ``tree`` can reach, and the lines of the
    calls whose module this test cannot tell."""
    constants = _constants(tree)
    found: set[str] = set()
    unreadable: list[int] = []
    for call in filter(None, map(_import_call, ast.walk(tree))):
        package = call.args[1] if len(call.args) > 1 else None
        package = next((k.value for k in call.keywords if k.arg == "package"), package)
        names = _values(call.args[0] if call.args else None, me, constants)
        anchors = _values(package, me, constants) if package is not None else [None]
        if names is None or anchors is None:
            unreadable.append(call.lineno)
            continue
        for name, anchor in itertools.product(names, anchors):
            target = importlib.util.resolve_name(name, anchor) if name.startswith(".") else name
            if target.startswith("xnplan"):
                found.add(target)
    return found, unreadable


def _static_imports(tree: ast.Module, me: str) -> set[str]:
    """What the import statements of ``tree`` name: ``from P import m`` names the module P.m when m
    is a module (running P's __init__ is how Python gets there, not a use of P), else P."""
    package = me if (PACKAGE.parent / me.replace(".", "/")).is_dir() else me.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = importlib.util.resolve_name("." * node.level + (node.module or ""), package or None)
            if not module.startswith("xnplan"):
                continue
            submodules = {f"{module}.{a.name}" for a in node.names if _is_module(f"{module}.{a.name}")}
            found |= submodules
            if len(submodules) < len(node.names):
                found.add(module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("xnplan"))
    return found


def _imports(path: Path, me: str | None = None) -> set[str]:
    """Every xnplan module that the module at ``path`` (named ``me``) imports, however it does."""
    me = me or _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    dynamic, unreadable = _dynamic_imports(tree, me)
    assert not unreadable, f"{me}, lines {unreadable}: import_module with a name this test cannot read"
    return _static_imports(tree, me) | dynamic


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
    assert "xnplan.report.plots" in _imports(backward, "xnplan.parse.x")
    assert _layer("xnplan.report.plots")[1] > _layer("xnplan.parse.projects")[1]


def test_the_check_reads_relative_and_importlib_imports(tmp_path: Path) -> None:
    module = tmp_path / "x.py"
    module.write_text(
        "import importlib\n"
        "from importlib import import_module\n"
        "from .outline import parse_outline\n"
        "from .. import report\n"
        'LAZY = {"a": "store.files", "b": "geo"}\n'
        "def later(name):\n"
        '    importlib.import_module("xnplan.report.plots")\n'
        '    import_module(f"..{LAZY[name]}", __package__)\n'
        '    import_module(".targets", package="xnplan.parse")\n',
        encoding="utf-8",
    )
    # In xnplan.parse.x, whose package is xnplan.parse: ".outline" is xnplan.parse.outline and
    # "..store.files" is xnplan.store.files.
    assert _imports(module, "xnplan.parse.x") == {
        "xnplan.parse.outline",
        "xnplan.report",
        "xnplan.report.plots",
        "xnplan.store.files",
        "xnplan.geo",
        "xnplan.parse.targets",
    }
    module.write_text("import importlib\nimportlib.import_module(input())\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="lines \\[2\\]"):
        _imports(module, "xnplan.parse.x")


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` with more than one module (Tarjan), each
    sorted: every module of one can reach every other, so none can be understood or tested alone."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return found


def test_no_module_imports_itself_through_others() -> None:
    # Imports inside functions count: they postpone the cycle to the first call, they do not break it.
    graph = {_module_name(path): _imports(path) - {_module_name(path)} for path in MODULES}
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle_of_three() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_every_table_names_its_producer() -> None:
    # docs/tables.md and docs/architecture.md name these; each must be a function of the package
    for name, schema in TABLES.items():
        module, _, function = schema.metadata["producer"].rpartition(".")
        assert callable(getattr(importlib.import_module(module), function, None)), name
