"""The offline bundle (tools/bundle.py).

Fast: which locked packages each platform needs, and which file of the index is chosen for it.

End to end (marked ``bundle``): the linux x86_64 bundle built, its ``install.sh`` installing it into a
fresh environment without network, and the evaluator's commands run from the installed package in a
folder outside the checkout whose path has Chinese characters and spaces. No network: a network
namespace without interfaces (``unshare -n``) where the test may make one (root), else pip's
``--no-index`` alone (PIP_NO_INDEX=1). The machine's pip configuration is not read. Two to four
minutes (wheels cached after the first build), so these run only when XNPLAN_TEST_BUNDLE=1
(``make test-bundle``, a step of .ci/run).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import xnplan

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "raw" / "observations" / "observations_public.csv"

SKIP = "builds and installs the offline bundle (2–4 min): make test-bundle"


def _load_tool():
    spec = importlib.util.spec_from_file_location("bundle_tool", ROOT / "tools" / "bundle.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tool = _load_tool()
LINUX, ARM, WINDOWS = (tool.TARGETS[name] for name in ("linux-x86_64", "linux-aarch64", "windows-amd64"))


def _locked(name: str) -> list:
    return [entry for entry in tool.read_lock() if entry.name == name]


# --- which packages, which files ------------------------------------------------------------------


def test_the_lock_is_read_whole() -> None:
    entries = tool.read_lock()
    # one entry per `name==version` line of requirements.lock
    pins = [
        line
        for line in tool.LOCK.read_text(encoding="utf-8").splitlines()
        if "==" in line[:80] and not line.startswith((" ", "#"))
    ]
    assert len(entries) == len(pins)
    (colorama,) = _locked("colorama")
    assert colorama.version == "0.4.6"
    assert len(colorama.hashes) == 2  # requirements.lock lists two files of colorama 0.4.6


def _needs(marker: str) -> list[bool]:
    requirement = tool.Requirement(f"demo==1.0 ; {marker}")
    return [target.needs(requirement) for target in (LINUX, ARM, WINDOWS)]


def test_each_platform_needs_what_its_markers_say() -> None:
    # the markers of colorama, pexpect, pywinpty and appnope in requirements.lock
    assert _needs("sys_platform == 'win32'") == [False, False, True]
    assert _needs("sys_platform != 'emscripten' and sys_platform != 'win32'") == [True, True, False]
    assert _needs("os_name == 'nt'") == [False, False, True]
    assert _needs("sys_platform == 'darwin'") == [False, False, False]
    assert _needs("platform_machine == 'aarch64'") == [False, True, False]


def test_both_ends_of_python_311_are_carried() -> None:
    # the lock may pin a package twice, below 3.11.5 and from it (soupsieve); pip picks by the PC's
    # version, so both go in; a 3.12-only pin does not
    assert _needs("python_full_version < '3.11.5'") == [True, True, True]
    assert _needs("python_full_version >= '3.11.5'") == [True, True, True]
    assert _needs("python_full_version == '3.12.*'") == [False, False, False]


def _dist(filename: str, sha: str):
    return tool.Dist(filename, f"https://files.example/{filename}", sha)


def test_the_best_locked_wheel_for_the_platform_is_chosen() -> None:
    (entry,) = _locked("colorama")
    locked = sorted(entry.hashes)
    files = [
        _dist("colorama-0.4.6-py2.py3-none-any.whl", locked[0]),
        _dist("colorama-0.4.6-cp311-cp311-win_amd64.whl", "not-in-the-lock"),
        _dist("colorama-0.4.6.tar.gz", locked[1]),
    ]
    # the platform wheel's hash is not in the lock, so the pure wheel is taken, not the sdist
    assert tool.choose(entry, files, WINDOWS) == files[0]
    assert tool.choose(entry, files[2:], WINDOWS) == files[2]  # sdist only: built into a wheel
    assert tool.choose(entry, files[1:2], WINDOWS) is None


def test_manylinux_wheels_up_to_glibc_2_28_fit_and_newer_ones_do_not() -> None:
    entry = tool.Locked(tool.Requirement("demo==1.0"), frozenset({"a", "b", "c"}))
    old = _dist("demo-1.0-cp311-cp311-manylinux2014_x86_64.whl", "a")
    new = _dist("demo-1.0-cp311-cp311-manylinux_2_34_x86_64.whl", "b")
    arm = _dist("demo-1.0-cp311-cp311-manylinux_2_28_aarch64.whl", "c")
    assert tool.choose(entry, [new, old, arm], LINUX) == old
    assert tool.choose(entry, [new], LINUX) is None  # 统信UOS 20 / 银河麒麟 V10 have glibc 2.28
    assert tool.choose(entry, [new, old, arm], ARM) == arm
    assert tool.choose(entry, [old, arm], WINDOWS) is None


def test_the_availability_table_names_what_is_missing() -> None:
    entry = tool.Locked(tool.Requirement("demo==1.0"), frozenset({"a"}))
    wheel = _dist("demo-1.0-cp311-cp311-win_amd64.whl", "a")
    table = {entry.key: {LINUX.name: None, WINDOWS.name: wheel}}
    text = tool.availability_markdown(table, [LINUX, WINDOWS])
    assert "| demo==1.0 | **MISSING** | win_amd64 |" in text


# --- end to end -----------------------------------------------------------------------------------


def _offline_prefix() -> list[str]:
    """A command prefix that takes the network away, or [] where this machine does not allow it."""
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return ["unshare", "-n"] if probe.returncode == 0 else []


@dataclass(frozen=True)
class Installed:
    bundle: Path
    env_dir: Path
    work: Path
    environ: dict[str, str]
    install_output: str

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*_offline_prefix(), *args],
            cwd=self.work,
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=600,
            check=check,
        )

    def xnplan(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.env_dir / "bin" / "xnplan"), *args)


def _clean_environ(base: Path) -> dict[str, str]:
    """No checkout, no machine-wide pip or Jupyter configuration, caches inside ``base``."""
    keep = {
        k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "XNPLAN_", "JUPYTER", "VIRTUAL_ENV"))
    }
    return {
        **keep,
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "XDG_CACHE_HOME": str(base / "缓存"),
        "XDG_DATA_HOME": str(base / "数据"),
        "JUPYTER_DATA_DIR": str(base / "数据" / "jupyter"),
        "JUPYTER_CONFIG_DIR": str(base / "配置" / "jupyter"),
        "PATH": os.pathsep.join(p for p in keep["PATH"].split(os.pathsep) if ".venv" not in p),
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("bundle") / "离线 安装"
    base.mkdir()
    out = base / "安装 包"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "bundle.py"), "--target", "linux-x86_64", "--no-archive"]
        + ["--out", str(out)],
        check=True,
    )
    (bundle,) = out.glob("xnplan-*-linux-x86_64")
    work = base / "评估 工作"
    work.mkdir()
    environ = _clean_environ(base)
    env_dir = base / "环 境"
    done = Installed(bundle, env_dir, work, environ, "")
    result = done.run("sh", str(bundle / "install.sh"), str(env_dir))
    return Installed(bundle, env_dir, work, environ, result.stdout + result.stderr)


@pytest.mark.bundle
@pytest.mark.skipif(os.environ.get("XNPLAN_TEST_BUNDLE") != "1", reason=SKIP)
def test_install_checks_itself(installed: Installed) -> None:
    assert "检查通过" in installed.install_output
    assert "安装完成" in installed.install_output


@pytest.mark.bundle
@pytest.mark.skipif(os.environ.get("XNPLAN_TEST_BUNDLE") != "1", reason=SKIP)
def test_the_bundle_holds_the_example_and_a_wheel_with_the_plan(installed: Installed) -> None:
    assert (installed.bundle / "examples" / EXAMPLE.name).read_bytes() == EXAMPLE.read_bytes()
    guide = (installed.bundle / "评估人使用说明.md").read_text(encoding="utf-8")
    assert "## 六、安装（离线安装包）" in guide
    assert (installed.bundle / "输入文件要求.md").is_file()  # the guide links it
    (wheel,) = (installed.bundle / "wheels").glob("xnplan-*.whl")
    assert wheel.name == f"xnplan-{xnplan.__version__}-py3-none-any.whl"


@pytest.mark.bundle
@pytest.mark.skipif(os.environ.get("XNPLAN_TEST_BUNDLE") != "1", reason=SKIP)
def test_load_in_another_folder_reads_the_tables_built_into_the_user_cache(installed: Installed) -> None:
    python = str(installed.env_dir / "bin" / "python")
    shown = installed.run(python, "-c", "import xnplan; print(len(xnplan.load().projects))")
    assert shown.stdout.strip() == "331"  # 附件2 lists 331 projects (data/processed/projects.csv)
    cache = Path(installed.environ["XDG_CACHE_HOME"]) / "xnplan" / xnplan.__version__ / "processed"
    assert (cache / "datapackage.json").is_file()
    where = installed.run(python, "-c", "import xnplan.paths as p; print(p.INSTALLED, p.RAW_DIR)")
    assert where.stdout.split()[0] == "True"
    assert "site-packages" in where.stdout


@pytest.mark.bundle
@pytest.mark.skipif(os.environ.get("XNPLAN_TEST_BUNDLE") != "1", reason=SKIP)
def test_template_check_and_assess_run_on_the_example_files(installed: Installed) -> None:
    template = installed.work / "观测 值.xlsx"
    installed.xnplan("template", "observations", "--year", "2023", "--out", str(template))
    assert template.is_file()
    example = installed.bundle / "examples" / EXAMPLE.name
    checked = installed.xnplan("check", str(example))
    assert "检查通过" in checked.stdout
    out = installed.work / "评估 结果"
    installed.xnplan("assess", "--year", "2023", "--observations", str(example), "--out", str(out))
    stem = "咸宁市民政事业十四五规划2023年中期评估报告"
    for name in (f"{stem}.docx", f"{stem}-数据表.xlsx", f"{stem}.html"):
        assert (out / name).stat().st_size > 10_000, name
    assert "中期评估" in (out / f"{stem}.html").read_text(encoding="utf-8")
    assert any((out / "assessment-2023_files").iterdir())


@pytest.mark.bundle
@pytest.mark.skipif(os.environ.get("XNPLAN_TEST_BUNDLE") != "1", reason=SKIP)
def test_assess_without_a_folder_writes_under_the_working_directory(installed: Installed) -> None:
    example = installed.bundle / "examples" / EXAMPLE.name
    installed.xnplan("assess", "--year", "2023", "--observations", str(example))
    written = installed.work / "reports" / "assessment-2023"
    assert (written / "咸宁市民政事业十四五规划2023年中期评估报告.docx").is_file()
