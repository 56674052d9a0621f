"""A project of tiny notebooks written into tmp_path, for the runner's tests: a report notebook whose
outputs say what it was given, the report spec that runs it, and the batch settings of the project.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path

import nbformat

from xnplan.runner.batch import BatchSettings, run_reports
from xnplan.runner.reportset import ReportSpec

# A 1×1 PNG: a stand-in for a chart, to see that images are embedded in the HTML.
PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="

# The downloads contract (xnplan.report.exhibits, without its imports): files and a manifest in
# the folder the runner names, linked from the page by the prefix it names.
WRITES_DOWNLOADS = (
    "import json, pathlib\nfolder = pathlib.Path(downloads_dir)\nfolder.mkdir(parents=True, exist_ok=True)\n"
    "(folder / 'table-01.csv').write_text(f'县市区\\n{county}\\n', encoding='utf-8')\n"
    "(folder / 'manifest.json').write_text(json.dumps({'conclusion': county + '：结论'}), encoding='utf-8')\n"
    "print('LINK', downloads_href + '/table-01.csv')"
)
REPORT_CELLS = [
    # The name of this variable must not reach the HTML (code is hidden); its result must.
    "SECRET_SOURCE_MARKER = 41\nprint(f'RESULT {county} {SECRET_SOURCE_MARKER + 1}')",
    "print('DATA', open(data_file, encoding='utf-8').read().strip())",
    "import os\nprint('ROOT=' + os.environ['XNPLAN_ROOT'])\nprint('CWD=' + os.getcwd())",
    "import base64\nfrom IPython.display import Image, display\n"
    f"display(Image(data=base64.b64decode('{PNG_B64}')))",
    WRITES_DOWNLOADS,
]


def write_notebook(path: Path, cells: list[str], parameters: str = "") -> None:
    nb = nbformat.v4.new_notebook()
    tagged = nbformat.v4.new_code_cell(parameters or "pass")
    tagged.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# 报告"), tagged, *map(nbformat.v4.new_code_cell, cells)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


REPORT_PARAMETERS = (
    'county = "咸安区"  # county to report on\n'
    'data_file = ""  # a file, relative to the root\n'
    'downloads_dir = ""\ndownloads_href = ""'
)


def report_spec(county: str, slug: str, data_file: str = "data/raw/plan.txt") -> ReportSpec:
    return ReportSpec(
        "report",
        slug,
        f"{county}报告",
        {"county": county, "data_file": data_file},
        inputs=("data/raw/*.txt",),
        path_parameters=("data_file",),
    )


@dataclass
class Project:
    root: Path
    out: Path

    def settings(self, **changes) -> BatchSettings:
        base = BatchSettings(
            root=self.root, out_dir=self.out, notebooks_dir=self.root / "notebooks", jobs=2, progress=False
        )
        return replace(base, **changes)

    def run(self, specs: list[ReportSpec], selected: list[ReportSpec] | None = None, **changes):
        return run_reports(
            specs, specs if selected is None else selected, self.settings(**changes), out=io.StringIO()
        )


def make_project(root: Path) -> Project:
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "raw" / "plan.txt").write_text("规划原文 第一版\n", encoding="utf-8")
    write_notebook(root / "notebooks" / "report.ipynb", REPORT_CELLS, REPORT_PARAMETERS)
    return Project(root, root / "out")
