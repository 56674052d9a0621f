"""The ``xnplan`` command: build | reports | template | check | assess | info.

Each subcommand's work lives in the module that owns it; this file only wires arguments. Every
XnplanError, and every operating-system error (read-only folder, full disk, a path that is a folder),
becomes one readable message on stderr and exit code 1; a reader that closes the pipe early
(``xnplan reports --list | head``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from xnplan import facts
from xnplan.errors import XnplanError
from xnplan.paths import DEFAULT_PROCESSED, DEFAULT_RAW_TEXT


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so a terminated build cleans up like Ctrl-C does


def _build(args: argparse.Namespace) -> int:
    import signal

    from xnplan.store.files import build

    signal.signal(signal.SIGTERM, _interrupt)
    out = build(args.raw, args.out)
    print(f"wrote tables to {out}")
    if args.report_unparsed:
        from xnplan.parse.narrative import unparsed_report

        print(unparsed_report(args.raw))
    return 0


def _info(args: argparse.Namespace) -> int:
    from xnplan.store.files import load

    plan = load(args.dir)
    for name, table in plan.tables().items():
        print(f"{name:<22} {len(table):>5} rows")
    return 0


def _reports(args: argparse.Namespace) -> int:
    import signal

    from xnplan.paths import DEFAULT_PROCESSED
    from xnplan.runner.batch import reports_command
    from xnplan.store.files import ensure_built

    if not args.list:
        # Before the kernels start: each would otherwise try an installed package's first-use build.
        ensure_built(DEFAULT_PROCESSED)
    # A terminated batch stops its workers and releases its locks like Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    return reports_command(args)


def _template(args: argparse.Namespace) -> int:
    from xnplan.assess import inputs, templates
    from xnplan.store.files import load

    plan = load(args.dir)
    if args.kind == "observations":
        items = plan.catalogue
        frame = inputs.observations_template(items, args.year)
        out = args.out or Path(f"observations_{args.year}.xlsx")
        templates.write_template(
            frame,
            out,
            "observations",
            templates.observation_reference(items),
            templates.observation_choices(items),
            force=args.force,
        )
    else:
        frame = inputs.project_status_template(plan.projects)
        out = args.out or Path("project_status.xlsx")
        templates.write_template(
            frame,
            out,
            "project_status",
            templates.project_reference(plan.projects),
            templates.status_choices(),
            force=args.force,
        )
    print(f"已写入 {len(frame)} 行模板 (wrote {len(frame)} rows): {out}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from xnplan.assess import catalogue, inputs
    from xnplan.assess.grid import shown
    from xnplan.errors import InputFileError, InputValidationError
    from xnplan.store.files import load

    plan = load(args.dir)
    units = catalogue.observation_units(plan.catalogue)
    planned = dict(zip(plan.projects["project_id"], plan.projects["investment_wan"], strict=True))
    name = shown(str(args.file), 200)
    try:
        read = inputs.check_file(args.file, units, plan.projects["project_id"], planned)
    except InputValidationError as exc:
        listing = "\n".join(f"  - {problem}" for problem in exc.problems)
        raise InputFileError(f"{name}：未通过检查，请改正以下问题后重试 (not accepted):\n{listing}") from None
    for kind, frame in read:
        print(f"{name}：{inputs.check_summary(kind, frame)}")
    return 0


def _assess(args: argparse.Namespace) -> int:
    import signal

    from xnplan.assess.command import assess_command

    # A terminated run cleans up its staging folder and kernel like Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    paths = assess_command(
        args.year,
        args.observations,
        args.project_status,
        args.out,
        args.dir,
        county=args.county,
        force=args.force,
    )
    print("已写入：")
    for path in paths:
        print(f"  {path}")
    return 0


REPORTS_EPILOG = """examples:
  xnplan reports                          build what changed, on every core
  xnplan reports --force --jobs 1         rebuild everything, one at a time
  xnplan reports --only county=通山县      one county (aliases such as Tongshan work too)
  xnplan reports --only target_gap --only assessment_year=2025
  xnplan reports --only county=通山县 -p top_n=5   one county, with the 5 largest lines
  xnplan reports --list                   show the report set (with --only and -p: what would run)

The report set is reports.toml at the project root, and every other notebook of notebooks/ with a
cell tagged "parameters" (run with its defaults). A report is rebuilt when its notebook's cells, its
parameters (-p values included), an input file (plan text, processed tables, observations, project
status) or the xnplan source changed since it was built. Exit status:
0 all ok, 1 a report failed (see the summary and reports/logs/), 130 interrupted."""


def _add_build(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`xnplan build`: parse the plan text into data/processed/."""
    build = sub.add_parser("build", help="parse the plan text and write data/processed/")
    build.add_argument("--raw", type=Path, default=DEFAULT_RAW_TEXT, help="plan text (default: %(default)s)")
    build.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_PROCESSED,
        help="output directory, replaced atomically (default: %(default)s)",
    )
    build.add_argument(
        "--report-unparsed",
        action="store_true",
        help="list the prose's target-like clauses that gave no target row, with their lines",
    )
    build.set_defaults(func=_build)


def _add_reports(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`xnplan reports`: run the report set."""
    reports = sub.add_parser(
        "reports",
        help="run every notebook through papermill and write HTML reports to reports/",
        description="Run the report set (every notebook x parameter set) in parallel and write HTML "
        "reports without code, the executed notebooks and reports/index.html.",
        epilog=REPORTS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reports.add_argument(
        "-j", "--jobs", type=int, default=None, help="parallel notebook runs (default: number of cores)"
    )
    reports.add_argument(
        "--force", action="store_true", help="rebuild every selected report, even if up to date"
    )
    reports.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="FILTER",
        help="NAME (notebook or report), notebook=NAME or PARAMETER=VALUE; repeatable",
    )
    reports.add_argument("--out", type=Path, default=None, help="output directory (default: reports/)")
    reports.add_argument(
        "--notebooks", type=Path, default=None, help="notebook directory (default: notebooks/)"
    )
    reports.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="fail a run when one cell takes longer (default: no limit)",
    )
    reports.add_argument("--no-progress", action="store_true", help="no progress bar")
    reports.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="give a notebook parameter for this run, typed as the notebook's parameters cell declares it; "
        "repeatable; the selected notebooks must all have it",
    )
    reports.add_argument(
        "--list", action="store_true", help="list what would run (slug, notebook and parameters) and exit"
    )
    reports.set_defaults(func=_reports)


def _add_template(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`xnplan template observations|project-status`: a blank file for the evaluator."""
    template = sub.add_parser("template", help="write a blank observations or project-status file to fill in")
    kinds = template.add_subparsers(dest="kind", required=True)
    obs = kinds.add_parser("observations", help="one row per indicator and target, city-wide (全市)")
    obs.add_argument(
        "--year",
        type=int,
        required=True,
        help=f"year observed ({facts.PERIOD_YEARS[0]}-{facts.FINAL_YEAR}; {facts.BASE_YEAR} = base year)",
    )
    status = kinds.add_parser("project-status", help="one row per project of 附件2")
    for kind in (obs, status):
        kind.add_argument(
            "--out",
            type=Path,
            default=None,
            help="输出文件 output file, .xlsx (drop-downs, reference sheet) or .csv "
            "(default: observations_YEAR.xlsx / project_status.xlsx)",
        )
        kind.add_argument("--force", action="store_true", help="覆盖已有文件 replace an existing file")
        kind.add_argument("--dir", type=Path, default=DEFAULT_PROCESSED, help="processed directory")
    template.set_defaults(func=_template)


def _add_check(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`xnplan check`: check an evaluator's file."""
    check = sub.add_parser(
        "check",
        help="检查评估人填写的观测值或项目进展文件 check an evaluator's observations or project-status "
        "file (not the plan's own checks, which build runs); exit 1 with every problem listed",
        description="检查评估人填写的观测值文件或项目进展文件：列出每个问题及其行号，有问题时退出码为 1。"
        "规划文本本身的核对在 xnplan build 中进行，见数据质量报告。",
    )
    check.add_argument(
        "file", type=Path, help="CSV (UTF-8 or GBK) or .xlsx file; its kind is told by its header"
    )
    check.add_argument("--dir", type=Path, default=DEFAULT_PROCESSED, help="processed directory")
    check.set_defaults(func=_check)


def _add_assess(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`xnplan assess`: the assessment of one year."""
    assess = sub.add_parser(
        "assess",
        help="评估：检查观测值和项目进展文件，写出 Word 评估报告、数据表 .xlsx 和 HTML 报告",
        description="检查评估人的观测值文件（和项目进展文件），写出 Word 评估报告（公文格式）、数据表 .xlsx、"
        "HTML 报告及其下载文件。任何输入有问题时一次列出全部问题，什么也不写。"
        "已生成的文件若被手工修改过，不会被覆盖（除非加 --force）。",
        epilog="例：xnplan assess --year 2023 --observations 观测值_2023.xlsx "
        "--project-status 项目进展.xlsx\n"
        "    xnplan assess --year 2025 --observations 观测值_2025.xlsx --county 通山县",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    assess.add_argument(
        "--year",
        type=int,
        required=True,
        choices=facts.ASSESSMENT_YEARS,
        help="评估年份：" + "或 ".join(f"{year}（{name}）" for year, name in facts.ASSESSMENT_LABELS.items()),
    )
    assess.add_argument("--observations", type=Path, required=True, help="观测值文件（.xlsx 或 CSV）")
    assess.add_argument(
        "--project-status", type=Path, default=None, help="项目进展文件（.xlsx 或 CSV），可选"
    )
    assess.add_argument(
        "--county", default=None, help="县市区（如 通山县）：写该县市区的评估报告；不写为全市"
    )
    assess.add_argument(
        "--out", type=Path, default=None, help="输出文件夹（默认 reports/assessment-年份[-县市区]/）"
    )
    assess.add_argument("--force", action="store_true", help="覆盖手工修改过的评估文件")
    assess.add_argument(
        "--dir", type=Path, default=DEFAULT_PROCESSED, help="数据表文件夹（默认 data/processed）"
    )
    assess.set_defaults(func=_assess)


def _add_info(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`xnplan info`: the processed tables and their row counts."""
    info = sub.add_parser("info", help="list the processed tables and their row counts")
    info.add_argument("--dir", type=Path, default=DEFAULT_PROCESSED, help="processed directory")
    info.set_defaults(func=_info)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xnplan", description="Tables and reports from the Xianning civil-affairs 14th Five-Year Plan."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    _add_build(sub)
    _add_reports(sub)
    _add_template(sub)
    _add_check(sub)
    _add_assess(sub)
    _add_info(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        # The reader has gone (`| head`): nothing more to say. Point stdout at /dev/null so the
        # interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command that died of it
    except XnplanError as exc:
        print(f"xnplan {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = exc.filename or ""
        print(
            f"xnplan {args.command}: error: {where}{'：' if where else ''}{exc.strerror or exc}"
            f"（系统错误 {type(exc).__name__}；磁盘已满、只读或路径是文件夹？）",
            file=sys.stderr,
        )
        return 1
    except MemoryError:
        print(f"xnplan {args.command}: error: 内存不足（out of memory）", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"xnplan {args.command}: interrupted; earlier outputs are left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
