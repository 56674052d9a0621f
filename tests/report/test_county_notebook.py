"""county_investment.ipynb run through papermill (kernel ``xnplan``), as `xnplan reports` runs it.

The notebook's last cell outputs its key figures as application/json; they must equal the county's
figures added up by hand from the cells of 附件2. 通山县's are read from the session's real report
batch (``report_site``, which keeps every executed notebook in its build folder); a county given by
its pinyin alias is run here and resolves; an unknown county stops the run with the ParameterError
listing the valid values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from xnplan.runner.layout import build_folder
from xnplan.runner.reportset import default_report_set, select

pytestmark = pytest.mark.notebook

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOK = NOTEBOOKS_DIR / "county_investment.ipynb"


def _execute(out: Path, county: str):
    # papermill imported here, not at the top: collecting this module in the fast tier (which runs none
    # of its tests) would import it in every worker (about a second and a half).
    import papermill

    return papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"county": county},
        kernel_name="xnplan",
        cwd=str(NOTEBOOKS_DIR),
        progress_bar=False,
    )


def _text(value: str | list[str]) -> str:
    """A multi-line text of a notebook: a string, or (in the file's JSON) its lines."""
    return value if isinstance(value, str) else "".join(value)


def _key_figures(nb: Mapping) -> dict:
    """The executed notebook's key figures (its one application/json output) and its Markdown; ``nb``
    as papermill returns it or as its JSON reads."""
    figures = [
        o["data"]["application/json"]
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for o in cell.get("outputs", [])
        if "application/json" in o.get("data", {})
    ]
    assert len(figures) == 1, "the notebook outputs its key figures exactly once"
    markdown = "\n".join(
        _text(o["data"]["text/markdown"])
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for o in cell.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    )
    return {**figures[0], "_markdown": markdown}


ELDERLY, AFFORDABLE, CHILDREN, VAGRANTS = (
    "公办养老机构服务能力提升项目",
    "普惠养老城企联动专项行动项目",
    "儿童福利设施项目",
    "流浪乞讨人员救助管理站",
)
FUNERAL, CEMETERIES, MENTAL, COMMUNITY = (
    "殡葬服务设施(新建或改扩建殡仪馆、火化设备更新)",
    "城乡公益性公墓与骨灰堂项目",
    "精神卫生福利设施项目",
    "社区综合服务设施项目",
)
# Investment by category, added up from the 估算总投资 cells of the county's lines in 附件2:
# 通山县: 大类1 lines 1453-2647: 20000 + 6020 + 4 × 752.5 + 4950 + 7525 = 41505; 大类2 (2783, 2793):
#   10000 + 26000; 大类3 (2951-2971): 3740 + 4800 + 1350; 大类4 (3127) 1350; 大类5 (3193) 3400;
#   大类6 (3305-3371): 10000 + 37400 + 12000; 大类7 (3573, 3583): 3600 + 3240; 大类8 (4199-4219):
#   45000 + 1300 + 2200.
# 赤壁市: 大类2 (2743-2763): 12000 + 2400 + 300000; 大类3: 700 + 2000 + 2700; 大类4 750; 大类5 2250;
#   大类6: 2200 + 1500 + 800; 大类8 (4039-4169, 14 lines): 18100; 大类1 (55 lines) is the rest of 371825.
BY_CATEGORY = {
    "通山县": {
        ELDERLY: 41505,
        AFFORDABLE: 36000,
        CHILDREN: 9890,
        VAGRANTS: 1350,
        FUNERAL: 3400,
        CEMETERIES: 59400,
        MENTAL: 6840,
        COMMUNITY: 48500,
    },
    "赤壁市": {
        ELDERLY: 26425,
        AFFORDABLE: 314400,
        CHILDREN: 5400,
        VAGRANTS: 750,
        FUNERAL: 2250,
        CEMETERIES: 4500,
        COMMUNITY: 18100,
    },
}


# (county, lines, units, investment 万元): the hand counts of tests/parse/test_projects.py
# COUNTY_GOLDEN; the city total is 884933.66 (line 823).
TONGSHAN = ("通山县", 23, 815, 206885.0)
CHIBI = ("赤壁市", 80, 156, 371825.0)


def assert_key_figures(figures: dict, county: str, lines: int, units: int, investment: float) -> None:
    assert figures["county"] == county
    assert (figures["lines"], figures["units"]) == (lines, units)
    assert figures["investment_wan"] == pytest.approx(investment, abs=0.005)
    assert figures["share_pct"] == pytest.approx(investment / 884933.66 * 100, abs=1e-4)
    assert figures["by_category_wan"] == pytest.approx(BY_CATEGORY[county], abs=0.005)
    # The prose states the same total as the table (万元 with two decimals).
    assert f"{investment:,.2f}万元" in figures["_markdown"]


def test_key_figures_of_the_batch_run_match_the_text(report_site):
    [spec] = select(default_report_set(), ["county=通山县"])
    executed = build_folder(report_site) / f"{spec.slug}.ipynb"
    # Read as JSON: nbformat would validate the whole notebook, charts and all, for a few seconds.
    assert_key_figures(_key_figures(json.loads(executed.read_text(encoding="utf-8"))), *TONGSHAN)


def test_a_pinyin_alias_resolves_and_its_figures_match_the_text(tmp_path):
    assert_key_figures(_key_figures(_execute(tmp_path / "county-Chibi.ipynb", "Chibi")), *CHIBI)


def test_unknown_county_stops_with_the_valid_values(tmp_path):
    from papermill import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as failure:
        _execute(tmp_path / "bad.ipynb", "武汉市")
    assert failure.value.ename == "UnknownCountyError"  # a ParameterError
    message = failure.value.evalue
    assert "武汉市" in message
    for county in ("咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县", "市本级"):
        assert county in message
