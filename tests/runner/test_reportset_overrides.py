"""``xnplan reports -p NAME=VALUE`` (xnplan.runner.overrides): typed as the notebook's parameters
cell declares it, refused with the notebook's parameters listed, and part of the cache key."""

from __future__ import annotations

from dataclasses import replace

import pytest

from xnplan.errors import ParameterError
from xnplan.runner import overrides
from xnplan.runner.key import KeyMaker
from xnplan.runner.reportset import ReportSpec

from .tiny_project import write_notebook

CELL = (
    "top_n: int = 10  # 列出的行数\n"
    "share: float = 0.5\n"
    'label = "甲"  # 标签\n'
    "show = True\n"
    "anything = None\n"
    'downloads_dir = ""\n'
)


@pytest.fixture
def notebook(tmp_path):
    path = tmp_path / "notebooks" / "mine.ipynb"
    write_notebook(path, ["print(top_n)"], CELL)
    return path


def test_values_take_the_type_the_notebook_declares(notebook):
    declared = overrides.notebook_parameters(notebook)
    typed = {
        name: overrides.typed_value(name, text, declared[name])
        for name, text in (
            ("top_n", "5"),  # annotated int
            ("share", "1"),  # annotated float: 1.0, not 1
            ("label", "42"),  # no annotation, a text default: stays text
            ("show", "否"),  # no annotation, a boolean default
            ("anything", "2.5"),  # a default that says nothing: a number when it reads as one
        )
    }
    assert typed == {"top_n": 5, "share": 1.0, "label": "42", "show": False, "anything": 2.5}
    assert isinstance(typed["share"], float) and isinstance(typed["label"], str)
    assert overrides.typed_value("anything", "通山县", declared["anything"]) == "通山县"


def test_a_value_of_the_wrong_type_says_what_was_expected(notebook):
    declared = overrides.notebook_parameters(notebook)
    with pytest.raises(
        ParameterError,
        match=r"^-p top_n=五：top_n 应为整数（expected int）；笔记本中是 top_n: int = 10  # 列出的行数$",
    ):
        overrides.typed_value("top_n", "五", declared["top_n"])
    with pytest.raises(ParameterError, match="show 应为真假值（true/yes/1/是 或 false/no/0/否）"):
        overrides.typed_value("show", "maybe", declared["show"])


def test_parse_needs_name_and_value():
    assert overrides.parse(["top_n=5", " label = 乙 ", "empty="]) == {
        "top_n": "5",
        "label": "乙",
        "empty": "",
    }
    for text in ("top_n", "=5"):
        with pytest.raises(ParameterError, match=f"-p {text}：应写成 参数名=值"):
            overrides.parse([text])


def spec(slug: str = "mine", **parameters) -> ReportSpec:
    return ReportSpec("mine", slug, "我的分析", parameters, inputs=("data/raw/*.txt",))


def test_apply_sets_the_value_on_every_selected_report(notebook):
    specs = [spec("a", label="乙"), spec("b")]
    changed = overrides.apply(specs, ["top_n=3"], lambda name: overrides.notebook_parameters(notebook))
    assert [dict(s.parameters) for s in changed] == [{"label": "乙", "top_n": 3}, {"top_n": 3}]
    assert overrides.apply(specs, [], lambda name: {}) == specs


def test_an_unknown_name_lists_the_notebooks_parameters(notebook):
    with pytest.raises(ParameterError) as caught:
        overrides.apply([spec()], ["top=3"], lambda name: overrides.notebook_parameters(notebook))
    message = str(caught.value)
    assert message.startswith("-p top：笔记本 mine 没有参数 top；用 --only 只选有这个参数的报告")
    # every parameter a reader may give, as its cell writes it; downloads_dir is the runner's
    assert message.endswith(
        '它的参数：\n  top_n: int = 10  # 列出的行数\n  share: float = 0.5\n  label = "甲"  # 标签\n'
        "  show = True\n  anything = None"
    )
    with pytest.raises(ParameterError, match="-p downloads_dir：这个参数由 xnplan reports 自己填写"):
        overrides.apply(
            [spec()], ["downloads_dir=/tmp"], lambda name: overrides.notebook_parameters(notebook)
        )


def test_a_value_given_with_p_is_part_of_the_cache_key(tmp_path, notebook):
    keys = KeyMaker(tmp_path, notebook.parent)
    plain = keys.key(spec())
    [given] = overrides.apply([spec()], ["top_n=5"], lambda name: overrides.notebook_parameters(notebook))
    with_p = keys.key(given)
    assert with_p.key != plain.key
    # only the parameters part differs: same notebook, inputs and library
    assert [part for part in plain.parts if plain.parts[part] != with_p.parts[part]] == ["parameters"]
    # the default value given explicitly is still a different run from the notebook's own default
    [same_value] = overrides.apply(
        [spec()], ["top_n=10"], lambda name: overrides.notebook_parameters(notebook)
    )
    assert keys.key(same_value).key not in (plain.key, with_p.key)


def test_a_grid_parameter_is_chosen_with_only_not_given_with_p(notebook):
    # county_investment-tongshan showing 赤壁市 would be a page whose file name says another county
    tongshan = ReportSpec("mine", "mine-tongshan", "通山县", {"county": "通山县"}, grid=("county",))
    with pytest.raises(
        ParameterError, match=r"^-p county：报告 mine-tongshan 的 county 由 reports.toml 的 grid 决定"
    ):
        overrides.apply([tongshan], ["county=赤壁市"], lambda name: {"county": {"name": "county"}})


def test_a_title_edited_in_reports_toml_rebuilds_the_page(tmp_path, notebook):
    # the title is the page's <title> and heading bar: a new one is a new page, under the same slug
    keys = KeyMaker(tmp_path, notebook.parent)
    before, after = (keys.key(replace(spec(), title=title)) for title in ("我的分析", "乡镇养老设施"))
    assert [part for part in before.parts if before.parts[part] != after.parts[part]] == ["parameters"]
