"""xnplan.boundaries: the vendored county boundaries, their checks and their recorded provenance."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from xnplan import boundaries
from xnplan.errors import BoundaryError
from xnplan.paths import NOTEBOOKS_DIR, RAW_DIR, ROOT
from xnplan.runner import reportset
from xnplan.runner.key import KeyMaker

FOLDER = RAW_DIR / "boundaries"
# Division codes as issue 11 lists them (the national code list).
CODES = {
    "咸安区": "421202",
    "嘉鱼县": "421221",
    "通城县": "421222",
    "崇阳县": "421223",
    "通山县": "421224",
    "赤壁市": "421281",
}


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the vendored folder to damage."""
    target = tmp_path / "boundaries"
    shutil.copytree(FOLDER, target)
    return target


def test_the_six_counties_with_their_codes_in_schema_order():
    read = boundaries.read()
    assert list(read.counties) == ["咸安区", "赤壁市", "嘉鱼县", "通山县", "通城县", "崇阳县"]
    assert {name: d.code for name, d in read.counties.items()} == CODES
    assert (read.city.code, read.city.name) == ("421200", "咸宁市")
    # 嘉鱼县 is the one county with a hole (an enclave along the Yangtze, also a hole of the city
    # outline): 465 points outside, 42 in the hole, as the file has them.
    assert [len(r) for r in read.counties["嘉鱼县"].rings] == [465, 42]


def test_counties_lie_inside_the_city_box():
    read = boundaries.read()
    west, south, east, north = read.city.bounds()
    for division in read.counties.values():
        w, s, e, n = division.bounds()
        assert west <= w and s >= south and e <= east and n <= north, division.name
    # 通城县 is the southernmost county and 嘉鱼县 reaches furthest north: they set the city's box.
    assert read.counties["通城县"].bounds()[1] == south
    assert read.counties["嘉鱼县"].bounds()[3] == north


def _rewrite_divisions(folder: Path, keep) -> Path:
    index = folder / "divisions.csv"
    lines = index.read_text(encoding="utf-8").splitlines()
    index.write_text("\n".join(line for line in lines if keep(line)) + "\n", encoding="utf-8")
    return index


def test_missing_county_names_the_index_and_the_county(copy):
    index = _rewrite_divisions(copy, lambda line: "崇阳县" not in line)
    with pytest.raises(BoundaryError) as caught:
        boundaries.read(copy)
    assert str(caught.value).startswith(f"{index}: ")
    assert "崇阳县 应恰好出现一次（实为 0 次）" in str(caught.value)


def test_county_listed_twice_and_unknown_name(copy):
    index = copy / "divisions.csv"
    index.write_text(
        index.read_text(encoding="utf-8") + "421224,通山县,区县\n421299,市本级,区县\n", encoding="utf-8"
    )
    with pytest.raises(BoundaryError, match="通山县 应恰好出现一次（实为 2 次）") as caught:
        boundaries.read(copy)
    assert "未知的区划名称 市本级" in str(caught.value)
    assert "区划代码重复：421224" in str(caught.value)


def test_wrong_geometry_type_names_the_file(copy):
    path = copy / "421224.geojson"
    path.write_text(
        json.dumps({"type": "LineString", "coordinates": [[114.5, 29.5], [114.6, 29.6]]}), encoding="utf-8"
    )
    with pytest.raises(BoundaryError) as caught:
        boundaries.read(copy)
    assert str(caught.value) == (f"{path}: 通山县 的几何类型应为 Polygon 或 MultiPolygon，实为 'LineString'")


def test_missing_file_and_broken_json(copy):
    (copy / "421222.geojson").unlink()
    with pytest.raises(BoundaryError, match=r"421222\.geojson: 通城县（421222）的边界文件不存在"):
        boundaries.read(copy)
    (copy / "421222.geojson").write_text('{"type": "Polygon",\n "coordinates": [', encoding="utf-8")
    with pytest.raises(BoundaryError, match=r"421222\.geojson: 不是有效的 JSON（第2行"):
        boundaries.read(copy)


def test_file_of_another_division_is_refused(copy):
    # 咸安区's polygon saved under 嘉鱼县's code: the adcode inside gives it away.
    shutil.copy(copy / "421202.geojson", copy / "421221.geojson")
    expected = r"421221\.geojson: 文件中的区划代码为 421202，应为 嘉鱼县 的 421221"
    with pytest.raises(BoundaryError, match=expected):
        boundaries.read(copy)


def test_open_ring_and_swapped_coordinates(copy):
    path = copy / "421223.geojson"
    square = [[114.0, 29.3], [114.1, 29.3], [114.1, 29.4], [114.0, 29.4]]
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [square]}), encoding="utf-8")
    with pytest.raises(BoundaryError, match="崇阳县 第1个多边形 第1个环没有闭合"):
        boundaries.read(copy)
    swapped = [[lat, lon] for lon, lat in [*square, square[0]]]
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [swapped]}), encoding="utf-8")
    with pytest.raises(BoundaryError, match="崇阳县 第1个多边形 第1个环的坐标不在经度"):
        boundaries.read(copy)


def test_a_plain_polygon_is_read_too(copy):
    square = [[114.0, 29.3], [114.1, 29.3], [114.1, 29.4], [114.0, 29.4], [114.0, 29.3]]
    (copy / "421223.geojson").write_text(
        json.dumps({"type": "Polygon", "coordinates": [square]}), encoding="utf-8"
    )
    county = boundaries.read(copy).counties["崇阳县"]
    assert county.bounds() == (114.0, 29.3, 114.1, 29.4)


def test_provenance_lists_each_vendored_file_with_its_sha256():
    text = (RAW_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `boundaries/([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", text, flags=re.M))
    on_disk = {p.name for p in FOLDER.iterdir() if p.is_file()}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((FOLDER / name).read_bytes()).hexdigest() == digest, name


def test_boundaries_are_inputs_of_the_map_reports_only():
    keys = KeyMaker(ROOT, NOTEBOOKS_DIR)
    specs = {s.slug: s for s in reportset.default_report_set()}
    boundary_files = {f"data/raw/boundaries/{p.name}" for p in FOLDER.iterdir()}
    for slug in ("plan_overview", "target_gap-2023", "target_gap-2025"):
        assert boundary_files <= {f.path for f in keys.input_files(specs[slug])}, slug
    assert not boundary_files & {f.path for f in keys.input_files(specs["data_quality"])}
