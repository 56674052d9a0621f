"""The chart style: bundled CJK font, no missing glyphs, units on axes, 万元/亿元 formatting."""

from __future__ import annotations

import io
import warnings

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, fontManager

from xnplan.report import plots

CATEGORIES = pd.Series(
    {
        "普惠养老城企联动专项行动项目": 423356.55,
        "城乡公益性公墓与骨灰堂项目": 194733.77,
        "婚姻登记中心改造升级项目": 700.0,
    }
)
MATRIX = pd.DataFrame(
    {"咸安区": [3965.0, 0.0], "赤壁市": [300150.0, 700.0], "市本级": [0.0, 5000.0]},
    index=["普惠养老城企联动专项行动项目", "儿童福利设施项目"],
)


def _render(fig: Figure) -> bytes:
    """Rendering is where matplotlib looks glyphs up, so this is where a missing glyph would warn."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_bundled_font_is_found_and_registered():
    path = plots.font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf" and path.parent.parent.name == "mplfonts"
    plots.register_font()
    entries = sum(entry.fname == str(path) for entry in fontManager.ttflist)
    plots.register_font()  # idempotent: a second call adds nothing
    assert entries >= 1
    assert sum(entry.fname == str(path) for entry in fontManager.ttflist) == entries


def test_style_sets_fonts_after_the_seaborn_theme():
    plots.use_style()
    assert mpl.rcParams["font.sans-serif"][0] == plots.FONT_FAMILY
    assert mpl.rcParams["axes.unicode_minus"] is False
    resolved = findfont(FontProperties(family=["sans-serif"]), fallback_to_default=False)
    # The bundled file, or an identical system copy of the same family if the machine has one.
    assert FontProperties(fname=resolved).get_name() == plots.FONT_FAMILY


def test_missing_glyph_warning_is_caught_by_this_test_setup():
    """Control: without the CJK font, Chinese text does warn, so the checks below are meaningful."""
    fig = Figure()
    fig.add_subplot().set_title("估算总投资", family="DejaVu Sans")
    with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from font"):
        warnings.simplefilter("error")
        _render(fig)


@pytest.mark.parametrize(
    "draw",
    [
        lambda: plots.hbar(
            CATEGORIES, title="各大类估算总投资", xlabel="估算总投资", highlight="婚姻登记中心改造升级项目"
        ),
        lambda: plots.grouped_hbar(
            pd.DataFrame({"全部项目": [90.7, 9.3], "不含最大一行": [12.0, 88.0]}, index=["赤壁市", "通山县"]),
            title="各县市区投资占比",
            xlabel="占全市比重",
        ),
        lambda: plots.stacked_hbar(
            pd.DataFrame({"公共机构": [150.0, 26500.0], "企业": [300000.0, 0.0]}, index=["赤壁市", "通山县"]),
            title="公共机构与企业",
            xlabel="估算总投资",
        ),
        lambda: plots.heatmap(MATRIX, title="县市区×大类估算总投资"),
        lambda: plots.cumulative_share(
            {"全部项目": CATEGORIES, "不含最大一行": CATEGORIES.iloc[1:]}, title="投资集中度"
        ),
    ],
    ids=["hbar", "grouped", "stacked", "heatmap", "cumulative"],
)
def test_charts_render_chinese_without_missing_glyphs(draw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = _render(draw())
    assert png.startswith(b"\x89PNG")


def test_value_axis_carries_unit_and_bars_carry_values():
    fig = plots.hbar(CATEGORIES, title="各大类估算总投资", xlabel="估算总投资")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "估算总投资(万元)"  # the reports' one money unit, unless a chart asks
    labels = [t.get_text() for t in ax.texts]
    assert "423,357万元" in labels and "700万元" in labels
    in_yi = plots.hbar(CATEGORIES, title="各大类估算总投资", xlabel="估算总投资", unit=plots.YI).axes[0]
    assert in_yi.get_xlabel() == "估算总投资(亿元)"
    assert {"42.34亿元", "0.07亿元"} <= {t.get_text() for t in in_yi.texts}
    # Largest first when read top-down: barh draws from the bottom, so the top tick is last.
    assert ax.get_yticklabels()[-1].get_text() == "普惠养老城企联动专项行动项目"


def test_heatmap_colour_bar_names_its_unit():
    fig = plots.heatmap(MATRIX, title="县市区×大类估算总投资")
    colour_bar = fig.axes[1]
    assert "万元" in colour_bar.get_ylabel()
    cells = [t.get_text() for t in fig.axes[0].texts]
    assert cells == ["3,965", "300,150", "700", "5,000"]  # the two zero cells carry no number


def test_formatters():
    # 附件1 合计 884933.66万元 (raw line 823) is the 88.49亿元 of the plan.
    assert plots.fmt_yi(884933.66) == "88.49亿元"
    assert plots.fmt_wan(300000) == "300,000万元"
    assert plots.fmt_wan(884933.66, decimals=2) == "884,933.66万元"
    assert plots.fmt_pct(33.901) == "33.9%"
    assert [plots.PLAIN_TICKS(v) for v in (0, 2.5, 1200, 0.125)] == [
        "0",
        "2.5",
        "1,200",
        "0.13",
    ]  # 0.125 half-up


def test_shorten_and_wrap():
    assert plots.shorten("普惠养老城企联动专项行动健康九九医养融合管理", 8) == "普惠养老城企联…"
    two_lines = plots.shorten("普惠养老城企联动专项行动健康九九医养融合管理", 8, 2)
    assert two_lines == "普惠养老城企联动\n专项行动健康九…"
    assert plots.shorten("儿童福利设施项目", 8, 2) == "儿童福利设施项目"
    wrapped = plots.wrap("流浪乞讨人员救助管理站新建与升改造项目", 10)
    assert wrapped == "流浪乞讨人员救助管理\n站新建与升改造项目"


def test_table_html_aligns_figures_right_text_left_and_is_stable():
    frame = pd.DataFrame({"县市区": ["通山县", "<b>"], "估算总投资(万元)": ["206,885.00", "—"]})
    html = plots.table_html(frame)
    assert html == plots.table_html(frame.copy())  # same content, same id: nbval can compare it
    assert "td.col0 {\n  text-align: left;" in html and "td.col1 {\n  text-align: right;" in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "row0" in html and "level0_row" not in html  # no index column


def test_table_html_keeps_figures_whole_and_gives_long_text_a_minimum_width():
    explanation = "附件1印刷的合计与附件2逐行相加的结果不同，差额等于一行的投资" * 2  # 62 characters
    frame = pd.DataFrame(
        {
            "编号": ["G-1"],
            "说明": [explanation],
            "差额(万元)": ["884,933.66"],
            "结论": ["无法评估"],
            "县市区": ["通山县、崇阳县"],
        }
    )
    html = plots.table_html(frame)
    # Figures and short words may not wrap even where the print style lets every other cell break.
    for whole in ("col0", "col2", "col3"):
        assert f"td.{whole} {{\n  white-space: nowrap !important;" in html
    for breakable in ("col1", "col4"):  # long text; seven characters
        assert f"td.{breakable} {{\n  white-space: nowrap !important" not in html
    # 62 characters → 62 // 4 = 15em, capped: a few lines instead of a column five characters wide.
    assert "min-width: 14em" in html  # capped at MAX_MIN_WIDTH_EM
    assert "td.col0 {\n  text-align: left;\n  white-space: nowrap;\n}" in html  # a short id, on screen


def test_grouped_bars_of_counts_leave_empty_bars_unlabelled():
    # 全市 67 无法评估, 0 无目标; 县市区 2 and 18: the zero bar gets no "0项" label.
    counts = pd.DataFrame({"全市": [67, 0], "县市区": [2, 18]}, index=["无法评估", "无目标"])
    fig = plots.grouped_hbar(
        counts, title="评估结论", xlabel="项数", unit=plots.Unit("项"), label_zeros=False
    )
    labels = sorted(t.get_text() for t in fig.axes[0].texts if t.get_text())
    assert labels == ["18项", "2项", "67项"]
    shares = plots.grouped_hbar(counts / 100, title="占比", xlabel="占比")  # a 0.0% share is a figure
    assert "0.0%" in [t.get_text() for t in shares.axes[0].texts]


def test_tick_text_has_no_trailing_zeros():
    # The axis labels carry the unit; a tick shows the figure as number_text does: 1200 → 1,200.
    assert [plots.PLAIN_TICKS(v) for v in (1200.0, 2.5, 0.0, 1234.567)] == ["1,200", "2.5", "0", "1,234.57"]


def test_no_wrapped_label_line_starts_with_closing_punctuation():
    # 16 characters to a line would start the second line of this category with "、": it stays on the
    # first, which runs one character over.
    label = plots.shorten("殡葬服务设施(新建或改扩建殡仪馆、火化设备更新)", 16, 2)
    assert label == "殡葬服务设施(新建或改扩建殡仪馆、\n火化设备更新)"
    assert plots.wrap("一二三四五六七八九十）、十一", 10) == "一二三四五六七八九十）、\n十一"


def test_series_are_told_apart_by_pattern_as_well_as_colour():
    frame = pd.DataFrame({"全部项目": [40.0, 20.0], "不含最大一行": [30.0, 25.0]}, index=["赤壁市", "通山县"])
    fig = plots.grouped_hbar(frame, title="占比", xlabel="占比")
    legend = fig.axes[0].get_legend()
    hatches = {
        t.get_text(): p.get_hatch() or ""
        for t, p in zip(legend.get_texts(), legend.get_patches(), strict=True)
    }
    assert hatches == {"全部项目": "", "不含最大一行": "///"}
