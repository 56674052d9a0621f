"""The indicator catalogue as the assessment reads it: its observation keys, and a trial rebuild.

The catalogue is built with the other tables (:mod:`xnplan.parse.catalogue`) and stored as
``plan.catalogue``; the assessment reads that table. This module checks the ids observations are
filed under, and rebuilds the catalogue with other curated decisions to try a change out.
"""

from __future__ import annotations

import pandas as pd

from xnplan.errors import CatalogueError
from xnplan.parse import catalogue as builder
from xnplan.plan import Plan


def rebuilt_with(plan: Plan, curated: pd.DataFrame) -> pd.DataFrame:
    """The catalogue rebuilt from the plan's tables with the ``curated`` decisions instead of the
    file's, to try out a change of the curated file (the stored one is ``plan.catalogue``)."""
    return builder.build_catalogue(
        plan.indicators_13th, plan.indicators_14th, plan.targets, plan.baselines, curated
    )


def observation_units(catalogue: pd.DataFrame) -> dict[str, str]:
    """Every id an observation may be filed under, with the unit its values are converted to."""
    units: dict[str, str] = {}
    for obs_id, unit in zip(catalogue["observation_id"], catalogue["unit"], strict=True):
        if units.setdefault(obs_id, unit) != unit:
            raise CatalogueError(
                f"catalogue: observation id {obs_id} is used with two units "
                f"({units[obs_id]} and {unit}); fix the curated catalogue"
            )
    return units
