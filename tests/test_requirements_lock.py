"""requirements.lock pins the environment: exact versions with hashes, for every package
pyproject.toml asks for, at or above its lower bound; make and CI install from it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = (ROOT / "requirements.lock").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENTRY = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)(?:\s*;\s*([^\\]+?))?\s*\\?$")


def _release(version: str) -> tuple[int, ...]:
    """The numeric release part of a version (2026.10.19.post1 → (2026, 10, 19)), enough to compare
    with the plain X.Y lower bounds of pyproject.toml."""
    return tuple(int(part) for part in re.match(r"\d+(?:\.\d+)*", version)[0].split("."))


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _entries() -> list[tuple[str, str, str | None, list[str]]]:
    """(name, version, marker, hashes) of every pinned requirement."""
    entries: list[tuple[str, str, str | None, list[str]]] = []
    for line in LOCK.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith(" "):
            entries[-1][3].extend(re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
            continue
        match = ENTRY.match(line)
        assert match, f"requirements.lock: {line!r} is not an exact pin"
        entries.append((_canonical(match[1]), match[2], match[3], []))
    return entries


def test_every_pin_is_exact_and_hashed() -> None:
    entries = _entries()
    assert len(entries) > 100
    assert all(hashes for *_, hashes in entries), [name for name, _, _, hashes in entries if not hashes]


def test_every_declared_dependency_is_pinned_at_or_above_its_lower_bound() -> None:
    declared = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"]
    pinned: dict[str, list[str]] = {}
    for name, version, _, _ in _entries():  # one pin per Python version range where they differ
        pinned.setdefault(name, []).append(version)
    for requirement in declared:
        name, bound = (part.strip() for part in requirement.split(">="))
        assert _canonical(name) in pinned, f"{name} is declared in pyproject.toml but not locked"
        low = [v for v in pinned[_canonical(name)] if _release(v) < _release(bound)]
        assert not low, f"{name} locked at {low}, below its bound {bound}"


def test_make_and_ci_install_from_the_lock_with_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"pip sync .*--require-hashes .*\$\(LOCK\)", makefile)
    assert "LOCK := requirements.lock" in makefile
    assert re.search(r"^lock:", makefile, re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
