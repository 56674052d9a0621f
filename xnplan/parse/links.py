"""Curated links from the prose to the indicator tables and the project library (data/raw/*_links.csv).

Whether a sentence and an indicator (or a project line) mean the same thing is a reader's judgement,
so it is kept in a reviewed file with a reason per row rather than guessed by string similarity.

A link is keyed by content, never by a line number or a row id: its ``phrase`` is quoted from the
plan text, and ``outline_id`` (a chapter, section or 专栏 of the outline) narrows the search where the
phrase stands more than once. So a copy whose lines moved (one blank line added at the top) gets the
same links, and a link that finds no place, or more than one, stops the build with a PlanParseError
naming the link file, its line and the phrase: a link is never dropped in silence.

- target_indicator_links.csv: ``phrase, outline_id`` (a target's clause, or its metric where one
  clause states two targets: 「…“两个全覆盖”」), ``indicator_id`` (14th-plan
  indicator for the same measure, may be empty), ``baseline_indicator_id`` (13th-plan indicator whose
  2020 actual is the measure's baseline, may be empty), ``reason``.
- baseline_indicator_links.csv: ``phrase, outline_id`` (a 13th-plan figure's clause),
  ``indicator_id`` (13th-plan), ``reason``.
- prose_project_links.csv: ``link_id, phrase, outline_id`` (a line of the plan text),
  ``project_id`` (附件2), ``match``, ``reason``; checked in xnplan.check.prose_library.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from xnplan import curated
from xnplan.errors import PlanParseError
from xnplan.parse.outline import Locator
from xnplan.parse.source import Source
from xnplan.paths import RAW_DIR


def _unresolved(links: pd.DataFrame, position: int, found: int, what: str) -> PlanParseError:
    link = links.iloc[position]
    name = f"链接 {link['link_id']}「{link['phrase']}」" if "link_id" in link else f"链接「{link['phrase']}」"
    scope = f"（限大纲 {link['outline_id']} 内）" if link["outline_id"] else ""
    problem = ("找不到" if found == 0 else f"出现 {found} 处，请用 outline_id 限定") + "，应恰好 1 处"
    return PlanParseError(
        f"{name}{scope}在{what}中{problem}。计划文本改了措辞或结构时，请按原文更新该链接 "
        f"(the link's phrase must match exactly one {what}; update the link to the text)",
        path=links.attrs["path"],
        line=links.attrs["file_lines"][position],
    )


def _matches(places: list[tuple[str, str]], link: dict) -> list[int]:
    """Positions of the (text, outline_id) places holding the link's phrase inside its outline node:
    the place's innermost node is that node or one below it by id (C4.3 holds C4.3.1, not 专栏4 = B4)."""
    node = link["outline_id"]
    return [
        i
        for i, (text, place) in enumerate(places)
        if link["phrase"] in text and (not node or place == node or place.startswith(node + "."))
    ]


def _apply(frame: pd.DataFrame, links: pd.DataFrame, columns: dict[str, str], what: str) -> pd.DataFrame:
    """A copy of ``frame`` with ``columns`` (frame column → link column) set on the one row each link's
    phrase picks out."""
    frame = frame.copy()
    places = list(zip(frame["text"] + "｜" + frame["metric"], frame["outline_id"], strict=True))
    for position, link in enumerate(links.to_dict("records")):
        found = _matches(places, link)
        if len(found) != 1:
            raise _unresolved(links, position, len(found), what)
        for target, source in columns.items():
            frame.at[found[0], target] = link[source]
    return frame


@dataclass(frozen=True)
class Links:
    targets: pd.DataFrame
    baselines: pd.DataFrame

    def apply_to_targets(self, frame: pd.DataFrame) -> pd.DataFrame:
        return _apply(
            frame,
            self.targets,
            {"linked_indicator_id": "indicator_id", "baseline_indicator_id": "baseline_indicator_id"},
            "目标条文 (targets)",
        )

    def apply_to_baselines(self, frame: pd.DataFrame) -> pd.DataFrame:
        return _apply(
            frame, self.baselines, {"linked_indicator_id": "indicator_id"}, "十三五成就条文 (baselines)"
        )


def load_links(folder: Path | None = None) -> Links:
    folder = RAW_DIR if folder is None else Path(folder)
    return Links(
        *(
            curated.read(schema.name, folder / schema.name)
            for schema in (curated.TARGET_LINKS, curated.BASELINE_LINKS)
        )
    )


def project_links(
    source: Source, outline: pd.DataFrame, project_ids: set[str], path: Path | str | None = None
) -> list[dict]:
    """The curated prose-to-project links, each with the ``source_line`` its phrase stands on.

    PlanParseError (naming the link file and line) when a phrase stands on no line of its outline
    node, or on more than one, or when a link's project_id is not a line of 附件2.
    """
    links = curated.read(curated.PROSE_PROJECT_LINKS.name, path)
    locator = Locator(outline)
    records = []
    for position, link in enumerate(links.to_dict("records")):
        holding = [n for n, text in enumerate(source.lines, start=1) if link["phrase"] in text]
        places = [(link["phrase"], locator.place(n).outline_id) for n in holding]
        found = [holding[i] for i in _matches(places, link)]
        if len(found) != 1:
            raise _unresolved(links, position, len(found), "计划文本 (the plan text)")
        if link["project_id"] and link["project_id"] not in project_ids:
            raise PlanParseError(
                f"链接 {link['link_id']} 的 project_id {link['project_id']} "
                "不是附件2的明细行 (no such project line)",
                path=links.attrs["path"],
                line=links.attrs["file_lines"][position],
            )
        records.append({**link, "source_line": found[0]})
    return records
