"""pyproject.toml (pip) and environment.yml (conda) describe the same environment.

environment.yml pins every package pyproject.toml declares at or above its lower bound (it is
generated from requirements.lock: tests/test_environment_yml.py), the installed environment meets them, and
every third-party module the code imports is declared (runtime code: in the dependencies; tests: in
the dependencies or the `test` extra). The Makefile runs its targets on another environment when
asked (ENV_PREFIX), starts JupyterLab on the project's kernel, and CI tests the lowest versions.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import xnplan

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REQUIREMENT = re.compile(r"^([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9.]*)$")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _bounds(requirements: list[str], where: str) -> dict[str, str]:
    """name → lower bound; every requirement must be written `name>=X.Y`."""
    out = {}
    for requirement in requirements:
        match = REQUIREMENT.match(requirement.strip())
        assert match, f"{where}: {requirement!r} is not of the form name>=version"
        out[_canonical(match[1])] = match[2]
    return out


def _pyproject_runtime() -> dict[str, str]:
    return _bounds(PYPROJECT["project"]["dependencies"], "pyproject dependencies")


def _pyproject_test() -> dict[str, str]:
    return _bounds(PYPROJECT["project"]["optional-dependencies"]["test"], "pyproject test extra")


def _environment_yml() -> dict[str, list[str]]:
    """name → the versions environment.yml pins it at (`- name==version`, one per Python range of the
    lock), and python → its lower bound (`- python>=X.Y`)."""
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    pins: dict[str, list[str]] = {}
    for name, version in re.findall(r'^\s*-\s+"?([A-Za-z0-9_.\-]+)==([^\s;"]+)', text, flags=re.M):
        pins.setdefault(_canonical(name), []).append(version)
    pins["python"] = re.findall(r"^\s*-\s+python>=([0-9.]+)\s*$", text, flags=re.M)
    return pins


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.match(r"\d+(\.\d+)*", version)[0].split("."))


def test_environment_yml_pins_every_declared_package_at_or_above_its_bound() -> None:
    pinned = _environment_yml()
    assert pinned.pop("python") == [PYPROJECT["project"]["requires-python"].removeprefix(">=")]
    for name, bound in {**_pyproject_runtime(), **_pyproject_test()}.items():
        assert name in pinned, f"{name} is declared in pyproject.toml but not pinned in environment.yml"
        low = [v for v in pinned[name] if _release(v) < _release(bound)]
        assert not low, f"environment.yml pins {name} at {low}, below its bound {bound}"


@pytest.mark.parametrize("name", sorted({**_pyproject_runtime(), **_pyproject_test()}))
def test_installed_versions_meet_lower_bounds(name) -> None:
    bound = {**_pyproject_runtime(), **_pyproject_test()}[name]
    installed = metadata.version(name)
    assert _release(installed) >= _release(bound), f"{name} {installed} < {bound}"


def test_python_meets_requires_python() -> None:
    assert sys.version_info[:2] >= _release(PYPROJECT["project"]["requires-python"].removeprefix(">="))


def test_version_and_console_script() -> None:
    assert PYPROJECT["project"]["version"] == xnplan.__version__
    scripts = metadata.entry_points(group="console_scripts", name="xnplan")
    assert [s.value for s in scripts] == ["xnplan.cli:main"]


def _third_party_imports(folder: Path) -> dict[str, set[str]]:
    """distribution → files importing it, for every absolute import outside the stdlib and the folder's
    own modules (a test helper module beside its tests, or the folder itself as a package)."""
    distributions = metadata.packages_distributions()
    local = {folder.name, *(path.stem for path in folder.rglob("*.py"))}
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in ("xnplan", "conftest", "__future__", *local):
                    continue
                for dist in distributions.get(top, [top]):
                    found.setdefault(_canonical(dist), set()).add(path.name)
    return found


@pytest.mark.parametrize(
    "folder, allowed",
    [("xnplan", "runtime"), ("benchmarks", "runtime"), ("tests", "runtime+test"), ("tools", "runtime+test")],
)
def test_every_imported_package_is_declared(folder, allowed) -> None:
    declared = set(_pyproject_runtime()) | (set(_pyproject_test()) if "test" in allowed else set())
    undeclared = {
        dist: sorted(files)
        for dist, files in _third_party_imports(ROOT / folder).items()
        if dist not in declared
    }
    assert not undeclared, f"imported but not declared in pyproject.toml/environment.yml: {undeclared}"


def _make_dry_run(*args: str) -> str:
    """The commands `make -n` would run (nothing runs), from the project root.

    Run from inside `make test`, a child make inherits MAKELEVEL and MAKEFLAGS and would add its
    "Entering directory" lines: they are dropped, so the dry run reads the same under make or not."""
    outer = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")
    env = {k: v for k, v in os.environ.items() if k not in outer}
    result = subprocess.run(
        ["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True, env=env
    )
    return result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_env_prefix_runs_the_targets_on_that_environment_and_installs_nothing(tmp_path) -> None:
    commands = _make_dry_run("test-fast", "build", f"ENV_PREFIX={tmp_path}")
    assert f"{tmp_path}/bin/python -m pytest" in commands
    assert f"{tmp_path}/bin/xnplan build" in commands
    assert "pip sync" not in commands and "pip install" not in commands and ".venv/bin" not in commands
    # Without it, the targets use .venv/ (installed from the lock when the stamp is out of date).
    default = _make_dry_run("-W", "pyproject.toml", "test-fast")
    assert "pip sync --quiet --python .venv/bin/python" in default and ".venv/bin/python -m pytest" in default


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_starts_jupyterlab_on_the_xnplan_kernel() -> None:
    (lab,) = _make_dry_run("-o", ".venv/.installed-stamp", "lab", "LAB_ARGS=--no-browser").splitlines()
    assert lab == ".venv/bin/jupyter lab --MappingKernelManager.default_kernel_name=xnplan --no-browser"


def test_ci_runs_the_fast_tests_on_the_lowest_direct_versions() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.partition("\ntest-lowest:")[2].partition("\n\n")[0]
    assert "--resolution lowest-direct" in recipe and '-m "not ($(SLOW_KINDS))"' in recipe
    assert "make test-lowest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
