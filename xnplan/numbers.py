"""Numbers as the plan prints them: one reading rule, one formatter, one half-up rounding, one typo
detector."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

import pandas as pd

from xnplan.facts import DASH

# A float holds 15 significant decimal digits exactly; a figure written with more cannot be kept.
MAX_DIGITS = 15
# A plain decimal: ASCII digits with one optional point and sign; no grouping, exponent or inf/nan.
_PLAIN_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)

PLACES = ("个", "十", "百", "千", "万", "十万", "百万", "千万", "亿", "十亿", "百亿", "千亿")


def is_plain_decimal(text: str) -> bool:
    """``text`` is a plain decimal (``-12``, ``3.``, ``.5``, ``1234.56``), which ``float`` reads."""
    return bool(_PLAIN_DECIMAL.match(text))


def significant_digits(text: str) -> int:
    """The digits of a plain decimal a float must keep: no sign, point or leading zeros, and no
    trailing zeros after a decimal point (``0.0120`` → 2, ``1200`` → 4, ``1200.0`` → 2)."""
    digits = text.lstrip("+-").replace(".", "").lstrip("0")
    return len(digits.rstrip("0") if "." in text else digits)


def has_value(value: object) -> bool:
    """A cell holds a figure: not None, not NaN, not pandas' NA."""
    return not (value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)))


def number_text(value: float | None, *, grouping: bool = True) -> str:
    """A figure with two decimals at most and no trailing zeros; :data:`~xnplan.facts.DASH` when missing.

    The two forms differ on purpose: report tables group thousands (152,090) so long figures read at
    a glance, while the explanations stored in the reconciliation table quote a figure as the plan
    prints it (152090), so a reader can search the plan text for it (``grouping=False``).
    """
    if value is None or pd.isna(value):
        return DASH
    return fixed_text(value, 2, grouping=grouping).rstrip("0").rstrip(".")


def _half_up(value: float, decimals: int) -> Decimal | None:
    with localcontext() as ctx:
        ctx.prec = 400  # room for every digit of the largest float (309) and its decimals
        try:
            return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        except InvalidOperation:
            return None


def round_half_up(value: float, decimals: int) -> str:
    """``value`` rounded half-up to ``decimals`` as the plan would print it (88.493366, 2 → 88.49).

    Half-up on the decimal digits as written (``repr``), not on the binary float: 0.125 → 0.13.
    A figure that cannot be rounded (infinite) prints as it is.
    """
    rounded = _half_up(value, decimals)
    return repr(value) if rounded is None else str(rounded)


def rounds_to(computed: float, printed: str) -> bool:
    """Does ``computed`` round half-up to the printed figure at the printed number of decimals?"""
    rounded = _half_up(computed, len(printed.partition(".")[2]))
    try:
        return rounded is not None and rounded == Decimal(printed)
    except InvalidOperation:
        return False


def one_digit_apart(a: float, b: float) -> tuple[str, str] | None:
    """The two differing digits when ``a`` and ``b`` print alike but for one digit (a likely typo).

    Compared as printed (:func:`number_text` without grouping): 884933 against 884933.66 is a lost
    fraction, not a typo, and 345.5 against 345.54 an extra digit.
    """
    x, y = number_text(a, grouping=False), number_text(b, grouping=False)
    if len(x) != len(y):
        return None
    diffs = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
    if len(diffs) == 1 and diffs[0][0].isdigit() and diffs[0][1].isdigit():
        return diffs[0]
    return None


def digit_place(a: float, b: float) -> str:
    """The Chinese name of the place where ``a`` and ``b`` differ (万位, 十分位), for figures that
    :func:`one_digit_apart` finds one digit apart."""
    x, y = number_text(a, grouping=False), number_text(b, grouping=False)
    index = next(i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q)
    point = x.index(".") if "." in x else len(x)
    if index > point:
        return ("十分位", "百分位")[index - point - 1]
    place = point - index - 1
    return f"{PLACES[place]}位" if place < len(PLACES) else f"从个位起第{place + 1}位"


def fixed_text(value: float | None, decimals: int, *, grouping: bool = True) -> str:
    """A figure with exactly ``decimals`` decimals, rounded half-up, thousands grouped unless
    ``grouping=False``; "—" when missing. For table columns and percentages, whose decimals line the
    figures up (300,150.00, 33.9); :func:`number_text` drops trailing zeros instead."""
    if value is None or not has_value(value):
        return DASH
    # rounded half-up on the figure as written (3.585 → 3.59), as round_half_up and the plan do
    rounded = _half_up(float(value), decimals)
    shown = value if rounded is None else rounded
    return f"{shown:{',' if grouping else ''}.{decimals}f}"
