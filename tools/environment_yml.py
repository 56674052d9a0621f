"""Write environment.yml from requirements.lock, so a conda environment pins what the lock pins.

usage: python tools/environment_yml.py [OUT]   (``make environment.yml``; ``make lock`` runs it too)

conda supplies Python and pip; every package of the lock is pinned in the ``pip:`` section at the
lock's version, with the lock's environment marker (the lock is universal: a few packages differ by
Python version). The hashes stay in requirements.lock: pip's hash-checking mode refuses the
editable ``-e .`` that environment.yml installs the project with (README: the hash-checked way).
tests/test_environment_yml.py fails while the committed file differs from what this writes.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from a checkout: xnplan.atomicfile without installing

from xnplan.atomicfile import write_atomic  # noqa: E402

LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
TARGET = ROOT / "environment.yml"
# A pin of the lock: ``name==version`` and an optional ``; marker``, before the hashes' continuation.
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)(?:\s*;\s*(.+?))?\s*\\?$")

HEADER = """\
# Generated from requirements.lock by `make environment.yml` (tools/environment_yml.py): do not edit.
# conda users: `conda env create -f environment.yml && conda activate xnplan`, then run make on this
# environment: `make test ENV_PREFIX="$CONDA_PREFIX"` (README). conda supplies Python and pip; pip
# installs every package at the version requirements.lock pins, and the project itself (-e .).
name: xnplan
channels:
  - conda-forge
dependencies:
"""


def lock_pins(lock_text: str) -> list[str]:
    """The lock's pins as pip requirement lines, ``name==version`` or ``name==version ; marker``, in
    the lock's order; ValueError naming a line that is neither a pin, a hash nor a comment."""
    pins = []
    for number, line in enumerate(lock_text.splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith(" "):
            continue
        match = _PIN.match(line)
        if match is None:
            raise ValueError(f"requirements.lock line {number}: {line!r} is not an exact pin")
        name, version, marker = match.groups()
        pins.append(f"{name}=={version}" + (f" ; {marker}" if marker else ""))
    return pins


def environment_yml(lock_text: str, requires_python: str) -> str:
    """The text of environment.yml for the lock ``lock_text`` and the project's ``requires-python``."""
    lines = [f"  - python{requires_python}", "  - pip", "  - pip:"]
    lines += [f"      - {_quoted(pin)}" for pin in lock_pins(lock_text)]
    lines.append("      - -e .")
    return HEADER + "\n".join(lines) + "\n"


def _quoted(pin: str) -> str:
    """A pin as a YAML scalar: a marker holds quotes and ``: ``-free text, so only a marker's
    quotes need a double-quoted scalar."""
    return '"' + pin.replace("\\", "\\\\").replace('"', '\\"') + '"' if ";" in pin else pin


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else TARGET
    requires_python = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["requires-python"]
    write_atomic(target, environment_yml(LOCK.read_text(encoding="utf-8"), requires_python))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
