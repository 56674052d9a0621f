"""Where the package finds its files: a checkout (XNPLAN_ROOT, the working directory, the source tree)
or, installed without one, its own package data with the tables built on first use."""

from __future__ import annotations

from pathlib import Path

import pytest

from xnplan import paths
from xnplan.errors import TablesMissingError
from xnplan.facts import DATAPACKAGE_NAME
from xnplan.store import files


def _checkout(folder: Path) -> Path:
    (folder / "data" / "raw").mkdir(parents=True)
    (folder / "xnplan").mkdir(exist_ok=True)
    return folder


@pytest.fixture
def no_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package as if installed in site-packages, run from a folder outside any checkout."""
    package = tmp_path / "site-packages" / "xnplan"
    package.mkdir(parents=True)
    monkeypatch.setattr(paths, "PACKAGE", package)
    monkeypatch.setattr(paths, "PACKAGE_PROJECT", package / "_project")
    monkeypatch.delenv("XNPLAN_ROOT", raising=False)
    elsewhere = tmp_path / "评估 工作"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return package


def test_installed_package_outside_a_checkout_has_no_checkout(no_checkout: Path) -> None:
    assert paths.checkout_root() is None


def test_the_working_directory_or_a_parent_is_the_checkout(
    no_checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _checkout(tmp_path / "咸宁 规划")
    (root / "notebooks").mkdir()
    monkeypatch.chdir(root / "notebooks")
    assert paths.checkout_root() == root.resolve()


def test_xnplan_root_names_the_checkout(no_checkout: Path, tmp_path: Path, monkeypatch) -> None:
    root = _checkout(tmp_path / "另一 个")
    monkeypatch.setenv("XNPLAN_ROOT", str(root))
    assert paths.checkout_root() == root.resolve()


def test_xnplan_root_at_the_package_data_means_installed(no_checkout: Path, monkeypatch) -> None:
    # The runner passes ROOT on to its kernels; for an installed package that is xnplan/_project.
    monkeypatch.setenv("XNPLAN_ROOT", str(no_checkout / "_project"))
    assert paths.checkout_root() is None


def test_the_source_tree_is_the_checkout_of_an_editable_install(no_checkout: Path) -> None:
    _checkout(no_checkout.parent)
    assert paths.checkout_root() == no_checkout.parent


def test_this_checkout_is_found() -> None:
    assert paths.checkout_root() == Path(__file__).resolve().parents[1]
    assert not paths.INSTALLED
    assert paths.DEFAULT_RAW_TEXT.is_file()


def test_installed_load_builds_its_tables_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "用户 缓存" / "processed"
    monkeypatch.setattr(files, "INSTALLED", True)
    monkeypatch.setattr(files, "DEFAULT_PROCESSED", cache)
    plan = files.load(cache)
    # 附件2 lists 331 projects (README; data/processed/projects.csv has 331 rows)
    assert len(plan.projects) == 331
    assert (cache / DATAPACKAGE_NAME).is_file()
    assert "首次使用" in capsys.readouterr().err
    files.load(cache)  # the second use reads what the first built
    assert capsys.readouterr().err == ""


def test_a_checkout_never_builds_behind_the_users_back(tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "processed"
    monkeypatch.setattr(files, "DEFAULT_PROCESSED", missing)
    with pytest.raises(TablesMissingError, match="xnplan build"):
        files.load(missing)
    assert not missing.exists()
