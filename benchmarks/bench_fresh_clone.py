"""Time `make reports` in a fresh clone of this repository: the environment (pip installs uv, uv
installs requirements.lock), the build and every report. Aim: under 40 s on the 2-core machine.

    python3 benchmarks/bench_fresh_clone.py [--cold] [--jobs N]

The clone is of the committed HEAD, in a temporary folder, with its own .venv/ and Jupyter kernel.
By default uv uses its usual cache, as a developer's machine that installed the project once has;
--cold gives it an empty cache, so every wheel is downloaded (what a new machine pays). A measure of
the whole command, not a test: its time depends on the network and on whatever else the machine runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _timed(label: str, command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{label} failed ({' '.join(command)}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    print(f"{label:<46} {seconds:7.1f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="empty uv cache: download every wheel")
    parser.add_argument("--jobs", type=int, default=None, help="JOBS for make (default: its own, nproc)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xnplan-clone-") as tmp:
        clone = Path(tmp) / "xnplan"
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
        env = {k: v for k, v in os.environ.items() if k not in ("XNPLAN_ROOT", "VIRTUAL_ENV")}
        if args.cold:
            env["UV_CACHE_DIR"] = str(Path(tmp) / "uv-cache")
        make = ["make"] + ([f"JOBS={args.jobs}"] if args.jobs else [])
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True, check=True
        ).stdout.strip()
        print(f"fresh clone of {head} in {clone} ({'cold' if args.cold else 'warm'} uv cache)")
        env_s = _timed(
            "environment: pip → uv → requirements.lock", [*make, ".venv/.installed-stamp"], clone, env
        )
        rest = _timed("make reports: build + every report", [*make, "reports"], clone, env)
        print(f"{'make reports from a fresh clone, in all':<46} {env_s + rest:7.1f} s")


if __name__ == "__main__":
    main()
