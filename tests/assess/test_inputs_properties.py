"""Whatever an observations file holds, the reader gives back exactly its rows with the values a
person reads in the cells, or an InputValidationError naming the row and column of every bad cell.

Each generated cell knows what a person reads in it (``Cell.reads``), or that no number can be read
(``reads`` None): the expectation is built with the cell, not computed by the reader's rules.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.assess.xlsx_parts import X, sheet_xml, workbook_bytes
from xnplan.assess import inputs
from xnplan.errors import InputValidationError

UNITS = {"I13-01": "元/月", "I14-04": "%"}
PLACES = ["全市", "咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县"]
COLUMNS = list(inputs.OBSERVATION_COLUMNS)
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
# Free text: ASCII, Chinese and full-width forms that GBK encodes too, with the characters CSV quotes.
TEXT = st.text(
    alphabet=st.sampled_from([*"abc XYZ019=+-@'\",;\n\t", *"咸宁民政年报统计，。（）ＡＢ１２"]),
    min_size=1,
    max_size=12,
).filter(lambda t: t.strip())
CONTROLS = st.sampled_from(["\x00", "\x01", "\x07", "\x08", "\x0e", "\x1b", "\x7f"])


@dataclass(frozen=True)
class Cell:
    """What a file stores (``stored``: text for CSV, an xlsx_parts.X for a workbook) and what a
    person reads: a number, a text, or None where no number can be read."""

    stored: object
    reads: object


@st.composite
def decimals(draw) -> Decimal:
    return Decimal(draw(st.integers(0, 10**9))).scaleb(-draw(st.integers(0, 4)))


@st.composite
def number_texts(draw) -> Cell:
    """A number as people type it: plain, grouped by thousands, in full-width digits."""
    value = draw(decimals())
    text = draw(st.sampled_from([format(value, "f"), format(value, ",f")]))
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    return Cell(text, float(value))


@st.composite
def bad_number_texts(draw) -> Cell:
    """Text a person could read two ways, or that is not a plain number at all."""
    n, short = draw(st.integers(1, 999)), draw(st.integers(0, 99))
    return Cell(
        draw(
            st.sampled_from(
                [
                    f"{n},{short:02d}",
                    f"{n},{short:04d}",
                    f"0,{n:03d}",
                    f"{n},{short}.5,5",
                    f"{n}¹",
                    "⑤",
                    f"{n} {n:03d}",
                    f"{n}e3",
                    "inf",
                    "nan",
                    f"{n}元",
                    f"{n}%",
                    "七百",
                    f"{n}.{short}.1",
                ]
            )
        ),
        None,
    )


@st.composite
def with_a_control_now_and_then(draw) -> str:
    """Free text; one time in six with a control character inside it, at its start, middle or end."""
    text = draw(TEXT)
    if draw(st.integers(0, 5)):
        return text
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(CONTROLS) + text[at:] + "x"


@st.composite
def csv_rows(draw) -> list[dict[str, Cell]]:
    rows = []
    for i in range(draw(st.integers(1, 6))):
        value = draw(st.one_of(number_texts(), bad_number_texts()))
        # now and then a control character inside the source or the note (pasted from elsewhere)
        source, note = draw(with_a_control_now_and_then()), draw(with_a_control_now_and_then())
        rows.append(
            {
                "indicator_id": Cell("I13-01", "I13-01"),
                "geography": Cell(PLACES[i], PLACES[i]),
                "year": Cell("2023", 2023),
                "value": value,
                "unit": Cell("元/月", "元/月"),
                "source": Cell(source, None),
                "note": Cell(note, None),
            }
        )
    return rows


def csv_bytes(rows: list[dict[str, Cell]], encoding: str, quoting: int, terminator: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=quoting, lineterminator=terminator)
    writer.writerow([inputs.COLUMN_LABELS[c] for c in COLUMNS])
    for row in rows:
        writer.writerow([str(row[c].stored) if c in row else "" for c in COLUMNS])
    return buffer.getvalue().encode(encoding)


def expected_problems(rows: list[dict[str, Cell]]) -> set[tuple[int, str]]:
    """(data row, column label) of every cell a person could not read as asked."""
    bad = set()
    for number, row in enumerate(rows, start=1):
        if row["value"].reads is None:
            bad.add((number, inputs.COLUMN_LABELS["value"]))
        for column in ("source", "note"):
            text = str(row[column].stored)
            if isinstance(row[column].stored, str) and re.search("[\x00-\x08\x0e-\x1f\x7f]", text):
                bad.add((number, inputs.COLUMN_LABELS[column]))
    return bad


def refused(path: Path, place: str, columns: str) -> tuple[set[tuple[int, str]], list[str]]:
    """Reading ``path`` is refused: the (row, column) each problem names, its cell written as ``place``
    matches, its column one of ``columns``; and every problem."""
    with pytest.raises(InputValidationError) as info:
        inputs.read_observations(path, UNITS)
    problems = info.value.problems
    named = {
        (int(m.group(1)), m.group(2))
        for p in problems
        if (m := re.match(rf"第(\d+)行（{place}）({columns})", p))
    }
    return named, problems


def check(path: Path, rows: list[dict[str, Cell]]) -> None:
    bad = expected_problems(rows)
    if bad:
        named, problems = refused(path, r"[^）]*", "数值|数据来源|备注")
        assert named == bad and len(problems) == len(bad), problems
        return
    frame = inputs.read_observations(path, UNITS)
    assert frame["row"].tolist() == list(range(1, len(rows) + 1))
    assert frame["geography"].tolist() == [r["geography"].reads for r in rows]
    assert frame["value_as_given"].tolist() == [r["value"].reads for r in rows]
    assert frame["source"].tolist() == [str(r["source"].stored).strip() for r in rows]
    assert frame["note"].tolist() == [str(r["note"].stored).strip() for r in rows]


@settings(max_examples=80, deadline=None)
@given(
    rows=csv_rows(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    terminator=st.sampled_from(["\n", "\r\n"]),
)
def test_a_csv_file_is_read_as_written(rows, encoding, quoting, terminator):
    try:
        payload = csv_bytes(rows, encoding, quoting, terminator)
    except UnicodeEncodeError:
        assume(False)  # GBK has no ¹: such a file is written in GB18030, which has every character
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "obs.csv"
        path.write_bytes(payload)
        check(path, rows)


@st.composite
def xlsx_values(draw) -> tuple[str, Cell]:
    """(indicator, value cell) in every form a workbook stores one."""
    value = float(draw(decimals()))
    share = draw(st.integers(0, 10_000)) / 10_000  # 0 … 1: a share Excel shows as 0.00% … 100.00%
    text = draw(st.one_of(number_texts(), bad_number_texts()))
    kind = draw(
        st.sampled_from(["number", "percent", "text", "shared", "formula", "formula_text", "date", "bool"])
    )
    return {
        "number": ("I13-01", Cell(X(value), value)),
        # what the cell shows: the stored fraction × 100, in %
        "percent": ("I14-04", Cell(X(share, style="percent"), float(Decimal(repr(share)) * 100))),
        "text": ("I13-01", Cell(X(text.stored, "inline"), text.reads)),
        "shared": ("I13-01", Cell(X(text.stored, "s"), text.reads)),
        "formula": ("I13-01", Cell(X(value, formula="ROUND(A1,2)"), value)),
        "formula_text": ("I13-01", Cell(X(text.stored, "str", formula="TEXT(A1,0)"), text.reads)),
        "date": ("I13-01", Cell(X(45000, style="date"), None)),  # shown as 2023-03-15: not a value
        "bool": ("I13-01", Cell(X(True, "b"), None)),
    }[kind]


@st.composite
def xlsx_rows(draw) -> list[dict[str, Cell]]:
    rows = []
    for i in range(draw(st.integers(1, 6))):
        indicator, value = draw(xlsx_values())
        unit = UNITS[indicator]
        source = draw(TEXT)
        note = draw(
            st.one_of(
                TEXT.map(lambda t: Cell(X(t, "inline"), t.strip())),
                decimals().map(lambda d: Cell(X(float(d)), format(d.normalize(), "f"))),
            )
        )
        rows.append(
            {
                "indicator_id": Cell(indicator, indicator),
                "geography": Cell(PLACES[i], PLACES[i]),
                "year": Cell(X(2023), 2023),
                "value": value,
                "unit": Cell(unit, unit),
                "source": Cell(X(source, "s"), source.strip()),
                "note": note,
            }
        )
    return rows


@settings(max_examples=80, deadline=None)
@given(rows=xlsx_rows())
def test_a_workbook_is_read_as_shown(rows):
    sheet = [[inputs.COLUMN_LABELS[c] for c in COLUMNS]]
    sheet += [[row[c].stored if c in row else None for c in COLUMNS] for row in rows]
    strings: list[str] = []
    xml = sheet_xml(sheet, strings=strings)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "obs.xlsx"
        path.write_bytes(workbook_bytes({"观测值": xml}, strings))
        bad = {
            (n, inputs.COLUMN_LABELS["value"])
            for n, row in enumerate(rows, start=1)
            if row["value"].reads is None
        }
        if bad:
            named, problems = refused(path, r"观测值!D\d+", "数值")
            assert named == bad and len(problems) == len(bad), problems
            return
        frame = inputs.read_observations(path, UNITS)
        assert frame["row"].tolist() == list(range(1, len(rows) + 1))
        assert frame["value_as_given"].tolist() == [r["value"].reads for r in rows]
        assert frame["source"].tolist() == [r["source"].reads for r in rows]
        assert frame["note"].tolist() == [r["note"].reads for r in rows]
