"""What an evaluator's files bring to the target_gap page stays text, and a path parameter pointing at
a file that is not an input (``../../etc/passwd``) is refused unread.

The page never names a file: ``xnplan assess`` says whose the figures are (评估人提供的观测值), the
batch says nothing. So a file name with a tag, backticks or newlines must not reach the page at all,
and the text inside the file (sources with their addresses, responsible bodies, explanations,
judgements' reasons) is shown as text. Each output the page displays is rendered as nbconvert renders
it (Markdown through nbconvert's markdown2html, HTML as it is) and the whole page is then parsed.
"""

from __future__ import annotations

import pickle
import shutil
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from xnplan.errors import InputValidationError
from xnplan.paths import ROOT
from xnplan.report import exhibits
from xnplan.report import target_gap as page

PUBLIC = ROOT / "data" / "raw" / "observations" / "observations_public.csv"
STATUS = "project_id,status,invested_wan,as_of,note\nP1.1.001,completed,3965,2023-12-31,\n"
HOSTILE_NAMES = [
    "<img src=x onerror=alert(1)>.csv",
    "a`<img src=x onerror=alert(1)>`.csv",
    "``<img src=x onerror=alert(1)>`.csv",
    "第一行\n<img src=x onerror=alert(1)>\n# 标题\n.csv",
    "<svg onload=alert(1)>[链接](javascript:alert(1)).csv",
]
# What no page may show of those names (a backtick alone is searched in the page only: a pickle's bytes
# may hold one by chance); one name holds every piece, for the page that is rendered.
NAME_PIECES = ("onerror", "onload", "javascript", "alert(1)", "第一行", "[链接]")
EVERY_PIECE = (
    "第一行\n<img src=x onerror=alert(1)>`x`\n# 标题\n<svg onload=alert(1)>[链接](javascript:alert(1)).csv"
)
# A source whose title holds a tag, backticks and a line break, and whose address tries to leave its
# attribute; a responsible body, a reason and an explanation written as HTML.
SOURCE_TITLE = "<img src=x onerror=alert(1)>年报`x`\n第二行"
SOURCE_URL = 'http://x.cn/"><script>alert(1)</script>'
QUOTE = '"'  # doubled inside a quoted CSV cell
HOSTILE_TEXT = (
    "indicator_id,geography,year,value,unit,as_of,source,reliability,note,judgement,judgement_reason,"
    "responsible,explanation\n"
    f'I14-04,全市,2023,50,%,2023-12-31,"{SOURCE_TITLE}, {SOURCE_URL.replace(QUOTE, QUOTE * 2)}",'
    '部门统计,,已完成,<b onclick=alert(1)>理由</b>,<i>民政局</i>,"说明<svg onload=alert(1)>"\n'
)
HOSTILE_STATUS = (
    "project_id,status,invested_wan,as_of,note,responsible\n"
    "P1.1.050,cancelled,,2023-12-31,,<img src=x onerror=alert(2)>\n"
)


class _Page(HTMLParser):
    """The tags, attributes and text of the rendered page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data) -> None:
        self.text.append(data)


def rendered(displayed: list[dict[str, str]]) -> tuple[str, _Page]:
    # imported here: collecting this module would import nbconvert (about a second) in every worker
    from nbconvert.filters.markdown import markdown2html

    html = "\n".join(
        markdown2html(b["text/markdown"]) if "text/markdown" in b else b["text/html"] for b in displayed
    )
    parsed = _Page()
    parsed.feed(html)
    return html, parsed


def shown(a, displayed) -> tuple[str, _Page]:
    ex = exhibits.Exhibits()
    page.show(a, ex)
    ex.finish()
    return rendered(displayed)


def assert_only_the_pages_own_elements(parsed: _Page) -> None:
    """No script, handler, frame or foreign image; links only to the page's anchors and web sources."""
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "svg", "iframe", "i")]
    assert not [(tag, key) for tag, attrs in parsed.tags for key in attrs if key.startswith("on")]
    images = [attrs["src"] for tag, attrs in parsed.tags if tag == "img"]
    assert all(src.startswith("data:image/png;base64,") for src in images)
    links = [attrs.get("href") or "" for tag, attrs in parsed.tags if tag == "a"]
    assert all(href.startswith(("#", "http://", "https://")) for href in links), links


def loaded(tmp_path: Path, name: str):
    """The page's assessment of the published observations and a status file, both saved as ``name``."""
    observations, status = tmp_path / "obs" / name, tmp_path / "status" / name
    observations.parent.mkdir()
    status.parent.mkdir()
    shutil.copy(PUBLIC, observations)
    status.write_text(STATUS, encoding="utf-8")
    return page.load(2023, str(observations), str(status))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_file_name_is_not_kept_in_what_the_page_is_made_from(tmp_path, name) -> None:
    # page.show draws only from the assessment it is given: with no piece of the name in it (pickled,
    # every string it holds is there in UTF-8), no piece can reach the page, whatever the page does.
    kept = pickle.dumps(loaded(tmp_path, name))
    assert not [piece for piece in (name, *NAME_PIECES) if piece.encode() in kept]


def test_a_file_name_never_reaches_the_page(tmp_path, displayed, undrawn_charts) -> None:
    html, parsed = shown(loaded(tmp_path, EVERY_PIECE), displayed)
    assert_only_the_pages_own_elements(parsed)
    # No piece of the name, raw or escaped (the published file holds none of these words).
    assert not [piece for piece in (*NAME_PIECES, "`") if piece in html]
    # The data are described without a file: the 56 rows less 19 of 2024–2025 (18 standards, 崇阳县's
    # 2024 bed share) leave 37, one of them city-wide (I14-11's 2020 value).
    assert "本次评估使用观测值和判断37条（全市1条、县市区36条），来源如下：" in "".join(parsed.text)


def test_text_inside_the_files_is_shown_as_text(tmp_path, displayed, undrawn_charts) -> None:
    (tmp_path / "obs.csv").write_text(HOSTILE_TEXT, encoding="utf-8")
    (tmp_path / "status.csv").write_text(HOSTILE_STATUS, encoding="utf-8")
    html, parsed = shown(page.load(2023, str(tmp_path / "obs.csv"), str(tmp_path / "status.csv")), displayed)
    assert_only_the_pages_own_elements(parsed)
    text = "".join(parsed.text)
    # The source is listed under 数据来源 and in 资料来源 with its address, each whole and as text.
    assert f"{SOURCE_TITLE}（部门统计，2023年数据1条）" in text
    assert f"{SOURCE_TITLE}，{SOURCE_URL}" in text
    assert ("a", {"href": SOURCE_URL}) in parsed.tags  # the address stays inside its attribute
    for written in (
        "<i>民政局</i>",
        "说明<svg onload=alert(1)>",
        "已完成（<b onclick=alert(1)>理由</b>）",
        "<img src=x onerror=alert(2)>",
    ):
        assert written in text
    assert escape("<script>alert(1)</script>") in html and "<script" not in html


@pytest.mark.parametrize(
    "path",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "notebooks/target_gap.ipynb",
        "data/raw/xianning_civil_affairs_14th_fyp_draft.txt",
    ],
)
def test_a_path_that_is_not_an_input_file_is_refused_unread(path) -> None:
    with pytest.raises(InputValidationError, match="不是 CSV 或 .xlsx 文件") as refused:
        page.resolve_input(path)
    assert "root:" not in str(refused.value) and "咸宁" not in str(refused.value)
    with pytest.raises(InputValidationError, match="不是 CSV 或 .xlsx 文件"):
        page.load(2023, path)


def test_input_files_anywhere_are_still_accepted(tmp_path) -> None:
    outside = tmp_path / "observations_2023.CSV"
    assert page.resolve_input(str(outside)) == outside
    assert page.resolve_input(tmp_path / "观测值.xlsx") == tmp_path / "观测值.xlsx"
    assert page.resolve_input("data/raw/observations/observations_public.csv") == PUBLIC
    assert page.resolve_input("") is None and page.resolve_input("  ") is None  # no file
