"""The typed row every check makes, and the frame of the reconciliation table built from such rows.

A :class:`Check` says what it compares (``compares``, one of :data:`xnplan.schema.COMPARES`), the
stated and the computed figure in one unit, where the stated figure is printed (the source line and
``stated_source``), which other lines are involved (a list of line numbers), the status and a Chinese
explanation. Readers select and format these fields; none of them has to parse text back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import partial

import pandas as pd

from xnplan.numbers import number_text
from xnplan.schema import RECONCILIATION

# Explanations quote a figure as the plan prints it (152090, not 152,090), so it can be searched for.
fmt = partial(number_text, grouping=False)

# Where a stated figure can be printed besides 附件1, 附件2 and 专栏N (see RECONCILIATION's stated_source).
PROSE = "正文"
TABLE_13TH = "十三五主要指标完成情况表"
TABLE_14TH = "十四五主要指标表"


@dataclass(frozen=True)
class Check:
    """One row of the reconciliation table; ``difference`` is stated − computed."""

    check_id: str
    level: str
    compares: str
    item: str
    stated_source: str
    stated: float | None
    computed: float | None
    unit: str
    status: str
    explanation: str
    source_line: int | None = None
    evidence_lines: Iterable[int] = ()
    computed_source: str = ""
    difference: float | None = field(init=False)

    def __post_init__(self) -> None:
        # Each line once, in text order: the row reads the same however the check gathered them.
        object.__setattr__(self, "evidence_lines", tuple(sorted({int(n) for n in self.evidence_lines})))
        gap = None if self.stated is None or self.computed is None else round(self.stated - self.computed, 2)
        object.__setattr__(self, "difference", gap)


def checks_frame(checks: Iterable[Check]) -> pd.DataFrame:
    """The checks as a frame with the reconciliation columns and dtypes (no other validation)."""
    records = [{**asdict(c), "evidence_lines": list(c.evidence_lines)} for c in checks]
    frame = pd.DataFrame(records, columns=list(RECONCILIATION.columns))
    return frame.astype(
        {"source_line": "Int64", "evidence_lines": RECONCILIATION.columns["evidence_lines"].dtype.type}
    )
