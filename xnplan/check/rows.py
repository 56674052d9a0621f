"""The typed row every check makes.

A :class:`Check` says what it compares (``compares``, one of :data:`xnplan.schema.CHECK_FAMILIES`), the
stated and the computed figure in one unit, where the stated figure is printed (the source line and
``stated_source``), which other lines are involved (a list of line numbers) and the status. What it
found is its :class:`Note`: typed figures and names, of a class that belongs to one kind of finding
(:mod:`xnplan.check.kinds`) and words them (:mod:`xnplan.check.wording`). Readers select and format
these fields; none of them has to parse text back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from xnplan.check.cite import BY_LINE, Cite
from xnplan.schema import STATED_IN_PROSE, STATED_IN_TABLE_13TH, STATED_IN_TABLE_14TH

# Where a stated figure can be printed besides 附件1, 附件2 and 专栏N; schema names them (its
# STATED_SOURCE_PATTERN is made of the names).
PROSE, TABLE_13TH, TABLE_14TH = STATED_IN_PROSE, STATED_IN_TABLE_13TH, STATED_IN_TABLE_14TH


class Note(Protocol):
    """What a check found, typed; its class names the kind of finding and holds the wording."""

    kind: ClassVar[str]

    @property
    def subject(self) -> str:
        """What the check is about: a category, an indicator, a facility, as printed."""
        ...

    @property
    def item(self) -> str:
        """The check in a few words, with its unit: 合计 估算总投资(万元) 对明细行."""
        ...

    def text(self, cite: Cite) -> str:
        """The explanation: what differs and why, citing lines and checks as ``cite`` says."""
        ...


@dataclass(frozen=True)
class Check:
    """One row of the reconciliation table; ``difference`` is stated − computed."""

    check_id: str
    level: str
    compares: str
    stated_source: str
    stated: float | None
    computed: float | None
    unit: str
    status: str
    note: Note
    source_line: int | None = None
    evidence_lines: Iterable[int] = ()
    computed_source: str = ""
    difference: float | None = field(init=False)

    def __post_init__(self) -> None:
        # Each line once, in text order: the row reads the same however the check gathered them.
        object.__setattr__(self, "evidence_lines", tuple(sorted({int(n) for n in self.evidence_lines})))
        gap = None if self.stated is None or self.computed is None else round(self.stated - self.computed, 2)
        object.__setattr__(self, "difference", gap)

    @property
    def kind(self) -> str:
        return self.note.kind

    @property
    def subject(self) -> str:
        return self.note.subject

    @property
    def item(self) -> str:
        return self.note.item

    def explanation(self, cite: Cite = BY_LINE) -> str:
        return self.note.text(cite)
