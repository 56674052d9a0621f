"""xnplan.units: canonical spellings and the one converter, with figures worked by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xnplan.errors import UnitError
from xnplan.units import canonical_unit, convert, factor


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("元月", "元/月"),  # the plan's copy lost the slash (13th-plan table, line 235)
        ("元/人·月", "元/月"),
        ("元 / 年", "元/年"),
        ("％", "%"),
        ("Percent", "%"),
        ("比值", "fraction"),
        ("张", "张"),  # not a convertible unit: kept as written
    ],
)
def test_canonical_unit(written, canonical):
    assert canonical_unit(written) == canonical


def test_convert_worked_by_hand():
    # 城市低保 623元/月 (line 235) is 7476元/年; the prose's 7476元/年 is 623元/月 again, exactly.
    assert convert(623, "元/月", "元/年") == 7476
    assert convert(7476, "元/年", "元/月") == 623
    # 农村特困 11020元/年 (line 263) ÷ 12 = 918.333…元/月, the float nearest to it (not × 0.08333…)
    assert convert(11020, "元/年", "元/月") == 918.3333333333334
    assert convert(0.8336, "fraction", "%") == pytest.approx(83.36)
    assert convert(14, "‰", "%") == 1.4
    assert convert(1.4, "%", "‰") == 14
    assert convert(56, "%", "fraction") == 0.56
    assert convert(720, "元月", "元/月") == 720
    assert convert(36.4, "张", "张") == 36.4


def test_factor_is_exact():
    assert factor("元/年", "元/月") == Fraction(1, 12)
    assert factor("%", "‰") == 10
    assert factor("元月", "元/月") == 1


@pytest.mark.parametrize(("src", "dst"), [("%", "元/月"), ("个", "张"), ("元/年", "万元")])
def test_different_quantities_do_not_convert(src, dst):
    with pytest.raises(UnitError, match=f"{src!r} cannot be converted to {dst!r}"):
        convert(60, src, dst)
