"""The project can be cited and reused: CITATION.cff is valid Citation File Format 1.2.0 and names
the package's version and licence, which the LICENSE file, pyproject.toml and the changelog agree
with. The schema is the format's own (tests/data/PROVENANCE.md says where it comes from)."""

from __future__ import annotations

import datetime
import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

import xnplan

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "data" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _citation() -> dict:
    # CFF is YAML 1.2, whose dates are strings; PyYAML (YAML 1.1) would read an unquoted date as a
    # date object, which the schema rejects, so the file quotes its dates and this reads them as text.
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _errors(citation: dict) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(citation)]


def test_citation_file_is_valid_against_the_cff_schema() -> None:
    assert _errors(_citation()) == []


@pytest.mark.parametrize(
    "damage, where",
    [
        # the format requires authors; a reference's language is an ISO 639 code of 2–3 letters
        (lambda c: c.pop("authors"), "'authors' is a required property"),
        (lambda c: c["references"][0].update(languages=["Chinese"]), "references/0/languages/0"),
        (lambda c: c.update({"date-released": "2026-13-01"}), "date-released"),
    ],
)
def test_the_schema_check_rejects_a_damaged_citation(damage, where) -> None:
    citation = _citation()
    damage(citation)
    assert any(where in error for error in _errors(citation)), _errors(citation)


def test_citation_names_the_package_version_from_pyproject() -> None:
    version = PYPROJECT["project"]["version"]
    assert _citation()["version"] == version == xnplan.__version__
    assert _citation()["cff-version"] == "1.2.0"


def test_changelog_top_release_is_the_version_and_date_of_the_citation() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    top = re.search(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})$", changelog, flags=re.M)
    assert top, "CHANGELOG.md has no release heading '## X.Y.Z — YYYY-MM-DD'"
    assert top[1] == _citation()["version"]
    assert top[2] == _citation()["date-released"]
    assert datetime.date.fromisoformat(top[2])


def test_licence_is_the_same_in_license_pyproject_and_citation() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()[0] == "MIT License"
    assert PYPROJECT["project"]["license"] == "MIT" == _citation()["license"]
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


def test_the_plan_is_cited_by_its_address_and_index_number() -> None:
    # the same address and 索引号 as data/raw/PROVENANCE.md and data/LICENSE.md
    (plan,) = _citation()["references"]
    provenance = (ROOT / "data" / "raw" / "PROVENANCE.md").read_text(encoding="utf-8")
    statement = (ROOT / "data" / "LICENSE.md").read_text(encoding="utf-8")
    assert plan["url"] in provenance and plan["url"] in statement
    assert plan["identifiers"][0]["value"] == "索引号 011337100/2022-19938"
    assert "011337100/2022-19938" in provenance and "011337100/2022-19938" in statement
