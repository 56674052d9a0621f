"""Gazetteer: the county-level units of Xianning, their townships and aliases, and census population.

The reference lives in ``data/raw/gazetteer.csv`` (curated, see data/raw/PROVENANCE.md) so that a
correction is a reviewed data change, not a code change. Names in the plan text are matched against
it: counties by full or short form (``赤壁市`` / ``赤壁``), townships by official name or the variants
the plan uses (``赤马港办事处`` for 赤马港街道, ``官塘镇`` for 官塘驿镇).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from xnplan import curated
from xnplan.errors import UnknownCountyError
from xnplan.facts import CITY_LEVEL, COUNTIES, TERRITORIES
from xnplan.paths import RAW_DIR

__all__ = [
    "COUNTY_SLUGS",
    "Place",
    "county_in_text",
    "gazetteer",
    "population",
    "resolve_county",
    "township_in_text",
    "townships",
]

# ASCII names of the county-level units for file names (Chinese stays in titles).
COUNTY_SLUGS: dict[str, str] = {
    "咸安区": "xianan",
    "赤壁市": "chibi",
    "嘉鱼县": "jiayu",
    "通山县": "tongshan",
    "通城县": "tongcheng",
    "崇阳县": "chongyang",
    CITY_LEVEL: "city",
}
if set(COUNTY_SLUGS) != set(COUNTIES):
    raise RuntimeError(f"COUNTY_SLUGS {sorted(COUNTY_SLUGS)} must cover facts.COUNTIES {sorted(COUNTIES)}")

GAZETTEER_PATH = RAW_DIR / "gazetteer.csv"
POPULATION_PATH = RAW_DIR / "population_2020.csv"


@dataclass(frozen=True)
class Place:
    level: str  # county | township
    name: str  # official name
    county: str  # the county-level unit it belongs to (itself for a county)
    aliases: tuple[str, ...]
    pinyin: str
    english: str


@lru_cache(maxsize=4)
def _read_gazetteer(path: Path) -> tuple[Place, ...]:
    rows = curated.read(curated.GAZETTEER.name, path).to_dict("records")
    return tuple(
        Place(
            r["level"],
            r["name"],
            r["county"],
            tuple(a for a in r["aliases"].split(";") if a),
            r["pinyin"],
            r["english"],
        )
        for r in rows
    )


def places(path: Path = GAZETTEER_PATH) -> tuple[Place, ...]:
    return _read_gazetteer(path)


def gazetteer(path: Path = GAZETTEER_PATH) -> pd.DataFrame:
    """The curated reference as a table (aliases joined with ';')."""
    return pd.DataFrame(
        [
            {
                "level": p.level,
                "name": p.name,
                "county": p.county,
                "aliases": ";".join(p.aliases),
                "pinyin": p.pinyin,
                "english": p.english,
            }
            for p in places(path)
        ]
    )


def townships(county: str | None = None) -> pd.DataFrame:
    """Townships (镇/乡/街道) with their county; all of them, or one county's."""
    table = gazetteer()
    table = table[table["level"] == "township"]
    if county is not None:
        table = table[table["county"] == resolve_county(county)]
    return table.reset_index(drop=True)


def _latin_key(text: str) -> str:
    """Lower-case ASCII letters only, tone marks dropped: ``Xián'ān District`` → ``xianandistrict``."""
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text).lower())


_LATIN_SUFFIXES = ("district", "county", "city", "qu", "xian", "shi")


@lru_cache(maxsize=1)
def _county_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for place in places():
        if place.level != "county":
            continue
        for alias in (place.name, *place.aliases):
            keys[alias] = place.name
        for latin in (place.pinyin, place.english):
            keys[_latin_key(latin)] = place.name
            keys[_latin_key(latin.split()[0])] = place.name
    keys["city"] = CITY_LEVEL
    keys["shibenji"] = CITY_LEVEL
    return keys


def resolve_county(name: str) -> str:
    """The official county-level name for ``name``.

    Accepts official names (赤壁市), short forms (赤壁), pinyin or English (Chibi, chibi city,
    Xian'an, xianan), and 市本级 / city. Unknown input raises UnknownCountyError (a ParameterError)
    listing the valid values.
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownCountyError(
            f"未给出县市区；可填：{_valid()}（county must be a non-empty string, got {name!r}）", name
        )
    text = name.strip()
    keys = _county_keys()
    if text in keys:
        return keys[text]
    latin = _latin_key(text)
    if latin in keys:
        return keys[latin]
    for suffix in _LATIN_SUFFIXES:
        if latin.endswith(suffix) and latin[: -len(suffix)] in keys:
            return keys[latin[: -len(suffix)]]
    raise UnknownCountyError(f"县市区“{name}”无法识别；可填：{_valid()}（unknown county {name!r}）", name)


def _valid() -> str:
    latin = [p.english.split()[0] for p in places() if p.level == "county" and p.name in TERRITORIES]
    return "、".join(COUNTIES) + "（或 " + ", ".join(latin) + ", city）"


@lru_cache(maxsize=1)
def _county_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex of the Chinese forms of the six territorial units (longest first, so the leftmost
    match is also the longest there) and the county each form stands for.

    咸宁市 is the city, not a county: the county rule handles the city separately.
    """
    forms = {
        form: p.name
        for p in places()
        if p.level == "county" and p.name in TERRITORIES
        for form in (p.name, p.name[:2], *p.aliases)
        if not form.startswith("咸宁市")
    }
    return _alternation(forms), forms


def _alternation(forms: dict[str, str] | list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))


def county_in_text(text: str) -> str | None:
    """The county written earliest in ``text`` (full or short form), else None."""
    pattern, forms = _county_pattern()
    found = pattern.search(text)
    return forms[found.group()] if found else None


@lru_cache(maxsize=16)
def _township_pattern(county: str | None) -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex of the written forms of the townships of ``county`` (all when None), longest first,
    so 赤马港街道办事处 wins over 赤马港街道; and the township each form stands for."""
    forms = {
        form: p.name
        for p in places()
        if p.level == "township" and county in (None, p.county)
        for form in (p.name, *p.aliases)
    }
    return _alternation(forms), forms


def township_in_text(text: str, county: str | None = None) -> str | None:
    """The township written earliest in ``text``, limited to ``county``'s townships when it is a
    territorial county (so a town of one county is never read into another's line)."""
    pattern, forms = _township_pattern(None if county == CITY_LEVEL else county)
    if not forms:
        return None
    found = pattern.search(text)
    return forms[found.group()] if found else None


def population(path: Path = POPULATION_PATH) -> pd.DataFrame:
    """2020 census resident population by county (and 全市), with the file's source columns."""
    return curated.read(curated.POPULATION.name, path)
