"""xnplan: the Xianning civil-affairs 14th Five-Year Plan as tidy, validated tables.

Public API: :func:`parse_plan` reads the raw text into a :class:`Plan`; :func:`load` reads the
processed tables back into the same :class:`Plan`.

The heavy names (pandas, pandera behind Plan, parse_plan and load) are imported on first use, so
commands that need none of them (``xnplan reports`` with every report up to date, ``--help``) start
in a fraction of the time.

``__version__`` is the installed distribution's version, whose one source is pyproject.toml; it is
read on first use too (importlib.metadata takes about 0.1 s to find it).
"""

from importlib import import_module

from xnplan.errors import InputValidationError, ParameterError, PlanParseError, XnplanError

_LAZY = {"Plan": "plan", "parse_plan": "store.assemble", "load": "store.files"}

__all__ = [
    "InputValidationError",
    "ParameterError",
    "Plan",
    "PlanParseError",
    "XnplanError",
    "load",
    "parse_plan",
]


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import version

        globals()[name] = version(__name__)
        return globals()[name]
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | {"__version__"})
