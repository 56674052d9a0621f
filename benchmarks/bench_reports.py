"""Benchmark of `xnplan reports` against what a user would otherwise do.

Times, each into a fresh temporary output directory (the real reports/ is never touched):

1. a cold full run with ``--jobs 1``;
2. a cold full run with the default number of jobs (every core);
3. a no-change rerun of (2), which should skip everything;
4. a plain sequential loop over the same report set: one ``papermill -k xnplan`` command per report
   with the same parameters, then ``jupyter nbconvert --to html --no-input`` on its output.

Everything runs on a snapshot of the project (xnplan/, notebooks/, data/) in a temporary directory,
imported through PYTHONPATH, so edits made to the checkout meanwhile cannot invalidate the cache
between the cold run and the rerun.

Prints the times, the ratios against the aims of issue 6 (cold run >= 1.6x faster than the loop,
rerun < 5 % of a cold run) and the peak memory of each batch: the largest sum of the resident set
sizes of the batch process and all its descendants (workers, kernels), sampled from /proc every
50 ms, plus ``ru_maxrss`` of the largest single process.

The real notebooks (notebooks/) are used when every notebook of the report set exists and
data/processed/ has been built; otherwise, or with ``--stand-ins``, stand-in notebooks that import
pandas and matplotlib, build a table and draw a chart are generated, and the output says so.

    .venv/bin/python benchmarks/bench_reports.py [--stand-ins] [--keep]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from xnplan.runner.batch import default_jobs  # noqa: E402
from xnplan.runner.key import KeyMaker  # noqa: E402
from xnplan.runner.reportset import default_report_set  # noqa: E402

GIB = 1024**3

STAND_IN_CELLS = [
    "import matplotlib\nimport matplotlib.pyplot as plt\nimport numpy as np\nimport pandas as pd",
    "rng = np.random.default_rng(len(str(county)) + int(assessment_year))\n"
    "frame = pd.DataFrame({'category': [f'c{i}' for i in range(12)], 'value': rng.gamma(2, 1000, 12)})\n"
    "frame.describe()",
    "fig, ax = plt.subplots(figsize=(8, 4))\nax.bar(frame['category'], frame['value'])\n"
    "ax.set_ylabel('value (10k yuan)')\nplt.show()",
    "frame.sort_values('value', ascending=False).head(8)",
    # the downloads contract: the runner fails a report whose notebook writes no manifest
    "import json, pathlib\nfolder = pathlib.Path(downloads_dir)\nfolder.mkdir(parents=True, exist_ok=True)\n"
    "frame.to_csv(folder / 'table-01.csv')\n(folder / 'manifest.json').write_text(json.dumps({}))",
]
STAND_IN_PARAMETERS = (
    'county = "咸安区"  # county\nassessment_year = 2023  # assessment year\n'
    'observations = ""  # observations file\nproject_status = ""  # project status file\n'
    'downloads_dir = ""\ndownloads_href = ""'
)


def write_stand_ins(folder: Path, notebooks: set[str]) -> None:
    """Notebooks with the report set's parameters doing typical work: pandas, a chart, tables."""
    for name in notebooks:
        nb = nbformat.v4.new_notebook()
        tagged = nbformat.v4.new_code_cell(STAND_IN_PARAMETERS)
        tagged.metadata["tags"] = ["parameters"]
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# {name}"),
            tagged,
            *map(nbformat.v4.new_code_cell, STAND_IN_CELLS),
        ]
        nb.metadata["kernelspec"] = {
            "name": "xnplan",
            "display_name": "Python (xnplan)",
            "language": "python",
        }
        nbformat.write(nb, folder / f"{name}.ipynb")


def tree_rss(root_pid: int) -> int:
    """Resident bytes of ``root_pid`` and all its descendants, read from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:  # the process ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(statm[1]) * page
    total, stack = 0, [root_pid]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def snapshot(target: Path, *, notebooks: bool) -> Path:
    """Copy the library, the data and (if wanted) the notebooks; the copy is the project root."""
    shutil.copytree(ROOT / "xnplan", target / "xnplan", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", target / "data")
    if notebooks:
        shutil.copytree(
            ROOT / "notebooks", target / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
    else:
        (target / "notebooks").mkdir()
    return target


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, the whole process tree
    output: str
    returncode: int


def timed(cmd: list[str], env: dict[str, str], *, check: bool = True) -> Run:
    """Run ``cmd``, sampling the resident memory of its process tree."""
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=env["XNPLAN_ROOT"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    text, _ = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if check and proc.returncode != 0:
        print(text)
        raise SystemExit(f"{' '.join(cmd[:4])} … exited with {proc.returncode}")
    return Run(seconds, peak, text, proc.returncode)


def papermill_loop(specs, keys: KeyMaker, notebooks: Path, out: Path, env: dict[str, str]):
    """What a user would do by hand: papermill, then nbconvert, one report after the other."""
    total, peak = 0.0, 0
    for spec in specs:
        executed = out / f"{spec.slug}.ipynb"
        cmd = [
            str(BIN / "papermill"),
            str(notebooks / f"{spec.notebook}.ipynb"),
            str(executed),
            "-k",
            "xnplan",
            "--cwd",
            str(notebooks),
            "--no-progress-bar",
        ]
        # the same work as the batch: the tables and charts written beside the page
        downloads = {"downloads_dir": str(out / f"{spec.slug}_files"), "downloads_href": f"{spec.slug}_files"}
        for name, value in {**keys.resolve_parameters(spec), **downloads}.items():
            cmd += ["-p", name, str(value)]
        for run in (
            timed(cmd, env),
            timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], env),
        ):
            total += run.seconds
            peak = max(peak, run.peak_rss)
    return total, peak


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stand-ins", action="store_true", help="use generated stand-in notebooks")
    parser.add_argument("--keep", action="store_true", help="keep the temporary output directories")
    args = parser.parse_args()

    specs = default_report_set()
    needed = {s.notebook for s in specs}
    real = all((ROOT / "notebooks" / f"{n}.ipynb").exists() for n in needed) and not args.stand_ins
    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    project = snapshot(work / "project", notebooks=real)
    notebooks = project / "notebooks"
    if not real:
        write_stand_ins(notebooks, needed)
    kind = "real notebooks/" if real else "STAND-IN notebooks (pandas + a matplotlib chart)"
    env = dict(
        os.environ,
        XNPLAN_ROOT=str(project),
        PYTHONPATH=os.pathsep.join([str(project), *filter(None, [os.environ.get("PYTHONPATH")])]),
    )
    xnplan = [sys.executable, "-m", "xnplan.cli"]
    if not (project / "data" / "processed" / "datapackage.json").exists():
        timed([*xnplan, "build"], env)
    keys = KeyMaker(project, notebooks)

    def reports(out: Path, *extra: str) -> list[str]:
        return [*xnplan, "reports", "--out", str(out), "--notebooks", str(notebooks), "--no-progress", *extra]

    print(f"{len(specs)} reports from {kind}; {default_jobs()} cores; load average {os.getloadavg()[0]:.1f}")
    # Warm-up, not timed: compiled bytecode and the OS file cache, which every variant then shares.
    timed(reports(work / "warmup", "--only", specs[0].slug), env, check=False)

    def batch(name: str, out: Path, *extra: str) -> Run:
        run = timed(reports(out, *extra), env, check=False)
        if run.returncode != 0 or name == "rerun" and " 0 built" not in run.output:
            print(f"{name}: exit {run.returncode}\n{run.output}")
        return run

    one = batch("jobs 1", work / "jobs1", "--jobs", "1")
    cold = batch("cold", work / "default")
    rerun = batch("rerun", work / "default")
    (work / "loop").mkdir()
    loop_seconds, loop_peak = papermill_loop(specs, keys, notebooks, work / "loop", env)

    print(f"\n{'variant':<36} {'seconds':>8} {'peak MiB':>9}")
    for name, seconds, rss in (
        ("xnplan reports --jobs 1 (cold)", one.seconds, one.peak_rss),
        (f"xnplan reports (cold, {default_jobs()} jobs)", cold.seconds, cold.peak_rss),
        ("xnplan reports, no change", rerun.seconds, rerun.peak_rss),
        ("papermill + nbconvert loop", loop_seconds, loop_peak),
    ):
        print(f"{name:<36} {seconds:>8.1f} {rss / 2**20:>9.0f}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"\nlargest single process (ru_maxrss): {largest / 2**20:.0f} MiB")
    speedup, share = loop_seconds / cold.seconds, rerun.seconds / cold.seconds
    peak = max(one.peak_rss, cold.peak_rss)
    print(f"loop / cold run:        {speedup:5.2f}x  (aim >= 1.6x)   {verdict(speedup >= 1.6)}")
    print(f"loop / cold --jobs 1:   {loop_seconds / one.seconds:5.2f}x")
    print(f"rerun / cold run:       {100 * share:5.1f} %  (aim < 5 %)    {verdict(share < 0.05)}")
    print(f"peak memory of a batch: {peak / GIB:5.2f} GiB (aim < 2 GiB) {verdict(peak < 2 * GIB)}")
    if args.keep:
        print(f"outputs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
