"""What a reader of a page sees (its visible text), and the developer text that must not be in it:
commands, file names of the evaluators' and the build's inputs (data/raw), check ids, code identifiers,
repository paths and absolute paths of the build machine."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

import pandas as pd

from xnplan.paths import ROOT

_HIDDEN = {"style", "script", "head", "title"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


_URL = re.compile(r"https?://\S+")
_PATTERNS = {
    "command": re.compile(
        r"\b(?:xnplan|make|pip|jupyter|papermill|python)\s+[a-z-]+|(?<![\w-])--[a-z][a-z-]+"
    ),
    "identifier": re.compile(r"(?<![\w.])[a-z]+(?:_[a-z0-9]+)+(?![\w.])"),
    "code file": re.compile(r"\b[\w-]+\.(?:ipynb|py|key\.json|log|lock|parquet|md)\b"),
    "repository path": re.compile(r"\b(?:data/raw|data/processed|docs|notebooks|xnplan|tests)/"),
    "absolute path": re.compile(r"(?<![\w/:])/(?:home|work|tmp|root|Users|opt|usr|var)/|\b[A-Z]:\\"),
}


@cache
def _raw_names() -> tuple[str, ...]:
    return tuple(sorted({p.name for p in (ROOT / "data" / "raw").rglob("*") if p.is_file()}))


@cache
def _check_ids() -> tuple[str, ...]:
    checks = pd.read_csv(ROOT / "data" / "processed" / "reconciliation.csv", encoding="utf-8-sig")
    return tuple(sorted(set(checks["check_id"]) | set(checks["finding_id"].dropna())))


def developer_text(html: str) -> list[str]:
    """Each piece of developer text in the page's visible text, as "kind: match"."""
    text = _URL.sub(" ", visible_text(html))  # a source's address is for the reader to open
    found = [f"{kind}: {m.group(0)}" for kind, pattern in _PATTERNS.items() for m in pattern.finditer(text)]
    found += [f"data/raw file: {name}" for name in _raw_names() if name in text]
    found += [
        f"check id: {cid}" for cid in _check_ids() if re.search(rf"(?<![\w-]){re.escape(cid)}(?![\w-])", text)
    ]
    return found
