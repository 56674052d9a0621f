"""The words of a table's printed cells (:mod:`xnplan.check.table_cells`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from xnplan.check.cite import Cite
from xnplan.check.kinds import TABLE_CELLS


@dataclass(frozen=True)
class MissingCellNote:
    """A 13th-plan row printed with two numbers for three value columns, read as missing its 2015
    value; ``met``: the 2020 actual reaches the target, as ``reported_status`` says or not."""

    kind: ClassVar[str] = TABLE_CELLS
    indicator_id: str
    name: str
    target: float
    actual: float
    reported_status: str
    met: bool

    @property
    def subject(self) -> str:
        return self.name

    @property
    def item(self) -> str:
        return f"{self.name}:数值单元格个数(个)"

    def text(self, cite: Cite) -> str:
        target, actual = f"{self.target:g}", f"{self.actual:g}"
        return (
            f"{self.indicator_id}行只印了两个数（{target}、{actual}），而表有三列"
            "（2015年实际、2020年目标、2020年实际）。这里按缺少2015年实际值理解：“完成”是对照2020年"
            "目标判断的，所以完成情况表必然印出目标；判断“完成”也需要2020年实际值；以这种方式印出的"
            "指标都是2015年以后才有的（特困人员始于2016年，志愿者实名注册统计始于2017年《志愿服务条例》），"
            f"因此没有2015年值。照此理解，2020年实际值{actual}"
            f"{'达到' if self.met else '未达到'}目标{target}，与印出的“{self.reported_status}”"
            f"{'一致' if self.met else '不一致'}。其他读法（2015年为{target}、目标为"
            f"{actual}而缺实际值，或缺目标值）仅凭此表无法排除。"
        )
