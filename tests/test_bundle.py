"""The offline bundle for linux x86_64, end to end: ``tools/bundle.py`` builds it, its ``install.sh``
installs it into a fresh environment without network, and the evaluator's commands run from the
installed package in a folder outside the checkout whose path has Chinese characters and spaces.

No network: a network namespace without interfaces (``unshare -n``) where the test may make one
(root), else pip's ``--no-index`` alone (PIP_NO_INDEX=1). The machine's pip configuration is not
read. Two to three minutes (wheels cached after the first build), so it runs only when
XNPLAN_TEST_BUNDLE=1 (``make test-bundle``, a step of .ci/run).
"""

from __future__ import annotations

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

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(
        os.environ.get("XNPLAN_TEST_BUNDLE") != "1",
        reason="builds and installs the offline bundle (2–3 min): make test-bundle",
    ),
]


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


def test_install_checks_itself(installed: Installed) -> None:
    assert "检查通过" in installed.install_output
    assert "安装完成" in installed.install_output


def test_the_bundle_holds_the_example_and_a_wheel_with_the_plan(installed: Installed) -> None:
    assert (installed.bundle / "examples" / EXAMPLE.name).read_bytes() == EXAMPLE.read_bytes()
    (wheel,) = (installed.bundle / "wheels").glob("xnplan-*.whl")
    assert wheel.name == f"xnplan-{xnplan.__version__}-py3-none-any.whl"


def test_load_in_another_folder_reads_the_tables_built_into_the_user_cache(installed: Installed) -> None:
    python = str(installed.env_dir / "bin" / "python")
    shown = installed.run(python, "-c", "import xnplan; print(len(xnplan.load().projects))")
    assert shown.stdout.strip() == "331"  # 附件2 lists 331 projects (data/processed/projects.csv)
    cache = Path(installed.environ["XDG_CACHE_HOME"]) / "xnplan" / xnplan.__version__ / "processed"
    assert (cache / "datapackage.json").is_file()
    where = installed.run(python, "-c", "import xnplan.paths as p; print(p.INSTALLED, p.RAW_DIR)")
    assert where.stdout.split()[0] == "True"
    assert "site-packages" in where.stdout


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


def test_assess_without_a_folder_writes_under_the_working_directory(installed: Installed) -> None:
    example = installed.bundle / "examples" / EXAMPLE.name
    installed.xnplan("assess", "--year", "2023", "--observations", str(example))
    written = installed.work / "reports" / "assessment-2023"
    assert (written / "咸宁市民政事业十四五规划2023年中期评估报告.docx").is_file()
