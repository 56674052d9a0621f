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
from xnplan.clitext import ArgumentParser, error_line, pad
from xnplan.errors import XnplanError
from xnplan.paths import DEFAULT_PROCESSED, DEFAULT_RAW_TEXT
from xnplan.textwidth import display_width


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so a terminated build cleans up like Ctrl-C does


def _build(args: argparse.Namespace) -> int:
    import signal

    from xnplan.store.files import build

    signal.signal(signal.SIGTERM, _interrupt)
    out = build(args.raw, args.out)
    print(f"数据表已写入 {out}")
    if args.report_unparsed:
        from xnplan.parse.narrative import unparsed_report

        print(unparsed_report(args.raw))
    return 0


def _info(args: argparse.Namespace) -> int:
    from xnplan.schema import TABLES
    from xnplan.store.files import load

    plan = load(args.dir)
    tables = plan.tables()
    width = max(display_width(TABLES[name].title) for name in tables)
    for name, table in tables.items():
        print(f"{pad(TABLES[name].title, width)}  {len(table):>5} 行  {name}")
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


# `xnplan reports --help`: (what it does, the command).
REPORTS_EXAMPLES = (
    ("生成有改动的报告，用满全部核心", "xnplan reports"),
    ("全部重建，一次一份", "xnplan reports --force --jobs 1"),
    ("一个县市区（也可写 Tongshan 等别名）", "xnplan reports --only county=通山县"),
    ("2025 年的目标差距评估", "xnplan reports --only target_gap --only assessment_year=2025"),
    ("一个县市区，列出投资额最大的 5 个项目", "xnplan reports --only county=通山县 -p top_n=5"),
    ("列出报告集（加 --only、-p 时：将运行哪些报告）", "xnplan reports --list"),
)
REPORTS_NOTES = (
    '报告集是项目根目录的 reports.toml，加上 notebooks/ 中其余带 "parameters" 标签单元格的 notebook'
    "（用其默认参数运行）。自上次生成以来，notebook 的单元格、参数（含 -p 给的值）、输入文件（规划文本、"
    "数据表、观测值、项目进展）或 xnplan 程序有改动时，报告会重建。\n"
    "退出码：0 全部成功；1 有报告失败（见汇总和 reports-build/logs/）；130 被中断。"
)
ASSESS_EXAMPLES = (
    (
        "中期评估，全市",
        "xnplan assess --year 2023 --observations 观测值_2023.xlsx --project-status 项目进展.xlsx",
    ),
    ("总结评估，通山县", "xnplan assess --year 2025 --observations 观测值_2025.xlsx --county 通山县"),
)
PROCESSED_HELP = "数据表文件夹（默认：%(default)s）"


def _examples(examples: tuple[tuple[str, str], ...]) -> str:
    """``例：`` and, for each example, what it does and the command under it."""
    lines = [line for what, command in examples for line in (f"  {what}：", f"    {command}")]
    return "\n".join(["例：", *lines])


def _add_build(sub: argparse._SubParsersAction[ArgumentParser]) -> None:
    """`xnplan build`: parse the plan text into data/processed/."""
    build = sub.add_parser(
        "build",
        help="解析规划文本，写出数据表到 data/processed/",
        description="解析规划文本，核对其中的数字，把数据表写入输出文件夹（整体替换，写到一半中断时原文件夹不变）。",
    )
    build.add_argument(
        "--raw", type=Path, default=DEFAULT_RAW_TEXT, metavar="FILE", help="规划文本（默认：%(default)s）"
    )
    build.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_PROCESSED,
        metavar="DIR",
        help="输出文件夹，整体替换（默认：%(default)s）",
    )
    build.add_argument(
        "--report-unparsed",
        action="store_true",
        help="列出正文中像目标、却没有生成目标行的语句及其行号",
    )
    build.set_defaults(func=_build)


def _add_reports(sub: argparse._SubParsersAction[ArgumentParser]) -> None:
    """`xnplan reports`: run the report set."""
    reports = sub.add_parser(
        "reports",
        help="用 papermill 运行全部 notebook，写出 HTML 报告到 reports/",
        description="运行报告集（每个 notebook × 每组参数），并行写出不含代码的 HTML 报告、执行过的 notebook "
        "和首页 reports/index.html。",
        epilog=f"{_examples(REPORTS_EXAMPLES)}\n\n{REPORTS_NOTES}",
    )
    reports.add_argument(
        "-j", "--jobs", type=int, default=None, metavar="N", help="同时运行的 notebook 数（默认：核心数）"
    )
    reports.add_argument("--force", action="store_true", help="重建所选的每份报告，即使没有改动")
    reports.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="FILTER",
        help="只运行：报告名或 notebook 名、notebook=名称 或 参数名=值；可重复："
        "同种条件满足其一即可，不同种条件须同时满足",
    )
    reports.add_argument("--out", type=Path, default=None, metavar="DIR", help="输出文件夹（默认：reports/）")
    reports.add_argument(
        "--notebooks",
        type=Path,
        default=None,
        metavar="DIR",
        help="notebook 所在文件夹（默认：notebooks/）",
    )
    reports.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="一个单元格运行超过这么多秒即判该报告失败（默认：不限）",
    )
    reports.add_argument("--no-progress", action="store_true", help="不显示进度条")
    reports.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="本次运行给 notebook 的参数，按 notebook 参数单元格声明的类型解读；可重复；"
        "所选 notebook 都须有这个参数",
    )
    reports.add_argument(
        "--list", action="store_true", help="列出将运行的报告（报告名、notebook 及参数）后退出"
    )
    reports.set_defaults(func=_reports)


def _add_template(sub: argparse._SubParsersAction[ArgumentParser]) -> None:
    """`xnplan template observations|project-status`: a blank file for the evaluator."""
    template = sub.add_parser(
        "template",
        help="写出待评估人填写的空白观测值文件或项目进展文件",
        description="写出待评估人填写的空白文件：observations 为观测值文件，project-status 为项目进展文件。",
    )
    kinds = template.add_subparsers(dest="kind", metavar="文件类型", title="文件类型", required=True)
    obs = kinds.add_parser(
        "observations",
        help="观测值文件：全市每个指标和目标一行",
        description="写出空白观测值文件：全市每个指标和目标一行，填入该年的观测值。",
    )
    obs.add_argument(
        "--year",
        type=int,
        required=True,
        metavar="YEAR",
        help=f"观测年份（{facts.PERIOD_YEARS[0]}–{facts.FINAL_YEAR}；{facts.BASE_YEAR} 为基期年）",
    )
    status = kinds.add_parser(
        "project-status",
        help="项目进展文件：附件2每个项目一行",
        description="写出空白项目进展文件：附件2每个项目一行，填入进展和完成投资。",
    )
    for kind in (obs, status):
        kind.add_argument(
            "--out",
            type=Path,
            default=None,
            metavar="FILE",
            help="输出文件：.xlsx（带下拉选项和参考表）或 .csv"
            "（默认：observations_YEAR.xlsx / project_status.xlsx）",
        )
        kind.add_argument("--force", action="store_true", help="覆盖已有文件")
        kind.add_argument("--dir", type=Path, default=DEFAULT_PROCESSED, metavar="DIR", help=PROCESSED_HELP)
    template.set_defaults(func=_template)


def _add_check(sub: argparse._SubParsersAction[ArgumentParser]) -> None:
    """`xnplan check`: check an evaluator's file."""
    check = sub.add_parser(
        "check",
        help="检查评估人填写的观测值或项目进展文件（规划文本本身的核对由 build 进行）；"
        "有问题时逐条列出，退出码为 1",
        description="检查评估人填写的观测值文件或项目进展文件：列出每个问题及其行号，有问题时退出码为 1。"
        "规划文本本身的核对在 xnplan build 中进行，见数据质量报告。",
    )
    check.add_argument(
        "file", type=Path, metavar="FILE", help="CSV（UTF-8 或 GBK 编码）或 .xlsx 文件；按表头识别是哪种文件"
    )
    check.add_argument("--dir", type=Path, default=DEFAULT_PROCESSED, metavar="DIR", help=PROCESSED_HELP)
    check.set_defaults(func=_check)


def _add_assess(sub: argparse._SubParsersAction[ArgumentParser]) -> None:
    """`xnplan assess`: the assessment of one year."""
    assess = sub.add_parser(
        "assess",
        help="评估：检查观测值和项目进展文件，写出 Word 评估报告、数据表 .xlsx 和 HTML 报告",
        description="检查评估人的观测值文件（和项目进展文件），写出 Word 评估报告（公文格式）、数据表 .xlsx、"
        "HTML 报告及其下载文件。任何输入有问题时一次列出全部问题，什么也不写。"
        "已生成的文件若被手工修改过，不会被覆盖（除非加 --force）。",
        epilog=_examples(ASSESS_EXAMPLES),
    )
    assess.add_argument(
        "--year",
        type=int,
        required=True,
        choices=facts.ASSESSMENT_YEARS,
        help="评估年份：" + "或 ".join(f"{year}（{name}）" for year, name in facts.ASSESSMENT_LABELS.items()),
    )
    assess.add_argument(
        "--observations", type=Path, required=True, metavar="FILE", help="观测值文件（.xlsx 或 CSV）"
    )
    assess.add_argument(
        "--project-status", type=Path, default=None, metavar="FILE", help="项目进展文件（.xlsx 或 CSV），可选"
    )
    assess.add_argument(
        "--county",
        default=None,
        metavar="COUNTY",
        help="县市区（如 通山县）：写该县市区的评估报告；不写为全市",
    )
    assess.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="输出文件夹（默认 reports/assessment-年份[-县市区]/）",
    )
    assess.add_argument("--force", action="store_true", help="覆盖手工修改过的评估文件")
    assess.add_argument("--dir", type=Path, default=DEFAULT_PROCESSED, metavar="DIR", help=PROCESSED_HELP)
    assess.set_defaults(func=_assess)


def _add_info(sub: argparse._SubParsersAction[ArgumentParser]) -> None:
    """`xnplan info`: the processed tables and their row counts."""
    info = sub.add_parser("info", help="列出数据表及其行数", description="列出数据表：中文名、行数和文件名。")
    info.add_argument("--dir", type=Path, default=DEFAULT_PROCESSED, metavar="DIR", help=PROCESSED_HELP)
    info.set_defaults(func=_info)


def make_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="xnplan",
        description=f"{facts.PLAN_NAME}：从规划文本生成数据表、分析报告和评估报告。",
        epilog="每个子命令的用法：xnplan 子命令 --help",
    )
    sub = parser.add_subparsers(dest="command", metavar="子命令", title="子命令", required=True)
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
        print(error_line(f"xnplan {args.command}", str(exc)), file=sys.stderr)
        return 1
    except OSError as exc:
        where = exc.filename or ""
        message = (
            f"{where}{'：' if where else ''}{exc.strerror or exc}"
            f"（系统错误 {type(exc).__name__}；磁盘已满、只读或路径是文件夹？）"
        )
        print(error_line(f"xnplan {args.command}", message), file=sys.stderr)
        return 1
    except MemoryError:
        print(error_line(f"xnplan {args.command}", "内存不足（out of memory）"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"xnplan {args.command}：已中断，之前的输出保持原样（interrupted）", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
