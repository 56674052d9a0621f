"""The ``xnplan`` command: build | reports | template | check | info.

Each subcommand's work lives in the module that owns it; this file only wires arguments. Every
XnplanError becomes one readable message on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import XnplanError
from .paths import DEFAULT_PROCESSED, DEFAULT_RAW_TEXT


def _build(args: argparse.Namespace) -> int:
    from .store import build

    out = build(args.raw, args.out)
    print(f"wrote tables to {out}")
    return 0


def _info(args: argparse.Namespace) -> int:
    from .store import load

    plan = load(args.dir)
    for name, table in plan.tables().items():
        print(f"{name:<22} {len(table):>5} rows")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xnplan", description="Tables and reports from the Xianning civil-affairs 14th Five-Year Plan.")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="parse the plan text and write data/processed/")
    build.add_argument("--raw", type=Path, default=DEFAULT_RAW_TEXT, help="plan text (default: %(default)s)")
    build.add_argument("--out", type=Path, default=DEFAULT_PROCESSED, help="output directory (default: %(default)s)")
    build.set_defaults(func=_build)

    info = sub.add_parser("info", help="list the processed tables and their row counts")
    info.add_argument("--dir", type=Path, default=DEFAULT_PROCESSED, help="processed directory")
    info.set_defaults(func=_info)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except XnplanError as exc:
        print(f"xnplan {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"xnplan {args.command}: interrupted; earlier outputs are left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
