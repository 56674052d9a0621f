"""datapackage.json's descriptive fields: the version, the licence of the derived tables, the
published plan as the source and the contributors (xnplan.store.datapackage.package_metadata),
read from the committed data/processed/ (tests/store/test_processed_data.py keeps it equal to a
fresh build; tests/store/test_files.py validates a fresh build's data with frictionless)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from frictionless import Package

import xnplan

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = json.loads((ROOT / "data" / "processed" / "datapackage.json").read_text(encoding="utf-8"))
# The raw text's sha256 as data/raw/PROVENANCE.md records it (sha256sum of the file).
RAW_SHA256 = "20202e11c75892aedcdde6107c351e0a000dc40b6828ace61cacf6f9f673907c"


def test_version_is_the_package_version_and_the_citation_version() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert PACKAGE["version"] == xnplan.__version__ == citation["version"]


def test_derived_tables_are_licensed_cc_by_as_the_data_statement_says() -> None:
    assert PACKAGE["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International",
        }
    ]
    statement = (ROOT / "data" / "LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in statement and PACKAGE["licenses"][0]["path"] in statement


def test_the_source_is_the_published_plan_by_address_index_number_and_hash() -> None:
    (source,) = PACKAGE["sources"]
    provenance = (ROOT / "data" / "raw" / "PROVENANCE.md").read_text(encoding="utf-8")
    assert source["path"].startswith("http://mzj.xianning.gov.cn/") and source["path"] in provenance
    assert source["title"] == (
        "咸宁市民政事业“十四五”规划（征求意见稿）, 咸宁市民政局, 2022-07-04, 索引号 011337100/2022-19938; "
        f"file xianning_civil_affairs_14th_fyp_draft.txt, sha256 {RAW_SHA256}"
    )


def test_contributors_have_a_data_package_v1_role() -> None:
    # Data Package v1 names five roles; the maintainers wrote the code that derives every table.
    assert PACKAGE["contributors"] == [{"title": "the xnplan maintainers", "role": "author"}]
    roles = {"author", "publisher", "maintainer", "wrangler", "contributor"}
    assert {c["role"] for c in PACKAGE["contributors"]} <= roles


def test_frictionless_accepts_the_descriptor_and_refuses_a_licence_without_name_or_path() -> None:
    assert [e.note for e in Package.metadata_validate(PACKAGE)] == []
    damaged = PACKAGE | {"licenses": [{"title": "Creative Commons Attribution 4.0 International"}]}
    notes = [e.note for e in Package.metadata_validate(damaged)]
    assert any('license requires "path" or "name"' in note for note in notes), notes
