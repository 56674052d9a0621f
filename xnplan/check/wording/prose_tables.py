"""The words of the prose's checks against itself and the indicator tables
(:mod:`xnplan.check.prose_tables`): a growth rate, a prose figure against the 13th-plan table, a
total against its 其中 parts, a target against the 2020 value, a target against the 14th-plan table.
Each explanation gives both figures with their units, the conversion when there is one, and the
reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar

from xnplan.check.cite import Cite
from xnplan.check.kinds import PROSE_TABLES
from xnplan.numbers import round_half_up
from xnplan.units import canonical_unit


def printed_decimals(value: float) -> int:
    """Decimals of a figure as the plan prints it (20 → 0, 13.09 → 2)."""
    return len(f"{value:g}".partition(".")[2])


@dataclass(frozen=True)
class _ProseNote:
    kind: ClassVar[str] = PROSE_TABLES


@dataclass(frozen=True)
class GrowthNote(_ProseNote):
    """A printed growth percentage against the growth of its own two figures."""

    metric: str
    value_from: float
    value_to: float
    unit: str
    computed_pct: float
    stated_pct: float
    agrees: bool

    @property
    def subject(self) -> str:
        return self.metric

    @property
    def item(self) -> str:
        return f"{self.metric}:增长率(%)"

    def text(self, cite: Cite) -> str:
        growth = (
            f"{self.metric}从{self.value_from:g}{self.unit}增长到{self.value_to:g}{self.unit}，"
            f"实际增长{self.computed_pct:.3f}%"
        )
        if self.agrees:
            return f"{growth}，按印刷的精度四舍五入即印刷的{self.stated_pct:g}%。"
        rounded = round_half_up(self.computed_pct, printed_decimals(self.stated_pct))
        return (
            f"{growth}；按印刷的精度四舍五入应为{rounded}%，"
            f"而非印刷的{self.stated_pct:g}%（舍入有误或被截断）。"
        )


@dataclass(frozen=True)
class Conversion:
    """A prose figure in the table's unit: by the units' exact factor ``by``, or per 10000 residents
    of the ``population`` (万人) that the prose itself implies."""

    value: float
    unit: str
    table_unit: str
    converted: float
    by: Fraction | None = None
    population: float | None = None

    def text(self) -> str:
        if self.population is not None:
            return (
                f"{self.value:g}{self.unit} ÷ {self.population:.2f}万常住人口 = "
                f"每万人{self.converted:.2f}{self.unit}；"
                "常住人口由实名注册志愿者人数及其占常住人口的比例推算"
            )
        by = self.by or Fraction(1)
        how = (
            f"× {by.numerator} = {self.converted:g}"
            if by.denominator == 1
            else f"÷ {by.denominator} = {self.converted:.2f}"
        )
        return f"{self.value:g}{canonical_unit(self.unit)} {how}{canonical_unit(self.table_unit)}"


@dataclass(frozen=True)
class TableNote(_ProseNote):
    """A prose figure (start or 2020) against the 13th-plan table's value for the same measure;
    ``missing_cell``: the check of the table row's missing cell, when it has one."""

    metric: str
    year: str
    prose: float
    prose_unit: str
    conversion: Conversion | None
    indicator: str
    printed: float
    table_unit: str
    agrees: bool
    unit_inferred: bool
    missing_cell: str = ""

    @property
    def subject(self) -> str:
        return self.indicator

    @property
    def item(self) -> str:
        return f"{self.indicator}:{self.year}年({self.table_unit})"

    def text(self, cite: Cite) -> str:
        which = "起始值" if self.year == "2015" else "2020年值"
        how = f"（{self.conversion.text()}）" if self.conversion else ""
        text = (
            f"正文中{self.metric}的{which}为{self.prose:g}{self.prose_unit}{how}；"
            f"十三五主要指标完成情况表中{self.indicator}的{self.year}年实际值为{self.printed:g}{self.table_unit}。"
        )
        if self.agrees:
            text += "按表中印刷的精度两者一致。"
        elif self.year == "2015":
            text += "两者相差超出舍入范围；正文的起始值可能是2015年以后某一年的标准。"
        else:
            text += "两者相差超出舍入范围；正文与表格报告的是不同的数字。"
        if self.unit_inferred and self.year == "2020":
            text += f"表中该行未印单位，{self.table_unit}是根据这一数字推断的。"
        if self.missing_cell:
            text += f"表中该行只印了两个数，见{cite.check(self.missing_cell)}。"
        return text


@dataclass(frozen=True)
class PartsNote(_ProseNote):
    """A stated total against the sum of its 其中 parts (``parts``: metric and value of each)."""

    metric: str
    total: float
    unit: str
    parts: tuple[tuple[str, float], ...]
    computed: float
    status: str

    @property
    def subject(self) -> str:
        return self.metric

    @property
    def item(self) -> str:
        return f"{self.metric}:合计({self.unit})"

    def text(self, cite: Cite) -> str:
        listing = " + ".join(f"{metric}{value:g}{self.unit}" for metric, value in self.parts)
        ending = {
            "ok": "，与总数一致。",
            "ambiguous": "，少于总数（“其中”所列不一定是全部）。",
            "mismatch": "，超过总数。",
        }[self.status]
        return (
            f"正文中{self.metric}共{self.total:g}{self.unit}，“其中”所列各部分为{listing}"
            f" = {self.computed:g}{self.unit}{ending}"
        )


@dataclass(frozen=True)
class BelowNote(_ProseNote):
    """A target (prose or 14th-plan table, at ``line``) against the 2020 value of the same measure."""

    stated_source: str
    line: int
    name: str
    deadline: int
    target: float
    unit: str
    indicator: str
    actual: float
    lower: bool

    @property
    def subject(self) -> str:
        return self.name

    @property
    def item(self) -> str:
        return f"{self.name}:目标值与2020年实际值({self.unit})"

    def text(self, cite: Cite) -> str:
        return (
            f"{self.stated_source}{cite.aside(self.line)}把{self.name}的{self.deadline}年目标定为"
            f"{self.target:g}{self.unit}；十三五主要指标完成情况表报告2020年{self.indicator}已达到"
            f"{self.actual:g}{self.unit}。"
            + (
                "目标低于规划所说已经达到的水平：要么2020年数字与目标衡量的不是同一事物，要么目标要求低于"
                "已取得的成绩。"
                if self.lower
                else "目标高于2020年水平。"
            )
        )


@dataclass(frozen=True)
class Table14Note(_ProseNote):
    """A prose target (at ``line``) against the 14th-plan table's row for the same measure."""

    metric: str
    line: int
    deadline: int
    value: float
    unit: str
    indicator_id: str
    indicator: str
    table_deadline: int
    table_target: float
    table_unit: str
    status: str

    @property
    def subject(self) -> str:
        return self.metric

    @property
    def item(self) -> str:
        return f"{self.metric}:目标值({self.unit})"

    def text(self, cite: Cite) -> str:
        reading = {
            "ok": "两者一致。",
            "mismatch": "两者的目标值不同。",
            "ambiguous": "目标值相同而期限不同：评估时须选定按哪一年判断。",
        }[self.status]
        return (
            f"正文{cite.aside(self.line)}把{self.metric}的{self.deadline}年目标定为{self.value:g}{self.unit}；"
            f"十四五主要指标表{self.indicator_id}（{self.indicator}）的目标为{self.table_deadline}年"
            f"{self.table_target:g}{self.table_unit}。{reading}"
        )
