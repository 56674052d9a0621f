"""The 2020 census as a stored table (population), read from data/raw/population_2020.csv."""

from __future__ import annotations

from pathlib import Path

import pytest

import xnplan
from xnplan import geo
from xnplan.errors import InputValidationError


def test_the_census_is_a_stored_table():
    population = xnplan.load().population.set_index("geography")
    # data/raw/population_2020.csv: 全市 2,658,316 (exact); 咸安区 65.76万, 崇阳县 427,130 (exact)
    assert population.at["全市", "resident_population"] == 2_658_316
    assert population.at["咸安区", "resident_population"] == 657_600
    assert population.at["崇阳县", "age60plus_share_pct"] == 17.23
    # six counties rounded to 100 add up to 14 more than the exact city figure (docs/notebooks.md)
    assert population.drop("全市")["resident_population"].sum() == 2_658_316 + 14
    assert "市本级" not in population.index


@pytest.fixture
def census_with(tmp_path):
    def write(old: str, new: str) -> Path:
        path = tmp_path / "population.csv"
        text = geo.POPULATION_PATH.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path
    return write


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("嘉鱼县,285600", "嘉鱼县,28.56万", "line 8: resident_population '28.56万' is not a number"),
    ("嘉鱼县,285600", "嘉鱼县,", "line 8: resident_population is empty"),
    # 市本级 is the city's own bodies, not a territory: it has no residents
    ("嘉鱼县,285600", "市本级,285600", "line 8: geography '市本级' fails isin"),
    ("嘉鱼县,285600", "赤壁市,285600", "line 8: geography '赤壁市' fails field_uniqueness"),
    ("geography,", "place,", "line 1: expected columns geography, resident_population"),
])
def test_a_bad_census_file_names_the_line(census_with, old, new, problem):
    path = census_with(old, new)
    with pytest.raises(InputValidationError, match="population.csv") as failure:
        geo.population(path)
    assert any(p.startswith(problem) for p in failure.value.problems), failure.value.problems
