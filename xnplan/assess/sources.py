"""The publications an assessment's values come from, as the report cites them.

An observation's ``source`` is "title, URL", "title, mirrored at URL" or free text; its
``reliability`` is the template's Chinese word or, in the published observations file, an English
description of the copy that was read. Both are shown in Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from xnplan.numbers import has_value

# The reliability words of the template (xnplan.assess.templates) are shown as they are.
TEMPLATE_RELIABILITY = (
    "统计公报",
    "政府文件",
    "部门统计",
    "部门工作总结",
    "新闻报道",
    "第三方转载",
    "评估人估算",
)
# The published file (data/raw/observations/observations_public.csv) describes its copies in English.
RELIABILITY_LABELS = {
    "mirror of municipal news": "市级新闻（镜像网页转载）",
    "third-party reproduction of the city notice": "市政府通知（第三方网站转载）",
    "mirror of the municipal government notice": "市政府通知（镜像网页转载）",
    "official county site": "县级政府网站",
    "county civil-affairs site": "县级民政部门网站",
    "municipal news (咸宁网)": "市级新闻（咸宁网）",
    **{label: label for label in TEMPLATE_RELIABILITY},
}

_URL = re.compile(r"https?://\S+")
_COPY_WORDS = re.compile(r"[,，]?\s*(mirrored at|reproduced at)?\s*$")


def reliability_label(value: object) -> str:
    """The Chinese label of a reliability; a value outside the vocabulary is shown as it is."""
    if not has_value(value):
        return ""
    return RELIABILITY_LABELS.get(str(value).strip(), str(value).strip())


def source_parts(source: str) -> tuple[str, str | None]:
    """(title, URL or None) of an observation's source; a source without an address stays whole."""
    found = _URL.search(source)
    if found is None:
        return source.strip(), None
    title = _COPY_WORDS.sub("", source[: found.start()]).strip()
    return title or found.group(0), found.group(0).rstrip(".,;，。")


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None
    reliability: str  # in Chinese
    indicators: tuple[str, ...]  # observation ids it gives values or judgements for
    years: tuple[int, ...]
    values: int  # rows it stands behind


def cited(observations: pd.DataFrame) -> list[Source]:
    """Every source behind the rows used, in the order the rows first cite it."""
    rows = observations[observations["source"].fillna("") != ""]
    out = []
    for (source, reliability), group in rows.groupby(["source", "reliability"], sort=False):
        title, url = source_parts(str(source))
        out.append(
            Source(
                title,
                url,
                reliability_label(reliability),
                tuple(dict.fromkeys(group["indicator_id"])),
                tuple(sorted(set(group["year"]))),
                len(group),
            )
        )
    return out
