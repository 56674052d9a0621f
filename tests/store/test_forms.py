"""xnplan.store.forms: the analysis form of ``xnplan.load()`` and the Parquet files, and the stage form.

Expected values are read from the plan text (data/raw/xianning_civil_affairs_14th_fyp_draft.txt) and
its curated files, as each test says.
"""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest

import xnplan
from xnplan.errors import DisplayLabelError
from xnplan.facts import COUNTIES, TERRITORIES, WHOLE_CITY
from xnplan.paths import DEFAULT_PROCESSED
from xnplan.plan import Plan
from xnplan.schema import DESCRIPTIONS_ZH, TABLES
from xnplan.store.forms import analysis_form, column_attrs, labelled, stage_form, text_columns


@pytest.fixture(scope="module")
def analysed() -> Plan:
    return xnplan.load()


def test_counties_are_ordered_in_the_plan_s_order(analysed) -> None:
    county = analysed.projects["county"]
    assert isinstance(county.dtype, pd.CategoricalDtype) and county.dtype.ordered
    # facts.COUNTIES: the six territories as the plan lists them (咸安区 first, 崇阳县 last), then 市本级.
    assert list(county.cat.categories) == [
        "咸安区",
        "赤壁市",
        "嘉鱼县",
        "通山县",
        "通城县",
        "崇阳县",
        "市本级",
    ]
    assert list(county.cat.categories) == list(COUNTIES)
    # Sorting follows the plan, not Unicode (in Unicode 嘉鱼县 < 咸安区).
    assert county.sort_values().iloc[0] == "咸安区"
    geography = analysed.population["geography"]
    assert list(geography.cat.categories) == [WHOLE_CITY, *TERRITORIES] and geography.dtype.ordered


def test_the_parquet_file_keeps_the_order_and_the_csv_stays_text() -> None:
    plain = pd.read_parquet(DEFAULT_PROCESSED / "projects.parquet")
    assert plain["county"].dtype == pd.CategoricalDtype(list(COUNTIES), ordered=True)
    # The labels travel in the pandas metadata: plain pandas reads them into attrs too.
    assert plain.attrs == column_attrs("projects")
    csv = pd.read_csv(DEFAULT_PROCESSED / "projects.csv", keep_default_na=False)
    assert pd.api.types.is_string_dtype(csv["county"]) and not isinstance(
        csv["county"].dtype, pd.CategoricalDtype
    )


def test_missing_text_is_na_not_an_empty_string(analysed) -> None:
    for name, table in analysed.tables().items():
        for col in text_columns(name):
            assert not table[col].eq("").any(), f"{name}.{col} holds ''"
    # 咸安区61个村级日间照料中心项目 (line 993, 咸安区各村委会) names no township: missing, so
    # value_counts leaves it out instead of ranking "" first.
    projects = analysed.projects.set_index("project_id")
    assert projects.loc["P1.1.001", "township"] is pd.NA
    assert analysed.projects["township"].value_counts().index[0] == "天城镇"


def test_the_stage_form_keeps_empty_strings(plan) -> None:
    # The checks, the assessment and the reports compare against "": xnplan.store.load() keeps it.
    assert plan.projects.set_index("project_id").loc["P1.1.001", "township"] == ""
    county = plan.projects["county"]
    assert pd.api.types.is_string_dtype(county) and not isinstance(county.dtype, pd.CategoricalDtype)


def test_the_two_forms_turn_into_each_other(plan) -> None:
    for name, table in plan.tables().items():
        back = TABLES[name].validate(stage_form(name, analysis_form(name, table)))
        pd.testing.assert_frame_equal(back, table, obj=name)


def test_attrs_carry_label_unit_and_description(analysed) -> None:
    meta = analysed.projects.attrs
    assert (meta["table"], meta["title"]) == ("projects", "项目库明细")
    assert meta["columns"]["investment_wan"] == {
        "label": "估算总投资(万元)",
        "unit": "万元",
        "description": "Estimated total investment in 万元 as printed",
        "description_zh": "印刷的估算总投资（万元）",
    }
    # A bracket that is no unit (名称(附件1)) gives none; each row's own unit column neither.
    assert column_attrs("project_categories")["columns"]["name_summary"]["unit"] == ""
    assert analysed.catalogue.attrs["columns"]["unit"]["unit"] == ""
    for name, table in analysed.tables().items():
        assert list(table.attrs["columns"]) == list(table.columns), name


def test_labelled_renames_to_the_chinese_labels(analysed) -> None:
    shown = labelled(analysed.projects[["project_id", "investment_wan"]].assign(mine=1))
    assert list(shown.columns) == ["项目编号", "估算总投资(万元)", "mine"]
    assert xnplan.labelled is labelled


def test_labelled_refuses_a_table_without_labels() -> None:
    with pytest.raises(DisplayLabelError, match="xnplan.load"):
        labelled(pd.DataFrame({"a": [1]}))


def test_every_description_has_a_chinese_twin() -> None:
    for name in Plan.table_names():
        twins = DESCRIPTIONS_ZH[name]
        assert set(twins) == {"", *TABLES[name].columns}, name
        for col, text in twins.items():
            assert re.search(r"[\u4e00-\u9fff]", text), f"{name}.{col}: {text!r} is not Chinese"
    assert set(DESCRIPTIONS_ZH) == set(Plan.table_names())


def test_the_workbook_describes_the_columns_in_chinese() -> None:
    book = openpyxl.load_workbook(DEFAULT_PROCESSED / "plan.xlsx", read_only=True)
    notes = "\n".join(str(c) for row in book["说明"].iter_rows(values_only=True) for c in row if c)
    assert DESCRIPTIONS_ZH["projects"]["placed_by_location"] in notes
    assert "Estimated total investment" not in notes
