"""The report set's folder belongs to the batch; a folder of someone else's is refused, and files the
batch did not write are never removed."""

from __future__ import annotations

import json

import pytest

from xnplan import facts
from xnplan.errors import OutputFolderError
from xnplan.runner import index, layout


def test_a_new_or_empty_folder_is_claimed(tmp_path):
    layout.claim(tmp_path / "new")
    assert (tmp_path / "new" / facts.REPORT_SET_MARK).exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".gitkeep").write_text("", encoding="utf-8")  # hidden files are not in the way
    layout.claim(empty)
    assert (empty / facts.REPORT_SET_MARK).exists()


def test_a_folder_of_the_users_is_refused(tmp_path):
    (tmp_path / "index.html").write_text("我的主页", encoding="utf-8")
    (tmp_path / "笔记.docx").write_bytes(b"x")
    with pytest.raises(OutputFolderError, match="已有不是报告集生成的文件（index.html、笔记.docx）"):
        layout.claim(tmp_path)
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "我的主页"
    assert not (tmp_path / facts.REPORT_SET_MARK).exists()


@pytest.mark.parametrize("name", [".xnplan-assess.json", "datapackage.json"])
def test_another_tools_folder_is_refused(tmp_path, name):
    (tmp_path / name).write_text("{}", encoding="utf-8")
    with pytest.raises(OutputFolderError):
        layout.claim(tmp_path)


def test_a_report_set_whose_keys_are_in_the_build_folder_is_adopted(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "plan_overview.html").write_text("x", encoding="utf-8")
    layout.build_folder(out).mkdir()
    (layout.build_folder(out) / "plan_overview.key.json").write_text("{}", encoding="utf-8")
    layout.claim(out)
    assert (out / facts.REPORT_SET_MARK).exists()
    assert layout.build_folder(out) == tmp_path / "reports-build"


def test_the_old_layouts_build_files_leave_the_published_folder(tmp_path):
    for name in ("r.html", "r.ipynb", "r.key.json", "r.failed.json", "other.ipynb", "logs/r.log"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    layout.retire_old_layout(tmp_path, ["r"])
    # Only the report set's own files go; a file of another name stays.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.ipynb", "r.html"]


def test_a_report_set_from_before_the_mark_is_adopted(tmp_path):
    for name in ("index.html", "build.html", "plan_overview.key.json", "plan_overview.html"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    layout.claim(tmp_path)
    assert (tmp_path / facts.REPORT_SET_MARK).exists()


def test_the_data_copy_removes_only_what_it_copied(tmp_path):
    processed, out = tmp_path / "processed", tmp_path / "reports"
    processed.mkdir()
    (processed / "projects.csv").write_text("a\n1\n", encoding="utf-8")
    (processed / "old.csv").write_text("b\n2\n", encoding="utf-8")
    assert sorted(index.publish_data(processed, out)) == ["old.csv", "projects.csv"]
    (out / "data" / "我的统计.csv").write_text("c\n3\n", encoding="utf-8")  # the user's own table
    (processed / "old.csv").unlink()
    assert index.publish_data(processed, out) == []
    assert sorted(p.name for p in (out / "data").iterdir()) == [".published", "projects.csv", "我的统计.csv"]
    published = json.loads((out / "data" / ".published").read_text(encoding="utf-8"))
    assert published == {"files": ["projects.csv"]}
