"""The indicator catalogue as the assessment reads it: the ids observations are filed under.

The catalogue is built with the other tables (:mod:`xnplan.parse.catalogue`) and stored as
``plan.catalogue``; the assessment reads that table.
"""

from __future__ import annotations

import pandas as pd

from xnplan.errors import CatalogueError


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
