"""The 2020 census as a stored table (population), copied from data/raw/population_2020.csv."""

from __future__ import annotations

import pandera.errors
import pytest

from xnplan.schema import POPULATION


def test_the_census_is_a_stored_table(plan):
    population = plan.population.set_index("geography")
    # data/raw/population_2020.csv: 全市 2,658,316 (exact); 咸安区 65.76万, 崇阳县 427,130 (exact)
    assert population.at["全市", "resident_population"] == 2_658_316
    assert population.at["咸安区", "resident_population"] == 657_600
    assert population.at["崇阳县", "age60plus_share_pct"] == 17.23
    # six counties rounded to 100 add up to 14 more than the exact city figure (docs/notebooks.md)
    assert population.drop("全市")["resident_population"].sum() == 2_658_316 + 14
    assert "市本级" not in population.index


def test_a_census_row_for_a_non_territory_is_refused(plan):
    # 市本级 is the city's own bodies, not a territory: it has no residents
    census = plan.population
    with pytest.raises(pandera.errors.SchemaError, match="市本级"):
        POPULATION.validate(census.assign(geography=census["geography"].replace("嘉鱼县", "市本级")))
