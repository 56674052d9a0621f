"""One report, run inside a batch worker process: papermill, HTML export, atomic commit.

Workers are long-lived: papermill, nbconvert and the HTML exporter (template loading) are imported
and built once per worker instead of once per report, which is most of what a loop of ``papermill``
and ``jupyter nbconvert`` commands spends besides the notebooks themselves.

A worker ignores SIGINT (Ctrl-C reaches the whole process group; the parent decides what happens)
and turns SIGTERM, which the parent sends to stop a batch, into SystemExit. On Linux the kernel
also sends it SIGTERM when the parent dies (PR_SET_PDEATHSIG), so a killed ``xnplan reports``
leaves no worker writing reports outside its locks. A report's files are committed together: the
termination is postponed while they are renamed into place, so a stopped batch leaves every report
either as before or fully rebuilt.

A report is stored only if its key, recomputed once the notebook has finished, is the key it
started from; and its HTML is the same bytes on every run of the same inputs (papermill's randomly
named parameters cell gets a fixed id).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import re
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xnplan import htmlpage
from xnplan.atomicfile import move_atomic, replace_folder, write_atomic
from xnplan.errors import NotebookUnreadable
from xnplan.kernels import kernel_sockets
from xnplan.paths import DOWNLOADS_MANIFEST as MANIFEST
from xnplan.runner.key import KeyMaker, changed_parts, describe_reasons, iso_utc
from xnplan.runner.layout import DOWNLOADS_SUFFIX, ReportFiles
from xnplan.runner.reportset import ReportSpec

_exporter = None
_committing = False
_terminating = False
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to build one report (picklable)."""

    slug: str
    title: str
    notebook: Path
    parameters: dict[str, object]  # as passed to papermill (path parameters absolute)
    record: dict[str, object]  # key record stored in <slug>.key.json on success
    out_dir: Path
    cwd: Path  # the notebooks folder
    kernel_name: str
    root: Path
    spec: ReportSpec  # to recompute the key when the run has finished
    timeout: float | None = None


@dataclass(frozen=True)
class Outcome:
    slug: str
    status: str  # "ok" (built), "skipped" (up to date) or "failed"
    seconds: float
    reason: str = ""
    notes: list[str] = field(default_factory=list)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def init_worker(root: str, parent: int) -> None:
    """Worker initializer: signals, the project root for notebooks, warm imports."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    _die_with(parent)
    os.environ["XNPLAN_ROOT"] = root
    # Notebook output goes to the per-report log, not to the terminal under the progress bar.
    logging.getLogger("papermill").propagate = False
    import papermill  # noqa: F401  (warm import: ~1 s per process)

    html_exporter()


def _die_with(parent: int) -> None:
    """Have the kernel SIGTERM this worker when ``parent`` dies, even by SIGKILL (Linux only)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        raise SystemExit(128 + signal.SIGTERM)


def _on_sigterm(signum: int, frame: object) -> None:
    global _terminating
    _terminating = True
    if not _committing:  # else _commit() raises once the files are in place
        raise SystemExit(128 + signum)


@contextlib.contextmanager
def _commit() -> Iterator[None]:
    """Postpone SIGTERM while a report's files are renamed into place."""
    global _committing
    _committing = True
    try:
        yield
    finally:
        _committing = False
        if _terminating:
            raise SystemExit(128 + signal.SIGTERM)


def html_exporter():
    """The report exporter (xnplan.htmlpage), built once per worker: loading its templates is slow."""
    global _exporter
    if _exporter is None:
        _exporter = htmlpage.new_exporter()
    return _exporter


def export_html(nb, title: str, notebook_dir: Path) -> str:
    """A report page of the batch, with its link back to the landing page."""
    return htmlpage.export_html(nb, title, notebook_dir, exporter=html_exporter())


@dataclass(frozen=True)
class _Staged:
    """A run's files in the staging folder until they are committed, named by the worker's pid."""

    notebook: Path
    log: Path
    downloads: Path

    @classmethod
    def of(cls, files: ReportFiles) -> _Staged:
        stem = f"{files.slug}.{os.getpid()}"
        return cls(
            files.staging / f"{stem}.ipynb",
            files.staging / f"{stem}.log",
            files.staging / f"{stem}{DOWNLOADS_SUFFIX}",
        )


def run_job(job: Job) -> Outcome:
    """Execute one report and commit its files; every failure becomes a failed Outcome."""
    from papermill.exceptions import PapermillExecutionError

    files = ReportFiles(job.out_dir, job.slug)
    files.staging.mkdir(parents=True, exist_ok=True)
    files.log.parent.mkdir(parents=True, exist_ok=True)
    staged = _Staged.of(files)
    shutil.rmtree(staged.downloads, ignore_errors=True)  # a dead worker's, whose pid came round again
    handler = _papermill_log(staged.log)
    start = time.perf_counter()
    try:
        try:
            nb = _execute(job, files, staged)
            html = export_html(nb, job.title, job.cwd)
        except PapermillExecutionError as exc:
            reason = describe_cell_error(exc.ename, str(exc.evalue), exc.exec_count)
            details = _ANSI.sub("", "\n".join(exc.traceback))
            return _fail(
                job, files, reason, time.perf_counter() - start, staged.notebook, staged.log, details
            )
        except Exception as exc:  # a dead kernel, a cell timeout, a missing kernel, a broken notebook …
            seconds = time.perf_counter() - start
            details = traceback.format_exc()
            return _fail(job, files, describe_error(exc), seconds, staged.notebook, staged.log, details)
        seconds = time.perf_counter() - start
        reason = _not_storable(job, staged)
        if reason:
            return _fail(job, files, reason, seconds, staged.notebook, staged.log, "")
        nb.metadata.papermill["output_path"] = str(files.ipynb)
        _store(job, files, staged, nb, html, seconds, handler)
        return Outcome(job.slug, "ok", seconds)
    finally:
        logging.getLogger("papermill").removeHandler(handler)
        handler.close()
        staged.notebook.unlink(missing_ok=True)
        staged.log.unlink(missing_ok=True)
        shutil.rmtree(staged.downloads, ignore_errors=True)
        if _terminating:
            # The pool would catch SystemExit and wait for more work; the parent is stopping.
            os._exit(128 + signal.SIGTERM)


def _papermill_log(log: Path) -> logging.FileHandler:
    """papermill's log of the run (cells as they start, their output) goes to ``log``."""
    handler = logging.FileHandler(log, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("papermill")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def _execute(job: Job, files: ReportFiles, staged: _Staged):
    """Run the notebook with papermill into the staging folder; the executed notebook."""
    import papermill

    parameters = {
        **job.parameters,
        "downloads_dir": str(staged.downloads.resolve()),
        "downloads_href": files.downloads.name,
    }
    with _output_to(staged.log), kernel_sockets() as kernel_config:
        nb = papermill.execute_notebook(
            str(job.notebook),
            str(staged.notebook),
            parameters=parameters,
            kernel_name=job.kernel_name,
            cwd=str(job.cwd),
            progress_bar=False,
            log_output=True,
            request_save_on_cell_execute=False,
            execution_timeout=job.timeout,
            config=kernel_config,
            # The kernel's state is thrown away: killing it saves the ~0.5 s a polite
            # shutdown takes, per report.
            shutdown_kernel="immediate",
        )
    _fix_cell_ids(nb)
    return nb


def _not_storable(job: Job, staged: _Staged) -> str:
    """Why a run that finished is not stored ('' when it is): its inputs changed while it ran, or
    the notebook wrote no downloads manifest."""
    changed = _inputs_changed(job)
    if changed:
        return f"运行中{describe_reasons(changed)}，报告未保存，下次运行会重建（changed during the run）"
    if not (staged.downloads / MANIFEST).is_file():
        return (
            "报告没有写出下载文件清单：notebook 的最后一个单元格应调用 Exhibits.finish()"
            f"（{MANIFEST} missing: the notebook must end with Exhibits.finish()）"
        )
    return ""


def _store(
    job: Job, files: ReportFiles, staged: _Staged, nb, html: str, seconds: float, handler: logging.Handler
) -> None:
    """Move the report's files in place; the key record goes last, so an interrupted commit rebuilds."""
    import nbformat

    record = dict(job.record, status="ok", seconds=round(seconds, 2), built_at=iso_utc(time.time()))
    with _commit():
        write_atomic(files.html, html)
        write_atomic(files.ipynb, nbformat.writes(nb))
        # set aside in the staging area, which the batch removes whatever happens
        replace_folder(
            staged.downloads, files.downloads, aside=files.staging / f"{staged.downloads.name}.old"
        )
        handler.close()
        move_atomic(staged.log, files.log)
        # The key goes last: if anything before it is missing, the next batch rebuilds.
        write_atomic(files.key, json.dumps(record, ensure_ascii=False, indent=1))
        files.failed_ipynb.unlink(missing_ok=True)
        files.failed_record.unlink(missing_ok=True)


def _inputs_changed(job: Job) -> list[str]:
    """The parts of the report's key that differ now from when the batch planned the run."""
    try:
        now = KeyMaker(job.root, job.cwd).key(job.spec)
    except NotebookUnreadable as exc:
        return [str(exc)]
    return [] if now.key == job.record.get("key") else changed_parts(job.record, now)


def _fix_cell_ids(nb) -> None:
    """Give papermill's injected parameters cell a fixed id: its random one is written into the
    HTML (the lab template's cell anchors), so two runs of the same report would differ."""
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"


@contextlib.contextmanager
def _output_to(log: Path) -> Iterator[None]:
    """Send this process's stdout/stderr file descriptors, and so the kernel's, to the run's log.

    The kernel inherits them when it starts; its start-up warnings and any crash message then land
    in the log of the run they belong to instead of under the progress bar.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    target = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.dup2(target, 1)
        os.dup2(target, 2)
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, target):
            os.close(fd)


REASON_LINES = 12


def describe_cell_error(ename: str, evalue: str, exec_count: int | None) -> str:
    """``ValueError: message（单元格 In [3]）``, plus the message's next lines: validation errors
    list one problem per line, and the reader needs them, not just "3 problem(s):"."""
    lines = _ANSI.sub("", evalue).strip().splitlines() or [""]
    more = lines[1:REASON_LINES]
    if len(lines) > REASON_LINES:
        more.append(f"…… 另有 {len(lines) - REASON_LINES} 行，见日志")
    return "\n".join([f"{ename}: {lines[0]}（单元格 In [{exec_count}]）", *more])


def describe_error(exc: BaseException) -> str:
    """One line saying why a run failed, for the summary and the index."""
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(exc, DeadKernelError):
        return f"内核意外退出（the kernel died: {exc}），最后的输出见日志"
    if isinstance(exc, CellTimeoutError):
        return f"单元格运行超过 --timeout 时限（{str(exc).splitlines()[0]}）"
    if isinstance(exc, NoSuchKernel):
        return (
            f"没有安装 Jupyter 内核 {exc.name!r}，请运行 python -m ipykernel install --sys-prefix "
            f"--name {exc.name}（kernel not installed）"
        )
    first = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {first[0] if first else ''}"


def record_failure(files: ReportFiles, record: dict[str, object], reason: str, seconds: float) -> None:
    """Store why the last attempt failed; the previous good report, if any, stays as it was."""
    files.out_dir.mkdir(parents=True, exist_ok=True)
    failure = dict(
        record, status="failed", reason=reason, seconds=round(seconds, 2), failed_at=iso_utc(time.time())
    )
    write_atomic(files.failed_record, json.dumps(failure, ensure_ascii=False, indent=1))


def _fail(
    job: Job, files: ReportFiles, reason: str, seconds: float, tmp_nb: Path, tmp_log: Path, details: str
) -> Outcome:
    with tmp_log.open("a", encoding="utf-8") as log:
        log.write(f"\n失败（FAILED）：{reason}\n{details}\n")
    with _commit():
        if tmp_nb.exists():  # papermill wrote it with its error banner
            move_atomic(tmp_nb, files.failed_ipynb)
        else:  # no notebook this time: an older one would describe another failure
            files.failed_ipynb.unlink(missing_ok=True)
        move_atomic(tmp_log, files.log)
        record_failure(files, job.record, reason, seconds)
    return Outcome(job.slug, "failed", seconds, reason)
