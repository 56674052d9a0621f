"""The seven kinds of finding, in the order a reader meets them, each with its title and its words.

Every check is of one kind (its ``kind`` column, set by the class of its note: see
:mod:`xnplan.check.wording`). The data-quality page has a section per kind, headed by its title;
a check that refers to another cites it by that title (“项目个数的计法”一节).
"""

from __future__ import annotations

from dataclasses import dataclass

from xnplan.schema import FINDING_KINDS

SUMS, ATTACHMENTS, COUNTS, REPEATS, PROSE_TABLES, TABLE_CELLS, PROSE_LIBRARY = FINDING_KINDS


@dataclass(frozen=True)
class Kind:
    key: str
    title: str  # what the findings of this kind say: the page's section heading
    checked: str  # what its checks compare, whatever they found
    about: str  # one sentence under the heading


# The attachments' own arithmetic first, then the two attachments against each other, the counting
# of projects, repeated lines, and the text against its tables and its project library.
KINDS: tuple[Kind, ...] = (
    Kind(
        SUMS,
        "合计与明细不符",
        "合计、大类、小类的估算总投资与明细",
        "附件1或附件2印出的合计、大类或小类估算总投资，与附件2明细行逐行相加的结果"
        "或本表各部分印出数之和不同。",
    ),
    Kind(
        ATTACHMENTS,
        "附件1与附件2不一致",
        "附件1与附件2的同一数字",
        "同一个合计、大类或小类，附件1（简表）和附件2（明细表）印出的数字不同。",
    ),
    Kind(
        COUNTS,
        "项目个数的计法",
        "项目个数",
        "印出的项目个数与明细的设施数（名称写明个数的行按所写个数计）或本表各部分之和不同，"
        "多数是因为有的类按明细行数计、有的按设施数计。",
    ),
    Kind(REPEATS, "重复的项目行", "重复的项目行", "附件2中内容完全相同的两行。"),
    Kind(
        PROSE_TABLES,
        "正文与指标表不一致",
        "正文与指标表",
        "正文中的数字与“十三五”主要指标完成情况表或“十四五”主要指标表中的同一指标不符，"
        "或正文中的增长率与其起止数不符。",
    ),
    Kind(
        TABLE_CELLS,
        "指标表缺印的数字",
        "指标表各行的数字个数",
        "指标表的一行印出的数字比表的列少，无法确定缺的是哪一列。",
    ),
    Kind(
        PROSE_LIBRARY,
        "正文与项目库不一致",
        "正文、专栏与项目库",
        "正文或专栏提出的建设项目、个数，在附件2项目库中找不到对应的明细行，或个数不同。",
    ),
)
BY_KEY = {kind.key: kind for kind in KINDS}
