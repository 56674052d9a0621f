"""``xnplan assess`` end to end: what it writes, what it refuses to overwrite, what it leaves alone.

One run renders the real HTML page (papermill); the others replace the page by a stand-in, which
writes one download, so they test the folder rules in a fraction of the time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xnplan import facts
from xnplan.assess import command, outputs
from xnplan.cli import main

OBSERVED = (
    "indicator_id,geography,year,value,unit,as_of,source,reliability,note\n"
    "I14-04,全市,2023,50,%,2023-12-31,民政局统计年报2023,部门统计,\n"
    "I14-05,全市,2023,57,%,2023-12-31,民政局统计年报2023,部门统计,\n"
)
STEM = "咸宁市民政事业十四五规划2023年中期评估报告"
FILES = [f"{STEM}.docx", f"{STEM}-数据表.xlsx", f"{STEM}.html", "assessment-2023_files"]


@pytest.fixture
def observations(tmp_path: Path) -> Path:
    path = tmp_path / "观测值_2023.csv"
    path.write_text(OBSERVED, encoding="utf-8")
    return path


@pytest.fixture
def quick(monkeypatch):
    """Stand-ins for the three renderings, which the folder rules do not read: the notebook run (a page
    and one download, as the real one writes them), the Word report and the workbook (bytes that
    name the edition). tests/assess/test_report_files.py tests the real two."""

    def render(edition, evidence_dir, downloads, work):
        (downloads / "table-01.csv").write_text("a\n1\n", encoding="utf-8")
        return f"<html><title>{edition.title}</title></html>"

    monkeypatch.setattr(command, "render_html", render)
    monkeypatch.setattr(command.compose, "document", lambda a: a.edition.title)
    monkeypatch.setattr(command.docx_writer, "docx_bytes", lambda title: f"docx {title}".encode())
    monkeypatch.setattr(command.workbook, "xlsx_bytes", lambda a: f"xlsx {a.edition.title}".encode())


def assess(observations: Path, out: Path, *extra: str) -> int:
    return main(["assess", "--year", "2023", "--observations", str(observations), "--out", str(out), *extra])


@pytest.mark.notebook
def test_end_to_end_with_the_real_page(tmp_path, observations, capsys):
    out = tmp_path / "评估 2023"  # a space and Chinese in the path
    assert assess(observations, out) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("已写入：") and all(str(out / name) in printed for name in FILES)
    html = (out / f"{STEM}.html").read_text(encoding="utf-8")
    assert "咸宁市民政事业“十四五”规划（征求意见稿）中期评估报告" in html
    assert "快于预期1项、滞后1项" in html  # I14-04 R = 1.071; I14-05 R = 0.417: as in the Word report
    assert "【待填写：评估工作的组织领导、参加单位和时间安排】" in html
    manifest = json.loads((out / "assessment-2023_files" / "manifest.json").read_text(encoding="utf-8"))
    for exhibit in manifest["exhibits"]:
        for name in exhibit["files"]:
            assert f'href="assessment-2023_files/{name}"' in html
            assert (out / "assessment-2023_files" / name).is_file()
    record = json.loads((out / outputs.RECORD).read_text(encoding="utf-8"))
    assert sorted(record["files"]) == sorted(FILES[:3])
    assert list(record["folders"]) == ["assessment-2023_files"]
    # nothing else: the evidence copy and the staging folder are gone
    assert sorted(p.name for p in out.iterdir()) == sorted([*FILES, outputs.RECORD, outputs.LOCK])


def test_bad_input_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "indicator_id,geography,year,value,unit,as_of,source,reliability,note\n"
        'I14-04,全市,2023,"720,5",%,,src,,\nI14-05,全市,2023,inf,%,,src,,\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert assess(bad, out) == 1
    err = capsys.readouterr().err
    assert "row 1 (file line 2)" in err and "row 2 (file line 3)" in err and "Traceback" not in err
    assert not out.exists()


def test_a_hand_edit_is_never_overwritten(tmp_path, observations, quick, capsys):
    out = tmp_path / "out"
    assert assess(observations, out) == 0
    assert assess(observations, out) == 0  # unchanged files are ours to replace
    report = out / f"{STEM}.docx"
    report.write_bytes(report.read_bytes() + b"edited")
    before = report.read_bytes()
    assert assess(observations, out) == 1
    err = capsys.readouterr().err
    assert f"{STEM}.docx" in err and "被修改过" in err and "--force" in err
    assert report.read_bytes() == before
    assert assess(observations, out, "--force") == 0 and report.read_bytes() != before


def test_the_users_own_files_are_left_alone(tmp_path, observations, quick, capsys):
    out = observations.parent  # the folder holding the evaluator's file and a note of theirs
    note = out / "说明.txt"
    note.write_text("评估组的笔记", encoding="utf-8")
    assert assess(observations, out) == 0
    assert assess(observations, out) == 0
    assert note.read_text(encoding="utf-8") == "评估组的笔记"
    assert observations.read_text(encoding="utf-8") == OBSERVED
    # a file of the user's inside the page's downloads folder stops the run
    (out / "assessment-2023_files" / "我的表.xlsx").write_bytes(b"x")
    assert assess(observations, out) == 1
    assert "assessment-2023_files/我的表.xlsx" in capsys.readouterr().err


def test_another_tools_folder_is_refused(tmp_path, observations, quick, capsys):
    build_folder = tmp_path / "tables"
    build_folder.mkdir()
    (build_folder / "datapackage.json").write_text("{}", encoding="utf-8")
    assert assess(observations, build_folder) == 1
    assert "数据表文件夹" in capsys.readouterr().err
    assert sorted(p.name for p in build_folder.iterdir()) == ["datapackage.json"]


def test_a_report_folder_claimed_before_its_pages_exist_is_refused(tmp_path, observations, quick, capsys):
    # `xnplan reports` marks its folder when it claims it, before any page is written: the mark alone
    # tells whose it is.
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / facts.REPORT_SET_MARK).write_text("xnplan reports\n", encoding="utf-8")
    assert assess(observations, reports) == 1
    assert "报告集（xnplan reports）的输出文件夹" in capsys.readouterr().err
    assert sorted(p.name for p in reports.iterdir()) == [facts.REPORT_SET_MARK]


def test_a_county_edition(tmp_path, observations, quick):
    out = tmp_path / "out"
    assert (
        main(
            [
                "assess",
                "--year",
                "2025",
                "--observations",
                str(observations),
                "--county",
                "通山",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    stem = "通山县-咸宁市民政事业十四五规划2025年总结评估报告"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        [f"{stem}.docx", f"{stem}-数据表.xlsx", f"{stem}.html", "assessment-2025-tongshan_files"]
    )


def test_a_commit_a_killed_run_left_half_done_is_finished(tmp_path, observations, quick):
    out = tmp_path / "out"
    assert assess(observations, out) == 0
    # What a run killed after its first rename leaves: the journal, a staging folder with the rest
    staging = out / f"{outputs.STAGING_PREFIX}killed"
    staging.mkdir()
    (staging / FILES[1]).write_bytes(b"new workbook")
    (out / FILES[0]).write_bytes(b"new report")  # already moved in
    journal = {
        "staging": staging.name,
        "files": [FILES[1]],
        "folders": [],
        "record": {"files": {FILES[0]: _sha(b"new report"), FILES[1]: _sha(b"new workbook")}, "folders": {}},
    }
    (out / outputs.JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    (out / ".xnplan-tmp-stray").write_bytes(b"half")
    outputs.clean_leftovers(out)
    assert (out / FILES[1]).read_bytes() == b"new workbook"
    assert not staging.exists() and not (out / outputs.JOURNAL).exists()
    assert not (out / ".xnplan-tmp-stray").exists()
    record = outputs.Record.read(out)
    assert record.files[FILES[0]] == _sha(b"new report")


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_a_second_run_into_the_same_folder_is_refused(tmp_path, observations, quick, capsys):
    from xnplan import lock

    out = tmp_path / "out"
    out.mkdir()
    with lock.hold_file(out / outputs.LOCK, exclusive=True, busy="busy"):
        assert assess(observations, out) == 1
    assert "另一个 xnplan assess 正在写入这个文件夹" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [outputs.LOCK]


def test_a_full_disk_leaves_no_staging_folder(tmp_path, observations, quick, monkeypatch, capsys):
    import errno

    from xnplan.assess import workbook

    def full(_assessment):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(workbook, "xlsx_bytes", full)
    out = tmp_path / "out"
    assert assess(observations, out) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [outputs.LOCK]  # no staging folder, no file half made


def test_the_page_reads_the_private_copy_not_the_evaluators_file(plan, tmp_path, observations):
    from xnplan.assess import evidence

    given = evidence.read_evidence(plan, observations, None, evidence.EVALUATOR)
    copy = evidence.save(given, tmp_path / "copy")
    observations.write_text(OBSERVED.replace("50,%", "99,%"), encoding="utf-8")  # saved again meanwhile
    again = evidence.load(copy)
    assert again.observations["value"].tolist() == given.observations["value"].tolist() == [50, 57]
    assert again.observations_label == "评估人提供的观测值"
