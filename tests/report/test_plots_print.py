"""Charts told apart without colour, as printed in black and white: every series of a stacked bar
chart has its own pattern."""

from __future__ import annotations

import pandas as pd

from xnplan.report import plots


def test_stacked_bars_give_each_series_its_own_pattern():
    frame = pd.DataFrame(
        {"公共机构": [100.0, 50.0], "企业": [20.0, 0.0], "其他": [5.0, 1.0]}, index=["通山县", "崇阳县"]
    )
    fig = plots.stacked_hbar(frame, title="t", xlabel="估算总投资")
    [ax] = fig.axes
    handles, labels = ax.get_legend_handles_labels()
    patterns = {
        label: handle.patches[0].get_hatch() or "" for handle, label in zip(handles, labels, strict=True)
    }
    # SERIES_HATCHES in order: none for the first series, /// and ... after it
    assert patterns == {"公共机构": "", "企业": "///", "其他": "..."}
