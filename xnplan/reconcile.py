"""Reconciliation: every printed count and total of the project library against what the rows imply.

For the grand total, each category and each subcategory, and for both tables (附件1 summary and
附件2 headers):
- ``{G|Cn|Cn.m}-{S|D}-total``: the printed total against the sum of the 附件2 rows;
- ``…-{S|D}-count``: the printed count against the facility units of those rows;
- ``…-{S|D}-sum-total`` / ``-sum-count``: a figure that has parts (the grand total's categories, a
  category's subcategories) against the sum of its printed parts in the same table;
- ``…-X-total`` / ``-X-count`` (level ``cross-table``): 附件1 against 附件2;
- ``DUP-{project_id}``: a line that repeats an earlier one.

Status: ``ok`` when the figures agree; ``mismatch`` when they do not; ``ambiguous`` when a count
agrees with the number of lines rather than the facilities (项目个数 can mean either), or a line
may or may not be a repeat. Explanations are plain English (Chinese names quoted as printed) and say
what a printed figure equals instead, when it equals something (the other table, the sum of the
parts, one digit off, no decimals).

Other modules add their own checks (13th-plan table, narrative) with :func:`check_row` and
:func:`checks_frame`, and pass them to :func:`reconcile` as ``extra`` frames.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from .schema import RECONCILIATION
from .source import Source

# Printed figures carry at most two decimals; anything closer than half a fen of 万元 is equal.
TOLERANCE = 0.005
TABLES = {"summary": "附件1", "detail": "附件2"}
SHORT = {"summary": "S", "detail": "D"}
OTHER = {"summary": "detail", "detail": "summary"}


def check_row(check_id: str, level: str, item: str, stated_source: str, stated: float | None,
              computed: float | None, status: str, explanation: str, *, source_line: int | None = None,
              evidence_lines: Iterable[int] = ()) -> dict:
    """One reconciliation row; ``difference`` is stated − computed (None when either is missing)."""
    difference = None if stated is None or computed is None else round(stated - computed, 2)
    return {"check_id": check_id, "level": level, "item": item, "stated_source": stated_source,
            "stated": stated, "computed": computed, "difference": difference, "status": status,
            "explanation": explanation, "source_line": source_line,
            "evidence_lines": ",".join(str(n) for n in sorted(set(evidence_lines)))}


def checks_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Rows from :func:`check_row` as a frame with the reconciliation columns."""
    frame = pd.DataFrame(list(rows), columns=list(RECONCILIATION.columns))
    frame["source_line"] = frame["source_line"].astype("Int64")
    return frame


def same(a: float, b: float) -> bool:
    return abs(a - b) < TOLERANCE


def status_of(stated: float, computed: float) -> str:
    return "ok" if same(stated, computed) else "mismatch"


def fmt(value: float) -> str:
    """A figure as the plan prints it: no trailing zeros, two decimals at most."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def signed(value: float) -> str:
    """A difference with its sign: +1700, -0.66."""
    return ("+" if value > 0 else "") + fmt(value)


def one_digit_apart(a: float, b: float) -> tuple[str, str] | None:
    """The two differing digits when ``a`` and ``b`` print alike but for one digit (a likely typo)."""
    x, y = f"{a:.2f}", f"{b:.2f}"
    if len(x) != len(y):
        return None
    diffs = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
    return diffs[0] if len(diffs) == 1 else None


@dataclass
class _Line:
    project_id: str
    name: str
    units: int
    duplicate_of: str
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
    def prefix(self) -> str:
        cat, sub = int(self.rec["category_no"]), int(self.rec["subcategory_no"])
        return "G" if self.level == "grand" else f"C{cat}" if self.level == "category" else f"C{cat}.{sub}"

    @property
    def parts_word(self) -> str:
        return "category" if self.level == "grand" else "subcategory"

    @property
    def parts_label(self) -> str:
        return "大类" if self.level == "grand" else "小类"

    def label(self, table: str) -> str:
        if self.level == "grand":
            return "合计"
        cat, sub = int(self.rec["category_no"]), int(self.rec["subcategory_no"])
        number = f"大类{cat}" if self.level == "category" else f"小类{cat}.{sub}"
        return f"{number}「{self.rec[f'name_{table}']}」"

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


def _groups(projects: pd.DataFrame, categories: pd.DataFrame) -> list[_Group]:
    """All groups, grand first, each category followed by its subcategories, parts linked.

    Plain records rather than pandas lookups: this runs on every parse and must stay fast.
    """
    by_key: dict[tuple[int, int], list[_Line]] = {}
    for rec in projects[["project_id", "name", "units", "duplicate_of", "source_line", "category_no",
                         "subcategory_no"]].to_dict("records"):
        line = _Line(rec["project_id"], rec["name"], int(rec["units"]), rec["duplicate_of"],
                     int(rec["source_line"]))
        by_key.setdefault((int(rec["category_no"]), int(rec["subcategory_no"])), []).append(line)
    everything = [line for lines in by_key.values() for line in lines]
    groups: list[_Group] = []
    by_category: dict[int, _Group] = {}
    for rec in categories.to_dict("records"):
        cat, sub = int(rec["category_no"]), int(rec["subcategory_no"])
        if rec["level"] == "grand":
            group = _Group(rec, everything)
        elif rec["level"] == "category":
            group = _Group(rec, [line for (c, _), lines in by_key.items() if c == cat for line in lines])
            groups[0].children.append(group)
            by_category[cat] = group
        else:
            group = _Group(rec, by_key.get((cat, sub), []))
            by_category[cat].children.append(group)
        groups.append(group)
    return groups


def _figure_lines(source: Source, line: int) -> tuple[int, int]:
    """Lines of the count and total cells that follow a printed row's name cell."""
    cells = source.cells(line + 1, min(line + 24, len(source.lines) + 1))
    return (cells[0].line, cells[1].line) if len(cells) >= 2 else (line, line)


# --- totals ----------------------------------------------------------------------------------------

def _total_references(group: _Group, table: str) -> list[tuple[str, float]]:
    """Figures a printed total might equal, with plain labels."""
    other, parts = TABLES[OTHER[table]], group.parts_word
    refs = [("the sum of the rows", group.investment), (f"{other}'s figure", group.total(OTHER[table]))]
    if group.children:
        refs += [(f"the sum of this table's {parts} figures", group.parts_total(table)),
                 (f"the sum of {other}'s {parts} figures", group.parts_total(OTHER[table]))]
    return refs


def _clues(value: float, refs: list[tuple[str, float]], skip: str = "") -> list[str]:
    """What ``value`` equals, or nearly equals, among ``refs`` (except the one labelled ``skip``)."""
    clues: list[str] = []
    for label, ref in refs:
        if label == skip:
            continue
        if same(value, ref):
            clues.append(f"it equals {label} ({fmt(ref)})")
        elif digits := one_digit_apart(value, ref):
            clues.append(f"it differs from {label} ({fmt(ref)}) in one digit only "
                         f"({digits[0]} here, {digits[1]} there), probably a typo")
        elif float(value).is_integer() and not float(ref).is_integer() and int(ref) == int(value):
            clues.append(f"it is {label} ({fmt(ref)}) without its decimals")
    return clues


def _deviating_parts(group: _Group, table: str) -> str:
    """The parts whose printed total differs from their rows, with the difference."""
    return "; ".join(f"{c.label(table)} printed {fmt(c.total(table))}, rows {fmt(c.investment)} "
                     f"({signed(c.total(table) - c.investment)})"
                     for c in group.children if not same(c.total(table), c.investment))


def _explain_total(group: _Group, table: str, reference: str, value: float) -> str:
    stated, name = group.total(table), TABLES[table]
    if same(stated, value):
        return f"{name} prints {fmt(stated)} 万元, equal to {reference}."
    notes = [f"{name} prints {fmt(stated)} 万元; {reference} is {fmt(value)} 万元 "
             f"(printed {signed(stated - value)})"]
    notes += _clues(stated, _total_references(group, table))
    # The parts explain the difference only where the printed figure is their sum (a check against
    # the rows) or where the parts themselves are being added up.
    relevant = same(value, group.parts_total(table)) or same(stated, group.parts_total(table))
    if group.children and relevant and (deviating := _deviating_parts(group, table)):
        notes.append(f"{group.parts_word} figures of this table that differ from their rows: {deviating}")
    return ". ".join(_capital(n) for n in notes) + "."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _total_checks(source: Source, group: _Group) -> Iterator[dict]:
    for table in ("summary", "detail"):
        _, total_line = _figure_lines(source, group.line(table))
        stated = group.total(table)
        yield check_row(
            f"{group.prefix}-{SHORT[table]}-total", group.level,
            f"{group.label(table)} 估算总投资(万元) 对明细行", TABLES[table], stated, group.investment,
            status_of(stated, group.investment),
            _explain_total(group, table, "the sum of the rows", group.investment),
            source_line=total_line, evidence_lines=[group.line(OTHER[table])])
        if group.children:
            reference = f"the sum of this table's {group.parts_word} figures"
            parts = group.parts_total(table)
            yield check_row(
                f"{group.prefix}-{SHORT[table]}-sum-total", group.level,
                f"{group.label(table)} 估算总投资(万元) 对本表各{group.parts_label}之和", TABLES[table],
                stated, parts, status_of(stated, parts), _explain_total(group, table, reference, parts),
                source_line=total_line, evidence_lines=[c.line(table) for c in group.children])


# --- counts ----------------------------------------------------------------------------------------

def count_basis(count: float, group: _Group) -> str:
    """What a printed count counts: 'units' (facilities), 'lines' (项目行) or 'neither'."""
    if same(count, group.units):
        return "units"
    return "lines" if same(count, group.rows) else "neither"


BASIS_WORDS = {"units": "equal to the facility units", "lines": "equal to the lines, not the facilities",
               "neither": "neither the lines nor the facilities"}


def _duplicate_note(group: _Group) -> tuple[str, list[int]]:
    """For a leaf group: the repeated lines it holds, each counted once more."""
    if group.children:
        return "", []
    repeats = [line for line in group.lines if line.duplicate_of]
    text = "".join(f". {line.project_id} (line {line.source_line}) repeats {line.duplicate_of}; "
                   "both lines are counted" for line in repeats)
    return text, [line.source_line for line in repeats]


def _explain_count(group: _Group, table: str) -> tuple[str, str, list[int]]:
    """(status, explanation, evidence lines) of a printed count against the facility units."""
    count, units, rows, name = group.count(table), group.units, group.rows, TABLES[table]
    multi = [line for line in group.lines if line.units > 1]
    dup_text, dup_lines = _duplicate_note(group)
    basis = count_basis(count, group)
    if basis == "units":
        more = f", {len(multi)} of them naming several facilities" if multi else ""
        return "ok", (f"{name} prints {fmt(count)}, equal to the facility units: {rows} lines with "
                      f"{units} facilities{more}{dup_text}."), dup_lines
    if basis == "lines":
        listing = "; ".join(f"{line.name} (line {line.source_line}, {line.units} facilities)"
                            for line in multi)
        return "ambiguous", (f"{name} prints {fmt(count)}, the number of lines, not the {units} "
                             f"facilities: {listing} count as one each, {units - rows} fewer{dup_text}."
                             ), [line.source_line for line in multi] + dup_lines
    leaves = group.leaves()
    if group.children and same(count, sum(leaf.count(table) for leaf in leaves)) and all(
            count_basis(leaf.count(table), leaf) != "neither" for leaf in leaves):
        by_lines = [leaf for leaf in leaves if count_basis(leaf.count(table), leaf) == "lines"]
        listing = "; ".join(f"{leaf.label(table)} (printed {fmt(leaf.count(table))}: {leaf.rows} lines, "
                            f"{leaf.units} facilities)" for leaf in by_lines)
        return "ambiguous", (f"{name} prints {fmt(count)}, the sum of this table's subcategory counts. "
                             f"These count facilities except {listing}, which counts lines; hence "
                             f"{fmt(units - count)} fewer than the {units} facilities."
                             ), [leaf.line(table) for leaf in by_lines]
    parts = (f"; its {group.parts_word} counts add up to {fmt(group.parts_count(table))}"
             if group.children else "")
    other = group.count(OTHER[table])
    other_text = f"; {TABLES[OTHER[table]]} prints {fmt(other)}" if not same(other, count) else ""
    return "mismatch", (f"{name} prints {fmt(count)}, neither the number of lines ({rows}) nor the "
                        f"facility units ({units}){parts}{other_text}{dup_text}. Cause unknown."), dup_lines


def _parts_count_clue(group: _Group, table: str) -> str:
    """Why a printed count differs from the sum of its printed parts, when the leaves tell."""
    stated = group.count(table)
    leaves = sum(leaf.count(table) for leaf in group.leaves())
    if same(stated, leaves) and not same(leaves, group.parts_count(table)):
        wrong = "; ".join(f"{c.label(table)}, printed {fmt(c.count(table))} while its subcategories add "
                          f"up to {fmt(c.parts_count(table))}" for c in group.children
                          if c.children and not same(c.count(table), c.parts_count(table)))
        return (f"The printed figure equals the sum of this table's subcategory counts ({fmt(leaves)}); "
                f"the difference comes from {wrong}")
    return f"The printed figure is {BASIS_WORDS[count_basis(stated, group)]}"


def _count_checks(source: Source, group: _Group) -> Iterator[dict]:
    for table in ("summary", "detail"):
        count_line, _ = _figure_lines(source, group.line(table))
        stated = group.count(table)
        status, explanation, evidence = _explain_count(group, table)
        yield check_row(
            f"{group.prefix}-{SHORT[table]}-count", group.level,
            f"{group.label(table)} 项目个数(个) 对设施数", TABLES[table], stated, float(group.units),
            status, explanation, source_line=count_line,
            evidence_lines=[group.line(OTHER[table]), *evidence])
        if group.children:
            parts = group.parts_count(table)
            text = (f"{TABLES[table]}'s {group.parts_word} counts add up to {fmt(parts)}"
                    + (", equal to the printed figure." if same(stated, parts) else
                       f"; {group.label(table)} prints {fmt(stated)} ({signed(stated - parts)}). "
                       + _parts_count_clue(group, table)
                       + f" ({group.rows} lines, {group.units} facilities)."))
            yield check_row(
                f"{group.prefix}-{SHORT[table]}-sum-count", group.level,
                f"{group.label(table)} 项目个数(个) 对本表各{group.parts_label}之和", TABLES[table],
                stated, parts, status_of(stated, parts), text, source_line=count_line,
                evidence_lines=[c.line(table) for c in group.children])


# --- cross-table and duplicates -------------------------------------------------------------------

def _cross_checks(source: Source, group: _Group) -> Iterator[dict]:
    s_count_line, s_total_line = _figure_lines(source, group.line("summary"))
    d_count_line, d_total_line = _figure_lines(source, group.line("detail"))
    names = (group.label("summary") if group.level == "grand" else
             f"附件1{group.label('summary')} / 附件2{group.label('detail')}")
    s, d = group.total("summary"), group.total("detail")
    if same(s, d):
        text = f"Both tables print {fmt(s)} 万元."
    else:
        notes = [f"附件1 prints {fmt(s)} 万元, 附件2 prints {fmt(d)} 万元 (附件1 {signed(s - d)})"]
        for table, value in (("summary", s), ("detail", d)):
            clues = _clues(value, _total_references(group, table), f"{TABLES[OTHER[table]]}'s figure")
            rows = f"it differs from the sum of the rows ({fmt(group.investment)})"
            notes.append(f"{TABLES[table]}: " + ("; ".join(clues) if clues else rows))
        if digits := one_digit_apart(s, d):
            notes.append(f"the two differ in one digit only ({digits[0]} in 附件1, {digits[1]} in 附件2)")
        text = ". ".join(_capital(n) for n in notes) + "."
    yield check_row(f"{group.prefix}-X-total", "cross-table", f"{names} 估算总投资(万元)", "附件1对附件2",
                    s, d, status_of(s, d), text, source_line=s_total_line, evidence_lines=[d_total_line])
    sc, dc = group.count("summary"), group.count("detail")
    text = (f"Both tables print {fmt(sc)}." if same(sc, dc) else
            f"附件1 prints {fmt(sc)} ({BASIS_WORDS[count_basis(sc, group)]}); 附件2 prints {fmt(dc)} "
            f"({BASIS_WORDS[count_basis(dc, group)]}); {group.rows} lines, {group.units} facilities.")
    yield check_row(f"{group.prefix}-X-count", "cross-table", f"{names} 项目个数(个)", "附件1对附件2",
                    sc, dc, status_of(sc, dc), text, source_line=s_count_line, evidence_lines=[d_count_line])


def _duplicate_checks(projects: pd.DataFrame) -> Iterator[dict]:
    repeats = projects[projects["duplicate_of"] != ""]
    if not len(repeats):
        return
    first_line = dict(zip(projects["project_id"], projects["source_line"], strict=True))
    for row in repeats.to_dict("records"):
        first = int(first_line[row["duplicate_of"]])
        yield check_row(
            f"DUP-{row['project_id']}", "subcategory" if row["subcategory_no"] else "category",
            f"重复行「{row['name']}」", "附件2", 2.0, 1.0, "ambiguous",
            f"{row['project_id']} (line {row['source_line']}, seq {row['seq']}) repeats "
            f"{row['duplicate_of']} (line {first}): same name, location, investment "
            f"({fmt(row['investment_wan'])} 万元) and implementer. It may be a line entered twice or two "
            "projects of the same name; both lines are counted in the subcategory's count and total.",
            source_line=int(row["source_line"]), evidence_lines=[first])


def project_checks(source: Source, projects: pd.DataFrame, categories: pd.DataFrame) -> pd.DataFrame:
    """Every check of the project library (附件1, 附件2 headers, 附件2 rows)."""
    rows: list[dict] = []
    for group in _groups(projects, categories):
        rows += [*_total_checks(source, group), *_count_checks(source, group), *_cross_checks(source, group)]
    rows += list(_duplicate_checks(projects))
    return checks_frame(rows)


def reconcile(source: Source, projects: pd.DataFrame, project_categories: pd.DataFrame,
              indicators_13th: pd.DataFrame, indicators_14th: pd.DataFrame,
              extra: Iterable[pd.DataFrame] = ()) -> pd.DataFrame:
    """The reconciliation table: the project checks followed by the ``extra`` check frames.

    The indicator tables are accepted so plan.py's call stays stable; their checks (cells inferred
    missing, narrative against table) are built by their own modules and passed in ``extra``.
    """
    frames = [project_checks(source, projects, project_categories), *(f for f in extra if len(f))]
    return pd.concat(frames, ignore_index=True)
