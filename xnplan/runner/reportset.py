"""The report set: every notebook × parameter set that ``xnplan reports`` builds, declared here only.

Each :class:`ReportSpec` names its notebook, its parameters, an ASCII slug for file names (Chinese
stays in the title), and the input files it reads. The inputs feed the cache key: a report is rebuilt
when one of them changes, and only then, so they must list everything the notebook reads besides the
library itself (whose source is hashed separately).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xnplan import facts
from xnplan.errors import ParameterError, ReportSetError, XnplanError
from xnplan.geo import COUNTY_SLUGS, resolve_county

# Inputs every notebook reads: the plan text (the tables' source), the processed tables written by
# `xnplan build`, and the curated reference files directly in data/raw/ (gazetteer, census). The glob
# is not recursive, so evaluators' files in data/raw/observations/ only affect the reports that read them.
# plan.xlsx is left out: it is an export for people and no notebook reads it.
COMMON_INPUTS: tuple[str, ...] = (
    "data/raw/*.txt",
    "data/raw/*.csv",
    "data/processed/*.csv",
    "data/processed/*.parquet",
    "data/processed/*.json",
)
# The vendored county boundaries (a subfolder, so not in the globs above) are read only by the
# notebooks that draw the county maps; a changed boundary file rebuilds those reports.
BOUNDARY_INPUTS: tuple[str, ...] = ("data/raw/boundaries/*",)
MAP_INPUTS: tuple[str, ...] = COMMON_INPUTS + BOUNDARY_INPUTS

# Evaluators' inputs for the target-gap reports (docs/target_gap.md#input-files), relative to the root.
OBSERVATIONS = "data/raw/observations/observations_public.csv"
PROJECT_STATUS = ""  # no status file by default: the gap notebook reports project progress as unknown


# The landing page's sections, in this order. baseline_review is an assessment: it judges the 13th
# plan's printed 完成 with the method the target-gap reports apply to the 14th plan, and a reader
# looking for how targets fared finds it beside them (its prose-vs-table checks are a second part).
OVERVIEW, COUNTIES_GROUP, ASSESSMENT, DATA_QUALITY = "总览", "分县市区", "评估", "数据质量"
GROUPS: tuple[str, ...] = (OVERVIEW, COUNTIES_GROUP, ASSESSMENT, DATA_QUALITY)


@dataclass(frozen=True)
class ReportSpec:
    """One report: a notebook run with one parameter set.

    ``inputs`` are glob patterns relative to the project root. ``path_parameters`` names the
    parameters whose values are paths relative to the project root: the runner passes them to the
    notebook as absolute paths (the kernel runs in notebooks/) and adds the files to the inputs.
    An empty path parameter means "no file". ``group`` is the landing page's section (GROUPS).
    """

    notebook: str
    slug: str
    title: str
    parameters: Mapping[str, object] = field(default_factory=dict)
    inputs: tuple[str, ...] = COMMON_INPUTS
    path_parameters: tuple[str, ...] = ()
    group: str = OVERVIEW

    def __post_init__(self) -> None:
        if self.group not in GROUPS:
            raise ReportSetError(
                f"report {self.slug}: group {self.group!r} is not one of {', '.join(GROUPS)}"
            )

    def describe(self) -> str:
        """``notebook(county=通山县)``: how the summary and error messages name a run."""
        args = ", ".join(f"{k}={v}" for k, v in self.parameters.items())
        return f"{self.notebook}({args})" if args else self.notebook


def default_report_set() -> list[ReportSpec]:
    """The reports `xnplan reports` builds; the index lists them by group, in this order within one."""
    return [*_overview_reports(), *_county_reports(), *_assessment_reports()]


def _with_evaluator_files(
    notebook: str, slug: str, title: str, assessment_year: int, group: str
) -> ReportSpec:
    """A report of one assessment year that reads the evaluator's observations and project status."""
    return ReportSpec(
        notebook,
        slug,
        title,
        parameters={
            "assessment_year": assessment_year,
            "observations": OBSERVATIONS,
            "project_status": PROJECT_STATUS,
        },
        inputs=MAP_INPUTS,
        path_parameters=("observations", "project_status"),
        group=group,
    )


def _overview_reports() -> list[ReportSpec]:
    """The city-wide pages and the data-quality page."""
    return [
        # First: the page that answers "which county lags", linked first from the landing page.
        _with_evaluator_files(
            "county_comparison",
            "county_comparison",
            "县市区对比：项目投资、人均投资、社会救助标准与评估结果",
            2025,
            OVERVIEW,
        ),
        ReportSpec(
            "plan_overview",
            "plan_overview",
            "规划项目库总览（投资按类别与县市区）",
            inputs=MAP_INPUTS,
            group=OVERVIEW,
        ),
        ReportSpec("data_quality", "data_quality", "数据质量：规划文本的核对结果", group=DATA_QUALITY),
    ]


def _county_reports() -> list[ReportSpec]:
    """One investment page per county."""
    return [
        ReportSpec(
            "county_investment",
            f"county_investment-{slug}",
            f"{county}项目投资分析",
            parameters={"county": county},
            group=COUNTIES_GROUP,
        )
        for county, slug in COUNTY_SLUGS.items()
    ]


def _assessment_reports() -> list[ReportSpec]:
    """One target-gap page per assessment year, then the review of the 13th plan's baselines."""
    gaps = [
        _with_evaluator_files(
            "target_gap", f"target_gap-{year}", f"{year}年{label}：指标目标差距", year, ASSESSMENT
        )
        for year, label in facts.ASSESSMENT_LABELS.items()
    ]
    review = ReportSpec(
        "baseline_review", "baseline_review", "“十三五”目标完成情况与基数核对", group=ASSESSMENT
    )
    return [*gaps, review]


def _resolve_county(value: str) -> str:
    """Accept the aliases of xnplan.geo (Tongshan, 通山 …)."""
    try:
        return str(resolve_county(value))
    except XnplanError:  # an unknown name: the caller lists the valid values
        return value


def select(specs: list[ReportSpec], filters: list[str]) -> list[ReportSpec]:
    """The reports matching ``--only`` filters; raises ParameterError listing what exists.

    A filter is ``NAME`` (a notebook or a report slug), ``notebook=NAME``, ``slug=SLUG`` or
    ``PARAMETER=VALUE`` (``county=通山县``, ``county=Tongshan``, ``assessment_year=2025``). Filters on
    the same field widen the selection (either value); filters on different fields narrow it.
    """
    if not filters:
        return list(specs)
    notebooks = sorted({s.notebook for s in specs})
    slugs = [s.slug for s in specs]
    wanted: dict[str, set[str]] = {}
    for text in filters:
        field_name, sep, value = (part.strip() for part in text.partition("="))
        if not sep:
            field_name, value = ("notebook", field_name) if field_name in notebooks else ("slug", field_name)
        wanted.setdefault(field_name, set()).add(_check(specs, field_name, value, notebooks, slugs))
    chosen = [s for s in specs if all(_field(s, name) in values for name, values in wanted.items())]
    if not chosen:
        raise ParameterError(f"no report matches all of --only {' '.join(filters)}")
    return chosen


def _field(spec: ReportSpec, name: str) -> str | None:
    if name == "notebook":
        return spec.notebook
    if name == "slug":
        return spec.slug
    return str(spec.parameters[name]) if name in spec.parameters else None


def _check(specs: list[ReportSpec], name: str, value: str, notebooks: list[str], slugs: list[str]) -> str:
    """The filter value as stored in the specs, or a ParameterError naming the valid values."""
    if name == "notebook" and value not in notebooks:
        raise ParameterError(f"--only: unknown notebook {value!r}; notebooks: {', '.join(notebooks)}")
    if name == "slug" and value not in slugs:
        raise ParameterError(
            f"--only: {value!r} is neither a notebook nor a report; "
            f"notebooks: {', '.join(notebooks)}; reports: {', '.join(slugs)}"
        )
    if name in ("notebook", "slug"):
        return value
    params = sorted({p for s in specs for p in s.parameters})
    if name not in params:
        raise ParameterError(
            f"--only: unknown field {name!r}; use notebook=, slug= or a parameter: {', '.join(params)}"
        )
    values = list(dict.fromkeys(str(s.parameters[name]) for s in specs if name in s.parameters))
    if name == "county":
        value = _resolve_county(value)
    if value not in values:
        raise ParameterError(f"--only: unknown {name} {value!r}; valid values: {', '.join(values)}")
    return value
