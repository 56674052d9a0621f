"""Fixtures of the assess tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.assess.xlsx_parts import sheet_xml, workbook_bytes


@pytest.fixture
def xlsx(tmp_path):
    """Write a workbook of one or more sheets: ``xlsx({"观测值": rows}, name=…, dimension=…)``."""

    def write(sheets: dict[str, list[list]], name: str = "book.xlsx", dimension: str | None = None) -> Path:
        strings: list[str] = []
        xml = {title: sheet_xml(rows, dimension, strings) for title, rows in sheets.items()}
        path = tmp_path / name
        path.write_bytes(workbook_bytes(xml, strings))
        return path

    return write
