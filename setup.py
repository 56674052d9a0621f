"""The wheel carries the checkout's plan text, curated files and notebooks as package data.

They live outside the package in a checkout (``data/raw/``, ``notebooks/``); building the wheel
copies them into ``xnplan/_project/`` with the same layout, where :mod:`xnplan.paths` finds them
when no checkout is around. An editable install reads them from the checkout and copies nothing.
Everything else is declared in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# folder of the checkout → glob of the files the installed commands need (build, template, check,
# assess and reports: the plan text, curated files, county boundaries, the example observations and
# the notebooks the pages run, and the report set declaring them)
SHIPPED = {"data/raw": "**/*", "notebooks": "*.ipynb", ".": "reports.toml"}
TARGET = Path("xnplan", "_project")


def project_files() -> list[Path]:
    return sorted(p for folder, pattern in SHIPPED.items() for p in Path(folder).glob(pattern) if p.is_file())


class BuildWithProjectFiles(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for source in project_files():
            target = Path(self.build_lib, TARGET, source)
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        extra = [] if self.editable_mode else [str(Path(self.build_lib, TARGET, p)) for p in project_files()]
        return super().get_outputs(include_bytecode) + extra


setup(cmdclass={"build_py": BuildWithProjectFiles})
