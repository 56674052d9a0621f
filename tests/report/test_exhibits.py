"""Numbered tables and figures (xnplan.report.exhibits): captions, sources cited once, downloads."""

from __future__ import annotations

import base64
import io
import json

import openpyxl
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from xnplan.report import exhibits, plots, present

SHOWN: list[tuple[str, str]] = []
CENSUS = "咸宁市第七次全国人口普查公报（2020年）"


@pytest.fixture(autouse=True)
def captured(monkeypatch):
    """What the page would show: (html, plain text) of each display, in order."""
    SHOWN.clear()
    monkeypatch.setattr(exhibits, "_display_html", lambda html, plain: SHOWN.append((html, plain)))
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: SHOWN.append((str(objs[0].data), "")))
    return SHOWN


def counties() -> pd.DataFrame:
    # Hand-made: 20000.5 + 5000 万元; the shares are worked by hand (20000.5 / 25000.5 = 80.0%).
    return pd.DataFrame(
        {
            "county": ["通山县", "崇阳县"],
            "lines": [3, 1],
            "investment_wan": [20000.5, 5000.0],
            "share_pct": [80.0, 20.0],
        }
    )


def chart(title: str = "各县市区估算总投资") -> Figure:
    plots.use_style()
    fig = Figure(figsize=(4, 2))
    ax = fig.add_subplot()
    ax.bar(["通山县", "崇阳县"], [2, 0.5])
    ax.set_title(title)
    return fig


def test_tables_and_figures_are_numbered_in_page_order_with_captions(tmp_path):
    ex = exhibits.Exhibits(tmp_path / "r_files", "r_files")
    ex.table(
        counties(),
        "各县市区项目",
        columns=["county", "lines", "investment_wan"],
        sources=[exhibits.PLAN_LIBRARY],
    )
    ex.figure(chart(), "各县市区估算总投资", sources=[exhibits.PLAN_LIBRARY])
    ex.table(counties(), "各县市区占比", columns=["county", "share_pct"])
    plains = [plain for _, plain in SHOWN]
    assert plains == ["[表1] 各县市区项目", "[图1] 各县市区估算总投资", "[表2] 各县市区占比"]
    first, figure, second = (html for html, _ in SHOWN)
    assert '<p class="xn-caption">表1　各县市区项目</p>' in first
    assert first.index("xn-caption") < first.index("<table")  # a table's caption stands above it
    assert figure.index("<img") < figure.index("xn-caption")  # a figure's below it
    assert 'id="table-01"' in first and 'id="figure-01"' in figure and 'id="table-02"' in second
    assert '<a href="r_files/r-表1.csv">CSV</a>' in first
    assert '<a href="r_files/r-图1.png">PNG（200 dpi）</a>' in figure
    # The displayed table is formatted text under headers with units.
    assert "估算总投资(万元)" in first and "20,000.50" in first


def test_sources_are_numbered_once_and_cited_by_number_after_the_first_time(tmp_path):
    ex = exhibits.Exhibits(tmp_path / "r_files", "r_files")
    census_url = "http://example.org/census"
    assert ex.ref(CENSUS, census_url) == "[1]"
    ex.table(counties(), "甲", columns=["county"], sources=[exhibits.PLAN_LIBRARY, (CENSUS, census_url)])
    ex.table(counties(), "乙", columns=["county"], sources=[exhibits.PLAN_LIBRARY])
    first, second = SHOWN[0][0], SHOWN[1][0]
    # Numbered in the order first cited (the census by ref), named in full under the first exhibit.
    assert (
        f'资料来源：<a href="#source-2">[2]</a> {exhibits.PLAN_LIBRARY}；<a href="#source-1">[1]</a> '
        f"{CENSUS}。" in first
    )
    assert '资料来源：<a href="#source-2">[2]</a>。' in second
    ex.finish()
    listing = SHOWN[-1][0]
    assert listing.count("<li") == 2
    assert f'<li id="source-1">{CENSUS}，<a href="{census_url}">' in listing
    assert [s["number"] for s in ex.manifest()["sources"]] == [1, 2]


def test_downloads_hold_raw_values_under_the_page_headers(tmp_path):
    folder = tmp_path / "r_files"
    ex = exhibits.Exhibits(folder, "r_files")
    ex.conclusion("通山县：3行项目，\n2.00亿元")
    ex.table(
        counties(),
        "各县市区项目",
        columns=["county", "investment_wan", "share_pct"],
        sources=[exhibits.PLAN_LIBRARY],
        note="市本级不计入。",
    )
    ex.figure(chart(), "各县市区估算总投资")
    ex.finish()
    csv = pd.read_csv(folder / "r-表1.csv", encoding="utf-8-sig")
    assert list(csv.columns) == ["县市区", "估算总投资(万元)", "占全市比重(%)"]
    assert csv["估算总投资(万元)"].tolist() == [20000.5, 5000.0]
    book = openpyxl.load_workbook(folder / "r-表1.xlsx")
    assert book.sheetnames == ["表1", "说明"]
    sheet = book["表1"]
    # Only the table: the header in row 1, numbers as numbers; the caption is the printed page header.
    assert list(sheet.iter_rows(values_only=True)) == [
        ("县市区", "估算总投资(万元)", "占全市比重(%)"),
        ("通山县", 20000.5, 80),
        ("崇阳县", 5000, 20),
    ]
    assert [c.number_format for c in sheet[2]] == ["@", "#,##0.00", "0"]
    assert sheet.oddHeader.center.text == "表1　各县市区项目"
    assert pd.read_excel(folder / "r-表1.xlsx")["估算总投资(万元)"].tolist() == [20000.5, 5000.0]
    said = [row[4] for row in book["说明"].iter_rows(min_row=2, values_only=True) if not row[1]]
    assert said == [
        "表1　各县市区项目",
        f"资料来源：[1] {exhibits.PLAN_LIBRARY}",
        "注：市本级不计入。",
        "共 2 行数据（不含第 1 行列名）",
    ]
    with Image.open(folder / "r-图1.png") as png:
        assert round(png.info["dpi"][0]) == exhibits.DOWNLOAD_DPI
    svg = (folder / "r-图1.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "<svg" in svg
    # The labels are text a reader can select and search, not glyph outlines.
    assert ">通山县</text>" in svg and ">崇阳县</text>" in svg
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["conclusion"] == "通山县：3行项目， 2.00亿元"
    assert [(e["number"], e["kind"], e["files"]) for e in manifest["exhibits"]] == [
        ("表1", "table", ["r-表1.csv", "r-表1.xlsx"]),
        ("图1", "figure", ["r-图1.png", "r-图1.svg"]),
    ]


def test_downloads_may_hold_more_columns_than_the_page_shows(tmp_path):
    folder = tmp_path / "r_files"
    ex = exhibits.Exhibits(folder, "r_files")
    ex.table(
        counties(),
        "各县市区项目",
        columns=["county", "investment_wan"],
        download_columns=["county", "investment_wan", "lines"],
    )
    html = SHOWN[0][0]
    assert "估算总投资(万元)" in html and "明细行数(行)" not in html
    csv = pd.read_csv(folder / "r-表1.csv", encoding="utf-8-sig")
    assert list(csv.columns) == ["县市区", "估算总投资(万元)", "明细行数(行)"]
    assert csv["明细行数(行)"].tolist() == [3, 1]


def test_without_a_folder_nothing_is_written_and_nothing_is_linked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ex = exhibits.Exhibits("", "")
    ex.table(counties(), "甲", columns=["county"], sources=[exhibits.PLAN])
    ex.figure(chart(), "乙")
    ex.finish()
    assert list(tmp_path.iterdir()) == []
    assert len(SHOWN) == 4 and all("xn-downloads" not in html for html, _ in SHOWN)


def test_the_page_image_leaves_the_title_to_the_caption_and_keeps_it_in_the_figure(tmp_path):
    fig = chart("带标题的图")
    exhibits.Exhibits().figure(fig, "带标题的图")
    assert fig.axes[0].get_title() == "带标题的图"
    html = SHOWN[0][0]
    assert 'alt="带标题的图"' in html and "width:384px" in html  # 4 in at 96 CSS px per inch
    png = html.split('src="data:image/png;base64,')[1].split('"')[0]  # the wide drawing, not the phone's
    with Image.open(io.BytesIO(base64.b64decode(png))) as page_image:
        with_title = Image.open(io.BytesIO(plots.png_bytes(fig)))
        assert page_image.height < with_title.height  # the title's line is not drawn on the page


def test_present_for_download_keeps_numbers_and_joins_line_lists():
    frame = pd.DataFrame({"investment_wan": [1234.5], "evidence_lines": [[12, 15]]})
    assert present.present(frame).iloc[0].tolist() == ["1,234.50", "12,15"]
    raw = present.present(frame, formatted=False)
    assert list(raw.columns) == ["估算总投资(万元)", "相关行号"]
    assert raw.iloc[0].tolist() == [1234.5, "12,15"]


def test_an_svg_download_is_the_same_bytes_every_time():
    # matplotlib seeds its clip-path ids from a random salt unless one is given: two renderings of the
    # same chart (as in two runs of a report) must give one file.
    fig = chart()
    assert exhibits.svg_bytes(fig) == exhibits.svg_bytes(chart())
    assert b"clip-path" in exhibits.svg_bytes(fig)


def test_tables_carry_a_caption_and_column_scope_for_screen_readers(tmp_path):
    exhibits.Exhibits(tmp_path / "r_files", "r_files").table(counties(), "各县市区项目", columns=["county"])
    html = SHOWN[0][0]
    assert '<caption class="xn-sr">表1　各县市区项目</caption>' in html
    assert html.count("<th ") == html.count('<th scope="col"') == 1


def test_a_figure_is_a_figure_element_with_its_caption(tmp_path):
    exhibits.Exhibits(tmp_path / "r_files", "r_files").figure(chart(), "各县市区估算总投资")
    html = SHOWN[0][0]
    assert html.startswith('<figure class="xn-exhibit xn-figure" id="figure-01">')
    assert '<figcaption class="xn-caption">图1　各县市区估算总投资</figcaption>' in html
