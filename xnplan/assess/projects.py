"""Project progress: the lines of 附件2 against the status an evaluator reported (docs/target_gap.md).

Rates are computed over what was reported, never over silence:

- 报送率 = reported lines / planned lines (and the share of the planned investment they hold);
- a cancelled line leaves the denominators and is listed with its investment;
- 开工率 = (在建 + 已建成) / (reported − cancelled); 完工率 = 已建成 / (reported − cancelled);
- 投资完成率 = invested / planned investment of the reported, not cancelled lines;
- 时间进度 = each line's share of its own construction period elapsed at the end of the assessment
  year where the evaluator gave planned start and finish years, else the share of the plan period
  (60% at the end of 2023, 100% at the end of 2025); a group's is the mean weighted by planned
  investment; 与时间进度差 = 投资完成率 − 时间进度, in percentage points;
- a group (county, category, implementer type) with nothing reported is 未报送: no rate, no rank,
  no blame.

A status dated (as_of) after the assessment year is not used; it is listed instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xnplan import facts
from xnplan.assess import gap
from xnplan.assess.inputs import STATUS_FRAME_COLUMNS
from xnplan.facts import COUNTIES
from xnplan.numbers import has_value

# What a line of the library takes from the status rows (inputs.read_project_status): all but the
# evaluator's note and the file's row number.
STATUS_FIELDS = tuple(c for c in STATUS_FRAME_COLUMNS if c not in ("note", "row"))


PLANNED, IN_PROGRESS, COMPLETED, CANCELLED = "planned", "in_progress", "completed", "cancelled"
STARTED = (IN_PROGRESS, COMPLETED)
TOTAL = "合计"
BREAKDOWNS = {"county": "县市区", "category": "大类", "implementer_type": "实施主体类型"}


def line_time_progress(assessment_year: int, start: float | None, finish: float | None) -> float:
    """Share of a line's construction period elapsed at the end of ``assessment_year`` (0–1).

    Year-end convention: a line planned for 2022–2024 has at the end of 2023 run 2 of its 3 years.
    Without both years, the plan period 2021–2025 is the line's period.
    """
    if start is None or finish is None or not (has_value(start) and has_value(finish)):
        return gap.time_elapsed(assessment_year)
    years = int(finish) - int(start) + 1
    return min(1.0, max(0.0, (assessment_year - int(start) + 1) / years))


def _reported_by(status: pd.DataFrame, assessment_year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(usable status rows, rows dated after the end of the assessment year)."""
    dated = pd.to_datetime(status["as_of"].replace("", None), errors="coerce")
    late = dated.dt.year > assessment_year
    return status[~late.fillna(False)], status[late.fillna(False)]


def status_lines(projects: pd.DataFrame, status: pd.DataFrame, assessment_year: int) -> pd.DataFrame:
    """Every line of ``projects`` with its reported status ('' = not reported) and what follows from it."""
    lines = projects[
        [
            "project_id",
            "county",
            "category",
            "implementer_type",
            "name",
            "units",
            "investment_wan",
            "source_line",
        ]
    ].merge(status[list(STATUS_FIELDS)], on="project_id", how="left")
    lines["status"] = lines["status"].fillna("")
    lines["responsible"] = lines["responsible"].fillna("")
    lines["time_progress"] = [
        line_time_progress(assessment_year, s, f)
        for s, f in zip(lines["planned_start"], lines["planned_finish"], strict=True)
    ]
    reported = lines["status"] != ""
    lines["counted"] = reported & (lines["status"] != CANCELLED)  # in the denominators
    lines["over_invested"] = lines["invested_wan"].fillna(0) > lines["investment_wan"]
    lines["spent_not_started"] = (lines["status"] == PLANNED) & (lines["invested_wan"].fillna(0) > 0)
    return lines


def _rate(part: float, whole: float) -> float:
    return part / whole * 100 if whole else float("nan")


def _group_row(name: str, group: pd.DataFrame) -> dict:
    counted = group[group["counted"]]
    reported = group[group["status"] != ""]
    cancelled = group[group["status"] == CANCELLED]
    planned_wan = float(counted["investment_wan"].sum())
    invested = float(counted["invested_wan"].fillna(0).sum())
    time_pct = (
        float((counted["time_progress"] * counted["investment_wan"]).sum()) / planned_wan * 100
        if planned_wan
        else float("nan")
    )
    invest_pct = _rate(invested, planned_wan)
    lines_wan = float(group["investment_wan"].sum())
    return {
        "group": name,
        "lines": len(group),
        "lines_wan": lines_wan,
        "reported": len(reported),
        "reported_pct": _rate(len(reported), len(group)),
        "reported_wan_pct": _rate(float(reported["investment_wan"].sum()), lines_wan),
        "cancelled": len(cancelled),
        "cancelled_wan": float(cancelled["investment_wan"].sum()),
        "counted": len(counted),
        "started": int(counted["status"].isin(STARTED).sum()),
        "completed": int((counted["status"] == COMPLETED).sum()),
        "start_pct": _rate(int(counted["status"].isin(STARTED).sum()), len(counted)),
        "complete_pct": _rate(int((counted["status"] == COMPLETED).sum()), len(counted)),
        "planned_wan": planned_wan,
        "invested_wan": invested,
        "invest_pct": invest_pct,
        "time_pct": time_pct,
        "gap_pp": invest_pct - time_pct,
        "not_reported": len(reported) == 0,
    }


def rates(lines: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per value of ``by`` (counties in their order, else as they come) and a 合计 row."""
    values = list(dict.fromkeys(lines[by]))
    if by == "county":
        values = [c for c in COUNTIES if c in values]
    rows = [_group_row(v, lines[lines[by] == v]) for v in values] + [_group_row(TOTAL, lines)]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ProjectProgress:
    """The project-progress section of an assessment, as data."""

    assessment_year: int
    lines: pd.DataFrame  # every planned line of the scope (:func:`status_lines`)
    total: dict  # the 合计 row of :func:`rates`
    by: dict[str, pd.DataFrame]  # breakdown key (BREAKDOWNS) → :func:`rates`
    late: pd.DataFrame  # status rows dated after the assessment year, not used

    @property
    def final(self) -> bool:
        return self.assessment_year >= facts.FINAL_YEAR

    def listed(self, column: str) -> pd.DataFrame:
        """Lines with a flag (``over_invested``, ``spent_not_started``) or a status (``cancelled`` …)."""
        if column in self.lines.columns and self.lines[column].dtype == bool:
            return self.lines[self.lines[column]]
        return self.lines[self.lines["status"] == column]

    def carried_over(self) -> pd.DataFrame:
        """Lines not finished at the end of the period (在建 or 未开工): 续建 into the next plan."""
        return self.lines[self.lines["status"].isin((IN_PROGRESS, PLANNED))]

    def behind_time(self, by: str = "county") -> pd.DataFrame:
        """Groups that reported and whose investment completion is below their time progress."""
        table = self.by[by]
        return table[(table["group"] != TOTAL) & ~table["not_reported"] & (table["gap_pp"] < 0)]

    def not_reported(self, by: str = "county") -> list[str]:
        table = self.by[by]
        return [
            g
            for g, silent in zip(table["group"], table["not_reported"], strict=True)
            if silent and g != TOTAL
        ]


def progress(
    projects: pd.DataFrame, status: pd.DataFrame, assessment_year: int, county: str | None = None
) -> ProjectProgress:
    """The progress of the lines of ``county`` (all lines when None) at the end of the assessment year."""
    usable, late = _reported_by(status, assessment_year)
    scope = projects if county is None else projects[projects["county"] == county]
    late = late[late["project_id"].isin(scope["project_id"])]
    lines = status_lines(scope, usable, assessment_year)
    by = {key: rates(lines, key) for key in BREAKDOWNS}
    total = by["county"].iloc[-1].to_dict()
    return ProjectProgress(assessment_year, lines, total, by, late.reset_index(drop=True))
