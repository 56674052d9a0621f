"""Numbers as the reports print them."""

from __future__ import annotations

import pandas as pd


def number_text(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
