"""xnplan: the Xianning civil-affairs 14th Five-Year Plan as tidy, validated tables.

Public API: :func:`parse_plan` reads the raw text into a :class:`Plan`; :func:`load` reads the
processed tables back into the same :class:`Plan`.

The heavy names (pandas, pandera behind Plan, parse_plan and load) are imported on first use, so
commands that need none of them (``xnplan reports`` with every report up to date, ``--help``) start
in a fraction of the time.
"""

from importlib import import_module

from xnplan.errors import InputValidationError, ParameterError, PlanParseError, XnplanError

__version__ = "0.1.0"

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
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
