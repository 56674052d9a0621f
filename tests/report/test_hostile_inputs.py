"""An evaluator's file name must not inject HTML into the target_gap page, and a path parameter pointing
at a file that is not an input (``../../etc/passwd``) is refused unread.

The page names the files in words (``Evidence.observations_label`` in 数据来源, the project-status
file in the 资料来源 of the project exhibits). Each output the page displays is rendered as nbconvert
renders it (Markdown through nbconvert's markdown2html, HTML as it is); the whole page must then hold
no element or attribute of the file name, only its text.
"""

from __future__ import annotations

import shutil
from html import escape
from html.parser import HTMLParser

import pytest
from nbconvert.filters.markdown import markdown2html

from xnplan.errors import InputValidationError
from xnplan.paths import ROOT
from xnplan.report import exhibits
from xnplan.report import target_gap as page

PUBLIC = ROOT / "data" / "raw" / "observations" / "observations_public.csv"
STATUS = "project_id,status,invested_wan,as_of,note\nP1.1.001,completed,3965,2023-12-31,\n"
HOSTILE = ["<img src=x onerror=alert(1)>.csv", "a`<img src=x onerror=alert(1)>`.csv",
           "``<img src=x onerror=alert(1)>`.csv", "第一行\n<img src=x onerror=alert(1)>\n# 标题\n.csv",
           "<svg onload=alert(1)>[链接](javascript:alert(1)).csv"]


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


def rendered(displayed: list[dict[str, str]]) -> str:
    return "\n".join(markdown2html(b["text/markdown"]) if "text/markdown" in b else b["text/html"]
                     for b in displayed)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_tag_in_a_file_name_is_shown_as_text(tmp_path, displayed, name) -> None:
    observations, status = tmp_path / "obs" / name, tmp_path / "status" / name
    observations.parent.mkdir()
    status.parent.mkdir()
    shutil.copy(PUBLIC, observations)
    status.write_text(STATUS, encoding="utf-8")
    a = page.load(2023, str(observations), str(status))
    ex = exhibits.Exhibits()
    page.show(a, ex)
    ex.finish()
    html = rendered(displayed)
    parsed = _Page()
    parsed.feed(html)
    # Only the page's own elements: no script, no handler, no link or image the name brought in.
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "svg", "iframe")]
    assert not [(tag, key) for tag, attrs in parsed.tags for key in attrs if key.startswith("on")]
    images = [attrs["src"] for tag, attrs in parsed.tags if tag == "img"]
    assert all(src.startswith("data:image/png;base64,") for src in images)
    links = [attrs.get("href") or "" for tag, attrs in parsed.tags if tag == "a"]
    assert not [href for href in links if "javascript" in href]
    # The name itself is there, whole, as text: in 数据来源 and in the project exhibits' 资料来源.
    text = "".join(parsed.text)
    assert f"取自评估人提供的观测值文件（{name}），来源如下" in text
    assert f"评估人提供的项目进展文件（{name}）" in text
    tag = name[name.index("<"):name.index(">") + 1]
    assert escape(tag) in html  # written escaped, so the browser shows it


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "notebooks/target_gap.ipynb",
                                  "data/raw/xianning_civil_affairs_14th_fyp_draft.txt"])
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
