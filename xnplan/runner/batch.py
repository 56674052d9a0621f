"""``xnplan reports``: build every report of the report set, in parallel, incrementally, safely.

The parent process computes each report's key (runner.key), skips those whose stored key matches,
and hands the rest to a pool of long-lived worker processes (runner.run), longest first, so two
workers on two cores finish together. A run that fails (the notebook raises, the kernel dies,
an input is invalid) is recorded and the others carry on. Ctrl-C stops the workers, which abandon
their runs without touching the committed reports, and re-raises KeyboardInterrupt (exit 130).

A batch holds two locks: its output folder's (one batch per folder) and, shared, the processed
tables' (xnplan.lock), so `xnplan build` cannot replace the tables a running report reads. Each
worker also recomputes its report's key when the notebook has finished and stores the report only
if the key is still the one it started from: the key on disk describes the inputs the report read.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TextIO

from xnplan import facts
from xnplan.clitext import pad
from xnplan.errors import NotebookUnreadable, OutputFolderError, ParameterError
from xnplan.lock import hold, hold_file
from xnplan.runner.index import (
    RUN_STATUS_LABELS,
    IndexRow,
    manifest_path,
    publish_data,
    read_conclusion,
    stale_reason,
    write_index,
)
from xnplan.runner.key import KeyMaker, ReportKey, changed_parts, describe_reasons, iso_utc
from xnplan.runner.layout import BATCH_LOCK, STAGING, ReportFiles, build_folder, claim, retire_old_layout
from xnplan.runner.reportset import ReportSpec
from xnplan.runner.run import Job, Outcome, init_worker, record_failure, run_job
from xnplan.textwidth import display_width


def default_jobs() -> int:
    """The cores this process may use (not all cores of the machine, under a CPU affinity mask)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass
class BatchSettings:
    root: Path
    out_dir: Path
    notebooks_dir: Path
    processed_dir: Path | None = None  # locked while the batch runs; default ROOT/data/processed
    jobs: int = field(default_factory=default_jobs)
    force: bool = False
    kernel_name: str = facts.KERNEL_NAME
    timeout: float | None = None  # per cell, seconds
    progress: bool = True


@dataclass
class BatchResult:
    outcomes: list[tuple[ReportSpec, Outcome]]
    seconds: float
    index: Path

    @property
    def failed(self) -> list[tuple[ReportSpec, Outcome]]:
        return [(s, o) for s, o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def ensure_kernel(name: str = facts.KERNEL_NAME) -> None:
    """Install the ``xnplan`` kernelspec into this environment if Jupyter does not know it."""
    from jupyter_client.kernelspec import KernelSpecManager

    if name not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(prefix=sys.prefix, kernel_name=name, display_name=f"Python ({name})")


def run_reports(
    all_specs: Sequence[ReportSpec],
    selected: Sequence[ReportSpec],
    settings: BatchSettings,
    out: TextIO = sys.stdout,
) -> BatchResult:
    """Build the ``selected`` reports, rewrite the index over ``all_specs``, print a summary."""
    start = time.perf_counter()
    out_dir = settings.out_dir
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputFolderError(f"--out {out_dir} 是一个文件，不是文件夹（is a file, not a folder）")
    claim(out_dir)
    keys = KeyMaker(settings.root, settings.notebooks_dir)
    processed = settings.processed_dir or settings.root / "data" / "processed"
    with _batch_lock(out_dir), hold(processed, exclusive=False):
        retire_old_layout(out_dir, [spec.slug for spec in all_specs])
        try:
            outcomes = _build(selected, settings, keys)
        finally:  # also after Ctrl-C: the staging area holds only abandoned temporary files
            shutil.rmtree(out_dir / STAGING, ignore_errors=True)
        ordered = [(spec, outcomes[spec.slug]) for spec in selected]
        # Under the shared lock of the tables: `xnplan build` cannot replace them while they are copied.
        publish_data(processed, out_dir)
        index = write_index(
            out_dir, [_index_row(spec, outcomes.get(spec.slug), keys, out_dir) for spec in all_specs]
        )
    result = BatchResult(ordered, time.perf_counter() - start, index)
    print_summary(result, out)
    return result


@dataclass
class BatchPlan:
    """What a batch will do: outcomes known without running (up to date, unreadable notebook), and
    the jobs to run with the reason each is (re)built."""

    outcomes: dict[str, Outcome]
    jobs: list[Job]
    why: dict[str, list[str]]


def plan_batch(selected: Sequence[ReportSpec], settings: BatchSettings, keys: KeyMaker) -> BatchPlan:
    """Compare each report's key with the stored one; decide what to skip and what to run."""
    outcomes: dict[str, Outcome] = {}
    why: dict[str, list[str]] = {}
    jobs: list[Job] = []
    for spec in selected:
        files = ReportFiles(settings.out_dir, spec.slug)
        try:
            key = keys.key(spec)
        except NotebookUnreadable as exc:
            outcomes[spec.slug] = Outcome(spec.slug, "failed", 0.0, str(exc))
            continue
        stored = files.read_key()
        if not settings.force and stored is not None and _up_to_date(files, stored, key):
            outcomes[spec.slug] = Outcome(spec.slug, "skipped", float(stored.get("seconds", 0.0)))
            continue
        why[spec.slug] = (
            ["--force"]
            if settings.force
            else (
                changed_parts(stored, key)
                or ["last attempt failed" if files.failed_record.exists() else "outputs missing"]
            )
        )
        jobs.append(
            Job(
                slug=spec.slug,
                title=spec.title,
                notebook=keys.notebook_path(spec),
                parameters=keys.resolve_parameters(spec),
                record=_record(spec, key),
                out_dir=settings.out_dir,
                cwd=settings.notebooks_dir,
                root=settings.root,
                spec=spec,
                kernel_name=settings.kernel_name,
                timeout=settings.timeout,
            )
        )
    return BatchPlan(outcomes, jobs, why)


def _build(selected: Sequence[ReportSpec], settings: BatchSettings, keys: KeyMaker) -> dict[str, Outcome]:
    """Skip what is up to date, run the rest; the outcome of every selected report by slug."""
    plan = plan_batch(selected, settings, keys)
    for spec in selected:  # notebooks that could not be read
        known = plan.outcomes.get(spec.slug)
        if known is not None and known.status == "failed":
            record_failure(ReportFiles(settings.out_dir, spec.slug), _record(spec, None), known.reason, 0.0)
    if plan.jobs:
        ensure_kernel(settings.kernel_name)
        for outcome in _execute(plan.jobs, settings):
            plan.outcomes[outcome.slug] = Outcome(
                outcome.slug, outcome.status, outcome.seconds, outcome.reason, plan.why[outcome.slug]
            )
    return plan.outcomes


def _record(spec: ReportSpec, key: ReportKey | None) -> dict[str, object]:
    record: dict[str, object] = {
        "slug": spec.slug,
        "title": spec.title,
        "notebook": spec.notebook,
        "parameters": dict(spec.parameters),
    }
    if key is not None:
        record.update(key.to_json())
    return record


def _up_to_date(files: ReportFiles, stored: dict, key: ReportKey) -> bool:
    return stored.get("key") == key.key and files.outputs_exist() and not files.failed_record.exists()


def _batch_lock(out_dir: Path) -> contextlib.AbstractContextManager[None]:
    """One batch per output directory: two would rename over each other's files."""
    return hold_file(
        build_folder(out_dir) / BATCH_LOCK,
        exclusive=True,
        busy=(
            f"另一个 xnplan reports 正在写入 {out_dir}，请等它结束后再运行"
            f"（another `xnplan reports` is writing to {out_dir}; wait for it to finish）"
        ),
    )


def _expected_seconds(job: Job) -> float:
    """Longest first: last build time when known, else notebook size (bigger notebooks do more)."""
    stored = ReportFiles(job.out_dir, job.slug).read_key() or {}
    seconds = stored.get("seconds")
    if isinstance(seconds, int | float):
        return float(seconds)
    return job.notebook.stat().st_size / 1e4 if job.notebook.exists() else 0.0


def _new_pool(workers: int, root: Path) -> ProcessPoolExecutor:
    # spawn: a worker starts from a clean interpreter, not from a copy of the parent (which may hold
    # threads, open locks or a test harness); the start-up cost is paid once per worker.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(str(root), os.getpid()),
    )


def _execute(jobs: list[Job], settings: BatchSettings) -> Iterator[Outcome]:
    """Run ``jobs`` on ``settings.jobs`` workers; yields each Outcome as it finishes."""
    from tqdm import tqdm

    queue = sorted(jobs, key=_expected_seconds, reverse=True)
    workers = max(1, min(settings.jobs, len(queue)))
    pool = _new_pool(workers, settings.root)
    running: dict[Future, Job] = {}
    bar = tqdm(
        total=len(queue),
        unit="份",
        desc="报告",
        file=sys.stderr,
        disable=not settings.progress,
        dynamic_ncols=True,
    )
    try:
        while queue or running:
            # Submit no more than the workers can start, so a broken pool loses only runs in progress.
            while queue and len(running) < workers:
                job = queue.pop(0)
                running[pool.submit(run_job, job)] = job
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                job = running.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broken = True
                    outcome = _runner_failure(
                        job, "运行报告的进程意外退出（被终止或内存不足？）(the worker process died)"
                    )
                except Exception as exc:  # a bug in the runner itself must not lose the other reports
                    outcome = _runner_failure(
                        job, f"运行程序出错（runner error）：{type(exc).__name__}: {exc}"
                    )
                bar.set_postfix_str(f"{outcome.slug}：{_status_word(outcome.status)}", refresh=False)
                bar.update()
                yield outcome
            if broken:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(workers, settings.root)
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        bar.close()
    pool.shutdown(wait=True)


def _runner_failure(job: Job, reason: str) -> Outcome:
    record_failure(ReportFiles(job.out_dir, job.slug), job.record, reason, 0.0)
    return Outcome(job.slug, "failed", 0.0, reason)


def _stop_workers(pool: ProcessPoolExecutor, grace: float = 10.0) -> None:
    """SIGTERM every worker (each abandons its run and shuts its kernel down), then wait for them."""
    pool.shutdown(wait=False, cancel_futures=True)
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    deadline = time.monotonic() + grace
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()


def _index_row(spec: ReportSpec, outcome: Outcome | None, keys: KeyMaker, out_dir: Path) -> IndexRow:
    """What the index says about a report, from this batch's outcome or, if not run, from its files."""
    files = ReportFiles(out_dir, spec.slug)
    stored = files.read_key()
    failure = files.read_failure()
    if outcome is None:
        outcome = _outcome_on_disk(spec, files, stored, failure, keys)
    built = stored or {}
    conclusion, answer = _conclusions(out_dir, files)
    return IndexRow(
        spec=spec,
        status=outcome.status,
        reason=outcome.reason,
        seconds=_row_seconds(outcome, built),
        newest_input=str(_dating_record(outcome, built, failure).get("newest_input") or ""),
        built_at=str(built.get("built_at") or ""),
        html=files.html.name if files.html.exists() else None,
        ipynb=_link_if_exists(out_dir, files.ipynb),
        failed_ipynb=_link_if_exists(out_dir, files.failed_ipynb) if outcome.status == "failed" else None,
        log=_link_if_exists(out_dir, files.log),
        conclusion=conclusion,
        answer=answer,
    )


def _row_seconds(outcome: Outcome, built: dict) -> float:
    """A run of this batch (built or failed) by its own time; a report not run by its last build's."""
    return outcome.seconds if outcome.status in ("ok", "failed") else float(built.get("seconds", 0.0))


def _dating_record(outcome: Outcome, built: dict, failure: dict | None) -> dict:
    """The record whose inputs date the row: the failure's for a failed report, else the build's."""
    return failure if outcome.status == "failed" and failure else built


def _conclusions(out_dir: Path, files: ReportFiles) -> tuple[str | None, str | None]:
    """The page's one-line conclusion and its answer, from its downloads manifest (none without a page)."""
    if not files.html.exists():
        return None, None
    manifest = manifest_path(out_dir, files.slug)
    return read_conclusion(manifest), read_conclusion(manifest, "answer")


def _link_if_exists(out_dir: Path, path: Path) -> str | None:
    return _link_from(out_dir, path) if path.exists() else None


def _outcome_on_disk(
    spec: ReportSpec, files: ReportFiles, stored: dict | None, failure: dict | None, keys: KeyMaker
) -> Outcome:
    """The state of a report this batch did not run: failed, up to date, stale or missing."""
    try:
        key = keys.key(spec)
    except NotebookUnreadable as exc:
        return Outcome(spec.slug, "failed", 0.0, str(exc))
    if failure is not None and failure.get("key") == key.key:
        return Outcome(
            spec.slug, "failed", float(failure.get("seconds", 0.0)), str(failure.get("reason", ""))
        )
    if stored is None:
        return Outcome(spec.slug, "missing", 0.0)
    seconds = float(stored.get("seconds", 0.0))
    if _up_to_date(files, stored, key):
        return Outcome(spec.slug, "skipped", seconds)
    if files.outputs_exist():
        return Outcome(spec.slug, "stale", seconds, stale_reason(changed_parts(stored, key)))
    return Outcome(spec.slug, "missing", 0.0)


def _link_from(out_dir: Path, path: Path) -> str:
    """A relative link from the pages of ``out_dir`` to a file of the build folder beside it."""
    return Path(os.path.relpath(path.absolute(), out_dir.absolute())).as_posix()


class SummaryLine(NamedTuple):
    """One report in the summary of ``xnplan reports``, and the notes under it."""

    report: str
    status: str
    seconds: str
    output: str
    notes: tuple[str, ...] = ()


SUMMARY_HEADER = SummaryLine("报告", "状态", "秒数", "输出")
SECONDS_WIDTH = 7


def _status_word(status: str) -> str:
    """A run's status as the landing page words it: 已生成, 最新（未重跑）, 失败 …"""
    return RUN_STATUS_LABELS[status][1] if status in RUN_STATUS_LABELS else status


def print_summary(result: BatchResult, out: TextIO) -> None:
    """The final table: report, status, seconds, output; a failed run gets its reason underneath, a
    built one why it was built; then the tally."""
    lines = [SUMMARY_HEADER] + [_summary_line(result.index.parent, s, o) for s, o in result.outcomes]
    report_width = max(display_width(line.report) for line in lines)
    status_width = max(display_width(line.status) for line in lines)
    for line in lines:
        print(
            f"{pad(line.report, report_width)}  {pad(line.status, status_width)}  "
            f"{pad(line.seconds, SECONDS_WIDTH, '>')}  {line.output}",
            file=out,
        )
        for note in line.notes:
            print(f"{'':<{report_width}}{note}", file=out)
    print(_tally(result), file=out)


def _tally(result: BatchResult) -> str:
    """``共 3 份报告：已生成 1，最新（未重跑） 1，失败 1；用时 …秒；首页：reports/index.html（time）``."""
    counts = "，".join(
        f"{_status_word(status)} {sum(1 for _, o in result.outcomes if o.status == status)}"
        for status in ("ok", "skipped", "failed")
    )
    return (
        f"共 {len(result.outcomes)} 份报告：{counts}；用时 {result.seconds:.1f} 秒；"
        f"首页：{_display_path(result.index)}（{iso_utc(time.time())}）"
    )


def _summary_line(out_dir: Path, spec: ReportSpec, outcome: Outcome) -> SummaryLine:
    """A report's line: the output is the page, or what a failure left."""
    files = ReportFiles(out_dir, spec.slug)
    if outcome.status != "failed":
        output = _display_path(files.html)
    else:
        kept = [p for p in (files.failed_ipynb, files.log) if p.exists()]
        output = _display_path(kept[0]) if kept else "-"
    seconds = "-" if outcome.status == "skipped" else f"{outcome.seconds:.1f}"  # nothing ran
    return SummaryLine(spec.slug, _status_word(outcome.status), seconds, output, _summary_notes(outcome))


def _summary_notes(outcome: Outcome) -> tuple[str, ...]:
    """The lines under a run: a failure's reason, or why a report was built."""
    if outcome.status == "failed":
        first, *rest = outcome.reason.splitlines() or [""]
        return (f"    原因：{first}", *(f"      {line}" for line in rest))
    if outcome.status == "ok" and outcome.notes:
        return (f"    重建原因：{describe_reasons(outcome.notes)}",)
    return ()


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def reports_command(args) -> int:
    """``xnplan reports``: the CLI arguments (see cli.py) to a batch; returns the exit status."""
    from xnplan.paths import DEFAULT_PROCESSED, NOTEBOOKS_DIR, REPORT_SET_FILE, REPORTS_DIR, ROOT
    from xnplan.runner import overrides
    from xnplan.runner.reportset import report_set, select

    notebooks_dir = (args.notebooks or NOTEBOOKS_DIR).resolve()
    specs = report_set(REPORT_SET_FILE, notebooks_dir)
    chosen = overrides.apply(
        select(specs, args.only),
        args.parameter,
        lambda notebook: overrides.notebook_parameters(notebooks_dir / f"{notebook}.ipynb"),
    )
    if args.list:
        print_list(chosen, sys.stdout)
        return 0
    if args.jobs is not None and args.jobs < 1:
        raise ParameterError(f"--jobs 至少为 1，不能是 {args.jobs}（--jobs must be at least 1）")
    settings = BatchSettings(
        root=ROOT,
        out_dir=(args.out or REPORTS_DIR).resolve(),
        notebooks_dir=notebooks_dir,
        force=args.force,
        timeout=args.timeout,
        progress=not args.no_progress,
        # an installed package keeps its tables in the user's cache, not under ROOT
        processed_dir=DEFAULT_PROCESSED,
    )
    if args.jobs is not None:
        settings.jobs = args.jobs
    # The index describes the reports as this batch leaves them: with the -p values where given.
    by_slug = {spec.slug: spec for spec in chosen}
    result = run_reports([by_slug.get(spec.slug, spec) for spec in specs], chosen, settings)
    return result.exit_code


def print_list(specs: Sequence[ReportSpec], out: TextIO) -> None:
    """What a batch would run, one report a line: slug, notebook(parameters), group, title."""
    width = max([len("slug")] + [len(spec.slug) for spec in specs])
    for spec in specs:
        print(f"{spec.slug:<{width}}  {spec.describe()}  [{spec.group}] {spec.title}", file=out)
