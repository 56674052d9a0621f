"""Build the offline bundle: everything an intranet PC needs to install xnplan without a network.

    python tools/bundle.py [--out dist/bundle] [--target linux-x86_64 ...] [--no-archive]

For each target platform (manylinux x86_64, manylinux aarch64, win_amd64; CPython 3.11) it makes a
folder ``xnplan-<version>-<target>/`` and an archive of it (.tar.gz for Linux, .zip for Windows):

- ``wheels/``: the project's wheel and, for every package of requirements.lock that the platform
  needs, the wheel whose sha256 the lock records (taken from the package index's JSON simple API and
  checked against the lock's hashes after download). A package published only as a source
  distribution (the lock's hash) is built into a wheel here, which must be pure Python
  (``py3-none-any``) to serve every platform;
- ``requirements.txt``: the lock's entries for the platform, each with the sha256 of its file in
  ``wheels/``, installed with ``--no-index --no-deps --require-hashes``, so the PC gets exactly the lock;
- ``install.sh`` (Linux) or ``install.ps1`` with ``install.bat`` (Windows): create an environment,
  install with ``--no-index``, register the Jupyter kernel ``xnplan`` and run ``xnplan check`` on
  the bundled example file;
- ``examples/``: the example observations file;
- ``安装说明.txt``, and the evaluator's guide (``评估人使用说明.md``, ``输入文件要求.md``).

It also writes ``availability.md``: every package of the lock, and for each target the wheel
chosen, "built from sdist", "not needed" (the lock's marker excludes the platform) or MISSING. A
missing wheel makes the build fail (exit 1) after the report is written, naming the package.

It runs in the project's environment (``make bundle``, or ``.venv/bin/python tools/bundle.py``),
which has ``packaging`` (declared in pyproject's ``test`` extra) and ``platformdirs``, and needs the
network (the package index).

Linux targets are manylinux wheels for glibc 2.28 or older (统信UOS 20 and 银河麒麟 V10 ship glibc 2.28).
The wheels are cached in the user's cache folder, so a second build downloads nothing.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
EXAMPLE = ROOT / "data" / "raw" / "observations" / "observations_public.csv"
# The evaluator's guide and the page it links to, beside each other as in docs/.
GUIDES = (ROOT / "docs" / "评估人使用说明.md", ROOT / "docs" / "输入文件要求.md")
SCRIPTS = Path(__file__).resolve().parent / "bundle_files"
INDEX = "https://pypi.org/simple"
PYTHON = (3, 11)
# The lock has entries for parts of 3.11 (e.g. `python_full_version < '3.11.5'`): the bundle carries
# the wheels of both ends, and pip picks by the PC's own version.
PYTHON_FULL_VERSIONS = ("3.11.0", "3.11.99")
GLIBC_MINOR = 28


@dataclass(frozen=True)
class Target:
    name: str
    markers: dict[str, str]  # PEP 508 environment, less the Python version
    platforms: tuple[str, ...]  # wheel platform tags, best first
    windows: bool

    def tags(self) -> list[Tag]:
        """Every wheel tag CPython 3.11 accepts on this platform, best first."""
        return [
            *cpython_tags(PYTHON, abis=[f"cp{PYTHON[0]}{PYTHON[1]}"], platforms=self.platforms),
            *compatible_tags(PYTHON, interpreter=f"cp{PYTHON[0]}{PYTHON[1]}", platforms=self.platforms),
        ]

    def needs(self, requirement: Requirement) -> bool:
        if requirement.marker is None:
            return True
        return any(
            requirement.marker.evaluate(
                {**self.markers, "python_version": "3.11", "python_full_version": full}
            )
            for full in PYTHON_FULL_VERSIONS
        )


def _manylinux(arch: str) -> tuple[str, ...]:
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    tags: list[str] = []
    for minor in range(GLIBC_MINOR, 4, -1):
        tags.append(f"manylinux_2_{minor}_{arch}")
        if minor in legacy and (arch == "x86_64" or minor == 17):
            tags.append(f"{legacy[minor]}_{arch}")
    return tuple(tags)


def _linux(arch: str) -> dict[str, str]:
    return {
        "os_name": "posix",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": arch,
        "platform_python_implementation": "CPython",
        "implementation_name": "cpython",
        "platform_release": "",
        "platform_version": "",
        "implementation_version": "3.11.0",
    }


TARGETS = {
    "linux-x86_64": Target("linux-x86_64", _linux("x86_64"), _manylinux("x86_64"), windows=False),
    "linux-aarch64": Target("linux-aarch64", _linux("aarch64"), _manylinux("aarch64"), windows=False),
    "windows-amd64": Target(
        "windows-amd64",
        {
            **_linux("AMD64"),
            "os_name": "nt",
            "sys_platform": "win32",
            "platform_system": "Windows",
        },
        ("win_amd64",),
        windows=True,
    ),
}


@dataclass(frozen=True)
class Locked:
    requirement: Requirement
    hashes: frozenset[str]

    @property
    def name(self) -> str:
        return canonicalize_name(self.requirement.name)

    @property
    def version(self) -> str:
        return next(iter(self.requirement.specifier)).version

    @property
    def key(self) -> str:
        return f"{self.name}=={self.version}"


def read_lock(path: Path = LOCK) -> list[Locked]:
    """The lock's entries: `name==version ; marker` lines, each followed by its `--hash=` lines."""
    entries: list[Locked] = []
    requirement: Requirement | None = None
    hashes: set[str] = set()
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip().rstrip("\\").strip()
        if line.startswith("--hash=sha256:"):
            hashes.add(line.removeprefix("--hash=sha256:"))
            continue
        if requirement is not None and (not raw.startswith(" ") or not line):
            entries.append(Locked(requirement, frozenset(hashes)))
            requirement, hashes = None, set()
        if line and not line.startswith("#") and not raw.startswith(" "):
            requirement = Requirement(line)
    return entries


@dataclass(frozen=True)
class Dist:
    """A file of the index: a wheel or a source distribution."""

    filename: str
    url: str
    sha256: str

    @property
    def is_wheel(self) -> bool:
        return self.filename.endswith(".whl")


SDIST_SUFFIXES = (".tar.gz", ".zip")


def index_files(name: str, index: str = INDEX) -> list[Dist]:
    """The wheels and source distributions the index lists for ``name`` (PEP 691 JSON simple API)."""
    request = urllib.request.Request(
        f"{index}/{name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    return [
        Dist(f["filename"], f["url"], f["hashes"].get("sha256", ""))
        for f in files
        if f["filename"].endswith((".whl", *SDIST_SUFFIXES))
    ]


def choose(locked: Locked, files: list[Dist], target: Target) -> Dist | None:
    """The best wheel of the locked version for ``target`` among those whose hash the lock records;
    else the locked source distribution (built into a wheel by :func:`obtain`); else None."""
    locked_files = [f for f in files if f.sha256 in locked.hashes]
    rank = {tag: i for i, tag in enumerate(target.tags())}
    best: tuple[int, Dist] | None = None
    for wheel in (f for f in locked_files if f.is_wheel):
        _, version, _, tags = parse_wheel_filename(wheel.filename)
        if str(version) != locked.version:
            continue
        score = min((rank[t] for t in tags if t in rank), default=None)
        if score is not None and (best is None or score < best[0]):
            best = (score, wheel)
    if best:
        return best[1]
    return next((f for f in locked_files if not f.is_wheel), None)


NOT_NEEDED = "not needed"


def availability(entries: list[Locked], targets: list[Target], index: str) -> dict[str, dict[str, object]]:
    """Package name==version → target name → the chosen Dist, NOT_NEEDED, or None (missing)."""
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        listed = dict(zip(entries, pool.map(lambda e: index_files(e.name, index), entries), strict=True))
    table: dict[str, dict[str, object]] = {}
    for entry in entries:
        row = table.setdefault(entry.key, {})
        for target in targets:
            row[target.name] = (
                choose(entry, listed[entry], target) if target.needs(entry.requirement) else NOT_NEEDED
            )
    return table


def availability_markdown(table: dict[str, dict[str, object]], targets: list[Target]) -> str:
    lines = [
        "# Availability of the locked packages (CPython 3.11)",
        "",
        "Each cell: the wheel's platform tag, `not needed` (the lock's marker excludes the platform), "
        "or **MISSING** (no wheel of the locked version).",
        "",
        "| package | " + " | ".join(t.name for t in targets) + " |",
        "|---|" + "---|" * len(targets),
    ]
    for package, row in table.items():
        cells = []
        for target in targets:
            found = row[target.name]
            if found is None:
                cells.append("**MISSING**")
            elif isinstance(found, Dist) and found.is_wheel:
                cells.append(found.filename.removesuffix(".whl").rsplit("-", 1)[1])
            elif isinstance(found, Dist):
                cells.append("built from sdist (none-any)")
            else:
                cells.append(str(found))
        lines.append(f"| {package} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def download(wheel: Dist, cache: Path) -> Path:
    """The file in ``cache``, downloaded if absent; its sha256 checked either way."""
    path = cache / wheel.filename
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".part-{os.getpid()}")
        with urllib.request.urlopen(wheel.url, timeout=300) as response, partial.open("wb") as out:
            shutil.copyfileobj(response, out)
        partial.replace(path)
    if hashlib.sha256(path.read_bytes()).hexdigest() != wheel.sha256:
        path.unlink()
        raise SystemExit(
            f"{wheel.filename}: sha256 differs from the lock's; removed from the cache, try again"
        )
    return path


def obtain(dist: Dist, cache: Path) -> Path:
    """The wheel of ``dist``: downloaded, or built once from the source distribution into the cache.
    A built wheel must be pure Python, since the bundles of every platform share it."""
    path = download(dist, cache)
    if dist.is_wheel:
        return path
    built = cache / "built" / dist.sha256
    if not any(built.glob("*.whl")):
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(built), str(path)],
            check=True,
        )
    (wheel,) = built.glob("*.whl")
    if not wheel.name.endswith("-none-any.whl"):
        raise SystemExit(f"{dist.filename}: builds a platform wheel ({wheel.name}); it cannot be bundled")
    return wheel


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def requirements_text(pinned: list[tuple[Locked, Path]]) -> str:
    """The lock's entries with the sha256 of their files in the bundle (--require-hashes)."""
    header = (
        "# The packages of requirements.lock for this platform, with the sha256 of each file in wheels/.\n"
    )
    return header + "".join(f"{entry.requirement} --hash=sha256:{sha256(path)}\n" for entry, path in pinned)


def project_wheel(out: Path) -> Path:
    """The project's wheel, built from a copy of the checkout's files (tracked and new, not ignored),
    so that stale files of an earlier build/ never get in."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    with tempfile.TemporaryDirectory(prefix="xnplan-wheel-") as tmp:
        for name in filter(None, listed.split("\0")):
            source = ROOT / name
            if source.is_file():
                (Path(tmp) / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, Path(tmp) / name)
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), tmp],
            check=True,
        )
    (wheel,) = out.glob("xnplan-*.whl")
    return wheel


def place(source: Path, folder: Path) -> None:
    """A hard link where the file system allows it (the cache and the bundle share a disk), else a copy."""
    target = folder / source.name
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_text(path: Path, text: str, *, bom: bool = False, crlf: bool = False) -> None:
    if crlf:
        text = text.replace("\n", "\r\n")
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8"))


def assemble(target: Target, pinned: list[tuple[Locked, Path]], project: Path, folder: Path) -> None:
    """The bundle folder of one target."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "wheels").mkdir(parents=True)
    for wheel in [*(path for _, path in pinned), project]:
        place(wheel, folder / "wheels")
    (folder / "requirements.txt").write_text(requirements_text(pinned), encoding="utf-8")
    (folder / "examples").mkdir()
    shutil.copy2(EXAMPLE, folder / "examples" / EXAMPLE.name)
    for guide_page in GUIDES:
        shutil.copy2(guide_page, folder / guide_page.name)
    guide = (SCRIPTS / "安装说明.txt").read_text(encoding="utf-8")
    if target.windows:
        # Windows PowerShell 5.1 reads a script without a BOM in the ANSI code page: the BOM keeps
        # the Chinese.
        write_text(
            folder / "install.ps1", (SCRIPTS / "install.ps1").read_text(encoding="utf-8"), bom=True, crlf=True
        )
        write_text(folder / "install.bat", (SCRIPTS / "install.bat").read_text(encoding="utf-8"), crlf=True)
        write_text(folder / "安装说明.txt", guide, bom=True, crlf=True)
    else:
        write_text(folder / "install.sh", (SCRIPTS / "install.sh").read_text(encoding="utf-8"))
        (folder / "install.sh").chmod(0o755)
        write_text(folder / "安装说明.txt", guide)


def archive(folder: Path, windows: bool) -> Path:
    made = shutil.make_archive(str(folder), "zip" if windows else "gztar", folder.parent, folder.name)
    return Path(made)


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "bundle")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="default: all three")
    parser.add_argument("--index", default=INDEX, help="a PEP 691 simple index (default: PyPI)")
    parser.add_argument("--cache", type=Path, default=None, help="wheel cache (default: the user's cache)")
    parser.add_argument("--no-archive", action="store_true", help="folders only, no .tar.gz/.zip")
    args = parser.parse_args(argv)
    targets = [TARGETS[name] for name in (args.target or TARGETS)]
    cache = args.cache or default_cache()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    entries = read_lock()
    table = availability(entries, targets, args.index)
    (out / "availability.md").write_text(availability_markdown(table, targets), encoding="utf-8")
    missing = [
        (package, name) for package, row in table.items() for name, found in row.items() if found is None
    ]
    for package, name in missing:
        print(f"缺少 wheel（no wheel）：{package} for {name}", file=sys.stderr)
    print(f"{len(entries)} locked packages; availability: {out / 'availability.md'}")
    if missing:
        return 1

    with tempfile.TemporaryDirectory(prefix="xnplan-project-wheel-") as tmp:
        project = project_wheel(Path(tmp))
        version = parse_wheel_filename(project.name)[1]
        for target in targets:
            chosen = [(entry, table[entry.key][target.name]) for entry in entries]
            needed = [(entry, dist) for entry, dist in chosen if isinstance(dist, Dist)]
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                paths = list(pool.map(lambda pair: obtain(pair[1], cache), needed))
            pinned = [(entry, path) for (entry, _), path in zip(needed, paths, strict=True)]
            folder = out / f"xnplan-{version}-{target.name}"
            assemble(target, pinned, project, folder)
            made = archive(folder, target.windows) if not args.no_archive else folder
            print(
                f"{target.name}: {len(pinned) + 1} wheels, folder {size_mb(folder):.0f} MB"
                + ("" if args.no_archive else f", {made.name} {size_mb(made):.0f} MB")
            )
    return 0


def default_cache() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("xnplan", appauthor=False)) / "bundle-wheels"


if __name__ == "__main__":
    sys.exit(main())
