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

from .errors import XnplanError
from .paths import RAW_DIR

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
        frame = frame.copy()
        index = {tid: i for i, tid in enumerate(frame["target_id"])}
        for link in self.targets.itertuples(index=False):
            i = index.get(link.target_id)
            if i is not None and link.text_contains in frame.at[i, "text"]:
                frame.at[i, "linked_indicator_id"] = link.indicator_id
                frame.at[i, "baseline_indicator_id"] = link.baseline_indicator_id
        return frame

    def apply_to_baselines(self, frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        index = {bid: i for i, bid in enumerate(frame["baseline_id"])}
        for link in self.baselines.itertuples(index=False):
            i = index.get(link.baseline_id)
            if i is not None and link.text_contains in frame.at[i, "text"]:
                frame.at[i, "linked_indicator_id"] = link.indicator_id
        return frame


def load_links(folder: Path | None = None) -> Links:
    folder = RAW_DIR if folder is None else Path(folder)
    return Links(_read(folder / TARGET_LINKS, TARGET_COLUMNS),
                 _read(folder / BASELINE_LINKS, BASELINE_COLUMNS))
