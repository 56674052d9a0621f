"""Evaluators' input files: conversion, every kind of problem reported at once with its row."""

from __future__ import annotations

from pathlib import Path

import pytest

from xnplan.assess import inputs
from xnplan.errors import InputValidationError, ParameterError
from xnplan.paths import RAW_DIR

# The units the catalogue gives these indicators (I13-03: 元/年, from the prose at line 193).
UNITS = {"I13-01": "元/月", "I13-03": "元/年", "I14-04": "%", "I14-12": "%"}
HEADER = "indicator_id,geography,year,value,unit,as_of,source,reliability,note\n"
PUBLISHED = RAW_DIR / "observations" / "observations_public.csv"


def write(tmp_path: Path, text: str, name: str = "obs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(call) -> list[str]:
    with pytest.raises(InputValidationError) as info:
        call()
    return info.value.problems


def test_unit_conversion():
    assert inputs.convert(1147, "元/月", "元/年") == 13764  # 1147 × 12
    assert inputs.convert(13764, "元/年", "元/月") == pytest.approx(1147)
    assert inputs.convert(0.8336, "fraction", "%") == pytest.approx(83.36)
    assert inputs.convert(14, "‰", "%") == pytest.approx(1.4)
    assert inputs.convert(720, "元月", "元/月") == 720  # the plan's own copy lost the slash
    with pytest.raises(inputs.UnitError):
        inputs.convert(60, "%", "元/月")
    with pytest.raises(inputs.UnitError):
        inputs.convert(60, "个", "张")


def test_reads_and_converts(tmp_path):
    path = write(tmp_path, HEADER
                 + "I13-03,咸安,2023,1147,元/月,2023-04-01,咸宁网,mirror,\n"
                 + "I14-04,Chongyang,2024,0.8336,fraction,2024-08-06,county site,,\n"
                 + "I14-12,全市,2023,,%,,,,\n")  # blank value: not observed
    obs = inputs.read_observations(path, UNITS)
    assert obs["geography"].tolist() == ["咸安区", "崇阳县"]
    assert obs["value"].tolist() == pytest.approx([13764, 83.36])
    assert obs["value_as_given"].tolist() == [1147, 0.8336]
    assert obs["row"].tolist() == [1, 2]


def test_every_problem_is_listed_with_its_row(tmp_path):
    path = write(tmp_path, HEADER
                 + "I99-01,全市,2023,5,%,,src,,\n"  # row 1: unknown indicator
                 + "I13-01,火星县,2023,720,元/月,,src,,\n"  # row 2: unknown county
                 + "I13-01,咸安区,2023,七百,元/月,,src,,\n"  # row 3: not a number
                 + "I14-04,全市,2023,60,张,,src,,\n"  # row 4: unit cannot convert
                 + "I14-04,全市,2022,0.83,%,,src,,\n"  # row 5: a fraction under %
                 + "I13-01,嘉鱼县,2023,720,元/月,,src,,\n"  # row 6: fine
                 + "I13-01,嘉鱼,2023,720,元/月,,src,,\n"  # row 7: duplicate of row 6 (alias)
                 + "I13-01,通山县,2019,600,元/月,,src,,\n"  # row 8: year outside 2021–2025
                 + "I13-01,通城县,2023,680,元/月,April,,,\n"  # row 9: bad date, no source
                 + "I13-01,市本级,2023,680,元/月,,src,,\n")  # row 10: not a territory
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    expected = [
        ("row 1 (file line 2)", "unknown indicator_id 'I99-01'"),
        ("row 2 (file line 3)", "unknown county '火星县'"),
        ("row 3 (file line 4)", "'七百' is not a number"),
        ("row 4 (file line 5)", "'张' cannot be converted to '%'"),
        ("row 5 (file line 6)", "looks like a fraction; write 83 with unit %"),
        ("row 7 (file line 8)", "duplicate of row 6"),
        ("row 8 (file line 9)", "year '2019' must be a whole year from 2021 to 2025"),
        ("row 9 (file line 10)", "as_of 'April' is not a date"),
        ("row 9 (file line 10)", "source is empty"),
        ("row 10 (file line 11)", "市本级"),
    ]
    assert len(found) == len(expected)
    for (where, what), problem in zip(expected, found, strict=True):
        assert problem.startswith(where) and what in problem, problem


def test_header_problems(tmp_path):
    path = write(tmp_path, "indicator_id,geo,year,value,unit,as_of,source,reliability,note\n")
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    assert any("missing column(s) geography" in p for p in found)
    assert any("unknown column(s) geo" in p for p in found)
    assert problems_of(lambda: inputs.read_observations(write(tmp_path, "", "empty.csv"), UNITS))


def test_not_utf8(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "I13-01,咸安区,2023,720,元/月,,src,,\n").encode("gbk"))
    assert "CSV UTF-8" in problems_of(lambda: inputs.read_observations(path, UNITS))[0]


def test_excel_bom_and_ref_columns(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + HEADER.rstrip("\n") + ",ref_name\r\n"
                      + "I13-01,咸安区,2023,720,元/月,,src,,,城市低保\r\n").encode("utf-8"))
    assert inputs.read_observations(path, UNITS)["value"].tolist() == [720]


def test_published_observations_read_cleanly():
    units = {"I13-01": "元/月", "I13-02": "元/月", "I13-03": "元/年", "I14-04": "%"}
    obs = inputs.read_observations(PUBLISHED, units)
    # 6 counties × 3 indicators × 2 years (2023, 2025) + 赤壁 2022 × 3 + 崇阳 I14-04 2024
    assert len(obs) == 36 + 3 + 1
    assert set(obs["geography"]) == {"咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县"}
    assert (obs["source"] != "").all()


PROJECTS = ["P1.1.001", "P1.1.002", "P2.0.001"]
STATUS_HEADER = "project_id,status,invested_wan,as_of,note\n"


def test_project_status(tmp_path):
    path = write(tmp_path, STATUS_HEADER + "P1.1.001,completed,120.5,2023-12-31,\n"
                 + "P1.1.002,在建,,,\n" + "P2.0.001,,,,\n", "status.csv")
    status = inputs.read_project_status(path, PROJECTS)
    assert status["status"].tolist() == ["completed", "in_progress"]  # blank status: not reported
    assert status["invested_wan"].tolist()[0] == 120.5


def test_project_status_problems(tmp_path):
    path = write(tmp_path, STATUS_HEADER
                 + "P9.9.999,completed,10,,\n"  # row 1: unknown id
                 + "P1.1.001,done,10,,\n"  # row 2: bad status
                 + "P1.1.002,completed,-5,,\n"  # row 3: negative investment
                 + "P1.1.002,completed,5,,\n"  # row 4: duplicate of row 3, though row 3 was bad
                 + "P2.0.001,,7,,\n", "status.csv")  # row 5: investment without status
    found = problems_of(lambda: inputs.read_project_status(path, PROJECTS))
    assert [p.split(":")[0] for p in found] == [
        "row 1 (file line 2)", "row 2 (file line 3)", "row 3 (file line 4)", "row 4 (file line 5)",
        "row 5 (file line 6)"]
    assert "unknown project_id 'P9.9.999'" in found[0]
    assert "must be one of planned, in_progress, completed, cancelled" in found[1]
    assert "negative" in found[2]
    assert "duplicate of row 3" in found[3]
    assert "status is empty" in found[4]


def test_duplicate_project_rows(tmp_path):
    path = write(tmp_path, STATUS_HEADER + "P1.1.001,planned,,,\nP1.1.001,completed,,,\n", "s.csv")
    assert problems_of(lambda: inputs.read_project_status(path, PROJECTS)) == [
        "row 2 (file line 3): duplicate of row 1 (project P1.1.001)"]


def test_file_kind(tmp_path):
    assert inputs.file_kind(write(tmp_path, HEADER)) == "observations"
    assert inputs.file_kind(write(tmp_path, STATUS_HEADER, "s.csv")) == "project_status"
    with pytest.raises(InputValidationError, match="neither"):
        inputs.file_kind(write(tmp_path, "a,b\n1,2\n", "x.csv"))


def test_geography_aliases():
    assert inputs.resolve_geography("咸宁市") == "全市"
    assert inputs.resolve_geography("Tongcheng") == "通城县"
    with pytest.raises(ParameterError):
        inputs.resolve_geography("市本级")


def test_cli_check_and_templates(tmp_path, capsys):
    from xnplan.cli import main

    assert main(["check", str(PUBLISHED)]) == 0
    assert "40 row(s) with values, no problems" in capsys.readouterr().out
    bad = write(tmp_path, HEADER + "I14-04,崇阳,2024,0.8336,%,,county site,,\nI99,全市,2023,1,%,,x,,\n")
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "2 problem(s)" in err and "row 1 (file line 2)" in err and "row 2 (file line 3)" in err

    out = tmp_path / "obs.csv"
    assert main(["template", "observations", "--year", "2023", "--out", str(out)]) == 0
    template = out.read_text(encoding="utf-8-sig").splitlines()
    assert template[0] == HEADER.strip() + ",ref_name,ref_targets"
    assert any(line.startswith("I13-06,全市,2023,,%") for line in template)
    assert main(["check", str(out)]) == 0  # a blank template is valid: nothing observed yet
    status = tmp_path / "status.csv"
    assert main(["template", "project-status", "--out", str(status)]) == 0
    assert main(["check", str(status)]) == 0
    assert status.read_text(encoding="utf-8-sig").splitlines()[1].startswith("P1.1.001,,,,,")
