"""xnplan.curated: the one reader of the curated files of data/raw/, against their pandera schemas."""

from __future__ import annotations

import math

import pytest

from xnplan import curated
from xnplan.errors import CuratedFileError

# Data rows counted in each file (comment lines and the header left out): 19 target links, 6 baseline
# links, 9 named facilities, 25 catalogue decisions, 7 county-level units + 70 townships, 全市 + 6 counties.
ROWS = {
    "target_indicator_links.csv": 19,
    "baseline_indicator_links.csv": 6,
    "prose_project_links.csv": 9,
    "indicator_catalogue.csv": 25,
    "gazetteer.csv": 77,
    "population_2020.csv": 7,
}


@pytest.mark.parametrize(("name", "rows"), ROWS.items())
def test_every_curated_file_reads(name, rows):
    frame = curated.read(name)
    assert len(frame) == rows
    assert list(frame.columns) == list(curated.SCHEMAS[name].columns)


def test_file_lines_count_comments_and_blank_lines(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text(
        "# one\n# two\nphrase,outline_id,indicator_id,reason\n\n甲,,I13-01,r\n# three\n乙,,I13-02,r\n",
        encoding="utf-8",
    )
    frame = curated.read(curated.BASELINE_LINKS.name, path)
    assert frame["phrase"].tolist() == ["甲", "乙"]
    assert frame.attrs["file_lines"] == [5, 7]


def test_a_wrong_header_names_both_column_lists(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("# comment\nphrase,indicator_id,reason\n甲,I13-01,r\n", encoding="utf-8")
    with pytest.raises(CuratedFileError) as caught:
        curated.read(curated.BASELINE_LINKS.name, path)
    assert caught.value.problems == [
        "第 2 行（表头）：列应为 phrase, outline_id, indicator_id, reason，"
        "实为 phrase, indicator_id, reason (header)"
    ]


def test_a_short_row_is_named(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("phrase,outline_id,indicator_id,reason\n甲,,I13-01\n", encoding="utf-8")
    with pytest.raises(CuratedFileError, match="第 2 行：有 3 个单元格，表头有 4 列"):
        curated.read(curated.BASELINE_LINKS.name, path)


def test_population_types_and_an_empty_share():
    table = curated.read(curated.POPULATION.name).set_index("geography")
    assert table.at["崇阳县", "resident_population"] == 427130
    assert table.at["崇阳县", "age60plus_share_pct"] == 17.23  # the only county with an age share
    assert math.isnan(table.at["全市", "age60plus_share_pct"])


def test_a_target_link_needs_an_indicator(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text(
        "phrase,outline_id,indicator_id,baseline_indicator_id,reason\n甲,,,,r\n", encoding="utf-8"
    )
    with pytest.raises(CuratedFileError, match="第 2 行：indicator_id 与 baseline_indicator_id 至少填一个"):
        curated.read(curated.TARGET_LINKS.name, path)


def test_a_county_row_belongs_to_itself(tmp_path):
    path = tmp_path / "gazetteer.csv"
    lines = (curated.RAW_DIR / curated.GAZETTEER.name).read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("county,赤壁市,赤壁市,", "county,赤壁市,咸安区,")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CuratedFileError, match="第 3 行：county 行的 county 应与 name 相同"):
        curated.read(curated.GAZETTEER.name, path)
