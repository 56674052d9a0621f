"""One report run (xnplan.runner.run): the reason a failed cell gives on the landing page."""

from __future__ import annotations

from xnplan.runner.run import REASON_LINES, describe_cell_error


def test_cell_error_reason_keeps_the_listed_problems():
    evalue = (
        "obs.csv: 2 problem(s):\n  - row 1: value 'abc' is not a number\n  - row 2: unknown county '火星'"
    )
    assert describe_cell_error("InputValidationError", evalue, 3).splitlines() == [
        "InputValidationError: obs.csv: 2 problem(s):（单元格 In [3]）",
        "  - row 1: value 'abc' is not a number",
        "  - row 2: unknown county '火星'",
    ]
    long = describe_cell_error("E", "\n".join(f"line {i}" for i in range(40)), 1).splitlines()
    assert len(long) == REASON_LINES + 1 and long[-1] == "…… 另有 28 行，见日志"  # 40 lines, 12 shown
