"""Curated links from prose rows to the indicator tables (data/raw/*_links.csv).

Whether a sentence and an indicator measure the same thing is a reader's judgement, so it is kept in
a reviewed file with a reason per row rather than guessed by string similarity. Each link names the
row id *and* a piece of its text (``text_contains``): a link is applied only when both match, so a
damaged copy whose rows shifted gets no wrong links, and the tests check that every link resolves
on the real text.

- target_indicator_links.csv: ``target_id, text_contains, indicator_id`` (14th-plan indicator for the
  same measure, may be empty), ``baseline_indicator_id`` (13th-plan indicator whose 2020 actual is the
  measure's baseline, may be empty), ``reason``.
- baseline_indicator_links.csv: ``baseline_id, text_contains, indicator_id`` (13th-plan), ``reason``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from xnplan.errors import XnplanError
from xnplan.paths import RAW_DIR

TARGET_LINKS = "target_indicator_links.csv"
BASELINE_LINKS = "baseline_indicator_links.csv"
TARGET_COLUMNS = ["target_id", "text_contains", "indicator_id", "baseline_indicator_id", "reason"]
BASELINE_COLUMNS = ["baseline_id", "text_contains", "indicator_id", "reason"]


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        raise XnplanError(f"{path}: curated link file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    if list(frame.columns) != columns:
        raise XnplanError(f"{path}: expected columns {', '.join(columns)}, found {', '.join(frame.columns)}")
    empty = frame[(frame[columns[0]] == "") | (frame["text_contains"] == "") | (frame["reason"] == "")]
    if not empty.empty:
        raise XnplanError(f"{path}: row {int(empty.index[0]) + 2} lacks an id, text_contains or reason")
    return frame


@dataclass(frozen=True)
class Links:
    targets: pd.DataFrame
    baselines: pd.DataFrame

    def apply_to_targets(self, frame: pd.DataFrame) -> pd.DataFrame:
        return _apply(frame, self.targets, "target_id", {"linked_indicator_id": "indicator_id",
                                                         "baseline_indicator_id": "baseline_indicator_id"})

    def apply_to_baselines(self, frame: pd.DataFrame) -> pd.DataFrame:
        return _apply(frame, self.baselines, "baseline_id", {"linked_indicator_id": "indicator_id"})


def _apply(frame: pd.DataFrame, links: pd.DataFrame, id_column: str, columns: dict[str, str]) -> pd.DataFrame:
    """A copy of ``frame`` with ``columns`` (frame column → link column) set from each link whose id
    and ``text_contains`` both match a row."""
    frame = frame.copy()
    index = {row_id: i for i, row_id in enumerate(frame[id_column])}
    for link in links.to_dict("records"):
        i = index.get(link[id_column])
        if i is not None and link["text_contains"] in frame.at[i, "text"]:
            for target, source in columns.items():
                frame.at[i, target] = link[source]
    return frame


def load_links(folder: Path | None = None) -> Links:
    folder = RAW_DIR if folder is None else Path(folder)
    return Links(_read(folder / TARGET_LINKS, TARGET_COLUMNS),
                 _read(folder / BASELINE_LINKS, BASELINE_COLUMNS))
