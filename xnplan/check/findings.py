"""The checks as two tables: every check (reconciliation), and the distinct findings they make.

Several checks can say one thing. 附件1 and 附件2 print the same wrong count for the same
合计/大类/小类, or one print differs equally from its rows and from its printed parts (which add up
to the rows): each is one finding. :func:`gather` puts the checks in the order of the kinds
(:data:`xnplan.check.kinds.KINDS`), 一致 before 不一致 before 存疑 within a kind, then as the
reconciliation lists them, and joins the checks of the same printed figure into one finding, whose id
is its first check's.

The reconciliation cites the text file's lines (its explanations, ``source_line``); a finding cites
the published document's pages and headings, and each row of both tables says where its figures are
printed (``place``). The sentence of a finding comes from the renderer of its kind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import pandas as pd

from xnplan.check.cite import BY_LINE, ByPlace, Cite
from xnplan.check.kinds import ATTACHMENTS, BY_KEY, COUNTS, KINDS, SUMS
from xnplan.check.rows import Check
from xnplan.check.wording.library import FigureNote, pair_sentence, printed_sentence
from xnplan.schema import CHECK_STATUSES, EVIDENCE_LINES, FINDINGS, RECONCILIATION

# Checks whose compared figure is printed somewhere else (not worked out): their place names both.
_TWO_PLACES = {"prose", "prose-table"}


@dataclass(frozen=True)
class Finding:
    """One thing the plan's figures say, and the checks that say it (the first is the finding's id)."""

    checks: tuple[Check, ...]

    @property
    def first(self) -> Check:
        return self.checks[0]

    @property
    def finding_id(self) -> str:
        return self.first.check_id


def _same_figure(check: Check) -> tuple:
    """The key of what a check says: for a printed total or count (sums, counts), its status, its
    合计/大类/小类, measure, printed and compared figure; any other check is a key of its own."""
    if check.kind not in (SUMS, COUNTS):
        return (check.check_id,)
    note = cast(FigureNote, check.note)
    where = (note.group.level, note.group.category_no, note.group.subcategory_no)
    return (check.status, *where, note.measure, check.stated, check.computed)


def gather(checks: Sequence[Check]) -> list[Finding]:
    """The distinct findings of ``checks``, in the order of the kinds, then the statuses, then theirs."""
    kinds = {kind.key: i for i, kind in enumerate(KINDS)}
    statuses = {status: i for i, status in enumerate(CHECK_STATUSES)}
    ordered = sorted(checks, key=lambda c: (kinds[c.kind], statuses[c.status]))
    groups: dict[tuple, list[Check]] = {}
    for check in ordered:
        groups.setdefault(_same_figure(check), []).append(check)
    return [Finding(tuple(group)) for group in groups.values()]


def _explained(checks: Sequence[Check], cite: Cite) -> str:
    return checks[0].explanation(cite)


# The sentence of a finding, by kind: a printed figure of the library says the figure and which way
# it differs before the reasons; every other finding is its explanation.
RENDERERS: dict[str, Callable[[Sequence[Check], Cite], str]] = {
    SUMS: printed_sentence,
    COUNTS: printed_sentence,
    ATTACHMENTS: pair_sentence,
}


def sentence(finding: Finding, cite: Cite) -> str:
    return RENDERERS.get(finding.first.kind, _explained)(finding.checks, cite)


def cited_lines(check: Check) -> list[int]:
    """The lines where a check's figures are printed: the stated one, and the compared one when it
    is printed elsewhere too (or when the stated one has no line)."""
    lines = [] if check.source_line is None else [int(check.source_line)]
    evidence = list(check.evidence_lines)
    two_places = check.compares in _TWO_PLACES or bool(check.computed_source)
    if (two_places or not lines) and evidence:
        lines.append(int(evidence[0]))
    return lines


def places(checks: Sequence[Check], cite: ByPlace) -> str:
    """出处: the pages and headings of the lines ``checks`` cite, each once."""
    return "；".join(dict.fromkeys(cite.place(n) for c in checks for n in cited_lines(c)))


def section_titles(checks: Sequence[Check]) -> dict[str, str]:
    """Check id → the title of its kind, by which a finding cites another check."""
    return {c.check_id: BY_KEY[c.kind].title for c in checks}


def reconciliation_table(checks: Sequence[Check], found: Sequence[Finding], cite: ByPlace) -> pd.DataFrame:
    """Every check in the reconciliation's columns, with its place and the finding it belongs to."""
    finding_of = {c.check_id: f.finding_id for f in found for c in f.checks}
    records = [
        {
            "check_id": c.check_id,
            "level": c.level,
            "compares": c.compares,
            "kind": c.kind,
            "subject": c.subject,
            "item": c.item,
            "stated_source": c.stated_source,
            "computed_source": c.computed_source,
            "stated": c.stated,
            "computed": c.computed,
            "difference": c.difference,
            "unit": c.unit,
            "status": c.status,
            "explanation": c.explanation(BY_LINE),
            "source_line": c.source_line,
            "evidence_lines": list(c.evidence_lines),
            "place": places([c], cite),
            "finding_id": finding_of[c.check_id],
        }
        for c in checks
    ]
    frame = pd.DataFrame(records, columns=list(RECONCILIATION.columns))
    return frame.astype({"source_line": "Int64", "evidence_lines": EVIDENCE_LINES})


def findings_table(found: Sequence[Finding], cite: ByPlace) -> pd.DataFrame:
    """One row per distinct finding, in :func:`gather`'s order. A finding that compares no amount
    (unit '': a repeated line, a named facility found or not) has no figures: its 1 against 0 lines
    found is what the sentence says in words."""
    records = []
    for f in found:
        first, amount = f.first, bool(f.first.unit)
        records.append(
            {
                "finding_id": f.finding_id,
                "kind": first.kind,
                "status": first.status,
                "checks": len(f.checks),
                "subject": first.subject,
                "stated": first.stated if amount else None,
                "computed": first.computed if amount else None,
                "difference": first.difference if amount else None,
                "unit": first.unit,
                "finding": sentence(f, cite),
                "place": places(f.checks, cite),
                "explanation": "".join(c.explanation(BY_LINE) for c in f.checks),
                "source_lines": sorted({int(c.source_line) for c in f.checks if c.source_line is not None}),
                "evidence_lines": sorted({n for c in f.checks for n in c.evidence_lines}),
            }
        )
    frame = pd.DataFrame(records, columns=list(FINDINGS.columns))
    return frame.astype({"source_lines": EVIDENCE_LINES, "evidence_lines": EVIDENCE_LINES})
