"""The sha256 of every file of a processed-tables folder, as datapackage.json records them.

``write`` records them; ``load`` reads a table only if its bytes match, so a damaged or hand-edited
table is an error, never silently wrong values; crash recovery puts back only a folder that matches.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from xnplan.errors import IntegrityError, TablesMissingError
from xnplan.facts import DATAPACKAGE_NAME

HINT = "请运行 `xnplan build` 重新生成（run `xnplan build` to recreate it）"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recorded_hashes(folder: Path) -> dict[str, str]:
    """The sha256 of each file as datapackage.json records it; TablesMissingError or IntegrityError
    if there is no record."""
    path = folder / DATAPACKAGE_NAME
    try:
        files = json.loads(path.read_bytes())["integrity"]["files"]
    except FileNotFoundError:
        raise TablesMissingError(f"{path}：缺失；{HINT}（{path}: missing）") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IntegrityError(f"{path}：无法读取文件校验值（{type(exc).__name__}: {exc}）；{HINT}") from exc
    if not isinstance(files, dict):
        raise IntegrityError(f"{path}：文件校验值格式不对；{HINT}")
    return files


def damaged(folder: Path) -> list[str]:
    """Files of ``folder`` missing or differing from their recorded sha256 (all of them if no record)."""
    try:
        recorded = recorded_hashes(folder)
    except (TablesMissingError, IntegrityError):
        return [DATAPACKAGE_NAME]
    found = []
    for name, digest in recorded.items():
        try:
            if sha256((folder / name).read_bytes()) != digest:
                found.append(name)
        except OSError:
            found.append(name)
    return found


def read_verified(path: Path, recorded: dict[str, str]) -> bytes:
    """The bytes of ``path`` if they match the sha256 recorded for it, else IntegrityError."""
    if path.name not in recorded:
        raise IntegrityError(
            f"{path}：{DATAPACKAGE_NAME} 中没有它的校验值；{HINT}（{path}: no sha256 recorded）"
        )
    data = path.read_bytes()
    if sha256(data) != recorded[path.name]:
        raise IntegrityError(
            f"{path} 已损坏或被改动：内容与 {DATAPACKAGE_NAME} 记录的 sha256 不符；{HINT}"
            f"（{path}: content does not match the sha256 recorded in {DATAPACKAGE_NAME}: damaged or edited）"
        )
    return data
