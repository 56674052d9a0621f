"""Swapping a finished folder into place (xnplan.atomicfile.replace_folder): report downloads,
``xnplan assess``'s folder and the processed tables all rely on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from xnplan.atomicfile import replace_folder


def folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "manifest.json").write_text(text, encoding="utf-8")
    return path


def test_the_new_folder_replaces_the_old_and_nothing_is_left_aside(tmp_path):
    target = folder(tmp_path / "r_files", "old")
    replace_folder(folder(tmp_path / "staged", "new"), target)
    assert (target / "manifest.json").read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["r_files"]


def test_a_failed_swap_puts_the_old_folder_back(tmp_path, monkeypatch):
    target = folder(tmp_path / "r_files", "old")
    staged = folder(tmp_path / "staged", "new")
    real_rename = Path.rename

    def rename(self, to):
        if self == staged:  # the second rename: the new folder into place
            raise OSError(28, "No space left on device")
        return real_rename(self, to)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="No space"):
        replace_folder(staged, target, aside=tmp_path / "aside")
    assert (target / "manifest.json").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r_files", "staged"]
