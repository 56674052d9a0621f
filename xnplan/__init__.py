"""xnplan: the Xianning civil-affairs 14th Five-Year Plan as tidy, validated tables.

Public API: :func:`load` reads the processed tables (data/processed/) into a :class:`Plan` whose
tables are ready for analysis: a missing text is ``pd.NA``, counties are ordered categoricals in the
plan's order, and each table's ``attrs`` holds its Chinese title and, per column, the Chinese label,
unit and description; :func:`labelled` gives a copy of a table under its Chinese labels.
``help(xnplan.Plan)`` lists every table and column. :func:`parse_plan` reads the raw text into a
Plan in the stage form the checks, assessment and reports work on (``xnplan.store.load()`` reads
that form back: a missing text is ``""``).

The heavy names (pandas, pandera behind Plan, parse_plan and load) are imported on first use, so
commands that need none of them (``xnplan reports`` with every report up to date, ``--help``) start
in a fraction of the time.

``__version__`` is the installed distribution's version, whose one source is pyproject.toml; it is
read on first use too (importlib.metadata takes about 0.1 s to find it).
"""

from importlib import import_module

from xnplan.errors import InputValidationError, ParameterError, PlanParseError, XnplanError

# public name → the module that defines it, under the same name unless _RENAMED says otherwise
_LAZY = {
    "Plan": "plan",
    "parse_plan": "store.assemble",
    "load": "store.files",
    "labelled": "store.forms",
    "store": "store",  # the subpackage itself: ``xnplan.store.load()`` after a bare ``import xnplan``
}
_RENAMED = {"load": "load_for_analysis", "store": ""}

__all__ = [
    "InputValidationError",
    "ParameterError",
    "Plan",
    "PlanParseError",
    "XnplanError",
    "labelled",
    "load",
    "parse_plan",
]


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import version

        globals()[name] = version(__name__)
        return globals()[name]
    if name in _LAZY:
        module = import_module(f".{_LAZY[name]}", __name__)
        attribute = _RENAMED.get(name, name)
        value = getattr(module, attribute) if attribute else module
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | {"__version__"})
