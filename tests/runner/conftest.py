"""The ``linked_files_missing`` fixture: the links of a page that lead nowhere, for the tests of any page.

Every relative ``href``/``src`` must name a file that exists beside the page (a copy of reports/
is handed over as it is), and every ``#id`` link must name an element of the same page. Absolute
URLs (``https:``, ``mailto:``, ``data:`` …) are not files; xnplan.htmlpage.external_references
judges those.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)


def links_missing(html_path: Path) -> list[str]:
    """The links of the page at ``html_path`` (as written) whose file or in-page target is missing."""
    parser = _Links()
    parser.feed(Path(html_path).read_text(encoding="utf-8"))
    missing = []
    for link in parser.links:
        if _SCHEME.match(link) or link.startswith("//"):
            continue
        parts = urlsplit(link)
        if not parts.path:
            # As browsers do: the fragment as written, else decoded (nbconvert writes its heading ids
            # percent-encoded, both in the id and in the link).
            if parts.fragment and not {parts.fragment, unquote(parts.fragment)} & parser.ids:
                missing.append(link)
            continue
        if not (Path(html_path).parent / unquote(parts.path)).is_file():
            missing.append(link)
    return missing


@pytest.fixture(name="linked_files_missing")
def linked_files_missing_fixture() -> Callable[[Path], list[str]]:
    """``linked_files_missing(html_path)``: :func:`links_missing` for a test to call."""
    return links_missing
