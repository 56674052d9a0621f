"""``xnplan reports -p NAME=VALUE``: a parameter given for one batch, typed as the notebook declares it.

papermill's ``inspect_notebook`` reads the notebook's ``parameters`` cell: a parameter annotated
``top_n: int = 10`` is converted to that type; one without an annotation takes the type of its
default (``top_n = 10`` → int); one whose default says nothing (``x = None``) is read as an integer,
else a decimal number, else text. The value replaces the report set's for every selected report, so
it is part of the parameters the cache key hashes: a run with ``-p`` never reuses a run without.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from xnplan.errors import ParameterError
from xnplan.runner.reportset import ReportSpec

# Parameters the runner fills in itself (xnplan.runner.run): where the page's downloads go.
RUNNER_PARAMETERS = ("downloads_dir", "downloads_href")
_TRUE, _FALSE = ("true", "yes", "1", "是"), ("false", "no", "0", "否")


def parse(texts: Sequence[str]) -> dict[str, str]:
    """``["top_n=5"]`` → ``{"top_n": "5"}``; ParameterError for a text without ``=`` or a name."""
    pairs: dict[str, str] = {}
    for text in texts:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"-p {text}：应写成 参数名=值，如 -p top_n=5（expected NAME=VALUE）")
        pairs[name.strip()] = value.strip()
    return pairs


def notebook_parameters(path: Path) -> dict[str, dict[str, str]]:
    """The parameters of the notebook's ``parameters`` cell, as papermill reads them: name →
    ``inferred_type_name``, ``default`` (source text) and ``help`` (the comment after it)."""
    from papermill.inspection import inspect_notebook

    return inspect_notebook(str(path))


def apply(
    specs: Sequence[ReportSpec],
    texts: Sequence[str],
    parameters_of: Callable[[str], dict[str, dict[str, str]]],
) -> list[ReportSpec]:
    """``specs`` with the ``-p`` values in their parameters. ``parameters_of(notebook)`` gives a
    notebook's declared parameters; a name one of the notebooks does not declare is a ParameterError
    listing that notebook's parameters."""
    overrides = parse(texts)
    if not overrides:
        return list(specs)
    for spec in specs:
        _refuse_grid_parameters(spec, overrides)
    typed_by_notebook = {
        notebook: _typed(notebook, overrides, parameters_of(notebook))
        for notebook in dict.fromkeys(spec.notebook for spec in specs)
    }
    return [
        replace(spec, parameters={**spec.parameters, **typed_by_notebook[spec.notebook]}) for spec in specs
    ]


def _refuse_grid_parameters(spec: ReportSpec, overrides: dict[str, str]) -> None:
    """A grid's parameter tells the report from its siblings and names its file: a -p value would
    put, say, 赤壁市 into county_investment-tongshan.html."""
    for name in overrides:
        if name in spec.grid:
            raise ParameterError(
                f"-p {name}：报告 {spec.slug} 的 {name} 由 reports.toml 的 grid 决定，也决定它的文件名；"
                f"用 --only {name}=… 选出要运行的报告，或在 grid 中加上新的取值"
                f"（{name} is a grid parameter of {spec.slug}: select with --only instead）"
            )


def _typed(
    notebook: str, overrides: dict[str, str], declared: dict[str, dict[str, str]]
) -> dict[str, object]:
    for name in overrides:
        if name in RUNNER_PARAMETERS:
            raise ParameterError(
                f"-p {name}：这个参数由 xnplan reports 自己填写，不能指定（set by the runner）"
            )
        if name not in declared:
            raise ParameterError(_unknown(notebook, name, declared))
    return {name: typed_value(name, text, declared[name]) for name, text in overrides.items()}


def _unknown(notebook: str, name: str, declared: dict[str, dict[str, str]]) -> str:
    own = {n: p for n, p in declared.items() if n not in RUNNER_PARAMETERS}
    if not own:
        listing = "它没有可指定的参数（parameters 单元格为空或没有）"
    else:
        listing = "它的参数：\n" + "\n".join(f"  {describe(p)}" for p in own.values())
    return (
        f"-p {name}：笔记本 {notebook} 没有参数 {name}；用 --only 只选有这个参数的报告，"
        f"或改用下列参数之一（notebook {notebook} has no parameter {name}）。{listing}"
    )


def describe(parameter: dict[str, str]) -> str:
    """``top_n: int = 10  # 列出的行数``: a parameter as its cell declares it."""
    kind = parameter.get("inferred_type_name") or "None"
    text = parameter["name"] + ("" if kind == "None" else f": {kind}") + f" = {parameter.get('default', '')}"
    return f"{text}  # {parameter['help']}" if parameter.get("help") else text


def typed_value(name: str, text: str, parameter: dict[str, str]) -> object:
    """``text`` as the type the notebook gives ``name``; ParameterError saying what was expected."""
    kind = _declared_type(parameter)
    if kind is None:
        return _guessed(text)
    try:
        return _CONVERT[kind](text)
    except ValueError:
        raise ParameterError(
            f"-p {name}={text}：{name} 应为{_WORDS[kind]}（expected {kind.__name__}）；"
            f"笔记本中是 {describe(parameter)}"
        ) from None


def _declared_type(parameter: dict[str, str]) -> type | None:
    """The annotation when it is int/float/str/bool, else the type of the literal default."""
    by_name = {kind.__name__: kind for kind in _CONVERT}
    annotated = by_name.get(parameter.get("inferred_type_name", ""))
    if annotated is not None:
        return annotated
    try:
        default = ast.literal_eval(parameter.get("default", ""))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return type(default) if type(default) in _CONVERT else None


def _guessed(text: str) -> object:
    """An integer, else a decimal number, else the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def _boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(text)


_CONVERT: dict[type, Callable[[str], object]] = {int: int, float: float, str: str, bool: _boolean}
_WORDS = {
    int: "整数",
    float: "数（如 0.5）",
    str: "文字",
    bool: f"真假值（{'/'.join(_TRUE)} 或 {'/'.join(_FALSE)}）",
}
