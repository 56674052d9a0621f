"""The assessment as one typed result: every figure and class the deliverables show, computed once.

:func:`build` judges the catalogue against the evaluator's evidence (:mod:`xnplan.assess.evaluate`),
follows the projects (:mod:`xnplan.assess.projects`) and gathers what the report cites (sources,
the data cut-off, the values of each year). The HTML page, the Word document and the Excel table
render an :class:`Assessment`; none of them computes anything of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from xnplan import facts
from xnplan.assess import evaluate, gap, sources, wording
from xnplan.assess.projects import ProjectProgress, progress
from xnplan.errors import ParameterError
from xnplan.facts import TERRITORIES, WHOLE_CITY
from xnplan.geo import resolve_county
from xnplan.plan import Plan

SHORT_PLAN_NAME = "咸宁市民政事业十四五规划"  # for file names: no quotation marks


@dataclass(frozen=True)
class Edition:
    """Which assessment: its year (2023 中期评估, 2025 总结评估) and scope (全市 or one county)."""

    year: int
    scope: str = WHOLE_CITY

    def __post_init__(self) -> None:
        gap.valid_assessment_year(self.year)
        if self.scope != WHOLE_CITY and self.scope not in TERRITORIES:
            raise ParameterError(
                f"评估范围应为{WHOLE_CITY}或县市区（{'、'.join(TERRITORIES)}），而不是 {self.scope!r}"
            )

    @property
    def final(self) -> bool:
        return self.year >= facts.FINAL_YEAR

    @property
    def label(self) -> str:
        return facts.ASSESSMENT_LABELS[self.year]

    @property
    def county(self) -> str | None:
        return None if self.scope == WHOLE_CITY else self.scope

    @property
    def title_lines(self) -> tuple[str, str]:
        """The title in the two lines a 公文 sets it in (each within a line of 二号 type): the plan, then
        its edition and which assessment."""
        edition = f"（{facts.PLAN_EDITION}）"
        if self.county:
            return f"{self.county}落实《{facts.PLAN_NAME}", f"{edition}》{self.label}报告"
        return facts.PLAN_NAME, f"{edition}{self.label}报告"

    @property
    def title(self) -> str:
        """咸宁市民政事业“十四五”规划（征求意见稿）中期评估报告; a county's names the county first."""
        return "".join(self.title_lines)

    @property
    def file_stem(self) -> str:
        """The deliverables' file name without extension (no quotation marks, which some zip tools mangle)."""
        county = f"{self.county}-" if self.county else ""
        return f"{county}{SHORT_PLAN_NAME}{self.year}年{self.label}报告"


@dataclass(frozen=True)
class Evidence:
    """The evaluator's validated inputs, read once (:mod:`xnplan.assess.inputs`)."""

    observations: pd.DataFrame
    project_status: pd.DataFrame | None = None
    observations_label: str = ""  # how the report names the file in words (never its path)
    project_status_label: str = ""


@dataclass(frozen=True)
class Assessment:
    edition: Edition
    catalogue: pd.DataFrame
    results: pd.DataFrame  # evaluate.judge: every item at the scope (and, city-wide, the counties)
    later: pd.DataFrame  # values dated after the assessment year, not used
    projects: ProjectProgress | None  # None without a project-status file
    sources: list[sources.Source]
    cut_off: str  # 数据截止: the assessment year's end, and the latest date of the data used
    evidence: Evidence
    plan: Plan = field(repr=False)

    @property
    def scope_rows(self) -> pd.DataFrame:
        """Every item at the scope of the edition (全市, or the county)."""
        return self.results[self.results["geography"] == self.edition.scope]

    @property
    def measures(self) -> pd.DataFrame:
        """One row per measure at the scope: what is counted (restatements left out)."""
        return evaluate.measures(self.scope_rows)

    def counties(self) -> pd.DataFrame:
        """The county rows of a city edition (empty for a county's own edition)."""
        if self.edition.county:
            return self.results.iloc[0:0]
        return self.results[self.results["geography"] != WHOLE_CITY]

    def series(self) -> pd.DataFrame:
        """The values given for each measure at the scope, one column per year 2020–2025 (2020 = base)."""
        obs = self.evidence.observations
        ids = self.measures[["item_id", "observation_id"]]
        at = obs[
            (obs["geography"] == self.edition.scope)
            & obs["value"].notna()
            & (obs["year"] <= self.edition.year)
        ]
        table = at.pivot_table(index="indicator_id", columns="year", values="value", aggfunc="first")
        rows = ids.merge(table, left_on="observation_id", right_index=True, how="inner")
        return rows.drop(columns="observation_id").reset_index(drop=True)


def scope(county: str | None) -> str:
    """全市 for '' or None, else the county's official name (aliases such as 通山 or Tongshan accepted)."""
    if county is None or not str(county).strip():
        return WHOLE_CITY
    return str(resolve_county(county))


def cut_off(evidence: Evidence, year: int) -> str:
    """数据截止: the end of the assessment year; the latest dated value used, when one is dated."""
    dates = [d for d in evidence.observations.loc[evidence.observations["year"] <= year, "as_of"] if d]
    if evidence.project_status is not None:
        dates += [d for d in evidence.project_status["as_of"] if d and d[:4] <= str(year)]
    end = f"{year}年12月31日"
    if not dates:
        return end
    latest = max(dates)
    y, m, d = (int(p) for p in latest.split("-"))
    return f"{end}（所用数据注明日期最晚的为{y}年{m}月{d}日）"


def build(
    plan: Plan, evidence: Evidence, edition: Edition, thresholds: gap.Thresholds = gap.DEFAULT_THRESHOLDS
) -> Assessment:
    """The whole assessment of ``edition`` from the plan's tables and the evaluator's evidence."""
    catalogue = plan.catalogue
    results = evaluate.judge(catalogue, evidence.observations, edition.year, edition.scope, thresholds)
    lines = dict(zip(catalogue["item_id"], catalogue["source_line"], strict=True))
    results["place"] = [
        wording.where(
            {"kind": k, "item_id": i, "source_line": lines[i]}, plan.outline, plan.project_categories
        )
        for k, i in zip(results["kind"], results["item_id"], strict=True)
    ]
    later = evaluate.later_observations(evidence.observations, edition.year)
    if edition.county:
        later = later[later["geography"] == edition.county]
    projects = (
        None
        if evidence.project_status is None
        else progress(plan.projects, evidence.project_status, edition.year, edition.county)
    )
    used = evidence.observations[evidence.observations["year"] <= edition.year]
    if edition.county:
        used = used[used["geography"] == edition.county]
    return Assessment(
        edition=edition,
        catalogue=catalogue,
        results=results,
        later=later,
        projects=projects,
        sources=sources.cited(used),
        cut_off=cut_off(evidence, edition.year),
        evidence=evidence,
        plan=plan,
    )
