"""xnplan.numbers: the one formatter, half-up rounding and typo detector, on the plan's own figures."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from xnplan.numbers import (
    digit_place,
    fixed_text,
    is_plain_decimal,
    number_text,
    one_digit_apart,
    round_half_up,
    rounds_to,
    significant_digits,
)


@pytest.mark.parametrize(
    ("value", "grouped", "plain"),
    [
        (884933.66, "884,933.66", "884933.66"),  # 附件1's 合计 (line 823)
        (152090.0, "152,090", "152090"),  # 附件2's 公办养老 header (line 985)
        (141940.2, "141,940.2", "141940.2"),
        (-0.66, "-0.66", "-0.66"),
        (10149.8, "10,149.8", "10149.8"),
        (0.125, "0.13", "0.13"),  # two decimals at most, rounded half-up as written (not half-to-even)
    ],
)
def test_number_text_groups_thousands_only_for_reports(value, grouped, plain):
    assert number_text(value) == grouped
    assert number_text(value, grouping=False) == plain


def test_number_text_marks_a_missing_figure():
    assert number_text(None) == number_text(math.nan) == "—"


@pytest.mark.parametrize(
    ("computed", "printed", "ok"),
    [
        (70.684932, "70.7", True),
        (119.480519, "119", True),
        (102.555556, "102.5", False),
        (96.2, "96.2", True),
        (0.05, "0.1", True),
        (0.0499, "0.1", False),
        (1e300, "1", False),
        (88.493366, "88.49", True),  # 884933.66万元 is 88.49亿元 (line 795)
        (88.495, "88.49", False),  # half goes up: 88.50
    ],
)
def test_rounds_to_printed_precision(computed, printed, ok):
    assert rounds_to(computed, printed) is ok


def test_rounds_to_refuses_what_is_not_a_number():
    assert rounds_to(1.0, "1.0.0") is False
    assert rounds_to(math.inf, "1") is False


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (88.493366, 2, "88.49"),
        (91.024366, 2, "91.02"),  # 附件1's categories add up to 910243.66万元
        (0.125, 2, "0.13"),
        (2.5, 0, "3"),
        (102.555556, 1, "102.6"),
        (1e300, 0, "1" + "0" * 300),  # the largest floats still round: 400 digits of precision
        (math.inf, 2, "inf"),  # nothing to round: printed as it is
    ],
)
def test_round_half_up(value, decimals, text):
    assert round_half_up(value, decimals) == text


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (34033.77, 24033.77, ("3", "2")),  # 附件1 line 923 against the rows of 城市公益性公墓
        (194733.77, 294733.77, ("1", "2")),  # 附件1 (915) against 附件2 (3267) for 公墓
        (884933, 884933.66, None),  # a lost fraction, not a typo
        (40419, 38719, None),  # two digits differ
        (345.5, 345.54, None),  # an extra digit
        (345.0, 365.0, ("4", "6")),
        (1.5, 125.0, None),  # the point against a digit is no typo
    ],
)
def test_one_digit_apart(a, b, expected):
    assert one_digit_apart(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "place"),
    [
        (34033.77, 24033.77, "万位"),
        (194733.77, 294733.77, "十万位"),
        (5.5, 6.5, "个位"),
        (0.15, 0.25, "十分位"),
        (0.15, 0.16, "百分位"),
        (345, 365, "十位"),
    ],
)
def test_digit_place(a, b, place):
    assert digit_place(a, b) == place


@pytest.mark.parametrize("text", ["884933.66", "-3965", "+5", "3.", ".5", "0012"])
def test_plain_decimals_are_read(text):
    assert is_plain_decimal(text)


@pytest.mark.parametrize("text", ["1,234", "1 234", "1e5", "inf", "nan", "１２", "٣", "", ".", "-", "5%"])
def test_anything_else_is_not_a_plain_decimal(text):
    # Grouping and spaces are the caller's to drop; full-width and Arabic-Indic digits are not ASCII.
    assert not is_plain_decimal(text)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("884933.66", 8),  # 附件1's 合计: the plan's longest figure
        ("0.0120", 2),  # leading zeros and the zero ending the decimals carry nothing
        ("1200", 4),  # an integer's zeros are written digits
        ("1200.0", 2),
        ("-0.5", 1),
        ("123456789012345.6", 16),  # one more than a float keeps
    ],
)
def test_significant_digits_count_what_a_float_must_keep(text, digits):
    assert significant_digits(text) == digits


def test_fixed_text_keeps_its_decimals():
    # By hand: 300150 with two decimals, grouped, is 300,150.00; 1234.56 to one decimal is 1234.6
    # ungrouped; 0.05 to one decimal is 0.1 (0.05 is 0.05000000000000000277 as a float, so it rounds up).
    assert fixed_text(300150, 2) == "300,150.00"
    assert fixed_text(1234.56, 1, grouping=False) == "1234.6"
    assert fixed_text(0.05, 1) == "0.1"
    assert [fixed_text(v, 1) for v in (None, float("nan"), pd.NA)] == ["—", "—", "—"]
