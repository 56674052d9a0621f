"""The report set: every notebook × parameter set that ``xnplan reports`` builds.

Two sources make the set. The project file ``reports.toml`` (at the project root, beside
``notebooks/``; an installed wheel carries it in ``xnplan/_project/``) declares reports: notebook,
ASCII slug for file names (Chinese stays in the title), title, landing-page group, parameters or a
grid of them, and the input files read. Every other notebook of ``notebooks/`` with a cell tagged
``parameters`` is a report too, run once with its own defaults, in the file's ``researcher_group``.

The inputs feed the cache key: a report is rebuilt when one of them changes, and only then, so they
must list everything the notebook reads besides the library itself (whose source is hashed
separately).
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from xnplan.errors import ParameterError, ReportSetError, XnplanError
from xnplan.geo import COUNTY_SLUGS, resolve_county

# The landing page shows the reports of this group as a table of counties (runner/index.py).
COUNTIES_GROUP = "分县市区"
# The group of a report made outside a report-set file (tests, the Python API).
OVERVIEW = "总览"

# A slug names files and is part of URLs: ASCII letters, digits, '-', '_' and '.'.
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_PARAMETERS_TAG = "parameters"


@dataclass(frozen=True)
class ReportSpec:
    """One report: a notebook run with one parameter set.

    ``inputs`` are glob patterns relative to the project root. ``path_parameters`` names the
    parameters whose values are paths relative to the project root: the runner passes them to the
    notebook as absolute paths (the kernel runs in notebooks/) and adds the files to the inputs.
    An empty path parameter means "no file". ``group`` is the landing page's section, one of
    ``groups``, the sections of the report set in their order. ``grid`` names the parameters whose
    values tell this report from the others of its ``[[report]]`` (and name its file).
    """

    notebook: str
    slug: str
    title: str
    parameters: Mapping[str, object] = field(default_factory=dict)
    inputs: tuple[str, ...] = ()
    path_parameters: tuple[str, ...] = ()
    group: str = OVERVIEW
    groups: tuple[str, ...] = (OVERVIEW,)
    grid: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.group not in self.groups:
            raise ReportSetError(
                f"报告 {self.slug}：分组 {self.group!r} 不在首页的分组 {'、'.join(self.groups)} 之中"
                "（group is not one of the landing page's）"
            )

    def describe(self) -> str:
        """``notebook(county=通山县)``: how the summary and error messages name a run."""
        args = ", ".join(f"{k}={v}" for k, v in self.parameters.items())
        return f"{self.notebook}({args})" if args else self.notebook


def group_order(specs: Iterable[ReportSpec]) -> list[str]:
    """The groups that hold a report, in the order the report set declares them."""
    specs = list(specs)
    present = {spec.group for spec in specs}
    declared = dict.fromkeys(group for spec in specs for group in spec.groups)
    return [group for group in declared if group in present]


def default_report_set() -> list[ReportSpec]:
    """The reports `xnplan reports` builds: the project's reports.toml, then the notebooks of
    notebooks/ it does not name; the index lists them by group, in this order within one."""
    from xnplan.paths import NOTEBOOKS_DIR, REPORT_SET_FILE

    return report_set(REPORT_SET_FILE, NOTEBOOKS_DIR)


def report_set(file: Path, notebooks_dir: Path) -> list[ReportSpec]:
    """The reports ``file`` declares, then one per other notebook of ``notebooks_dir`` that has a
    ``parameters`` cell; ReportSetError naming the file and the key for anything wrong."""
    declared = read_report_set(file)
    named = {spec.notebook for spec in declared.reports}
    found = [
        _discovered(path, declared)
        for path in sorted(notebooks_dir.glob("*.ipynb"))
        if path.stem not in named and _is_report(path)
    ]
    specs = [*declared.reports, *found]
    _refuse_repeated_slugs(file, specs)
    return specs


# --- reports.toml ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Declaration:
    """What a report-set file says: its groups in order, the group of undeclared notebooks, the
    named input sets and the reports."""

    groups: tuple[str, ...]
    researcher_group: str
    inputs: dict[str, tuple[str, ...]]
    reports: list[ReportSpec]


_TOP_KEYS = ("groups", "researcher_group", "inputs", "report")
_REPORT_KEYS = ("notebook", "slug", "title", "group", "parameters", "grid", "path_parameters", "inputs")
_MISSING = object()


class _Where:
    """Error messages about one file: the file, the table and key, what was expected, what was found."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, where: str, expected: str, found: object = _MISSING) -> ReportSetError:
        shown = "" if found is _MISSING else f"，实为 {_shown(found)}"
        return ReportSetError(
            f"{self.path}：{where} 应为{expected}{shown}（report-set file: {where} is not as expected）"
        )


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def read_report_set(path: Path) -> Declaration:
    """The declaration of the report-set file at ``path``: ReportSetError when it is missing, not
    TOML, or a key is missing or of the wrong kind, naming the file, the table and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportSetError(
            f"{path}：没有报告集文件；它声明 xnplan reports 生成哪些报告（report-set file missing）"
        ) from None
    except UnicodeDecodeError:
        raise ReportSetError(f"{path}：不是 UTF-8 编码的文本（not UTF-8 text）") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReportSetError(f"{path}：不是有效的 TOML：{exc}（not valid TOML）") from None
    return declaration(data, path)


def declaration(data: Mapping[str, object], path: Path) -> Declaration:
    """The declaration in ``data``, the parsed TOML of the file at ``path`` (named in errors)."""
    where = _Where(path)
    _refuse_unknown_keys(where, "文件顶层", data, _TOP_KEYS)
    groups = tuple(_text_list(where, "groups", data.get("groups", _MISSING), nonempty=True))
    if len(set(groups)) != len(groups):
        raise where.error("groups", "互不重复的组名", list(groups))
    researcher_group = _text(where, "researcher_group", data.get("researcher_group", _MISSING))
    if researcher_group not in groups:
        raise where.error("researcher_group", f"groups 中的一个（{'、'.join(groups)}）", researcher_group)
    inputs = _input_sets(where, data.get("inputs", {}))
    tables = data.get("report", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise where.error("report", "[[report]] 表的数组", tables)
    reports = [
        spec
        for number, table in enumerate(tables, start=1)
        for spec in _reports(where, f"第{number}个 [[report]]", table, groups, inputs)
    ]
    return Declaration(groups, researcher_group, inputs, reports)


def _refuse_unknown_keys(where: _Where, table: str, data: Mapping[str, object], known: tuple) -> None:
    unknown = [key for key in data if key not in known]
    if unknown:
        raise where.error(f"{table}的键 {unknown[0]}", f"以下之一：{'、'.join(known)}")


def _text(where: _Where, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise where.error(key, "非空的文字", *(() if value is _MISSING else (value,)))
    return value


def _text_list(where: _Where, key: str, value: object, *, nonempty: bool = False) -> list[str]:
    expected = '非空的文字列表（如 ["甲", "乙"]）'
    if not isinstance(value, list) or (nonempty and not value):
        raise where.error(key, expected, *(() if value is _MISSING else (value,)))
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise where.error(key, expected, value)
    return value


def _input_sets(where: _Where, value: object) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise where.error("[inputs]", "一个表：名字 = [glob, …]", value)
    return {name: tuple(_text_list(where, f"[inputs] 的 {name}", globs)) for name, globs in value.items()}


def _reports(
    where: _Where, name: str, table: dict, groups: tuple[str, ...], inputs: dict[str, tuple[str, ...]]
) -> list[ReportSpec]:
    """The reports of one [[report]] table: one, or one per combination of its grid's values."""
    _refuse_unknown_keys(where, f"{name} ", table, _REPORT_KEYS)
    notebook = _text(where, f"{name} 的 notebook", table.get("notebook", _MISSING))
    name = f"{name}（notebook = {notebook}）"
    parameters = _parameters(where, f"{name} 的 parameters", table.get("parameters", {}))
    grid = _grid(where, f"{name} 的 grid", table.get("grid", {}))
    both = sorted(set(parameters) & set(grid))
    if both:
        raise where.error(f"{name} 的 grid", f"parameters 里没有的参数（{both[0]} 两处都有）")
    path_parameters = _text_list(where, f"{name} 的 path_parameters", table.get("path_parameters", []))
    for parameter in path_parameters:
        if parameter not in parameters and parameter not in grid:
            raise where.error(f"{name} 的 path_parameters", "parameters 或 grid 中的参数名", parameter)
    group = _text(where, f"{name} 的 group", table.get("group", _MISSING))
    if group not in groups:
        raise where.error(f"{name} 的 group", f"groups 中的一个（{'、'.join(groups)}）", group)
    globs = _report_inputs(where, f"{name} 的 inputs", table.get("inputs", _MISSING), inputs)
    slug = _text(where, f"{name} 的 slug", table.get("slug", _MISSING))
    title = _text(where, f"{name} 的 title", table.get("title", _MISSING))
    return [
        ReportSpec(
            notebook,
            _slug(where, f"{name} 的 slug", slug, combination),
            _filled(where, f"{name} 的 title", title, combination),
            {**parameters, **combination},
            globs,
            tuple(path_parameters),
            group,
            groups,
            tuple(grid),
        )
        for combination in _combinations(grid)
    ]


def _parameters(where: _Where, key: str, value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise where.error(key, "一个表：参数名 = 值", value)
    for name, item in value.items():
        if not _is_scalar(item):
            raise where.error(f"{key} 的 {name}", "文字、整数、小数或 true/false", item)
    return dict(value)


def _grid(where: _Where, key: str, value: object) -> dict[str, list[object]]:
    if not isinstance(value, dict):
        raise where.error(key, "一个表：参数名 = [取值, …]", value)
    for name, values in value.items():
        if not isinstance(values, list) or not values or not all(_is_scalar(v) for v in values):
            raise where.error(f"{key} 的 {name}", "非空的取值列表（文字、整数、小数或 true/false）", values)
    return dict(value)


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool)


def _combinations(grid: dict[str, list[object]]) -> list[dict[str, object]]:
    """Every combination of the grid's values, the first parameter varying slowest; one empty one
    for no grid."""
    names = list(grid)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*grid.values())]


def _report_inputs(
    where: _Where, key: str, value: object, inputs: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    names = (
        _text_list(where, key, value) if value is not _MISSING else [n for n in ("common",) if n in inputs]
    )
    unknown = [n for n in names if n not in inputs]
    if unknown:
        raise where.error(key, f"[inputs] 中的名字（{'、'.join(inputs) or '[inputs] 为空'}）", unknown[0])
    return tuple(glob for n in names for glob in inputs[n])


def _filled(where: _Where, key: str, template: str, combination: Mapping[str, object]) -> str:
    """``template`` with each ``{parameter}`` replaced by its value in ``combination``."""
    try:
        return template.format_map(combination)
    except (KeyError, IndexError, ValueError) as exc:
        names = "、".join(combination) or "没有 grid，不能用 {…}"
        raise where.error(key, f"只用 grid 中的参数作 {{参数名}}（{names}）", template) from exc


def _slug(where: _Where, key: str, template: str, combination: dict[str, object]) -> str:
    """The slug: ``template`` filled with the file-name form of each value (通山县 → tongshan)."""
    parts = {name: COUNTY_SLUGS.get(str(value), str(value)) for name, value in combination.items()}
    slug = _filled(where, key, template, parts)
    if not _SLUG.fullmatch(slug):
        raise where.error(
            key,
            "ASCII 字母、数字、-、_ 组成的文件名（grid 的取值须是县市区名称或 ASCII）",
            slug,
        )
    return slug


def _refuse_repeated_slugs(file: Path, specs: list[ReportSpec]) -> None:
    seen: dict[str, ReportSpec] = {}
    for spec in specs:
        if spec.slug in seen:
            raise ReportSetError(
                f"{file}：两份报告的 slug 都是 {spec.slug}（{seen[spec.slug].describe()} 和 "
                f"{spec.describe()}）；slug 是报告的文件名，不能重复（two reports share a slug）"
            )
        seen[spec.slug] = spec


# --- notebooks not declared -----------------------------------------------------------------------


def _notebook_cells(path: Path) -> list[dict] | None:
    """The cells of a notebook file, or None when it is not notebook JSON."""
    try:
        cells = json.loads(path.read_bytes())["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return [cell for cell in cells if isinstance(cell, dict)] if isinstance(cells, list) else None


def _is_report(path: Path) -> bool:
    """A notebook with a ``parameters`` cell, or one that cannot be read: its run then fails saying
    why, where leaving it out would leave its author guessing."""
    cells = _notebook_cells(path)
    if cells is None:
        return True
    return any(_PARAMETERS_TAG in (cell.get("metadata") or {}).get("tags", []) for cell in cells)


def _notebook_title(path: Path) -> str:
    """The first ``# heading`` of the notebook's markdown, else its file name."""
    for cell in _notebook_cells(path) or []:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        for line in (source if isinstance(source, str) else "".join(source)).splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return path.stem


def _discovered(path: Path, declared: Declaration) -> ReportSpec:
    """A notebook the file does not name: run once, with its own defaults, in the researchers' group."""
    if not _SLUG.fullmatch(path.stem):
        raise ReportSetError(
            f"{path}：笔记本的文件名要用作报告的文件名，只能有 ASCII 字母、数字、-、_"
            "，请改名（如 my_analysis.ipynb）（a notebook's name must be ASCII to name its report）"
        )
    return ReportSpec(
        path.stem,
        path.stem,
        _notebook_title(path),
        inputs=declared.inputs.get("common", ()),
        group=declared.researcher_group,
        groups=declared.groups,
    )


# --- --only ---------------------------------------------------------------------------------------


def _resolve_county(value: str) -> str:
    """Accept the aliases of xnplan.geo (Tongshan, 通山 …)."""
    try:
        return str(resolve_county(value))
    except XnplanError:  # an unknown name: the caller lists the valid values
        return value


def select(specs: list[ReportSpec], filters: list[str]) -> list[ReportSpec]:
    """The reports matching ``--only`` filters; raises ParameterError listing what exists.

    A filter is ``NAME`` (a notebook or a report slug), ``notebook=NAME``, ``slug=SLUG`` or
    ``PARAMETER=VALUE`` (``county=通山县``, ``county=Tongshan``, ``assessment_year=2025``). Filters on
    the same field widen the selection (either value); filters on different fields narrow it.
    """
    if not filters:
        return list(specs)
    notebooks = sorted({s.notebook for s in specs})
    slugs = [s.slug for s in specs]
    wanted: dict[str, set[str]] = {}
    for text in filters:
        field_name, sep, value = (part.strip() for part in text.partition("="))
        if not sep:
            field_name, value = ("notebook", field_name) if field_name in notebooks else ("slug", field_name)
        wanted.setdefault(field_name, set()).add(_check(specs, field_name, value, notebooks, slugs))
    chosen = [s for s in specs if all(_field(s, name) in values for name, values in wanted.items())]
    if not chosen:
        raise ParameterError(
            f"没有同时满足 --only {' '.join(filters)} 的报告（no report matches all of them）"
        )
    return chosen


def _field(spec: ReportSpec, name: str) -> str | None:
    if name == "notebook":
        return spec.notebook
    if name == "slug":
        return spec.slug
    return str(spec.parameters[name]) if name in spec.parameters else None


def _check(specs: list[ReportSpec], name: str, value: str, notebooks: list[str], slugs: list[str]) -> str:
    """The filter value as stored in the specs, or a ParameterError naming the valid values."""
    if name == "notebook" and value not in notebooks:
        raise ParameterError(
            f"--only：没有 notebook {value!r}（unknown notebook）；现有：{', '.join(notebooks)}"
        )
    if name == "slug" and value not in slugs:
        raise ParameterError(
            f"--only：{value!r} 既不是 notebook 也不是报告（neither a notebook nor a report）；"
            f"notebook：{', '.join(notebooks)}；报告：{', '.join(slugs)}"
        )
    if name in ("notebook", "slug"):
        return value
    params = sorted({p for s in specs for p in s.parameters})
    if name not in params:
        raise ParameterError(
            f"--only：不认识 {name!r}（unknown field）；请用 notebook=、slug= 或参数名：{', '.join(params)}"
        )
    values = list(dict.fromkeys(str(s.parameters[name]) for s in specs if name in s.parameters))
    if name == "county":
        value = _resolve_county(value)
    if value not in values:
        raise ParameterError(f"--only：{name} 没有值 {value!r}（unknown value）；可选：{', '.join(values)}")
    return value
