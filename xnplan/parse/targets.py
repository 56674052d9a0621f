"""Quantified targets in the prose and 专栏 boxes of chapters 2–7.

A clause states a target when it holds one of these quantities (docs/narrative.md has the full rules):

- **number**: digits with a target unit (%, ‰, 个, 处, 所, 名, 张, 人, 家); a range ``3-4所`` gives
  value 3 and value_max 4;
- **full_coverage**: 全覆盖, “两个全覆盖” (two rows), 覆盖所有X → 100 %;
- **universal**: only when the clause has neither of the above and a deadline is in force for it:
  全部 / 所有 / 都, or 达到…标准 (every named unit reaching a standard) → 100 %.

Not targets: a total (共1628个), a permissive sentence part (可探索, 鼓励, 支持有条件 … and what follows
in the sentence), numbers written in Chinese numerals (三年专项行动, 国家三级, 十件实事). A clause
that looks like a target but gives no row is listed by ``xnplan build --report-unparsed``.

Comparator: 以上 / 不低于 / 不少于 / 至少 / 达到 and plain counts → ``>=``; 100 % (全覆盖, 全部, 达100%)
→ ``=``; 以下 / 以内 / 不超过 / 不高于 → ``<=``. Deadline: the phrase in force in the sentence
(到2022年底 → 2022; 到2025年, “十四五”末/期末/期间/时期 → 2025); none → 2025, the end of the plan
period, with ``deadline_stated`` False.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xnplan.facts import FINAL_YEAR
from xnplan.parse.clauses import DEADLINE, Clause

TARGET_UNITS = "%‰个处所名张人家"
NUMBER = re.compile(
    rf"(?<![\d.])(?P<value>\d+(?:\.\d+)?)(?:\s*[-~]\s*(?P<high>\d+(?:\.\d+)?))?\s*"
    rf"(?P<unit>[{TARGET_UNITS}])(?P<after>以上|以下|以内)?(?:的(?!标准))?"
)
TWO_COVERAGE = re.compile(r"“?(?P<n>[两二三四五])个全覆盖”?")
FULL_COVERAGE = re.compile(r"(?:基本)?(?:实现)?全覆盖")
COVER_ALL = re.compile(r"覆盖所有(?P<what>(?:\([^)]*\)|[^及和、(])+)")
UNIVERSAL = re.compile(r"全部|所有|都")
REACH_STANDARD = re.compile(r"达到.*标准")
# A clause without any of these can neither give a row nor look like a target (a fast pre-filter).
MAY_STATE_TARGET = re.compile(r"\d|覆盖|全部|所有|都|达到")
LOWER_WORDS = re.compile(r"不超过|不高于|控制在")
AT_LEAST_WORDS = re.compile(r"至少|不低于|不少于|不小于|达到|达")
PERMISSIVE = re.compile(r"可探索|可通过|可从|可以|鼓励|支持有条件")
TOTAL = re.compile(r"共\s*\d")
_CONNECTOR = re.compile(r"以及|及|和|、")
_LEADING = re.compile(r"^(?:并|力争|确保|全市|实现|按照|要)+")
_CHINESE_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5}
# Words that make a clause look like a target even when no row came of it (for the unparsed list).
_TARGET_LIKE = re.compile(r"达到|以上|不低于|不少于|至少|不超过")
_ANY_UNIT_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*[^\d\s,;。、()“”\"]")


@dataclass(frozen=True)
class Quantity:
    start: int  # span of the quantity in the clause text
    end: int
    value: float
    value_max: float | None
    unit: str
    basis: str  # number | full_coverage | universal
    comparator_hint: str  # '>=' / '<=' from words next to the number, '' when none
    metric_hint: str = ""  # a metric already known (两个全覆盖, 覆盖所有)


@dataclass(frozen=True)
class TargetRow:
    clause: Clause
    text: str
    metric: str
    value: float
    value_max: float | None
    unit: str
    comparator: str
    basis: str
    deadline_year: int
    deadline_stated: bool


def _numbers(text: str) -> list[Quantity]:
    out = []
    for m in NUMBER.finditer(text):
        if TOTAL.search(text[max(0, m.start() - 2) : m.start() + 1]):
            continue
        hint = {"以上": ">=", "以下": "<=", "以内": "<="}.get(m.group("after") or "", "")
        high = float(m.group("high")) if m.group("high") else None
        out.append(
            Quantity(m.start(), m.end(), float(m.group("value")), high, m.group("unit"), "number", hint)
        )
    return out


def _coverage(text: str) -> list[Quantity]:
    out = []
    two = TWO_COVERAGE.search(text)
    if two:
        n = _CHINESE_COUNT[two.group("n")]
        subject = _LEADING.sub("", text[: two.start()])
        parts = [p for p in re.split(r"以及|及", subject) if p]
        names = (
            [f"{p}覆盖率" for p in parts]
            if len(parts) == n
            else [f"{subject}覆盖率(第{i + 1}项)" for i in range(n)]
        )
        return [Quantity(0, two.end(), 100.0, None, "%", "full_coverage", "", name) for name in names]
    for m in COVER_ALL.finditer(text):
        what = m.group("what").strip()
        out.append(Quantity(m.start() + 2, m.end(), 100.0, None, "%", "full_coverage", "", f"覆盖{what}"))
    for m in FULL_COVERAGE.finditer(text):
        out.append(Quantity(m.start(), m.end(), 100.0, None, "%", "full_coverage", ""))
    return out


def _universal(text: str) -> list[Quantity]:
    m = UNIVERSAL.search(text)
    if m:
        return [Quantity(m.start(), m.end(), 100.0, None, "%", "universal", "")]
    if REACH_STANDARD.search(text):
        return [Quantity(len(text), len(text), 100.0, None, "%", "universal", "")]
    return []


def _comparator(q: Quantity, segment: str) -> str:
    if q.comparator_hint:
        return q.comparator_hint
    if q.basis != "number" or (q.unit == "%" and q.value >= 100):
        return "="
    if LOWER_WORDS.search(segment):
        return "<="
    return ">="


def _clean_metric(text: str, comparators: bool = True) -> str:
    """The clause as a metric name: without deadline, comparator words and leading fillers.

    Comparator words stay when the clause is about reaching a standard (达到国家3A级标准) and when
    ``comparators`` is False (a universal clause: 全部达标 keeps its 达)."""
    text = DEADLINE.sub("", text)
    if comparators and not REACH_STANDARD.search(text):
        text = AT_LEAST_WORDS.sub("", text)
    elif comparators:
        text = re.sub(r"至少|不低于|不少于|不小于", "", text)
    text = LOWER_WORDS.sub("", text)
    text = _LEADING.sub("", text.strip())
    text = re.sub(r"的标准$", "", text)
    return text.strip(" 的")


def _segments(text: str, quantities: list[Quantity]) -> list[tuple[str, Quantity, bool]]:
    """Split a clause holding several quantities at the first connector after each quantity.

    Returns (segment text without the quantity, quantity, starts_with_quantity).
    """
    out = []
    seg_start = 0
    for i, q in enumerate(quantities):
        seg_end = len(text)
        if i + 1 < len(quantities):
            gap = text[q.end : quantities[i + 1].start]
            conn = _CONNECTOR.search(gap)
            seg_end = q.end + (conn.start() if conn else len(gap))
        head = text[seg_start : q.start]
        tail = text[q.end : seg_end]
        starts = not head.strip()
        out.append((head + tail, q, starts))
        if i + 1 < len(quantities):
            conn = _CONNECTOR.search(text, seg_end)
            seg_start = conn.end() if conn and conn.start() == seg_end else seg_end
    return out


def clause_quantities(clause: Clause) -> list[Quantity]:
    """The quantities a clause states, in text order (empty when it states no target)."""
    text = clause.text
    found = _numbers(text) + _coverage(text)
    if not found and clause.deadline is not None:
        found = _universal(text)
    return sorted(found, key=lambda q: q.start)


def clause_targets(clause: Clause, previous: TargetRow | None) -> list[TargetRow]:
    """Target rows of one clause; ``previous`` is the last row of the same sentence, if any, whose
    metric gives the subject to a clause that starts with its verb (覆盖…)."""
    quantities = clause_quantities(clause)
    segments = (
        _segments(clause.text, quantities)
        if len(quantities) > 1
        else [(clause.text[: q.start] + clause.text[q.end :], q, False) for q in quantities]
    )
    # Several quantities of one clause share the words that lead it; a later segment that starts
    # without its own takes them.
    lead_verb = _clean_metric(clause.text[: segments[0][1].start]) if len(quantities) > 1 and segments else ""
    rows = []
    for i, (segment, q, starts) in enumerate(segments):
        if q.basis == "universal":
            segment = clause.text[: q.start] + clause.text[q.end :]
        metric = _target_metric(clause, q, segment, lead_verb if starts and i > 0 else "", previous)
        rows.append(
            TargetRow(
                clause,
                clause.text,
                metric,
                q.value,
                q.value_max,
                q.unit,
                _comparator(q, segment),
                q.basis,
                clause.deadline if clause.deadline is not None else FINAL_YEAR,
                clause.deadline is not None,
            )
        )
    return rows


def _target_metric(clause: Clause, q: Quantity, segment: str, verb: str, previous: TargetRow | None) -> str:
    """What a quantity measures: its hint, else its segment's words (after the clause's lead
    ``verb`` when the segment starts without one; 覆盖率 for full coverage); a metric starting with
    覆盖 takes the subject of the sentence's previous row."""
    metric = q.metric_hint or _clean_metric(segment, comparators=q.basis != "universal")
    if verb and not q.metric_hint:
        metric = verb + metric
    if q.basis == "full_coverage" and not q.metric_hint:
        metric = metric + "覆盖率"
    if previous is not None and previous.clause.sentence == clause.sentence and metric.startswith("覆盖"):
        metric = f"{previous.metric}:{metric}"
    return metric


def is_permissive(clause_text: str) -> bool:
    return bool(PERMISSIVE.search(clause_text))


def looks_like_target(clause: Clause) -> bool:
    """A clause the reader would check: a digit with a target unit, or target words with any number,
    or a deadline with any number."""
    text = clause.text
    if NUMBER.search(text):
        return True
    has_number = bool(_ANY_UNIT_NUMBER.search(DEADLINE.sub("", text)))
    return has_number and (bool(_TARGET_LIKE.search(text)) or clause.deadline is not None)
