"""county_investment.ipynb run through papermill (kernel ``xnplan``), as `xnplan reports` runs it.

The notebook's last cell outputs its key figures as application/json; they must equal what the
``projects`` table gives for that county. A county given by its pinyin alias resolves; an unknown
county stops the run with the ParameterError listing the valid values.
"""

from __future__ import annotations

from pathlib import Path

import papermill as pm
import pytest

import xnplan

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOK = NOTEBOOKS_DIR / "county_investment.ipynb"


def _run(tmp_path: Path, county: str) -> dict:
    out = tmp_path / f"county-{county}.ipynb"
    nb = pm.execute_notebook(str(NOTEBOOK), str(out), parameters={"county": county}, kernel_name="xnplan",
                             cwd=str(NOTEBOOKS_DIR), progress_bar=False)
    figures = [o["data"]["application/json"] for cell in nb.cells if cell.cell_type == "code"
               for o in cell.get("outputs", []) if "application/json" in o.get("data", {})]
    assert len(figures) == 1, "the notebook outputs its key figures exactly once"
    markdown = "\n".join(o["data"]["text/markdown"] for cell in nb.cells if cell.cell_type == "code"
                         for o in cell.get("outputs", []) if "text/markdown" in o.get("data", {}))
    return {**figures[0], "_markdown": markdown}


@pytest.fixture(scope="module")
def projects():
    return xnplan.load().projects


# (parameter, county, lines, units, investment 万元): the hand counts of tests/test_projects.py
# COUNTY_GOLDEN; the city total is 884933.66 (line 823).
@pytest.mark.parametrize(("parameter", "county", "lines", "units", "investment"),
                         [("通山县", "通山县", 23, 815, 206885.0), ("Chibi", "赤壁市", 80, 156, 371825.0)])
def test_key_figures_match_projects(tmp_path, projects, parameter, county, lines, units, investment):
    figures = _run(tmp_path, parameter)
    mine = projects[projects["county"] == county]
    assert figures["county"] == county
    assert (figures["lines"], figures["units"]) == (lines, units)
    assert figures["investment_wan"] == pytest.approx(investment, abs=0.005)
    assert figures["share_pct"] == pytest.approx(investment / 884933.66 * 100, abs=1e-4)
    by_category = mine.groupby("category")["investment_wan"].sum()
    assert figures["by_category_wan"] == pytest.approx(by_category.to_dict(), abs=0.005)
    # The prose states the same total as the table (万元 with two decimals).
    assert f"{mine['investment_wan'].sum():,.2f}万元" in figures["_markdown"]


def test_unknown_county_stops_with_the_valid_values(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as failure:
        pm.execute_notebook(str(NOTEBOOK), str(tmp_path / "bad.ipynb"), parameters={"county": "武汉市"},
                            kernel_name="xnplan", cwd=str(NOTEBOOKS_DIR), progress_bar=False)
    assert failure.value.ename == "ParameterError"
    message = failure.value.evalue
    assert "武汉市" in message
    for county in ("咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县", "市本级"):
        assert county in message
