"""Facts about the plan and the assessment vocabulary, stated once; this module imports nothing.

The plan's title and edition, its period, its county-level units, the two assessments it asks for,
the words the assessment judges with, the marks a report writes where a figure is missing, and the
names of the files and the kernel every part of the project shares. Every module that uses one of
these imports it from here.
"""

from __future__ import annotations

# The plan as published: 咸宁市民政局, 2022-07-04, 索引号 011337100/2022-19938.
PLAN_NAME = "咸宁市民政事业“十四五”规划"
PLAN_EDITION = "征求意见稿"
PLAN_TITLE = f"{PLAN_NAME}（{PLAN_EDITION}）"
PLAN_ISSUER = "咸宁市民政局"
PLAN_PUBLISHED_ON = "2022-07-04"  # ISO 8601
_YEAR, _MONTH, _DAY = (int(part) for part in PLAN_PUBLISHED_ON.split("-"))
PLAN_PUBLISHED = f"{_YEAR}年{_MONTH}月{_DAY}日"
# The plan cited as the source of a table or figure.
PLAN_CITATION = f"{PLAN_ISSUER}《{PLAN_TITLE}》，{PLAN_PUBLISHED}发布"

# The county-level units of Xianning in the plan's order: the six territories (区、市、县), then the
# city's own bodies. 市本级 (市民政局 and its units) is not a territory: it is a valid answer for "who
# is responsible", never a place found in a project's name, and it has no census population.
TERRITORIES = ("咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县")
CITY_LEVEL = "市本级"
COUNTIES = (*TERRITORIES, CITY_LEVEL)
# 全市 is the whole territory: the census total and a city-wide observation, never a project's county.
WHOLE_CITY = "全市"

# The plan period: year-end values, 2020 the base year, 2025 the end of the period.
BASE_YEAR = 2020
FINAL_YEAR = 2025
PERIOD_YEARS = tuple(range(BASE_YEAR + 1, FINAL_YEAR + 1))  # 2021 … 2025

# 第十一章: "2023年和2025年底组织对本规划实施情况进行评估" — a mid-term and a final assessment.
MIDTERM_YEAR = 2023
MIDTERM = "中期评估"
FINAL = "总结评估"
ASSESSMENT_LABELS = {MIDTERM_YEAR: MIDTERM, FINAL_YEAR: FINAL}
ASSESSMENT_YEARS = tuple(ASSESSMENT_LABELS)

# Marks a table writes where there is no figure.
NO_DATA = "无数据"  # nothing was observed
DASH = "—"  # the figure does not exist for this row (no target, no baseline …)
# A consistency check's status (schema.CHECK_STATUSES) in the words a reader reads.
CHECK_STATUS_WORDS = {"ok": "一致", "mismatch": "不一致", "ambiguous": "存疑"}
TO_FILL = "【待填写】"  # what the tool cannot know; the evaluator writes it
# Whose 评价 a result is (its basis): computed by the method, or the evaluator's own judgement.
BASIS_COMPUTED = "计算"
BASIS_EVALUATOR = "评估人判断"

# Where nothing was reported for a county or a category of projects.
NOT_REPORTED = "未报送"

# Attributes of the main indicators (主要指标表).
BINDING = "约束性"
EXPECTED = "预期性"
ATTRIBUTES = (BINDING, EXPECTED)

# Classes of an assessed target (xnplan.assess.gap), best to worst within each group.
COMPLETED = "已完成"
COMPLETED_EARLY = "提前完成"
COMPLETED_LATE = "逾期完成"
KEPT = "保持"
AHEAD = "快于预期"
ON_TRACK = "基本符合预期"
SPEED_UP = "需加快"
LAGGING = "滞后"
REGRESSING = "倒退"
NOT_YET_MET = "尚未达标"
NOT_COMPLETED = "未完成"
NO_ASSESSMENT = "无法评估"
NO_TARGET = "无目标"
CLASSES = (
    COMPLETED,
    COMPLETED_EARLY,
    COMPLETED_LATE,
    KEPT,
    AHEAD,
    ON_TRACK,
    SPEED_UP,
    LAGGING,
    REGRESSING,
    NOT_YET_MET,
    NOT_COMPLETED,
    NO_ASSESSMENT,
    NO_TARGET,
)
# The classes an assessment may use: the final one has no pace classes, every deadline having passed.
MIDTERM_CLASSES = CLASSES
FINAL_CLASSES = (COMPLETED, COMPLETED_EARLY, COMPLETED_LATE, NOT_COMPLETED, NO_ASSESSMENT, NO_TARGET)
# The classes that judge an item: all but 无法评估 and 无目标.
JUDGED_CLASSES = tuple(c for c in CLASSES if c not in (NO_ASSESSMENT, NO_TARGET))

# Files and names the build, the reports and the assessment share.
WORKBOOK_NAME = "plan.xlsx"  # every processed table as a sheet
DATAPACKAGE_NAME = "datapackage.json"  # the Frictionless descriptor of data/processed/
KERNEL_NAME = "xnplan"  # the Jupyter kernel the notebooks run on (registered by make)
# What tells whose an output folder is: `xnplan reports` marks its folder and writes the build page
# beside the landing page; `xnplan assess` records the files it wrote.
REPORT_SET_MARK = ".xnplan-reports"
BUILD_PAGE = "build.html"
ASSESSMENT_RECORD = ".xnplan-assess.json"
