"""``xnplan assess``: the evaluator's files in, the signable report out (Word, Excel, HTML).

The files are read and checked once (:mod:`xnplan.assess.evidence`); the assessment is built once
(:func:`xnplan.assess.assessment.build`); the Word document, the workbook and the HTML page render
it (the page by running the target_gap notebook on a private copy of the evidence, never on the
evaluator's path). Nothing is written unless every input passes and every output was made; the
set then goes into the output folder together (:mod:`xnplan.assess.outputs`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from xnplan import facts, htmlpage
from xnplan.assess import compose, docx_writer, evidence, workbook
from xnplan.assess.assessment import Edition, build, scope
from xnplan.assess.outputs import staged
from xnplan.errors import OutputFolderError, ReportPageError
from xnplan.geo import COUNTY_SLUGS
from xnplan.kernels import kernel_sockets
from xnplan.paths import NOTEBOOKS_DIR, REPORTS_DIR, ROOT


@dataclass(frozen=True)
class Names:
    """The files of one edition: Chinese names that say what they are, an ASCII downloads folder."""

    docx: str
    xlsx: str
    html: str
    downloads: str

    @classmethod
    def of(cls, edition: Edition) -> Names:
        stem = edition.file_stem
        return cls(f"{stem}.docx", f"{stem}-数据表.xlsx", f"{stem}.html", f"{slug(edition)}_files")


def slug(edition: Edition) -> str:
    """assessment-2023, assessment-2025-tongshan: the ASCII name of an edition's folders."""
    return f"assessment-{edition.year}" + (f"-{COUNTY_SLUGS[edition.county]}" if edition.county else "")


def default_out(edition: Edition) -> Path:
    return REPORTS_DIR / slug(edition)


def render_html(edition: Edition, evidence_dir: Path, downloads: Path, work: Path) -> str:
    """The target_gap notebook run on the private evidence copy (papermill, kernel ``xnplan``), as a page
    without code; its tables and charts go to ``downloads``, which the page links by its name."""
    import nbformat
    import papermill

    os.environ.setdefault("XNPLAN_ROOT", str(ROOT))
    parameters = {
        "assessment_year": edition.year,
        "observations": "",
        "project_status": "",
        "county": edition.county or "",
        "evidence": str(evidence_dir.resolve()),
        "downloads_dir": str(downloads.resolve()),
        "downloads_href": downloads.name,
    }
    executed = work / "target_gap.ipynb"
    try:
        # Unix sockets: no TCP ports to collide, and no warning from the kernel about them
        with kernel_sockets() as kernel_config:
            papermill.execute_notebook(
                NOTEBOOKS_DIR / "target_gap.ipynb",
                executed,
                parameters=parameters,
                kernel_name=facts.KERNEL_NAME,
                cwd=str(NOTEBOOKS_DIR),
                progress_bar=False,
                config=kernel_config,
            )
    except Exception as exc:  # papermill wraps cell errors, a missing kernel, a dead kernel …
        last = str(exc).strip().splitlines()[-1] if str(exc).strip() else ""
        raise ReportPageError(
            f"HTML 报告生成失败（{type(exc).__name__}: {last}）；Word 和 Excel 文件也未写入。"
            f"若提示找不到内核 {facts.KERNEL_NAME}，请按安装说明注册内核后重试"
        ) from exc
    return htmlpage.export_html(
        nbformat.read(executed, as_version=4), edition.title, NOTEBOOKS_DIR, back_link=None
    )


def assess_command(
    year: int,
    observations: Path | None,
    project_status: Path | None,
    out: Path | None,
    processed: Path,
    county: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Check the inputs (every problem at once), build the assessment, write its three files and the
    page's downloads into ``out``; return their paths."""
    from xnplan.store.files import load

    plan = load(processed)
    edition = Edition(year, scope(county or ""))
    given = evidence.read_evidence(plan, observations, project_status, evidence.EVALUATOR)
    assessment = build(plan, given, edition)
    names = Names.of(edition)
    out = Path(out) if out is not None else default_out(edition)
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"{out}：不是文件夹（--out 应为文件夹）")
    files = [names.docx, names.xlsx, names.html]
    with staged(out, files, [names.downloads], force=force) as staging:
        (staging / names.docx).write_bytes(docx_writer.docx_bytes(compose.document(assessment)))
        (staging / names.xlsx).write_bytes(workbook.xlsx_bytes(assessment))
        evidence.save(given, staging / ".evidence")
        downloads = staging / names.downloads
        downloads.mkdir()
        html = render_html(edition, staging / ".evidence", downloads, staging)
        (staging / names.html).write_text(html, encoding="utf-8")
    return [out / name for name in (*files, names.downloads)]
