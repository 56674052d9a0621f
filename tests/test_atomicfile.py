"""xnplan.atomicfile: a file written whole or not at all (``write_atomic``), and a finished folder
swapped into place (``replace_folder``), which report downloads, ``xnplan assess``'s folder and the
processed tables all rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from xnplan import atomicfile
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


def test_atomic_write_keeps_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomicfile.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomicfile.write_atomic(target, "new " * 100_000)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
