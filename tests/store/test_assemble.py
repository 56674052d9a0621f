"""xnplan.parse_plan (xnplan.store.assemble) on copies of the raw text: re-encoded copies (CRLF, BOM,
full-width digits) parse to the same tables, and a text shifted by a blank line gives the same
reconciliation one line lower. The damaged copies of test_assemble_properties.py use ``parse_text``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xnplan import Plan, parse_plan
from xnplan.paths import DEFAULT_RAW_TEXT

RAW_TEXT = DEFAULT_RAW_TEXT.read_text(encoding="utf-8")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def parse_text(text: str, tmp_path: Path, name: str = "damaged.txt") -> Plan:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return parse_plan(path)


@pytest.mark.parametrize("variant", ["crlf", "bom", "fullwidth_digits", "all"])
def test_reencoded_text_parses_to_the_same_tables(parsed_plan, tmp_path, variant) -> None:
    text = RAW_TEXT
    if variant in ("fullwidth_digits", "all"):
        text = text.translate(FULL_WIDTH)
    if variant in ("crlf", "all"):
        text = text.replace("\n", "\r\n")
    if variant in ("bom", "all"):
        text = "\ufeff" + text
    plan = parse_text(text, tmp_path, "plan.txt")
    for name, table in parsed_plan.tables().items():
        pd.testing.assert_frame_equal(getattr(plan, name), table, obj=name)


def test_text_shifted_by_a_blank_line_gives_the_same_reconciliation(parsed_plan, tmp_path) -> None:
    # Every check is found by wording or by a curated link's phrase, never by a line number: the
    # same 193 rows with the same figures and statuses, each one line lower (issue 12, case 2).
    shifted = parse_text("\n" + RAW_TEXT, tmp_path, "plan.txt").reconciliation
    before = parsed_plan.reconciliation
    assert len(shifted) == 193
    columns = ["check_id", "level", "item", "stated", "computed", "status"]
    pd.testing.assert_frame_equal(shifted[columns], before[columns])
    assert (shifted["source_line"] == before["source_line"] + 1).all()
    box9 = shifted.set_index("check_id").loc["narr-library-box9-city-welfare-centre"]
    assert (box9["status"], box9["source_line"]) == ("mismatch", 682)
