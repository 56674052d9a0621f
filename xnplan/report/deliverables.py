"""``xnplan assess``: check the evaluator's files, then write the HTML report, the .xlsx and the .docx.

Every output is built in memory (the HTML by running the target_gap notebook with papermill in a
temporary folder) before anything is written, so a bad input or a failed run leaves the output
folder as it was; each file is then written atomically.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from xnplan import htmlpage
from xnplan.assess import catalogue as cat
from xnplan.assess import gap
from xnplan.atomicfile import TEMP_PREFIX, replace_folder, write_atomic
from xnplan.errors import XnplanError
from xnplan.kernels import kernel_sockets
from xnplan.paths import NOTEBOOKS_DIR, REPORTS_DIR, ROOT
from xnplan.report import assessment, target_gap, word

KERNEL = "xnplan"


def output_names(year: int) -> dict[str, str]:
    return {"html": f"指标目标差距-{year}.html", "xlsx": assessment.XLSX_NAME,
            "docx": f"咸宁市民政事业十四五规划{year}年{gap.ASSESSMENT_LABELS[year]}报告.docx",
            # the page's tables and charts (xnplan.report.exhibits); ASCII, so links survive any zip tool
            "downloads": f"target_gap-{year}_files"}


def render_html(year: int, observations: Path, project_status: Path | None, downloads: Path) -> str:
    """The target_gap notebook run with these inputs (papermill, kernel ``xnplan``), as HTML without code;
    its tables and charts are written to the folder ``downloads``, which the page links by its name."""
    import nbformat
    import papermill

    os.environ.setdefault("XNPLAN_ROOT", str(ROOT))
    parameters = {"assessment_year": year, "observations": str(observations.resolve()),
                  "project_status": str(project_status.resolve()) if project_status else "",
                  "downloads_dir": str(downloads.resolve()), "downloads_href": downloads.name}
    with tempfile.TemporaryDirectory(prefix="xnplan-assess-") as tmp:
        executed = Path(tmp) / "target_gap.ipynb"
        try:
            # Unix sockets: no TCP ports to collide, and no warning from the kernel about them
            with kernel_sockets() as kernel_config:
                papermill.execute_notebook(NOTEBOOKS_DIR / "target_gap.ipynb", executed,
                                           parameters=parameters, kernel_name=KERNEL, cwd=str(NOTEBOOKS_DIR),
                                           progress_bar=False, config=kernel_config)
        except Exception as exc:  # papermill wraps cell errors, a missing kernel, a dead kernel …
            raise XnplanError(f"HTML 报告生成失败 (the target_gap notebook failed: {type(exc).__name__}: "
                              f"{str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}); "
                              f"run 'make test' once to register the kernel '{KERNEL}'") from exc
        nb = nbformat.read(executed, as_version=4)
    # the same page as the batch's reports (offline, printable), standing alone: no landing page
    title = f"{year}年{gap.ASSESSMENT_LABELS[year]}：指标目标差距"
    return htmlpage.export_html(nb, title, NOTEBOOKS_DIR, back_link=None)


def assess_command(year: int, observations: Path, project_status: Path | None, out: Path | None,
                   processed: Path) -> list[Path]:
    """Check both inputs (InputValidationError lists every problem), then write the three files."""
    from xnplan.store.files import load

    plan = load(processed)
    items = cat.build_catalogue(plan)
    data = target_gap.read_inputs(observations, project_status or "", cat.observation_units(items),
                                  plan.projects["project_id"])
    result = assessment.build(plan, items, data, year, Path(observations).name)
    out = Path(out) if out is not None else REPORTS_DIR / f"assessment-{year}"
    if out.exists() and not out.is_dir():
        raise XnplanError(f"{out}: 不是文件夹 (--out must be a folder)")
    names = output_names(year)
    with tempfile.TemporaryDirectory(prefix="xnplan-assess-files-") as tmp:
        downloads = Path(tmp) / names["downloads"]
        payloads = {"docx": word.docx_bytes(result), "xlsx": assessment.completion_xlsx(result),
                    "html": render_html(year, Path(observations), project_status, downloads)}
        try:
            out.mkdir(parents=True, exist_ok=True)
            # Copied next to its final place first (the temporary folder may be on another disk),
            # then swapped in whole.
            staged = out / f"{TEMP_PREFIX}{downloads.name}"
            shutil.rmtree(staged, ignore_errors=True)
            shutil.copytree(downloads, staged)
            written = [write_atomic(out / names[kind], payloads[kind]) for kind in ("html", "xlsx", "docx")]
            return [*written, replace_folder(staged, out / names["downloads"])]
        except OSError as exc:
            raise XnplanError(f"{out}: 无法写入 (cannot write: {exc.strerror or exc})") from exc
