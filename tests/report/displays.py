"""What a page displays, captured as the MIME bundles a notebook would store."""

from __future__ import annotations

import pytest
from IPython.display import HTML, Markdown


def capture_displays(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """The MIME bundles a page displays from now on, in order: ``text/markdown`` for Markdown,
    ``text/html`` for HTML and for the raw bundles of :mod:`xnplan.report.exhibits` (which carry
    ``text/plain`` too)."""
    shown: list[dict[str, str]] = []

    def display(*objs, raw: bool = False, **kwargs) -> None:
        for obj in objs:
            if raw:
                shown.append(dict(obj))
            elif isinstance(obj, Markdown):
                shown.append({"text/markdown": obj.data})
            elif isinstance(obj, HTML):
                shown.append({"text/html": obj.data})
            else:
                raise AssertionError(f"a page displayed {type(obj).__name__}, not Markdown or HTML")

    monkeypatch.setattr("IPython.display.display", display)
    return shown
