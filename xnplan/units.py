"""Units of the plan's figures: their canonical spelling and the one converter between them.

Only the same quantity converts (元/月 ↔ 元/年, % ↔ ‰ ↔ fraction); anything else is a UnitError,
never a silent guess. A count per 10000 residents is not a unit conversion: it needs a population,
which the check that uses it (:mod:`xnplan.check.prose_tables`) names itself.
"""

from __future__ import annotations

import unicodedata
from fractions import Fraction

from xnplan.errors import UnitError

# Written forms of each unit; the plan's own copy lost "/" (元月), Excel users write 元/人·月 …
_UNIT_FORMS = {
    "元/月": ("元/月", "元月", "元/人/月", "元/人·月", "元/人.月", "元每月", "yuan/month"),
    "元/年": ("元/年", "元年", "元/人/年", "元/人·年", "元/人.年", "元每年", "yuan/year"),
    "%": ("%", "percent", "百分比"),
    "‰": ("‰", "permille"),
    "fraction": ("fraction", "ratio", "小数", "比值", "比例(小数)"),
}
_CANONICAL = {form.lower(): unit for unit, forms in _UNIT_FORMS.items() for form in forms}
# (from, to) → exact factor. A fraction keeps ÷ 12 a true division, correctly rounded: 11020 元/年 is
# 918.3333333333334 元/月, where × (1/12) would give 918.3333333333333.
_FACTORS = {
    ("元/月", "元/年"): Fraction(12),
    ("元/年", "元/月"): Fraction(1, 12),
    ("fraction", "%"): Fraction(100),
    ("%", "fraction"): Fraction(1, 100),
    ("‰", "%"): Fraction(1, 10),
    ("%", "‰"): Fraction(10),
    ("fraction", "‰"): Fraction(1000),
    ("‰", "fraction"): Fraction(1, 1000),
}


def canonical_unit(unit: str) -> str:
    """The unit's canonical spelling (``元月`` → ``元/月``); unknown units are kept as written."""
    text = unicodedata.normalize("NFKC", unit).strip().replace(" ", "")
    return _CANONICAL.get(text.lower(), text)


def factor(from_unit: str, to_unit: str) -> Fraction:
    """The exact factor from ``from_unit`` to ``to_unit`` (1 for the same unit); UnitError unless they
    are one quantity."""
    src, dst = canonical_unit(from_unit), canonical_unit(to_unit)
    if src == dst:
        return Fraction(1)
    if (src, dst) not in _FACTORS:
        raise UnitError(f"unit {from_unit!r} cannot be converted to {to_unit!r}")
    return _FACTORS[src, dst]


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit``; UnitError unless they are one quantity."""
    f = factor(from_unit, to_unit)
    return value * f.numerator / f.denominator if f != 1 else value
