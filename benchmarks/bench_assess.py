"""Time ``xnplan assess`` on a filled-in evaluator's file: the whole command as an evaluator runs it,
and its parts in a warm process.

    .venv/bin/python benchmarks/bench_assess.py [--runs N] [--year 2023|2025]

The evaluator's file is made here: a value for each of the 12 main indicators, values for 20 prose
targets, and a status for every project line of three counties (the others silent). The target is a
full run under 30 s on this 2-core machine (the whole command, a fresh process, Python start and
kernel start included). The parts show where the time goes: reading the files, building the
assessment, the Word document, the workbook and the HTML page (the notebook run).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import xnplan
from xnplan.assess import command, compose, docx_writer, evidence, workbook
from xnplan.assess.assessment import Edition, build

TARGET_S = 30.0
HEADER = "indicator_id,geography,year,value,unit,as_of,source,reliability,note,judgement,judgement_reason\n"


def evaluator_files(folder: Path, year: int) -> tuple[Path, Path]:
    plan = xnplan.store.load()
    catalogue = plan.catalogue
    ids = list(dict.fromkeys(catalogue["observation_id"]))
    rows = []
    units = dict(zip(catalogue["observation_id"], catalogue["unit"], strict=False))
    for n, obs_id in enumerate(ids[:32]):
        unit = units[obs_id]
        value = 55 + n % 40 if unit == "%" else 1 + n % 5
        rows.append(f"{obs_id},全市,{year},{value},{unit},{year}-12-31,民政局统计年报,部门统计,,,")
    observations = folder / "观测值.csv"
    observations.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    lines = plan.projects[plan.projects["county"].isin(["咸安区", "通山县", "嘉鱼县"])]
    statuses = ["completed", "in_progress", "planned", "cancelled"]
    status = folder / "项目进展.csv"
    status.write_text(
        "project_id,status,invested_wan,as_of,note\n"
        + "\n".join(
            f"{pid},{statuses[n % 4]},{w * 0.4:.2f},{year}-12-31,"
            for n, (pid, w) in enumerate(zip(lines["project_id"], lines["investment_wan"], strict=True))
        )
        + "\n",
        encoding="utf-8",
    )
    return observations, status


def timed(job: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return times


def line(label: str, times: list[float]) -> str:
    return (
        f"{label:<24} median {statistics.median(times):6.2f} s"
        f"  min {min(times):6.2f}  max {max(times):6.2f}  (n={len(times)})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs (default: %(default)s)")
    parser.add_argument("--year", type=int, default=2023, choices=(2023, 2025))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        observations, status = evaluator_files(folder, args.year)
        plan = xnplan.store.load()
        edition = Edition(args.year)
        given = evidence.read_evidence(plan, observations, status, evidence.EVALUATOR)
        assessment = build(plan, given, edition)
        document = compose.document(assessment)
        parts = {
            "read and check inputs": lambda: evidence.read_evidence(plan, observations, status),
            "build the assessment": lambda: build(plan, given, edition),
            "compose the document": lambda: compose.document(assessment),
            "Word (.docx)": lambda: docx_writer.docx_bytes(document),
            "workbook (.xlsx)": lambda: workbook.xlsx_bytes(assessment),
        }
        for label, job in parts.items():
            print(line(label, timed(job, args.runs)))
        evidence.save(given, folder / "evidence")

        def page() -> str:
            downloads = folder / f"page-{time.perf_counter_ns()}"
            downloads.mkdir()
            return command.render_html(edition, folder / "evidence", downloads, folder)

        print(line("HTML page (notebook)", timed(page, args.runs)))
        out = folder / "out"

        def whole() -> None:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "xnplan.cli",
                    "assess",
                    "--year",
                    str(args.year),
                    "--observations",
                    str(observations),
                    "--project-status",
                    str(status),
                    "--out",
                    str(out),
                    "--force",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )

        times = timed(whole, args.runs)
        verdict = "ok" if statistics.median(times) < TARGET_S else f"SLOWER than the {TARGET_S:g} s target"
        print(line("whole command", times) + f"  target < {TARGET_S:g} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
