"""tools/environment_yml.py: environment.yml pins what requirements.lock pins, and is in step with it."""

from __future__ import annotations

import importlib.metadata as metadata
import importlib.util

import pytest
import yaml

from tests.test_requirements_lock import _canonical, _entries
from xnplan.paths import ROOT

_spec = importlib.util.spec_from_file_location("environment_yml", ROOT / "tools" / "environment_yml.py")
assert _spec and _spec.loader
environment_yml = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(environment_yml)

COMMITTED = (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_the_committed_file_is_what_the_lock_gives() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert environment_yml.environment_yml(lock, ">=3.11") == COMMITTED, "run `make environment.yml`"


def test_it_is_a_conda_environment_file() -> None:
    spec = yaml.safe_load(COMMITTED)
    assert set(spec) == {"name", "channels", "dependencies"} and spec["name"] == "xnplan"
    conda = [d for d in spec["dependencies"] if isinstance(d, str)]
    (pip,) = [d["pip"] for d in spec["dependencies"] if isinstance(d, dict)]
    assert conda == ["python>=3.11", "pip"]
    assert pip[-1] == "-e ."
    # One pip line per pin of the lock (a package the lock pins per Python range has a line for each).
    assert len(pip) - 1 == len(_entries())


def test_this_environment_has_the_versions_environment_yml_pins() -> None:
    # The test environment is installed from the lock: each package's installed version is among the
    # versions environment.yml pins for it (two when the lock pins per Python version range).
    pip = next(d["pip"] for d in yaml.safe_load(COMMITTED)["dependencies"] if isinstance(d, dict))
    pinned: dict[str, set[str]] = {}
    for line in pip[:-1]:
        name, _, rest = line.partition("==")
        pinned.setdefault(_canonical(name), set()).add(rest.split(";")[0].strip())
    for name in ("pandas", "pyarrow", "pandera", "jupyterlab", "nbval"):
        assert metadata.version(name) in pinned[name], name


def test_a_line_that_is_no_pin_is_named() -> None:
    with pytest.raises(ValueError, match="line 2: 'pandas>=3' is not an exact pin"):
        environment_yml.lock_pins("# comment\npandas>=3\n")
    assert environment_yml.lock_pins("a==1 ; python_version < '3.12' \\\n    --hash=sha256:00\nb==2\n") == [
        "a==1 ; python_version < '3.12'",
        "b==2",
    ]
