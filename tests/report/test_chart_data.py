"""A chart's figures as a download (Exhibits.figure's ``data``; plan_overview.matrix_download)."""

from __future__ import annotations

import openpyxl
import pandas as pd
from matplotlib.figure import Figure

from xnplan.report import exhibits, plan_overview, plots


def test_matrix_download_names_rows_units_and_rounds_as_printed():
    matrix = pd.DataFrame(
        {"通山县": [169933.77000000002, 0.0], "崇阳县": [0.125, 300.0]},
        index=pd.Index(["公墓", "养老"], name="category"),
    ).rename_axis(columns="county")
    table = plan_overview.matrix_download(matrix, "大类", "万元")
    assert list(table.columns) == ["大类", "通山县(万元)", "崇阳县(万元)"]
    # half-up to two decimals: 0.125 → 0.13 (binary rounding would give 0.12)
    assert table.to_dict("list") == {
        "大类": ["公墓", "养老"],
        "通山县(万元)": [169933.77, 0.0],
        "崇阳县(万元)": [0.13, 300.0],
    }


def test_a_chart_with_data_downloads_it_as_csv_and_xlsx(tmp_path, monkeypatch):
    monkeypatch.setattr(exhibits, "_display_html", lambda html, plain: shown.append(html))
    shown: list[str] = []
    plots.use_style()
    fig = Figure(figsize=(4, 2))
    fig.add_subplot().bar(["通山县"], [1.0])
    data = pd.DataFrame({"县市区": ["通山县", "崇阳县"], "公共机构(万元)": [206885.0, 80977.0]})
    ex = exhibits.Exhibits(tmp_path / "plan_overview_files", "plan_overview_files")
    ex.figure(fig, "各县市区项目的实施主体性质", data=data, sources=["规划"])
    names = {p.name for p in (tmp_path / "plan_overview_files").iterdir()}
    assert {"plan_overview-图1-数据.csv", "plan_overview-图1-数据.xlsx"} <= names
    csv = (tmp_path / "plan_overview_files" / "plan_overview-图1-数据.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[:2] == [
        "县市区,公共机构(万元)",
        "通山县,206885",
    ]  # the shared CSV writer drops a whole number's .0
    book = openpyxl.load_workbook(tmp_path / "plan_overview_files" / "plan_overview-图1-数据.xlsx")
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert ("崇阳县", 80977) in [tuple(r[:2]) for r in rows]  # a number, not text
    assert 'href="plan_overview_files/plan_overview-图1-数据.csv"' in shown[0]
    assert ex.manifest()["exhibits"][0]["files"][-2:] == [
        "plan_overview-图1-数据.csv",
        "plan_overview-图1-数据.xlsx",
    ]
