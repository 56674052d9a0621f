"""The target-gap report's tables and charts: the catalogue judged against evaluators' inputs.

The notebook only calls these functions. The arithmetic is in :mod:`xnplan.assess.gap`; this module picks
the observations each item is judged by, keeps city-wide and county results apart (county values are
never added up or averaged into a city-wide figure), and formats what is shown, writing 无数据 where
nothing was observed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from xnplan.assess import gap, inputs, templates
from xnplan.errors import InputValidationError
from xnplan.numbers import has_value
from xnplan.paths import ROOT
from xnplan.report import plots, present
from xnplan.schema import COUNTIES, GAP_RESULTS

CITY = inputs.CITY
NO_DATA = "无数据"
DASH = "—"

# A baseline that is not the plan's is marked where it is shown.
BASELINE_MARKS = {"evaluator": "(评估人提供)", "first_observation": "(首个观测值)"}


@dataclass(frozen=True)
class Inputs:
    observations: pd.DataFrame
    project_status: pd.DataFrame | None  # None when no status file was given


def read_inputs(observations: str | Path, project_status: str | Path, units: dict[str, str],
                project_ids: pd.Series) -> Inputs:
    """Validate both input files; one InputValidationError lists every problem of both.

    An empty path means "no file": no observations (everything 无数据) or no project progress.
    """
    problems: list[str] = []
    names: list[str] = []

    def read(path: str | Path, reader: Callable[[], pd.DataFrame]) -> pd.DataFrame | None:
        if not str(path).strip():
            return None
        try:
            return reader()
        except InputValidationError as exc:
            names.append(str(exc.path))
            problems.extend(f"{Path(exc.path).name}: {p}" for p in exc.problems)
            return None

    obs = read(observations, lambda: inputs.read_observations(observations, units))
    status = read(project_status, lambda: inputs.read_project_status(project_status, project_ids))
    if problems:
        raise InputValidationError(" and ".join(names), problems)
    if obs is None:
        obs = pd.DataFrame(columns=["indicator_id", "geography", "year", "value"])
    return Inputs(obs, status)


def resolve_input(path: str | Path) -> str | Path:
    """A notebook path parameter: relative paths are relative to the project root; '' stays ''.

    Only what ``xnplan check`` reads is an evaluator's input (:func:`inputs.name_problem`): any other
    file (``../../etc/passwd``) is refused by name before it is opened, so none of its content can
    reach a report or its error message.
    """
    if not str(path).strip():
        return ""
    path = Path(path)
    problem = inputs.name_problem(path)
    if problem:
        raise InputValidationError(path, [problem])
    return path if path.is_absolute() else ROOT / path


def markdown_code(text: str) -> str:
    """``text`` as a Markdown code span, whose content is never read as HTML. The fence is one
    backtick longer than any run of backticks in ``text`` (CommonMark), so a file name holding
    backticks cannot close the span early and put a tag of its own into the report."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# ---------------------------------------------------------------------------------------------
# Assessment


def _observations_of(obs: pd.DataFrame, obs_id: str, geography: str) -> list[gap.Observation]:
    """Values observed after the base year; 2020 values are baselines (see :func:`_baseline`)."""
    rows = obs[(obs["indicator_id"] == obs_id) & (obs["geography"] == geography)
               & (obs["year"] > inputs.BASE_YEAR) & obs["value"].notna()]
    return [gap.Observation(int(y), float(v)) for y, v in zip(rows["year"], rows["value"], strict=True)]


def _none_if_nan(value: object) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


@dataclass(frozen=True)
class Baseline:
    value: float | None
    origin: str  # "plan", "evaluator" or ""
    conflict: str  # the evaluator's 2020 value and source when it differs from the plan's


def _baseline(item, obs: pd.DataFrame, geography: str) -> Baseline:
    """The plan's 2020 value; where the plan states none, the evaluator's (marked as theirs).

    An evaluator's 2020 value that differs from the plan's is kept as a conflict to show; the plan's
    value is used.
    """
    plan_value = _none_if_nan(item.baseline)
    given = obs[(obs["indicator_id"] == item.observation_id) & (obs["geography"] == geography)
                & (obs["year"] == inputs.BASE_YEAR) & obs["value"].notna()]
    if given.empty:
        return Baseline(plan_value, "plan" if plan_value is not None else "", "")
    value, source = float(given["value"].iloc[0]), given["source"].iloc[0]
    if plan_value is None:
        return Baseline(value, "evaluator", "")
    if abs(value - plan_value) > 1e-9 * max(1.0, abs(plan_value)):
        return Baseline(plan_value, "plan", f"评估人提供的2020年值为{value:g}{item.unit}(来源:{source}),"
                                            f"与规划基期值{plan_value:g}{item.unit}不一致,采用规划值")
    return Baseline(plan_value, "plan", "")


def _judgement(obs: pd.DataFrame, obs_id: str, geography: str, assessment_year: int) -> tuple[str, str]:
    """The evaluator's latest judgement up to the assessment year: (class, reason with year and source)."""
    rows = obs[(obs["indicator_id"] == obs_id) & (obs["geography"] == geography)
               & (obs["judgement"].fillna("") != "") & (obs["year"] <= assessment_year)]
    if rows.empty:
        return "", ""
    last = rows.sort_values("year").iloc[-1]
    return last["judgement"], f"{last['judgement_reason']}({int(last['year'])}年;来源:{last['source']})"


def assess(catalogue: pd.DataFrame, obs: pd.DataFrame, assessment_year: int,
           thresholds: gap.Thresholds = gap.DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """One row per catalogue item city-wide (全市), plus one per item and county observed there.

    County rows are judged against the city-wide baseline and target, the only ones the plan gives.
    An evaluator's judgement is shown beside the computed class (columns ``judgement``,
    ``judgement_reason``) and never changes it.
    """
    obs = _with_judgement_columns(obs)
    county_keys = obs.loc[obs["geography"] != CITY, ["indicator_id", "geography"]].drop_duplicates()
    rows = []
    for item in catalogue.itertuples(index=False):
        observed_in = set(county_keys.loc[county_keys["indicator_id"] == item.observation_id, "geography"])
        geographies = [CITY] + [c for c in COUNTIES if c in observed_in]
        for geography in geographies:
            base = _baseline(item, obs, geography)
            result = gap.assess(
                target=_none_if_nan(item.target), baseline=base.value, baseline_origin=base.origin or "plan",
                observations=_observations_of(obs, item.observation_id, geography),
                assessment_year=assessment_year,
                deadline_year=int(item.deadline_year) if pd.notna(item.deadline_year) else gap.FINAL_YEAR,
                direction=int(item.direction), unit=item.unit, attribute=item.attribute,
                thresholds=thresholds)
            row = _row(item, geography, result, obs, base)
            row["judgement"], row["judgement_reason"] = _judgement(
                obs, item.observation_id, geography, assessment_year)
            rows.append(row)
    return GAP_RESULTS.validate(pd.DataFrame(rows))


def _with_judgement_columns(obs: pd.DataFrame) -> pd.DataFrame:
    """Observations read before judgements existed (or built by hand) get empty judgement columns."""
    missing = [c for c in ("judgement", "judgement_reason", "source") if c not in obs.columns]
    return obs.assign(**{c: "" for c in missing}) if missing else obs


def _row(item, geography: str, result: gap.Gap, obs: pd.DataFrame, base: Baseline) -> dict:
    used = obs[(obs["indicator_id"] == item.observation_id) & (obs["geography"] == geography)
               & (obs["year"] == result.t) & obs["value"].notna()] if result.t is not None else obs.iloc[0:0]
    first = used.iloc[0] if len(used) else None
    return {
        "geography": geography, "item_id": item.item_id, "kind": item.kind, "name": item.name,
        "unit": item.unit, "attribute": item.attribute, "target": _none_if_nan(item.target),
        "target_text": item.target_text, "deadline_year": item.deadline_year,
        "observation_id": item.observation_id, "eval_year": result.eval_year,
        # Unobserved items still show the baseline: 无数据 is about the observation only.
        "baseline": result.x0 if result.x0 is not None else base.value,
        "baseline_year": result.t0 if result.x0 is not None else (
            None if base.value is None else inputs.BASE_YEAR),
        "baseline_origin": result.baseline_origin or base.origin, "baseline_conflict": base.conflict,
        "observed": result.xt, "observed_year": result.t, "met": result.met,
        "share": result.share, "tau": result.tau, "ratio": result.ratio,
        "growth_ratio": result.growth_ratio, "annual_growth": result.annual_growth,
        "klass": result.klass, "flagged": result.flagged, "note": _note(result, geography),
        "projection": result.projection, "projected": result.projected,
        "value_as_given": None if first is None else first["value_as_given"],
        "unit_as_given": "" if first is None else first["unit_as_given"],
        "source": "" if first is None else first["source"],
        "reliability": "" if first is None else first["reliability"],
    }


def _note(result: gap.Gap, geography: str) -> str:
    notes = [result.note]
    if geography != CITY and result.baseline_origin == "plan":
        notes.append("县级观测值对照全市2020年基线" + ("" if result.klass == gap.NO_TARGET else "和全市目标"))
    if result.t is not None and result.t < result.eval_year:
        notes.append(f"最近观测为{result.t}年")
    return ";".join(notes)


# ---------------------------------------------------------------------------------------------
# Display


def _num(value: float | None, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    return f"{value:,.{decimals}f}"


def _decimals(unit: str) -> int:
    return 0 if unit.startswith("元") else 2


def text_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The cells of ``columns`` as the report writes them: a value without its unit (the unit is in
    the 单位 column) and without its year (years have their own columns), 无数据 where nothing was
    observed, — where a figure cannot be given, words where a ratio means nothing
    (:func:`pace_cells`). :func:`display_table` gives the page's form."""
    records = frame.to_dict("records")
    return pd.DataFrame({column: [_cell(column, row) for row in records] for column in columns},
                        columns=columns)



def _year(value: object) -> str:
    return str(int(value)) if has_value(value) else DASH


# The value part of a target as the catalogue writes it (≥60%(2025年) → ≥60): sign and number.
_TARGET_VALUE = re.compile(r"[≥≤]?[0-9][0-9.,]*")

NOT_APPLICABLE = "不适用"
BASELINE_MET = "基线已达标"
BEYOND_TARGET = "已超过目标"


@dataclass(frozen=True)
class PaceCells:
    """P, R and the growth-rate ratio as a table shows them, and the note that keeps their numbers."""

    share: str  # 完成进度P(%)
    ratio: str  # 进度比R
    growth_ratio: str  # 增速比
    note: str  # the numbers shown as words above, for the 说明 column or a note under the table


def pace_cells(row: dict) -> PaceCells:
    """The progress figures of one result, in words where the method makes the ratio meaningless.

    - Baseline already meets the target (the method's met-test-only case: a baseline, a target and an
      observation, but no P): P = (xt − x0)/(T − x0) measures nothing, because there was no distance
      to cover (T12: 100% in 2020 against a target of 70%). P shows 基线已达标, R and the growth ratio
      不适用; the note gives the formula's value where T ≠ x0.
    - Target met and P above 100%: the class (已完成) says all there is; how far beyond 100% P goes
      depends on how short the planned distance was (the 13th plan's 农村特困供养标准: 6,886 → 7,090
      planned, 11,020 reached, P = 2026.5%), not on pace. P shows 已超过目标, R and the growth ratio
      不适用; the note keeps P, R and the growth ratio.
    Everything else shows its number (— when there is none), including P below 0 (倒退).
    """
    share, ratio, growth = (row.get(k) for k in ("share", "ratio", "growth_ratio"))
    numbers = PaceCells(_num(None if not has_value(share) else share * 100), _num(ratio, 2),
                        _num(growth, 2), "")
    baseline, target, observed = row.get("baseline"), row.get("target"), row.get("observed")
    if has_value(baseline) and has_value(target) and has_value(observed) and not has_value(share):
        note = f"基线{_num(baseline, _decimals(row['unit']))}已达到目标{_num(target, _decimals(row['unit']))}"
        if target != baseline:
            formula = (observed - baseline) / (target - baseline) * 100
            note += f",按公式完成进度P为{formula:.1f}%,无意义"
        return PaceCells(BASELINE_MET, NOT_APPLICABLE, NOT_APPLICABLE, note)
    if row.get("met") is True and has_value(share) and share > 1:
        parts = [f"完成进度P={share * 100:.1f}%"] + ([f"进度比R={ratio:.2f}"] if has_value(ratio) else []) + (
            [f"增速比={growth:.2f}"] if has_value(growth) else [])
        return PaceCells(BEYOND_TARGET, NOT_APPLICABLE, NOT_APPLICABLE,
                         "、".join(parts) + "(已达到目标,超过100%的部分不表示进度)")
    return numbers


def pace_notes(frame: pd.DataFrame) -> str:
    """The numbers :func:`pace_cells` shows as words, one per row of ``frame`` ('地域 编号：…'), for the
    note under a table that has no 说明 column; '' when every figure is shown as a number."""
    notes = [(row["geography"], row["item_id"], pace_cells(row).note) for row in frame.to_dict("records")]
    return "；".join(f"{g} {i}：{n}" for g, i, n in notes if n)


# Reliability as the observation files write it → the label the report shows. The published file
# (data/raw/observations/observations_public.csv) describes its copies in English; the template's
# drop-down list (xnplan.assess.templates.RELIABILITY) is Chinese already and is shown as it is.
RELIABILITY_LABELS = {
    "mirror of municipal news": "市级新闻(镜像网页转载)",
    "third-party reproduction of the city notice": "市政府通知(第三方网站转载)",
    "official county site": "县级政府网站",
    "county civil-affairs site": "县级民政部门网站",
    "municipal news (咸宁网)": "市级新闻(咸宁网)",
    **{label: label for label in templates.RELIABILITY},
}


def reliability_label(value: object) -> str:
    """The Chinese label of a reliability; a value outside the vocabulary is shown as it is."""
    if not has_value(value):
        return ""
    return RELIABILITY_LABELS.get(str(value).strip(), str(value).strip())


# A source is "title …, URL" or "title …, mirrored at URL": the title goes in the page's source
# list with the address as its link.
_URL = re.compile(r"https?://\S+")
_COPY_WORDS = re.compile(r"[,，]?\s*(mirrored at|reproduced at)?\s*$")


def source_parts(source: str) -> tuple[str, str | None]:
    """(title, URL or None) of an observation's source; a source without an address stays whole."""
    found = _URL.search(source)
    if found is None:
        return source.strip(), None
    title = _COPY_WORDS.sub("", source[:found.start()]).strip()
    return title or found.group(0), found.group(0).rstrip(".,;，。")


def _cell(column: str, row: dict) -> str:
    d = _decimals(row["unit"])
    if column == "target_value":
        found = _TARGET_VALUE.match(str(row.get("target_text", "")))
        return found.group(0) if found else str(row.get("target_text") or DASH)
    if column == "target_year":
        return _year(row["deadline_year"]) if has_value(row.get("target")) else DASH
    if column == "baseline_value":
        if not has_value(row["baseline"]):
            return "规划未给出"
        return _num(row["baseline"], d) + BASELINE_MARKS.get(row["baseline_origin"], "")
    if column == "baseline_year":
        return _year(row["baseline_year"])
    if column == "observed_value":
        return NO_DATA if not has_value(row["observed"]) else _num(row["observed"], d)
    if column == "observed_year":
        return _year(row["observed_year"])
    if column == "as_published":
        if not has_value(row["value_as_given"]):
            return DASH
        return f"{row['value_as_given']:g}{row['unit_as_given']}"
    if column in ("share_pct", "ratio", "growth_ratio"):
        pace = pace_cells(row)
        return {"share_pct": pace.share, "ratio": pace.ratio, "growth_ratio": pace.growth_ratio}[column]
    if column == "expected_pct":
        return _num(None if row["tau"] is None else row["tau"] * 100)
    if column == "annual_growth_pct":
        return _num(None if row["annual_growth"] is None else row["annual_growth"] * 100, 2)
    if column == "change":
        if not has_value(row["observed"]) or not has_value(row["baseline"]):
            return DASH
        return f"{row['observed'] - row['baseline']:+,.{d}f}"
    if column == "change_pct":
        if not has_value(row["observed"]) or not has_value(row["baseline"]) or not row["baseline"]:
            return DASH
        return f"{(row['observed'] - row['baseline']) / row['baseline'] * 100:+.1f}"
    if column == "flag_text":
        return "⚠ 预警" if row["flagged"] else ""
    if column == "note":
        # A bare 无数据 repeats the observed-value cell; a reason (无数据:…晚于评估年份) is kept.
        parts = [p for p in str(row.get("note") or "").split(";") if p and p != NO_DATA]
        return ";".join(parts + ([pace_cells(row).note] if pace_cells(row).note else []))
    if column == "reliability":
        return reliability_label(row["reliability"])
    value = row[column]
    return "" if not has_value(value) else str(value)


def display_table(frame: pd.DataFrame, columns: list[str],
                  cite: Callable[[str, str | None], str] | None = None) -> pd.DataFrame:
    """:func:`text_columns` under the page's headers (present.GAP). A year column whose rows share one
    year goes into its value's header (基线值(2020年)); one with no year at all is left out. A
    unit column whose rows share one unit goes into the value headers the same way. ``cite``
    (``Exhibits.ref``) turns the source column into the source's number on the page."""
    text = text_columns(frame, columns)
    if cite is not None and "source" in text.columns:
        text["source"] = [cite(*source_parts(s)) if has_value(s) and str(s).strip() else ""
                          for s in frame["source"]]
    headers = {c: present.GAP[c][0] for c in columns}
    for value, year in (("baseline_value", "baseline_year"), ("observed_value", "observed_year"),
                        ("target_value", "target_year")):
        if year not in text.columns:
            continue
        years = set(text[year]) - {DASH}
        if len(years) <= 1:
            text = text.drop(columns=year)
            if years and value in text.columns:
                headers[value] = f"{headers[value]}({years.pop()}年)"
    if "unit" in text.columns and text["unit"].nunique() == 1:
        shared = text["unit"].iloc[0]
        text = text.drop(columns="unit")
        for value in ("target_value", "baseline_value", "observed_value", "change"):
            if value in text.columns:
                headers[value] = headers[value].replace("(", f"({shared},", 1) if "(" in headers[value] \
                    else f"{headers[value]}({shared})"
    return text.rename(columns=headers)


ITEMS = plots.Unit("项")


@dataclass(frozen=True)
class Sections:
    """The rows of the results each part of the report shows; county rows are never added into city ones."""

    city: pd.DataFrame  # every item, city-wide
    county: pd.DataFrame  # item × county pairs the observations cover
    binding: pd.DataFrame  # 约束性 items, city-wide and in the counties
    county_with_target: pd.DataFrame  # county pairs judged against a target
    county_without_target: pd.DataFrame  # standards without a 14th-plan target: change only
    items_without_target: list[str]  # their item IDs, once each, in order of first appearance


def sections(results: pd.DataFrame) -> Sections:
    """Split the results (:func:`assess`) into the report's sections."""
    county = results[results["geography"] != CITY]
    without = county[county["klass"] == gap.NO_TARGET]
    return Sections(city=results[results["geography"] == CITY], county=county,
                    binding=results[results["attribute"] == "约束性"],
                    county_with_target=county[county["klass"] != gap.NO_TARGET],
                    county_without_target=without,
                    items_without_target=list(dict.fromkeys(without["item_id"])))


def class_counts(results: pd.DataFrame) -> pd.DataFrame:
    """Items per class city-wide and item × county pairs per class, in the order of gap.CLASSES."""
    city = results.loc[results["geography"] == CITY, "klass"].value_counts()
    county = results.loc[results["geography"] != CITY, "klass"].value_counts()
    classes = [k for k in gap.CLASSES if k in city or k in county]
    return pd.DataFrame({"全市": [int(city.get(k, 0)) for k in classes],
                         "县市区": [int(county.get(k, 0)) for k in classes]}, index=classes)


def conclusion(results: pd.DataFrame, assessment_year: int) -> str:
    """The landing page's line: the city-wide items by 评估结论 (classes nobody got left out), and the
    binding items flagged, if any: "2023年：全市73项指标和目标中，无法评估67项、无目标6项"."""
    city = results[results["geography"] == CITY]
    if city.empty:
        return f"{assessment_year}年：全市没有纳入评估的指标和目标"
    counts = class_counts(results)["全市"]
    parts = "、".join(f"{klass}{n}项" for klass, n in counts.items() if n)
    text = f"{assessment_year}年：全市{len(city)}项指标和目标中，{parts}"
    flagged = int(city["flagged"].sum())
    return f"{text}；约束性预警{flagged}项" if flagged else text


def pace_chart(frame: pd.DataFrame, title: str) -> Figure | None:
    """Share of the distance covered against share of time elapsed, per item with both and a P that
    means something (:func:`pace_cells`: not for a target met at baseline or passed); None if none."""
    rows = frame[frame["share"].notna() & frame["tau"].notna()]
    rows = rows[[not pace_cells(row).note for row in rows.to_dict("records")]]
    if rows.empty:
        return None
    labels = [f"{g}·{i}" if g != CITY else i for g, i in zip(rows["geography"], rows["item_id"], strict=True)]
    data = pd.DataFrame({"完成进度P": (rows["share"] * 100).to_numpy(),
                         "时间进度τ": (rows["tau"] * 100).to_numpy()}, index=labels)
    return plots.grouped_hbar(data, title=title, xlabel="进度", unit=plots.PCT)


def trajectory_chart(catalogue: pd.DataFrame, obs: pd.DataFrame, item_ids: list[str],
                     assessment_year: int, title: str) -> Figure | None:
    """Observed values by county and year against the city-wide 2020 baseline, one panel per item.

    Only observations up to the assessment year are drawn; county values are not joined into a
    city-wide line.
    """
    items = catalogue.set_index("item_id").loc[item_ids]
    shown = obs[obs["indicator_id"].isin(items["observation_id"]) & (obs["year"] <= assessment_year)]
    if shown.empty:
        return None
    plots.use_style()
    fig = Figure(figsize=(4.2 * len(item_ids), 4.6), layout="constrained")
    axes = fig.subplots(1, len(item_ids), squeeze=False)[0]
    counties = [c for c in (CITY, *COUNTIES) if c in set(shown["geography"])]
    palette = dict(zip(counties, sns.color_palette("deep", n_colors=len(counties)), strict=True))
    markers = "osD^vP*X"
    # Counties often share a standard: side-by-side offsets keep equal values visible.
    offsets = {c: (i - (len(counties) - 1) / 2) * 0.07 for i, c in enumerate(counties)}
    for ax, (item_id, item) in zip(axes, items.iterrows(), strict=True):
        data = shown[shown["indicator_id"] == item["observation_id"]]
        if pd.notna(item["baseline"]):
            ax.axhline(item["baseline"], color=plots.MUTED_COLOR, linestyle="--", linewidth=1.2)
            ax.annotate(f"全市2020年 {item['baseline']:,.0f}", (2020, item["baseline"]),
                        textcoords="offset points", xytext=(2, 4), fontsize=8, color="#555555")
        for i, county in enumerate(counties):
            rows = data[data["geography"] == county].sort_values("year")
            ax.plot(rows["year"] + offsets[county], rows["value"], marker=markers[i % len(markers)],
                    color=palette[county], label=county)
        # A panel heading, not an axes title: the page shows the chart without its titles (the
        # caption carries the chart's), and the panels must still say which standard they show.
        ax.text(0.5, 1.02, plots.wrap(f"{item_id} {item['name']}", 14), transform=ax.transAxes, ha="center",
                va="bottom", fontsize=11)
        ax.set_ylabel(f"标准({item['unit']})" if item["unit"].startswith("元") else item["unit"])
        ax.set_xticks(np.arange(2020, assessment_year + 1))
        ax.set_xlim(2019.6, assessment_year + 0.4)
        ax.yaxis.set_major_formatter(plots.PLAIN_TICKS)
    axes[-1].legend(loc="upper left", bbox_to_anchor=(1.02, 1), frameon=True, fontsize=9)
    fig.suptitle(title, fontsize=13)
    return fig


# ---------------------------------------------------------------------------------------------
# Project progress

STATUS_ORDER = ["completed", "in_progress", "planned", "cancelled", ""]


def project_progress(projects: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """Every project of 附件2 with its reported status ('' = not reported) and reported investment."""
    merged = projects[["project_id", "county", "category", "name", "units", "investment_wan"]].merge(
        status[["project_id", "status", "invested_wan", "as_of"]], on="project_id", how="left")
    merged["status"] = merged["status"].fillna("")
    merged["status_label"] = merged["status"].map(inputs.PROJECT_STATUS_LABELS)
    return merged


@dataclass(frozen=True)
class Progress:
    """Project progress as the report shows it."""

    lines: pd.DataFrame  # every line of 附件2 with its reported status (:func:`project_progress`)
    by_status: pd.DataFrame  # :func:`progress_by` status
    by_county: pd.DataFrame  # :func:`completion_shares` per county
    by_category: pd.DataFrame  # :func:`completion_shares` per category


def progress(projects: pd.DataFrame, status: pd.DataFrame) -> Progress:
    """The status of every line and the tables of the report's project-progress section."""
    lines = project_progress(projects, status)
    return Progress(lines=lines, by_status=progress_by(lines), by_county=completion_shares(lines, "county"),
                    by_category=completion_shares(lines, "category"))


def progress_by(merged: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Lines, facility units, planned and reported investment by status (and by ``by``)."""
    keys = ([by] if by else []) + ["status_label"]
    table = merged.groupby(keys, sort=False).agg(
        lines=("project_id", "size"), units=("units", "sum"), investment_wan=("investment_wan", "sum"),
        invested_wan=("invested_wan", "sum")).reset_index()
    order = {inputs.PROJECT_STATUS_LABELS[s]: i for i, s in enumerate(STATUS_ORDER)}
    table["_o"] = table["status_label"].map(order)
    return table.sort_values(([by] if by else []) + ["_o"]).drop(columns="_o").reset_index(drop=True)


def completion_shares(merged: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Share completed (%) by count, facility units and planned investment."""
    def shares(frame: pd.DataFrame) -> pd.Series:
        done = frame["status"] == "completed"
        return pd.Series({
            "lines": len(frame), "completed_lines": int(done.sum()),
            "completed_lines_pct": done.mean() * 100,
            "completed_units_pct": frame.loc[done, "units"].sum() / frame["units"].sum() * 100,
            "completed_investment_pct": frame.loc[done, "investment_wan"].sum()
            / frame["investment_wan"].sum() * 100,
            "reported_pct": (frame["status"] != "").mean() * 100})
    if by is None:
        return shares(merged).to_frame().T
    return merged.groupby(by, sort=False)[list(merged.columns)].apply(shares).reset_index()



# ---------------------------------------------------------------------------------------------
# Report text and display tables


def intro(catalogue: pd.DataFrame, data: Inputs, results: pd.DataFrame, assessment_year: int,
          observations: str | Path) -> str:
    """The report's opening paragraph: what is judged, against which data, at which point in time."""
    kinds = catalogue["kind"].value_counts()
    parts = "、".join(f"{k} {n} 项" for k, n in kinds.items())
    tau = gap.time_elapsed(assessment_year)
    text = (f"本报告把规划中的 {len(catalogue)} 项指标和目标（{parts}）与观测值相比较。"
            f"评估以 {assessment_year} 年末为准：2025 年到期的目标时间进度 "
            f"τ = ({assessment_year} − 2020)/(2025 − 2020) = {tau:.0%}；"
            "2022 年底前到期的目标按 2022 年判断。")
    obs = data.observations
    if not str(observations).strip():
        return text + "未提供观测值文件：所有指标均为“无数据”。"
    used = obs[obs["year"] <= assessment_year]
    in_city = int((obs["geography"] == CITY).sum())
    text += (f"\n\n观测值文件 {markdown_code(Path(str(observations)).name)} 有 {len(obs)} 个观测值（全市 "
             f"{in_city} 个，县市区 {len(obs) - in_city} 个），"
             f"其中 {len(used)} 个的年份不晚于 {assessment_year} 年，可用于本次评估。")
    judged = results[results["observed"].notna()]
    text += (f"全市层面有观测值的指标和目标 {int((judged['geography'] == CITY).sum())} 项；"
             f"县市区层面有观测值的 {int((judged['geography'] != CITY).sum())} 项（指标 × 县市区）。")
    return text


def sources_table(obs: pd.DataFrame, cite: Callable[[str, str | None], str]) -> pd.DataFrame:
    """The publications the observations come from, each by its number on the page (``cite``, i.e.
    ``Exhibits.ref``), with its reliability in Chinese and what it covers."""
    grouped = obs.groupby(["source", "reliability"], sort=False).agg(
        indicators=("indicator_id", lambda s: "、".join(dict.fromkeys(s))),
        years=("year", lambda s: "、".join(str(y) for y in sorted(set(s)))),
        values=("value", "size")).reset_index()
    titles = [source_parts(s) for s in grouped["source"]]
    return pd.DataFrame({"来源": [f"{cite(t, u)} {t}" for t, u in titles],
                         "可靠性": grouped["reliability"].map(reliability_label),
                         "指标": grouped["indicators"], "年份": grouped["years"],
                         "观测值(个)": grouped["values"].astype(str)})


def counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"评估结论": counts.index, "全市(项)": counts["全市"].to_numpy(),
                         "县市区(项·县)": counts["县市区"].to_numpy()})


def binding_text(binding: pd.DataFrame) -> str:
    city = binding[binding["geography"] == CITY]
    flagged = binding[binding["flagged"]]
    no_data = city[city["klass"] == gap.NO_ASSESSMENT]
    text = f"全市约束性指标 {len(city)} 项，其中 {len(no_data)} 项无数据，无法评估。"
    if len(flagged):
        text += "预警：" + "；".join(f"{g} {i}（{k}）" for g, i, k in zip(
            flagged["geography"], flagged["item_id"], flagged["klass"], strict=True)) + "。"
    else:
        text += "在有观测值的约束性指标中，没有需要预警的。"
    return text


def county_text(county: pd.DataFrame, assessment_year: int) -> str:
    if county.empty:
        return "观测值文件中没有县市区的观测值。"
    observed = county.groupby("observation_id", sort=False)["geography"].apply(
        lambda s: "、".join(dict.fromkeys(s)))
    text = "有县市区观测值的指标：" + "；".join(f"{i}（{g}）" for i, g in observed.items()) + "。"
    late = county[county["observed"].isna()]
    if len(late):
        text += (f"其中 {'、'.join(dict.fromkeys(late['geography'] + ' ' + late['item_id']))} 的观测值晚于 "
                 f"{assessment_year} 年，不用于本次评估，记为无数据。")
    return text


def progress_text(progress: pd.DataFrame) -> str:
    reported = progress[progress["status"] != ""]
    done = progress[progress["status"] == "completed"]
    return (f"项目库共 {len(progress)} 行，报告了实施状态的 {len(reported)} 行，其中已建成 {len(done)} 行、"
            f"{int(done['units'].sum())} 个设施、估算投资 {plots.fmt_wan(done['investment_wan'].sum())}。"
            "未报告状态的项目记为“未报告”，不推定为未开工。")


def progress_chart(progress: pd.DataFrame, by: str, title: str) -> Figure:
    matrix = progress.pivot_table(index=by, columns="status_label", values="investment_wan", aggfunc="sum",
                                  fill_value=0.0, sort=False)
    labels = inputs.PROJECT_STATUS_LABELS
    order = [labels[s] for s in STATUS_ORDER if labels[s] in matrix.columns]
    matrix = matrix[order]
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False).index]
    # 万元, as every table of the page: one money unit per page
    return plots.stacked_hbar(matrix, title=title, xlabel="估算总投资", unit=plots.WAN)
