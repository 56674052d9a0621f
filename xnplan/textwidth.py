"""How wide a line of text shows where a Chinese character takes the room of two Latin ones: in a
terminal's columns, and in Excel's character units (:mod:`xnplan.spreadsheet`), which count alike."""

from __future__ import annotations

import unicodedata


def display_width(line: str) -> int:
    """Columns ``line`` takes: two for a wide or full-width character (Chinese, full-width
    punctuation), one otherwise."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
