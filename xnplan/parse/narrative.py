"""The prose of the plan as tables: outline, quantified targets, 13th-plan baselines.

Reading rules live in the modules that apply them (:mod:`outline`, :mod:`targets`,
:mod:`baselines`); this module walks the right parts of the text, attaches each row to its place
in the outline and to the indicators through the curated link files in data/raw/.

- targets: chapters 2–7 (the plan proper), skipping headings and the 14th-plan indicator table;
- baselines: chapter 1's record of results, i.e. its sections other than the indicator table and the
  section on problems (存在的问题).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd

from xnplan.parse import baselines as bl
from xnplan.parse import indicators
from xnplan.parse import targets as tg
from xnplan.parse.clauses import Clause, iter_clauses
from xnplan.parse.links import Links, load_links
from xnplan.parse.outline import Locator, parse_outline
from xnplan.parse.source import Source
from xnplan.schema import BASELINES, TARGETS

PROBLEMS_SECTION = "问题"


def _skip_lines(source: Source, outline: pd.DataFrame) -> set[int]:
    return set(outline["source_line"]) | indicators.table_lines(source)


def _span(source: Source, outline: pd.DataFrame, first: str, last: str) -> tuple[int, int]:
    rows = outline.set_index("outline_id")
    for oid in (first, last):
        if oid not in rows.index:
            raise source.error(f"outline: chapter {oid} not found", 1)
    return int(rows.at[first, "source_line"]), int(rows.at[last, "line_end"])


def _walk_targets(
    source: Source, outline: pd.DataFrame
) -> tuple[list[tg.TargetRow], list[tuple[Clause, str]]]:
    """Target rows and the target-like clauses that gave no row (with the reason)."""
    start, stop = _span(source, outline, "C2", "C7")
    rows: list[tg.TargetRow] = []
    unparsed: list[tuple[Clause, str]] = []
    permissive_sentence = -1
    for clause in iter_clauses(source, start, stop, _skip_lines(source, outline)):
        if tg.is_permissive(clause.text):
            permissive_sentence = clause.sentence
        if clause.sentence == permissive_sentence:
            if tg.looks_like_target(clause):
                unparsed.append((clause, "permissive (可探索/鼓励/支持有条件…): an option, not a commitment"))
            continue
        if not tg.MAY_STATE_TARGET.search(clause.text):
            continue
        previous = rows[-1] if rows and rows[-1].clause.sentence == clause.sentence else None
        found = tg.clause_targets(clause, previous)
        if found:
            rows.extend(found)
        elif tg.looks_like_target(clause):
            reason = (
                "a stated total (共…), not a target level"
                if tg.TOTAL.search(clause.text)
                else "a number without a target unit or a qualifier, not a level to reach"
            )
            unparsed.append((clause, reason))
    return rows, unparsed


def parse_targets(source: Source, outline: pd.DataFrame, links: Links) -> pd.DataFrame:
    rows, _ = _walk_targets(source, outline)
    locator = Locator(outline)
    records = []
    for i, row in enumerate(rows, start=1):
        place = locator.place(row.clause.line)
        target_id = f"T{i:02d}"
        records.append(
            {
                "target_id": target_id,
                "text": row.text,
                "metric": row.metric,
                "value": row.value,
                "value_max": row.value_max,
                "unit": row.unit,
                "comparator": row.comparator,
                "value_basis": row.basis,
                "deadline_year": row.deadline_year,
                "deadline_stated": row.deadline_stated,
                **asdict(place),  # outline_id, chapter, section, subsection, box
                "linked_indicator_id": "",
                "attribute": "",
                "baseline_indicator_id": "",
                "source_line": row.clause.line,
            }
        )
    frame = pd.DataFrame(records, columns=list(TARGETS.columns))
    return links.apply_to_targets(frame)


def with_attributes(targets: pd.DataFrame, indicators_14th: pd.DataFrame) -> pd.DataFrame:
    """``targets`` with the 约束性/预期性 of the main indicator each is linked to: the prose prints no
    attribute, the main-indicator table prints one per row."""
    printed = dict(zip(indicators_14th["indicator_id"], indicators_14th["attribute"], strict=True))
    return targets.assign(attribute=[printed.get(i, "") for i in targets["linked_indicator_id"]])


def unparsed_with_reasons(source: Source) -> list[tuple[int, str, str]]:
    """Target-like clauses of chapters 2–7 that gave no target row: (line, clause, why), in text order."""
    outline = parse_outline(source)
    _, unparsed = _walk_targets(source, outline)
    return [(clause.line, clause.text, reason) for clause, reason in unparsed]


def unparsed_report(path: Path | str) -> str:
    """The unparsed clauses of the plan text at ``path`` as lines for the terminal."""
    found = unparsed_with_reasons(Source.read(path))
    lines = [f"有 {len(found)} 句像目标的语句没有生成目标行（target-like clauses that gave no target row）："]
    lines += [f"  第 {line} 行：{clause}\n      ({reason})" for line, clause, reason in found]
    return "\n".join(lines)


def parse_baselines(source: Source, outline: pd.DataFrame, links: Links) -> pd.DataFrame:
    skip = _skip_lines(source, outline)
    sections = outline[(outline["parent_id"] == "C1") & ~outline["title"].str.contains(PROBLEMS_SECTION)]
    locator = Locator(outline)
    found: list[bl.Baseline] = []
    start, _ = _span(source, outline, "C1", "C1")
    spans = [(start, int(sections["source_line"].min()) - 1)] if not sections.empty else []
    spans += [(int(r.source_line), int(r.line_end)) for r in sections.itertuples()]
    for first, last in spans:
        for line, text in source.iter_lines(first, last + 1):
            if line not in skip and text.strip():
                found.extend(bl.paragraph_baselines(line, text.strip()))
    records = []
    for i, b in enumerate(found, start=1):
        place = locator.place(b.line)
        records.append(
            {
                "baseline_id": f"B{i:02d}",
                "kind": b.kind,
                "text": b.text,
                "metric": b.metric,
                "unit": b.unit,
                "value_from": b.value_from,
                "value_to": b.value_to,
                "year_from": b.year_from,
                "stated_growth": b.stated_growth,
                "stated_growth_unit": b.stated_growth_unit,
                "computed_growth_pct": b.computed_growth_pct,
                "consistent": b.consistent,
                **asdict(place),  # outline_id, chapter, section, subsection, box
                "linked_indicator_id": "",
                "source_line": b.line,
            }
        )
    frame = pd.DataFrame(records, columns=list(BASELINES.columns))
    return links.apply_to_baselines(frame)


def parse_narrative(
    source: Source, links_dir: Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(outline, targets, baselines)."""
    links = load_links(links_dir)
    outline = parse_outline(source)
    return outline, parse_targets(source, outline, links), parse_baselines(source, outline, links)
