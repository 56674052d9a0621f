"""Exceptions raised by xnplan; every one derives from XnplanError, and every class is here.

A class says what went wrong; its message says where (the file, line, row or column) and what was
expected, Chinese first. The command line prints the message of any XnplanError as one line of
error, without a traceback.
"""

from __future__ import annotations


class XnplanError(Exception):
    """Base class for all errors xnplan raises on purpose."""


# --- the plan text and the curated files -----------------------------------------------------------


class PlanParseError(XnplanError):
    """The plan text does not have the shape the parser expects.

    The message names the file, the 1-based line and the cells around it, so that a reader can open
    the file at that line and see what went wrong.
    """

    def __init__(
        self,
        message: str,
        *,
        path: object = None,
        line: int | None = None,
        context: list[tuple[int, str]] | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.context = context or []
        where = (
            f"{path}:{line}: "
            if path is not None and line is not None
            else (f"{path}: " if path is not None else "")
        )
        text = where + message
        if self.context:
            shown = "\n".join(f"    {n:>5} | {cell}" for n, cell in self.context)
            text += "\n  该行及前后各行（cells around it）：\n" + shown
        super().__init__(text)


class InputFileError(XnplanError):
    """An input file cannot be used: an evaluator's observations or project status, or a curated file
    of data/raw/. The message names the file."""


class InputValidationError(InputFileError):
    """An input file has problems; all are listed, each with its row or line."""

    def __init__(self, path: object, problems: list[str]) -> None:
        self.path = path
        self.problems = list(problems)
        listing = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"{path}：有以下问题，未写入任何文件 (problems found; nothing was written):\n{listing}"
        )


class CuratedFileError(InputValidationError):
    """A curated file of data/raw/ is missing or has problems; every problem is listed with its line."""


class BoundaryError(XnplanError):
    """A vendored boundary file (data/raw/boundaries/) is missing or not what the maps expect."""

    def __init__(self, path: object, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


# --- values and parameters -------------------------------------------------------------------------


class ParameterError(XnplanError):
    """A notebook or CLI parameter is not one of the valid values."""


class UnknownCountyError(ParameterError):
    """A name that is no county-level unit nor an alias of one; ``name`` is the name as given."""

    def __init__(self, message: str, name: object) -> None:
        super().__init__(message)
        self.name = name


class UnitError(XnplanError):
    """Two units that are not the same quantity."""


# --- the processed tables --------------------------------------------------------------------------


class ProcessedTablesError(XnplanError):
    """data/processed/ cannot be read as the plan's tables; the message says to run ``xnplan build``."""


class TablesMissingError(ProcessedTablesError):
    """The folder, a table or datapackage.json is missing."""


class IntegrityError(ProcessedTablesError):
    """A file differs from the sha256 datapackage.json records for it, the record is unreadable, or
    the tables do not read back as they were written."""


class StaleTablesError(ProcessedTablesError):
    """The tables do not match the current schemas: an older build."""


# --- output folders and files -------------------------------------------------------------------


class LockHeldError(XnplanError):
    """Another process holds a lock this one needs (a build, a report batch, an assessment)."""


class OutputFolderError(XnplanError):
    """An output folder cannot take what a command writes: it is a file, it belongs to another tool,
    or it holds files of the user's where the command would write."""


class OutputWriteError(XnplanError):
    """The operating system refused to write an output (read-only folder, full disk …); the previous
    output is left as it was."""


class SheetError(XnplanError):
    """A table cannot be written as the spreadsheet it describes: a sheet name Excel refuses, a
    duplicated header, a value no cell can hold. The message names the sheet, column and row."""


class DocumentModelError(XnplanError, ValueError):
    """A block of a document (``xnplan.assess.document``) is malformed: the composer's mistake."""


class PageTemplateError(XnplanError):
    """The report page template (xnplan/htmlpage.py) lacks a part the page is built from."""


class NotebookUnreadable(XnplanError):
    """A report's notebook is missing or is not notebook JSON; the message says which."""


class ReportSetError(XnplanError):
    """The report set cannot be read: reports.toml is missing, not TOML, or a key is missing or wrong;
    or a report is in a group the landing page does not have, or two reports share a slug."""


class OutputFileError(XnplanError):
    """A file a command writes cannot go where it was asked to: a folder has that name, its suffix is
    not one the command writes, its folder is missing, it exists and may not be replaced without
    ``--force``, or the operating system refuses to write it."""


class ReportPageError(XnplanError):
    """The HTML page of an assessment could not be made: its notebook failed, or no kernel ran it."""


class CatalogueError(XnplanError):
    """The indicator catalogue contradicts itself: an observation id filed under two units."""


class InputValueError(XnplanError):
    """A value written in an evaluator's file is not one its column takes; the message says why,
    in Chinese and then in English."""


class TableContentError(XnplanError):
    """A table a report reads lacks a row, a column or a value the report needs: it is not the table
    ``xnplan build`` writes, or not the frame the report function expects."""


class DisplayLabelError(XnplanError):
    """A column shown in a report table has no display label (``xnplan.report.present``), so its
    header would go out without its unit; or a table given to ``xnplan.labelled`` carries no labels."""


class MapError(XnplanError):
    """A map cannot be drawn from the values given: a name that is not one of the six counties, a
    county given twice, or a class without a colour."""


class FontError(XnplanError):
    """The CJK font the charts need is missing: the mplfonts package, or its font file."""
