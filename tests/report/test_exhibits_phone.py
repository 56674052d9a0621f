"""Charts on a 390-px phone (xnplan.report.exhibits): a narrow drawing whose smallest label stays at
10 CSS px or more, or, for a heatmap, the full-size chart in a box scrolled sideways."""

from __future__ import annotations

import base64
import io
import re

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from xnplan.report import county_comparison, exhibits, maps, plots

# A 390-px phone shows the page's text column 354 px wide (18 px of padding each side, measured in
# headless Chromium: an image with max-width 100% is drawn 354 px wide at a 390-px viewport).
PHONE_COLUMN_PX = 354
PT_TO_PX = 96 / 72  # CSS: 1 pt = 4/3 px


@pytest.fixture(name="captured")
def captured_fixture(monkeypatch) -> list[tuple[str, str]]:
    """(html, plain text) of each exhibit the page would show, in order."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(exhibits, "_display_html", lambda html, plain: shown.append((html, plain)))
    return shown


def smallest_label_pt(fig: Figure) -> float:
    """The font size of the smallest text the chart draws (titles included: the page hides them)."""
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(t.get_fontsize() for t in texts)


def css_width(png: bytes) -> float:
    """The CSS width the page gives an image drawn at plots.DPI (its density descriptor)."""
    return Image.open(io.BytesIO(png)).width * exhibits.CSS_DPI / plots.DPI


def shown_label_px(fig: Figure, png: bytes) -> float:
    """The smallest label in CSS px once the image is fitted into the phone's column."""
    scale = min(1.0, PHONE_COLUMN_PX / css_width(png))
    return smallest_label_pt(fig) * PT_TO_PX * scale


def long_bars() -> Figure:
    # The plan's nine categories, the longest name 28 characters: the widest labels a page draws.
    names = [
        "公办养老机构服务能力提升项目",
        "普惠养老城企联动专项行动项目",
        "殡葬服务设施(新建或改扩建殡仪馆、火化设备更新)",
        "城乡公益性公墓与骨灰堂项目",
        "婚姻登记中心改造升级项目",
    ]
    values = pd.Series([141940.0, 423357.0, 14224.0, 169934.0, 700.0], index=names)
    return plots.hbar(values, title="各大类估算总投资", xlabel="估算总投资")


def test_a_bar_chart_drawn_for_the_phone_fits_its_column_with_labels_of_10_px():
    fig = long_bars()
    png = exhibits.phone_png(fig)
    assert css_width(png) <= PHONE_COLUMN_PX
    # 8-pt bar values (the smallest text) are 10.7 px when the image is not shrunk.
    assert shown_label_px(fig, png) >= 10
    # The same chart on the page at its own width, 9 in = 864 px, shrinks to 354 px: ~4 px labels,
    # which is what the phone drawing is for.
    assert shown_label_px(fig, plots.png_bytes(fig)) < 6


def test_the_phone_drawing_leaves_the_chart_as_it_was():
    fig = long_bars()
    size = tuple(fig.get_size_inches())
    [ax] = fig.axes
    fig.canvas.draw()
    before = [t.get_text() for t in ax.get_yticklabels()]
    exhibits.phone_png(fig)
    fig.canvas.draw()
    assert tuple(fig.get_size_inches()) == size
    assert [t.get_text() for t in ax.get_yticklabels()] == before
    # the long name is cut onto two lines for the wide chart, not the seven-character lines of the phone
    assert "公办养老机构服务能力提升项目" in before


def test_the_phone_drawing_wraps_category_labels_to_seven_characters():
    fig = long_bars()
    seen: list[list[str]] = []
    original = exhibits._untitled_png

    def spy(figure):
        seen.append([t.get_text() for t in figure.axes[0].get_yticklabels()])
        return original(figure)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exhibits, "_untitled_png", spy)
        exhibits.phone_png(fig)
    lines = [line for label in seen[0] for line in label.split("\n")]
    # 公办养老机构服务能力提升项目 (14 characters) becomes 公办养老机构服 / 务能力提升项目.
    assert "公办养老机构服" in lines and "务能力提升项目" in lines
    assert max(len(line) for line in lines) <= exhibits.PHONE_LABEL_CHARS + 1  # 、 or ) kept on its line


def test_a_map_drawn_for_the_phone_keeps_its_labels_at_10_px():
    per_capita = pd.DataFrame(
        {
            "county": ["咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县"],
            "yuan_per_resident": [1186.0, 7904.0, 1783.0, 5287.0, 1867.0, 1896.0],
        }
    )
    fig = maps.per_capita_map(per_capita)
    png = exhibits.phone_png(fig)
    # Its note (9 pt, 12 px) keeps the drawing wider than the column: fitted, it is still >= 10 px.
    assert shown_label_px(fig, png) >= 10
    # The map keeps its shape: height scaled with the width (8.2 × 7.4 in → 3.4 × 3.07 in).
    assert exhibits.phone_size(fig) == pytest.approx((3.4, 7.4 * 3.4 / 8.2))


def test_a_heatmap_has_no_phone_drawing_and_scrolls_at_full_size(captured):
    matrix = pd.DataFrame(
        [[100.0, 0.0, 2500.0], [40.0, 800.0, 0.0]],
        index=["公墓", "养老"],
        columns=["通山县", "崇阳县", "赤壁市"],
    )
    fig = plots.heatmap(matrix, title="各县市区分大类估算总投资")
    assert not exhibits.narrows(fig)
    exhibits.Exhibits().figure(fig, "各县市区分大类估算总投资")
    [(html, _)] = captured
    assert '<div class="xn-wide-chart">' in html and "<source" not in html
    # At full size (1.05 × 3 + 3.4 = 6.55 in) its 8-pt cell figures are 10.7 px.
    assert smallest_label_pt(fig) * PT_TO_PX >= 10


def test_a_page_chart_offers_the_phone_drawing_to_narrow_screens_only(captured):
    exhibits.Exhibits().figure(long_bars(), "各大类估算总投资")
    [(html, _)] = captured
    source = re.search(
        r'<source media="\(max-width: (\d+)px\)" srcset="data:image/png;base64,(\S+) ([\d.]+)x">', html
    )
    assert source is not None
    assert int(source.group(1)) == exhibits.PHONE_MAX_PX
    # shown at its size in inches: 150 dpi pixels at 96 CSS px per inch
    assert float(source.group(3)) == pytest.approx(150 / 96, abs=1e-3)
    phone = Image.open(io.BytesIO(base64.b64decode(source.group(2))))
    assert phone.width * 96 / 150 <= PHONE_COLUMN_PX
    assert '<img class="xn-chart"' in html and "</picture>" in html


def test_small_multiples_scroll_at_full_size_and_a_colorbar_is_no_panel():
    plots.use_style()
    panels = Figure(figsize=(8.4, 3))
    for ax in panels.subplots(1, 2):
        ax.plot([2020, 2025], [600, 780])
    assert not exhibits.narrows(panels)
    # a map: one panel and its colour bar, drawn narrow
    per_capita = pd.DataFrame({"county": ["通山县"], "yuan_per_resident": [5287.0]})
    fig = maps.per_capita_map(per_capita)
    assert len(fig.axes) == 2 and exhibits.narrows(fig)


def standards() -> pd.DataFrame:
    # 2025's published standards of three counties (元/月, 元/月, 元/年), as county_comparison.standards gives
    return pd.DataFrame(
        {
            "城市低保": [783.0, 735.0, 736.0],
            "农村低保": [724.0, 663.0, 654.0],
            "特困供养": [14832.0, 13080.0, 13836.0],
        },
        index=pd.Index(["咸安区", "通山县", "崇阳县"], name="county"),
    )


def test_small_multiples_keep_their_panel_titles_on_the_page_and_lose_the_suptitle():
    fig = county_comparison.standards_chart(standards(), 2025)
    drawn: list[list[str]] = []
    original = plots.png_bytes

    def spy(figure, *args, **kwargs):
        drawn.append([ax.get_title() for ax in figure.axes] + [figure.get_suptitle()])
        return original(figure, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plots, "png_bytes", spy)
        exhibits._untitled_png(fig)
    assert drawn == [["城市低保", "农村低保", "特困供养", ""]]
    assert fig.get_suptitle() == "2025年各县市区社会救助标准（橙色为最低）"  # restored


def test_the_stacked_standards_fit_a_phone_and_are_offered_to_it(captured):
    levels = standards()
    phone = county_comparison.standards_chart(levels, 2025, stacked=True)
    png = exhibits._untitled_png(phone)
    assert css_width(png) <= PHONE_COLUMN_PX and shown_label_px(phone, png) >= 10
    # three panels one under another: their tops descend
    tops = [ax.get_position().y0 for ax in phone.axes]
    assert tops == sorted(tops, reverse=True) and len(tops) == 3
    wide = county_comparison.standards_chart(levels, 2025)
    assert not exhibits.narrows(wide)  # side by side, it would be squeezed
    exhibits.Exhibits().figure(wide, "2025年各县市区社会救助标准", phone=phone)
    [(html, _)] = captured
    assert "<source" in html and "xn-wide-chart" not in html
