"""Cache keys for reports: a report is rebuilt exactly when something it depends on changed.

The key is the sha256 of four parts, each hashed on its own so a stale report can say which part
changed:

- ``notebook``: the notebook's cells without outputs (code and markdown source, cell tags). Markdown
  is included because it is rendered into the report; outputs and execution counts are not, so
  re-saving an executed notebook does not invalidate anything.
- ``parameters``: the parameters as declared in the report set, with the values ``-p`` gave the run
  (paths relative to the project root, so moving the checkout keeps the cache), and the title the
  page carries (a title edited in reports.toml rebuilds the page).
- ``inputs``: the bytes of every input file (missing files count as "missing", so their appearance
  triggers a rebuild).
- ``library``: the source of every ``xnplan/**/*.py`` file, standing in for the library version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from xnplan.errors import NotebookUnreadable
from xnplan.runner.reportset import ReportSpec

# The xnplan package (this file is xnplan/runner/key.py): every module a notebook may import.
LIBRARY_DIR = Path(__file__).resolve().parents[1]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def iso_utc(timestamp: float) -> str:
    """A POSIX timestamp as ``2025-01-31T08:00:00Z``."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class InputFile:
    path: str  # relative to the project root (POSIX separators) when inside it, else absolute
    sha256: str | None  # None: the file does not exist
    mtime: float | None


@dataclass(frozen=True)
class ReportKey:
    key: str
    parts: dict[str, str]
    inputs: tuple[InputFile, ...]

    @property
    def newest_input_mtime(self) -> float | None:
        times = [f.mtime for f in self.inputs if f.mtime is not None]
        return max(times) if times else None

    def to_json(self) -> dict[str, object]:
        newest = self.newest_input_mtime
        return {
            "key": self.key,
            "parts": self.parts,
            "newest_input": iso_utc(newest) if newest is not None else None,
            "inputs": [
                {
                    "path": f.path,
                    "sha256": f.sha256,
                    "mtime": iso_utc(f.mtime) if f.mtime is not None else None,
                }
                for f in self.inputs
            ],
        }


class KeyMaker:
    """Computes report keys; file digests are cached, since most reports share their inputs."""

    def __init__(self, root: Path, notebooks_dir: Path, library_dir: Path = LIBRARY_DIR) -> None:
        self.root = root.resolve()
        self.notebooks_dir = notebooks_dir.resolve()
        self.library_dir = library_dir
        self._files: dict[Path, tuple[str, float]] = {}
        self._library: str | None = None

    def notebook_path(self, spec: ReportSpec) -> Path:
        return self.notebooks_dir / f"{spec.notebook}.ipynb"

    def available_notebooks(self) -> list[str]:
        return sorted(p.stem for p in self.notebooks_dir.glob("*.ipynb"))

    def library(self) -> str:
        if self._library is None:
            digest = hashlib.sha256()
            for path in sorted(self.library_dir.rglob("*.py")):
                digest.update(path.relative_to(self.library_dir).as_posix().encode() + b"\0")
                digest.update(_sha256(path.read_bytes()).encode())
            self._library = digest.hexdigest()
        return self._library

    def notebook(self, spec: ReportSpec) -> str:
        path = self.notebook_path(spec)
        if not path.is_file():
            available = "、".join(self.available_notebooks()) or "无"
            raise NotebookUnreadable(
                f"找不到 notebook {self._show(path)}（现有的 notebook：{available}）(notebook does not exist)"
            )
        try:
            cells = json.loads(path.read_bytes())["cells"]
            essence = [
                [c["cell_type"], _source(c["source"]), sorted(c.get("metadata", {}).get("tags", []))]
                for c in cells
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise NotebookUnreadable(
                f"notebook {self._show(path)} 不是有效的 notebook JSON（not valid notebook JSON）：{exc}"
            ) from exc
        return _sha256(_canonical(essence))

    def resolve_parameters(self, spec: ReportSpec) -> dict[str, object]:
        """The parameters as passed to papermill: path parameters become absolute paths."""
        return {
            name: (str(self.root / str(value)) if name in spec.path_parameters and value else value)
            for name, value in spec.parameters.items()
        }

    def input_files(self, spec: ReportSpec) -> tuple[InputFile, ...]:
        paths: set[Path] = set()
        missing: set[str] = set()
        for pattern in spec.inputs:
            paths.update(p for p in self.root.glob(pattern) if p.is_file())
        for name in spec.path_parameters:
            value = str(spec.parameters.get(name) or "")
            if not value:
                continue
            target = self.root / value
            if target.is_dir():
                paths.update(p for p in target.rglob("*") if p.is_file())
            elif target.is_file():
                paths.add(target)
            else:
                missing.add(self._show(target))
        files = [self._input(p) for p in paths]
        files += [InputFile(m, None, None) for m in missing]
        return tuple(sorted(files, key=lambda f: f.path))

    def key(self, spec: ReportSpec) -> ReportKey:
        """The key of ``spec``; raises NotebookUnreadable when its notebook cannot be read."""
        inputs = self.input_files(spec)
        parts = {
            "notebook": self.notebook(spec),
            "parameters": _sha256(_canonical({"parameters": dict(spec.parameters), "title": spec.title})),
            "inputs": _sha256(_canonical([[f.path, f.sha256] for f in inputs])),
            "library": self.library(),
        }
        return ReportKey(_sha256(_canonical(parts)), parts, inputs)

    def _input(self, path: Path) -> InputFile:
        if path not in self._files:
            stat = path.stat()
            self._files[path] = (_sha256(path.read_bytes()), stat.st_mtime)
        digest, mtime = self._files[path]
        return InputFile(self._show(path), digest, mtime)

    def _show(self, path: Path) -> str:
        """Relative to the root when inside it (keys survive moving the checkout), else absolute."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def _source(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


# Why a report is (re)built, in the English words changed_parts and runner.batch.plan_batch give (the
# failure records keep them), and in the reader's words: the landing page's and `xnplan reports`'.
CHANGE_WORDS = {
    "first build": "从未生成",
    "notebook changed": "notebook",
    "parameters changed": "参数",
    "inputs changed": "输入数据",
    "library changed": "程序",
    "--force": "指定了 --force",
    "last attempt failed": "上次运行失败",
    "outputs missing": "报告文件缺失",
}
CHANGED = " changed"  # the end of each of changed_parts' "<part> changed"


def describe_reasons(reasons: list[str]) -> str:
    """Why a report is (re)built, in the reader's words: the other reasons first (``从未生成``,
    ``上次运行失败`` …), then what changed (``参数、输入数据有改动``)."""
    changed = [CHANGE_WORDS.get(r, r) for r in reasons if r.endswith(CHANGED)]
    others = [CHANGE_WORDS.get(r, r) for r in reasons if not r.endswith(CHANGED)]
    return "；".join([*others, *([f"{'、'.join(changed)}有改动"] if changed else [])])


def changed_parts(old: dict[str, object] | None, new: ReportKey) -> list[str]:
    """Why a stored build is out of date: ``first build`` or the parts of the key that changed."""
    parts = old.get("parts") if old else None
    if not isinstance(parts, dict):
        return ["first build"]
    return [f"{name}{CHANGED}" for name, value in new.parts.items() if parts.get(name) != value]
