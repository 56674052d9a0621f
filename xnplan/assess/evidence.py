"""The evaluator's files read once into an :class:`~xnplan.assess.assessment.Evidence`.

Both files are checked together: one InputValidationError lists every problem of both, and nothing
is built from a file with a problem. The evidence then serves the whole run: ``xnplan assess`` hands
the HTML notebook a private copy (:func:`save`, :func:`load`), never the evaluator's path again, so
the page, the Word document and the Excel table are made from the same bytes even if the file is
saved again meanwhile.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from xnplan.assess import inputs
from xnplan.assess.assessment import Evidence
from xnplan.assess.catalogue import observation_units
from xnplan.errors import InputValidationError
from xnplan.plan import Plan

EMPTY_OBSERVATIONS = pd.DataFrame(columns=inputs.OBSERVATION_FRAME_COLUMNS).astype(
    {"year": "int64", "value": "float64", "value_as_given": "float64"}
)


EVALUATOR = "评估人提供"


def read_evidence(
    plan: Plan, observations: str | Path | None, project_status: str | Path | None, provider: str = ""
) -> Evidence:
    """Validate both files; ``None`` or "" means "no file" (no observations: everything 无数据).

    ``provider`` says whose the figures are (评估人提供), for the report to name them in words; the
    files' names are never shown.
    """
    problems: list[str] = []
    names: list[str] = []

    def read(path: str | Path | None, reader: Callable[[Path], pd.DataFrame]) -> pd.DataFrame | None:
        if path is None or not str(path).strip():
            return None
        try:
            return reader(Path(path))
        except InputValidationError as exc:
            names.append(str(exc.path))
            problems.extend(f"{Path(str(exc.path)).name}: {p}" for p in exc.problems)
            return None

    units = observation_units(plan.catalogue)
    obs = read(observations, lambda p: inputs.read_observations(p, units))
    ids = plan.projects["project_id"]
    planned = dict(zip(ids, plan.projects["investment_wan"], strict=True))
    status = read(project_status, lambda p: inputs.read_project_status(p, ids, planned))
    if problems:
        raise InputValidationError(" 和 ".join(names), problems)
    return Evidence(
        observations=EMPTY_OBSERVATIONS.copy() if obs is None else obs,
        project_status=status,
        observations_label=f"{provider}的观测值" if provider and obs is not None else "",
        project_status_label=f"{provider}的项目进展" if provider and status is not None else "",
    )


def save(evidence: Evidence, folder: Path) -> Path:
    """A private copy of the evidence in ``folder`` (Parquet and a JSON of the labels)."""
    folder.mkdir(parents=True, exist_ok=True)
    evidence.observations.to_parquet(folder / "observations.parquet", index=False)
    if evidence.project_status is not None:
        evidence.project_status.to_parquet(folder / "project_status.parquet", index=False)
    (folder / "labels.json").write_text(
        json.dumps(
            {"observations": evidence.observations_label, "project_status": evidence.project_status_label},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return folder


def load(folder: str | Path) -> Evidence:
    """The evidence :func:`save` wrote."""
    folder = Path(folder)
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    status = folder / "project_status.parquet"
    return Evidence(
        pd.read_parquet(folder / "observations.parquet"),
        pd.read_parquet(status) if status.exists() else None,
        labels["observations"],
        labels["project_status"],
    )
