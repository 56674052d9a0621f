"""The report site's pages (xnplan.runner.index): the landing page and build.html, without a kernel.

Rows and manifests are written by hand into tmp_path; test_batch.py checks the pages a real batch
writes (every link leads to a file there too).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from xnplan.errors import ReportSetError
from xnplan.htmlpage import external_references
from xnplan.runner import index
from xnplan.runner.index import IndexRow
from xnplan.runner.reportset import ReportSpec
from xnplan.schema import TABLES

from .package_reports import package_reports

SPECS = {spec.slug: spec for spec in package_reports()}
BUILT_AT = "2026-11-30T11:10:00Z"  # 19:10 in Beijing
NEWEST = "2026-11-29T23:05:09Z"  # 07:05 on the 30th in Beijing


def row(
    slug: str,
    status: str = "ok",
    *,
    reason: str = "",
    conclusion: str | None = None,
    html: bool = True,
    failed: bool = False,
    answer: str | None = None,
) -> IndexRow:
    return IndexRow(
        spec=SPECS[slug],
        status=status,
        reason=reason,
        seconds=6.25,
        newest_input=NEWEST,
        built_at=BUILT_AT if html else "",
        html=f"{slug}.html" if html else None,
        ipynb=f"{slug}.ipynb" if html else None,
        failed_ipynb=f"{slug}.failed.ipynb" if failed else None,
        log=f"logs/{slug}.log" if failed or html else None,
        conclusion=conclusion,
        answer=answer,
    )


def sections(html: str) -> dict[str, str]:
    """Each <section>'s heading → its HTML."""
    found = re.findall(r"<section[^>]*>\s*<h2>(.*?)</h2>(.*?)</section>", html, flags=re.S)
    return {title: body for title, body in found}


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"#][^"]*)"', html)


# --- groups --------------------------------------------------------------------------------------


def test_every_report_has_its_group():
    groups = {slug: spec.group for slug, spec in SPECS.items()}
    assert groups == {
        "county_comparison": "总览",
        "plan_overview": "总览",
        "data_quality": "数据质量",
        **{
            f"county_investment-{s}": "分县市区"
            for s in ("xianan", "chibi", "jiayu", "tongshan", "tongcheng", "chongyang", "city")
        },
        "target_gap-2023": "评估",
        "target_gap-2025": "评估",
        "baseline_review": "评估",
    }


def test_a_group_outside_the_four_is_refused():
    with pytest.raises(ReportSetError, match="分组 '其他' 不在首页的分组"):
        ReportSpec("x", "x", "某报告", group="其他")


def test_landing_page_groups_reports_in_order():
    html = index.render_index([row(slug) for slug in SPECS], [], BUILT_AT)
    found = sections(html)
    assert list(found) == ["总览", "分县市区", "评估", "数据质量", "数据下载"]
    assert hrefs(found["总览"]) == ["county_comparison.html", "plan_overview.html"]  # the comparison first
    counties = ("xianan", "chibi", "jiayu", "tongshan", "tongcheng", "chongyang", "city")
    assert hrefs(found["分县市区"]) == [f"county_investment-{s}.html" for s in counties]
    assert hrefs(found["评估"]) == ["target_gap-2023.html", "target_gap-2025.html", "baseline_review.html"]
    assert hrefs(found["数据质量"]) == ["data_quality.html"]
    # the county table names each report by its county
    assert '<a href="county_investment-tongshan.html">通山县</a>' in found["分县市区"]


def test_an_empty_group_is_left_out():
    html = index.render_index([row("plan_overview"), row("data_quality")], [], BUILT_AT)
    assert list(sections(html)) == ["总览", "数据质量", "数据下载"]


# --- conclusions from the manifests --------------------------------------------------------------


def write_manifest(out: Path, slug: str, content: str) -> Path:
    path = index.manifest_path(out, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_conclusion_is_read_from_the_manifest(tmp_path):
    manifest = write_manifest(
        tmp_path,
        "county_investment-tongshan",
        json.dumps(
            {
                "slug": "county_investment-tongshan",
                "conclusion": "通山县：23行项目，20.69亿元，占全市23.4%",
                "exhibits": [],
            },
            ensure_ascii=False,
        ),
    )
    assert manifest == tmp_path / "county_investment-tongshan_files" / "manifest.json"
    assert index.read_conclusion(manifest) == "通山县：23行项目，20.69亿元，占全市23.4%"


@pytest.mark.parametrize(
    "content",
    [
        None,  # no manifest
        "{not json",  # half-written or corrupt
        "[1, 2]",  # not an object
        '{"slug": "s", "exhibits": []}',  # no conclusion key
        '{"conclusion": null}',
        '{"conclusion": 42}',
        '{"conclusion": "  \\n "}',
    ],
)
def test_a_missing_or_unusable_manifest_gives_no_line(tmp_path, content):
    path = index.manifest_path(tmp_path, "data_quality")
    if content is not None:
        write_manifest(tmp_path, "data_quality", content)
    assert index.read_conclusion(path) is None


def test_a_manifest_that_cannot_be_read_gives_no_line(tmp_path):
    path = index.manifest_path(tmp_path, "data_quality")  # a folder: reading it is an OSError
    path.mkdir(parents=True)
    assert index.read_conclusion(path) is None


def test_a_conclusion_spread_over_lines_becomes_one(tmp_path):
    path = write_manifest(tmp_path, "data_quality", json.dumps({"conclusion": "核对193项：\n不一致35项"}))
    assert index.read_conclusion(path) == "核对193项： 不一致35项"


def test_landing_page_shows_conclusions():
    rows = [
        row("plan_overview", conclusion="项目库331行项目，估算总投资88.49亿元"),
        row("county_investment-tongshan", conclusion="通山县：23行项目，20.69亿元，占全市23.4%"),
        row("county_investment-city", conclusion=None),
        row("data_quality", conclusion="核对<193>项 & 更多"),
    ]
    found = sections(index.render_index(rows, [], BUILT_AT))
    assert '<div class="conclusion">项目库331行项目，估算总投资88.49亿元</div>' in found["总览"]
    # the county's name is the row's first cell, so the conclusion drops "通山县："
    assert re.search(r">通山县</a></td><td>23行项目，20\.69亿元，占全市23\.4%</td>", found["分县市区"])
    assert re.search(r">市本级</a></td><td></td>", found["分县市区"])
    assert "核对&lt;193&gt;项 &amp; 更多" in found["数据质量"]  # text, not markup


# --- status: markers only when something is wrong -----------------------------------------------


def test_ok_reports_show_no_build_noise():
    html = index.render_index([row("plan_overview"), row("data_quality", "skipped")], [], BUILT_AT)
    body = html.split("<body>")[1].split("<footer>")[0]
    for noise in ("已生成", "最新", "marker", "6.2", "6.3", "秒", ".ipynb", "logs/", "alert", "2026年"):
        assert noise not in body, noise


def test_a_failed_report_shows_why_with_its_notebook_and_log():
    failed = row(
        "target_gap-2023", "failed", reason="ValueError: 观测值文件第3行: 单位不对\n第二行说明", failed=True
    )
    html = index.render_index([row("plan_overview"), failed], [], BUILT_AT)
    part = sections(html)["评估"]
    assert '<span class="marker failed">失败</span>' in part
    assert "本次生成失败，上面链接的是上次成功生成的版本。" in part
    assert "ValueError: 观测值文件第3行: 单位不对\n第二行说明" in part
    assert '<a href="target_gap-2023.failed.ipynb">出错的 notebook</a>' in part
    assert '<a href="logs/target_gap-2023.log">日志</a>' in part
    assert "2 份报告中有 1 份不是最新的" in html
    assert "marker" not in sections(html)["总览"]


def test_a_failed_report_never_built_links_nothing_but_its_notebook_and_log():
    failed = row(
        "baseline_review",
        "failed",
        html=False,
        failed=True,
        reason="notebook notebooks/baseline_review.ipynb does not exist",
    )
    part = sections(index.render_index([failed], [], BUILT_AT))["评估"]
    assert "本次生成失败。" in part and "上次成功" not in part
    assert hrefs(part) == ["baseline_review.failed.ipynb", "logs/baseline_review.log"]


def test_stale_and_missing_reports_are_marked():
    stale = row("plan_overview", "stale", reason=index.stale_reason(["inputs changed", "library changed"]))
    missing = row("data_quality", "missing", html=False)
    found = sections(index.render_index([stale, missing], [], BUILT_AT))
    assert '<span class="marker stale">已过期</span>' in found["总览"]
    assert "自上次生成以来改动了：输入数据、程序" in found["总览"]
    assert '<span class="marker missing">尚未生成</span>' in found["数据质量"]
    assert "数据质量：规划文本的核对结果" in found["数据质量"] and hrefs(found["数据质量"]) == []


# --- times and parameters -----------------------------------------------------------------------


def test_times_are_beijing_time():
    assert index.beijing_time(BUILT_AT) == "2026年11月30日 19:10（北京时间）"
    assert index.beijing_time("2026-12-31T16:30:00Z") == "2027年1月1日 00:30（北京时间）"
    assert index.beijing_time(NEWEST, zone_label=False) == "2026年11月30日 07:05"
    assert index.beijing_time("") == ""
    assert index.beijing_time("yesterday") == "yesterday"


def test_pages_state_their_times_in_beijing_time():
    rows = [row("plan_overview")]
    landing = index.render_index(rows, [], BUILT_AT)
    assert "<footer>本页生成于 2026年11月30日 19:10（北京时间）。" in landing
    assert '<a href="build.html">生成详情</a>' in landing
    build = index.render_build(rows, BUILT_AT)
    assert "本页生成于 2026年11月30日 19:10（北京时间）" in build
    assert '<td class="nowrap" data-label="生成时间">2026年11月30日 19:10</td>' in build  # built at
    assert '<td class="nowrap" data-label="最新输入">2026年11月30日 07:05</td>' in build  # newest input
    assert "T11:10" not in landing + build and "UTC" not in landing + build


def test_parameters_in_words():
    assert index.parameter_words(SPECS["county_investment-tongshan"]) == ["县市区=通山县"]
    assert index.parameter_words(SPECS["target_gap-2023"]) == [
        "评估年份=2023",
        "观测值文件=observations_public.csv",
        "项目进展文件=未提供",
    ]
    assert index.parameter_words(SPECS["plan_overview"]) == []
    unknown = ReportSpec("x", "x", "某报告", parameters={"colour": "red"})
    assert index.parameter_words(unknown) == ["colour=red"]


def test_build_page_lists_status_seconds_parameters_and_files():
    rows = [
        row("county_investment-tongshan"),
        row("target_gap-2025", "failed", reason="RuntimeError: 坏了", failed=True),
    ]
    build = index.render_build(rows, BUILT_AT)
    assert "共 2 份报告：已生成 1 份，失败 1 份。" in build
    assert "<div>县市区=通山县</div>" in build and "<div>观测值文件=observations_public.csv</div>" in build
    # 6.25 s to one decimal (round half to even)
    assert '<td class="num" data-label="用时（秒）">6.2</td>' in build
    assert "RuntimeError: 坏了" in build and "链接为上次成功的版本" in build
    assert hrefs(build) == [
        "index.html",
        "county_investment-tongshan.html",
        "county_investment-tongshan.ipynb",
        "logs/county_investment-tongshan.log",
        "target_gap-2025.html",
        "target_gap-2025.ipynb",
        "target_gap-2025.failed.ipynb",
        "logs/target_gap-2025.log",
    ]


# --- data downloads ------------------------------------------------------------------------------


def test_every_table_has_a_chinese_description():
    assert set(index.TABLE_DESCRIPTIONS) == set(TABLES)


def make_processed(folder: Path) -> dict[str, bytes]:
    files = {
        "plan.xlsx": b"PK\x03\x04 workbook",
        "projects.csv": "\ufeffproject_id\r\nP1.1.001\r\n".encode(),
        "population.csv": b"geography\r\n",
        "datapackage.json": b'{"resources": []}',
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "projects.parquet").write_bytes(b"PAR1")  # not for people: not copied
    return files


def test_publish_data_copies_workbook_csvs_and_datapackage(tmp_path):
    processed, out = tmp_path / "processed", tmp_path / "reports"
    files = make_processed(processed)
    assert sorted(index.publish_data(processed, out)) == sorted(files)
    assert {p.name: p.read_bytes() for p in (out / "data").iterdir() if p.name != index.PUBLISHED} == files


def test_publish_data_copies_only_what_changed_and_drops_what_went(tmp_path):
    processed, out = tmp_path / "processed", tmp_path / "reports"
    make_processed(processed)
    index.publish_data(processed, out)
    copy = out / "data" / "projects.csv"
    stamp = copy.stat().st_mtime_ns
    assert index.publish_data(processed, out) == []
    assert copy.stat().st_mtime_ns == stamp
    (processed / "projects.csv").write_bytes("\ufeffproject_id\r\nP1.1.002\r\n".encode())  # same size
    (processed / "population.csv").unlink()
    assert index.publish_data(processed, out) == ["projects.csv"]
    assert copy.read_bytes() == (processed / "projects.csv").read_bytes()
    assert sorted(p.name for p in (out / "data").iterdir() if p.name != index.PUBLISHED) == [
        "datapackage.json",
        "plan.xlsx",
        "projects.csv",
    ]


def test_publish_data_without_tables_writes_nothing(tmp_path):
    assert index.publish_data(tmp_path / "absent", tmp_path / "reports") == []
    assert not (tmp_path / "reports").exists()


def test_downloads_list_files_with_sizes_and_descriptions(tmp_path):
    processed, out = tmp_path / "processed", tmp_path / "reports"
    make_processed(processed)
    (processed / "projects.csv").write_bytes(b"x" * 88_000)  # 85.9 KiB
    index.publish_data(processed, out)
    files = index.data_files(out)
    assert [f.name for f in files] == ["plan.xlsx", "projects.csv", "population.csv", "datapackage.json"]
    part = sections(index.render_index([row("plan_overview")], files, BUILT_AT))["数据下载"]
    assert hrefs(part) == [
        "data/plan.xlsx",
        "data/projects.csv",
        "data/population.csv",
        "data/datapackage.json",
    ]
    assert "项目库明细：附件2项目库，每个项目一行" in part
    assert "2020年常住人口：2020年第七次人口普查" in part
    assert '<td class="num" data-label="大小">86 KB</td>' in part


def test_sizes():
    assert [index.size_text(n) for n in (0, 1002, 88_000, 5 * 1024 * 1024 + 200_000)] == [
        "1 KB",
        "1 KB",
        "86 KB",
        "5.2 MB",
    ]


def test_without_tables_the_downloads_say_so():
    part = sections(index.render_index([row("plan_overview")], [], BUILT_AT))["数据下载"]
    assert "数据表尚未生成" in part and hrefs(part) == []


# --- the pages as files --------------------------------------------------------------------------


def test_written_pages_are_offline_chinese_and_their_links_lead_to_files(tmp_path, linked_files_missing):
    out = tmp_path / "reports"
    make_processed(tmp_path / "processed")
    index.publish_data(tmp_path / "processed", out)
    for name in ("plan_overview.html", "plan_overview.ipynb", "logs/plan_overview.log"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("x", encoding="utf-8")
    rows = [row("plan_overview"), row("data_quality", "missing", html=False)]
    landing = index.write_index(out, rows)
    assert landing == out / "index.html"
    for page in (landing, out / "build.html"):
        html = page.read_text(encoding="utf-8")
        assert external_references(html) == [], page.name
        assert '<html lang="zh-CN">' in html and '<meta charset="utf-8">' in html
        assert linked_files_missing(page) == [], page.name
    assert '<a href="index.html">' in (out / "build.html").read_text(encoding="utf-8")


def test_linked_files_missing_finds_broken_links(tmp_path, linked_files_missing):
    (tmp_path / "here.html").write_text("x", encoding="utf-8")
    (tmp_path / "文件 1.csv").write_text("x", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        '<a href="here.html#top">ok</a> <a href="%E6%96%87%E4%BB%B6%201.csv">ok</a>'
        '<a href="https://example.org/x">web</a> <a href="#s1">ok</a> <h2 id="s1">s</h2>'
        '<a href="gone.html">x</a> <img src="img/a.png"> <a href="#nowhere">x</a>',
        encoding="utf-8",
    )
    assert linked_files_missing(page) == ["gone.html", "img/a.png", "#nowhere"]


def test_the_landing_page_opens_with_the_answers_the_reports_give():
    rows = [
        row(
            slug,
            answer=f"{slug}的答案。"
            if slug in ("county_comparison", "data_quality", "target_gap-2025")
            else None,
        )
        for slug in SPECS
    ]
    html = index.render_index(rows, [], BUILT_AT)
    answers = re.search(r'<ol class="answers".*?</ol>', html, flags=re.S).group(0)
    # Above the introduction and the groups; in the report set's order, each linking its report.
    assert html.index('class="answers"') < html.index('class="lead"') < html.index("<section")
    assert re.findall(r"<li>(\S+?)的答案。", answers) == [
        "county_comparison",
        "data_quality",
        "target_gap-2025",
    ]
    assert hrefs(answers) == ["county_comparison.html", "data_quality.html", "target_gap-2025.html"]
    assert ">详见县市区对比</a>" in answers and ">详见数据质量</a>" in answers


def test_without_answers_there_is_no_empty_box():
    assert 'class="answers"' not in index.render_index([row("plan_overview")], [], BUILT_AT)


def test_the_answer_is_read_from_the_manifest(tmp_path):
    manifest = tmp_path / "m.json"
    manifest.write_text(
        json.dumps({"conclusion": "一行", "answer": "一句\n话"}, ensure_ascii=False), encoding="utf-8"
    )
    assert (index.read_conclusion(manifest), index.read_conclusion(manifest, "answer")) == ("一行", "一句 话")
