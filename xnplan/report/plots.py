"""The one chart style of the reports: CJK font, seaborn theme, unit-aware axes and value labels.

Charts are built on ``matplotlib.figure.Figure`` objects (not pyplot) so that notebooks show exactly
the figures they ask for, once, and nothing leaks between charts. Data go in as 万元 (or counts,
percentages, 元/人); a :class:`Unit` scales them for display, formats the value labels and names the
unit in the axis label, so every axis carries its unit.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import colors, ticker
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager

from xnplan.errors import FontError
from xnplan.numbers import fixed_text, number_text

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_FAMILY = "Noto Sans CJK SC"
WIDE_ONLY = "xn-wide-only"  # the gid of a chart that a phone shows at full width, scrolled (exhibits)
DPI = 150  # embedded in the page: sharp on screen and on paper (downloads are 200 dpi)
BAR_COLOR = "#3a6ea5"
ACCENT_COLOR = "#c8553d"
MUTED_COLOR = "#9aa5b1"
# Series colours in order: the first series (all lines, public bodies) is always the bar blue, the
# second (without the largest line, enterprises) the accent, so charts read alike.
# Printed in black and white, the series' colours become near-identical greys: a pattern tells them apart.
SERIES_HATCHES = ("", "///", "...", "xxx", "\\\\\\")
SERIES_COLORS = (BAR_COLOR, ACCENT_COLOR, MUTED_COLOR, "#5b8c5a", "#8c6bb1")


@dataclass(frozen=True)
class Unit:
    """How an amount is shown: 万元 values are divided by ``scale`` and printed with ``label``."""

    label: str
    scale: float = 1.0
    decimals: int = 0

    def format(self, value: float, *, decimals: int | None = None) -> str:
        d = self.decimals if decimals is None else decimals
        return fixed_text(value / self.scale, d) + self.label


YI = Unit("亿元", 1e4, 2)
WAN = Unit("万元", 1.0, 0)
PCT = Unit("%", 1.0, 1)
COUNT = Unit("个", 1.0, 0)
YUAN_PER_RESIDENT = Unit("元/人", 1.0, 0)


def fmt_yi(value_wan: float, decimals: int = 2) -> str:
    """万元 → '88.49亿元'."""
    return YI.format(value_wan, decimals=decimals)


def fmt_wan(value_wan: float, decimals: int = 0) -> str:
    """万元 → '300,000万元'."""
    return WAN.format(value_wan, decimals=decimals)


def fmt_pct(value_pct: float, decimals: int = 1) -> str:
    """A percentage (already ×100) → '33.9%'."""
    return PCT.format(value_pct, decimals=decimals)


def _plain_tick(value: float, _pos: object = None) -> str:
    """Tick text without unit (the axis label carries it): 1,200 / 2.5 / 0."""
    return number_text(value)


PLAIN_TICKS = ticker.FuncFormatter(_plain_tick)


# --- style -----------------------------------------------------------------------------------------


def font_path() -> Path:
    """The Noto Sans CJK SC file bundled in the mplfonts package (found without importing it)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise FontError(
            "the mplfonts package is not installed; it bundles the CJK font the charts need "
            "(pip install 'mplfonts>=0.0.8')"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / FONT_FILE
    if not path.is_file():
        raise FontError(f"{path}: the bundled CJK font is missing from the mplfonts package")
    return path


def register_font() -> None:
    """Add the bundled font to this process's font manager (idempotent; the manager is per process)."""
    path = str(font_path())
    if not any(entry.fname == path for entry in fontManager.ttflist):
        fontManager.addfont(path)


def use_style() -> None:
    """Apply the report style: seaborn theme first, then fonts (set_theme resets font settings)."""
    register_font()
    sns.set_theme(context="notebook", style="whitegrid", palette="deep")
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            # DejaVu Sans stays as fallback for any symbol the CJK font lacks.
            "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "axes.titlesize": 13,
            # Only the regular weight is bundled; asking for bold would log a findfont warning.
            "axes.titleweight": "normal",
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "savefig.bbox": "tight",
        }
    )


_styled = False


def _ensure_style() -> None:
    global _styled
    if not _styled:
        use_style()
        _styled = True


# --- output ----------------------------------------------------------------------------------------


def png_bytes(fig: Figure, dpi: int = DPI) -> bytes:
    """Render the figure to PNG (this is where glyphs are actually drawn)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


NUMBER_TEXT = r"[-+]?[\d,]*\.?\d*%?|—"
SHORT_CELL = 14
MAX_MIN_WIDTH_EM = 14
NEVER_BROKEN = 6  # characters: 无法评估, 基本符合预期, I14-01 stay whole


def table_html(frame: pd.DataFrame) -> str:
    """HTML of a display table: no index, text columns left-aligned, figure columns right-aligned.

    The table id is a hash of the content, so the HTML is the same on every run (nbval compares it)
    while two different tables on one page do not share column styles.
    """
    numeric = [
        i
        for i, c in enumerate(frame.columns)
        if len(frame) and frame[c].astype(str).str.fullmatch(NUMBER_TEXT).all()
    ]
    # Short columns (ids, figures, statuses) never wrap; long text wraps within its column.
    longest = [int(frame[c].astype(str).str.len().max()) if len(frame) else 0 for c in frame.columns]
    uuid = hashlib.sha1(frame.to_csv(index=False).encode("utf-8")).hexdigest()[:10]
    styles = [{"selector": "th", "props": "white-space: nowrap"}]
    styles += [
        {
            "selector": f"td.col{i}, th.col_heading.col{i}",
            "props": f"text-align: {'right' if i in numeric else 'left'}" + _width_rule(longest[i]),
        }
        for i in range(frame.shape[1])
    ]
    # A figure or a word of a few characters is never broken across lines, on paper either (the print
    # style lets other cells break anywhere so that wide tables fit the page): "884,93/3.66" would
    # misread, and "无法评/估" reads badly.
    whole = [i for i in range(frame.shape[1]) if i in numeric or longest[i] <= NEVER_BROKEN]
    styles += [
        {
            "selector": f"td.col{i}",
            "props": "white-space: nowrap !important; overflow-wrap: normal "
            "!important; word-break: normal !important",
        }
        for i in whole
    ]
    styler = frame.style.format(escape="html").hide(axis="index").set_uuid(uuid).set_table_styles(styles)
    if frame.shape[1] < CARDS_FROM_COLUMNS:
        return _whole_ids(styler.set_table_attributes('class="xnplan-table"').to_html())
    html = styler.set_table_attributes('class="xnplan-table xn-cards"').to_html()
    return _whole_ids(_label_cells(html, frame.columns))


# A project or indicator id (P6.2.001, I14-01, B01): one token that a line break must not cut in two
# ("P6.2.00 / 1" on paper), which the print style's break-anywhere would otherwise allow.
ID_TOKEN = re.compile(r"(?<![A-Za-z0-9.\-])([A-Z]{1,2}\d{1,2}(?:[.\-]\d{1,3})+)(?![A-Za-z0-9\-]|\.\d)")
_CELL_TEXT = re.compile(r"(<td\b[^>]*>)([^<]*)(</td>)")


def _whole_ids(html: str) -> str:
    """Every id in a data cell wrapped in ``<span class="xn-id">``, which never breaks (htmlpage's CSS)."""
    return _CELL_TEXT.sub(
        lambda m: m.group(1) + ID_TOKEN.sub(r'<span class="xn-id">\1</span>', m.group(2)) + m.group(3), html
    )


CARDS_FROM_COLUMNS = 4  # a table this wide becomes a list of cards on a phone (htmlpage's CSS)


def _label_cells(html: str, columns: pd.Index) -> str:
    """Each data cell but the first column's (the card's heading) with its column's header as
    ``data-label``, which a card shows before the value."""
    labels = [escape(str(c), quote=True) for c in columns]
    return re.sub(
        r'<td id="T_\w+" class="data row\d+ col([1-9]\d*)"',
        lambda m: f'{m.group(0)} data-label="{labels[int(m.group(1))]}"',
        html,
    )


def _width_rule(longest: int) -> str:
    """Short columns (ids, figures, statuses) never wrap; long text (names, explanations) wraps,
    but not below a width that keeps a name on two or three lines instead of one word per line."""
    if longest <= SHORT_CELL:
        return "; white-space: nowrap"
    return f"; min-width: {min(MAX_MIN_WIDTH_EM, max(6, longest // 4))}em"


# --- charts ----------------------------------------------------------------------------------------


def shorten(label: str, width: int = 22, lines: int = 1) -> str:
    """A long name fitted into ``lines`` tick-label lines of ``width`` characters; tables keep it whole."""
    if len(label) <= width * lines:
        return wrap(label, width)
    return wrap(label[: width * lines - 1] + "…", width)


# Punctuation that Chinese typesetting never puts at the start of a line (kinsoku): it stays at the end
# of the line before, which may then run one character over the width.
NO_LINE_START = "、，。；：！？）》」』”’…"


def wrap(label: str, width: int = 10) -> str:
    """Wrap a Chinese label every ``width`` characters (no spaces to break on); no line starts with
    closing punctuation such as 、 or ）."""
    if len(label) <= width:
        return label
    lines = textwrap.wrap(label, width)
    for i in range(1, len(lines)):
        while lines[i] and lines[i][0] in NO_LINE_START:
            lines[i - 1] += lines[i][0]
            lines[i] = lines[i][1:]
    return "\n".join(line for line in lines if line)


def _new_figure(n_rows: int, *, width: float = 9.0, per_row: float = 0.42, extra: float = 1.4) -> Figure:
    _ensure_style()
    return Figure(figsize=(width, max(2.6, n_rows * per_row + extra)), layout="constrained")


def hbar(
    values: pd.Series,
    *,
    title: str,
    xlabel: str,
    unit: Unit = WAN,
    highlight: str | None = None,
    label_width: int = 22,
) -> Figure:
    """Horizontal bars, largest on top, each labelled with its value and unit.

    ``values`` are in base units (万元 for money); ``xlabel`` names the quantity, the unit is appended.
    ``highlight`` names one bar drawn in the accent colour.
    """
    fig = _new_figure(len(values))
    ax = fig.add_subplot()
    ordered = values.iloc[::-1]  # barh draws bottom-up; callers pass the order they want to read
    colours = [ACCENT_COLOR if key == highlight else BAR_COLOR for key in ordered.index]
    bars = ax.barh(
        [shorten(str(k), label_width, 2) for k in ordered.index],
        ordered.to_numpy() / unit.scale,
        color=colours,
    )
    ax.bar_label(bars, labels=[unit.format(v) for v in ordered], padding=3, fontsize=9)
    _finish_value_axis(ax, ordered.max() / unit.scale if len(ordered) else 0, axis="x")
    ax.set_xlabel(f"{xlabel}({unit.label})")
    ax.set_ylabel("")
    ax.set_title(title)
    return fig


def grouped_hbar(
    frame: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    unit: Unit = PCT,
    label_width: int = 22,
    label_zeros: bool = True,
) -> Figure:
    """Side-by-side horizontal bars: one group per row of ``frame``, one bar per column.

    ``label_zeros=False`` leaves zero bars unlabelled, for counts, where "0项" beside no bar reads as
    an item; a share of 0.0% is a figure and keeps its label by default.
    """
    n_rows, n_series = frame.shape
    fig = _new_figure(n_rows, per_row=0.32 * n_series + 0.15)
    ax = fig.add_subplot()
    ordered = frame.iloc[::-1]
    height = 0.8 / n_series
    positions = np.arange(n_rows)
    for i, column in enumerate(ordered.columns):
        offset = (n_series - 1 - i) * height - 0.4 + height / 2
        bars = ax.barh(
            positions + offset,
            ordered[column].to_numpy() / unit.scale,
            height=height,
            color=SERIES_COLORS[i % len(SERIES_COLORS)],
            hatch=SERIES_HATCHES[i % len(SERIES_HATCHES)],
            edgecolor="white",
            label=str(column),
        )
        labels = [unit.format(v) if v or label_zeros else "" for v in ordered[column]]
        ax.bar_label(bars, labels=labels, padding=2, fontsize=8)
    ax.set_yticks(positions, [shorten(str(k), label_width, 2) for k in ordered.index])
    _finish_value_axis(ax, float(np.nanmax(ordered.to_numpy())) / unit.scale if n_rows else 0, axis="x")
    ax.set_xlabel(f"{xlabel}({unit.label})")
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=True)
    return fig


def stacked_hbar(
    frame: pd.DataFrame, *, title: str, xlabel: str, unit: Unit = WAN, label_width: int = 22
) -> Figure:
    """Stacked horizontal bars: rows are groups, columns the stacked parts; totals at the bar ends."""
    fig = _new_figure(len(frame))
    ax = fig.add_subplot()
    ordered = frame.iloc[::-1]
    labels = [shorten(str(k), label_width, 2) for k in ordered.index]
    left = np.zeros(len(ordered))
    for i, column in enumerate(ordered.columns):
        widths = ordered[column].to_numpy() / unit.scale
        ax.barh(
            labels,
            widths,
            left=left,
            color=SERIES_COLORS[i % len(SERIES_COLORS)],
            hatch=SERIES_HATCHES[i % len(SERIES_HATCHES)],
            edgecolor="white",
            label=str(column),
        )
        left = left + widths
    totals = ordered.sum(axis=1)
    for y, (total, end) in enumerate(zip(totals, left, strict=True)):
        ax.text(end, y, " " + unit.format(total), va="center", fontsize=9)
    _finish_value_axis(ax, float(left.max()) if len(left) else 0, axis="x")
    ax.set_xlabel(f"{xlabel}({unit.label})")
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=True)
    return fig


def relative_luminance(rgba: tuple[float, ...]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (components 0–1)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on(background: tuple[float, ...]) -> str:
    """Black or white, whichever contrasts more with ``background``: at least 4.58:1 for any colour
    (the worst background, luminance 0.179, is 4.58:1 against both), above WCAG's 4.5:1 for text."""
    on_black = contrast_ratio(background, (0.0, 0.0, 0.0))
    on_white = contrast_ratio(background, (1.0, 1.0, 1.0))
    return "#000000" if on_black >= on_white else "#ffffff"


def heatmap(
    matrix: pd.DataFrame,
    *,
    title: str,
    unit: Unit = WAN,
    value_name: str = "估算总投资",
    row_label_width: int = 14,
) -> Figure:
    """Annotated heatmap on a logarithmic colour scale (one line can dwarf the rest); zero cells blank."""
    _ensure_style()
    n_rows, n_cols = matrix.shape
    fig = Figure(figsize=(1.05 * n_cols + 3.4, 0.55 * n_rows + 1.8), layout="constrained")
    fig.set_gid(WIDE_ONLY)  # one column per county: too many to shrink to a phone's width
    ax = fig.add_subplot()
    scaled = matrix / unit.scale
    shown = scaled.where(scaled > 0)
    positive = shown.stack()
    norm = colors.LogNorm(vmin=positive.min(), vmax=positive.max()) if len(positive) else None
    sns.heatmap(
        shown,
        ax=ax,
        cmap="YlOrRd",
        norm=norm,
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": f"{value_name}({unit.label},对数色阶)"},
    )
    mesh = ax.collections[0]
    for (row, col), value in np.ndenumerate(scaled.to_numpy()):
        if value > 0:
            ax.text(
                col + 0.5,
                row + 0.5,
                _plain_tick(round(value, unit.decimals)),
                ha="center",
                va="center",
                fontsize=8,
                color=readable_on(tuple(mesh.to_rgba(value))),
            )
    colorbar = mesh.colorbar
    assert colorbar is not None  # heatmap draws one (cbar=True, its default)
    colorbar.ax.yaxis.set_major_formatter(PLAIN_TICKS)
    ax.grid(False)
    ax.set_facecolor("#f4f4f4")  # empty cells (no investment) read as blank, not as a low value
    ax.set_yticklabels([wrap(str(k), row_label_width) for k in matrix.index], rotation=0)
    ax.set_xticklabels([str(k) for k in matrix.columns], rotation=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(title)
    return fig


def cumulative_share(
    curves: Mapping[str, pd.Series],
    *,
    title: str,
    xlabel: str = "投资额最大的项目行数",
    marks: tuple[int, ...] = (1, 10),
) -> Figure:
    """Cumulative share of investment (%) against the number of largest lines, one curve per series.

    Each series holds the investment of the lines (any order); the x axis is logarithmic so the first
    lines (where concentration shows) are readable next to the long tail.
    """
    fig = _new_figure(0, width=8.5, extra=4.6)
    ax = fig.add_subplot()
    for i, (name, values) in enumerate(curves.items()):
        ordered = np.sort(values.to_numpy(dtype=float))[::-1]
        share = ordered.cumsum() / ordered.sum() * 100
        ranks = np.arange(1, len(share) + 1)
        colour = SERIES_COLORS[i % len(SERIES_COLORS)]
        ax.plot(ranks, share, color=colour, linewidth=2, label=name)
        for mark in marks:
            if mark <= len(share):
                # Upper curve labelled above its point, lower curves below, on a white box so
                # that the curve passing through the text does not hide it.
                ax.annotate(
                    f"前{mark}行 {share[mark - 1]:.1f}%",
                    (mark, share[mark - 1]),
                    textcoords="offset points",
                    xytext=(8, -16 if i else 8),
                    fontsize=9,
                    color=colour,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none"},
                )
                ax.plot([mark], [share[mark - 1]], "o", color=colour, markersize=4)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(PLAIN_TICKS)
    ax.set_ylim(0, 102)
    ax.yaxis.set_major_formatter(PLAIN_TICKS)
    ax.set_xlabel(f"{xlabel}(行,对数刻度)")
    ax.set_ylabel("累计投资占比(%)")
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=True)
    return fig


def _finish_value_axis(ax, max_value: float, *, axis: str) -> None:
    """Plain tick numbers and room beyond the longest bar for its value label."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(PLAIN_TICKS)
    if max_value > 0:
        (ax.set_xlim if axis == "x" else ax.set_ylim)(0, max_value * 1.22)
    ax.grid(axis="y" if axis == "x" else "x", visible=False)
