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
may or may not be a repeat. Explanations are plain Chinese for the evaluators who read them (names
quoted as printed, figures as the plan prints them, 万元 and 个 named) and say what a printed figure
equals instead, when it equals something (the other table, the sum of the parts, one digit off, no
decimals).

Every row here has ``compares`` ``library``; :func:`xnplan.check.run_all` puts them first in the
reconciliation table, before the other families.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd

from xnplan.check.rows import Check, checks_frame, fmt
from xnplan.numbers import digit_place, one_digit_apart
from xnplan.parse.source import Source

# Printed figures carry at most two decimals; anything closer than half a fen of 万元 is equal.
TOLERANCE = 0.005
TABLES = {"summary": "附件1", "detail": "附件2"}
SHORT = {"summary": "S", "detail": "D"}
OTHER = {"summary": "detail", "detail": "summary"}
COMPARES = "library"


def same(a: float, b: float) -> bool:
    return abs(a - b) < TOLERANCE


def status_of(stated: float, computed: float) -> str:
    return "ok" if same(stated, computed) else "mismatch"


def more_or_less(difference: float, unit: str) -> str:
    """A difference in words: 多1700万元, 少0.66万元."""
    return ("多" if difference > 0 else "少") + fmt(abs(difference)) + unit


@dataclass
class _Line:
    project_id: str
    name: str
    units: int
    duplicate_of: str
    duplicate_line: int | None  # source line of the line this one repeats
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
    def parts_label(self) -> str:
        return "大类" if self.level == "grand" else "小类"

    @property
    def rows_label(self) -> str:
        return "全部明细行之和" if self.level == "grand" else "本类明细行之和"

    @property
    def leaves_label(self) -> str:
        """The finest printed parts: subcategories, or the category itself where it has none."""
        return "各小类（不分小类的大类按大类计）" if self.level == "grand" else "各小类"

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
    line_of = dict(zip(projects["project_id"], projects["source_line"], strict=True))
    for rec in projects[
        ["project_id", "name", "units", "duplicate_of", "source_line", "category_no", "subcategory_no"]
    ].to_dict("records"):
        first = int(line_of[rec["duplicate_of"]]) if rec["duplicate_of"] else None
        line = _Line(
            rec["project_id"],
            rec["name"],
            int(rec["units"]),
            rec["duplicate_of"],
            first,
            int(rec["source_line"]),
        )
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


def _figure_label(table: str) -> str:
    return f"{TABLES[table]}的印刷值"


def _total_references(group: _Group, table: str) -> list[tuple[str, float]]:
    """Figures a printed total might equal, with plain labels."""
    other, parts = OTHER[table], group.parts_label
    refs = [(group.rows_label, group.investment), (_figure_label(other), group.total(other))]
    if group.children:
        refs += [
            (f"本表各{parts}印刷值之和", group.parts_total(table)),
            (f"{TABLES[other]}各{parts}印刷值之和", group.parts_total(other)),
        ]
    return refs


@dataclass(frozen=True)
class _Clue:
    predicate: str  # 等于…, 是…, 与…: follows a subject
    typo: bool  # one digit apart


def _clues(value: float, refs: list[tuple[str, float]], skip: str = "") -> list[_Clue]:
    """What ``value`` equals, or nearly equals, among ``refs`` (except the one labelled ``skip``)."""
    clues: list[_Clue] = []
    for label, ref in refs:
        if label == skip:
            continue
        if same(value, ref):
            clues.append(_Clue(f"等于{label}（{fmt(ref)}万元）", False))
        elif digits := one_digit_apart(value, ref):
            clues.append(
                _Clue(
                    f"与{label}（{fmt(ref)}万元）只在{digit_place(value, ref)}上不同"
                    f"（{digits[0]}与{digits[1]}）",
                    True,
                )
            )
        elif float(value).is_integer() and not float(ref).is_integer() and int(ref) == int(value):
            clues.append(_Clue(f"是{label}（{fmt(ref)}万元）去掉小数后的整数", False))
    return clues


def _clue_sentence(subject: str, clues: list[_Clue]) -> str:
    """``subject`` followed by its clues: 该数等于A，也是B；a one-digit difference reads as a typo."""
    text = subject + "，".join(c.predicate if i == 0 else "也" + c.predicate for i, c in enumerate(clues))
    return text + ("，可能是笔误" if any(c.typo for c in clues) else "")


def _deviating_parts(group: _Group, table: str) -> str:
    """The parts whose printed total differs from their rows, with the difference."""
    return "；".join(
        f"{c.label(table)}印刷{fmt(c.total(table))}万元，本类明细行之和{fmt(c.investment)}万元"
        f"（印刷值{more_or_less(c.total(table) - c.investment, '万元')}）"
        for c in group.children
        if not same(c.total(table), c.investment)
    )


def _explain_total(group: _Group, table: str, reference: str, value: float) -> str:
    stated, name = group.total(table), TABLES[table]
    if same(stated, value):
        return f"{name}印刷值为{fmt(stated)}万元，等于{reference}。"
    notes = [
        f"{name}印刷值为{fmt(stated)}万元，{reference}为{fmt(value)}万元"
        f"（印刷值{more_or_less(stated - value, '万元')}）"
    ]
    if clues := _clues(stated, _total_references(group, table)):
        notes.append(_clue_sentence("该数", clues))
    # The parts explain the difference only where the printed figure is their sum (a check against
    # the rows) or where the parts themselves are being added up.
    relevant = same(value, group.parts_total(table)) or same(stated, group.parts_total(table))
    if group.children and relevant and (deviating := _deviating_parts(group, table)):
        notes.append(f"本表中与明细行之和不符的{group.parts_label}：{deviating}")
    return "。".join(notes) + "。"


def _total_checks(source: Source, group: _Group) -> Iterator[Check]:
    for table in ("summary", "detail"):
        _, total_line = _figure_lines(source, group.line(table))
        stated = group.total(table)
        yield Check(
            f"{group.prefix}-{SHORT[table]}-total",
            group.level,
            COMPARES,
            f"{group.label(table)} 估算总投资(万元) 对明细行",
            TABLES[table],
            stated,
            group.investment,
            "万元",
            status_of(stated, group.investment),
            _explain_total(group, table, group.rows_label, group.investment),
            source_line=total_line,
            evidence_lines=[group.line(OTHER[table])],
        )
        if group.children:
            reference = f"本表各{group.parts_label}印刷值之和"
            parts = group.parts_total(table)
            yield Check(
                f"{group.prefix}-{SHORT[table]}-sum-total",
                group.level,
                COMPARES,
                f"{group.label(table)} 估算总投资(万元) 对本表各{group.parts_label}之和",
                TABLES[table],
                stated,
                parts,
                "万元",
                status_of(stated, parts),
                _explain_total(group, table, reference, parts),
                source_line=total_line,
                evidence_lines=[c.line(table) for c in group.children],
            )


# --- counts ----------------------------------------------------------------------------------------


def count_basis(count: float, group: _Group) -> str:
    """What a printed count counts: 'units' (facilities), 'lines' (项目行) or 'neither'."""
    if same(count, group.units):
        return "units"
    return "lines" if same(count, group.rows) else "neither"


BASIS_WORDS = {
    "units": "等于设施数",
    "lines": "等于明细行数，而非设施数",
    "neither": "既不等于明细行数，也不等于设施数",
}


def _duplicate_note(group: _Group) -> tuple[str, list[int]]:
    """For a leaf group: a sentence per repeated line it holds (counted once more), and their lines."""
    if group.children:
        return "", []
    repeats = [line for line in group.lines if line.duplicate_of]
    text = "".join(
        f"{line.project_id}（第{line.source_line}行）与{line.duplicate_of}"
        f"（第{line.duplicate_line}行）完全相同，两行都计入设施数。"
        for line in repeats
    )
    return text, [line.source_line for line in repeats]


def _explain_count(group: _Group, table: str) -> tuple[str, str, list[int]]:
    """(status, explanation, evidence lines) of a printed count against the facility units."""
    count, units, rows, name = group.count(table), group.units, group.rows, TABLES[table]
    multi = [line for line in group.lines if line.units > 1]
    dup_text, dup_lines = _duplicate_note(group)
    basis = count_basis(count, group)
    if basis == "units":
        more = ""
        if multi:
            largest = max(multi, key=lambda line: line.units)  # the first of the largest
            more = (
                f"，其中{len(multi)}行的名称写明多个设施（如第{largest.source_line}行「{largest.name}」"
                f"计为{largest.units}个），即项目个数按设施数计，而非按明细行数计"
            )
        return (
            "ok",
            (f"{name}印刷值为{fmt(count)}个，等于设施数：{rows}行明细共{units}个设施{more}。{dup_text}"),
            dup_lines,
        )
    if basis == "lines":
        listing = "、".join(
            f"「{line.name}」（第{line.source_line}行，{line.units}个设施）" for line in multi
        )
        return (
            "ambiguous",
            (
                f"{name}印刷值为{fmt(count)}个，等于明细行数（{rows}行），而非设施数"
                f"（{units}个）：{listing}各按1个计，因此比设施数少{units - rows}个。{dup_text}"
            ),
            [line.source_line for line in multi] + dup_lines,
        )
    leaves = group.leaves()
    if (
        group.children
        and same(count, sum(leaf.count(table) for leaf in leaves))
        and all(count_basis(leaf.count(table), leaf) != "neither" for leaf in leaves)
    ):
        by_lines = [leaf for leaf in leaves if count_basis(leaf.count(table), leaf) == "lines"]
        listing = "、".join(
            f"{leaf.label(table)}（印刷{fmt(leaf.count(table))}个：{leaf.rows}行明细，{leaf.units}个设施）"
            for leaf in by_lines
        )
        return (
            "ambiguous",
            (
                f"{name}印刷值为{fmt(count)}个，等于本表{group.leaves_label}印刷个数之和。"
                f"其中只有{listing}按明细行数计，其余都按设施数计，因此比{units}个设施少"
                f"{fmt(units - count)}个。"
            ),
            [leaf.line(table) for leaf in by_lines],
        )
    parts = (
        f"；本表各{group.parts_label}印刷个数之和为{fmt(group.parts_count(table))}个"
        if group.children
        else ""
    )
    other = group.count(OTHER[table])
    other_text = f"；{TABLES[OTHER[table]]}印刷值为{fmt(other)}个" if not same(other, count) else ""
    return (
        "mismatch",
        (
            f"{name}印刷值为{fmt(count)}个，既不等于明细行数（{rows}行），也不等于设施数"
            f"（{units}个）{parts}{other_text}。原因不明。{dup_text}"
        ),
        dup_lines,
    )


def _parts_count_clue(group: _Group, table: str) -> str:
    """Why a printed count differs from the sum of its printed parts, when the leaves tell."""
    stated = group.count(table)
    leaves = sum(leaf.count(table) for leaf in group.leaves())
    if same(stated, leaves) and not same(leaves, group.parts_count(table)):
        wrong = "；".join(
            f"{c.label(table)}：它印刷{fmt(c.count(table))}个，而其各小类印刷个数之和为"
            f"{fmt(c.parts_count(table))}个"
            for c in group.children
            if c.children and not same(c.count(table), c.parts_count(table))
        )
        return f"印刷值等于本表{group.leaves_label}印刷个数之和（{fmt(leaves)}个）；差额来自{wrong}"
    return f"印刷值{BASIS_WORDS[count_basis(stated, group)]}"


def _count_checks(source: Source, group: _Group) -> Iterator[Check]:
    for table in ("summary", "detail"):
        count_line, _ = _figure_lines(source, group.line(table))
        stated = group.count(table)
        status, explanation, evidence = _explain_count(group, table)
        yield Check(
            f"{group.prefix}-{SHORT[table]}-count",
            group.level,
            COMPARES,
            f"{group.label(table)} 项目个数(个) 对设施数",
            TABLES[table],
            stated,
            float(group.units),
            "个",
            status,
            explanation,
            source_line=count_line,
            evidence_lines=[group.line(OTHER[table]), *evidence],
        )
        if group.children:
            parts = group.parts_count(table)
            gap = more_or_less(stated - parts, "个")
            text = f"{TABLES[table]}各{group.parts_label}印刷个数之和为{fmt(parts)}个" + (
                "，等于印刷值。"
                if same(stated, parts)
                else f"；{group.label(table)}印刷值为{fmt(stated)}个（印刷值{gap}）。"
                + _parts_count_clue(group, table)
                + f"（共{group.rows}行明细，{group.units}个设施）。"
            )
            yield Check(
                f"{group.prefix}-{SHORT[table]}-sum-count",
                group.level,
                COMPARES,
                f"{group.label(table)} 项目个数(个) 对本表各{group.parts_label}之和",
                TABLES[table],
                stated,
                parts,
                "个",
                status_of(stated, parts),
                text,
                source_line=count_line,
                evidence_lines=[c.line(table) for c in group.children],
            )


# --- cross-table and duplicates -------------------------------------------------------------------


def _cross_checks(source: Source, group: _Group) -> Iterator[Check]:
    s_count_line, s_total_line = _figure_lines(source, group.line("summary"))
    d_count_line, d_total_line = _figure_lines(source, group.line("detail"))
    names = (
        group.label("summary")
        if group.level == "grand"
        else f"附件1{group.label('summary')} / 附件2{group.label('detail')}"
    )
    s, d = group.total("summary"), group.total("detail")
    if same(s, d):
        text = f"两表均印为{fmt(s)}万元。"
    else:
        notes = [
            f"附件1印刷值为{fmt(s)}万元，附件2印刷值为{fmt(d)}万元"
            f"（附件1比附件2{more_or_less(s - d, '万元')}）"
        ]
        for table, value in (("summary", s), ("detail", d)):
            subject = f"{TABLES[table]}的印刷值"
            clues = _clues(value, _total_references(group, table), _figure_label(OTHER[table]))
            notes.append(
                _clue_sentence(subject, clues)
                if clues
                else f"{subject}与{group.rows_label}（{fmt(group.investment)}万元）不符"
            )
        if digits := one_digit_apart(s, d):
            notes.append(f"两表的数字只在{digit_place(s, d)}上不同（附件1为{digits[0]}，附件2为{digits[1]}）")
        text = "。".join(notes) + "。"
    yield Check(
        f"{group.prefix}-X-total",
        "cross-table",
        COMPARES,
        f"{names} 估算总投资(万元)",
        TABLES["summary"],
        s,
        d,
        "万元",
        status_of(s, d),
        text,
        source_line=s_total_line,
        evidence_lines=[d_total_line],
        computed_source=TABLES["detail"],
    )
    sc, dc = group.count("summary"), group.count("detail")
    text = (
        f"两表均印为{fmt(sc)}个。"
        if same(sc, dc)
        else f"附件1印刷值为{fmt(sc)}个（{BASIS_WORDS[count_basis(sc, group)]}），附件2印刷值为{fmt(dc)}个"
        f"（{BASIS_WORDS[count_basis(dc, group)]}）；共{group.rows}行明细，{group.units}个设施。"
    )
    yield Check(
        f"{group.prefix}-X-count",
        "cross-table",
        COMPARES,
        f"{names} 项目个数(个)",
        TABLES["summary"],
        sc,
        dc,
        "个",
        status_of(sc, dc),
        text,
        source_line=s_count_line,
        evidence_lines=[d_count_line],
        computed_source=TABLES["detail"],
    )


def _printed_with_both(group: _Group, investment: float, units: int) -> list[str]:
    """The printed figures of a leaf group that include a repeated line: equal to its rows with the
    repeat, not without (``investment`` and ``units`` of the repeated line)."""
    found = []
    for table in ("summary", "detail"):
        total, count = group.total(table), group.count(table)
        if same(total, group.investment) and not same(total, group.investment - investment):
            found.append(f"{TABLES[table]}的合计{fmt(total)}万元")
        if same(count, group.units) and not same(count, group.units - units):
            found.append(f"{TABLES[table]}的个数{fmt(count)}个")
    return found


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
        kind = "本小类" if row["subcategory_no"] else "本大类"
        # A damaged copy may hold a line outside every printed leaf: then nothing is said of the figures.
        group = leaf_of.get(row["project_id"])
        included = _printed_with_both(group, float(row["investment_wan"]), int(row["units"])) if group else []
        why = "无法判断印刷时是否两行都已计入。"
        if included:
            why = f"{'、'.join(included)}都等于两行都计入时的明细之和，可见印刷时两行都已计入。"
        elif group:
            why = "印刷的合计和个数都不等于两行都计入时的明细之和，" + why
        yield Check(
            f"DUP-{row['project_id']}",
            "subcategory" if row["subcategory_no"] else "category",
            COMPARES,
            f"重复行「{row['name']}」",
            "附件2",
            2.0,
            1.0,
            "",
            "ambiguous",
            f"{row['project_id']}（第{row['source_line']}行，序号{row['seq']}）与{row['duplicate_of']}"
            f"（第{first}行）的名称、拟建地点、投资（{fmt(row['investment_wan'])}万元）和实施主体完全相同，"
            "可能是同一项目重复列示，也可能是两个同名项目。"
            f"核对时两行都计入{kind}的个数和合计；{why}",
            source_line=int(row["source_line"]),
            evidence_lines=[first],
        )


def project_checks(source: Source, projects: pd.DataFrame, categories: pd.DataFrame) -> pd.DataFrame:
    """Every check of the project library (附件1, 附件2 headers, 附件2 rows)."""
    rows: list[Check] = []
    groups = _groups(projects, categories)
    for group in groups:
        rows += [*_total_checks(source, group), *_count_checks(source, group), *_cross_checks(source, group)]
    rows += list(_duplicate_checks(projects, groups))
    return checks_frame(rows)
