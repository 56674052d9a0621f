"""Units of measure: canonical spellings and conversion between units of one quantity.

Shared by the catalogue builder (parse), which states every baseline in its item's unit, and by the
reader of evaluators' observations (assess), which converts what an evaluator typed.
"""

from __future__ import annotations

import unicodedata

from xnplan.errors import XnplanError

# Written forms of each unit; the plan's own copy lost "/" (元月), Excel users write 元/人·月 …
_UNIT_FORMS = {
    "元/月": ("元/月", "元月", "元/人/月", "元/人·月", "元/人.月", "元每月", "yuan/month"),
    "元/年": ("元/年", "元年", "元/人/年", "元/人·年", "元/人.年", "元每年", "yuan/year"),
    "%": ("%", "percent", "百分比"),
    "‰": ("‰", "permille"),
    "fraction": ("fraction", "ratio", "小数", "比值", "比例(小数)"),
}
_CANONICAL = {form.lower(): unit for unit, forms in _UNIT_FORMS.items() for form in forms}
# (from, to) → factor: the same quantity in another unit. Anything else is refused.
_FACTORS = {
    ("元/月", "元/年"): 12.0, ("元/年", "元/月"): 1 / 12,
    ("fraction", "%"): 100.0, ("%", "fraction"): 0.01,
    ("‰", "%"): 0.1, ("%", "‰"): 10.0,
    ("fraction", "‰"): 1000.0, ("‰", "fraction"): 0.001,
}


class UnitError(XnplanError):
    """Two units that are not the same quantity."""


def canonical_unit(unit: str) -> str:
    """The unit's canonical spelling (``元月`` → ``元/月``); unknown units are kept as written."""
    text = unicodedata.normalize("NFKC", unit).strip().replace(" ", "")
    return _CANONICAL.get(text.lower(), text)


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit``; UnitError unless they are one quantity."""
    src, dst = canonical_unit(from_unit), canonical_unit(to_unit)
    if src == dst:
        return value
    if (src, dst) not in _FACTORS:
        raise UnitError(f"unit {from_unit!r} cannot be converted to {to_unit!r}")
    return value * _FACTORS[src, dst]
