"""Prose as sentences and clauses with their line numbers.

Each paragraph of the copied page is one line. A sentence ends at 。; a clause is a part of a
sentence between , ; : (the copy is NFKC-normalised, so full-width ，；： are already ASCII).
Enumerations with 、 stay inside one clause. A deadline phrase (到2025年, “十四五”末 …) is read per
sentence: it holds for its own clause and the clauses after it, up to the end of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from xnplan.facts import FINAL_YEAR
from xnplan.parse.source import Source

_CLAUSE_SPLIT = re.compile(r"[,;:]")
_BULLET = re.compile(r"^(•\s*|\d+\.(?!\d)\s*)")
# 到2025年底 / 截至2022年底前 / 到 2025 年 / 力争在“十四五”时期 / “十四五”期末 / 十四五”期间 (lost “)
DEADLINE = re.compile(
    r"(?:(?:力争|确保)?(?:到|截至|截止|至|在)\s*(?P<year>20\d\d)\s*年(?:底前|底|末|前)?)"
    r"|(?:(?:力争|确保)?(?:到|截至|截止|在)?\s*“?十四五”?\s*(?:期末|末|期间|时期))"
)


@dataclass(frozen=True)
class Clause:
    line: int  # line of the paragraph
    sentence: int  # running number of the sentence within the document walk
    text: str
    deadline: int | None  # year from a deadline phrase in force for this clause, else None


def deadline_year(match: re.Match[str]) -> int:
    # 本规划执行年度为2021-2025年 (line 185): without a year, the end of the period
    return int(match.group("year")) if match.group("year") else FINAL_YEAR


def sentences(text: str) -> list[str]:
    parts = [p.strip() for p in text.split("。")]
    return [p for p in parts if p]


def paragraph_clauses(line: int, text: str, first_sentence: int = 0) -> list[Clause]:
    """The clauses of one paragraph, each with the deadline in force at it."""
    out: list[Clause] = []
    body = _BULLET.sub("", text.strip())
    for k, sentence in enumerate(sentences(body)):
        year: int | None = None
        for part in _CLAUSE_SPLIT.split(sentence):
            part = part.strip()
            if not part:
                continue
            found = list(DEADLINE.finditer(part))
            if found:
                year = deadline_year(found[-1])
            out.append(Clause(line, first_sentence + k, part, year))
    return out


def iter_clauses(source: Source, start: int, stop: int, skip: set[int] | None = None) -> Iterator[Clause]:
    """Clauses of every non-blank line in [start, stop] except those in ``skip`` (headings, tables)."""
    skip = skip or set()
    sentence = 0
    for line, text in source.iter_lines(start, stop + 1):
        if line in skip or not text.strip():
            continue
        clauses = paragraph_clauses(line, text, sentence)
        if clauses:
            sentence = clauses[-1].sentence + 1
        yield from clauses
