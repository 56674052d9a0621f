"""xnplan: the Xianning civil-affairs 14th Five-Year Plan as tidy, validated tables.

Public API: :func:`parse_plan` reads the raw text into a :class:`Plan`; :func:`load` reads the
processed tables back into the same :class:`Plan`.
"""

from .errors import InputValidationError, ParameterError, PlanParseError, XnplanError
from .plan import Plan, parse_plan
from .store import load

__version__ = "0.1.0"

__all__ = [
    "InputValidationError",
    "ParameterError",
    "Plan",
    "PlanParseError",
    "XnplanError",
    "load",
    "parse_plan",
]
