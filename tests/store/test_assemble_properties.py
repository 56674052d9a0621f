"""Property-based tests (hypothesis) of xnplan.parse_plan (xnplan.store.assemble) on damaged copies of
the raw text.

1. Damaged plan text (lines dropped, duplicated, swapped or altered, digits changed, CRLF, BOM,
   full-width digits, truncation) gives a Plan or a PlanParseError, never any other exception.
2. A digit changed inside one project's investment shows up as a mismatch in the reconciliation.

Runs are bounded (tests/examples.py: more in CI's `make test-deep`) so the suite stays fast.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from tests.store.test_assemble import FULL_WIDTH, RAW_TEXT, parse_text
from xnplan import PlanParseError

LINES = RAW_TEXT.split("\n")

# Damage aimed at the tables is more interesting than damage to prose: half the line picks come
# from the attachments (附件1/附件2, from the second mention of 附件1 on) and from lines holding digits.
ANNEX_START = [i for i, line in enumerate(LINES) if line.startswith("附件1")][-1]
TABLE_LINES = [i for i, line in enumerate(LINES) if i >= ANNEX_START or re.search(r"\d", line)]
BOUNDED = settings(
    max_examples=examples(10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- 1. damaged text -----------------------------------------------------------------------------

DIGITS = [(n, m.start()) for n in TABLE_LINES for m in re.finditer(r"\d", LINES[n])]
KINDS = ["drop", "duplicate", "swap", "alter", "digit", "fullwidth", "truncate"]


def _edit(draw, lines: list[str]) -> list[str]:
    """One damaging edit; line picks favour the tables (TABLE_LINES). Nothing is left to damage once
    earlier edits dropped every line."""
    if not lines:
        return lines
    kind = draw(st.sampled_from(KINDS))
    event(kind)
    i = min(draw(st.one_of(st.sampled_from(TABLE_LINES), st.integers(0, len(LINES) - 1))), len(lines) - 1)
    if kind == "drop":
        del lines[i : i + draw(st.integers(1, 6))]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = min(i + draw(st.sampled_from([1, 2, 4, 40])), len(lines) - 1)
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "alter":
        lines[i] = draw(
            st.one_of(
                st.text(max_size=12),
                st.sampled_from(["", "合计", "1", "0", "-5", "1.2.3", "abc", "附件2", "  12 ", "(万元)"]),
                st.just(lines[i][: len(lines[i]) // 2]),
                st.just(lines[i] + draw(st.sampled_from(["%", "万元", "1", "个", " x"]))),
            )
        )
    elif kind == "digit":
        n, pos = draw(st.sampled_from(DIGITS))
        n = min(n, len(lines) - 1)
        if pos < len(lines[n]):
            lines[n] = lines[n][:pos] + draw(st.sampled_from("0123456789.")) + lines[n][pos + 1 :]
    elif kind == "fullwidth":
        lines[i] = lines[i].translate(FULL_WIDTH)
    elif kind == "truncate":  # cut inside line i, as a partial download would
        lines = lines[:i] + [lines[i][: draw(st.integers(0, len(lines[i])))]]
    return lines


@st.composite
def damaged_text(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        lines = _edit(draw, lines)
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@BOUNDED
@given(text=damaged_text())
def test_damaged_text_gives_plan_or_parse_error(tmp_path_factory, text) -> None:
    try:
        plan = parse_text(text, tmp_path_factory.mktemp("damaged"))
    except PlanParseError as exc:
        event("PlanParseError")
        assert str(exc)  # a message the CLI can print
    else:
        event("Plan")
        # whatever survived the damage still points into the damaged text
        last = len(text.lstrip("\ufeff").replace("\r\n", "\n").split("\n"))
        for name, table in plan.tables().items():
            lines = table["source_line"].dropna() if "source_line" in table else pd.Series([], dtype=int)
            assert lines.between(1, last).all(), name


# --- 2. a changed investment digit is a reconciliation mismatch ----------------------------------


def _investment_line(project: pd.Series) -> int:
    """Line (0-based) of the project's investment cell: the first number cell after its seq cell
    that equals the parsed investment."""
    for n in range(project["source_line"], min(project["source_line"] + 12, len(LINES))):
        cell = LINES[n].strip()
        if re.fullmatch(r"\d+(\.\d+)?", cell) and float(cell) == project["investment_wan"]:
            return n
    raise AssertionError(f"investment cell of {project['project_id']} not found")


@BOUNDED
@given(data=st.data())
def test_changed_investment_digit_is_a_mismatch(parsed_plan, tmp_path_factory, data) -> None:
    project = parsed_plan.projects.iloc[data.draw(st.integers(0, len(parsed_plan.projects) - 1))]
    n = _investment_line(project)
    cell = LINES[n]
    positions = [m.start() for m in re.finditer(r"\d", cell)]
    pos = data.draw(st.sampled_from(positions))
    new_digit = data.draw(st.sampled_from([d for d in "0123456789" if d != cell[pos]]))
    lines = list(LINES)
    lines[n] = cell[:pos] + new_digit + cell[pos + 1 :]
    delta = float(lines[n].strip()) - project["investment_wan"]

    changed = parse_text("\n".join(lines), tmp_path_factory.mktemp("digit"))

    moved = changed.projects.set_index("project_id").loc[project["project_id"], "investment_wan"]
    assert moved == pytest.approx(project["investment_wan"] + delta)
    before = parsed_plan.reconciliation.set_index("check_id")
    after = changed.reconciliation.set_index("check_id")
    shifted = after["computed"] - before["computed"].reindex(after.index)
    hit = after[(shifted - delta).abs() < 1e-6]
    assert not hit.empty, "no check's computed value moved by the change"
    assert (hit["status"] == "mismatch").any(), hit[["item", "stated", "computed", "status"]]
