"""Reconciliation: every printed count and total of the project library against what the rows imply.

For the grand total, each category and each subcategory, and for both tables (附件1 summary and
附件2 headers):
- ``{G|Cn|Cn.m}-{S|D}-total``: the printed total against the sum of the 附件2 rows;
- ``…-{S|D}-count``: the printed count against the facility units of those rows;
- ``…-{S|D}-sum-total`` / ``-sum-count``: a figure that has parts (the grand total's categories, a
  category's subcategories) against the sum of its printed parts in the same table;
- ``…-X-total`` / ``-X-count`` (level ``cross-table``): 附件1 against 附件2;
- ``DUP-{project_id}``: a line that repeats an earlier one.

The ids are the printed numbering (合计, 大类n, 小类n.m) and the project's id: they stay when lines move.

Status: ``ok`` when the figures agree; ``mismatch`` when they do not; ``ambiguous`` when a count
agrees with the number of lines rather than the facilities (项目个数 can mean either), or a line
may or may not be a repeat. Each check keeps what it found as a note of
:mod:`xnplan.check.wording.library`, which words it.

Every row here has ``compares`` ``library``; :func:`xnplan.check.run_all` puts them first in the
reconciliation table, before the other families.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd

from xnplan.check.rows import Check
from xnplan.check.wording.library import (
    ATTACHMENT_OF,
    OTHER,
    Clue,
    Deviation,
    Group,
    Included,
    LeafCount,
    LeavesClue,
    LeavesCountNote,
    LineRef,
    LinesCountNote,
    PairCountNote,
    PairTotalNote,
    PartsCountNote,
    Reference,
    Repeat,
    RepeatNote,
    TotalNote,
    UnexplainedCountNote,
    UnitsCountNote,
)
from xnplan.numbers import one_digit_apart
from xnplan.parse.source import Source

# Printed figures carry at most two decimals; anything closer than half a fen of 万元 is equal.
TOLERANCE = 0.005
SHORT = {"summary": "S", "detail": "D"}
COMPARES = "library"


def check_id(prefix: str, table: str, what: str) -> str:
    """The id of a check of a printed figure: G-S-count, C1.2-D-sum-total (``what``: total, count,
    sum-total, sum-count)."""
    return f"{prefix}-{SHORT[table]}-{what}"


def same(a: float, b: float) -> bool:
    return abs(a - b) < TOLERANCE


def status_of(stated: float, computed: float) -> str:
    return "ok" if same(stated, computed) else "mismatch"


@dataclass
class _Line:
    project_id: str
    name: str
    units: int
    duplicate_of: str
    duplicate_line: int  # source line of the line this one repeats (0: none)
    source_line: int


@dataclass
class _Group:
    """The grand total, a category or a subcategory: its printed figures and its 附件2 lines."""

    rec: dict
    lines: list[_Line]
    children: list[_Group] = field(default_factory=list)

    @property
    def level(self) -> str:
        return str(self.rec["level"])

    @property
    def name(self) -> Group:
        return Group(
            self.level,
            int(self.rec["category_no"]),
            int(self.rec["subcategory_no"]),
            self.rec["name_summary"],
            self.rec["name_detail"],
        )

    @property
    def prefix(self) -> str:
        cat, sub = int(self.rec["category_no"]), int(self.rec["subcategory_no"])
        return "G" if self.level == "grand" else f"C{cat}" if self.level == "category" else f"C{cat}.{sub}"

    def count(self, table: str) -> float:
        return float(self.rec[f"{table}_count"])

    def total(self, table: str) -> float:
        return float(self.rec[f"{table}_total_wan"])

    def line(self, table: str) -> int:
        return int(self.rec[f"{table}_line"])

    def parts_total(self, table: str) -> float:
        return round(sum(c.total(table) for c in self.children), 2)

    def parts_count(self, table: str) -> float:
        return sum(c.count(table) for c in self.children)

    @property
    def rows(self) -> int:
        return int(self.rec["rows"])

    @property
    def units(self) -> int:
        return int(self.rec["units"])

    @property
    def investment(self) -> float:
        return float(self.rec["investment_wan"])

    def leaves(self) -> list[_Group]:
        return [leaf for child in self.children for leaf in child.leaves()] if self.children else [self]


LineKey = tuple[int, int]  # (category_no, subcategory_no)


def _lines_by_subcategory(projects: pd.DataFrame) -> dict[LineKey, list[_Line]]:
    """附件2's lines under their (category, subcategory), each with the line it repeats, if any."""
    by_key: dict[LineKey, list[_Line]] = {}
    line_of = dict(zip(projects["project_id"], projects["source_line"], strict=True))
    for rec in projects[
        ["project_id", "name", "units", "duplicate_of", "source_line", "category_no", "subcategory_no"]
    ].to_dict("records"):
        first = int(line_of[rec["duplicate_of"]]) if rec["duplicate_of"] else 0
        line = _Line(
            rec["project_id"],
            rec["name"],
            int(rec["units"]),
            rec["duplicate_of"],
            first,
            int(rec["source_line"]),
        )
        by_key.setdefault((int(rec["category_no"]), int(rec["subcategory_no"])), []).append(line)
    return by_key


def _group_lines(rec: dict, by_key: dict[LineKey, list[_Line]]) -> list[_Line]:
    """The lines a group of 附件1 counts: all of them, a category's or a subcategory's."""
    cat, sub = int(rec["category_no"]), int(rec["subcategory_no"])
    if rec["level"] == "grand":
        return [line for lines in by_key.values() for line in lines]
    if rec["level"] == "category":
        return [line for (c, _), lines in by_key.items() if c == cat for line in lines]
    return by_key.get((cat, sub), [])


def _groups(projects: pd.DataFrame, categories: pd.DataFrame) -> list[_Group]:
    """All groups, grand first, each category followed by its subcategories, parts linked.

    Plain records rather than pandas lookups: this runs on every parse and must stay fast.
    """
    by_key = _lines_by_subcategory(projects)
    groups: list[_Group] = []
    by_category: dict[int, _Group] = {}
    for rec in categories.to_dict("records"):
        group = _Group(rec, _group_lines(rec, by_key))
        if rec["level"] == "category":
            groups[0].children.append(group)
            by_category[int(rec["category_no"])] = group
        elif rec["level"] != "grand":
            by_category[int(rec["category_no"])].children.append(group)
        groups.append(group)
    return groups


def _figure_lines(source: Source, line: int) -> tuple[int, int]:
    """Lines of the count and total cells that follow a printed row's name cell."""
    cells = source.cells(line + 1, min(line + 24, len(source.lines) + 1))
    return (cells[0].line, cells[1].line) if len(cells) >= 2 else (line, line)


# --- totals ----------------------------------------------------------------------------------------


def _references(group: _Group, table: str) -> list[Reference]:
    """Figures a printed total might equal."""
    other = OTHER[table]
    refs = [Reference("rows", group.investment), Reference("other", group.total(other))]
    if group.children:
        refs += [
            Reference("parts", group.parts_total(table)),
            Reference("other_parts", group.parts_total(other)),
        ]
    return refs


def _clues(value: float, refs: list[Reference], skip: str = "") -> tuple[Clue, ...]:
    """What ``value`` equals, or nearly equals, among ``refs`` (except the one that is ``skip``)."""
    clues: list[Clue] = []
    for ref in refs:
        if ref.what == skip:
            continue
        if same(value, ref.value):
            clues.append(Clue(ref, "equal"))
        elif digits := one_digit_apart(value, ref.value):
            clues.append(Clue(ref, "digit", digits))
        elif float(value).is_integer() and not float(ref.value).is_integer() and int(ref.value) == int(value):
            clues.append(Clue(ref, "integer"))
    return tuple(clues)


def _deviating_parts(group: _Group, table: str) -> tuple[Deviation, ...]:
    """The parts whose printed total differs from their rows."""
    return tuple(
        Deviation(c.name, c.total(table), c.investment)
        for c in group.children
        if not same(c.total(table), c.investment)
    )


def _total_note(group: _Group, table: str, against: str, value: float) -> TotalNote:
    stated = group.total(table)
    if same(stated, value):
        return TotalNote(group.name, table, against, stated, value, agrees=True)
    # The parts explain the difference only where the printed figure is their sum (a check against
    # the rows) or where the parts themselves are being added up.
    relevant = same(value, group.parts_total(table)) or same(stated, group.parts_total(table))
    return TotalNote(
        group.name,
        table,
        against,
        stated,
        value,
        agrees=False,
        clues=_clues(stated, _references(group, table)),
        deviating=_deviating_parts(group, table) if group.children and relevant else (),
    )


def _total_checks(source: Source, group: _Group) -> Iterator[Check]:
    for table in ("summary", "detail"):
        _, total_line = _figure_lines(source, group.line(table))
        stated = group.total(table)
        yield Check(
            check_id(group.prefix, table, "total"),
            group.level,
            COMPARES,
            ATTACHMENT_OF[table],
            stated,
            group.investment,
            "万元",
            status_of(stated, group.investment),
            _total_note(group, table, "rows", group.investment),
            source_line=total_line,
            evidence_lines=[group.line(OTHER[table])],
        )
        if group.children:
            parts = group.parts_total(table)
            yield Check(
                check_id(group.prefix, table, "sum-total"),
                group.level,
                COMPARES,
                ATTACHMENT_OF[table],
                stated,
                parts,
                "万元",
                status_of(stated, parts),
                _total_note(group, table, "parts", parts),
                source_line=total_line,
                evidence_lines=[c.line(table) for c in group.children],
            )


# --- counts ----------------------------------------------------------------------------------------


def count_basis(count: float, group: _Group) -> str:
    """What a printed count counts: 'units' (facilities), 'lines' (项目行) or 'neither'."""
    if same(count, group.units):
        return "units"
    return "lines" if same(count, group.rows) else "neither"


def _repeats(group: _Group) -> tuple[Repeat, ...]:
    """For a leaf group: the repeated lines it holds, each counted once more."""
    if group.children:
        return ()
    return tuple(
        Repeat(line.project_id, line.source_line, line.duplicate_of, line.duplicate_line)
        for line in group.lines
        if line.duplicate_of
    )


def _by_leaves(group: _Group, table: str) -> bool:
    """Is the count the sum of the finest printed parts, each counting lines or facilities?"""
    leaves = group.leaves()
    return (
        bool(group.children)
        and same(group.count(table), sum(leaf.count(table) for leaf in leaves))
        and all(count_basis(leaf.count(table), leaf) != "neither" for leaf in leaves)
    )


CountNote = UnitsCountNote | LinesCountNote | LeavesCountNote | UnexplainedCountNote


Figures = tuple[Group, str, float, int, int]  # the group, table, printed count, rows, facility units


def _figures(group: _Group, table: str) -> Figures:
    return group.name, table, group.count(table), group.rows, group.units


def _multi_unit_lines(group: _Group) -> list[_Line]:
    """The group's lines that hold more than one facility."""
    return [line for line in group.lines if line.units > 1]


def _units_note(group: _Group, table: str) -> tuple[str, CountNote, list[int]]:
    """The count is the facility units: ok, with the largest multi-facility line for the reader."""
    multi, repeats = _multi_unit_lines(group), _repeats(group)
    largest = max(multi, key=lambda line: line.units) if multi else None  # the first of the largest
    ref = LineRef(largest.name, largest.source_line, largest.units) if largest else None
    note = UnitsCountNote(*_figures(group, table), multi=len(multi), largest=ref, repeats=repeats)
    return "ok", note, [r.line for r in repeats]


def _lines_note(group: _Group, table: str) -> tuple[str, CountNote, list[int]]:
    """The count is the lines, not the facilities: ambiguous, the multi-facility lines as evidence."""
    multi, repeats = _multi_unit_lines(group), _repeats(group)
    refs = tuple(LineRef(line.name, line.source_line, line.units) for line in multi)
    note = LinesCountNote(*_figures(group, table), multi=refs, repeats=repeats)
    return "ambiguous", note, [line.source_line for line in multi] + [r.line for r in repeats]


def _leaves_note(group: _Group, table: str) -> tuple[str, CountNote, list[int]]:
    """The count is the sum of the finest parts, some counting lines: ambiguous, those parts as
    evidence."""
    by_lines = [leaf for leaf in group.leaves() if count_basis(leaf.count(table), leaf) == "lines"]
    leaves = tuple(LeafCount(leaf.name, leaf.count(table), leaf.rows, leaf.units) for leaf in by_lines)
    note = LeavesCountNote(*_figures(group, table), by_lines=leaves)
    return "ambiguous", note, [leaf.line(table) for leaf in by_lines]


def _unexplained_note(group: _Group, table: str) -> tuple[str, CountNote, list[int]]:
    """Nothing the library holds explains the count: mismatch, with what the other table prints."""
    count, other, repeats = group.count(table), group.count(OTHER[table]), _repeats(group)
    note = UnexplainedCountNote(
        *_figures(group, table),
        parts=group.parts_count(table) if group.children else None,
        other=None if same(other, count) else other,
        repeats=repeats,
    )
    return "mismatch", note, [r.line for r in repeats]


def _count_note(group: _Group, table: str) -> tuple[str, CountNote, list[int]]:
    """(status, note, evidence lines) of a printed count against the facility units."""
    basis = count_basis(group.count(table), group)
    if basis == "units":
        return _units_note(group, table)
    if basis == "lines":
        return _lines_note(group, table)
    if _by_leaves(group, table):
        return _leaves_note(group, table)
    return _unexplained_note(group, table)


def _parts_count_clue(group: _Group, table: str) -> LeavesClue | str:
    """Why a printed count differs from the sum of its printed parts, when the leaves tell; else what
    the count equals."""
    stated = group.count(table)
    leaves = sum(leaf.count(table) for leaf in group.leaves())
    if same(stated, leaves) and not same(leaves, group.parts_count(table)):
        wrong = tuple(
            (c.name, c.count(table), c.parts_count(table))
            for c in group.children
            if c.children and not same(c.count(table), c.parts_count(table))
        )
        return LeavesClue(leaves, wrong)
    return count_basis(stated, group)


def _count_checks(source: Source, group: _Group) -> Iterator[Check]:
    for table in ("summary", "detail"):
        count_line, _ = _figure_lines(source, group.line(table))
        stated = group.count(table)
        status, note, evidence = _count_note(group, table)
        yield Check(
            check_id(group.prefix, table, "count"),
            group.level,
            COMPARES,
            ATTACHMENT_OF[table],
            stated,
            float(group.units),
            "个",
            status,
            note,
            source_line=count_line,
            evidence_lines=[group.line(OTHER[table]), *evidence],
        )
        if group.children:
            parts = group.parts_count(table)
            agrees = same(stated, parts)
            yield Check(
                check_id(group.prefix, table, "sum-count"),
                group.level,
                COMPARES,
                ATTACHMENT_OF[table],
                stated,
                parts,
                "个",
                status_of(stated, parts),
                PartsCountNote(
                    group.name,
                    table,
                    stated,
                    parts,
                    group.rows,
                    group.units,
                    agrees,
                    None if agrees else _parts_count_clue(group, table),
                ),
                source_line=count_line,
                evidence_lines=[c.line(table) for c in group.children],
            )


# --- cross-table and duplicates -------------------------------------------------------------------


def _pair_total_note(group: _Group) -> PairTotalNote:
    s, d = group.total("summary"), group.total("detail")
    if same(s, d):
        return PairTotalNote(group.name, s, d, group.investment, agrees=True)
    return PairTotalNote(
        group.name,
        s,
        d,
        group.investment,
        agrees=False,
        summary_clues=_clues(s, _references(group, "summary"), skip="other"),
        detail_clues=_clues(d, _references(group, "detail"), skip="other"),
        digits=one_digit_apart(s, d),
    )


def _cross_checks(source: Source, group: _Group) -> Iterator[Check]:
    s_count_line, s_total_line = _figure_lines(source, group.line("summary"))
    d_count_line, d_total_line = _figure_lines(source, group.line("detail"))
    s, d = group.total("summary"), group.total("detail")
    yield Check(
        f"{group.prefix}-X-total",
        "cross-table",
        COMPARES,
        ATTACHMENT_OF["summary"],
        s,
        d,
        "万元",
        status_of(s, d),
        _pair_total_note(group),
        source_line=s_total_line,
        evidence_lines=[d_total_line],
        computed_source=ATTACHMENT_OF["detail"],
    )
    sc, dc = group.count("summary"), group.count("detail")
    note = PairCountNote(
        group.name,
        sc,
        dc,
        count_basis(sc, group),
        count_basis(dc, group),
        group.rows,
        group.units,
        agrees=same(sc, dc),
    )
    yield Check(
        f"{group.prefix}-X-count",
        "cross-table",
        COMPARES,
        ATTACHMENT_OF["summary"],
        sc,
        dc,
        "个",
        status_of(sc, dc),
        note,
        source_line=s_count_line,
        evidence_lines=[d_count_line],
        computed_source=ATTACHMENT_OF["detail"],
    )


def _printed_with_both(group: _Group, investment: float, units: int) -> tuple[Included, ...]:
    """The printed figures of a leaf group that include a repeated line: equal to its rows with the
    repeat, not without (``investment`` and ``units`` of the repeated line)."""
    found = []
    for table in ("summary", "detail"):
        total, count = group.total(table), group.count(table)
        if same(total, group.investment) and not same(total, group.investment - investment):
            found.append(Included(table, "total", total))
        if same(count, group.units) and not same(count, group.units - units):
            found.append(Included(table, "count", count))
    return tuple(found)


def _duplicate_checks(projects: pd.DataFrame, groups: list[_Group]) -> Iterator[Check]:
    repeats = projects[projects["duplicate_of"] != ""]
    if not len(repeats):
        return
    first_line = dict(zip(projects["project_id"], projects["source_line"], strict=True))
    leaf_of = {
        line.project_id: g for g in groups if g.level != "grand" and not g.children for line in g.lines
    }
    for row in repeats.to_dict("records"):
        first = int(first_line[row["duplicate_of"]])
        # A damaged copy may hold a line outside every printed leaf: then nothing is said of the figures.
        group = leaf_of.get(row["project_id"])
        included = (
            _printed_with_both(group, float(row["investment_wan"]), int(row["units"])) if group else None
        )
        note = RepeatNote(
            row["project_id"],
            row["name"],
            int(row["source_line"]),
            int(row["seq"]),
            row["duplicate_of"],
            first,
            float(row["investment_wan"]),
            in_subcategory=bool(row["subcategory_no"]),
            included=included,
        )
        yield Check(
            f"DUP-{row['project_id']}",
            "subcategory" if row["subcategory_no"] else "category",
            COMPARES,
            "附件2",
            2.0,
            1.0,
            "",
            "ambiguous",
            note,
            source_line=int(row["source_line"]),
            evidence_lines=[first],
        )


def project_checks(source: Source, projects: pd.DataFrame, categories: pd.DataFrame) -> list[Check]:
    """Every check of the project library (附件1, 附件2 headers, 附件2 rows)."""
    rows: list[Check] = []
    groups = _groups(projects, categories)
    for group in groups:
        rows += [*_total_checks(source, group), *_count_checks(source, group), *_cross_checks(source, group)]
    rows += list(_duplicate_checks(projects, groups))
    return rows
