"""13th-plan results stated in the prose of chapter 1: growth statements and 2020 counts and rates.

- **growth**: ``<metric>从[年人均]A元增长到/至B元,增长C%``. The computed growth (B − A)/A × 100 is
  *consistent* when, rounded half-up to the decimals printed in C, it equals C (70.7 allows
  70.65 ≤ g < 70.75; 119 allows 118.5 ≤ g < 119.5).
- **stock**: a number with a count or rate unit (个, 家, 张, 所, 名, 人, 万人, %, ‰). Money (元, 万元,
  亿元) and flows (人次, 批次) are cumulative sums over five years, not levels, and are left out. The
  metric is the noun after a classifier (``179个社区居家养老服务中心``) or else the words before the
  number (``养老床位18577张``) with fillers (全市, 共, 其中, 达到 …) removed; ``分别`` hands a run of
  rates to the preceding counts in order; a clause starting with 占 takes the subject of the previous
  figure. ``比2016年增长约22倍`` is kept as the stated growth of the figure before it, as printed: 22 倍
  (a multiple, not turned into a percentage: 增长22倍 is read both as ×22 and as ×23).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from xnplan.numbers import rounds_to

_NUM = r"\d+(?:\.\d+)?"
GROWTH = re.compile(
    rf"(?P<metric>[^,;。:]*?)从(?P<pre>年人均)?(?P<from>{_NUM})(?P<unit>万?元)"
    rf"(?:增长|提高|提升|上升)(?:到|至)(?P<to>{_NUM})万?元,?(?:增长|提高)(?P<pct>{_NUM})%"
)
STOCK = re.compile(rf"(?<![\d.])(?P<value>{_NUM})(?P<unit>万人次|人次|万人|个|家|张|所|名|人|%|‰)")
FLOW_UNITS = ("万人次", "人次")
CLASSIFIERS = ("万人", "个", "家", "张", "所", "名", "人")
TIMES = re.compile(rf"比(?P<year>20\d\d)年增长约?(?P<times>{_NUM})倍")
_CONNECTOR = re.compile(r"和|及|以及|、")
_LEAD = re.compile(r"^(?:截至20\d\d年底|“?十[二三四]五”?期间|全市|共有|共|其中|累计|推进|登记成立|登记)+")
_TRAIL = re.compile(r"(?:分别达到|达到|的有|有|达|为|的)+$")


@dataclass(frozen=True)
class Baseline:
    line: int
    kind: str
    text: str
    metric: str
    unit: str
    value_from: float | None
    value_to: float
    year_from: int | None
    stated_growth: float | None
    stated_growth_unit: str  # % or 倍, as printed; empty without a stated growth
    computed_growth_pct: float | None
    consistent: bool | None
    pos: int = 0  # offset in the paragraph, for document order


def growth_pct(value_from: float, value_to: float) -> float:
    return (value_to - value_from) / value_from * 100


def _clean(metric: str) -> str:
    metric = _LEAD.sub("", metric.strip())
    return _TRAIL.sub("", metric).strip()


def growth_statements(line: int, text: str) -> tuple[list[Baseline], str]:
    """Growth rows of one paragraph, and the paragraph with those statements blanked out."""
    rows = []
    for m in GROWTH.finditer(text):
        value_from, value_to = float(m.group("from")), float(m.group("to"))
        metric = _clean(m.group("metric"))
        unit = m.group("unit") + ("/年" if m.group("pre") or "年" in metric else "")
        computed = growth_pct(value_from, value_to) if value_from else None
        rows.append(
            Baseline(
                line,
                "growth",
                m.group(0).strip(),
                metric,
                unit,
                value_from,
                value_to,
                None,
                float(m.group("pct")),
                "%",
                computed,
                rounds_to(computed, m.group("pct")) if computed is not None else None,
                m.start("metric"),
            )
        )
    # Blank the statements out with separators of the same length so offsets stay valid.
    return rows, GROWTH.sub(lambda m: ";" * len(m.group(0)), text)


def _after_noun(text: str) -> str:
    """The noun phrase right after a classifier, up to a connector."""
    return _CONNECTOR.split(text, maxsplit=1)[0].strip()


def stock_figures(line: int, text: str) -> list[Baseline]:
    """Stock rows of one paragraph (growth statements already blanked out)."""
    rows: list[Baseline] = []
    for sentence in re.finditer(r"[^。]+", text):
        rows += _sentence_stocks(line, sentence.group(0), sentence.start())
    return rows


def _sentence_stocks(line: int, sentence: str, start: int) -> list[Baseline]:
    """Stock rows of one sentence, clause by clause; a clause of ``比2016年增长约22倍`` alone adds
    the stated growth to the figure before it."""
    rows: list[Baseline] = []
    for part in re.finditer(r"[^,;:]+", sentence):
        clause, offset = part.group(0), start + part.start()
        matches = [m for m in STOCK.finditer(clause) if m.group("unit") not in FLOW_UNITS]
        if matches:
            rows += _clause_stocks(line, clause, offset, matches, rows)
        elif (times := TIMES.search(clause)) and rows:
            last = rows[-1]
            rows[-1] = replace(
                last,
                text=f"{last.text},{clause.strip()}",
                year_from=int(times.group("year")),
                stated_growth=float(times.group("times")),
                stated_growth_unit="倍",
            )
    return rows


def _clause_stocks(
    line: int, clause: str, offset: int, matches: list[re.Match[str]], earlier: list[Baseline]
) -> list[Baseline]:
    """A row per figure of one clause; ``earlier`` are the rows of the sentence before it."""
    rows: list[Baseline] = []
    respectively: list[str] = []
    for i, m in enumerate(matches):
        before = clause[matches[i - 1].end() if i else 0 : m.start()]
        after = clause[m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(clause)]
        unit = m.group("unit")
        if "分别" in before:
            respectively = _respectively(before, unit, matches[i:], [*earlier, *rows])
        metric = respectively.pop(0) if respectively else _metric(before, after, unit, [*earlier, *rows])
        rows.append(
            Baseline(
                line=line,
                kind="stock",
                text=clause.strip(),
                metric=metric,
                unit=unit,
                value_from=None,
                value_to=float(m.group("value")),
                year_from=None,
                stated_growth=None,
                stated_growth_unit="",
                computed_growth_pct=None,
                consistent=None,
                pos=offset + m.start(),
            )
        )
    return rows


def _respectively(before: str, unit: str, run_on: list[re.Match[str]], earlier: list[Baseline]) -> list[str]:
    """The metrics of a ``分别`` run of rates: each of the counts before it, in order, with the
    subject the run names (none when the run and the counts differ in number)."""
    run = [x for x in run_on if x.group("unit") == unit]
    subject = _clean(before.replace("分别", ""))
    counts = [r.metric for r in earlier if r.unit in CLASSIFIERS][-len(run) :]
    return [f"{c}{subject}" for c in counts] if len(counts) == len(run) else []


def _metric(before: str, after: str, unit: str, earlier: list[Baseline]) -> str:
    """The metric of a figure: the noun after its classifier, else (a clause starting with 占) the
    share of the previous figure's subject, else the words before it."""
    noun = _after_noun(after) if unit in CLASSIFIERS else ""
    if noun:
        return noun
    if before.strip().startswith("占") and earlier:
        return f"{earlier[-1].metric}{_clean(before)}比例"
    return _clean(before)


def paragraph_baselines(line: int, text: str) -> list[Baseline]:
    """Growth and stock rows of one paragraph in the order they are printed."""
    growth, rest = growth_statements(line, text)
    return sorted(growth + stock_figures(line, rest), key=lambda b: b.pos)
