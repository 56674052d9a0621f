"""The report-set file (reports.toml) read by xnplan.runner.reportset: grids, groups, inputs, the
notebooks it does not name, and a clear Chinese error naming the file and the key for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xnplan.errors import ReportSetError
from xnplan.runner.reportset import declaration, group_order, read_report_set, report_set

from .tiny_project import write_notebook

HEAD = """
groups = ["总览", "分县市区", "自建分析"]
researcher_group = "自建分析"
[inputs]
common = ["data/raw/*.txt"]
maps = ["data/raw/boundaries/*"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reports.toml"
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def test_a_grid_makes_one_report_per_combination(tmp_path):
    path = write(
        tmp_path,
        """
[[report]]
notebook = "county"
slug = "county-{county}-{year}"
title = "{county}{year}年"
group = "分县市区"
inputs = ["common", "maps"]
parameters = { top_n = 5 }
grid = { county = ["通山县", "市本级"], year = [2023, 2025] }
""",
    )
    specs = read_report_set(path).reports
    # 2 counties × 2 years, the first parameter varying slowest; counties by their file names
    assert [s.slug for s in specs] == [
        "county-tongshan-2023",
        "county-tongshan-2025",
        "county-city-2023",
        "county-city-2025",
    ]
    assert [s.title for s in specs] == ["通山县2023年", "通山县2025年", "市本级2023年", "市本级2025年"]
    assert dict(specs[1].parameters) == {"top_n": 5, "county": "通山县", "year": 2025}
    assert specs[0].inputs == ("data/raw/*.txt", "data/raw/boundaries/*")
    assert specs[0].groups == ("总览", "分县市区", "自建分析")
    assert specs[0].grid == ("county", "year")


def test_inputs_default_to_the_common_set(tmp_path):
    path = write(tmp_path, '[[report]]\nnotebook = "a"\nslug = "a"\ntitle = "甲"\ngroup = "总览"\n')
    [spec] = read_report_set(path).reports
    assert (spec.inputs, dict(spec.parameters), spec.path_parameters) == (("data/raw/*.txt",), {}, ())


def test_notebooks_the_file_does_not_name_join_the_researchers_group(tmp_path):
    path = write(
        tmp_path, '[[report]]\nnotebook = "declared"\nslug = "declared"\ntitle = "甲"\ngroup = "总览"\n'
    )
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks / "declared.ipynb", [], "x = 1")
    write_notebook(notebooks / "mine.ipynb", ["print(n)"], "n = 3")
    # a notebook without a parameters cell is not a report (nbformat: no tag on any cell)
    write_notebook(notebooks / "scratch.ipynb", [])
    (notebooks / "scratch.ipynb").write_text(
        (notebooks / "scratch.ipynb").read_text(encoding="utf-8").replace('"parameters"', '"other"'),
        encoding="utf-8",
    )
    specs = report_set(path, notebooks)
    assert [(s.slug, s.notebook, s.group) for s in specs] == [
        ("declared", "declared", "总览"),
        ("mine", "mine", "自建分析"),
    ]
    mine = specs[1]
    # its title is the notebook's first heading (write_notebook starts with "# 报告"); defaults: none given
    assert (mine.title, dict(mine.parameters), mine.inputs) == ("报告", {}, ("data/raw/*.txt",))
    assert group_order(specs) == ["总览", "自建分析"]


def test_a_notebook_that_is_not_json_is_kept_so_that_its_run_says_why(tmp_path):
    path = write(tmp_path, "")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "broken.ipynb").write_text("{not json", encoding="utf-8")
    [spec] = report_set(path, tmp_path / "notebooks")
    # KeyMaker then fails the run with "is not valid notebook JSON" (tests/runner/test_batch.py)
    assert (spec.slug, spec.title, spec.group) == ("broken", "broken", "自建分析")


def test_a_notebook_named_in_chinese_is_refused_with_its_path(tmp_path):
    path = write(tmp_path, "")
    write_notebook(tmp_path / "notebooks" / "我的分析.ipynb", [], "n = 3")
    with pytest.raises(ReportSetError, match="我的分析.ipynb：笔记本的文件名.*ASCII"):
        report_set(path, tmp_path / "notebooks")


def test_a_discovered_notebook_may_not_take_a_declared_slug(tmp_path):
    path = write(tmp_path, '[[report]]\nnotebook = "other"\nslug = "mine"\ntitle = "甲"\ngroup = "总览"\n')
    write_notebook(tmp_path / "notebooks" / "mine.ipynb", [], "n = 3")
    with pytest.raises(ReportSetError, match="两份报告的 slug 都是 mine"):
        report_set(path, tmp_path / "notebooks")


REPORT = '[[report]]\nnotebook = "a"\nslug = "a"\ntitle = "甲"\ngroup = "总览"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[[report]]\nnotebook = "a"\nslug = "a"\ntitle = "甲"\n',
            r"第1个 \[\[report\]\]（notebook = a） 的 group 应为非空的文字",
        ),
        (
            REPORT.replace('"总览"', '"其他"'),
            r"的 group 应为groups 中的一个（总览、分县市区、自建分析），实为 '其他'",
        ),
        (
            REPORT + "parameter = { n = 1 }\n",
            r"第1个 \[\[report\]\] 的键 parameter 应为以下之一：notebook、slug",
        ),
        (
            REPORT.replace('slug = "a"', 'slug = "通山"'),
            r"的 slug 应为ASCII 字母、数字、-、_ 组成的文件名.*实为 '通山'",
        ),
        (REPORT.replace('slug = "a"', 'slug = "a-{county}"'), r"的 slug 应为只用 grid 中的参数作 \{参数名\}"),
        (REPORT + 'inputs = ["map"]\n', r"的 inputs 应为\[inputs\] 中的名字（common、maps），实为 'map'"),
        (
            REPORT + "parameters = { n = 1 }\ngrid = { n = [1, 2] }\n",
            "的 grid 应为parameters 里没有的参数（n 两处都有）",
        ),
        (
            REPORT + 'path_parameters = ["data"]\n',
            "的 path_parameters 应为parameters 或 grid 中的参数名，实为 'data'",
        ),
        (REPORT + "grid = { n = [] }\n", "的 grid 的 n 应为非空的取值列表"),
        (
            REPORT + "parameters = { when = 2025-01-01 }\n",
            "的 parameters 的 when 应为文字、整数、小数或 true/false",
        ),
        (REPORT + REPORT, "两份报告的 slug 都是 a"),
        ('[[report]]\nnotebook = "a"\nslug = "a"\ntitle = "甲\n', "不是有效的 TOML"),
    ],
)
def test_mistakes_are_named_by_file_and_key(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(
        ReportSetError, match=f"^{str(path)}：.*{expected}" if "TOML" not in expected else expected
    ):
        report_set(path, tmp_path / "notebooks")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('researcher_group = "x"\n', "groups 应为非空的文字列表"),
        ('groups = ["甲", "甲"]\nresearcher_group = "甲"\n', "groups 应为互不重复的组名"),
        (
            'groups = ["甲"]\nresearcher_group = "乙"\n',
            "researcher_group 应为groups 中的一个（甲），实为 '乙'",
        ),
        ('groups = ["甲"]\nresearcher_group = "甲"\ninputs = ["x"]\n', r"\[inputs\] 应为一个表"),
        ('groups = ["甲"]\nresearcher_group = "甲"\nreport = 3\n', r"report 应为\[\[report\]\] 表的数组"),
        ('groups = ["甲"]\nresearcher_group = "甲"\ngroup = "甲"\n', "文件顶层的键 group 应为以下之一"),
    ],
)
def test_mistakes_at_the_top_of_the_file(tmp_path, head, expected):
    path = tmp_path / "reports.toml"
    path.write_text(head, encoding="utf-8")
    with pytest.raises(ReportSetError, match=expected):
        read_report_set(path)


def test_a_missing_file_says_what_it_is_for(tmp_path):
    with pytest.raises(ReportSetError, match="reports.toml：没有报告集文件"):
        read_report_set(tmp_path / "reports.toml")


# --- property: whatever the file holds, the reader answers with reports or a ReportSetError ---------

SCALARS = st.one_of(st.text(max_size=8), st.integers(), st.floats(allow_nan=False), st.booleans())
VALUES = SCALARS | st.lists(SCALARS, max_size=3) | st.dictionaries(st.text(max_size=4), SCALARS, max_size=3)
KEYS = st.sampled_from(
    ["notebook", "slug", "title", "group", "parameters", "grid", "path_parameters", "inputs", "x"]
)
REPORT_TABLES = st.dictionaries(
    KEYS, VALUES | st.sampled_from(["a", "b-{n}", "总览", "自建分析", "common"]), max_size=8
)
FILES = st.fixed_dictionaries(
    {},
    optional={
        "groups": st.sampled_from([["总览", "自建分析"], []]) | VALUES,
        "researcher_group": st.sampled_from(["自建分析", "总览"]) | VALUES,
        "inputs": st.sampled_from([{"common": ["data/raw/*.txt"]}]) | VALUES,
        "report": st.lists(REPORT_TABLES, max_size=3) | VALUES,
    },
)


@given(data=FILES)
def test_any_file_gives_reports_or_a_report_set_error(data):
    try:
        found = declaration(data, Path("reports.toml"))
    except ReportSetError as exc:
        assert str(exc).startswith("reports.toml：")
        return
    for spec in found.reports:
        assert spec.group in found.groups and spec.slug.isascii()


GOOD_SLUGS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,10}", fullmatch=True)


@given(
    slugs=st.lists(GOOD_SLUGS, min_size=1, max_size=4, unique=True),
    n=st.integers(),
    title=st.text(min_size=1).filter(lambda t: t.strip() and "{" not in t and "}" not in t),
)
def test_a_valid_file_keeps_what_it_declares(slugs, n, title):
    data = {
        "groups": ["总览", "自建分析"],
        "researcher_group": "自建分析",
        "report": [
            {"notebook": s, "slug": s, "title": title, "group": "总览", "parameters": {"n": n}} for s in slugs
        ],
    }
    specs = declaration(data, Path("reports.toml")).reports
    assert [(s.slug, s.title, dict(s.parameters)) for s in specs] == [(s, title, {"n": n}) for s in slugs]


def test_a_project_folder_without_reports_toml_runs_the_packages(tmp_path, monkeypatch):
    from xnplan import paths

    monkeypatch.setattr(paths, "ROOT", tmp_path)
    # this source tree is a checkout: its reports.toml is the package's
    assert paths._report_set_file() == paths.PACKAGE.parent / "reports.toml"
    (tmp_path / "reports.toml").write_text(HEAD, encoding="utf-8")
    assert paths._report_set_file() == tmp_path / "reports.toml"
    # an installed package without its copy: the project's file is named as missing
    monkeypatch.setattr(paths, "PACKAGE", tmp_path / "site-packages" / "xnplan")
    monkeypatch.setattr(paths, "PACKAGE_PROJECT", tmp_path / "site-packages" / "xnplan" / "_project")
    assert paths._report_set_file("other.toml") == tmp_path / "other.toml"
