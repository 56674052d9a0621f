"""The heatmap's cell figures are readable on their cells: WCAG contrast of at least 4.5:1."""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan.report import investment, plots


def test_contrast_ratio_matches_wcag_reference_values():
    # WCAG: black on white is 21:1; #777777 on white is 4.48:1 (luminance 0.1845, (1.05)/(0.2345)).
    assert plots.contrast_ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    grey = (0x77 / 255,) * 3
    assert plots.contrast_ratio(grey, (1, 1, 1)) == pytest.approx(4.48, abs=0.01)
    assert plots.readable_on(grey) == "#000000"  # 4.69:1 on black beats 4.48:1 on white
    assert plots.readable_on((0.5, 0.0, 0.15)) == "#ffffff"  # a dark red


def cell_contrasts(fig) -> list[float]:
    """Each cell figure's contrast with the colour of the cell it sits on."""
    [ax, _colorbar] = fig.axes
    mesh = ax.collections[0]
    values = mesh.get_array()  # the cells row by row, masked where empty
    n_cols = values.shape[1] if values.ndim == 2 else len(ax.get_xticks())
    flat = values.ravel()
    ratios = []
    for text in ax.texts:
        x, y = text.get_position()
        value = flat[int(y) * n_cols + int(x)]
        ratios.append(plots.contrast_ratio(mesh.to_rgba(value), plots.colors.to_rgba(text.get_color())))
    return ratios


def test_every_cell_figure_of_the_plans_heatmap_has_contrast_of_4_5(plan):
    fig = plots.heatmap(investment.county_category_matrix(plan.projects), title="各县市区分大类估算总投资")
    ratios = cell_contrasts(fig)
    # one figure per non-empty cell: of the 9 categories × 7 county-level units, 46 have investment
    # (the 17 empty ones are blank)
    matrix = investment.county_category_matrix(plan.projects)
    assert matrix.shape == (9, 7) and len(ratios) == int((matrix > 0).sum().sum()) == 46
    assert min(ratios) >= 4.5


def test_mid_scale_cells_get_the_darker_text_where_white_would_fail():
    # Seaborn's own choice put white on the mid oranges of YlOrRd at about 3.2:1.
    matrix = pd.DataFrame([[10.0, 100.0, 1000.0, 10000.0]], index=["养老"], columns=list("ABCD"))
    fig = plots.heatmap(matrix, title="t")
    assert min(cell_contrasts(fig)) >= 4.5
    assert len(fig.axes[0].texts) == 4
